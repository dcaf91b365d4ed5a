//! Records of the department's other work, and the aggregate figures the
//! leadership dashboard and the period report read (a few queries per period).

use chrono::NaiveDate;

use crate::db::on_pool;
use crate::{Db, Result};

/// Holidays kept as data (seeded with the known years; staff add more).
pub async fn holidays(db: &Db) -> Result<Vec<NaiveDate>> {
    Ok(on_pool!(db, p => sqlx::query_scalar("SELECT day FROM holidays ORDER BY day").fetch_all(p).await?))
}

pub async fn add_holidays(db: &Db, days: &[(NaiveDate, &str)]) -> Result<()> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        for (d, name) in days {
            sqlx::query("INSERT INTO holidays (day, name) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING").bind(d).bind(*name).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    })
}

pub async fn add_plan(
    db: &Db,
    year: i64,
    unit_id: Option<i64>,
    code: &str,
    name: &str,
    measure: &str,
    target: i64,
) -> Result<i64> {
    Ok(on_pool!(db, p => sqlx::query_scalar(
        "INSERT INTO plan_indicators (year, unit_id, code, name, measure, target) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (year, code) DO UPDATE SET target = excluded.target RETURNING id"
    ).bind(year).bind(unit_id).bind(code).bind(name).bind(measure).bind(target).fetch_one(p).await?))
}

pub async fn add_instrument_type(
    db: &Db,
    code: &str,
    name: &str,
    field: &str,
    cycles: &[(NaiveDate, i64)],
) -> Result<i64> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        let id: i64 = sqlx::query_scalar("INSERT INTO instrument_types (code, name, field) VALUES ($1, $2, $3) RETURNING id")
            .bind(code).bind(name).bind(field).fetch_one(&mut *tx).await?;
        for (from, months) in cycles {
            sqlx::query("INSERT INTO instrument_cycles (type_id, effective_from, months) VALUES ($1, $2, $3)")
                .bind(id).bind(from).bind(months).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(id)
    })
}

/// One verification to record (with its instrument).
#[derive(Debug, Clone, Default)]
pub struct NewVerification {
    pub type_id: i64,
    pub serial: String,
    /// Model, maker and year of manufacture of the instrument (when known).
    pub model: String,
    pub maker: String,
    pub made_year: Option<i64>,
    pub owner: String,
    pub district: String,
    pub verified_on: NaiveDate,
    pub certificate: Option<String>,
    pub passed: bool,
    pub valid_until: Option<NaiveDate>,
    pub verifier: String,
}

/// Records many verifications in one transaction.
pub async fn add_verifications(db: &Db, items: &[NewVerification]) -> Result<()> {
    insert_verifications(db, items, None).await
}

/// Records imported verifications in one transaction, with an audit entry.
pub async fn import_verifications(
    db: &Db,
    items: &[NewVerification],
    actor: &crate::audit::Actor,
    now: i64,
) -> Result<()> {
    insert_verifications(db, items, Some((actor, now))).await
}

async fn insert_verifications(
    db: &Db,
    items: &[NewVerification],
    audit: Option<(&crate::audit::Actor, i64)>,
) -> Result<()> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        for v in items {
            let iid: i64 = sqlx::query_scalar("INSERT INTO instruments (type_id, serial, owner, district, model, maker, made_year) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                .bind(v.type_id).bind(&v.serial).bind(&v.owner).bind(&v.district).bind(&v.model).bind(&v.maker).bind(v.made_year)
                .fetch_one(&mut *tx).await?;
            sqlx::query("INSERT INTO verifications (instrument_id, verified_on, certificate, procedure_code, verifier, passed, valid_until) \
                         VALUES ($1, $2, $3, 'ĐLVN', $4, $5, $6)")
                .bind(iid).bind(v.verified_on).bind(&v.certificate).bind(&v.verifier).bind(v.passed).bind(v.valid_until)
                .execute(&mut *tx).await?;
        }
        if let Some((actor, now)) = audit {
            crate::audit::audit!(tx, actor, now, crate::audit::Entry { action: "import", entity: "verification", summary: format!("Nhập {} kết quả kiểm định", items.len()), ..Default::default() });
        }
        tx.commit().await?;
        Ok(())
    })
}

pub async fn add_procedure(
    db: &Db,
    code: &str,
    name: &str,
    area: &str,
    working_days: i64,
    with_money: bool,
) -> Result<i64> {
    Ok(on_pool!(db, p => sqlx::query_scalar(
        "INSERT INTO procedures (code, name, area, working_days, with_money) VALUES ($1, $2, $3, $4, $5) RETURNING id"
    ).bind(code).bind(name).bind(area).bind(working_days).bind(with_money).fetch_one(p).await?))
}

pub struct NewDossier {
    pub code: String,
    pub procedure_id: i64,
    pub applicant: String,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub returned_on: Option<NaiveDate>,
    pub result: String,
    pub amount: i64,
    pub licence_until: Option<NaiveDate>,
}

pub async fn add_dossiers(db: &Db, items: &[NewDossier]) -> Result<()> {
    insert_dossiers(db, items, None).await
}

/// Records imported dossiers in one transaction, with an audit entry.
pub async fn import_dossiers(db: &Db, items: &[NewDossier], actor: &crate::audit::Actor, now: i64) -> Result<()> {
    insert_dossiers(db, items, Some((actor, now))).await
}

async fn insert_dossiers(db: &Db, items: &[NewDossier], audit: Option<(&crate::audit::Actor, i64)>) -> Result<()> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        for d in items {
            sqlx::query("INSERT INTO dossiers (code, procedure_id, applicant, received_on, due_on, returned_on, result, amount, licence_until) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .bind(&d.code).bind(d.procedure_id).bind(&d.applicant).bind(d.received_on).bind(d.due_on).bind(d.returned_on)
                .bind(&d.result).bind(d.amount).bind(d.licence_until).execute(&mut *tx).await?;
        }
        if let Some((actor, now)) = audit {
            crate::audit::audit!(tx, actor, now, crate::audit::Entry { action: "import", entity: "dossier", summary: format!("Nhập {} hồ sơ", items.len()), ..Default::default() });
        }
        tx.commit().await?;
        Ok(())
    })
}

pub struct NewInspection {
    pub subject: String,
    pub subject_kind: &'static str,
    pub district: String,
    pub on_date: NaiveDate,
    pub domain: &'static str,
    pub kind: &'static str,
    pub findings: String,
}

pub async fn add_inspections(db: &Db, items: &[NewInspection]) -> Result<()> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        for i in items {
            sqlx::query("INSERT INTO inspections (subject, subject_kind, district, on_date, domain, kind, findings) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(&i.subject).bind(i.subject_kind).bind(&i.district).bind(i.on_date).bind(i.domain).bind(i.kind).bind(&i.findings)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    })
}

pub async fn add_product(db: &Db, code: &str, name: &str, measure: &str) -> Result<i64> {
    Ok(
        on_pool!(db, p => sqlx::query_scalar("INSERT INTO products (code, name, measure) VALUES ($1, $2, $3) RETURNING id")
        .bind(code).bind(name).bind(measure).fetch_one(p).await?),
    )
}

pub async fn add_sales(db: &Db, items: &[(i64, NaiveDate, i64, i64)]) -> Result<()> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        for (product, on, qty, revenue) in items {
            sqlx::query("INSERT INTO sales (product_id, on_date, quantity, revenue) VALUES ($1, $2, $3, $4)")
                .bind(product).bind(on).bind(qty).bind(revenue).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    })
}

/// (table, kind, date, title or place, number) for the small record types.
pub async fn add_simple(db: &Db, table: &str, kind: &str, on: NaiveDate, title: &str, number: i64) -> Result<()> {
    let sql = match table {
        "centre_services" => "INSERT INTO centre_services (kind, on_date, place, participants) VALUES ($1, $2, $3, $4)",
        "outreach" => "INSERT INTO outreach (kind, on_date, title, copies) VALUES ($1, $2, $3, $4)",
        "fund_cases" => "INSERT INTO fund_cases (kind, on_date, title, amount) VALUES ($1, $2, $3, $4)",
        _ => "INSERT INTO advisory_documents (kind, on_date, title, unit_id) VALUES ($1, $2, $3, NULLIF($4, 0))",
    };
    on_pool!(db, p => { sqlx::query(sql).bind(kind).bind(on).bind(title).bind(number).execute(p).await?; });
    Ok(())
}

pub async fn add_directive(
    db: &Db,
    text: &str,
    meeting: &str,
    meeting_date: NaiveDate,
    unit_id: Option<i64>,
    deadline: Option<NaiveDate>,
) -> Result<i64> {
    Ok(on_pool!(db, p => sqlx::query_scalar(
        "INSERT INTO directives (text, meeting, meeting_date, unit_id, deadline) VALUES ($1, $2, $3, $4, $5) RETURNING id"
    ).bind(text).bind(meeting).bind(meeting_date).bind(unit_id).bind(deadline).fetch_one(p).await?))
}

// ---------- figures of a period ----------

/// Verifications done in a period per field, with the year's plan target.
pub async fn verifications_by_field(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
    year: i64,
) -> Result<Vec<(String, i64, Option<i64>)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT t.field, COUNT(v.id), (SELECT target FROM plan_indicators pi WHERE pi.year = $3 AND pi.code = 'kiem_dinh:' || t.field) \
         FROM verifications v JOIN instruments i ON i.id = v.instrument_id JOIN instrument_types t ON t.id = i.type_id \
         WHERE v.verified_on >= $1 AND v.verified_on <= $2 GROUP BY t.field ORDER BY t.field"
    ).bind(from).bind(to).bind(year).fetch_all(p).await?))
}

/// Quantities sold in a period per product, with the year's plan target.
pub async fn sales_by_product(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
    year: i64,
) -> Result<Vec<(String, String, String, i64, Option<i64>)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT pr.code, pr.name, pr.measure, CAST(COALESCE(SUM(s.quantity), 0) AS BIGINT), \
         (SELECT target FROM plan_indicators pi WHERE pi.year = $3 AND pi.code = 'ban_hang:' || pr.code) \
         FROM products pr LEFT JOIN sales s ON s.product_id = pr.id AND s.on_date >= $1 AND s.on_date <= $2 \
         GROUP BY pr.id, pr.code, pr.name, pr.measure ORDER BY pr.id"
    ).bind(from).bind(to).bind(year).fetch_all(p).await?))
}

/// Dossiers finished in a period per procedure: (area, code, name, count, amount).
pub async fn dossiers_by_procedure(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, String, String, i64, i64)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT pr.area, pr.code, pr.name, COUNT(d.id), CAST(COALESCE(SUM(d.amount), 0) AS BIGINT) FROM procedures pr \
         JOIN dossiers d ON d.procedure_id = pr.id WHERE d.returned_on >= $1 AND d.returned_on <= $2 \
         GROUP BY pr.id, pr.area, pr.code, pr.name ORDER BY pr.id"
    ).bind(from).bind(to).fetch_all(p).await?))
}

/// Inspections in a period: (kind, domain, subject kind, distinct subjects, districts).
pub async fn inspections_summary(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, String, String, i64)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT kind, domain, subject_kind, COUNT(DISTINCT subject) FROM inspections WHERE on_date >= $1 AND on_date <= $2 \
         GROUP BY kind, domain, subject_kind ORDER BY kind, domain"
    ).bind(from).bind(to).fetch_all(p).await?))
}

/// Districts where a kind of inspection took place in a period.
pub async fn inspection_districts(db: &Db, from: NaiveDate, to: NaiveDate, kind: &str) -> Result<Vec<String>> {
    Ok(on_pool!(db, p => sqlx::query_scalar(
        "SELECT DISTINCT district FROM inspections WHERE on_date >= $1 AND on_date <= $2 AND kind = $3 ORDER BY district"
    ).bind(from).bind(to).bind(kind).fetch_all(p).await?))
}

/// Counts and totals of the small record types in a period: (table, kind, records, number sum).
pub async fn simple_summary(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, String, i64, i64)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT 'centre_services', kind, COUNT(*), CAST(COALESCE(SUM(participants), 0) AS BIGINT) FROM centre_services WHERE on_date >= $1 AND on_date <= $2 GROUP BY kind \
         UNION ALL SELECT 'outreach', kind, COUNT(*), CAST(COALESCE(SUM(copies), 0) AS BIGINT) FROM outreach WHERE on_date >= $1 AND on_date <= $2 GROUP BY kind \
         UNION ALL SELECT 'fund_cases', kind, COUNT(*), CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM fund_cases WHERE on_date >= $1 AND on_date <= $2 GROUP BY kind \
         UNION ALL SELECT 'advisory_documents', kind, COUNT(*), 0 FROM advisory_documents WHERE on_date >= $1 AND on_date <= $2 GROUP BY kind"
    ).bind(from).bind(to).fetch_all(p).await?))
}

/// Directives not done: (id, text, unit, deadline).
pub async fn open_directives(db: &Db) -> Result<Vec<(i64, String, String, Option<NaiveDate>)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT d.id, d.text, COALESCE(u.name, ''), d.deadline FROM directives d LEFT JOIN units u ON u.id = d.unit_id \
         WHERE d.status <> 'xong' ORDER BY (d.deadline IS NULL), d.deadline, d.id"
    ).fetch_all(p).await?))
}

// ---------- record lists (drill-down from the dashboard) ----------

/// Verifications in a period, optionally of one field:
/// (id, date, certificate, type, serial, owner, district, passed, valid until).
#[allow(clippy::type_complexity)]
pub async fn verification_list(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
    field: &str,
) -> Result<Vec<(i64, NaiveDate, Option<String>, String, String, String, String, bool, Option<NaiveDate>)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT v.id, v.verified_on, v.certificate, t.name, i.serial, i.owner, i.district, v.passed, v.valid_until \
         FROM verifications v JOIN instruments i ON i.id = v.instrument_id JOIN instrument_types t ON t.id = i.type_id \
         WHERE v.verified_on >= $1 AND v.verified_on <= $2 AND ($3 = '' OR t.field = $3) ORDER BY v.verified_on, v.id"
    ).bind(from).bind(to).bind(field).fetch_all(p).await?))
}

/// Dossiers finished in a period, optionally of one procedure area or code:
/// (code, procedure, applicant, received, due, returned, amount, licence until).
#[allow(clippy::type_complexity)]
pub async fn dossier_list(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
    procedure: &str,
) -> Result<Vec<(String, String, String, NaiveDate, NaiveDate, Option<NaiveDate>, i64, Option<NaiveDate>)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT d.code, pr.name, d.applicant, d.received_on, COALESCE(d.new_due_on, d.due_on), d.returned_on, d.amount, d.licence_until \
         FROM dossiers d JOIN procedures pr ON pr.id = d.procedure_id \
         WHERE d.returned_on >= $1 AND d.returned_on <= $2 AND ($3 = '' OR pr.area = $3 OR pr.code = $3) ORDER BY d.returned_on, d.id"
    ).bind(from).bind(to).bind(procedure).fetch_all(p).await?))
}

/// Inspections in a period, optionally of one kind: (date, kind, domain, subject, district, findings).
pub async fn inspection_list(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
    kind: &str,
) -> Result<Vec<(NaiveDate, String, String, String, String, String)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT on_date, kind, domain, subject, district, findings FROM inspections \
         WHERE on_date >= $1 AND on_date <= $2 AND ($3 = '' OR kind = $3) ORDER BY on_date, id"
    ).bind(from).bind(to).bind(kind).fetch_all(p).await?))
}

/// Marks a directive's progress (status 'mo', 'dang_lam' or 'xong').
pub async fn update_directive(
    db: &Db,
    id: i64,
    status: &str,
    progress: &str,
    actor: &crate::audit::Actor,
    now: i64,
) -> Result<bool> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        let n = sqlx::query("UPDATE directives SET status = $1, progress = $2 WHERE id = $3")
            .bind(status).bind(progress).bind(id).execute(&mut *tx).await?.rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        crate::audit::audit!(tx, actor, now, crate::audit::Entry { action: "update", entity: "directive", entity_id: Some(id), summary: format!("Tình trạng: {status}"), after: progress.to_string(), ..Default::default() });
        tx.commit().await?;
        Ok(true)
    })
}

/// Every directive: (id, text, meeting, meeting date, unit, deadline, status, progress).
#[allow(clippy::type_complexity)]
pub async fn directives(
    db: &Db,
) -> Result<Vec<(i64, String, String, NaiveDate, String, Option<NaiveDate>, String, String)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT d.id, d.text, d.meeting, d.meeting_date, COALESCE(u.name, ''), d.deadline, d.status, d.progress \
         FROM directives d LEFT JOIN units u ON u.id = d.unit_id ORDER BY d.meeting_date DESC, d.deadline, d.id"
    ).fetch_all(p).await?))
}

/// Instruments whose latest passed verification expires between two days:
/// (owner, district, type, serial, valid until).
pub async fn instruments_due(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, String, String, String, NaiveDate)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT i.owner, i.district, t.name, i.serial, v.valid_until FROM verifications v \
         JOIN instruments i ON i.id = v.instrument_id JOIN instrument_types t ON t.id = i.type_id \
         WHERE v.passed = TRUE AND v.valid_until >= $1 AND v.valid_until <= $2 \
         AND v.verified_on = (SELECT MAX(v2.verified_on) FROM verifications v2 WHERE v2.instrument_id = v.instrument_id) \
         ORDER BY i.owner, v.valid_until"
    ).bind(from).bind(to).fetch_all(p).await?))
}

/// Radiation licences expiring between two days: (applicant, procedure, dossier code, valid until).
pub async fn licences_expiring(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, String, String, NaiveDate)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT d.applicant, pr.name, d.code, d.licence_until FROM dossiers d JOIN procedures pr ON pr.id = d.procedure_id \
         WHERE d.licence_until >= $1 AND d.licence_until <= $2 ORDER BY d.licence_until, d.applicant"
    ).bind(from).bind(to).fetch_all(p).await?))
}

/// Instrument types with their cycles, for forms.
pub async fn instrument_types(db: &Db) -> Result<Vec<(i64, String, String, Vec<(NaiveDate, i64)>)>> {
    let types: Vec<(i64, String, String)> = on_pool!(db, p => sqlx::query_as("SELECT id, name, field FROM instrument_types ORDER BY id").fetch_all(p).await?);
    let mut out = Vec::new();
    for (id, name, field) in types {
        let cycles: Vec<(NaiveDate, i64)> = on_pool!(db, p => sqlx::query_as(
            "SELECT effective_from, months FROM instrument_cycles WHERE type_id = $1 ORDER BY effective_from"
        ).bind(id).fetch_all(p).await?);
        out.push((id, name, field, cycles));
    }
    Ok(out)
}

/// Whether a certificate number is already used (by another verification than `except`).
pub async fn certificate_taken(db: &Db, certificate: &str, except: Option<i64>) -> Result<bool> {
    let n: i64 = on_pool!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM verifications WHERE certificate = $1 AND id <> $2")
        .bind(certificate).bind(except.unwrap_or(-1)).fetch_one(p).await?);
    Ok(n > 0)
}

/// One verification with its instrument, as the form shows it.
pub async fn verification(db: &Db, id: i64) -> Result<Option<NewVerification>> {
    type Row = (
        i64,
        String,
        String,
        String,
        NaiveDate,
        Option<String>,
        bool,
        Option<NaiveDate>,
        String,
        String,
        String,
        Option<i64>,
    );
    let row: Option<Row> = on_pool!(db, p => sqlx::query_as(
        "SELECT i.type_id, i.serial, i.owner, i.district, v.verified_on, v.certificate, v.passed, v.valid_until, v.verifier, \
         i.model, i.maker, i.made_year \
         FROM verifications v JOIN instruments i ON i.id = v.instrument_id WHERE v.id = $1"
    ).bind(id).fetch_optional(p).await?);
    Ok(row.map(|r| NewVerification {
        type_id: r.0,
        serial: r.1,
        owner: r.2,
        district: r.3,
        verified_on: r.4,
        certificate: r.5,
        passed: r.6,
        valid_until: r.7,
        verifier: r.8,
        model: r.9,
        maker: r.10,
        made_year: r.11,
    }))
}

/// Corrects a verification and its instrument; `false` when it does not exist.
pub async fn update_verification(
    db: &Db,
    id: i64,
    v: &NewVerification,
    actor: &crate::audit::Actor,
    now: i64,
) -> Result<bool> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        let instrument: Option<i64> = sqlx::query_scalar("SELECT instrument_id FROM verifications WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
        let Some(instrument) = instrument else {
            tx.rollback().await?;
            return Ok(false);
        };
        sqlx::query("UPDATE instruments SET type_id = $1, serial = $2, owner = $3, district = $4, model = $5, maker = $6, made_year = $7 WHERE id = $8")
            .bind(v.type_id).bind(&v.serial).bind(&v.owner).bind(&v.district).bind(&v.model).bind(&v.maker).bind(v.made_year)
            .bind(instrument).execute(&mut *tx).await?;
        sqlx::query("UPDATE verifications SET verified_on = $1, certificate = $2, verifier = $3, passed = $4, valid_until = $5 WHERE id = $6")
            .bind(v.verified_on).bind(&v.certificate).bind(&v.verifier).bind(v.passed).bind(v.valid_until).bind(id).execute(&mut *tx).await?;
        crate::audit::audit!(tx, actor, now, crate::audit::Entry { action: "update", entity: "verification", entity_id: Some(id), summary: format!("{} {}", v.serial, v.certificate.clone().unwrap_or_default()), ..Default::default() });
        tx.commit().await?;
        Ok(true)
    })
}

/// Procedures, for forms: (id, code, name, working days, with money).
pub async fn procedures(db: &Db) -> Result<Vec<(i64, String, String, i64, bool)>> {
    Ok(
        on_pool!(db, p => sqlx::query_as("SELECT id, code, name, working_days, with_money FROM procedures ORDER BY id").fetch_all(p).await?),
    )
}

/// Which of these certificate numbers are already used.
pub async fn certificates_taken(db: &Db, certificates: &[String]) -> Result<std::collections::HashSet<String>> {
    let mut taken = std::collections::HashSet::new();
    for chunk in certificates.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!("SELECT certificate FROM verifications WHERE certificate IN ({})", marks.join(", "));
        let found: Vec<String> = on_pool!(db, p => {
            let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()));
            for c in chunk {
                q = q.bind(c.clone());
            }
            q.fetch_all(p).await?
        });
        taken.extend(found);
    }
    Ok(taken)
}

/// Whether a dossier code is already used.
pub async fn dossier_code_taken(db: &Db, code: &str) -> Result<bool> {
    let n: i64 = on_pool!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM dossiers WHERE code = $1").bind(code).fetch_one(p).await?);
    Ok(n > 0)
}

/// Products of the applied S&T centre: (id, name, measure).
pub async fn products(db: &Db) -> Result<Vec<(i64, String, String)>> {
    Ok(on_pool!(db, p => sqlx::query_as("SELECT id, name, measure FROM products ORDER BY id").fetch_all(p).await?))
}

/// Seconds at 00:00 (+07:00) of a day.
fn day_start(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or(0) - 7 * 3600
}

/// Posts and videos published on the portal in a period (both days included):
/// (articles, videos).
pub async fn web_posts(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<(i64, i64)> {
    let (a, b) = (day_start(from), day_start(to) + 86_400);
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM articles WHERE status = 'published' AND published_at >= $1 AND published_at < $2), \
                (SELECT COUNT(*) FROM videos WHERE published_at >= $1 AND published_at < $2)"
    ).bind(a).bind(b).fetch_one(p).await?))
}

/// The portal's posts and videos of a period, for the drill-down: (date, kind, title, path).
pub async fn web_post_list(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<Vec<(i64, String, String, String)>> {
    let (a, b) = (day_start(from), day_start(to) + 86_400);
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT a.published_at, 'bai', a.title, c.slug || '/' || a.slug FROM articles a JOIN categories c ON c.id = a.primary_category_id \
         WHERE a.status = 'published' AND a.published_at >= $1 AND a.published_at < $2 \
         UNION ALL SELECT published_at, 'video', title, '' FROM videos WHERE published_at >= $1 AND published_at < $2 ORDER BY 1"
    ).bind(a).bind(b).fetch_all(p).await?))
}

// ---------- one dossier and its steps ----------

/// A dossier as the one-stop desk sees it.
#[derive(Debug, Clone)]
pub struct Dossier {
    pub id: i64,
    pub code: String,
    pub procedure: String,
    pub procedure_code: String,
    pub area: String,
    pub working_days: i64,
    pub with_money: bool,
    pub applicant: String,
    pub channel: String,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub new_due_on: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
    pub result: String,
    pub amount: i64,
    pub licence_until: Option<NaiveDate>,
}

impl Dossier {
    /// The due date in force.
    pub fn due(&self) -> NaiveDate {
        self.new_due_on.unwrap_or(self.due_on)
    }
}

type DossierRow = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    bool,
    String,
    String,
    NaiveDate,
    NaiveDate,
    Option<NaiveDate>,
    Option<NaiveDate>,
    String,
    i64,
    Option<NaiveDate>,
);

impl From<DossierRow> for Dossier {
    fn from(r: DossierRow) -> Self {
        Dossier {
            id: r.0,
            code: r.1,
            procedure: r.2,
            procedure_code: r.3,
            area: r.4,
            working_days: r.5,
            with_money: r.6,
            applicant: r.7,
            channel: r.8,
            received_on: r.9,
            due_on: r.10,
            new_due_on: r.11,
            returned_on: r.12,
            result: r.13,
            amount: r.14,
            licence_until: r.15,
        }
    }
}

const DOSSIER_SELECT: &str = "SELECT d.id, d.code, pr.name AS procedure, pr.code AS procedure_code, pr.area, pr.working_days, pr.with_money, \
     d.applicant, d.channel, d.received_on, d.due_on, d.new_due_on, d.returned_on, d.result, d.amount, d.licence_until \
     FROM dossiers d JOIN procedures pr ON pr.id = d.procedure_id ";

pub async fn dossier(db: &Db, id: i64) -> Result<Option<Dossier>> {
    let sql = format!("{DOSSIER_SELECT} WHERE d.id = $1");
    let row: Option<DossierRow> =
        on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?);
    Ok(row.map(Dossier::from))
}

/// Dossiers received in a period, or still open whenever received (`open_only`).
pub async fn dossiers(db: &Db, from: NaiveDate, to: NaiveDate, open_only: bool) -> Result<Vec<Dossier>> {
    let sql = format!(
        "{DOSSIER_SELECT} WHERE (d.received_on >= $1 AND d.received_on <= $2 AND $3 = FALSE) OR ($3 = TRUE AND d.returned_on IS NULL) \
         ORDER BY d.received_on DESC, d.id DESC LIMIT 2000"
    );
    let rows: Vec<DossierRow> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(from).bind(to).bind(open_only).fetch_all(p).await?);
    Ok(rows.into_iter().map(Dossier::from).collect())
}

/// The steps of a dossier: (kind, date, who, note, new due date).
pub async fn dossier_events(db: &Db, id: i64) -> Result<Vec<(String, NaiveDate, String, String, Option<NaiveDate>)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT kind, on_date, actor, note, new_due_on FROM dossier_events WHERE dossier_id = $1 ORDER BY on_date, id"
    ).bind(id).fetch_all(p).await?))
}

/// Records a step and what it changes; `false` when the dossier was handed back meanwhile.
#[allow(clippy::too_many_arguments)]
pub async fn add_dossier_event(
    db: &Db,
    id: i64,
    kind: &str,
    on: NaiveDate,
    who: &str,
    note: &str,
    effect: dost_domain::dossiers::StepEffect,
    actor: &crate::audit::Actor,
    now: i64,
) -> Result<bool> {
    use dost_domain::dossiers::StepEffect;
    let (new_due, promised) = match effect {
        StepEffect::Nothing => (None, None),
        StepEffect::NewDue(d) => (Some(d), None),
        StepEffect::Promise(d) => (None, Some(d)),
    };
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        let open: Option<Option<NaiveDate>> = sqlx::query_scalar("SELECT returned_on FROM dossiers WHERE id = $1")
            .bind(id).fetch_optional(&mut *tx).await?;
        if !matches!(open, Some(None)) {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query("INSERT INTO dossier_events (dossier_id, kind, on_date, actor, note, new_due_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(id).bind(kind).bind(on).bind(who).bind(note).bind(new_due.or(promised)).bind(now).execute(&mut *tx).await?;
        if let Some(d) = new_due {
            sqlx::query("UPDATE dossiers SET new_due_on = $1 WHERE id = $2").bind(d).bind(id).execute(&mut *tx).await?;
        }
        if let Some(d) = promised {
            sqlx::query("UPDATE dossiers SET promised_on = $1 WHERE id = $2").bind(d).bind(id).execute(&mut *tx).await?;
        }
        crate::audit::audit!(tx, actor, now, crate::audit::Entry { action: "update", entity: "dossier", entity_id: Some(id), summary: format!("Bước xử lý: {kind}"), after: note.to_string(), ..Default::default() });
        tx.commit().await?;
        Ok(true)
    })
}

/// The date promised in a letter of apology, if any.
pub async fn dossier_promise(db: &Db, id: i64) -> Result<Option<NaiveDate>> {
    let d: Option<Option<NaiveDate>> = on_pool!(db, p => sqlx::query_scalar("SELECT promised_on FROM dossiers WHERE id = $1")
        .bind(id).fetch_optional(p).await?);
    Ok(d.flatten())
}

/// Records the result handed back to the applicant.
#[allow(clippy::too_many_arguments)]
pub async fn return_dossier(
    db: &Db,
    id: i64,
    on: NaiveDate,
    result: &str,
    amount: i64,
    licence_until: Option<NaiveDate>,
    actor: &crate::audit::Actor,
    now: i64,
) -> Result<bool> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        let n = sqlx::query("UPDATE dossiers SET returned_on = $1, result = $2, amount = $3, licence_until = $4 WHERE id = $5 AND returned_on IS NULL")
            .bind(on).bind(result).bind(amount).bind(licence_until).bind(id).execute(&mut *tx).await?.rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        crate::audit::audit!(tx, actor, now, crate::audit::Entry { action: "update", entity: "dossier", entity_id: Some(id), summary: "Trả kết quả".into(), after: result.to_string(), ..Default::default() });
        tx.commit().await?;
        Ok(true)
    })
}

/// A year's plan indicators: (id, code, name, measure, target, typed result, unit).
#[allow(clippy::type_complexity)]
pub async fn plan_indicators(
    db: &Db,
    year: i64,
) -> Result<Vec<(i64, String, String, String, i64, Option<i64>, String)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT pi.id, pi.code, pi.name, pi.measure, pi.target, pi.achieved, COALESCE(u.name, '') FROM plan_indicators pi \
         LEFT JOIN units u ON u.id = pi.unit_id WHERE pi.year = $1 ORDER BY u.position, pi.id"
    ).bind(year).fetch_all(p).await?))
}

/// Types the result of an indicator that has no record type.
pub async fn set_plan_achieved(db: &Db, year: i64, code: &str, achieved: i64) -> Result<()> {
    on_pool!(db, p => {
        sqlx::query("UPDATE plan_indicators SET achieved = $1 WHERE year = $2 AND code = $3")
            .bind(achieved).bind(year).bind(code).execute(p).await?;
    });
    Ok(())
}

/// The holidays of one year: (day, name).
pub async fn holidays_of(db: &Db, year: i32) -> Result<Vec<(NaiveDate, String)>> {
    let (a, b) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31));
    Ok(on_pool!(db, p => sqlx::query_as("SELECT day, name FROM holidays WHERE day >= $1 AND day <= $2 ORDER BY day")
        .bind(a).bind(b).fetch_all(p).await?))
}

/// Adds (or renames) a holiday, or removes it when `name` is `None`.
pub async fn set_holiday(
    db: &Db,
    day: NaiveDate,
    name: Option<&str>,
    actor: &crate::audit::Actor,
    now: i64,
) -> Result<()> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        match name {
            Some(n) => {
                sqlx::query("INSERT INTO holidays (day, name) VALUES ($1, $2) ON CONFLICT (day) DO UPDATE SET name = excluded.name")
                    .bind(day).bind(n).execute(&mut *tx).await?;
            }
            None => {
                sqlx::query("DELETE FROM holidays WHERE day = $1").bind(day).execute(&mut *tx).await?;
            }
        }
        crate::audit::audit!(tx, actor, now, crate::audit::Entry { action: if name.is_some() { "create" } else { "delete" }, entity: "holiday", summary: format!("{day} {}", name.unwrap_or("")), ..Default::default() });
        tx.commit().await?;
        Ok(())
    })
}

/// A procedure of the catalogue.
#[derive(Debug, Clone)]
pub struct Procedure {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub area: String,
    pub working_days: i64,
    pub with_money: bool,
}

pub async fn procedures_full(db: &Db) -> Result<Vec<Procedure>> {
    let rows: Vec<(i64, String, String, String, i64, bool)> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, code, name, area, working_days, with_money FROM procedures ORDER BY id"
    ).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(|(id, code, name, area, working_days, with_money)| Procedure {
            id,
            code,
            name,
            area,
            working_days,
            with_money,
        })
        .collect())
}

/// Corrects who filed a dossier and how it came in.
pub async fn update_dossier_info(
    db: &Db,
    id: i64,
    applicant: &str,
    channel: &str,
    actor: &crate::audit::Actor,
    now: i64,
) -> Result<bool> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        let n = sqlx::query("UPDATE dossiers SET applicant = $1, channel = $2 WHERE id = $3")
            .bind(applicant).bind(channel).bind(id).execute(&mut *tx).await?.rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        crate::audit::audit!(tx, actor, now, crate::audit::Entry { action: "update", entity: "dossier", entity_id: Some(id), summary: "Sửa thông tin hồ sơ".into(), after: format!("{applicant}; {channel}"), ..Default::default() });
        tx.commit().await?;
        Ok(true)
    })
}

/// Adds a verification cycle rule in force from a day; `false` when the type
/// already has a rule from that day or does not exist.
pub async fn add_cycle(
    db: &Db,
    type_id: i64,
    from: NaiveDate,
    months: i64,
    actor: &crate::audit::Actor,
    now: i64,
) -> Result<bool> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        let taken: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM instrument_cycles WHERE type_id = $1 AND effective_from = $2) \
             + (SELECT CASE WHEN COUNT(*) = 0 THEN 1 ELSE 0 END FROM instrument_types WHERE id = $1)"
        ).bind(type_id).bind(from).fetch_one(&mut *tx).await?;
        if taken > 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query("INSERT INTO instrument_cycles (type_id, effective_from, months) VALUES ($1, $2, $3)")
            .bind(type_id).bind(from).bind(months).execute(&mut *tx).await?;
        crate::audit::audit!(tx, actor, now, crate::audit::Entry { action: "create", entity: "instrument_cycle", entity_id: Some(type_id), summary: format!("Chu kỳ {months} tháng từ {from}"), ..Default::default() });
        tx.commit().await?;
        Ok(true)
    })
}

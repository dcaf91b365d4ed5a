//! Instrument verifications, their instruments and cycle rules.

use chrono::NaiveDate;
use dost_domain::metrology::CycleRule;

use crate::db::on_pool;
use crate::row::row;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result, StoreError};

pub async fn add_instrument_type(
    tx: &mut Tx,
    code: &str,
    name: &str,
    field: &str,
    cycles: &[(NaiveDate, i64)],
) -> Result<i64> {
    let id = on_tx!(tx, c => {
        let id: i64 = sqlx::query_scalar("INSERT INTO instrument_types (code, name, field) VALUES ($1, $2, $3) RETURNING id")
            .bind(code).bind(name).bind(field).fetch_one(&mut *c).await?;
        for (from, months) in cycles {
            sqlx::query("INSERT INTO instrument_cycles (type_id, effective_from, months) VALUES ($1, $2, $3)")
                .bind(id).bind(from).bind(months).execute(&mut *c).await?;
        }
        id
    });
    tx.audit(Change::new("create", "instrument_type", Some(id), name.to_string()));
    Ok(id)
}

row! {
    /// One verification to record (with its instrument), or as recorded.
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
        /// `ban_dau`, `dinh_ky` or `sau_sua_chua`.
        pub kind: String,
        /// The verifier's designation (card or decision number).
        pub designation: String,
    }
}

impl From<dost_domain::verification_input::VerificationInput> for NewVerification {
    fn from(v: dost_domain::verification_input::VerificationInput) -> Self {
        Self {
            type_id: v.type_id,
            serial: v.serial,
            model: v.model,
            maker: v.maker,
            made_year: v.made_year,
            owner: v.owner,
            district: v.district,
            verified_on: v.verified_on,
            certificate: v.certificate,
            passed: v.passed,
            valid_until: v.valid_until,
            verifier: v.verifier,
            kind: v.kind.code().into(),
            designation: v.designation,
        }
    }
}

/// Records verifications (with their instruments) in the caller's change:
/// one from the form, or many from an import. Returns their ids.
pub async fn insert_verifications(tx: &mut Tx, items: &[NewVerification]) -> Result<Vec<i64>> {
    let ids = on_tx!(tx, c => {
        let mut ids = Vec::with_capacity(items.len());
        for v in items {
            let iid: i64 = sqlx::query_scalar("INSERT INTO instruments (type_id, serial, owner, district, model, maker, made_year) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                .bind(v.type_id).bind(&v.serial).bind(&v.owner).bind(&v.district).bind(&v.model).bind(&v.maker).bind(v.made_year)
                .fetch_one(&mut *c).await?;
            ids.push(sqlx::query_scalar("INSERT INTO verifications (instrument_id, verified_on, certificate, procedure_code, verifier, passed, valid_until, kind, designation) \
                         VALUES ($1, $2, $3, 'ĐLVN', $4, $5, $6, $7, $8) RETURNING id")
                .bind(iid).bind(v.verified_on).bind(&v.certificate).bind(&v.verifier).bind(v.passed).bind(v.valid_until)
                .bind(&v.kind).bind(&v.designation)
                .fetch_one(&mut *c).await?);
        }
        ids
    });
    tx.audit(match items {
        [v] => Change::new(
            "create",
            "verification",
            ids.first().copied(),
            format!("{} {}", v.serial, v.certificate.clone().unwrap_or_default()),
        )
        .after(snapshot(v)),
        _ => Change::new(
            "import",
            "verification",
            None,
            format!("Nhập {} kết quả kiểm định", dost_domain::format::int(items.len() as i64)),
        ),
    });
    Ok(ids)
}

fn snapshot(v: &NewVerification) -> String {
    serde_json::json!({
        "type_id": v.type_id, "serial": v.serial, "owner": v.owner, "district": v.district,
        "verified_on": v.verified_on.to_string(), "certificate": v.certificate, "passed": v.passed,
        "valid_until": v.valid_until.map(|d| d.to_string()), "verifier": v.verifier,
    })
    .to_string()
}

/// Corrects a verification and its instrument; `false` when it does not exist.
pub async fn update_verification(tx: &mut Tx, id: i64, v: &NewVerification) -> Result<bool> {
    let found = on_tx!(tx, c => {
        let instrument: Option<i64> = sqlx::query_scalar("SELECT instrument_id FROM verifications WHERE id = $1")
            .bind(id).fetch_optional(&mut *c).await?;
        if let Some(instrument) = instrument {
            sqlx::query("UPDATE instruments SET type_id = $1, serial = $2, owner = $3, district = $4, model = $5, maker = $6, made_year = $7 WHERE id = $8")
                .bind(v.type_id).bind(&v.serial).bind(&v.owner).bind(&v.district).bind(&v.model).bind(&v.maker).bind(v.made_year)
                .bind(instrument).execute(&mut *c).await?;
            sqlx::query("UPDATE verifications SET verified_on = $1, certificate = $2, verifier = $3, passed = $4, valid_until = $5 WHERE id = $6")
                .bind(v.verified_on).bind(&v.certificate).bind(&v.verifier).bind(v.passed).bind(v.valid_until).bind(id).execute(&mut *c).await?;
        }
        instrument.is_some()
    });
    if found {
        let summary = format!("{} {}", v.serial, v.certificate.clone().unwrap_or_default());
        tx.audit(Change::new("update", "verification", Some(id), summary).after(snapshot(v)));
    }
    Ok(found)
}

row! {
    /// A verification as the unit's list shows it.
    #[derive(Debug, Clone)]
    pub struct VerificationRow {
        pub id: i64,
        pub verified_on: NaiveDate,
        pub type_name: String,
        pub serial: String,
        pub owner: String,
        pub district: String,
        pub certificate: Option<String>,
        pub passed: bool,
        pub valid_until: Option<NaiveDate>,
    }
}

/// Verifications from `from` to `to`, the latest first, at most `limit`.
pub async fn verifications_between(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
    limit: i64,
) -> Result<Vec<VerificationRow>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT v.id, v.verified_on, t.name AS type_name, i.serial, i.owner, i.district, v.certificate, v.passed, v.valid_until \
         FROM verifications v JOIN instruments i ON i.id = v.instrument_id JOIN instrument_types t ON t.id = i.type_id \
         WHERE v.verified_on >= $1 AND v.verified_on <= $2 ORDER BY v.verified_on DESC, v.id DESC LIMIT $3"
    ).bind(from).bind(to).bind(limit).fetch_all(p).await?))
}

/// One verification with its instrument, as the form shows it.
pub async fn verification(db: &Db, id: i64) -> Result<Option<NewVerification>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT i.type_id, i.serial, i.owner, i.district, v.verified_on, v.certificate, v.passed, v.valid_until, v.verifier, \
         i.model, i.maker, i.made_year, v.kind, v.designation \
         FROM verifications v JOIN instruments i ON i.id = v.instrument_id WHERE v.id = $1"
    ).bind(id).fetch_optional(p).await?))
}

/// An instrument type with its verification cycles, the oldest rule first.
#[derive(Debug, Clone)]
pub struct InstrumentType {
    pub id: i64,
    pub name: String,
    /// The field it belongs to, as a code (e.g. `taximet`).
    pub field: String,
    pub cycles: Vec<CycleRule>,
}

row! {
    struct TypeRow {
        id: i64,
        name: String,
        field: String,
    }
}

row! {
    struct CycleRow {
        effective_from: NaiveDate,
        months: i64,
    }
}

/// Instrument types with their cycles, for forms.
pub async fn instrument_types(db: &Db) -> Result<Vec<InstrumentType>> {
    let types: Vec<TypeRow> = on_pool!(db, p => sqlx::query_as("SELECT id, name, field FROM instrument_types ORDER BY id").fetch_all(p).await?);
    let mut out = Vec::new();
    for t in types {
        let cycles: Vec<CycleRow> = on_pool!(db, p => sqlx::query_as(
            "SELECT effective_from, months FROM instrument_cycles WHERE type_id = $1 ORDER BY effective_from"
        ).bind(t.id).fetch_all(p).await?);
        let cycles = cycles
            .into_iter()
            .map(|c| {
                let months = u32::try_from(c.months).map_err(|_| {
                    StoreError::Invalid(format!("chu kỳ kiểm định lạ trong cơ sở dữ liệu: «{}» tháng", c.months))
                })?;
                Ok(CycleRule { effective_from: c.effective_from, months })
            })
            .collect::<Result<_>>()?;
        out.push(InstrumentType { id: t.id, name: t.name, field: t.field, cycles });
    }
    Ok(out)
}

/// Whether a certificate number is already used (by another verification than `except`).
pub async fn certificate_taken(db: &Db, certificate: &str, except: Option<i64>) -> Result<bool> {
    let n: i64 = on_pool!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM verifications WHERE certificate = $1 AND id <> $2")
        .bind(certificate).bind(except.unwrap_or(-1)).fetch_one(p).await?);
    Ok(n > 0)
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

/// Adds a verification cycle rule in force from a day; `false` when the type
/// already has a rule from that day or does not exist.
pub async fn add_cycle(tx: &mut Tx, type_id: i64, from: NaiveDate, months: i64) -> Result<bool> {
    let added = on_tx!(tx, c => {
        let taken: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM instrument_cycles WHERE type_id = $1 AND effective_from = $2) \
             + (SELECT CASE WHEN COUNT(*) = 0 THEN 1 ELSE 0 END FROM instrument_types WHERE id = $1)"
        ).bind(type_id).bind(from).fetch_one(&mut *c).await?;
        if taken == 0 {
            sqlx::query("INSERT INTO instrument_cycles (type_id, effective_from, months) VALUES ($1, $2, $3)")
                .bind(type_id).bind(from).bind(months).execute(&mut *c).await?;
        }
        taken == 0
    });
    if added {
        tx.audit(Change::new("create", "instrument_cycle", Some(type_id), format!("Chu kỳ {months} tháng từ {from}")));
    }
    Ok(added)
}

row! {
    /// An instrument whose latest passed verification expires soon.
    #[derive(Debug, Clone)]
    pub struct InstrumentDue {
        pub owner: String,
        pub district: String,
        /// The instrument type's name.
        pub type_name: String,
        pub serial: String,
        pub valid_until: NaiveDate,
    }
}

/// Instruments whose latest passed verification expires between two days, by owner.
pub async fn instruments_due(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<Vec<InstrumentDue>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT i.owner, i.district, t.name AS type_name, i.serial, v.valid_until FROM verifications v \
         JOIN instruments i ON i.id = v.instrument_id JOIN instrument_types t ON t.id = i.type_id \
         WHERE v.passed = TRUE AND v.valid_until >= $1 AND v.valid_until <= $2 \
         AND v.verified_on = (SELECT MAX(v2.verified_on) FROM verifications v2 WHERE v2.instrument_id = v.instrument_id) \
         ORDER BY i.owner, v.valid_until"
    ).bind(from).bind(to).fetch_all(p).await?))
}

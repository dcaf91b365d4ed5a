//! Administrative dossiers of the one-stop desk and their steps.

use chrono::NaiveDate;
use dost_domain::dossiers::{Step, StepEffect};

use crate::db::on_pool;
use crate::row::row;
use crate::tasks::known;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};
use dost_domain::text::nfc;

pub async fn add_procedure(
    tx: &mut Tx,
    code: &str,
    name: &str,
    area: &str,
    working_days: i64,
    with_money: bool,
) -> Result<i64> {
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO procedures (code, name, area, working_days, with_money, approved) VALUES ($1, $2, $3, $4, $5, TRUE) RETURNING id"
    ).bind(code).bind(name).bind(area).bind(working_days).bind(with_money).fetch_one(&mut *c).await?);
    tx.audit(Change::new("create", "procedure", Some(id), name.to_string()));
    Ok(id)
}

#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// How it came in (`truc_tiep`, `buu_chinh`, `truc_tuyen`); empty: in person.
    pub channel: String,
}

impl NewDossier {
    /// A checked dossier that came in by `channel` (empty: in person).
    pub fn from_input(d: dost_domain::dossier_input::DossierInput, channel: &str) -> Self {
        Self {
            code: d.code,
            procedure_id: d.procedure_id,
            applicant: d.applicant,
            received_on: d.received_on,
            due_on: d.due_on,
            returned_on: d.returned_on,
            result: d.result,
            amount: d.amount,
            licence_until: d.licence_until,
            channel: channel.into(),
        }
    }
}

impl Procedure {
    /// The procedure as the dossier parser needs it.
    pub fn for_parser(&self) -> dost_domain::dossier_input::ProcedureRef<'_> {
        dost_domain::dossier_input::ProcedureRef {
            id: self.id,
            code: &self.code,
            name: &self.name,
            area: &self.area,
            days: u32::try_from(self.working_days).unwrap_or(0),
            calendar_days: self.calendar_days,
            with_money: self.with_money,
        }
    }
}

/// A random number from the system's source, for lookup secrets.
fn random_u32() -> u32 {
    let mut b = [0u8; 4];
    // without the system's randomness no secret can be made: the clock's nanoseconds are better than a constant
    if getrandom::fill(&mut b).is_err() {
        let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos());
        return n.unwrap_or(0);
    }
    u32::from_le_bytes(b)
}

/// Records received dossiers in the caller's change: one from the desk's
/// form, or many from an import. Returns their ids.
pub async fn insert_dossiers(tx: &mut Tx, items: &[NewDossier]) -> Result<Vec<i64>> {
    let ids = on_tx!(tx, c => {
        let mut ids = Vec::with_capacity(items.len());
        for d in items {
            let pin = dost_domain::dossiers::lookup_pin(random_u32());
            ids.push(sqlx::query_scalar("INSERT INTO dossiers (code, procedure_id, applicant, received_on, due_on, returned_on, result, amount, licence_until, channel, lookup_pin) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, COALESCE(NULLIF($10, ''), 'truc_tiep'), $11) RETURNING id")
                .bind(&d.code).bind(d.procedure_id).bind(&d.applicant).bind(d.received_on).bind(d.due_on).bind(d.returned_on)
                .bind(&d.result).bind(d.amount).bind(d.licence_until).bind(&d.channel).bind(pin).fetch_one(&mut *c).await?);
        }
        ids
    });
    tx.audit(match items {
        [d] => Change::new("create", "dossier", ids.first().copied(), format!("Tiếp nhận hồ sơ {}", d.code)).after(
            serde_json::json!({"code": d.code, "procedure_id": d.procedure_id, "applicant": d.applicant,
                "received_on": d.received_on.to_string(), "due_on": d.due_on.to_string(), "channel": d.channel})
            .to_string(),
        ),
        _ => Change::new(
            "import",
            "dossier",
            None,
            format!("Nhập {} hồ sơ", dost_domain::format::int(items.len() as i64)),
        ),
    });
    Ok(ids)
}

row! {
    /// A dossier as the one-stop desk sees it.
    #[derive(Debug, Clone)]
    pub struct Dossier {
        pub id: i64,
        pub code: String,
        pub procedure: String,
        pub procedure_code: String,
        pub area: String,
        pub working_days: i64,
        /// The legal time runs in calendar days rather than working days.
        pub calendar_days: bool,
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
        /// The lookup secret printed on the receipt.
        pub lookup_pin: String,
    }
}

impl Dossier {
    /// The due date in force.
    pub fn due(&self) -> NaiveDate {
        self.new_due_on.unwrap_or(self.due_on)
    }
}

const DOSSIER_SELECT: &str = "SELECT d.id, d.code, pr.name AS procedure, pr.code AS procedure_code, pr.area, pr.working_days, pr.calendar_days, pr.with_money, \
     d.applicant, d.channel, d.received_on, d.due_on, d.new_due_on, d.returned_on, d.result, d.amount, d.licence_until, d.lookup_pin \
     FROM dossiers d JOIN procedures pr ON pr.id = d.procedure_id ";

pub async fn dossier(db: &Db, id: i64) -> Result<Option<Dossier>> {
    let sql = format!("{DOSSIER_SELECT} WHERE d.id = $1");
    Ok(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?))
}

/// Dossiers received in a period, or still open whenever received (`open_only`).
pub async fn dossiers(db: &Db, from: NaiveDate, to: NaiveDate, open_only: bool) -> Result<Vec<Dossier>> {
    let sql = format!(
        "{DOSSIER_SELECT} WHERE (d.received_on >= $1 AND d.received_on <= $2 AND $3 = FALSE) OR ($3 = TRUE AND d.returned_on IS NULL) \
         ORDER BY d.received_on DESC, d.id DESC LIMIT 2000"
    );
    Ok(
        on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(from).bind(to).bind(open_only).fetch_all(p).await?),
    )
}

/// A step of a dossier.
#[derive(Debug, Clone)]
pub struct DossierEvent {
    pub step: Step,
    pub on: NaiveDate,
    /// The person or unit who did it.
    pub who: String,
    pub note: String,
    /// The new due date (a complete dossier back) or the promised one (an apology).
    pub new_due_on: Option<NaiveDate>,
}

row! {
    struct EventRow {
        kind: String,
        on_date: NaiveDate,
        actor: String,
        note: String,
        new_due_on: Option<NaiveDate>,
    }
}

/// The steps of a dossier, oldest first.
pub async fn dossier_events(db: &Db, id: i64) -> Result<Vec<DossierEvent>> {
    let rows: Vec<EventRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT kind, on_date, actor, note, new_due_on FROM dossier_events WHERE dossier_id = $1 ORDER BY on_date, id"
    ).bind(id).fetch_all(p).await?);
    rows.into_iter()
        .map(|r| {
            Ok(DossierEvent {
                step: known(Step::parse(&r.kind), "bước xử lý hồ sơ", &r.kind)?,
                on: r.on_date,
                who: r.actor,
                note: r.note,
                new_due_on: r.new_due_on,
            })
        })
        .collect()
}

/// Records a step and what it changes; `false` when the dossier was handed back meanwhile.
pub async fn add_dossier_event(
    tx: &mut Tx,
    id: i64,
    (step, on): (Step, NaiveDate),
    who: &str,
    note: &str,
    effect: StepEffect,
) -> Result<bool> {
    let kind = step.code();
    let (new_due, promised) = match effect {
        StepEffect::Nothing => (None, None),
        StepEffect::NewDue(d) => (Some(d), None),
        StepEffect::Promise(d) => (None, Some(d)),
    };
    let now = tx.now();
    let recorded = on_tx!(tx, c => {
        let open: Option<Option<NaiveDate>> = sqlx::query_scalar("SELECT returned_on FROM dossiers WHERE id = $1")
            .bind(id).fetch_optional(&mut *c).await?;
        if matches!(open, Some(None)) {
            sqlx::query("INSERT INTO dossier_events (dossier_id, kind, on_date, actor, note, new_due_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(id).bind(kind).bind(on).bind(who).bind(note).bind(new_due.or(promised)).bind(now).execute(&mut *c).await?;
            if let Some(d) = new_due {
                sqlx::query("UPDATE dossiers SET new_due_on = $1 WHERE id = $2").bind(d).bind(id).execute(&mut *c).await?;
            }
            if let Some(d) = promised {
                sqlx::query("UPDATE dossiers SET promised_on = $1 WHERE id = $2").bind(d).bind(id).execute(&mut *c).await?;
            }
            true
        } else {
            false
        }
    });
    if recorded {
        tx.audit(Change::new("update", "dossier", Some(id), format!("Bước xử lý: {kind}")).after(note.to_string()));
    }
    Ok(recorded)
}

/// The date promised in a letter of apology, if any.
pub async fn dossier_promise(db: &Db, id: i64) -> Result<Option<NaiveDate>> {
    let d: Option<Option<NaiveDate>> = on_pool!(db, p => sqlx::query_scalar("SELECT promised_on FROM dossiers WHERE id = $1")
        .bind(id).fetch_optional(p).await?);
    Ok(d.flatten())
}

/// Records the result handed back to the applicant.
pub async fn return_dossier(
    tx: &mut Tx,
    id: i64,
    on: NaiveDate,
    result: &str,
    amount: i64,
    licence_until: Option<NaiveDate>,
) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE dossiers SET returned_on = $1, result = $2, amount = $3, licence_until = $4 WHERE id = $5 AND returned_on IS NULL"
    ).bind(on).bind(result).bind(amount).bind(licence_until).bind(id).execute(&mut *c).await?.rows_affected());
    if n == 1 {
        let after = serde_json::json!({"returned_on": on.to_string(), "result": result, "amount": amount,
            "licence_until": licence_until.map(|d| d.to_string())});
        tx.audit(Change::new("update", "dossier", Some(id), "Trả kết quả").after(after.to_string()));
    }
    Ok(n == 1)
}

/// Corrects who filed a dossier and how it came in.
pub async fn update_dossier_info(tx: &mut Tx, id: i64, applicant: &str, channel: &str) -> Result<bool> {
    let before: Option<(String, String)> = on_tx!(tx, c => {
        let before = sqlx::query_as("SELECT applicant, channel FROM dossiers WHERE id = $1").bind(id).fetch_optional(&mut *c).await?;
        sqlx::query("UPDATE dossiers SET applicant = $1, channel = $2 WHERE id = $3")
            .bind(applicant).bind(channel).bind(id).execute(&mut *c).await?;
        before
    });
    let Some((old_applicant, old_channel)) = before else { return Ok(false) };
    tx.audit(
        Change::new("update", "dossier", Some(id), "Sửa thông tin hồ sơ")
            .before(format!("{old_applicant}; {old_channel}"))
            .after(format!("{applicant}; {channel}")),
    );
    Ok(true)
}

row! {
    /// A procedure of the catalogue.
    #[derive(Debug, Clone)]
    pub struct Procedure {
        pub id: i64,
        pub code: String,
        pub name: String,
        pub area: String,
        pub working_days: i64,
        /// The legal time runs in calendar days rather than working days.
        pub calendar_days: bool,
        pub with_money: bool,
    }
}

impl Procedure {
    /// The legal due date of a dossier received on `received`.
    pub fn due(&self, holidays: &dost_domain::calendar::Holidays, received: NaiveDate) -> NaiveDate {
        dost_domain::dossiers::due_date_in(
            holidays,
            received,
            u32::try_from(self.working_days).unwrap_or(0),
            self.calendar_days,
        )
    }
}

/// The procedures of the catalogue, for forms and imports.
pub async fn procedures(db: &Db) -> Result<Vec<Procedure>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT id, code, name, area, working_days, calendar_days, with_money FROM procedures ORDER BY id"
    ).fetch_all(p).await?))
}

/// Which of these dossier codes are already used.
pub async fn dossier_codes_taken(db: &Db, codes: &[String]) -> Result<std::collections::HashSet<String>> {
    let mut taken = std::collections::HashSet::new();
    for chunk in codes.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!("SELECT code FROM dossiers WHERE code IN ({})", marks.join(", "));
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

row! {
    /// A radiation licence about to expire, with the dossier that granted it.
    #[derive(Debug, Clone)]
    pub struct ExpiringLicence {
        pub applicant: String,
        pub procedure: String,
        pub dossier_code: String,
        pub licence_until: NaiveDate,
    }
}

/// Radiation licences expiring between two days, the earliest first.
pub async fn licences_expiring(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<Vec<ExpiringLicence>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT d.applicant, pr.name AS procedure, d.code AS dossier_code, d.licence_until \
         FROM dossiers d JOIN procedures pr ON pr.id = d.procedure_id \
         WHERE d.licence_until >= $1 AND d.licence_until <= $2 ORDER BY d.licence_until, d.applicant"
    ).bind(from).bind(to).fetch_all(p).await?))
}

row! {
    /// A procedure as the portal publishes it.
    #[derive(Debug, Clone)]
    pub struct PublicProcedure {
        pub code: String,
        pub name: String,
        pub area: String,
        pub working_days: i64,
        pub calendar_days: bool,
        pub level: String,
        pub fee: String,
        /// The documents to submit, separated by ';'.
        pub documents: String,
        pub submit_at: String,
        /// The legal texts, separated by ';'.
        pub legal_basis: String,
        /// The forms to download (media library paths), separated by ';'.
        pub forms: String,
    }
}

/// The whole catalogue as published, by group then name.
pub async fn public_procedures(db: &Db) -> Result<Vec<PublicProcedure>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT code, name, area, working_days, calendar_days, level, fee, documents, submit_at, legal_basis, forms \
         FROM procedures WHERE approved = TRUE ORDER BY area, name"
    ).fetch_all(p).await?))
}

/// What the portal publishes of a procedure besides its name and time.
pub struct ProcedureDetails<'a> {
    pub level: &'a str,
    pub fee: &'a str,
    pub documents: &'a str,
    pub submit_at: &'a str,
    pub legal_basis: &'a str,
}

/// Sets the published details of the procedure `code`; `false` if there is none.
pub async fn set_procedure_details(tx: &mut Tx, code: &str, d: &ProcedureDetails<'_>) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE procedures SET level = $1, fee = $2, documents = $3, submit_at = $4, legal_basis = $5 WHERE code = $6"
    ).bind(nfc(d.level)).bind(nfc(d.fee)).bind(nfc(d.documents)).bind(nfc(d.submit_at)).bind(nfc(d.legal_basis)).bind(code)
     .execute(&mut *c).await?.rows_affected());
    if n > 0 {
        tx.audit(Change::new("update", "procedure", None, format!("Thông tin công khai của thủ tục {code}")));
    }
    Ok(n > 0)
}

/// Sets the forms to download of the procedure `code` (paths separated by ';').
pub async fn set_procedure_forms(tx: &mut Tx, code: &str, forms: &str) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query("UPDATE procedures SET forms = $1 WHERE code = $2")
        .bind(forms).bind(code).execute(&mut *c).await?.rows_affected());
    if n > 0 {
        tx.audit(Change::new("update", "procedure", None, format!("Mẫu đơn của thủ tục {code}")));
        tx.touches_portal();
    }
    Ok(n > 0)
}

/// A dossier by the code on its receipt.
pub async fn dossier_by_code(db: &Db, code: &str) -> Result<Option<Dossier>> {
    let sql = format!("{DOSSIER_SELECT} WHERE d.code = $1");
    Ok(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(code).fetch_optional(p).await?))
}

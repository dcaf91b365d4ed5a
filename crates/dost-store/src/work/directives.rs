//! Leaders' directives and their progress.

use chrono::NaiveDate;

use crate::db::on_pool;
use crate::row::row;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};

/// Records a leader's directive for a unit.
pub async fn add_directive(
    tx: &mut Tx,
    text: &str,
    (meeting, meeting_date): (&str, NaiveDate),
    unit_id: Option<i64>,
    deadline: Option<NaiveDate>,
) -> Result<i64> {
    let text = dost_domain::text::nfc(text.trim());
    let meeting = dost_domain::text::nfc(meeting.trim());
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO directives (text, meeting, meeting_date, unit_id, deadline) VALUES ($1, $2, $3, $4, $5) RETURNING id"
    ).bind(&text).bind(&meeting).bind(meeting_date).bind(unit_id).bind(deadline).fetch_one(&mut *c).await?);
    let after = serde_json::json!({"text": text, "meeting": meeting, "meeting_date": meeting_date.to_string(),
        "unit_id": unit_id, "deadline": deadline.map(|d| d.to_string())});
    tx.audit(
        Change::new("create", "directive", Some(id), text.chars().take(120).collect::<String>())
            .after(after.to_string()),
    );
    Ok(id)
}

/// Marks a directive's progress (status 'mo', 'dang_lam' or 'xong'). The
/// day it is marked done is kept (reports of earlier periods still list it
/// as open); reopening clears it.
pub async fn update_directive(tx: &mut Tx, id: i64, status: &str, progress: &str) -> Result<bool> {
    let today = dost_domain::format::vn_date(tx.now());
    let before: Option<(String, String)> = on_tx!(tx, c => {
        let before = sqlx::query_as("SELECT status, progress FROM directives WHERE id = $1").bind(id).fetch_optional(&mut *c).await?;
        sqlx::query("UPDATE directives SET status = $1, progress = $2, \
                     done_on = CASE WHEN $1 <> 'xong' THEN NULL WHEN status = 'xong' AND done_on IS NOT NULL THEN done_on ELSE $4 END \
                     WHERE id = $3")
            .bind(status).bind(dost_domain::text::nfc(progress.trim())).bind(id).bind(today).execute(&mut *c).await?;
        before
    });
    let Some((old_status, old_progress)) = before else { return Ok(false) };
    tx.audit(
        Change::new("update", "directive", Some(id), format!("Tình trạng: {status}"))
            .before(format!("{old_status}: {old_progress}"))
            .after(progress.to_string()),
    );
    Ok(true)
}

row! {
    /// A directive with its unit.
    #[derive(Debug, Clone)]
    pub struct Directive {
        pub id: i64,
        pub text: String,
        pub meeting: String,
        pub meeting_date: NaiveDate,
        pub unit_id: Option<i64>,
        /// The unit's code (empty when none is given).
        pub unit_code: String,
        pub unit_name: String,
        pub deadline: Option<NaiveDate>,
        /// `mo`, `dang_lam` or `xong`.
        pub status: String,
        pub progress: String,
    }
}

const DIRECTIVE_SELECT: &str = "SELECT d.id, d.text, d.meeting, d.meeting_date, d.unit_id, COALESCE(u.code, '') AS unit_code, \
     COALESCE(u.name, '') AS unit_name, d.deadline, d.status, d.progress FROM directives d LEFT JOIN units u ON u.id = d.unit_id ";

/// Every directive, the latest meetings first.
pub async fn directives(db: &Db) -> Result<Vec<Directive>> {
    let sql = format!("{DIRECTIVE_SELECT} ORDER BY d.meeting_date DESC, d.deadline, d.id");
    Ok(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(p).await?))
}

/// One directive.
pub async fn directive(db: &Db, id: i64) -> Result<Option<Directive>> {
    let sql = format!("{DIRECTIVE_SELECT} WHERE d.id = $1");
    Ok(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?))
}

/// Directives not done, the nearest deadline first.
pub async fn open_directives(db: &Db) -> Result<Vec<Directive>> {
    let sql = format!("{DIRECTIVE_SELECT} WHERE d.status <> 'xong' ORDER BY (d.deadline IS NULL), d.deadline, d.id");
    Ok(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(p).await?))
}

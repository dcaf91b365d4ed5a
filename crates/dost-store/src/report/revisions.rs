//! Staff's saved edits of a report's text, newest first.

use dost_domain::report::Period;

use crate::db::on_pool;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};

/// A saved revision of a report's text.
#[derive(Debug, Clone)]
pub struct Revision {
    pub id: i64,
    pub edits: dost_domain::report::Edits,
    pub author: String,
    pub created_at: i64,
}

/// The revisions of the report of a period and units, newest first.
pub async fn revisions(db: &Db, p: &Period, units: &str) -> Result<Vec<Revision>> {
    let rows: Vec<(i64, String, String, String, String, i64)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, intro, notes, proposals, author, created_at FROM report_revisions \
         WHERE period_from = $1 AND period_to = $2 AND units = $3 ORDER BY id DESC"
    ).bind(p.from).bind(p.to).bind(units).fetch_all(pool).await?);
    Ok(rows
        .into_iter()
        .map(|(id, intro, notes, proposals, author, created_at)| Revision {
            id,
            edits: {
                let (notes, replace) = read_parts(&notes);
                dost_domain::report::Edits { intro, notes, replace, proposals }
            },
            author,
            created_at,
        })
        .collect())
}

/// Saves the text as a new revision (with an audit entry); returns its id.
pub async fn save_revision(tx: &mut Tx, p: &Period, units: &str, e: &dost_domain::report::Edits) -> Result<i64> {
    // the notes alone as a list (as before); with replaced parts, both
    let notes = if e.replace.iter().all(|r| r.trim().is_empty()) {
        serde_json::to_string(&e.notes)
    } else {
        serde_json::to_string(&serde_json::json!({ "append": e.notes, "replace": e.replace }))
    }
    .unwrap_or_else(|_| "[]".into());
    let (now, author) = (tx.now(), tx.actor().username.clone());
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO report_revisions (period_from, period_to, units, intro, notes, proposals, author, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"
    ).bind(p.from).bind(p.to).bind(units).bind(&e.intro).bind(&notes).bind(&e.proposals).bind(&author).bind(now)
        .fetch_one(&mut *c).await?);
    tx.audit(
        Change::new("update", "report", Some(id), format!("Sửa văn bản báo cáo {}", p.label()))
            .after(e.proposals.clone()),
    );
    Ok(id)
}

/// The parts' notes and replacements as saved: a list of notes, or
/// `{"append": [...], "replace": [...]}`.
fn read_parts(saved: &str) -> (Vec<String>, Vec<String>) {
    if let Ok(notes) = serde_json::from_str::<Vec<String>>(saved) {
        return (notes, Vec::new());
    }
    let v: serde_json::Value = serde_json::from_str(saved).unwrap_or_default();
    let list = |key: &str| -> Vec<String> {
        v.get(key)
            .and_then(|x| x.as_array())
            .map(|a| a.iter().map(|x| x.as_str().unwrap_or_default().to_string()).collect())
            .unwrap_or_default()
    };
    (list("append"), list("replace"))
}

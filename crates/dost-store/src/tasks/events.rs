//! A task's timeline: its steps recorded one after another, each with its
//! document, and the withdrawal of a step recorded by mistake.

use chrono::NaiveDate;
use dost_domain::tasks::{EventKind, Stage};
use dost_domain::text::nfc;

use super::known;
use crate::db::on_pool;
use crate::row::row;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};

/// One step or event on a task's timeline.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: i64,
    pub kind: EventKind,
    pub from: Stage,
    pub to: Stage,
    pub date: NaiveDate,
    pub doc_kind: String,
    pub doc_number: String,
    pub doc_date: NaiveDate,
    pub doc_signer: String,
    pub note: String,
    pub recorded_by: String,
    /// The scanned document in the media library, if attached.
    pub doc_file: Option<String>,
    /// The end date an extension set (none for other steps and for
    /// extensions recorded before it was kept).
    pub new_end: Option<NaiveDate>,
}

pub struct NewEvent<'a> {
    pub kind: EventKind,
    pub to: Stage,
    pub date: NaiveDate,
    pub doc_kind: &'a str,
    pub doc_number: &'a str,
    pub doc_date: NaiveDate,
    pub doc_signer: &'a str,
    pub note: &'a str,
    /// New end date, for an extension.
    pub extended_end: Option<NaiveDate>,
    pub result_summary: Option<&'a str>,
    pub doc_file: Option<&'a str>,
}

/// Records an event if the task is still at `from` (else `Ok(false)`: someone
/// recorded another step meanwhile).
pub async fn record(tx: &mut Tx, task_id: i64, from: Stage, e: &NewEvent<'_>) -> Result<bool> {
    let (now, user_id) = (tx.now(), tx.actor().user_id);
    let moved = on_tx!(tx, c => {
        let n = sqlx::query("UPDATE tasks SET stage = $1, updated_at = $2, version = version + 1, \
                             extended_end_date = COALESCE($3, extended_end_date), result_summary = COALESCE($4, result_summary), \
                             approved_year = CASE WHEN $1 = 'phe_duyet_danh_muc' AND approved_year IS NULL THEN $5 ELSE approved_year END \
                             WHERE id = $6 AND stage = $7")
            .bind(e.to.code()).bind(now).bind(e.extended_end).bind(e.result_summary)
            .bind(i64::from(chrono::Datelike::year(&e.date))).bind(task_id).bind(from.code())
            .execute(&mut *c).await?.rows_affected();
        if n == 1 {
            sqlx::query("INSERT INTO task_events (task_id, kind, from_stage, to_stage, event_date, doc_kind, doc_number, doc_date, doc_signer, note, recorded_by, recorded_at, doc_file, new_end) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
                .bind(task_id).bind(e.kind.code()).bind(from.code()).bind(e.to.code()).bind(e.date).bind(e.doc_kind)
                .bind(nfc(e.doc_number.trim())).bind(e.doc_date).bind(nfc(e.doc_signer.trim())).bind(nfc(e.note.trim()))
                .bind(user_id).bind(now).bind(e.doc_file).bind(e.extended_end)
                .execute(&mut *c).await?;
        }
        n == 1
    });
    if moved {
        let after = serde_json::json!({"kind": e.kind.code(), "to": e.to.code(), "date": e.date.to_string(), "doc": e.doc_number});
        let before = serde_json::json!({"stage": from.code()});
        tx.audit(
            Change::new(e.kind.code(), "task", Some(task_id), format!("{}: {}", e.kind.label(), e.to.label()))
                .before(before.to_string())
                .after(after.to_string()),
        );
        tx.touches_portal();
    }
    Ok(moved)
}

/// Withdraws the latest step of a task recorded by mistake: the task goes
/// back to the stage before it; the reason and the step withdrawn are kept
/// in the audit log. `Ok(None)` when the task has no step, or someone
/// recorded another step meanwhile (`expected` is the latest step's id).
pub async fn withdraw_last_step(tx: &mut Tx, task_id: i64, expected: i64, reason: &str) -> Result<Option<Event>> {
    let rows: Vec<EventRow> = on_tx!(tx, c => sqlx::query_as(
        "SELECT e.id, e.kind, e.from_stage, e.to_stage, e.event_date, e.doc_kind, e.doc_number, e.doc_date, e.doc_signer, \
         e.note, NULL AS recorded_by, e.doc_file, e.new_end FROM task_events e WHERE e.task_id = $1 ORDER BY e.event_date DESC, e.id DESC LIMIT 1"
    ).bind(task_id).fetch_all(&mut *c).await?);
    let Some(last) = rows.into_iter().next().filter(|r| r.id == expected) else { return Ok(None) };
    let last = last.event()?;
    let now = tx.now();
    let extension = last.kind == EventKind::Extend;
    on_tx!(tx, c => {
        sqlx::query("DELETE FROM task_events WHERE id = $1").bind(last.id).execute(&mut *c).await?;
        sqlx::query("UPDATE tasks SET stage = $1, updated_at = $2, version = version + 1, \
                     result_summary = CASE WHEN $3 = 'cong_nhan' THEN '' ELSE result_summary END WHERE id = $4")
            .bind(last.from.code()).bind(now).bind(last.to.code()).bind(task_id).execute(&mut *c).await?;
        if extension {
            // the end date goes back to the one the previous extension set (or the planned end)
            sqlx::query("UPDATE tasks SET extended_end_date = (SELECT e.new_end FROM task_events e WHERE e.task_id = $1 \
                         AND e.kind = 'gia_han' ORDER BY e.event_date DESC, e.id DESC LIMIT 1) WHERE id = $1")
                .bind(task_id).execute(&mut *c).await?;
        }
    });
    let before = serde_json::json!({"kind": last.kind.code(), "from": last.from.code(), "to": last.to.code(),
        "date": last.date.to_string(), "doc": last.doc_number, "new_end": last.new_end.map(|d| d.to_string())});
    tx.audit(
        Change::new("withdraw", "task", Some(task_id), format!("Rút bước ghi nhầm: {}", nfc(reason.trim())))
            .before(before.to_string()),
    );
    tx.touches_portal();
    Ok(Some(last))
}

row! {
    struct EventRow {
        id: i64,
        kind: String,
        from_stage: String,
        to_stage: String,
        event_date: NaiveDate,
        doc_kind: String,
        doc_number: String,
        doc_date: NaiveDate,
        doc_signer: String,
        note: String,
        recorded_by: Option<String>,
        doc_file: Option<String>,
        new_end: Option<NaiveDate>,
    }
}

impl EventRow {
    fn event(self) -> Result<Event> {
        Ok(Event {
            id: self.id,
            kind: known(EventKind::parse(&self.kind), "loại sự kiện", &self.kind)?,
            from: known(Stage::parse(&self.from_stage), "bước", &self.from_stage)?,
            to: known(Stage::parse(&self.to_stage), "bước", &self.to_stage)?,
            date: self.event_date,
            doc_kind: self.doc_kind,
            doc_number: self.doc_number,
            doc_date: self.doc_date,
            doc_signer: self.doc_signer,
            note: self.note,
            recorded_by: self.recorded_by.unwrap_or_default(),
            doc_file: self.doc_file,
            new_end: self.new_end,
        })
    }
}

/// A task's timeline, oldest first.
pub async fn events(db: &Db, task_id: i64) -> Result<Vec<Event>> {
    let rows: Vec<EventRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT e.id, e.kind, e.from_stage, e.to_stage, e.event_date, e.doc_kind, e.doc_number, e.doc_date, e.doc_signer, \
         e.note, u.display_name AS recorded_by, e.doc_file, e.new_end \
         FROM task_events e LEFT JOIN users u ON u.id = e.recorded_by WHERE e.task_id = $1 ORDER BY e.event_date, e.id"
    ).bind(task_id).fetch_all(p).await?);
    rows.into_iter().map(EventRow::event).collect()
}

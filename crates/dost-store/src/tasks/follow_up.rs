//! What is followed up on a task: inspections and checks, and the due dates
//! (reports, contract end, acceptance) until they are met.

use chrono::NaiveDate;
use dost_domain::tasks::DeadlineKind;
use dost_domain::text::nfc;

use super::known;
use crate::db::on_pool;
use crate::row::row;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};

/// Planned inspections and checks of a task.
pub async fn add_inspection(
    tx: &mut Tx,
    task_id: i64,
    on: NaiveDate,
    (kind, status): (&str, &str),
    findings: &str,
) -> Result<i64> {
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO task_inspections (task_id, on_date, kind, status, findings) VALUES ($1, $2, $3, $4, $5) RETURNING id"
    ).bind(task_id).bind(on).bind(kind).bind(status).bind(nfc(findings)).fetch_one(&mut *c).await?);
    let after = serde_json::json!({"task_id": task_id, "on": on.to_string(), "findings": findings});
    tx.audit(Change::new("create", "task_inspection", Some(id), format!("{kind} ({status})")).after(after.to_string()));
    Ok(id)
}

row! {
    /// A planned or done inspection of a task.
    #[derive(Debug, Clone)]
    pub struct Inspection {
        pub on_date: NaiveDate,
        /// `kiem_tra` (a periodic check) or `thanh_tra` (an inspection).
        pub kind: String,
        /// `ke_hoach` (planned) or `da_thuc_hien` (done).
        pub status: String,
        pub findings: String,
    }
}

/// A task's inspections and checks, by date.
pub async fn inspections(db: &Db, task_id: i64) -> Result<Vec<Inspection>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT on_date, kind, status, findings FROM task_inspections WHERE task_id = $1 ORDER BY on_date"
    ).bind(task_id).fetch_all(p).await?))
}

/// Adds a due date (report due, contract end, acceptance due…).
pub async fn add_deadline(tx: &mut Tx, task_id: i64, kind: DeadlineKind, due: NaiveDate, note: &str) -> Result<i64> {
    let kind = kind.code();
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO task_deadlines (task_id, kind, due_on, note) VALUES ($1, $2, $3, $4) RETURNING id"
    ).bind(task_id).bind(kind).bind(due).bind(nfc(note)).fetch_one(&mut *c).await?);
    let after = serde_json::json!({"task_id": task_id, "kind": kind, "due_on": due.to_string(), "note": note});
    tx.audit(Change::new("create", "task_deadline", Some(id), format!("Hạn {kind}: {due}")).after(after.to_string()));
    Ok(id)
}

/// An open deadline with its task, for the overdue view and the digest.
#[derive(Debug, Clone)]
pub struct Due {
    pub task_id: i64,
    /// The code of the task's unit (empty when none).
    pub unit_code: String,
    pub code: String,
    pub title: String,
    pub kind: DeadlineKind,
    pub due_on: NaiveDate,
    pub unit: String,
    pub investigator: String,
}

/// Open deadlines due on or before `until`, oldest first.
pub async fn open_deadlines(db: &Db, until: NaiveDate) -> Result<Vec<Due>> {
    let rows: Vec<DueRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT t.id AS task_id, COALESCE(n.code, '') AS unit_code, t.code, t.title, d.kind, d.due_on, \
         COALESCE(n.name, '') AS unit, COALESCE(TRIM(pe.title || ' ' || pe.full_name), '') AS investigator \
         FROM task_deadlines d JOIN tasks t ON t.id = d.task_id LEFT JOIN units n ON n.id = t.unit_id \
         LEFT JOIN people pe ON pe.id = t.investigator_id \
         WHERE d.done_on IS NULL AND d.due_on <= $1 ORDER BY d.due_on, t.code"
    ).bind(until).fetch_all(p).await?);
    rows.into_iter()
        .map(|r| {
            Ok(Due {
                task_id: r.task_id,
                unit_code: r.unit_code,
                code: r.code,
                title: r.title,
                kind: known(DeadlineKind::parse(&r.kind), "loại hạn", &r.kind)?,
                due_on: r.due_on,
                unit: r.unit,
                investigator: r.investigator,
            })
        })
        .collect()
}

row! {
    struct DueRow {
        task_id: i64,
        unit_code: String,
        code: String,
        title: String,
        kind: String,
        due_on: NaiveDate,
        unit: String,
        investigator: String,
    }
}

/// Marks a task's deadlines of a kind as done.
pub async fn close_deadlines(tx: &mut Tx, task_id: i64, kind: DeadlineKind, on: NaiveDate) -> Result<()> {
    let kind = kind.code();
    let n = on_tx!(tx, c => sqlx::query("UPDATE task_deadlines SET done_on = $1 WHERE task_id = $2 AND kind = $3 AND done_on IS NULL")
        .bind(on).bind(task_id).bind(kind).execute(&mut *c).await?.rows_affected());
    if n > 0 {
        tx.audit(Change::new("close", "task_deadline", Some(task_id), format!("Hoàn thành hạn {kind} ngày {on}")));
    }
    Ok(())
}

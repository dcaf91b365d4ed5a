//! S&T tasks in the back office: the list and its exports, recording a task,
//! its page with the timeline of evidenced steps, councils with their rule
//! checks and votes, money and checks, the deadlines view and the import.
//! A unit reads and records its own tasks; leaders read every task.

pub mod councils;
pub mod deadlines;
pub mod form;
pub mod import;
pub mod list;
pub mod money;
pub mod show;
pub mod steps;

use chrono::NaiveDate;
use dost_domain::access::{Action, Resource};
use dost_domain::format;
use dost_store::tasks::Task;

use super::Staff;
use crate::{AppState, WebError};

fn period(start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{} – {}", format::date(s), format::date(e)),
        _ => String::new(),
    }
}

/// The task's keeping unit as the access table reads it.
fn keepers(task: &Task) -> [&str; 1] {
    [task.row.unit_code.as_str()]
}

/// The task at `id`, once the person may read it (their unit's task, or any for leaders).
async fn load(state: &AppState, staff: &Staff, id: i64) -> Result<Task, WebError> {
    let task = dost_store::tasks::get(&state.db, id).await?.ok_or(WebError::NotFound)?;
    staff.require(Action::Read, Resource::Records(&keepers(&task)))?;
    Ok(task)
}

/// Whether the person records this task's steps (its unit's staff).
fn may_manage(staff: &Staff, task: &Task) -> bool {
    staff.may(Action::Write, Resource::Records(&keepers(task)))
}

/// The task at `id`, once the person may record its steps.
pub(in crate::staff) async fn load_for_writing(state: &AppState, staff: &Staff, id: i64) -> Result<Task, WebError> {
    let task = load(state, staff, id).await?;
    staff.require(Action::Write, Resource::Records(&keepers(&task)))?;
    Ok(task)
}

/// Whether a row of a list is one the person may read.
fn readable(staff: &Staff, unit_code: &str) -> bool {
    staff.may(Action::Read, Resource::Records(&[unit_code]))
}

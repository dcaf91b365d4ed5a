//! The deadlines of tasks: passed or due in the next 30 days, by unit or by
//! person (a unit sees its own tasks' deadlines).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use dost_domain::format;
use dost_domain::tasks as rules;

use super::super::{Staff, StaffPage, no_store};
use super::readable;
use crate::http::query::StaffQuery;
use crate::{AppState, WebError};

pub struct DueView {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub kind: &'static str,
    pub due: String,
    pub person: String,
    pub state: String,
}

pub struct Group {
    pub name: String,
    pub items: Vec<DueView>,
}

#[derive(Template)]
#[template(path = "staff/overdue.html")]
struct OverdueTemplate {
    page: StaffPage,
    until: String,
    groups: Vec<Group>,
}

/// Deadlines passed or due in the next 30 days, by unit (or by person with `?theo=nguoi`).
pub async fn overdue(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let by_person = q.value("theo") == Some("nguoi");
    let today = format::vn_date(state.clock.now());
    let until = today + chrono::Duration::days(30);
    let mut groups: BTreeMap<String, Vec<DueView>> = BTreeMap::new();
    for d in dost_store::tasks::open_deadlines(&state.db, until).await? {
        if !readable(&staff, &d.unit_code) {
            continue;
        }
        let left = rules::days_left(d.due_on, today);
        let state_text = if left < 0 { format!("Quá hạn {} ngày", -left) } else { format!("Còn {left} ngày") };
        let key = if by_person {
            if d.investigator.is_empty() { "Chưa có chủ nhiệm".into() } else { d.investigator.clone() }
        } else if d.unit.is_empty() {
            "Chưa giao đơn vị".into()
        } else {
            d.unit.clone()
        };
        groups.entry(key).or_default().push(DueView {
            id: d.task_id,
            kind: d.kind.label(),
            due: format::date(d.due_on),
            code: d.code,
            title: d.title,
            person: d.investigator,
            state: state_text,
        });
    }
    let t = OverdueTemplate {
        page: StaffPage::new(&staff, "Hạn của nhiệm vụ", "/quan-tri/nhiem-vu"),
        until: format::date(until),
        groups: groups.into_iter().map(|(name, items)| Group { name, items }).collect(),
    };
    Ok(no_store(t.render()?))
}

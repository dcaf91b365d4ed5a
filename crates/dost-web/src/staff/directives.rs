//! The leadership's directives: who does what by when, and how far it is.
//! Leaders give them and see them all; a unit sees and updates its own.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::access::{Action, Resource, sees_all_units};
use dost_domain::format;
use dost_store::work::Directive;
use serde::Deserialize;

use super::extract::StaffForm;
use super::work::date;
use super::{Opt, Staff, StaffPage};
use crate::http::VnPath;
use crate::http::respond::with_status;
use crate::{AppState, WebError};

const STATUSES: [(&str, &str); 3] =
    [("mo", "Chưa thực hiện"), ("dang_lam", "Đang thực hiện"), ("xong", "Đã hoàn thành")];

pub struct Row {
    pub id: i64,
    pub text: String,
    pub meeting: String,
    pub unit: String,
    pub deadline: String,
    pub overdue: bool,
    pub status: &'static str,
    pub progress: String,
    pub can_update: bool,
    pub statuses: Vec<Opt>,
}

#[derive(Template)]
#[template(path = "staff/directives.html")]
struct DirectivesTemplate {
    page: StaffPage,
    rows: Vec<Row>,
    can_create: bool,
    units: Vec<Opt>,
    form_error: Option<String>,
}

/// Leaders update any directive; a unit's people their unit's.
fn may_update(staff: &Staff, d: &Directive) -> bool {
    staff.may(Action::Write, Resource::Directives) || staff.may(Action::Write, Resource::Records(&[&d.unit_code]))
}

/// Leaders see every directive; a unit's people their unit's.
fn may_read(staff: &Staff, d: &Directive) -> bool {
    sees_all_units(&staff.who()) || staff.may(Action::Read, Resource::Records(&[&d.unit_code]))
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Response, WebError> {
    page(&state, &staff, None).await
}

async fn page(state: &AppState, staff: &Staff, form_error: Option<String>) -> Result<Response, WebError> {
    let today = format::vn_date(state.clock.now());
    let rows = dost_store::work::directives(&state.db)
        .await?
        .into_iter()
        .filter(|d| may_read(staff, d))
        .map(|d| Row {
            id: d.id,
            can_update: may_update(staff, &d),
            overdue: d.status != "xong" && d.deadline.is_some_and(|x| x < today),
            status: STATUSES.iter().find(|s| s.0 == d.status).map(|s| s.1).unwrap_or("Chưa thực hiện"),
            statuses: STATUSES
                .iter()
                .map(|(v, l)| Opt { value: (*v).into(), label: (*l).into(), selected: *v == d.status })
                .collect(),
            meeting: format!("{} ({})", d.meeting, format::date(d.meeting_date)),
            deadline: d.deadline.map(format::date).unwrap_or_default(),
            text: d.text,
            unit: d.unit_name,
            progress: d.progress,
        })
        .collect();
    // only the units that exist today are offered
    let units = state
        .org()
        .units_on(state.today())
        .map(|u| Opt { value: u.id.to_string(), label: u.name.clone(), selected: false })
        .collect();
    let t = DirectivesTemplate {
        page: StaffPage::new(staff, "Ý kiến chỉ đạo", "/quan-tri/chi-dao"),
        rows,
        can_create: staff.may(Action::Write, Resource::Directives),
        units,
        form_error: form_error.clone(),
    };
    let status = if form_error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(with_status(t.render()?, status))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDirective {
    text: String,
    meeting: String,
    meeting_date: String,
    unit: String,
    deadline: String,
}

/// Leaders give a new directive to a unit, with a deadline.
pub async fn create(
    State(state): State<AppState>,
    StaffForm { staff, form: f }: StaffForm<NewDirective>,
) -> Result<Response, WebError> {
    let org = state.org();
    let unit = org.units_on(state.today()).find(|u| u.id.to_string() == f.unit.trim()).map(|u| u.id);
    let meeting_date = date(&f.meeting_date);
    let deadline = date(&f.deadline);
    let error = if f.text.trim().is_empty() || f.meeting.trim().is_empty() {
        Some("Hãy ghi nội dung chỉ đạo và cuộc họp.".to_string())
    } else if meeting_date.is_none() {
        Some("Ngày họp phải theo dạng dd/mm/yyyy.".into())
    } else if unit.is_none() {
        Some("Hãy chọn đơn vị chủ trì.".into())
    } else if !f.deadline.trim().is_empty() && deadline.is_none() {
        Some("Thời hạn phải theo dạng dd/mm/yyyy.".into())
    } else if deadline.zip(meeting_date).is_some_and(|(d, m)| d < m) {
        Some("Thời hạn không được trước ngày họp.".into())
    } else {
        None
    };
    let (Some(meeting_date), None) = (meeting_date, &error) else {
        return page(&state, &staff, error).await;
    };
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::work::add_directive(&mut tx, &f.text, (&f.meeting, meeting_date), unit, deadline).await?;
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/chi-dao").into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    status: String,
    progress: String,
}

/// The directive at `id`, once the person may update it.
pub(super) async fn open_for_update(state: &AppState, staff: &Staff, id: i64) -> Result<Directive, WebError> {
    let directive = dost_store::work::directive(&state.db, id).await?.ok_or(WebError::NotFound)?;
    if !may_update(staff, &directive) {
        return Err(WebError::Forbidden("Chỉ lãnh đạo Sở và đơn vị được giao mới cập nhật được việc này.".into()));
    }
    Ok(directive)
}

pub async fn update(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffForm { staff, form: f }: StaffForm<Progress>,
) -> Result<Response, WebError> {
    open_for_update(&state, &staff, id).await?;
    if !STATUSES.iter().any(|s| s.0 == f.status) {
        return Err(WebError::BadRequest("Tình trạng không hợp lệ.".into()));
    }
    let mut tx = state.begin(&staff.actor()).await?;
    if !dost_store::work::update_directive(&mut tx, id, &f.status, &f.progress).await? {
        return Err(WebError::NotFound);
    }
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/chi-dao").into_response())
}

//! The leadership's directives: who does what by when, and how far it is.

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::format;
use dost_domain::roles::{Permission, Role};

use super::{Opt, Staff, StaffPage, no_store};
use crate::portal::{VnPath, parse_pairs};
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
}

/// Leaders and administrators update any directive; a unit's staff their unit's.
fn may_update(staff: &Staff, unit: &str) -> bool {
    matches!(staff.role(), Role::Administrator | Role::Leadership)
        || (matches!(staff.role(), Role::UnitHead | Role::UnitStaff)
            && !unit.is_empty()
            && staff.user.unit_name == unit)
}

fn visible(staff: &Staff) -> bool {
    staff.can(Permission::SeeDepartment) || staff.can(Permission::ManageTasks)
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Response, WebError> {
    if !visible(&staff) {
        staff.require(Permission::SeeDepartment)?;
    }
    let today = format::vn_date(state.clock.now());
    let rows = dost_store::work::directives(&state.db)
        .await?
        .into_iter()
        .map(|(id, text, meeting, meeting_date, unit, deadline, status, progress)| Row {
            id,
            can_update: may_update(&staff, &unit),
            overdue: status != "xong" && deadline.is_some_and(|d| d < today),
            status: STATUSES.iter().find(|s| s.0 == status).map(|s| s.1).unwrap_or("Chưa thực hiện"),
            statuses: STATUSES
                .iter()
                .map(|(v, l)| Opt { value: (*v).into(), label: (*l).into(), selected: *v == status })
                .collect(),
            meeting: format!("{meeting} ({})", format::date(meeting_date)),
            deadline: deadline.map(format::date).unwrap_or_default(),
            text,
            unit,
            progress,
        })
        .collect();
    Ok(no_store(
        DirectivesTemplate { page: StaffPage::new(&staff, "Ý kiến chỉ đạo", "/quan-tri/chi-dao"), rows }.render()?,
    ))
}

pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let pairs =
        parse_pairs(std::str::from_utf8(&body).map_err(|_| WebError::BadRequest("Dữ liệu không hợp lệ.".into()))?)?;
    let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    staff.check_csrf(&get("csrf"))?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let all = dost_store::work::directives(&state.db).await?;
    let directive = all.iter().find(|d| d.0 == id).ok_or(WebError::NotFound)?;
    if !may_update(&staff, &directive.4) {
        return Err(WebError::Forbidden("Chỉ lãnh đạo Sở và đơn vị được giao mới cập nhật được việc này.".into()));
    }
    let status = get("status");
    if !STATUSES.iter().any(|s| s.0 == status) {
        return Err(WebError::BadRequest("Tình trạng không hợp lệ.".into()));
    }
    dost_store::work::update_directive(&state.db, id, &status, &get("progress"), &staff.actor(), state.clock.now())
        .await?;
    Ok(Redirect::to("/quan-tri/chi-dao").into_response())
}

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
    can_create: bool,
    units: Vec<Opt>,
    form_error: Option<String>,
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
    page(&state, &staff, None).await
}

async fn page(state: &AppState, staff: &Staff, form_error: Option<String>) -> Result<Response, WebError> {
    let staff = staff.clone();
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
    let units = dost_store::accounts::units(&state.db)
        .await?
        .into_iter()
        .map(|u| Opt { value: u.id.to_string(), label: u.name, selected: false })
        .collect();
    let t = DirectivesTemplate {
        page: StaffPage::new(&staff, "Ý kiến chỉ đạo", "/quan-tri/chi-dao"),
        rows,
        can_create: matches!(staff.role(), Role::Administrator | Role::Leadership),
        units,
        form_error: form_error.clone(),
    };
    let mut r = no_store(t.render()?);
    if form_error.is_some() {
        *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

/// Leaders give a new directive to a unit, with a deadline.
pub async fn create(State(state): State<AppState>, staff: Staff, body: Bytes) -> Result<Response, WebError> {
    if !matches!(staff.role(), Role::Administrator | Role::Leadership) {
        return Err(WebError::Forbidden("Chỉ lãnh đạo Sở giao việc.".into()));
    }
    let pairs =
        parse_pairs(std::str::from_utf8(&body).map_err(|_| WebError::BadRequest("Dữ liệu không hợp lệ.".into()))?)?;
    let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    staff.check_csrf(&get("csrf"))?;
    let date = |k: &str| chrono::NaiveDate::parse_from_str(&get(k), "%d/%m/%Y").ok();
    let units = dost_store::accounts::units(&state.db).await?;
    let unit = units.iter().find(|u| u.id.to_string() == get("unit")).map(|u| u.id);
    let deadline = date("deadline");
    let error = if get("text").is_empty() || get("meeting").is_empty() {
        Some("Hãy ghi nội dung chỉ đạo và cuộc họp.".to_string())
    } else if date("meeting_date").is_none() {
        Some("Ngày họp phải theo dạng dd/mm/yyyy.".into())
    } else if unit.is_none() {
        Some("Hãy chọn đơn vị chủ trì.".into())
    } else if !get("deadline").is_empty() && deadline.is_none() {
        Some("Thời hạn phải theo dạng dd/mm/yyyy.".into())
    } else if deadline.zip(date("meeting_date")).is_some_and(|(d, m)| d < m) {
        Some("Thời hạn không được trước ngày họp.".into())
    } else {
        None
    };
    if let Some(e) = error {
        return page(&state, &staff, Some(e)).await;
    }
    let meeting_date = date("meeting_date").unwrap_or_default();
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::work::add_directive(&mut tx, &get("text"), (&get("meeting"), meeting_date), unit, deadline).await?;
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/chi-dao").into_response())
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
    let mut tx = state.begin(&staff.actor()).await?;
    if !dost_store::work::update_directive(&mut tx, id, &status, &get("progress")).await? {
        return Err(WebError::NotFound);
    }
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/chi-dao").into_response())
}

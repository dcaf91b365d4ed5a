use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::roles::{Role, check_password, check_username};
use dost_store::accounts::NewUser;
use serde::Deserialize;

use super::extract::StaffForm;
use super::{Opt, Staff, StaffPage, flash, no_store};
use crate::http::VnPath;
use crate::http::query::StaffQuery;
use crate::{AppState, WebError};

pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub unit: String,
    pub disabled: bool,
    pub is_me: bool,
}

#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct NewUserForm {
    username: String,
    display_name: String,
    email: String,
    role: String,
    unit: String,
    password: String,
}

#[derive(Template)]
#[template(path = "staff/users.html")]
struct UsersTemplate {
    page: StaffPage,
    users: Vec<UserView>,
    roles: Vec<Opt>,
    units: Vec<Opt>,
    f: NewUserForm,
    form_error: Option<String>,
    totp_roles: Vec<Opt>,
}

async fn render(
    state: &AppState,
    staff: &Staff,
    f: NewUserForm,
    form_error: Option<String>,
    flash_code: Option<&str>,
) -> Result<String, WebError> {
    let users = dost_store::accounts::list_users(&state.db)
        .await?
        .into_iter()
        .map(|u| UserView {
            id: u.id,
            is_me: u.id == staff.user.id,
            role: u.role.label(),
            username: u.username,
            display_name: u.display_name,
            unit: u.unit_name,
            disabled: u.disabled,
        })
        .collect();
    // only the units that exist today are offered
    let units = state
        .org()
        .units_on(state.today())
        .map(|u| Opt { selected: u.code == f.unit, value: u.code.clone(), label: u.name.clone() })
        .collect();
    let roles = Role::ALL
        .iter()
        .map(|r| Opt { value: r.as_str().into(), label: r.label().into(), selected: r.as_str() == f.role })
        .collect();
    let mut page = StaffPage::new(staff, "Người dùng", "/quan-tri/nguoi-dung");
    page.flash = flash(flash_code);
    let required = dost_store::accounts::totp_roles(&state.db).await?;
    let totp_roles = Role::ALL
        .iter()
        .map(|r| Opt { value: r.as_str().into(), label: r.label().into(), selected: required.contains(r) })
        .collect();
    Ok(UsersTemplate { page, users, roles, units, f, form_error, totp_roles }.render()?)
}

pub async fn list(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    Ok(no_store(
        render(&state, &staff, NewUserForm { role: "unit_staff".into(), ..Default::default() }, None, q.value("tb"))
            .await?,
    ))
}

pub async fn create(
    State(state): State<AppState>,
    StaffForm { staff, form: f }: StaffForm<NewUserForm>,
) -> Result<Response, WebError> {
    let username = f.username.trim().to_lowercase();
    let org = state.org();
    let unit_id = org.units_on(state.today()).find(|u| u.code == f.unit).map(|u| u.id);
    let error = check_username(&username)
        .err()
        .map(|e| e.to_string())
        .or_else(|| check_password(&f.password).err().map(|e| e.to_string()))
        .or_else(|| Role::parse(&f.role).is_none().then(|| "Hãy chọn vai trò.".to_string()))
        .or_else(|| f.display_name.trim().is_empty().then(|| "Hãy nhập họ và tên.".to_string()))
        .or_else(|| {
            (!f.unit.is_empty() && unit_id.is_none()).then(|| "Đơn vị không tồn tại hoặc đã đóng.".to_string())
        });
    if let Some(e) = error {
        let mut r =
            no_store(render(&state, &staff, NewUserForm { password: String::new(), ..f }, Some(e), None).await?);
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(r);
    }
    let role = Role::parse(&f.role).unwrap_or(Role::UnitStaff);
    let hash = dost_app::passwords::hash(f.password.clone()).await?;
    let new = NewUser {
        username: &username,
        display_name: f.display_name.trim(),
        email: f.email.trim(),
        password_hash: &hash,
        role,
        unit_id,
    };
    let mut tx = state.begin(&staff.actor()).await?;
    match dost_store::accounts::create_user(&mut tx, &new).await? {
        Some(_) => {
            state.commit(tx).await?;
            Ok(Redirect::to("/quan-tri/nguoi-dung?tb=da-tao-tk").into_response())
        }
        None => {
            drop(tx);
            let mut r = no_store(
                render(
                    &state,
                    &staff,
                    NewUserForm { password: String::new(), ..f },
                    Some(format!("Tên đăng nhập «{username}» đã có người dùng.")),
                    None,
                )
                .await?,
            );
            *r.status_mut() = StatusCode::CONFLICT;
            Ok(r)
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToggleForm {
    khoa: String,
}

pub async fn toggle(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffForm { staff, form: f }: StaffForm<ToggleForm>,
) -> Result<Response, WebError> {
    if id == staff.user.id {
        return Err(WebError::BadRequest("Bạn không thể tự khóa tài khoản của mình.".into()));
    }
    let mut tx = state.begin(&staff.actor()).await?;
    if !dost_store::accounts::set_disabled(&mut tx, id, f.khoa == "1").await? {
        return Err(WebError::NotFound);
    }
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/nguoi-dung?tb=da-cap-nhat").into_response())
}

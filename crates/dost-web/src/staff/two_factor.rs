//! Two-factor sign-in (RFC 6238): entering the code after the password,
//! enrolling an authenticator app, and which roles must use it.

use askama::Template;
use axum::extract::{Form, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::roles::{Permission, Role};
use dost_domain::totp::{base32_decode, base32_encode, otpauth_uri, verify};
use serde::Deserialize;

use super::auth::{FAILURE_WINDOW_SECS, MAX_FAILURES_PER_ACCOUNT, PendingStaff, Staff};
use super::no_store;
use crate::portal::{parse_pairs, parse_query};
use crate::visitors::random_hex;
use crate::{AppState, WebError};
use dost_store::accounts::Limit;

#[derive(Template)]
#[template(path = "staff/second_factor.html")]
struct CodeTemplate {
    username: String,
    csrf: String,
    error: Option<String>,
    asset_v: &'static str,
}

fn code_page(staff: &Staff, error: Option<String>, status: StatusCode) -> Result<Response, WebError> {
    let t = CodeTemplate {
        username: staff.user.username.clone(),
        csrf: staff.session.csrf_token.clone(),
        error,
        asset_v: crate::static_files::asset_version(),
    };
    let mut r = no_store(t.render()?);
    *r.status_mut() = status;
    Ok(r)
}

pub async fn code_form(PendingStaff(staff): PendingStaff) -> Result<Response, WebError> {
    if staff.session.mfa_ok {
        return Ok(Redirect::to("/quan-tri").into_response());
    }
    code_page(&staff, None, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
}

pub async fn code_submit(
    State(state): State<AppState>,
    PendingStaff(staff): PendingStaff,
    Form(f): Form<CodeForm>,
) -> Result<Response, WebError> {
    staff.check_csrf(&f.csrf)?;
    let now = state.clock.now();
    let limit = Limit { key: format!("totp:{}", staff.user.username), max: MAX_FAILURES_PER_ACCOUNT };
    // counted before the code is checked: simultaneous guesses share the limit
    let Some(attempt) = dost_store::accounts::take_attempt(&state.db, &[limit], now - FAILURE_WINDOW_SECS, now).await?
    else {
        return code_page(
            &staff,
            Some("Nhập sai mã quá nhiều lần. Vui lòng thử lại sau 15 phút.".into()),
            StatusCode::TOO_MANY_REQUESTS,
        );
    };
    let secret = staff.user.totp_secret.as_deref().and_then(base32_decode).unwrap_or_default();
    let step = if secret.is_empty() { None } else { verify(&secret, &f.code, now) };
    let mut tx = state.begin(&staff.actor()).await?;
    // a code is accepted once: its time step must be newer than the last used
    let fresh = match step {
        Some(step) => dost_store::accounts::confirm_mfa(&mut tx, &staff.session.id_hash, staff.user.id, step).await?,
        None => false,
    };
    if !fresh {
        drop(tx);
        let mut tx = state.begin(&staff.actor()).await?;
        dost_store::accounts::note_failure(&mut tx, "Mã xác thực hai bước không đúng").await?;
        state.commit(tx).await?;
        return code_page(&staff, Some("Mã xác thực không đúng hoặc đã hết hạn.".into()), StatusCode::UNAUTHORIZED);
    }
    state.commit(tx).await?;
    dost_store::accounts::forgive(&state.db, &attempt, now).await?;
    Ok(Redirect::to("/quan-tri").into_response())
}

#[derive(Template)]
#[template(path = "staff/enrol.html")]
struct EnrolTemplate {
    username: String,
    csrf: String,
    enabled: bool,
    can_disable: bool,
    required: bool,
    secret: String,
    uri: String,
    message: Option<String>,
    error: Option<String>,
    asset_v: &'static str,
}

async fn enrol_page(
    state: &AppState,
    staff: &Staff,
    secret: Option<String>,
    error: Option<String>,
    message: Option<String>,
) -> Result<Response, WebError> {
    let required = dost_store::accounts::totp_roles(&state.db).await?.contains(&staff.user.role);
    let secret = secret.unwrap_or_else(|| {
        let mut bytes = [0u8; 20];
        if getrandom::fill(&mut bytes).is_err() {
            bytes.copy_from_slice(&random_hex(10).into_bytes()[..20]);
        }
        base32_encode(&bytes)
    });
    let issuer = state.layout.get().site.org.clone();
    let t = EnrolTemplate {
        username: staff.user.username.clone(),
        csrf: staff.session.csrf_token.clone(),
        enabled: staff.user.totp_secret.is_some(),
        can_disable: !required,
        required,
        uri: otpauth_uri(&issuer, &staff.user.username, &secret),
        secret,
        message,
        error: error.clone(),
        asset_v: crate::static_files::asset_version(),
    };
    let mut r = no_store(t.render()?);
    if error.is_some() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

pub async fn enrol_form(
    State(state): State<AppState>,
    PendingStaff(staff): PendingStaff,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    if !staff.session.mfa_ok {
        return Ok(Redirect::to("/quan-tri/ma-xac-thuc").into_response());
    }
    let q = parse_query(raw.as_deref())?;
    let message = match q.get("tb").map(String::as_str) {
        Some("bat") => Some("Đã bật xác thực hai bước.".to_string()),
        Some("tat") => Some("Đã tắt xác thực hai bước.".to_string()),
        _ => None,
    };
    enrol_page(&state, &staff, None, None, message).await
}

pub async fn enrol_submit(
    State(state): State<AppState>,
    PendingStaff(staff): PendingStaff,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    if !staff.session.mfa_ok {
        return Ok(Redirect::to("/quan-tri/ma-xac-thuc").into_response());
    }
    let pairs =
        parse_pairs(std::str::from_utf8(&body).map_err(|_| WebError::BadRequest("Dữ liệu không hợp lệ.".into()))?)?;
    let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default();
    staff.check_csrf(&get("csrf"))?;
    let secret_b32 = get("secret");
    let secret = base32_decode(&secret_b32)
        .filter(|s| s.len() >= 10)
        .ok_or_else(|| WebError::BadRequest("Khóa bí mật không hợp lệ.".into()))?;
    let Some(step) = verify(&secret, &get("code"), state.clock.now()) else {
        return enrol_page(
            &state,
            &staff,
            Some(secret_b32),
            Some("Mã chưa đúng. Hãy kiểm tra giờ trên điện thoại rồi nhập mã mới.".into()),
            None,
        )
        .await;
    };
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::accounts::set_totp(&mut tx, staff.user.id, Some(&secret_b32), step).await?;
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/xac-thuc-hai-buoc?tb=bat").into_response())
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

pub async fn disable(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, WebError> {
    staff.check_csrf(&f.csrf)?;
    if dost_store::accounts::totp_roles(&state.db).await?.contains(&staff.user.role) {
        return Err(WebError::Forbidden("Vai trò của bạn bắt buộc dùng xác thực hai bước.".into()));
    }
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::accounts::set_totp(&mut tx, staff.user.id, None, 0).await?;
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/xac-thuc-hai-buoc?tb=tat").into_response())
}

/// The administrator chooses which roles must use two-factor sign-in.
pub async fn required_roles(
    State(state): State<AppState>,
    staff: Staff,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    staff.require(Permission::ManageUsers)?;
    let pairs =
        parse_pairs(std::str::from_utf8(&body).map_err(|_| WebError::BadRequest("Dữ liệu không hợp lệ.".into()))?)?;
    let csrf = pairs.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or("");
    staff.check_csrf(csrf)?;
    let roles: Vec<Role> = pairs.iter().filter(|(k, _)| k == "role").filter_map(|(_, v)| Role::parse(v)).collect();
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::accounts::set_totp_roles(&mut tx, &roles).await?;
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/nguoi-dung?tb=da-cap-nhat").into_response())
}

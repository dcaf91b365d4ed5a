//! Two-factor sign-in (RFC 6238): entering the code after the password (a
//! code works once), enrolling an authenticator app (with a QR code), turning
//! it off (both ask for the password), and which roles must use it.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use dost_domain::roles::Role;
use dost_domain::totp::{base32_decode, base32_encode, otpauth_uri, verify};
use dost_store::accounts::Limit;
use serde::Deserialize;

use super::extract::{PendingForm, StaffForm};
use super::session::{FAILURE_WINDOW_SECS, MAX_FAILURES_PER_ACCOUNT, PendingStaff, Staff};
use crate::http::cookies::random_hex;
use crate::http::query::StaffQuery;
use crate::http::respond::{see_other, with_status};
use crate::{AppState, WebError};

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
    Ok(with_status(t.render()?, status))
}

pub async fn code_form(PendingStaff(staff): PendingStaff) -> Result<Response, WebError> {
    if staff.session.mfa_ok {
        return Ok(see_other("/quan-tri", "/quan-tri"));
    }
    code_page(&staff, None, StatusCode::OK)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeForm {
    code: String,
}

pub async fn code_submit(
    State(state): State<AppState>,
    PendingForm { staff, form: f }: PendingForm<CodeForm>,
) -> Result<Response, WebError> {
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
    // a code is accepted once: its time step must be newer than the last one used
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
    Ok(see_other("/quan-tri", "/quan-tri"))
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
    qr_svg: String,
    message: Option<String>,
    error: Option<String>,
    asset_v: &'static str,
}

/// The `otpauth://` address as a QR code (an inline SVG the page shows).
fn qr_svg(uri: &str) -> String {
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(code) => {
            let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).quiet_zone(true).build();
            // drop the XML declaration: the SVG sits inside the HTML page
            svg.find("<svg").map(|i| svg[i..].to_string()).unwrap_or_default()
        }
        Err(_) => String::new(),
    }
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
    let uri = otpauth_uri(&issuer, &staff.user.username, &secret);
    let t = EnrolTemplate {
        username: staff.user.username.clone(),
        csrf: staff.session.csrf_token.clone(),
        enabled: staff.user.totp_secret.is_some(),
        can_disable: !required,
        required,
        qr_svg: qr_svg(&uri),
        uri,
        secret,
        message,
        error: error.clone(),
        asset_v: crate::static_files::asset_version(),
    };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(with_status(t.render()?, status))
}

pub async fn enrol_form(
    State(state): State<AppState>,
    PendingStaff(staff): PendingStaff,
    q: StaffQuery,
) -> Result<Response, WebError> {
    if !staff.session.mfa_ok {
        return Ok(see_other("/quan-tri/ma-xac-thuc", "/quan-tri"));
    }
    let message = match q.value("tb") {
        Some("bat") => Some("Đã bật xác thực hai bước.".to_string()),
        Some("tat") => Some("Đã tắt xác thực hai bước.".to_string()),
        _ => None,
    };
    enrol_page(&state, &staff, None, None, message).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrolForm {
    secret: String,
    code: String,
    password: String,
}

/// Turns two-factor sign-in on (or moves it to a new phone): the password,
/// then a code from the app.
pub async fn enrol_submit(
    State(state): State<AppState>,
    PendingForm { staff, form: f }: PendingForm<EnrolForm>,
) -> Result<Response, WebError> {
    if !staff.session.mfa_ok {
        return Ok(see_other("/quan-tri/ma-xac-thuc", "/quan-tri"));
    }
    let secret = base32_decode(&f.secret)
        .filter(|s| s.len() >= 10)
        .ok_or_else(|| WebError::BadRequest("Khóa bí mật không hợp lệ.".into()))?;
    if !dost_app::passwords::verify(f.password, Some(staff.user.password_hash.clone())).await {
        let e = "Mật khẩu không đúng: cần mật khẩu hiện tại để bật xác thực hai bước.".to_string();
        return enrol_page(&state, &staff, Some(f.secret), Some(e), None).await;
    }
    let Some(step) = verify(&secret, &f.code, state.clock.now()) else {
        let e = "Mã chưa đúng. Hãy kiểm tra giờ trên điện thoại rồi nhập mã mới.".to_string();
        return enrol_page(&state, &staff, Some(f.secret), Some(e), None).await;
    };
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::accounts::set_totp(&mut tx, staff.user.id, Some(&f.secret), step).await?;
    state.commit(tx).await?;
    Ok(see_other("/quan-tri/xac-thuc-hai-buoc?tb=bat", "/quan-tri"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisableForm {
    password: String,
}

/// Turns two-factor sign-in off (the password is asked again).
pub async fn disable(
    State(state): State<AppState>,
    StaffForm { staff, form }: StaffForm<DisableForm>,
) -> Result<Response, WebError> {
    if dost_store::accounts::totp_roles(&state.db).await?.contains(&staff.user.role) {
        return Err(WebError::Forbidden("Vai trò của bạn bắt buộc dùng xác thực hai bước.".into()));
    }
    if !dost_app::passwords::verify(form.password, Some(staff.user.password_hash.clone())).await {
        let e = "Mật khẩu không đúng: cần mật khẩu hiện tại để tắt xác thực hai bước.".to_string();
        return enrol_page(&state, &staff, None, Some(e), None).await;
    }
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::accounts::set_totp(&mut tx, staff.user.id, None, 0).await?;
    state.commit(tx).await?;
    Ok(see_other("/quan-tri/xac-thuc-hai-buoc?tb=tat", "/quan-tri"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RolesForm {
    #[serde(default)]
    role: Vec<String>,
}

/// The administrator chooses which roles must use two-factor sign-in.
pub async fn required_roles(
    State(state): State<AppState>,
    StaffForm { staff, form }: StaffForm<RolesForm>,
) -> Result<Response, WebError> {
    let roles = form
        .role
        .iter()
        .map(|r| Role::parse(r).ok_or_else(|| WebError::BadRequest("Vai trò không hợp lệ.".into())))
        .collect::<Result<Vec<_>, _>>()?;
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::accounts::set_totp_roles(&mut tx, &roles).await?;
    state.commit(tx).await?;
    Ok(see_other("/quan-tri/nguoi-dung?tb=da-cap-nhat", "/quan-tri"))
}

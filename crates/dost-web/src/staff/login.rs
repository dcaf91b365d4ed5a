use askama::Template;
use axum::extract::{Form, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::roles::check_password;
use dost_store::accounts::{Limit, Session};
use dost_store::audit::Actor;
use serde::Deserialize;

use super::auth::{
    ClientAddr, FAILURE_WINDOW_SECS, IDLE_SECS, LOGIN_COOKIE, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS,
    SESSION_COOKIE, Staff, cookie_value, hash_password, hash_token, same_secret, set_cookie, verify_password,
};
use super::{StaffPage, no_store};
use crate::portal::parse_query;
use crate::visitors::random_hex;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "staff/login.html")]
struct LoginTemplate {
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
    asset_v: &'static str,
}

/// Only paths inside the back office are followed after signing in.
fn safe_next(next: &str) -> String {
    if next.starts_with("/quan-tri") && !next.starts_with("//") && !next.contains("://") {
        next.into()
    } else {
        "/quan-tri".into()
    }
}

fn login_page(
    state: &AppState,
    status: StatusCode,
    next: &str,
    username: &str,
    error: Option<String>,
) -> Result<Response, WebError> {
    let csrf = random_hex(16);
    let t = LoginTemplate {
        csrf: csrf.clone(),
        next: safe_next(next),
        username: username.into(),
        error,
        asset_v: crate::static_files::asset_version(),
    };
    let mut r = no_store(t.render()?);
    *r.status_mut() = status;
    r.headers_mut().append(header::SET_COOKIE, set_cookie(state, LOGIN_COOKIE, &csrf, 3600));
    Ok(r)
}

pub async fn form(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let q = parse_query(raw.as_deref())?;
    login_page(&state, StatusCode::OK, q.get("tiep").map(String::as_str).unwrap_or(""), "", None)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    tiep: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(ip): ClientAddr,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    let cookie_token = cookie_value(&headers, LOGIN_COOKIE).unwrap_or_default();
    if cookie_token.is_empty() || !same_secret(&cookie_token, &f.csrf) {
        return login_page(
            &state,
            StatusCode::FORBIDDEN,
            &f.tiep,
            &f.username,
            Some("Biểu mẫu đăng nhập đã hết hạn. Xin nhập lại.".into()),
        );
    }
    let now = state.clock.now();
    let username = f.username.trim().to_lowercase();
    let limits = [
        Limit { key: format!("u:{username}"), max: MAX_FAILURES_PER_ACCOUNT },
        Limit { key: format!("ip:{ip}"), max: MAX_FAILURES_PER_ADDRESS },
    ];
    // The attempt is counted before the password is checked, so that
    // simultaneous guesses cannot all slip under the limit.
    let Some(attempt) = dost_store::accounts::take_attempt(&state.db, &limits, now - FAILURE_WINDOW_SECS, now).await?
    else {
        return login_page(
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            &f.tiep,
            &f.username,
            Some("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.".into()),
        );
    };
    let user = dost_store::accounts::user_by_username(&state.db, &username).await?.filter(|u| !u.disabled);
    let ok = verify_password(f.password.clone(), user.as_ref().map(|u| u.password_hash.clone())).await;
    let actor = Actor { user_id: user.as_ref().map(|u| u.id), username: username.clone(), ip: ip.clone() };
    let Some(user) = user.filter(|_| ok) else {
        let mut tx = state.db.begin(&actor, now).await?;
        dost_store::accounts::note_failure(&mut tx, "Đăng nhập không thành công").await?;
        state.commit(tx).await?;
        return login_page(
            &state,
            StatusCode::UNAUTHORIZED,
            &f.tiep,
            &f.username,
            Some("Tên đăng nhập hoặc mật khẩu không đúng.".into()),
        );
    };
    dost_store::accounts::forgive(&state.db, &attempt, now).await?;
    let token = random_hex(32);
    let mfa_ok = user.totp_secret.is_none();
    let session = Session {
        mfa_ok,
        id_hash: hash_token(&token),
        user_id: user.id,
        csrf_token: random_hex(32),
        last_seen: now,
        expires_at: now + IDLE_SECS,
    };
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mut tx = state.db.begin(&actor, now).await?;
    dost_store::accounts::create_session(&mut tx, &session, &ip, &ua.chars().take(300).collect::<String>()).await?;
    state.commit(tx).await?;
    let to = if mfa_ok { safe_next(&f.tiep) } else { "/quan-tri/ma-xac-thuc".to_string() };
    let mut r = Redirect::to(&to).into_response();
    r.headers_mut().append(header::SET_COOKIE, set_cookie(&state, SESSION_COOKIE, &token, IDLE_SECS * 6));
    r.headers_mut().append(header::SET_COOKIE, set_cookie(&state, LOGIN_COOKIE, "", 0));
    Ok(r)
}

#[derive(Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf: String,
    #[serde(default, rename = "tat-ca")]
    all: String,
}

pub async fn sign_out(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<SignOutForm>,
) -> Result<Response, WebError> {
    staff.check_csrf(&f.csrf)?;
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::accounts::end_sessions(&mut tx, &staff.session.id_hash, f.all == "1").await?;
    state.commit(tx).await?;
    let mut r = Redirect::to("/quan-tri/dang-nhap").into_response();
    r.headers_mut().append(header::SET_COOKIE, set_cookie(&state, SESSION_COOKIE, "", 0));
    Ok(r)
}

#[derive(Template)]
#[template(path = "staff/password.html")]
struct PasswordTemplate {
    page: StaffPage,
    form_error: Option<String>,
}

pub async fn password_form(staff: Staff, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let q = parse_query(raw.as_deref())?;
    let mut page = StaffPage::new(&staff, "Đổi mật khẩu", "/quan-tri/mat-khau");
    page.flash = super::flash(q.get("tb").map(String::as_str));
    Ok(no_store(PasswordTemplate { page, form_error: None }.render()?))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    old: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    again: String,
}

pub async fn password_change(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<PasswordForm>,
) -> Result<Response, WebError> {
    staff.check_csrf(&f.csrf)?;
    let error = if !verify_password(f.old.clone(), Some(staff.user.password_hash.clone())).await {
        Some("Mật khẩu hiện tại không đúng.".to_string())
    } else if f.new != f.again {
        Some("Hai lần nhập mật khẩu mới không giống nhau.".into())
    } else {
        check_password(&f.new).err().map(|e| e.to_string())
    };
    if let Some(e) = error {
        let page = StaffPage::new(&staff, "Đổi mật khẩu", "/quan-tri/mat-khau");
        let mut r = no_store(PasswordTemplate { page, form_error: Some(e) }.render()?);
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(r);
    }
    let hash = hash_password(f.new).await?;
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::accounts::set_password(&mut tx, staff.user.id, &hash, Some(&staff.session.id_hash)).await?;
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/mat-khau?tb=da-doi-mat-khau").into_response())
}

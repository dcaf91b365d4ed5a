//! Signing in and out, and changing one's password.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use dost_domain::roles::check_password;
use dost_store::accounts::{Limit, Session};
use dost_store::audit::Actor;
use serde::Deserialize;

use super::extract::StaffForm;
use super::session::{
    FAILURE_WINDOW_SECS, IDLE_SECS, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, Staff, hash_token,
};
use super::{StaffPage, no_store};
use crate::http::client::ClientAddr;
use crate::http::cookies::{LOGIN_COOKIE, SESSION_COOKIE, cookie, random_hex, same_secret, set_cookie};
use crate::http::form::Form;
use crate::http::query::StaffQuery;
use crate::http::respond::{see_other, with_status};
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

/// Only paths inside the back office, written in plain visible ASCII, are
/// followed after signing in (never another site, never a control character).
pub fn safe_next(next: &str) -> String {
    let inside = next == "/quan-tri" || next.starts_with("/quan-tri/") || next.starts_with("/quan-tri?");
    let plain = next.bytes().all(|b| (0x21..=0x7e).contains(&b) && b != b'\\');
    if inside && plain && !next.contains("//") { next.into() } else { "/quan-tri".into() }
}

fn secure(state: &AppState) -> bool {
    state.config.base_url.starts_with("https://")
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
        username: username.chars().take(40).collect(),
        error,
        asset_v: crate::static_files::asset_version(),
    };
    let mut r = with_status(t.render()?, status);
    r.headers_mut().append(header::SET_COOKIE, set_cookie(secure(state), LOGIN_COOKIE, &csrf, 3600));
    Ok(r)
}

pub async fn form(State(state): State<AppState>, q: StaffQuery) -> Result<Response, WebError> {
    login_page(&state, StatusCode::OK, q.value("tiep").unwrap_or(""), "", None)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginForm {
    username: String,
    password: String,
    /// Missing: the form is refused as expired, like a wrong token.
    #[serde(default)]
    csrf: String,
    /// Where to go after signing in (none: the dashboard).
    #[serde(default)]
    tiep: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(ip): ClientAddr,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    let cookie_token = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
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
        Limit { key: format!("ip:{}", crate::http::client::limit_key(&ip)), max: MAX_FAILURES_PER_ADDRESS },
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
    let ok = dost_app::passwords::verify(f.password.clone(), user.as_ref().map(|u| u.password_hash.clone())).await;
    let actor = Actor {
        user_id: user.as_ref().map(|u| u.id),
        username: username.clone(),
        ip: ip.clone(),
        unit: user.as_ref().and_then(|u| u.unit_code.clone()).unwrap_or_default(),
    };
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
    let mut r = see_other(&to, "/quan-tri");
    r.headers_mut().append(header::SET_COOKIE, set_cookie(secure(&state), SESSION_COOKIE, &token, IDLE_SECS * 6));
    r.headers_mut().append(header::SET_COOKIE, set_cookie(secure(&state), LOGIN_COOKIE, "", 0));
    Ok(r)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOutForm {
    #[serde(rename = "tat-ca")]
    all: Option<String>,
}

/// Signing out needs the session's token; a session still waiting for its
/// second factor may sign out too.
pub async fn sign_out(
    State(state): State<AppState>,
    super::extract::PendingForm { staff, form: f }: super::extract::PendingForm<SignOutForm>,
) -> Result<Response, WebError> {
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::accounts::end_sessions(&mut tx, &staff.session.id_hash, f.all.as_deref() == Some("1")).await?;
    state.commit(tx).await?;
    let mut r = see_other("/quan-tri/dang-nhap", "/quan-tri/dang-nhap");
    r.headers_mut().append(header::SET_COOKIE, set_cookie(secure(&state), SESSION_COOKIE, "", 0));
    Ok(r)
}

#[derive(Template)]
#[template(path = "staff/password.html")]
struct PasswordTemplate {
    page: StaffPage,
    form_error: Option<String>,
}

pub async fn password_form(staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let page = StaffPage::new(&staff, "Đổi mật khẩu", "/quan-tri/mat-khau").with_flash(q.value("tb"));
    Ok(no_store(PasswordTemplate { page, form_error: None }.render()?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordForm {
    old: String,
    new: String,
    again: String,
}

pub async fn password_change(
    State(state): State<AppState>,
    StaffForm { staff, form: f }: StaffForm<PasswordForm>,
) -> Result<Response, WebError> {
    let error = if !dost_app::passwords::verify(f.old.clone(), Some(staff.user.password_hash.clone())).await {
        Some("Mật khẩu hiện tại không đúng.".to_string())
    } else if f.new != f.again {
        Some("Hai lần nhập mật khẩu mới không giống nhau.".into())
    } else {
        check_password(&f.new).err().map(|e| e.to_string())
    };
    if let Some(e) = error {
        let page = StaffPage::new(&staff, "Đổi mật khẩu", "/quan-tri/mat-khau");
        return Ok(with_status(
            PasswordTemplate { page, form_error: Some(e) }.render()?,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let hash = dost_app::passwords::hash(f.new).await?;
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::accounts::set_password(&mut tx, staff.user.id, &hash, Some(&staff.session.id_hash)).await?;
    state.commit(tx).await?;
    Ok(see_other("/quan-tri/mat-khau?tb=da-doi-mat-khau", "/quan-tri"))
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_back_office_paths_are_followed() {
        assert_eq!(safe_next("/quan-tri/bai-viet?trang=2"), "/quan-tri/bai-viet?trang=2");
        for bad in
            ["https://evil.example/", "//evil.example", "/quan-tri\n", "/quan-tri/\r\nX: y", "/quan-trix", "/tin"]
        {
            assert_eq!(safe_next(bad), "/quan-tri", "{bad:?}");
        }
    }
}

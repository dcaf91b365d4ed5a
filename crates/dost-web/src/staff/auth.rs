//! Staff sign-in: argon2id passwords, sessions stored in the database (so every
//! instance shares them), HttpOnly + SameSite cookies, CSRF tokens, limits on
//! failed attempts per account and per address.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use dost_domain::roles::{Permission, Role, allows};
use dost_store::accounts::{Session, User};
use dost_store::audit::Actor;
use sha2::{Digest, Sha256};

use crate::visitors::{cookie, random_hex};
use crate::{AppState, WebError};

/// Session cookie name.
pub const SESSION_COOKIE: &str = "dost_s";
/// Cookie holding the sign-in form's CSRF token (before there is a session).
pub const LOGIN_COOKIE: &str = "dost_l";
/// A session ends after this long without a request.
pub const IDLE_SECS: i64 = 2 * 3600;
/// Failed sign-ins allowed per account (and per address) in [`FAILURE_WINDOW_SECS`].
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;

/// Hashes a password with argon2id (on a blocking thread: it is slow on purpose).
pub async fn hash_password(password: String) -> Result<String, WebError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| WebError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
}

/// A hash of a random password, verified against when the account does not
/// exist, so that the answer takes as long as for a real account.
fn dummy_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| {
        Argon2::default().hash_password(random_hex(16).as_bytes()).map(|h| h.to_string()).unwrap_or_default()
    })
}

/// Checks a password against a stored hash (or the dummy hash when `stored` is None).
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let real = stored.is_some();
        let hash = stored.unwrap_or_else(|| dummy_hash().to_string());
        let ok = PasswordHash::new(&hash)
            .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
            .unwrap_or(false);
        ok && real
    })
    .await
    .unwrap_or(false)
}

pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The client's address as text, for the audit log and rate limits.
pub fn client_ip(parts_headers: &HeaderMap, connect: Option<std::net::SocketAddr>, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(ip) =
            parts_headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()).and_then(|v| v.split(',').next())
    {
        return ip.trim().to_string();
    }
    connect.map(|a| a.ip().to_string()).unwrap_or_default()
}

/// The client's address (for rate limits and the audit log).
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let connect = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0);
        Ok(Self(client_ip(&parts.headers, connect, state.config.trust_proxy)))
    }
}

/// A signed-in staff member, with their session.
#[derive(Debug, Clone)]
pub struct Staff {
    pub user: User,
    pub session: Session,
    pub ip: String,
}

impl Staff {
    /// The code of this person's unit, looked up in the units (id, code, name).
    pub fn unit_code<'a>(&self, units: &'a [(i64, String, String)]) -> Option<&'a str> {
        self.user.unit_id.and_then(|id| units.iter().find(|u| u.0 == id)).map(|u| u.1.as_str())
    }

    pub fn actor(&self) -> Actor {
        Actor { user_id: Some(self.user.id), username: self.user.username.clone(), ip: self.ip.clone() }
    }

    pub fn role(&self) -> Role {
        self.user.role
    }

    pub fn can(&self, p: Permission) -> bool {
        allows(self.user.role, p)
    }

    /// 403 unless the role has the permission.
    pub fn require(&self, p: Permission) -> Result<(), WebError> {
        if self.can(p) {
            Ok(())
        } else {
            Err(WebError::Forbidden(format!(
                "Vai trò «{}» của bạn không được dùng chức năng này. Nếu cần, hãy liên hệ quản trị hệ thống.",
                self.user.role.label()
            )))
        }
    }

    /// 403 unless the form carries this session's CSRF token.
    pub fn check_csrf(&self, token: &str) -> Result<(), WebError> {
        if same_secret(token, &self.session.csrf_token) {
            Ok(())
        } else {
            Err(WebError::Forbidden("Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang rồi thử lại.".into()))
        }
    }
}

/// A session that may still be waiting for its second factor or for the
/// account to enrol one (only the pages that finish signing in take this).
pub struct PendingStaff(pub Staff);

impl FromRequestParts<AppState> for PendingStaff {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        load_staff(parts, state).await.map(PendingStaff)
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let staff = load_staff(parts, state).await?;
        if !staff.session.mfa_ok {
            return Err(WebError::Redirect("/quan-tri/ma-xac-thuc".into()));
        }
        if staff.user.totp_secret.is_none()
            && dost_store::accounts::totp_roles(&state.db).await?.contains(&staff.user.role)
        {
            return Err(WebError::Redirect("/quan-tri/xac-thuc-hai-buoc".into()));
        }
        Ok(staff)
    }
}

async fn load_staff(parts: &mut Parts, state: &AppState) -> Result<Staff, WebError> {
    {
        let path = parts
            .extensions
            .get::<OriginalUri>()
            .map(|u| u.0.path().to_string())
            .unwrap_or_else(|| parts.uri.path().to_string());
        let next = if parts.method == axum::http::Method::GET { path } else { "/quan-tri".into() };
        let token =
            cookie_value(&parts.headers, SESSION_COOKIE).ok_or_else(|| WebError::SignInRequired(next.clone()))?;
        let now = state.clock.now();
        let id_hash = hash_token(&token);
        let Some((session, user)) = dost_store::accounts::session(&state.db, &id_hash, now).await? else {
            return Err(WebError::SignInRequired(next));
        };
        if now - session.last_seen > 60 {
            dost_store::accounts::touch_session(&state.db, &id_hash, now, now + IDLE_SECS).await?;
        }
        let connect = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0);
        let ip = client_ip(&parts.headers, connect, state.config.trust_proxy);
        Ok(Staff { user, session, ip })
    }
}

/// A cookie's raw value (any printable token).
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    cookie(headers, name)
}

/// `Set-Cookie` for a session or sign-in token; `Secure` when the site is served over HTTPS.
pub fn set_cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.config.base_url.starts_with("https://") { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"))
        .unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }

    #[tokio::test]
    async fn argon2id_hashes_verify() {
        let h = hash_password("mật khẩu dài đủ".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("mật khẩu dài đủ".into(), Some(h.clone())).await);
        assert!(!verify_password("sai".into(), Some(h)).await);
        assert!(!verify_password("bất kỳ".into(), None).await);
    }
}

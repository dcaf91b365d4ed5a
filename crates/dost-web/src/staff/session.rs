//! Staff sessions: stored in the database (so every instance shares them),
//! carried by an HttpOnly + SameSite cookie, loaded once per request by
//! [`layer`], which also shows any error of a staff page inside the staff
//! layout. Handlers ask for a [`Staff`] (signed in, second factor done) or a
//! [`PendingStaff`] (the pages that finish signing in).

use axum::body::Body;
use axum::extract::{FromRequestParts, OriginalUri, State};
use axum::http::request::Parts;
use axum::http::{Method, Request, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dost_domain::access::{self, Action, Resource};
use dost_domain::roles::Role;
use dost_store::accounts::{Session, User};
use dost_store::audit::Actor;
use sha2::{Digest, Sha256};

use crate::http::client::ClientAddr;
use crate::http::cookies::{SESSION_COOKIE, cookie, same_secret};
use crate::http::error::Shown;
use crate::{AppState, WebError};

/// A session ends after this long without a request.
pub const IDLE_SECS: i64 = 2 * 3600;
/// Failed sign-ins allowed per account (and per address) in [`FAILURE_WINDOW_SECS`].
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;

pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A signed-in staff member, with their session.
#[derive(Debug, Clone)]
pub struct Staff {
    pub user: User,
    pub session: Session,
    pub ip: String,
    /// The person's unit today, if it exists (a closed unit's staff have none).
    pub unit: Option<String>,
    /// The units whose records that unit holds today (itself and those it took over).
    pub holds: Vec<String>,
    /// The kinds of record that unit keeps today.
    pub keeps: Vec<String>,
    /// The organisation the request was judged by.
    pub org: std::sync::Arc<dost_domain::organisation::Organisation>,
    /// Today, by the app's clock.
    pub today: chrono::NaiveDate,
}

impl Staff {
    /// The person as the organisation stands on `today`: their unit if it
    /// exists, the units it holds records of, the kinds it keeps.
    pub fn judged(
        user: User,
        session: Session,
        ip: String,
        org: std::sync::Arc<dost_domain::organisation::Organisation>,
        today: chrono::NaiveDate,
    ) -> Self {
        let unit = user.unit_code.clone().filter(|u| org.unit(u).is_some_and(|x| x.open_on(today)));
        let (holds, keeps) = match &unit {
            Some(u) => (
                org.continued_by(u, today).into_iter().map(str::to_string).collect(),
                org.kinds_of(u, today).into_iter().map(str::to_string).collect(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        Self { user, session, ip, unit, holds, keeps, org, today }
    }

    /// Whether the person may read (or record) the records of `kind`.
    pub fn may_keep(&self, action: Action, kind: &str) -> bool {
        self.may(action, Resource::Keeps(kind))
    }

    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.user.id),
            username: self.user.username.clone(),
            ip: self.ip.clone(),
            unit: self.user.unit_code.clone().unwrap_or_default(),
        }
    }

    pub fn role(&self) -> Role {
        self.user.role
    }

    /// The person as the access table sees them.
    pub fn who(&self) -> access::Actor<'_> {
        access::Actor {
            user_id: self.user.id,
            role: self.user.role,
            unit: self.unit.as_deref(),
            holds: &self.holds,
            keeps: &self.keeps,
        }
    }

    /// Asks the access table.
    pub fn may(&self, action: Action, resource: Resource<'_>) -> bool {
        access::may(&self.who(), action, resource)
    }

    /// 403 (in the staff layout) unless the access table allows it.
    pub fn require(&self, action: Action, resource: Resource<'_>) -> Result<(), WebError> {
        if self.may(action, resource) {
            Ok(())
        } else {
            Err(WebError::Forbidden(match resource {
                Resource::Records(_) => {
                    "Trang này thuộc hồ sơ của đơn vị khác: bạn chỉ xem và ghi được hồ sơ của đơn vị mình.".into()
                }
                _ => format!(
                    "Vai trò «{}» của bạn không được dùng chức năng này. Nếu cần, hãy liên hệ quản trị hệ thống.",
                    self.user.role.label()
                ),
            }))
        }
    }

    /// Whether `token` is this session's CSRF token.
    pub fn owns_token(&self, token: &str) -> bool {
        same_secret(token, &self.session.csrf_token)
    }
}

/// The refusal of a form without this session's token.
pub fn stale_form() -> WebError {
    WebError::Forbidden("Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang rồi thử lại.".into())
}

/// The session loaded for this request (if any), put there by [`layer`].
#[derive(Clone)]
struct Loaded(Option<Staff>);

async fn load(parts: &Parts, state: &AppState) -> Result<Option<Staff>, WebError> {
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else { return Ok(None) };
    let now = state.clock.now();
    let id_hash = hash_token(&token);
    let Some((session, user)) = dost_store::accounts::session(&state.db, &id_hash, now).await? else {
        return Ok(None);
    };
    if now - session.last_seen > 60 {
        dost_store::accounts::touch_session(&state.db, &id_hash, now, now + IDLE_SECS).await?;
    }
    let ip = ClientAddr::of(parts, &state.config.trusted_proxies).map(|ip| ip.to_string()).unwrap_or_default();
    Ok(Some(Staff::judged(user, session, ip, state.org(), state.today())))
}

/// Loads the session once for every staff page, and shows the errors of
/// staff pages (refusals, bad input, framework rejections) inside the staff
/// layout, with the menu, so that nobody lands on the public portal's page.
pub async fn layer(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let staff = match load(&parts, &state).await {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    parts.extensions.insert(Loaded(staff.clone()));
    let resp = next.run(Request::from_parts(parts, body)).await;
    let status = resp.status();
    let Some(staff) = staff.filter(|s| s.session.mfa_ok) else { return resp };
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let message = match resp.extensions().get::<Shown>() {
        Some(shown) => shown.message.clone(),
        None if is_plain(&resp) => crate::http::rejections::message(status).to_string(),
        // a page of our own with its own status (a form with errors): keep it
        None => return resp,
    };
    match super::error_page::render(&state, &staff, status, &message) {
        Ok(page) => page,
        Err(_) => resp,
    }
}

fn is_plain(resp: &Response) -> bool {
    resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_none_or(|t| t.starts_with("text/plain"))
}

async fn signed(parts: &mut Parts, state: &AppState) -> Result<Staff, WebError> {
    let staff = match parts.extensions.get::<Loaded>() {
        Some(Loaded(s)) => s.clone(),
        None => load(parts, state).await?,
    };
    staff.ok_or_else(|| {
        let path = parts
            .extensions
            .get::<OriginalUri>()
            .map(|u| u.0.path().to_string())
            .unwrap_or_else(|| parts.uri.path().to_string());
        WebError::SignInRequired(if parts.method == Method::GET { path } else { "/quan-tri".into() })
    })
}

/// A session that may still be waiting for its second factor or for the
/// account to enrol one (only the pages that finish signing in take this).
pub struct PendingStaff(pub Staff);

impl FromRequestParts<AppState> for PendingStaff {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        signed(parts, state).await.map(PendingStaff)
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let staff = signed(parts, state).await?;
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

//! One error type for handlers, turned into a response in one place: the log
//! gets the cause, the person a clear Vietnamese message with the right
//! status. The back office re-renders the same message inside its own layout
//! (see `staff::layer`), using the [`Shown`] the response carries.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dost_domain::content::InputError;
use dost_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum WebError {
    #[error("không tìm thấy")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    /// A body of a kind the address does not take (JSON to a form).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// A staff page asked for without a session: go to the sign-in page, then back to this path.
    #[error("cần đăng nhập")]
    SignInRequired(String),
    /// Over a limit: the message and the seconds to wait (sent as `Retry-After`).
    #[error("{0}")]
    TooManyRequests(String, i64),
    /// A body that arrived too slowly (an upload under its minimum rate).
    #[error("{0}")]
    TooSlow(String),
    /// The record moved on meanwhile (someone else took the step).
    #[error("{0}")]
    Conflict(String),
    /// Go elsewhere first (e.g. the second sign-in step).
    #[error("chuyển trang")]
    Redirect(String),
    /// The database was busy with other changes for longer than we wait.
    #[error("cơ sở dữ liệu đang bận")]
    Busy,
    #[error(transparent)]
    Store(StoreError),
    #[error("template: {0}")]
    Template(#[from] askama::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Busy => Self::Busy,
            e => Self::Store(e),
        }
    }
}

impl From<dost_app::AppError> for WebError {
    fn from(e: dost_app::AppError) -> Self {
        match e {
            dost_app::AppError::Invalid(m) => Self::BadRequest(m),
            dost_app::AppError::Forbidden(m) => Self::Forbidden(m),
            dost_app::AppError::Store(e) => e.into(),
            dost_app::AppError::Internal(m) => Self::Internal(m),
        }
    }
}

impl From<InputError> for WebError {
    fn from(e: InputError) -> Self {
        Self::BadRequest(e.to_string())
    }
}

/// Marks an answer given because the database connection broke: a request
/// that only reads may be tried again.
#[derive(Debug, Clone, Copy)]
pub struct BrokenConnection;

/// What an error response showed, kept on the response so that the back
/// office can show the same message in its own layout.
#[derive(Debug, Clone)]
pub struct Shown {
    pub message: String,
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::SignInRequired(_) | Self::Redirect(_) => StatusCode::SEE_OTHER,
            Self::TooManyRequests(..) => StatusCode::TOO_MANY_REQUESTS,
            Self::TooSlow(_) => StatusCode::REQUEST_TIMEOUT,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Busy | Self::Store(StoreError::DiskFull | StoreError::Connection(_)) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Self::Store(StoreError::Duplicate { .. }) => StatusCode::CONFLICT,
            Self::Store(_) | Self::Template(_) | Self::Io(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Whether the same request may succeed later as it is (the database was
    /// busy, or its disk full): forms are shown again with what was typed.
    pub fn is_temporary(&self) -> bool {
        matches!(self, Self::Busy | Self::Store(StoreError::DiskFull))
    }

    /// What the person reads.
    pub fn message(&self) -> String {
        match self {
            Self::NotFound => "Trang bạn tìm không tồn tại hoặc đã được gỡ bỏ.".into(),
            Self::BadRequest(m)
            | Self::Forbidden(m)
            | Self::TooManyRequests(m, _)
            | Self::TooSlow(m)
            | Self::Conflict(m)
            | Self::PayloadTooLarge(m)
            | Self::UnsupportedMediaType(m) => m.clone(),
            Self::SignInRequired(_) => "Vui lòng đăng nhập.".into(),
            Self::Redirect(_) => "Chuyển trang.".into(),
            Self::Busy => "Hệ thống đang bận ghi một thay đổi khác nên nội dung bạn gửi CHƯA được lưu. \
                           Hãy bấm nút Quay lại của trình duyệt (nội dung vẫn còn trong biểu mẫu) và gửi lại sau ít giây."
                .into(),
            Self::Store(StoreError::DiskFull) => "Ổ đĩa của máy chủ đã đầy nên nội dung bạn gửi CHƯA được lưu. \
                Hãy bấm nút Quay lại của trình duyệt (nội dung vẫn còn trong biểu mẫu), báo cho quản trị hệ thống \
                và gửi lại khi máy chủ đã có chỗ trống."
                .into(),
            Self::Store(StoreError::Duplicate { .. }) => {
                "Dữ liệu bạn gửi trùng với một bản ghi đã có, nên chưa được lưu. Hãy kiểm tra lại các ô mã số, số hiệu.".into()
            }
            _ => "Hệ thống đang gặp sự cố. Xin vui lòng thử lại sau ít phút.".into(),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let Self::SignInRequired(next) = &self {
            let to = format!("/quan-tri/dang-nhap?tiep={}", super::query::encode(next));
            return (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
        }
        if let Self::Redirect(to) = &self {
            return match HeaderValue::from_str(to) {
                Ok(v) => (StatusCode::SEE_OTHER, [(header::LOCATION, v)]).into_response(),
                Err(_) => Self::BadRequest("Địa chỉ chuyển tiếp không hợp lệ.".into()).into_response(),
            };
        }
        let status = self.status();
        if status.is_server_error() && !matches!(self, Self::Busy | Self::Store(StoreError::DiskFull)) {
            tracing::error!(error = %self, "request failed");
        }
        let mut r = error_response(status, &self.message());
        // a read whose connection broke is tried once more (see `server`)
        if matches!(self, Self::Store(StoreError::Connection(_))) {
            r.extensions_mut().insert(BrokenConnection);
        }
        // the metrics layer tells the server's write health (`write_health`)
        if let Self::Store(e) = &self
            && let Some(cause) = crate::write_health::Cause::of(e)
        {
            r.extensions_mut().insert(cause);
        }
        if let Self::TooManyRequests(_, wait) = &self {
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from((*wait).max(1)));
        }
        r
    }
}

/// The public error page with this status and message (also what framework
/// rejections become), carrying the message for the back office's layout.
pub fn error_response(status: StatusCode, message: &str) -> Response {
    let html = error_page(status, message);
    let mut r =
        (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], html)
            .into_response();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    }
    r.extensions_mut().insert(Shown { message: message.to_string() });
    r
}

/// The title of an error page for a status.
pub fn title(status: StatusCode) -> &'static str {
    match status.as_u16() {
        404 => "Không tìm thấy trang",
        400 | 422 => "Yêu cầu không hợp lệ",
        403 => "Không được phép",
        405 => "Thao tác không được hỗ trợ",
        409 => "Dữ liệu bị trùng",
        413 => "Dữ liệu quá lớn",
        415 => "Dạng dữ liệu không được hỗ trợ",
        429 => "Quá nhiều yêu cầu",
        503 => "Hệ thống đang bận",
        _ => "Lỗi hệ thống",
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate<'a> {
    status: u16,
    title: &'a str,
    message: &'a str,
    asset_v: &'static str,
    parent_org: &'a str,
    org: &'a str,
}

/// The department's names as the portal last read them (error pages need no database).
static SITE: std::sync::RwLock<Option<(String, String)>> = std::sync::RwLock::new(None);

/// Keeps the names the error pages show under the emblem.
pub fn remember_site(parent_org: &str, org: &str) {
    *SITE.write().unwrap_or_else(|e| e.into_inner()) = Some((parent_org.to_string(), org.to_string()));
}

/// A standalone error page (it needs no database, so it works when nothing else does).
pub fn error_page(status: StatusCode, message: &str) -> String {
    let site = SITE.read().unwrap_or_else(|e| e.into_inner()).clone();
    let (parent_org, org) = site.unwrap_or_else(|| (String::new(), "Trang thông tin điện tử".to_string()));
    ErrorTemplate {
        status: status.as_u16(),
        title: title(status),
        message,
        asset_v: crate::static_files::asset_version(),
        parent_org: &parent_org,
        org: &org,
    }
    .render()
    .unwrap_or_else(|_| message.to_string())
}

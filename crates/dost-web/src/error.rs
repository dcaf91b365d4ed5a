//! One error type for handlers, turned into a response in one place: the log
//! gets the cause, the visitor a clear Vietnamese message.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use dost_domain::content::InputError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum WebError {
    #[error("không tìm thấy")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Forbidden(String),
    /// A staff page asked for without a session: go to the sign-in page, then back to this path.
    #[error("cần đăng nhập")]
    SignInRequired(String),
    #[error("{0}")]
    TooManyRequests(String),
    /// Go elsewhere first (e.g. the second sign-in step).
    #[error("chuyển trang")]
    Redirect(String),
    #[error(transparent)]
    Store(#[from] dost_store::StoreError),
    #[error("template: {0}")]
    Template(#[from] askama::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Internal(String),
}

impl From<InputError> for WebError {
    fn from(e: InputError) -> Self {
        Self::BadRequest(e.to_string())
    }
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::SignInRequired(_) | Self::Redirect(_) => StatusCode::SEE_OTHER,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Store(_) | Self::Template(_) | Self::Io(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the visitor reads.
    pub fn message(&self) -> String {
        match self {
            Self::NotFound => "Trang bạn tìm không tồn tại hoặc đã được gỡ bỏ.".into(),
            Self::BadRequest(m) | Self::Forbidden(m) | Self::TooManyRequests(m) => m.clone(),
            Self::SignInRequired(_) => "Vui lòng đăng nhập.".into(),
            Self::Redirect(_) => "Chuyển trang.".into(),
            _ => "Hệ thống đang gặp sự cố. Xin vui lòng thử lại sau ít phút.".into(),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let Self::SignInRequired(next) = &self {
            let to = format!("/quan-tri/dang-nhap?tiep={}", crate::portal::encode(next));
            return (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
        }
        if let Self::Redirect(to) = &self {
            return (StatusCode::SEE_OTHER, [(header::LOCATION, to.clone())]).into_response();
        }
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let html = crate::layout::error_page(status, &self.message());
        (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], html)
            .into_response()
    }
}

//! Errors of the API as RFC 9457 problem details (`application/problem+json`)
//! with a Vietnamese `detail`; every error the API gives goes through here.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::WebError;

/// A problem (RFC 9457).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The status's name (e.g. "Not Found").
    pub title: String,
    pub status: u16,
    /// What went wrong, in Vietnamese.
    pub detail: String,
    /// Seconds to wait before asking again (with 429).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<i64>,
}

/// An API error: a status and a Vietnamese sentence.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub detail: String,
    pub retry_after: Option<i64>,
}

impl ApiError {
    pub fn bad(detail: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, detail: detail.into(), retry_after: None }
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self { status: StatusCode::NOT_FOUND, detail: detail.into(), retry_after: None }
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self { status: StatusCode::FORBIDDEN, detail: detail.into(), retry_after: None }
    }

    pub fn too_many(wait: i64) -> Self {
        Self {
            status: StatusCode::TOO_MANY_REQUESTS,
            detail: format!("Địa chỉ của quý vị đã gửi quá nhiều yêu cầu; mời thử lại sau {wait} giây."),
            retry_after: Some(wait.max(1)),
        }
    }

    pub fn of_status(status: StatusCode) -> Self {
        let detail = match status {
            StatusCode::NOT_FOUND => "Không có tài nguyên này trong API.",
            StatusCode::METHOD_NOT_ALLOWED => "API chỉ cho đọc (GET, HEAD).",
            StatusCode::PAYLOAD_TOO_LARGE => "Yêu cầu quá lớn.",
            s if s.is_server_error() => "Hệ thống đang gặp sự cố. Xin vui lòng thử lại sau ít phút.",
            _ => "Yêu cầu không hợp lệ.",
        };
        Self { status, detail: detail.into(), retry_after: None }
    }
}

impl From<WebError> for ApiError {
    fn from(e: WebError) -> Self {
        let status = e.status();
        if status.is_server_error() {
            tracing::error!(error = %e, "API request failed");
        }
        Self { status, detail: e.message(), retry_after: None }
    }
}

impl From<dost_store::StoreError> for ApiError {
    fn from(e: dost_store::StoreError) -> Self {
        WebError::from(e).into()
    }
}

/// The problem's JSON body for a status and detail.
pub fn body(status: StatusCode, detail: &str, retry_after: Option<i64>) -> String {
    let p = Problem {
        kind: "about:blank",
        title: status.canonical_reason().unwrap_or("Error").to_string(),
        status: status.as_u16(),
        detail: detail.to_string(),
        retry_after,
    };
    serde_json::to_string(&p).unwrap_or_default()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status, body(self.status, &self.detail, self.retry_after)).into_response();
        let h = r.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(wait) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&wait.to_string())
        {
            h.insert(header::RETRY_AFTER, v);
        }
        r
    }
}

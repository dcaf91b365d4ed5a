//! The framework answers some requests itself (a body too large, a form that
//! is not a form, a method the route does not have, a path that is not UTF-8)
//! with English plain text. This layer turns every such answer into the
//! Vietnamese error page with the same status.

use axum::http::{StatusCode, header};
use axum::response::Response;

use super::error::{Shown, error_response};

/// What a rejection with this status means, in Vietnamese.
pub fn message(status: StatusCode) -> &'static str {
    match status.as_u16() {
        404 => "Trang bạn tìm không tồn tại hoặc đã được gỡ bỏ.",
        405 => "Địa chỉ này không nhận thao tác đó.",
        408 => "Yêu cầu gửi quá chậm nên đã bị ngắt. Hãy thử lại.",
        411 => "Yêu cầu thiếu độ dài dữ liệu.",
        413 => "Dữ liệu gửi lên quá lớn so với giới hạn của chức năng này.",
        415 => "Dạng dữ liệu gửi lên không được hỗ trợ.",
        422 => "Dữ liệu gửi lên không đọc được.",
        _ if status.is_server_error() => "Hệ thống đang gặp sự cố. Xin vui lòng thử lại sau ít phút.",
        _ => "Yêu cầu không hợp lệ.",
    }
}

/// Replaces the framework's plain-text error answers with our page.
pub fn vietnamese_errors(resp: Response) -> Response {
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) || resp.extensions().get::<Shown>().is_some() {
        return resp;
    }
    let plain = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|t| t.starts_with("text/plain"));
    if !plain {
        return resp;
    }
    if status.is_server_error() {
        tracing::error!(%status, "the framework answered with a server error");
    }
    let mut out = error_response(status, message(status));
    for h in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(v) = resp.headers().get(&h) {
            out.headers_mut().insert(h, v.clone());
        }
    }
    out
}

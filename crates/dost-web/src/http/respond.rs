//! Responses every area uses: pages that are never cached, downloads.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A page that browsers and proxies never keep (staff pages, forms).
pub fn no_store(html: String) -> Response {
    let mut r = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// A page with a status of its own (a form with errors: 422; a conflict: 409).
pub fn with_status(html: String, status: StatusCode) -> Response {
    let mut r = no_store(html);
    *r.status_mut() = status;
    r
}

/// A page that reports input problems: 422 when `failed`.
pub fn no_store_checked(html: String, failed: bool) -> Response {
    with_status(html, if failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK })
}

/// A file to download (XLSX, CSV, DOCX…): never cached, saved under `file_name`
/// (an ASCII name, and the Vietnamese one for browsers that read it).
pub fn download(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CONTENT_DISPOSITION, attachment(file_name));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name.
pub fn attachment(file_name: &str) -> HeaderValue {
    let ascii: String = dost_domain::text::fold(file_name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
        .collect();
    let utf8 = super::query::encode(file_name).replace('+', "%20");
    HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{utf8}"))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// `303 See Other` to a path of our own. A path that cannot be a header value
/// (a control character someone typed into a return address) goes to `fallback`.
pub fn see_other(path: &str, fallback: &'static str) -> Response {
    let v = HeaderValue::from_str(path).unwrap_or_else(|_| HeaderValue::from_static(fallback));
    (StatusCode::SEE_OTHER, [(header::LOCATION, v)]).into_response()
}

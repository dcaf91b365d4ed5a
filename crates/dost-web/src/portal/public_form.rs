//! The gate every form the public sends passes (comments on drafts,
//! questions): from this site only, at most a few per address and hour, a
//! bounded body decoded strictly, and a honeypot field people never see —
//! a robot that fills it is thanked and nothing is kept. No third-party
//! service is involved.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::http::{HeaderMap, header};

use crate::http::query::{parse_pairs, parse_query_within};
use crate::{AppState, WebError};

/// Largest body a public form accepts (a 5.000-character text, percent-encoded, fits).
pub const MAX_BODY: usize = 64 * 1024;
/// The field hidden from people (a robot fills every field it finds).
pub const HONEYPOT: &str = "website";

/// What passed the gate.
pub enum Admitted {
    /// The form's fields (first value of each).
    Form(HashMap<String, String>),
    /// The honeypot was filled: answer as if kept, keep nothing.
    Trapped,
}

/// Whether a request comes from a page of this site (the browser says so):
/// its `Origin`, when sent, is this site's scheme, host and port exactly —
/// the scheme of the public address (`--base-url`), the host and port the
/// request was sent to (`Host`, which a proxy must pass on whole: nginx's
/// `$http_host`).
pub fn same_origin(headers: &HeaderMap, base_url: &str) -> bool {
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return false;
    }
    let scheme = if base_url.starts_with("https://") { "https" } else { "http" };
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => {
            let (s, authority) = origin.split_once("://").unwrap_or(("", origin));
            s.eq_ignore_ascii_case(scheme) && authority.eq_ignore_ascii_case(host)
        }
        (Some(_), None) => false,
        _ => true,
    }
}

/// Checks a public form: origin, the address's limit, size, decoding, honeypot.
pub async fn admit(state: &AppState, headers: &HeaderMap, ip: &str, body: &Bytes) -> Result<Admitted, WebError> {
    if !same_origin(headers, &state.config.base_url) {
        return Err(WebError::Forbidden("Biểu mẫu không được gửi từ trang này nên không được nhận.".into()));
    }
    if let Err(wait) = state.submissions.admit(&state.db, ip, state.clock.now()).await? {
        let minutes = (wait + 59) / 60;
        return Err(WebError::TooManyRequests(
            format!("Địa chỉ của quý vị đã gửi nhiều lần liên tiếp; mời gửi lại sau {minutes} phút."),
            wait,
        ));
    }
    if body.len() > MAX_BODY {
        return Err(WebError::PayloadTooLarge("Nội dung gửi lên quá dài.".into()));
    }
    let text = std::str::from_utf8(body).map_err(|_| WebError::BadRequest("Dữ liệu gửi lên không hợp lệ.".into()))?;
    let form = parse_query_within(Some(text), MAX_BODY)
        .map_err(|_| WebError::BadRequest("Dữ liệu gửi lên không hợp lệ.".into()))?;
    // every value of the honeypot, not only the first
    let pairs = parse_pairs(text).map_err(|_| WebError::BadRequest("Dữ liệu gửi lên không hợp lệ.".into()))?;
    if pairs.iter().any(|(k, v)| k == HONEYPOT && !v.trim().is_empty()) {
        return Ok(Admitted::Trapped);
    }
    Ok(Admitted::Form(form))
}

/// A public form as shown again: what was typed and what is wrong with it.
#[derive(Default)]
pub struct Typed {
    pub name: String,
    pub organisation: String,
    pub email: String,
    pub title: String,
    pub topic: String,
    pub body: String,
    pub errors: Vec<(&'static str, String)>,
}

impl Typed {
    pub fn of(form: &HashMap<String, String>) -> Self {
        let get = |k: &str, max: usize| form.get(k).map(|v| v.chars().take(max).collect()).unwrap_or_default();
        Self {
            name: get("ho_ten", 300),
            organisation: get("co_quan", 300),
            email: get("email", 300),
            title: get("tieu_de", 300),
            topic: get("linh_vuc", 50),
            body: get("noi_dung", dost_domain::participation::MAX_TEXT + 100),
            errors: Vec::new(),
        }
    }

    /// The problem with one field, if any.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.0 == field).map(|e| e.1.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(origin: &str, host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ORIGIN, origin.parse().unwrap());
        h.insert(header::HOST, host.parse().unwrap());
        h
    }

    #[test]
    fn the_origin_is_compared_by_scheme_host_and_port() {
        let https = "https://khcn.example.vn";
        assert!(same_origin(&headers("https://khcn.example.vn", "khcn.example.vn"), https));
        assert!(!same_origin(&headers("http://khcn.example.vn", "khcn.example.vn"), https), "another scheme");
        assert!(!same_origin(&headers("https://khcn.example.vn:8443", "khcn.example.vn"), https), "another port");
        assert!(same_origin(&headers("http://127.0.0.1:8080", "127.0.0.1:8080"), "http://127.0.0.1:8080"));
        assert!(!same_origin(&headers("null", "127.0.0.1:8080"), "http://127.0.0.1:8080"));
        assert!(same_origin(&HeaderMap::new(), https), "no Origin sent (an old browser): allowed");
    }
}

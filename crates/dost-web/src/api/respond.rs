//! A JSON answer with its validators: a strong ETag of the body (304 when
//! the client's copy matches), `Last-Modified` (when this instance last saw
//! the portal's content change; 304 on `If-Modified-Since` when not since),
//! `Cache-Control: no-cache` as the pages have.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::problem::ApiError;
use crate::AppState;

fn http_date(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|t| t.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        .unwrap_or_default()
}

fn parse_http_date(s: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc2822(s.replace("GMT", "+0000").as_str()).ok().map(|t| t.timestamp())
}

/// Serialises `value` and answers it, or 304 when the client has it.
pub fn json<T: Serialize>(state: &AppState, headers: &HeaderMap, value: &T) -> Result<Response, ApiError> {
    let body = serde_json::to_vec(value).map_err(|e| ApiError::from(crate::WebError::Internal(e.to_string())))?;
    let digest = Sha256::digest(&body);
    let etag = format!("\"{}\"", digest.iter().take(12).map(|b| format!("{b:02x}")).collect::<String>());
    let changed = state.cache.changed_at();
    let fresh = match headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        Some(tags) => {
            tags.split(',').map(str::trim).any(|t| t == etag || t == "*" || t.trim_start_matches("W/") == etag)
        }
        None => headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_http_date)
            .is_some_and(|since| changed <= since),
    };
    let mut r = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
    };
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&http_date(changed)) {
        h.insert(header::LAST_MODIFIED, v);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_read_back() {
        let s = http_date(1_600_000_000);
        assert_eq!(s, "Sun, 13 Sep 2020 12:26:40 GMT");
        assert_eq!(parse_http_date(&s), Some(1_600_000_000));
        assert_eq!(parse_http_date("hôm qua"), None);
    }
}

//! Strict decoding of query strings and urlencoded bodies: bad
//! percent-encoding or bytes that are not UTF-8 are refused (400) instead of
//! being silently replaced, and every input has a size limit checked before
//! it is decoded.

use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::WebError;

/// Longest query string of a public page.
pub const PORTAL_QUERY_LIMIT: usize = 4096;
/// Longest query string of a staff page (filters of lists are longer).
pub const STAFF_QUERY_LIMIT: usize = 16 * 1024;
/// Largest urlencoded form body (an article with its HTML is the largest).
pub const FORM_LIMIT: usize = 2_000_000;

/// Every `key=value` pair of a query string or form body, in order, keys repeated.
pub fn parse_pairs(raw: &str) -> Result<Vec<(String, String)>, WebError> {
    if raw.len() > FORM_LIMIT {
        return Err(WebError::PayloadTooLarge("Dữ liệu gửi lên quá lớn.".into()));
    }
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode(k)?, decode(v)?))
        })
        .collect()
}

/// Parses a public page's query string (first value of each key).
pub fn parse_query(raw: Option<&str>) -> Result<HashMap<String, String>, WebError> {
    parse_query_within(raw, PORTAL_QUERY_LIMIT)
}

/// Parses a query string of at most `limit` bytes (first value of each key).
pub fn parse_query_within(raw: Option<&str>, limit: usize) -> Result<HashMap<String, String>, WebError> {
    let mut out = HashMap::new();
    let Some(raw) = raw else { return Ok(out) };
    if raw.len() > limit {
        return Err(WebError::BadRequest("Địa chỉ quá dài.".into()));
    }
    for pair in raw.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = decode(k)?;
        let v = decode(v)?;
        out.entry(k).or_insert(v);
    }
    Ok(out)
}

/// A query string decoded strictly, at most `LIMIT` bytes long.
#[derive(Debug, Clone, Default)]
pub struct Params<const LIMIT: usize>(pub HashMap<String, String>);

/// A public page's query.
pub type Query = Params<PORTAL_QUERY_LIMIT>;
/// A staff page's query.
pub type StaffQuery = Params<STAFF_QUERY_LIMIT>;

impl<const LIMIT: usize> std::ops::Deref for Params<LIMIT> {
    type Target = HashMap<String, String>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<const LIMIT: usize> Params<LIMIT> {
    /// The value of a parameter, if given.
    pub fn value(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// The value of a parameter, trimmed; empty when absent.
    pub fn text(&self, key: &str) -> String {
        self.value(key).map(|v| v.trim().to_string()).unwrap_or_default()
    }
}

impl<S: Send + Sync, const LIMIT: usize> FromRequestParts<S> for Params<LIMIT> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parse_query_within(parts.uri.query(), LIMIT).map(Self)
    }
}

fn decode(s: &str) -> Result<String, WebError> {
    let bad =
        || WebError::BadRequest("Địa chỉ hoặc dữ liệu gửi lên chứa ký tự không hợp lệ (không phải UTF-8).".into());
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or_else(bad)?;
                let hex = std::str::from_utf8(hex).map_err(|_| bad())?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| bad())
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_query_parsing() {
        let q = parse_query(Some("q=%C4%91o+l%C6%B0%E1%BB%9Dng&trang=2")).unwrap();
        assert_eq!(q["q"], "đo lường");
        assert_eq!(q["trang"], "2");
        assert!(parse_query(Some("q=%FF%FE")).is_err());
        assert!(parse_query(Some("q=%4")).is_err());
        assert!(parse_query(Some("q=%zz")).is_err());
        assert_eq!(encode("đo lường"), "%C4%91o+l%C6%B0%E1%BB%9Dng");
    }

    #[test]
    fn staff_pages_take_longer_queries_than_the_portal() {
        let long = format!("q={}", "a".repeat(6000));
        assert!(parse_query(Some(&long)).is_err());
        assert!(parse_query_within(Some(&long), STAFF_QUERY_LIMIT).is_ok());
    }
}

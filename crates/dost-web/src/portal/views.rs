//! View models shared by portal pages, and query-string parsing.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use dost_domain::content::ArticleSummary;
use dost_domain::format;
use dost_domain::page::Paging;

use crate::WebError;

/// An article in a list.
pub struct Item {
    pub url: String,
    pub title: String,
    pub lead: String,
    pub image_url: Option<String>,
    pub date: String,
    pub iso: String,
    pub category: String,
}

impl From<ArticleSummary> for Item {
    fn from(a: ArticleSummary) -> Self {
        Self {
            url: a.path(),
            date: format::date_ts(a.published_at),
            iso: format::iso_ts(a.published_at),
            title: a.title,
            lead: a.lead,
            image_url: a.image_url,
            category: a.category_name,
        }
    }
}

pub fn items(list: Vec<ArticleSummary>) -> Vec<Item> {
    list.into_iter().map(Item::from).collect()
}

pub struct PageLink {
    pub number: u32,
    pub url: String,
    pub current: bool,
}

/// Links to other pages of a list.
pub struct Pager {
    pub page: u32,
    pub pages: u32,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub links: Vec<PageLink>,
}

impl Pager {
    /// `base` is the list's address with its query so far (ending in `?` or `&`).
    pub fn new(paging: Paging, total: i64, base: &str) -> Self {
        let pages = paging.pages(total);
        let page = paging.page;
        let url =
            |n: u32| if n == 1 { base.trim_end_matches(['?', '&']).to_string() } else { format!("{base}trang={n}") };
        let from = page.saturating_sub(3).max(1);
        let to = (page + 3).min(pages);
        Self {
            page,
            pages,
            prev: (page > 1).then(|| url(page - 1)),
            next: (page < pages).then(|| url(page + 1)),
            links: (from..=to).map(|n| PageLink { number: n, url: url(n), current: n == page }).collect(),
        }
    }
}

/// Path parameters; a malformed address (bad percent-encoding, not UTF-8)
/// gets the portal's own 400 page instead of the framework's English text.
pub struct VnPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for VnPath<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(t)) => Ok(Self(t)),
            Err(_) => Err(WebError::BadRequest("Địa chỉ không hợp lệ (có ký tự không đọc được).".into())),
        }
    }
}

/// Every `key=value` pair of a query string or form body, in order, keys repeated.
pub fn parse_pairs(raw: &str) -> Result<Vec<(String, String)>, WebError> {
    if raw.len() > 2_000_000 {
        return Err(WebError::BadRequest("Dữ liệu gửi lên quá lớn.".into()));
    }
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode(k)?, decode(v)?))
        })
        .collect()
}

/// Parses a query string strictly: bad percent-encoding or bytes that are not
/// UTF-8 are refused (400) instead of being silently replaced.
pub fn parse_query(raw: Option<&str>) -> Result<HashMap<String, String>, WebError> {
    let mut out = HashMap::new();
    let Some(raw) = raw else { return Ok(out) };
    if raw.len() > 4096 {
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

fn decode(s: &str) -> Result<String, WebError> {
    let bad = || WebError::BadRequest("Địa chỉ chứa ký tự không hợp lệ (không phải UTF-8).".into());
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
    fn pager_links() {
        let p = Pager::new(Paging::new(2, 10), 35, "/tin?");
        assert_eq!(p.pages, 4);
        assert_eq!(p.prev.as_deref(), Some("/tin"));
        assert_eq!(p.next.as_deref(), Some("/tin?trang=3"));
        assert_eq!(p.links.len(), 4);
    }
}

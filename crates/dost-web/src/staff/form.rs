//! Reading posted forms: strict decoding (bad UTF-8 is refused), repeated keys
//! kept, values trimmed, dates typed as dd/mm/yyyy.

use axum::body::Bytes;
use chrono::NaiveDate;

use crate::WebError;
use crate::portal::parse_pairs;

/// Every `key=value` pair of a urlencoded body.
pub fn pairs(body: &Bytes) -> Result<Vec<(String, String)>, WebError> {
    parse_pairs(
        std::str::from_utf8(body).map_err(|_| WebError::BadRequest("Dữ liệu gửi lên không phải UTF-8.".into()))?,
    )
}

/// The first value of a key, trimmed (empty when absent).
pub fn get(p: &[(String, String)], k: &str) -> String {
    p.iter().find(|(key, _)| key == k).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
}

/// A date typed as dd/mm/yyyy.
pub fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y").ok()
}

//! Cookies: their names, reading them, and setting them safely.

use axum::http::{HeaderMap, HeaderValue, header};

/// A staff member's session.
pub const SESSION_COOKIE: &str = "dost_s";
/// The sign-in form's CSRF token (before there is a session).
pub const LOGIN_COOKIE: &str = "dost_l";
/// Identifies a visitor's browser for rating (one vote per article).
pub const VOTER_COOKIE: &str = "dost_v";

/// A cookie's value, if it is present and looks like one of ours (hex).
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| (16..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `Set-Cookie` for a token: HttpOnly, SameSite=Lax, `Secure` when the site is served over HTTPS.
pub fn set_cookie(secure: bool, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"))
        .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Random hex string of `bytes` bytes.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    if getrandom::fill(&mut buf).is_err() {
        // Falling back to the time is weak but never panics; the OS source
        // does not fail on the systems we run on.
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        buf.iter_mut().enumerate().for_each(|(i, b)| *b = (t.as_nanos() >> (i % 16 * 8)) as u8);
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }

    #[test]
    fn only_our_own_cookie_values_are_read() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "a=1; dost_s=0123456789abcdef0123; dost_v=<script>".parse().unwrap());
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("0123456789abcdef0123"));
        assert_eq!(cookie(&h, VOTER_COOKIE), None);
    }
}

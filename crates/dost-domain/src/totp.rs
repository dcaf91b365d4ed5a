//! Time-based one-time passwords (RFC 6238, HMAC-SHA1, 6 digits, 30 s), as
//! authenticator apps compute them, and the base32 secrets they scan.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
pub const STEP_SECS: i64 = 30;

/// Base32 (RFC 4648) without padding.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes base32, ignoring spaces, dashes, padding and case.
pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in s.chars().filter(|c| !matches!(c, ' ' | '-' | '=')) {
        let v = ALPHABET.iter().position(|&a| a as char == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push(((buffer >> (bits - 8)) & 0xFF) as u8);
            bits -= 8;
        }
    }
    Some(out)
}

/// The 6-digit code for a counter (RFC 4226).
pub fn hotp(secret: &[u8], counter: u64) -> u32 {
    let Ok(mut mac) = <Hmac<Sha1> as KeyInit>::new_from_slice(secret) else { return 0 };
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = (h[19] & 0x0f) as usize;
    let bin = (u32::from(h[offset] & 0x7f) << 24)
        | (u32::from(h[offset + 1]) << 16)
        | (u32::from(h[offset + 2]) << 8)
        | u32::from(h[offset + 3]);
    bin % 1_000_000
}

/// The code an app shows at `now`.
pub fn code_at(secret: &[u8], now: i64) -> String {
    format!("{:06}", hotp(secret, (now.max(0) / STEP_SECS) as u64))
}

/// Checks a typed code, accepting the previous and next 30-second step for
/// clock drift. Returns the time step the code belongs to, so that the caller
/// can refuse a code whose step was already used (a code works once).
pub fn verify(secret: &[u8], typed: &str, now: i64) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != 6 || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    (-1..=1).map(|d| now.max(0) / STEP_SECS + d).find(|step| {
        let code = format!("{:06}", hotp(secret, (*step).max(0) as u64));
        code.bytes().zip(typed.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    })
}

/// The `otpauth://` address authenticator apps read (also shown as text).
pub fn otpauth_uri(issuer: &str, account: &str, secret_b32: &str) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/{}:{}?secret={secret_b32}&issuer={}&algorithm=SHA1&digits=6&period=30",
        enc(issuer),
        enc(account),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_test_vectors() {
        // RFC 6238 appendix B, SHA1, secret "12345678901234567890", 8 digits → last 6 here.
        let secret = b"12345678901234567890";
        for (t, code8) in
            [(59, "94287082"), (1_111_111_109, "07081804"), (1_234_567_890, "89005924"), (2_000_000_000, "69279037")]
        {
            assert_eq!(code_at(secret, t), code8[2..], "t = {t}");
        }
    }

    #[test]
    fn base32_round_trip() {
        assert_eq!(base32_encode(b"12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(base32_decode("gezd gnbv-gy3t qojq gezdgnbvgy3tqojq").unwrap(), b"12345678901234567890");
        assert_eq!(base32_decode("0189"), None);
    }

    #[test]
    fn codes_are_accepted_within_one_step() {
        let s = b"bi mat cua can bo";
        let now = 1_600_000_000;
        assert_eq!(verify(s, &code_at(s, now), now), Some(now / 30));
        assert_eq!(verify(s, &code_at(s, now - 30), now), Some(now / 30 - 1));
        assert_eq!(verify(s, &code_at(s, now - 90), now), None);
        assert_eq!(verify(s, "12345", now), None);
        assert_eq!(verify(s, "abcdef", now), None);
    }
}

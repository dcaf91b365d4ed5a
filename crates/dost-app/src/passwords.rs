//! Passwords: argon2id, hashed and checked on a blocking thread (slow on
//! purpose), and an unknown account takes as long to refuse as a real one.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::AppError;

/// Hashes a password with argon2id.
pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

/// A hash of a random password, verified against when the account does not
/// exist, so that the answer takes as long as for a real account.
fn dummy_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| {
        let mut salt = [0u8; 16];
        let _ = getrandom::fill(&mut salt);
        let random: String = salt.iter().map(|b| format!("{b:02x}")).collect();
        Argon2::default().hash_password(random.as_bytes()).map(|h| h.to_string()).unwrap_or_default()
    })
}

/// Checks a password against a stored hash (or the dummy hash when `stored` is None).
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let real = stored.is_some();
        let hash = stored.unwrap_or_else(|| dummy_hash().to_string());
        let ok = PasswordHash::new(&hash)
            .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
            .unwrap_or(false);
        ok && real
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn argon2id_hashes_verify() {
        let h = hash("mật khẩu dài đủ".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("mật khẩu dài đủ".into(), Some(h.clone())).await);
        assert!(!verify("sai".into(), Some(h)).await);
        assert!(!verify("bất kỳ".into(), None).await);
    }
}

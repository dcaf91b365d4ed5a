//! Path parameters decoded strictly.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::WebError;

/// Path parameters; a malformed address (bad percent-encoding, not UTF-8, a
/// number that is not one) gets the Vietnamese 400 page instead of the
/// framework's English text.
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

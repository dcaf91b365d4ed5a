//! The browser's copy of a page (`If-None-Match`), taken from the request
//! without copying its other headers: the portal's pages answer 304 when the
//! copy is still current.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};

/// The ETag the browser holds, if any.
#[derive(Debug, Clone, Default)]
pub struct IfNoneMatch(pub Option<HeaderValue>);

impl IfNoneMatch {
    /// Whether the browser's copy has this tag.
    pub fn matches(&self, etag: &str) -> bool {
        self.0.as_ref().and_then(|v| v.to_str().ok()) == Some(etag)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfNoneMatch {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(parts.headers.get(header::IF_NONE_MATCH).cloned()))
    }
}

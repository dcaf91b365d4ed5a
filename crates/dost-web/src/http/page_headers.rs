//! What a cached page's answer depends on in the request, taken without
//! copying the other headers: the browser's copy (`If-None-Match`, answered
//! 304 when still current) and the encodings it accepts.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};

use super::encoding::Coding;

/// The ETag the browser holds, if any, and the encoding to answer in.
#[derive(Debug, Clone, Default)]
pub struct PageHeaders {
    etag: Option<HeaderValue>,
    pub coding: Coding,
}

impl PageHeaders {
    /// Whether the browser's copy has this tag.
    pub fn matches(&self, etag: &HeaderValue) -> bool {
        self.etag.as_ref() == Some(etag)
    }
}

impl PageHeaders {
    pub fn of(headers: &HeaderMap) -> Self {
        Self { etag: headers.get(header::IF_NONE_MATCH).cloned(), coding: Coding::negotiate(headers) }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageHeaders {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::of(&parts.headers))
    }
}

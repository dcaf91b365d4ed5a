//! The answers every API address may give besides its own (described once
//! for the OpenAPI document): a list's and an item's.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use super::params::Params;
use super::problem::{ApiError, Problem};

/// A list's other answers: not modified, bad parameters, too many requests.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // read by the OpenAPI document only
pub enum ListAnswers {
    #[response(status = 304, description = "Bản đang có vẫn mới")]
    NotModified,
    #[response(status = 400, description = "Tham số sai", content_type = "application/problem+json")]
    BadParameters(Problem),
    #[response(status = 429, description = "Quá nhiều yêu cầu", content_type = "application/problem+json")]
    TooMany(Problem),
}

/// An item's other answers: not modified, a parameter given, not there, too many requests.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // read by the OpenAPI document only
pub enum ItemAnswers {
    #[response(status = 304, description = "Bản đang có vẫn mới")]
    NotModified,
    #[response(status = 400, description = "Tham số sai", content_type = "application/problem+json")]
    BadParameters(Problem),
    #[response(status = 404, description = "Không có bản ghi công khai này", content_type = "application/problem+json")]
    NotFound(Problem),
    #[response(status = 429, description = "Quá nhiều yêu cầu", content_type = "application/problem+json")]
    TooMany(Problem),
}

/// The number in an item's address (`None`: not a number, which is "not
/// there"), once the address is known to carry no query parameters.
pub struct ItemId(pub Option<i64>);

impl<S: Send + Sync> FromRequestParts<S> for ItemId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Params::from_request_parts(parts, state).await?.allow(&[])?;
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::not_found("Không có bản ghi này."))?;
        Ok(Self(id.parse().ok()))
    }
}

//! The API's query parameters, read strictly: an unknown or malformed value
//! is a 400 problem that says which, never a guess and never a 5xx.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, RawQuery};
use axum::http::request::Parts;
use serde::Deserialize;
use utoipa::IntoParams;

use super::problem::ApiError;
use crate::http::query::parse_query_within;

/// Longest query string accepted.
const QUERY_LIMIT: usize = 2048;
/// Largest page.
pub const MAX_PER_PAGE: i64 = 100;
/// Page size when none is asked.
pub const PER_PAGE: i64 = 20;

/// A request's query parameters (first value of each).
pub struct Params(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let RawQuery(raw) = RawQuery::from_request_parts(parts, state).await.unwrap_or(RawQuery(None));
        parse_query_within(raw.as_deref(), QUERY_LIMIT)
            .map(Params)
            .map_err(|_| ApiError::bad("Tham số truy vấn không hợp lệ (mã hóa sai hoặc quá dài)."))
    }
}

impl Params {
    /// Refuses a parameter the address does not take (the OpenAPI document
    /// lists them; a misspelt filter would otherwise be ignored silently).
    pub fn allow(&self, keys: &[&str]) -> Result<(), ApiError> {
        let mut unknown: Vec<&String> = self.0.keys().filter(|k| !keys.contains(&k.as_str())).collect();
        unknown.sort();
        match unknown.first() {
            None => Ok(()),
            Some(k) if keys.is_empty() => Err(ApiError::bad(format!("Địa chỉ này không nhận tham số (có «{k}»)."))),
            Some(k) => Err(ApiError::bad(format!("Tham số «{k}» không được hỗ trợ; dùng: {}.", keys.join(", ")))),
        }
    }

    /// A code with a fixed form (a week), if given; empty is refused.
    pub fn code(&self, key: &str, max: usize) -> Result<Option<String>, ApiError> {
        self.empty(key)?;
        Ok(Some(self.text(key, max)?).filter(|v| !v.is_empty()))
    }

    /// A text parameter, trimmed (empty when absent), at most `max` characters.
    pub fn text(&self, key: &str, max: usize) -> Result<String, ApiError> {
        let v = self.0.get(key).map(|s| dost_domain::text::nfc(s.trim())).unwrap_or_default();
        if v.chars().count() > max {
            return Err(ApiError::bad(format!("Tham số «{key}» quá dài (tối đa {max} ký tự).")));
        }
        Ok(v)
    }

    /// A parameter given with nothing in it (`?year=`): refused for numbers
    /// and codes, where "nothing" is not a value.
    fn empty(&self, key: &str) -> Result<(), ApiError> {
        match self.0.get(key) {
            Some(v) if v.trim().is_empty() => {
                Err(ApiError::bad(format!("Tham số «{key}» để trống; hãy bỏ nó đi hoặc cho một giá trị.")))
            }
            _ => Ok(()),
        }
    }

    /// A whole number within `range`, if given.
    pub fn number(&self, key: &str, range: std::ops::RangeInclusive<i64>) -> Result<Option<i64>, ApiError> {
        self.empty(key)?;
        match self.0.get(key).map(|s| s.trim()) {
            None => Ok(None),
            Some(s) => match s.parse::<i64>() {
                Ok(n) if range.contains(&n) => Ok(Some(n)),
                _ => Err(ApiError::bad(format!(
                    "Tham số «{key}» phải là số nguyên từ {} đến {}.",
                    range.start(),
                    range.end()
                ))),
            },
        }
    }

    /// One of the given codes, if given.
    pub fn choice(&self, key: &str, codes: &[&str]) -> Result<String, ApiError> {
        self.empty(key)?;
        let v = self.text(key, 100)?;
        if v.is_empty() || codes.contains(&v.as_str()) {
            Ok(v)
        } else {
            Err(ApiError::bad(format!("Tham số «{key}» phải là một trong: {}.", codes.join(", "))))
        }
    }

    /// The page asked for.
    pub fn paging(&self) -> Result<Paging, ApiError> {
        let page = self.number("page", 1..=1_000_000)?.unwrap_or(1);
        let per_page = self.number("per_page", 1..=MAX_PER_PAGE)?.unwrap_or(PER_PAGE);
        Ok(Paging { page, per_page })
    }
}

/// The paging parameters as the OpenAPI document describes them (read by
/// [`Params::paging`]; this type only describes them).
#[allow(dead_code)]
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Trang, từ 1.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<i64>,
    /// Số mục mỗi trang (1–100, mặc định 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<i64>,
}

/// Which page of a list.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub page: i64,
    pub per_page: i64,
}

impl Paging {
    pub fn offset(&self) -> usize {
        usize::try_from((self.page - 1) * self.per_page).unwrap_or(usize::MAX)
    }

    /// This page of `all`.
    pub fn slice<T>(&self, all: Vec<T>) -> Vec<T> {
        all.into_iter().skip(self.offset()).take(usize::try_from(self.per_page).unwrap_or(0)).collect()
    }
}

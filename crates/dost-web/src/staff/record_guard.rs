//! The record-level guard of the route table: on every route whose access
//! depends on the record (`Need::Record`), a change is refused (403, in the
//! staff layout) before its form is read when the person may not change
//! the record the path names — its unit's task, directive or question, a
//! register's keeper, an article they may see. The handler then applies
//! the step's finer rule (a unit head to withdraw a step, a reviewer to
//! approve) on the record it opens.

use axum::body::Body;
use axum::extract::State;
use axum::http::{Method, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Staff;
use crate::{AppState, WebError};

pub async fn record(State(state): State<AppState>, staff: Staff, req: Request<Body>, next: Next) -> Response {
    if req.method() == Method::POST
        && let Err(e) = check(&state, &staff, req.uri().path()).await
    {
        return e.into_response();
    }
    next.run(req).await
}

/// Whether `staff` may change the record `path` names.
async fn check(state: &AppState, staff: &Staff, path: &str) -> Result<(), WebError> {
    let parts: Vec<&str> = path.trim_start_matches("/quan-tri/").split('/').collect();
    let id = parts.get(1).and_then(|s| s.parse::<i64>().ok());
    match (parts.first().copied(), id) {
        (Some("bai-viet"), Some(id)) => super::articles::load(state, staff, id).await.map(drop),
        (Some("nhiem-vu"), Some(id)) => super::tasks::load_for_writing(state, staff, id).await.map(drop),
        (Some("chi-dao"), Some(id)) => super::directives::open_for_update(state, staff, id).await.map(drop),
        (Some("hoi-dap"), Some(id)) => super::participation::questions::open(state, staff, id).await.map(drop),
        (Some("so"), _) => {
            let r = parts.get(1).and_then(|slug| dost_domain::registers::find(slug)).ok_or(WebError::NotFound)?;
            super::registers::require_write(staff, r)
        }
        _ => Ok(()),
    }
}

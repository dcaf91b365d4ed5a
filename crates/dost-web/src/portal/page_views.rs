//! Page views, counted by a layer on the portal's page routes (the router
//! says which routes are pages): a GET answered with the page (200) or
//! "not modified" (304) is one view of the visitor. Errors, redirects,
//! feeds and files are not views. (A page served from the cache before
//! the router is counted on that path, `hot_path.rs`.)

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;
use crate::visitors::Client;

pub async fn count(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let client = (parts.method == Method::GET).then_some(());
    let client = match client {
        Some(()) => Client::from_request_parts(&mut parts, &state).await.ok(),
        None => None,
    };
    let response = next.run(Request::from_parts(parts, body)).await;
    if let Some(c) = client
        && matches!(response.status(), StatusCode::OK | StatusCode::NOT_MODIFIED)
    {
        state.visitors.record(&c, state.clock.now());
    }
    response
}

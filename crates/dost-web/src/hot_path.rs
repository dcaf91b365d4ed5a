//! The hot path: a plain GET of a page the cache holds under its own path
//! (the home page, an article, the organisation pages…) is answered here,
//! before the router — the visit counted, the page served from memory in
//! the encoding asked for, with the same headers the router would add —
//! so the page most people read costs a lookup and a copy. Everything else
//! (a query, another method, a page not cached yet) goes through the router,
//! whose handlers fill the cache.

use std::net::SocketAddr;

use axum::http::{Method, Request};
use axum::response::Response;

use crate::AppState;
use crate::http::PageHeaders;
use crate::visitors::Client;

/// The answer from the cache, if the request may have it.
pub fn answer<B>(state: &AppState, req: &Request<B>, peer: SocketAddr) -> Option<Response> {
    if req.method() != Method::GET || req.uri().query().is_some() {
        return None;
    }
    let started = std::time::Instant::now();
    let page = state.cache.get_path(req.uri().path())?;
    state.visitors.record(&Client::of(req.headers(), Some(peer.ip()), state), state.clock.now());
    let resp = crate::layout::respond(state, &PageHeaders::of(req.headers()), &page);
    let resp = crate::security_headers(resp, state.config.base_url.starts_with("https://"));
    state.metrics.hot(resp.status() == axum::http::StatusCode::NOT_MODIFIED, started.elapsed());
    Some(resp)
}

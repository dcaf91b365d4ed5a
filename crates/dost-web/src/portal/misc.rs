use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::http::PageHeaders;
use crate::layout::{Crumb, Layout, Meta, render_and_respond};
use crate::visitors::Client;
use crate::{AppState, WebError};

pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "cơ sở dữ liệu chưa sẵn sàng").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "not_found.html")]
struct NotFoundTemplate {
    meta: Meta,
    layout: Arc<Layout>,
}

/// The 404 page, with the portal's menu and a search box.
pub async fn not_found(State(state): State<AppState>, cached: PageHeaders) -> Response {
    let mut meta = Meta::new(&state, "Không tìm thấy trang".into(), "/");
    meta.noindex = true;
    let t = NotFoundTemplate { meta, layout: state.layout.get() };
    match render_and_respond(&state, &cached, None, &t) {
        Ok(mut r) => {
            *r.status_mut() = StatusCode::NOT_FOUND;
            r.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
            r.headers_mut().remove(header::ETAG);
            r
        }
        Err(e) => e.into_response(),
    }
}

#[derive(Template)]
#[template(path = "contact.html")]
struct ContactTemplate {
    meta: Meta,
    layout: Arc<Layout>,
}

pub async fn contact(State(state): State<AppState>, client: Client, cached: PageHeaders) -> Result<Response, WebError> {
    state.visitors.record(&client, state.clock.now());
    let mut meta = Meta::new(&state, "Liên hệ".into(), "/lien-he");
    meta.breadcrumb = vec![Crumb { name: "Liên hệ".into(), url: "/lien-he".into() }];
    render_and_respond(&state, &cached, Some("/lien-he".into()), &ContactTemplate { meta, layout: state.layout.get() })
}

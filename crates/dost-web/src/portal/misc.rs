use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::http::PageHeaders;
use crate::layout::{Crumb, Layout, Meta, render_and_respond};
use crate::{AppState, WebError};

/// A plain-text answer for machines (kept as it is, not turned into an error page).
fn for_machines(status: StatusCode, text: String) -> Response {
    let mut r = (status, [(header::CACHE_CONTROL, "no-store")], text.clone()).into_response();
    r.extensions_mut().insert(crate::http::error::Shown { message: text });
    r
}

/// `GET /healthz`: the process answers and the database answers (liveness).
/// When writes are failing it still answers 200 — pages are served — and
/// says so; `/readyz` is the answer that turns 503.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => {
            let body = match state.writes.failing() {
                Some(c) => format!("ok; ghi dữ liệu đang lỗi: {} ({})", c.words(), c.code()),
                None => "ok".to_string(),
            };
            for_machines(StatusCode::OK, body)
        }
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            for_machines(StatusCode::SERVICE_UNAVAILABLE, "cơ sở dữ liệu chưa sẵn sàng".into())
        }
    }
}

/// `GET /readyz`: 200 when the database answers and writes reach it; 503
/// with the cause otherwise. Once writes have failed for 5 seconds it tries a
/// small write at most every 5 seconds, so it turns back to 200 by itself
/// once space returns.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let not_ready = |why: String| for_machines(StatusCode::SERVICE_UNAVAILABLE, why);
    if let Err(e) = state.db.ping().await {
        tracing::error!(error = %e, "readiness check failed");
        return not_ready("cơ sở dữ liệu chưa sẵn sàng (database)".into());
    }
    let now = state.clock.now();
    if state.writes.probe_due(now, 5) {
        let probed = dost_store::content::probe_write(&state.db, now).await;
        state.writes.record(now, &probed);
    }
    match state.writes.failing() {
        Some(c) => not_ready(format!("ghi dữ liệu đang lỗi: {} ({})", c.words(), c.code())),
        None => for_machines(StatusCode::OK, "ok".into()),
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

pub async fn contact(State(state): State<AppState>, cached: PageHeaders) -> Result<Response, WebError> {
    let mut meta = Meta::new(&state, "Liên hệ".into(), "/lien-he");
    meta.breadcrumb = vec![Crumb { name: "Liên hệ".into(), url: "/lien-he".into() }];
    render_and_respond(&state, &cached, Some("/lien-he".into()), &ContactTemplate { meta, layout: state.layout.get() })
}

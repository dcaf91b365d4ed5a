use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Duration};
use dost_domain::format;
use dost_domain::visitors::DayCount;

use crate::http::IfNoneMatch;
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
pub async fn not_found(State(state): State<AppState>, cached: IfNoneMatch) -> Response {
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

pub struct DayRow {
    pub date: String,
    pub people: String,
    pub bots: String,
    pub views: String,
    /// Bar width in percent of the busiest day.
    pub width: i64,
}

#[derive(Template)]
#[template(path = "stats.html")]
struct StatsTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    rows: Vec<DayRow>,
    total_people: String,
    total_bots: String,
}

/// The last 30 days of visits, people and bots apart.
pub async fn stats(State(state): State<AppState>, client: Client, cached: IfNoneMatch) -> Result<Response, WebError> {
    let now = state.clock.now();
    state.visitors.record(&client, now);
    let today = format::vn_date(now);
    let from = today - Duration::days(29);
    let days =
        dost_store::stats::days(&state.db, &from.format("%Y-%m-%d").to_string(), &today.format("%Y-%m-%d").to_string())
            .await?;
    let max = days.iter().map(|(_, c)| c.guests + c.members).max().unwrap_or(0).max(1);
    let mut sum = DayCount::default();
    let rows = days
        .iter()
        .rev()
        .map(|(d, c)| {
            sum.merge(c);
            let date =
                chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map(format::long_date).unwrap_or_else(|_| d.clone());
            DayRow {
                date,
                people: format::int(c.guests + c.members),
                bots: format::int(c.bots),
                views: format::int(c.page_views),
                width: (c.guests + c.members) * 100 / max,
            }
        })
        .collect();
    let mut meta = Meta::new(&state, "Thống kê truy cập".into(), "/thong-ke");
    meta.description = format!("Lượt truy cập 30 ngày gần nhất, đến {}", format::date(today));
    meta.breadcrumb = vec![Crumb { name: "Thống kê truy cập".into(), url: "/thong-ke".into() }];
    let _ = today.year();
    let t = StatsTemplate {
        meta,
        layout: state.layout.get(),
        rows,
        total_people: format::int(sum.guests + sum.members),
        total_bots: format::int(sum.bots),
    };
    render_and_respond(&state, &cached, None, &t)
}

#[derive(Template)]
#[template(path = "contact.html")]
struct ContactTemplate {
    meta: Meta,
    layout: Arc<Layout>,
}

pub async fn contact(State(state): State<AppState>, client: Client, cached: IfNoneMatch) -> Result<Response, WebError> {
    state.visitors.record(&client, state.clock.now());
    let mut meta = Meta::new(&state, "Liên hệ".into(), "/lien-he");
    meta.breadcrumb = vec![Crumb { name: "Liên hệ".into(), url: "/lien-he".into() }];
    render_and_respond(&state, &cached, Some("/lien-he".into()), &ContactTemplate { meta, layout: state.layout.get() })
}

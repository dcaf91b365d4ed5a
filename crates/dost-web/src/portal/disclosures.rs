//! Plans, periodic reports and budget disclosures (Nghị định 42/2022), by
//! kind, for a year, each with its period and file.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use dost_domain::format;
use dost_domain::registers::DISCLOSURE_KINDS;

use crate::http::PageHeaders;
use crate::http::query::Query;
use crate::layout::{Crumb, Layout, Meta, render_and_respond};
use crate::{AppState, WebError};

pub struct Item {
    pub title: String,
    pub period: String,
    pub published: String,
    pub summary: String,
    pub file: String,
}

pub struct Group {
    pub label: &'static str,
    pub items: Vec<Item>,
}

#[derive(Template)]
#[template(path = "disclosures.html")]
struct DisclosuresTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    year: i64,
    years: Vec<i64>,
    groups: Vec<Group>,
}

/// `GET /cong-khai?nam=2020`: every kind, for a year (all years by default).
pub async fn page(State(state): State<AppState>, cached: PageHeaders, q: Query) -> Result<Response, WebError> {
    let year = match q.text("nam").as_str() {
        "" => 0,
        y => y
            .parse::<i64>()
            .ok()
            .filter(|y| (1945..=2100).contains(y))
            .ok_or_else(|| WebError::BadRequest("Năm phải là một năm, ví dụ 2020.".into()))?,
    };
    let key = format!("/cong-khai?nam={year}");
    if let Some(hit) = state.cache.get(&key) {
        return Ok(crate::layout::respond(&state, &cached, &hit));
    }
    let all = dost_store::legal::disclosures(&state.db, year).await?;
    let groups = DISCLOSURE_KINDS
        .iter()
        .map(|(code, label)| Group {
            label,
            items: all
                .iter()
                .filter(|d| d.kind == *code)
                .map(|d| Item {
                    title: d.title.clone(),
                    period: d.period.clone(),
                    published: format::date(d.published_on),
                    summary: d.summary.clone(),
                    file: d.file.clone(),
                })
                .collect(),
        })
        .collect();
    let years = dost_store::legal::disclosure_years(&state.db).await?;
    let mut meta = Meta::new(&state, "Công khai".into(), "/cong-khai");
    meta.description = "Kế hoạch, báo cáo định kỳ, công khai dự toán và quyết toán ngân sách của Sở".into();
    meta.breadcrumb = vec![Crumb { name: "Công khai".into(), url: "/cong-khai".into() }];
    render_and_respond(
        &state,
        &cached,
        Some(key),
        &DisclosuresTemplate { meta, layout: state.layout.get(), year, years, groups },
    )
}

use std::sync::Arc;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use dost_domain::format;
use dost_domain::page::{Paging, parse_page};
use dost_domain::search::{Query, highlight, snippet};
use dost_domain::text::strip_tags;

use crate::http::PageHeaders;
use crate::http::{Pager, encode, parse_query};
use crate::layout::{Crumb, Layout, Meta, render_and_respond};
use crate::visitors::Client;
use crate::{AppState, WebError};

const PER_PAGE: u32 = 10;

pub struct Hit {
    pub url: String,
    pub title_html: String,
    pub snippet_html: String,
    pub date: String,
    pub iso: String,
    pub category: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    q: String,
    notice: Option<String>,
    results: Vec<Hit>,
    total: usize,
    pager: Pager,
    /// Matches in the other sections: (label, link to the section's search, count).
    elsewhere: Vec<(&'static str, String, usize)>,
}

/// How many legal documents, procedures and answered questions the words
/// match, each linked to its section's own search.
async fn elsewhere(state: &AppState, query: &Query, q: &str) -> Result<Vec<(&'static str, String, usize)>, WebError> {
    use dost_domain::text::fold;
    let legal = dost_store::legal::documents(&state.db)
        .await?
        .iter()
        .filter(|d| query.matches(&fold(&format!("{} {} {} {}", d.number, d.summary, d.issuer, d.field))))
        .count();
    let procedures = dost_store::work::public_procedures(&state.db)
        .await?
        .iter()
        .filter(|p| query.matches(&fold(&format!("{} {} {}", p.code, p.name, p.legal_basis))))
        .count();
    let answers = dost_store::participation::published(&state.db)
        .await?
        .iter()
        .filter(|x| query.matches(&fold(&format!("{} {} {}", x.title, x.body, x.answer))))
        .count();
    let q = encode(q);
    Ok([
        ("Văn bản", format!("/van-ban?q={q}"), legal),
        ("Thủ tục hành chính", format!("/thu-tuc-hanh-chinh?q={q}"), procedures),
        ("Hỏi đáp", format!("/hoi-dap?q={q}"), answers),
    ]
    .into_iter()
    .filter(|x| x.2 > 0)
    .collect())
}

pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    client: Client,
    cached: PageHeaders,
) -> Result<Response, WebError> {
    let params = parse_query(raw.as_deref())?;
    let q = params.get("q").cloned().unwrap_or_default();
    let page = parse_page(params.get("trang").map(String::as_str))?;
    let parsed = Query::parse(&q)?;
    let now = state.clock.now();
    state.visitors.record(&client, now);
    let layout = state.layout.get();
    let paging = Paging::new(page, PER_PAGE);
    let mut meta =
        Meta::new(&state, if q.is_empty() { "Tìm kiếm".into() } else { format!("Tìm kiếm: {q}") }, "/tim-kiem");
    meta.noindex = true;
    meta.breadcrumb = vec![Crumb { name: "Tìm kiếm".into(), url: "/tim-kiem".into() }];
    let mut t = SearchTemplate {
        meta,
        layout,
        notice: None,
        results: Vec::new(),
        total: 0,
        pager: Pager::new(paging, 0, "/tim-kiem?"),
        elsewhere: Vec::new(),
        q: q.clone(),
    };
    match parsed {
        None if q.trim().is_empty() => {
            t.notice = Some("Nhập từ khóa để tìm bài viết, ví dụ: đo lường, sở hữu trí tuệ.".into())
        }
        None => t.notice = Some("Từ khóa không có chữ hoặc số nào để tìm.".into()),
        Some(query) => {
            t.elsewhere = elsewhere(&state, &query, &q).await?;
            let found = crate::finder::find(&state, &query, |_, _| true).await?;
            t.total = found.len();
            t.pager = Pager::new(paging, found.len() as i64, &format!("/tim-kiem?q={}&", encode(&q)));
            if found.is_empty() {
                t.notice = Some(format!("Không tìm thấy bài viết nào có «{q}». Hãy thử từ khóa khác hoặc ít từ hơn."));
            } else if page > t.pager.pages {
                return Err(WebError::NotFound);
            }
            let start = paging.offset() as usize;
            let ids: Vec<i64> = found.iter().skip(start).take(PER_PAGE as usize).map(|f| f.id).collect();
            t.results = dost_store::portal::search_rows(&state.db, &ids)
                .await?
                .iter()
                .map(|r| {
                    let text = format!("{} {}", r.summary.lead, strip_tags(&r.body_html));
                    Hit {
                        url: r.summary.path(),
                        title_html: highlight(&query, &r.summary.title),
                        snippet_html: snippet(&query, &text, 240),
                        date: format::date_ts(r.summary.published_at),
                        iso: format::iso_ts(r.summary.published_at),
                        category: r.summary.category_name.clone(),
                    }
                })
                .collect();
        }
    }
    render_and_respond(&state, &cached, None, &t)
}

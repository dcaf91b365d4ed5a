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
    let sections = state.search_sections.get(state.cache.version(), sections(state)).await?;
    let q = encode(q);
    Ok(sections
        .iter()
        .map(|s| (s.label, format!("{}?q={q}", s.path), s.texts.iter().filter(|t| query.matches(t)).count()))
        .filter(|x| x.2 > 0)
        .collect())
}

/// Another section's public records, as the search box counts them.
pub(crate) struct Section {
    label: &'static str,
    /// The section's own search.
    path: &'static str,
    /// Each record's folded text.
    texts: Vec<String>,
}

/// The other sections, read once per content version.
async fn sections(state: &AppState) -> Result<Vec<Section>, WebError> {
    use dost_domain::text::fold;
    let legal = dost_store::legal::documents(&state.db).await?;
    let procedures = dost_store::work::public_procedures(&state.db).await?;
    let answers = dost_store::participation::published(&state.db).await?;
    Ok(vec![
        Section {
            label: "Văn bản",
            path: "/van-ban",
            texts: legal
                .iter()
                .map(|d| fold(&format!("{} {} {} {}", d.number, d.summary, d.issuer, d.field)))
                .collect(),
        },
        Section {
            label: "Thủ tục hành chính",
            path: "/thu-tuc-hanh-chinh",
            texts: procedures.iter().map(|p| fold(&format!("{} {} {}", p.code, p.name, p.legal_basis))).collect(),
        },
        Section {
            label: "Hỏi đáp",
            path: "/hoi-dap",
            texts: answers.iter().map(|x| fold(&format!("{} {} {}", x.title, x.body, x.answer))).collect(),
        },
    ])
}

pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    cached: PageHeaders,
) -> Result<Response, WebError> {
    let params = parse_query(raw.as_deref())?;
    let q = params.get("q").cloned().unwrap_or_default();
    let page = parse_page(params.get("trang").map(String::as_str))?;
    let parsed = Query::parse(&q)?;
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
            let window = (paging.offset() as usize, PER_PAGE as usize);
            let layout = state.layout.get();
            let found = state.finder.find(state.search_at(&layout.tree), &query, |_, _| true, window).await?;
            t.total = found.total;
            t.pager = Pager::new(paging, found.total as i64, &format!("/tim-kiem?q={}&", encode(&q)));
            if found.total == 0 {
                t.notice = Some(format!("Không tìm thấy bài viết nào có «{q}». Hãy thử từ khóa khác hoặc ít từ hơn."));
            } else if page > t.pager.pages {
                return Err(WebError::NotFound);
            }
            t.results = dost_store::portal::search_rows(&state.db, &found.ids)
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

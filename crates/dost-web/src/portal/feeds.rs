//! RSS 2.0 and robots.txt.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use dost_domain::content::ArticleSummary;
use dost_domain::format;
use dost_domain::text::escape_html;

use crate::http::VnPath;
use crate::{AppState, WebError};

const FEED_ITEMS: i64 = 30;

pub fn xml(body: impl Into<axum::body::Body>, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=300")], body.into())
        .into_response()
}

/// One item of a feed: an article, a legal document, a draft, an answer.
pub struct FeedItem {
    pub title: String,
    pub path: String,
    pub description: String,
    pub category: String,
    pub published_at: i64,
}

impl From<&ArticleSummary> for FeedItem {
    fn from(a: &ArticleSummary) -> Self {
        Self {
            title: a.title.clone(),
            path: a.path(),
            description: a.lead.clone(),
            category: a.category_name.clone(),
            published_at: a.published_at,
        }
    }
}

fn articles(items: &[ArticleSummary]) -> Vec<FeedItem> {
    items.iter().map(FeedItem::from).collect()
}

pub fn rss(
    state: &AppState,
    title: &str,
    link_path: &str,
    description: &str,
    feed_path: &str,
    items: &[FeedItem],
) -> String {
    let base = &state.config.base_url;
    let mut out = String::with_capacity(4096 + items.len() * 600);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    out.push_str(&format!("<title>{}</title>\n<link>{base}{link_path}</link>\n", escape_html(title)));
    out.push_str(&format!("<description>{}</description>\n<language>vi</language>\n", escape_html(description)));
    out.push_str(&format!("<atom:link href=\"{base}{feed_path}\" rel=\"self\" type=\"application/rss+xml\"/>\n"));
    if let Some(first) = items.first() {
        out.push_str(&format!("<lastBuildDate>{}</lastBuildDate>\n", format::rfc2822_ts(first.published_at)));
    }
    for a in items {
        let url = format!("{base}{}", a.path);
        out.push_str("<item>\n");
        out.push_str(&format!(
            "<title>{}</title>\n<link>{url}</link>\n<guid isPermaLink=\"true\">{url}</guid>\n",
            escape_html(&a.title)
        ));
        out.push_str(&format!("<description>{}</description>\n", escape_html(&a.description)));
        out.push_str(&format!("<category>{}</category>\n", escape_html(&a.category)));
        out.push_str(&format!("<pubDate>{}</pubDate>\n", format::rfc2822_ts(a.published_at)));
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

pub async fn rss_all(State(state): State<AppState>) -> Result<Response, WebError> {
    let items = dost_store::portal::latest(&state.db, state.clock.now(), FEED_ITEMS, 0).await?;
    let site = state.layout.get().site.clone();
    Ok(xml(
        rss(&state, &site.name, "/", &site.description, "/rss.xml", &articles(&items)),
        "application/rss+xml; charset=utf-8",
    ))
}

pub async fn rss_category(State(state): State<AppState>, VnPath(file): VnPath<String>) -> Result<Response, WebError> {
    let slug = file.strip_suffix(".xml").ok_or(WebError::NotFound)?;
    if let Some(feed) = super::section_feeds::feed(&state, slug).await? {
        return Ok(feed);
    }
    let layout = state.layout.get();
    let cat = layout.tree.by_slug(slug).ok_or(WebError::NotFound)?;
    let items = dost_store::portal::in_category(&state.db, state.clock.now(), cat.id, FEED_ITEMS).await?;
    let title = format!("{} – {}", cat.name, layout.site.name);
    let desc = if cat.description.is_empty() {
        format!("Tin bài chuyên mục {}", cat.name)
    } else {
        cat.description.clone()
    };
    Ok(xml(
        rss(&state, &title, &format!("/{slug}"), &desc, &format!("/rss/{slug}.xml"), &articles(&items)),
        "application/rss+xml; charset=utf-8",
    ))
}

pub async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nAllow: /\nDisallow: /quan-tri\nDisallow: /tim-kiem\nDisallow: /in/\nDisallow: /danh-gia/\n\nSitemap: {}/sitemap.xml\n",
        state.config.base_url
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], body)
        .into_response()
}

use std::sync::Arc;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use dost_domain::page::{Paging, parse_page};

use super::views::{Item, items};
use crate::http::PageHeaders;
use crate::http::{Pager, VnPath, parse_query};
use crate::layout::{Crumb, Layout, Link, Meta, render_and_respond, respond};
use crate::{AppState, WebError};

const PER_PAGE: u32 = 12;

#[derive(Template)]
#[template(path = "category.html")]
struct CategoryTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    name: String,
    description: String,
    children: Vec<Link>,
    items: Vec<Item>,
    pager: Pager,
    feed_url: String,
}

pub async fn category(
    State(state): State<AppState>,
    VnPath(slug): VnPath<String>,
    RawQuery(raw): RawQuery,
    cached: PageHeaders,
) -> Result<Response, WebError> {
    let query = parse_query(raw.as_deref())?;
    let page = parse_page(query.get("trang").map(String::as_str))?;
    let layout = state.layout.get();
    let Some(cat) = layout.tree.by_slug(&slug).cloned() else {
        return Err(WebError::NotFound);
    };
    let key = format!("/{slug}?trang={page}");
    if let Some(p) = state.cache.get(&key) {
        return Ok(respond(&state, &cached, &p));
    }
    let paging = Paging::new(page, PER_PAGE);
    let window = (usize::try_from(paging.offset()).unwrap_or(usize::MAX), PER_PAGE as usize);
    let layout = state.layout.get();
    let found = state.finder.in_category(state.search_at(&layout.tree), cat.id, window).await?;
    let total = found.total as i64;
    if page > 1 && page > paging.pages(total) {
        return Err(WebError::NotFound);
    }
    let list = dost_store::portal::summaries(&state.db, &found.ids).await?;
    let path = format!("/{}", cat.slug);
    let mut meta =
        Meta::new(&state, if page > 1 { format!("{} – trang {page}", cat.name) } else { cat.name.clone() }, &path);
    if page > 1 {
        meta.canonical = format!("{}{}?trang={page}", state.config.base_url, path);
    }
    meta.description = if cat.description.is_empty() {
        format!("Tin bài chuyên mục {}", cat.name)
    } else {
        cat.description.clone()
    };
    meta.breadcrumb =
        layout.tree.path(cat.id).iter().map(|c| Crumb { name: c.name.clone(), url: format!("/{}", c.slug) }).collect();
    meta.feed = Some(format!("/rss/{}.xml", cat.slug));
    let children =
        layout.tree.children(cat.id).map(|c| Link { name: c.name.clone(), url: format!("/{}", c.slug) }).collect();
    let t = CategoryTemplate {
        feed_url: format!("/rss/{}.xml", cat.slug),
        pager: Pager::new(paging, total, &format!("{path}?")),
        items: items(list),
        children,
        name: cat.name,
        description: cat.description,
        meta,
        layout,
    };
    render_and_respond(&state, &cached, Some(key), &t)
}

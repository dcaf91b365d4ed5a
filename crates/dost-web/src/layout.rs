//! What every page shares: the site's identity, the menu, the sidebar blocks
//! (rendered once per content version) and the response around a page.

use std::sync::{Arc, RwLock};

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dost_domain::content::{BlockKind, CategoryTree, file_size};
use dost_domain::format;
use dost_store::Db;

use crate::cache::{Filled, Rendered, STATS_BLOCK};
use crate::http::PageHeaders;
use crate::http::encoding::{self, Coding};
use crate::{AppState, WebError};

/// The site's identity, from the settings table.
#[derive(Debug, Clone)]
pub struct Site {
    pub name: String,
    pub parent_org: String,
    pub org: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub description: String,
    /// Who is chiefly responsible for the portal (Nghị định 42/2022): a title, e.g. "Giám đốc Sở …".
    pub responsible: String,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct MenuItem {
    pub name: String,
    pub url: String,
    pub children: Vec<Link>,
}

pub struct Layout {
    pub site: Site,
    pub tree: CategoryTree,
    pub menu: Vec<MenuItem>,
    pub sidebar_html: String,
    pub asset_v: &'static str,
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            site: default_site(),
            tree: CategoryTree::default(),
            menu: Vec::new(),
            sidebar_html: String::new(),
            asset_v: crate::static_files::asset_version(),
        }
    }
}

fn default_site() -> Site {
    Site {
        name: "Trang thông tin điện tử Sở Khoa học và Công nghệ".into(),
        parent_org: "Ủy ban nhân dân tỉnh".into(),
        org: "Sở Khoa học và Công nghệ".into(),
        address: String::new(),
        phone: String::new(),
        email: String::new(),
        description: "Tin tức, văn bản và thông tin khoa học và công nghệ".into(),
        responsible: "Giám đốc Sở Khoa học và Công nghệ".into(),
    }
}

#[derive(Default)]
pub struct LayoutCache {
    inner: RwLock<Arc<Layout>>,
}

impl LayoutCache {
    pub fn get(&self) -> Arc<Layout> {
        self.inner.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub async fn reload(&self, db: &Db, now: i64) -> Result<(), WebError> {
        let layout = load(db, now).await?;
        *self.inner.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(layout);
        Ok(())
    }
}

async fn load(db: &Db, now: i64) -> Result<Layout, WebError> {
    let d = default_site();
    let get = |key: &'static str, fallback: String| async move {
        Ok::<_, WebError>(dost_store::portal::setting(db, key).await?.unwrap_or(fallback))
    };
    let site = Site {
        name: get("site.name", d.name).await?,
        parent_org: get("site.parent_org", d.parent_org).await?,
        org: get("site.org", d.org).await?,
        address: get("site.address", d.address).await?,
        phone: get("site.phone", d.phone).await?,
        email: get("site.email", d.email).await?,
        description: get("site.description", d.description).await?,
        responsible: get("site.responsible", d.responsible).await?,
    };
    crate::http::error::remember_site(&site.parent_org, &site.org);
    let tree = CategoryTree::new(dost_store::portal::categories(db).await?);
    let menu = tree
        .roots()
        .filter(|c| c.show_in_menu)
        .map(|c| MenuItem {
            name: c.name.clone(),
            url: format!("/{}", c.slug),
            children: tree
                .children(c.id)
                .filter(|k| k.show_in_menu)
                .map(|k| Link { name: k.name.clone(), url: format!("/{}", k.slug) })
                .collect(),
        })
        .collect();
    let sidebar_html = sidebar(db, &tree, now).await?;
    Ok(Layout { site, tree, menu, sidebar_html, asset_v: crate::static_files::asset_version() })
}

/// One block of the sidebar, ready for the template.
pub enum SideBlock {
    Videos { title: String, items: Vec<VideoItem> },
    Articles { title: String, url: String, items: Vec<ListItem> },
    Documents { title: String, items: Vec<DocItem> },
    Tasks { title: String, items: Vec<TaskItem> },
    Stats { title: String },
}

pub struct VideoItem {
    pub url: String,
    pub title: String,
    pub poster: String,
    pub duration: String,
}

pub struct ListItem {
    pub url: String,
    pub title: String,
    pub date: String,
}

pub struct DocItem {
    pub url: String,
    pub title: String,
    pub info: String,
}

pub struct TaskItem {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub years: String,
}

#[derive(Template)]
#[template(path = "sidebar.html")]
struct SidebarTemplate {
    blocks: Vec<SideBlock>,
    stats_marker: &'static str,
}

async fn sidebar(db: &Db, tree: &CategoryTree, now: i64) -> Result<String, WebError> {
    let mut blocks = Vec::new();
    for b in dost_store::portal::blocks(db).await? {
        let limit = b.max_items.clamp(1, 20);
        blocks.push(match b.kind {
            BlockKind::Videos => SideBlock::Videos {
                title: b.title,
                items: dost_store::portal::videos(db, now, limit)
                    .await?
                    .into_iter()
                    .map(|v| VideoItem {
                        url: format!("/video/{}", v.id),
                        title: v.title,
                        poster: v.poster_url,
                        duration: v.duration,
                    })
                    .collect(),
            },
            BlockKind::Category => {
                let Some(cat) = tree.by_slug(&b.config) else { continue };
                SideBlock::Articles {
                    title: b.title,
                    url: format!("/{}", cat.slug),
                    items: dost_store::portal::in_category(db, now, cat.id, limit)
                        .await?
                        .into_iter()
                        .map(|a| ListItem { url: a.path(), date: format::date_ts(a.published_at), title: a.title })
                        .collect(),
                }
            }
            BlockKind::Documents => SideBlock::Documents {
                title: b.title,
                items: dost_store::portal::documents(db, &b.config, limit)
                    .await?
                    .into_iter()
                    .map(|d| DocItem {
                        url: format!("/tai-lieu/{}", d.id),
                        info: format!(
                            "{}, {}",
                            d.file_name.rsplit('.').next().unwrap_or("").to_uppercase(),
                            file_size(d.size_bytes)
                        ),
                        title: d.title,
                    })
                    .collect(),
            },
            BlockKind::Tasks => SideBlock::Tasks {
                title: b.title,
                items: dost_store::portal::public_tasks(db, limit)
                    .await?
                    .into_iter()
                    .map(|t| TaskItem {
                        id: t.id,
                        years: format!("{}–{}", t.start_year, t.end_year),
                        code: t.code,
                        title: t.title,
                    })
                    .collect(),
            },
            BlockKind::Stats => SideBlock::Stats { title: b.title },
        });
    }
    Ok(SidebarTemplate { blocks, stats_marker: STATS_BLOCK }.render()?)
}

/// A link in the breadcrumb.
#[derive(Debug, Clone)]
pub struct Crumb {
    pub name: String,
    pub url: String,
}

/// The head and breadcrumb of a page.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub title: String,
    pub description: String,
    /// Absolute canonical address.
    pub canonical: String,
    pub og_type: &'static str,
    pub og_image: Option<String>,
    pub published_iso: Option<String>,
    pub breadcrumb: Vec<Crumb>,
    pub noindex: bool,
    /// Path of the RSS feed of this page, if it has one.
    pub feed: Option<String>,
}

impl Meta {
    pub fn new(state: &AppState, title: String, path: &str) -> Self {
        Self {
            title,
            canonical: format!("{}{}", state.config.base_url, path),
            og_type: "website",
            ..Default::default()
        }
    }
}

/// A cached page, answered with the live statistics, an ETag and the right
/// cache headers (or 304 when the browser's copy is still current).
pub fn respond(state: &AppState, cached: &PageHeaders, page: &Rendered) -> Response {
    answer(state, cached, page, cached.coding)
}

/// The answer with the page in `coding`; a page rendered for one request
/// only goes out as it is, compressed on the way by the router's layer.
/// A page served again with the same statistics costs no lock but the
/// page's own and no allocation but the headers'.
fn answer(state: &AppState, cached: &PageHeaders, page: &Rendered, coding: Coding) -> Response {
    let filled = page.filled(state.visitors.seq(), || {
        let stats = state.visitors.view();
        let etag = HeaderValue::from_str(&format!("W/\"{:016x}.{}\"", page.digest, stats.seq))
            .unwrap_or(HeaderValue::from_static("W/\"0\""));
        Filled::new(stats.seq, etag, stats.block_html.clone(), stats.footer_html.clone())
    });
    let fresh = cached.matches(&filled.etag);
    let mut resp = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = Response::new(page.encoded(&filled, coding));
        // room for every header this answer gets on its way out, allocated once
        *r.headers_mut() = axum::http::HeaderMap::with_capacity(16);
        r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        r
    };
    let h = resp.headers_mut();
    if coding != Coding::Identity || cached.coding == Coding::Identity {
        encoding::mark(h, if fresh { Coding::Identity } else { coding });
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::ETAG, filled.etag.clone());
    resp
}

/// Renders a page template, caches it under `cache_key` (if any) and responds.
pub fn render_and_respond<T: Template>(
    state: &AppState,
    cached: &PageHeaders,
    cache_key: Option<String>,
    template: &T,
) -> Result<Response, WebError> {
    let page = Arc::new(Rendered::new(&template.render()?));
    Ok(match cache_key {
        Some(key) => {
            state.cache.put(key, page.clone());
            respond(state, cached, &page)
        }
        None => answer(state, cached, &page, Coding::Identity),
    })
}

/// A standalone error page (it needs no database, so it works when nothing else does).
pub fn error_page(status: StatusCode, message: &str) -> String {
    crate::http::error::error_page(status, message)
}

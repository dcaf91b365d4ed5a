//! Old addresses of a site moved to dost (NukeViet): every form its
//! articles, categories, tags and feeds were published under answers 301
//! to the new page. The table lives in the database (`dost import
//! nukeviet` fills it) and in memory here, reloaded when the content changes.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dost_domain::nukeviet::{Old, Site, parse_old};

use crate::AppState;

/// One moved site's old addresses.
#[derive(Debug, Default)]
struct Moved {
    site: Option<Site>,
    /// Old id → (alias, new address).
    articles: HashMap<i64, (String, String)>,
    categories: HashMap<String, String>,
    tags: HashMap<String, String>,
    /// Category alias (empty: the whole site) → new feed.
    feeds: HashMap<String, String>,
}

#[derive(Default)]
pub struct Redirects {
    sites: RwLock<Arc<Vec<Moved>>>,
    /// Whether any site moved here (read on every request without a lock).
    any: std::sync::atomic::AtomicBool,
}

/// `nukeviet:<prefix>_<lang>_<module>` → where its addresses lived.
fn site_of(source: &str) -> Option<Site> {
    let tables = source.strip_prefix("nukeviet:")?;
    let mut parts = tables.rsplitn(3, '_');
    let module = parts.next()?.to_string();
    let lang = parts.next()?.to_string();
    Some(Site { module, lang })
}

impl Redirects {
    pub async fn reload(&self, db: &dost_store::Db) -> Result<(), dost_store::StoreError> {
        let mut by_source: HashMap<String, Moved> = HashMap::new();
        for r in dost_store::moves::redirects(db).await? {
            let m = by_source.entry(r.source.clone()).or_default();
            if m.site.is_none() {
                m.site = site_of(&r.source);
            }
            match r.kind.as_str() {
                "article" => {
                    if let Ok(id) = r.old_key.parse() {
                        m.articles.insert(id, (r.alias, r.target));
                    }
                }
                "category" => {
                    m.categories.insert(r.old_key, r.target);
                }
                "tag" => {
                    m.tags.insert(r.old_key, r.target);
                }
                "feed" => {
                    m.feeds.insert(r.old_key, r.target);
                }
                _ => {}
            }
        }
        let moved: Vec<Moved> = by_source.into_values().filter(|m| m.site.is_some()).collect();
        self.any.store(!moved.is_empty(), std::sync::atomic::Ordering::Relaxed);
        *self.sites.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(moved);
        Ok(())
    }

    /// The new address of an old one, if it is one.
    pub fn target(&self, path: &str, query: &str) -> Option<String> {
        let sites = self.sites.read().unwrap_or_else(|e| e.into_inner()).clone();
        for m in sites.iter() {
            let Some(site) = &m.site else { continue };
            let maybe = path.ends_with(".html")
                || path.ends_with('/')
                || path.starts_with("/index.php")
                || path.split('/').nth(1).is_some_and(|first| first == site.module || first == site.lang);
            if !maybe {
                continue;
            }
            let found = match parse_old(site, path, query)? {
                // the alias must be the article's: a dost address of the same shape is not taken
                Old::Article { id, alias } => m.articles.get(&id).filter(|(a, _)| *a == alias).map(|(_, t)| t.clone()),
                Old::Category(alias) => m.categories.get(&alias).cloned(),
                Old::Tag(alias) => m.tags.get(&alias).cloned(),
                Old::Feed(cat) => m.feeds.get(cat.as_deref().unwrap_or("")).cloned(),
                Old::Home => Some("/".to_string()),
            };
            if let Some(t) = found.filter(|t| t != path) {
                return Some(t);
            }
        }
        None
    }
}

/// Before any route: an old address answers 301 to its new page (asked by
/// the server for each request, so that a site with no moved addresses pays
/// one lock-free check).
pub fn answer(state: &AppState, uri: &axum::http::Uri) -> Option<Response> {
    if !state.redirects.any.load(std::sync::atomic::Ordering::Relaxed) {
        return None;
    }
    let target = state.redirects.target(uri.path(), uri.query().unwrap_or(""))?;
    let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(v) = HeaderValue::from_str(&target) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    Some(crate::security_headers(r, state.config.base_url.starts_with("https://")))
}

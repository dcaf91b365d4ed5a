//! `/sitemap.xml`: every public page. Past 50.000 addresses (the protocol's
//! limit for one file) it becomes a sitemap index of files of at most
//! [`PER_FILE`] addresses each, `/sitemaps/1.xml`, `/sitemaps/2.xml`, ….
//! Made once per content version and served from memory.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use dost_domain::content::article_path;
use dost_domain::format;

use super::feeds::xml;
use crate::http::VnPath;
use crate::{AppState, WebError};

/// Most addresses in one sitemap file (the protocol allows 50.000).
pub const PER_FILE: usize = 50_000;
const URLSET: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const CONTENT_TYPE: &str = "application/xml; charset=utf-8";

/// The sitemap as made for one content version: the index (or the single
/// file) and the numbered files.
struct Made {
    version: (i64, i64),
    top: Bytes,
    files: Vec<Bytes>,
}

#[derive(Default)]
pub struct Sitemaps {
    made: Mutex<Option<Arc<Made>>>,
}

/// One address of the sitemap: its `<url>` element and last change.
struct Entry {
    xml: String,
    lastmod: i64,
}

/// Every public address, the home page first.
async fn entries(state: &AppState) -> Result<Vec<Entry>, WebError> {
    let base = &state.config.base_url;
    let articles = dost_store::portal::sitemap_entries(&state.db, state.clock.now()).await?;
    let layout = state.layout.get();
    let newest = articles.iter().map(|e| e.3).max().unwrap_or(0);
    let mut out = vec![Entry {
        xml: format!(
            "<url><loc>{base}/</loc><lastmod>{}</lastmod><changefreq>hourly</changefreq><priority>1.0</priority></url>\n",
            format::vn_date(newest)
        ),
        lastmod: newest,
    }];
    let plain = |path: &str, priority: &str| Entry {
        xml: format!("<url><loc>{base}{path}</loc><priority>{priority}</priority></url>\n"),
        lastmod: 0,
    };
    for c in &layout.tree.all {
        out.push(Entry {
            xml: format!(
                "<url><loc>{base}/{}</loc><changefreq>daily</changefreq><priority>0.6</priority></url>\n",
                c.slug
            ),
            lastmod: 0,
        });
    }
    for p in [
        "/nhiem-vu",
        "/lien-he",
        "/gioi-thieu",
        "/en/about",
        "/thu-tuc-hanh-chinh",
        "/tra-cuu-ho-so",
        "/lich-cong-tac",
        "/van-ban",
        "/du-thao",
        "/hoi-dap",
        "/cong-khai",
    ] {
        out.push(plain(p, "0.5"));
    }
    for path in super::section_feeds::pages(state).await? {
        out.push(plain(&path, "0.5"));
    }
    for d in dost_store::legal::documents(&state.db).await? {
        out.push(plain(&format!("/van-ban/{}", d.id), "0.6"));
    }
    for p in dost_store::work::public_procedures(&state.db).await? {
        out.push(plain(&format!("/thu-tuc-hanh-chinh/{}", crate::http::encode(&p.code)), "0.5"));
    }
    for (cat, slug, id, updated) in &articles {
        out.push(Entry {
            xml: format!(
                "<url><loc>{base}{}</loc><lastmod>{}</lastmod><priority>0.8</priority></url>\n",
                article_path(cat, slug, *id),
                format::vn_date(*updated)
            ),
            lastmod: *updated,
        });
    }
    Ok(out)
}

fn urlset(entries: &[Entry]) -> Bytes {
    let mut out = String::with_capacity(URLSET.len() + entries.iter().map(|e| e.xml.len()).sum::<usize>() + 16);
    out.push_str(URLSET);
    for e in entries {
        out.push_str(&e.xml);
    }
    out.push_str("</urlset>\n");
    Bytes::from(out)
}

/// Splits the addresses into files when they are too many for one.
fn make(base: &str, entries: &[Entry], per_file: usize, version: (i64, i64)) -> Made {
    if entries.len() <= per_file {
        return Made { version, top: urlset(entries), files: Vec::new() };
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::new();
    for (i, chunk) in entries.chunks(per_file.max(1)).enumerate() {
        let lastmod = chunk.iter().map(|e| e.lastmod).max().unwrap_or(0);
        index.push_str(&format!("<sitemap><loc>{base}/sitemaps/{}.xml</loc>", i + 1));
        if lastmod > 0 {
            index.push_str(&format!("<lastmod>{}</lastmod>", format::vn_date(lastmod)));
        }
        index.push_str("</sitemap>\n");
        files.push(urlset(chunk));
    }
    index.push_str("</sitemapindex>\n");
    Made { version, top: Bytes::from(index), files }
}

impl Sitemaps {
    async fn get(&self, state: &AppState) -> Result<Arc<Made>, WebError> {
        let version = state.cache.version();
        if let Some(m) = self.made.lock().unwrap_or_else(|e| e.into_inner()).as_ref().filter(|m| m.version == version) {
            return Ok(m.clone());
        }
        let entries = entries(state).await?;
        let made = Arc::new(make(&state.config.base_url, &entries, PER_FILE, version));
        *self.made.lock().unwrap_or_else(|e| e.into_inner()) = Some(made.clone());
        Ok(made)
    }
}

pub async fn sitemap(State(state): State<AppState>) -> Result<Response, WebError> {
    let made = state.sitemaps.get(&state).await?;
    Ok(xml(made.top.clone(), CONTENT_TYPE))
}

/// `/sitemaps/{n}.xml`: one file of a split sitemap.
pub async fn part(State(state): State<AppState>, VnPath(file): VnPath<String>) -> Result<Response, WebError> {
    let n: usize = file.strip_suffix(".xml").and_then(|n| n.parse().ok()).ok_or(WebError::NotFound)?;
    let made = state.sitemaps.get(&state).await?;
    let body = n.checked_sub(1).and_then(|i| made.files.get(i)).ok_or(WebError::NotFound)?;
    Ok(xml(body.clone(), CONTENT_TYPE))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: i64) -> Entry {
        Entry { xml: format!("<url><loc>https://x/{n}</loc></url>\n"), lastmod: n * 86_400 }
    }

    #[test]
    fn too_many_addresses_become_an_index_of_files() {
        let few: Vec<Entry> = (1..=3).map(entry).collect();
        let one = make("https://x", &few, 3, (1, 1));
        assert!(one.files.is_empty() && std::str::from_utf8(&one.top).unwrap().contains("<urlset"));
        let many: Vec<Entry> = (1..=7).map(entry).collect();
        let split = make("https://x", &many, 3, (1, 1));
        let index = std::str::from_utf8(&split.top).unwrap();
        assert!(index.contains("<sitemapindex"), "{index}");
        assert_eq!(index.matches("<sitemap>").count(), 3);
        assert!(index.contains("<loc>https://x/sitemaps/3.xml</loc>"));
        assert_eq!(split.files.len(), 3);
        let counts: Vec<usize> =
            split.files.iter().map(|f| std::str::from_utf8(f).unwrap().matches("<url>").count()).collect();
        assert_eq!(counts, [3, 3, 1], "every address once");
    }
}

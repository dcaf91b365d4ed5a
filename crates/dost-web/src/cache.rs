//! In-memory cache of rendered pages. A page is kept as text segments around
//! the visitor-statistics slots, so the live counters are filled in per request
//! while everything else is served from memory. The cache is dropped whenever
//! the content version or the number of published articles changes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use axum::body::{Body, Bytes};
use axum::http::HeaderValue;

use crate::http::encoding::Coding;

/// Marker of the statistics block in the sidebar.
pub const STATS_BLOCK: &str = "<!--dost:stats-->";
/// Marker of the statistics line in the footer.
pub const STATS_FOOTER: &str = "<!--dost:stats-footer-->";

#[derive(Debug, Clone)]
pub enum Segment {
    Text(Bytes),
    StatsBlock,
    StatsFooter,
}

/// A rendered page split at its statistics slots.
#[derive(Debug)]
pub struct Rendered {
    pub segments: Vec<Segment>,
    /// Names the page's text (its ETag changes when the text does, even when
    /// only this page was rendered again, as after a vote).
    pub digest: u64,
    /// The page as last served: its slots' content, tag and compressed forms.
    filled: Mutex<Option<Arc<Filled>>>,
}

/// A page with one content of its slots: what its answers need, made once.
#[derive(Debug)]
pub struct Filled {
    /// Names the slots' content; grows when it changes.
    pub fill: u64,
    pub etag: HeaderValue,
    pub block: Bytes,
    pub footer: Bytes,
    brotli: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
}

impl Filled {
    pub fn new(fill: u64, etag: HeaderValue, block: Bytes, footer: Bytes) -> Self {
        Self { fill, etag, block, footer, brotli: OnceLock::new(), gzip: OnceLock::new() }
    }
}

impl Rendered {
    pub fn new(html: &str) -> Self {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        html.hash(&mut hasher);
        let digest = hasher.finish();
        let mut segments = Vec::new();
        let mut rest = html;
        loop {
            let next = [(STATS_BLOCK, Segment::StatsBlock), (STATS_FOOTER, Segment::StatsFooter)]
                .into_iter()
                .filter_map(|(m, seg)| rest.find(m).map(|i| (i, m.len(), seg)))
                .min_by_key(|(i, _, _)| *i);
            match next {
                Some((i, len, seg)) => {
                    segments.push(Segment::Text(Bytes::copy_from_slice(&rest.as_bytes()[..i])));
                    segments.push(seg);
                    rest = &rest[i + len..];
                }
                None => {
                    segments.push(Segment::Text(Bytes::copy_from_slice(rest.as_bytes())));
                    break;
                }
            }
        }
        Self { segments, digest, filled: Mutex::default() }
    }

    /// The page's fill `current` if it was served with it already, else the
    /// one `make` gives (kept unless a newer one is).
    pub fn filled(&self, current: u64, make: impl FnOnce() -> Filled) -> Arc<Filled> {
        let mut memo = self.filled.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = memo.as_ref().filter(|f| f.fill == current) {
            return f.clone();
        }
        let made = Arc::new(make());
        if memo.as_ref().is_none_or(|f| f.fill < made.fill) {
            *memo = Some(made.clone());
        }
        made
    }

    /// The whole page with its slots filled, in `coding`: compressed once
    /// per fill and encoding, then served from memory.
    pub fn encoded(&self, filled: &Filled, coding: Coding) -> Body {
        let slot = match coding {
            Coding::Brotli => &filled.brotli,
            Coding::Gzip => &filled.gzip,
            Coding::Identity => return self.body(&filled.block, &filled.footer),
        };
        Body::from(slot.get_or_init(|| coding.encode(&self.pieces(&filled.block, &filled.footer).concat())).clone())
    }

    /// The pieces of the page with the statistics filled in (shared, not copied).
    pub fn pieces(&self, block: &Bytes, footer: &Bytes) -> Vec<Bytes> {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Text(b) => b.clone(),
                Segment::StatsBlock => block.clone(),
                Segment::StatsFooter => footer.clone(),
            })
            .collect()
    }

    /// The page as a response body: its pieces are sent as they are (one
    /// vectored write), so serving a cached page copies none of it.
    pub fn body(&self, block: &Bytes, footer: &Bytes) -> Body {
        Body::new(Pieces::new(self.pieces(block, footer)))
    }
}

/// A body sent as a list of shared pieces, its length known in advance.
struct Pieces {
    parts: std::vec::IntoIter<Bytes>,
    left: u64,
}

impl Pieces {
    fn new(parts: Vec<Bytes>) -> Self {
        let left = parts.iter().map(|p| p.len() as u64).sum();
        Self { parts: parts.into_iter(), left }
    }
}

impl http_body::Body for Pieces {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        let next = self.parts.next();
        if let Some(p) = &next {
            self.left -= p.len() as u64;
        }
        std::task::Poll::Ready(next.map(|p| Ok(http_body::Frame::data(p))))
    }

    fn is_end_stream(&self) -> bool {
        self.left == 0
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.left)
    }
}

/// Most pages kept at once; past it the cache starts afresh.
const MAX_PAGES: usize = 4096;

#[derive(Default)]
pub struct PageCache {
    /// (content version, published count)
    version: Mutex<(i64, i64)>,
    /// When this instance saw the content change last (Unix seconds).
    changed_at: std::sync::atomic::AtomicI64,
    pages: RwLock<HashMap<String, Arc<Rendered>>>,
    hits: std::sync::atomic::AtomicU64,
}

impl PageCache {
    /// Records the current version; returns true (and empties the cache) when it changed.
    pub fn set_version(&self, version: i64, published: i64) -> bool {
        let mut v = self.version.lock().unwrap_or_else(|e| e.into_inner());
        if *v == (version, published) {
            return false;
        }
        *v = (version, published);
        self.pages.write().unwrap_or_else(|e| e.into_inner()).clear();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default();
        self.changed_at.store(now, std::sync::atomic::Ordering::Relaxed);
        true
    }

    /// When the content last changed, as this instance saw it.
    pub fn changed_at(&self) -> i64 {
        self.changed_at.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn version(&self) -> (i64, i64) {
        *self.version.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn get(&self, key: &str) -> Option<Arc<Rendered>> {
        let page = self.pages.read().unwrap_or_else(|e| e.into_inner()).get(key).cloned();
        if page.is_some() {
            self.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        page
    }

    /// Pages served from memory since start.
    pub fn hits(&self) -> u64 {
        self.hits.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Pages held now.
    pub fn len(&self) -> usize {
        self.pages.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// The page cached under exactly this path (no query), if its key is
    /// the path itself (keys with a query or a date stamp are not).
    pub fn get_path(&self, path: &str) -> Option<Arc<Rendered>> {
        if path.contains(['?', '@']) {
            return None;
        }
        self.get(path)
    }

    /// Drops one page (the next request renders it afresh).
    pub fn forget(&self, key: &str) {
        self.pages.write().unwrap_or_else(|e| e.into_inner()).remove(key);
    }

    pub fn put(&self, key: String, page: Arc<Rendered>) {
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= MAX_PAGES {
            pages.clear();
        }
        pages.insert(key, page);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_fills_the_stats_slots() {
        let joined = |r: &Rendered| r.pieces(&Bytes::from("S"), &Bytes::from("F")).concat();
        let r = Rendered::new("<a><!--dost:stats--><b><!--dost:stats-footer--></b>");
        assert_eq!(joined(&r), b"<a>S<b>F</b>");
        assert_eq!(joined(&Rendered::new("<p>x</p>")), b"<p>x</p>");
    }

    #[test]
    fn compressed_once_per_fill() {
        use http_body_util::BodyExt;
        use std::io::Read;
        let r = Rendered::new(&"<a><!--dost:stats--></a>".repeat(50));
        let fill = |n: u64| Filled::new(n, HeaderValue::from_static("t"), Bytes::from(n.to_string()), Bytes::new());
        let gunzip = |b: Body| {
            let bytes = futures_lite_block(b.collect()).unwrap().to_bytes();
            let mut s = String::new();
            flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut s).unwrap();
            s
        };
        let first = r.filled(1, || fill(1));
        assert_eq!(gunzip(r.encoded(&first, Coding::Gzip)), "<a>1</a>".repeat(50));
        // the same fill is not made again
        let again = r.filled(1, || panic!("made again"));
        assert!(Arc::ptr_eq(&first, &again));
        // a new fill: the new counts; an older one afterwards is not kept
        let second = r.filled(2, || fill(2));
        assert_eq!(gunzip(r.encoded(&second, Coding::Gzip)), "<a>2</a>".repeat(50));
        r.filled(1, || fill(1));
        assert!(Arc::ptr_eq(&r.filled(2, || panic!("kept")), &second));
    }

    fn futures_lite_block<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
    }

    #[test]
    fn version_change_empties_the_cache() {
        let c = PageCache::default();
        assert!(c.set_version(1, 1));
        c.put("/".into(), Arc::new(Rendered::new("x")));
        assert!(!c.set_version(1, 1));
        assert!(c.get("/").is_some());
        assert!(c.set_version(1, 2));
        assert!(c.get("/").is_none());
    }
}

//! HTTP layer of dost: the public portal with its page cache and visitor
//! statistics. Handlers are thin: extract, call the store or the domain,
//! render a compiled template.

pub mod api;
mod cache;
mod clock;
mod files;
mod hot_path;
pub mod http;
mod layout;
pub mod metrics;
pub mod pool_waits;
mod portal;
mod rated;
mod redirects;
mod server;
pub mod write_health;
pub use http::min_rate::MinRate;
pub use server::sweep_uploads;
pub mod staff;
mod static_files;
mod view;
pub mod visitors;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use dost_store::Db;

pub use clock::Clock;
pub use http::WebError;
pub use http::client::TrustedProxies;
pub use server::{ConnectionLimits, serve};

/// Settings of a running portal.
#[derive(Debug, Clone)]
pub struct Config {
    /// Public address of the site, without a trailing slash, for canonical
    /// links, feeds and the sitemap (e.g. `https://khcn.caobang.gov.vn`).
    pub base_url: String,
    /// Folder of uploaded files (`<data>/uploads`).
    pub uploads_dir: PathBuf,
    /// Which peers may tell the client's address in `X-Forwarded-For` (the
    /// reverse proxies you run); none by default.
    pub trusted_proxies: TrustedProxies,
    /// How often visitor counts are written to the database.
    pub flush_every: Duration,
    /// Where the daily reminder digest is sent from (none: no e-mail).
    pub smtp: Option<dost_app::digest::Smtp>,
    /// Timeouts and caps of client connections.
    pub limits: ConnectionLimits,
    /// Open-data API requests one address may make in a minute.
    pub api_per_minute: u32,
    /// Reads the text of uploaded documents in a child process under limits.
    pub extractor: dost_app::documents::Extractor,
    /// Where scheduled backups are kept (`<data>/backups`), for `/metrics`.
    pub backups_dir: PathBuf,
    /// `/metrics` has a listener of its own (`--metrics-listen`): the public
    /// listener never answers it.
    pub metrics_listener: bool,
}

/// Everything a handler may need, cheap to clone: one shared reference
/// (a request clones the state a few times on its way through the router;
/// one counter to touch instead of a dozen keeps the cached path lean).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What the state holds.
pub struct Shared {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Clock,
    pub visitors: Arc<visitors::Visitors>,
    pub(crate) cache: Arc<cache::PageCache>,
    pub(crate) layout: Arc<layout::LayoutCache>,
    /// Public dossier lookups per address (30 in 10 minutes).
    pub(crate) lookups: Arc<http::limiter::Limiter>,
    /// Public forms (comments, questions) per address (10 an hour).
    pub(crate) submissions: Arc<http::limiter::Limiter>,
    /// Open-data API requests per address.
    pub(crate) api_calls: Arc<http::limiter::Limiter>,
    /// Old addresses of a moved site (NukeViet) and their new pages.
    pub(crate) redirects: Arc<redirects::Redirects>,
    /// What the server is doing, for `/metrics`.
    pub metrics: metrics::Metrics,
    /// Whether writes reach the database (for `/readyz` and `/metrics`).
    pub writes: write_health::WriteHealth,
    /// The units and their duties, reloaded when the content changes.
    pub(crate) org: std::sync::RwLock<Arc<dost_domain::organisation::Organisation>>,
    /// Article search over the word index.
    pub(crate) finder: dost_search::Finder,
    /// The other sections' texts the search box also counts (see `portal::search`).
    pub(crate) search_sections: dost_search::PerVersion<Vec<portal::search::Section>>,
    /// Pages to drop when their article gets a vote.
    pub(crate) rated: rated::Rated,
    /// `/sitemap.xml` as of the content version.
    pub(crate) sitemaps: portal::sitemap::Sitemaps,
}

impl AppState {
    pub async fn new(db: Db, config: Config) -> Result<Self, WebError> {
        let clock = Clock::default();
        let secret = visitors::load_secret(&db).await?;
        let state = Self(Arc::new(Shared {
            visitors: Arc::new(visitors::Visitors::new(secret)),
            cache: Arc::new(cache::PageCache::default()),
            layout: Arc::new(layout::LayoutCache::default()),
            lookups: Arc::new(http::limiter::Limiter::new("lookups", 30, 600)),
            submissions: Arc::new(http::limiter::Limiter::new("submissions", 10, 3600)),
            api_calls: Arc::new(http::limiter::Limiter::new("api", config.api_per_minute, 60)),
            redirects: Arc::new(redirects::Redirects::default()),
            metrics: metrics::Metrics::default(),
            writes: Default::default(),
            org: Default::default(),
            finder: dost_search::Finder::default(),
            search_sections: Default::default(),
            rated: rated::Rated::default(),
            sitemaps: Default::default(),
            db,
            config: Arc::new(config),
            clock,
        }));
        state.rated.start(state.clock.now());
        state.refresh().await?;
        state.visitors.refresh_snapshot(&state.db, state.clock.now()).await?;
        Ok(state)
    }

    /// Reloads what every page shares when the content changed (here or on
    /// another instance), and drops cached pages.
    pub async fn refresh(&self) -> Result<(), WebError> {
        let now = self.clock.now();
        let version = dost_store::portal::content_version(&self.db).await?;
        let published = dost_store::portal::published_count(&self.db, now).await?;
        if self.cache.set_version(version, published) {
            self.layout.reload(&self.db, now).await?;
            self.redirects.reload(&self.db).await?;
            let org = dost_store::organisation::load(&self.db).await?;
            *self.org.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(org);
        }
        self.rated.poll(self).await
    }

    /// The units and their duties as last loaded.
    pub fn org(&self) -> Arc<dost_domain::organisation::Organisation> {
        self.org.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Today in Vietnam, by the app's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        dost_domain::format::vn_date(self.clock.now())
    }

    /// Where search looks now: the database, the content version, the time
    /// and the categories.
    pub(crate) fn search_at<'a>(&'a self, tree: &'a dost_domain::content::CategoryTree) -> dost_search::At<'a> {
        dost_search::At { db: &self.db, version: self.cache.version().0, now: self.clock.now(), tree }
    }

    /// Begins a change made by `actor` now.
    pub async fn begin(&self, actor: &dost_store::audit::Actor) -> Result<dost_store::Tx, WebError> {
        let begun = self.db.begin(actor, self.clock.now()).await;
        if begun.is_err() {
            self.writes.record(self.clock.now(), &begun);
        }
        Ok(begun?)
    }

    /// Commits a change (with its audit row); cached pages are dropped at
    /// once when the portal shows the change.
    pub async fn commit(&self, tx: dost_store::Tx) -> Result<(), WebError> {
        let committed = tx.commit().await;
        self.writes.record(self.clock.now(), &committed);
        if committed?.portal_changed {
            self.refresh().await?;
        }
        Ok(())
    }

    /// Writes pending visitor counts now (also done every few seconds); when
    /// the database refuses, the counts stay in memory for the next try.
    pub async fn flush_visitors(&self) -> Result<(), WebError> {
        let now = self.clock.now();
        let flushed = self.visitors.flush(&self.db, now).await;
        self.metrics.flushed(flushed.is_ok());
        self.writes.record_web(now, &flushed);
        flushed?;
        self.visitors.refresh_snapshot(&self.db, now).await?;
        Ok(())
    }
}

/// The whole application's routes.
pub fn router(state: AppState) -> Router {
    let https = state.config.base_url.starts_with("https://");
    portal::router(state.clone())
        .merge(api::router(state.clone()))
        .merge(staff::router(state.clone()))
        .merge(static_files::router())
        .route("/metrics", axum::routing::get(metrics::page))
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::layer))
        .layer(compression())
        .layer(axum::middleware::map_response(move |r| finish(r, https)))
        .with_state(state)
}

/// Answers not compressed already (cached pages and static files are) are
/// compressed on the way out when the browser accepts it, except files that
/// are compressed by their format.
fn compression() -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::Predicate;
    const PACKED: [&str; 7] = [
        "application/pdf",
        "application/zip",
        "application/vnd.openxmlformats",
        "application/octet-stream",
        "font/",
        "video/",
        "audio/",
    ];
    let not_packed =
        |_: axum::http::StatusCode, _: axum::http::Version, h: &axum::http::HeaderMap, _: &axum::http::Extensions| {
            let ctype = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
            !PACKED.iter().any(|p| ctype.starts_with(p))
        };
    tower_http::compression::CompressionLayer::new()
        .compress_when(tower_http::compression::DefaultPredicate::new().and(not_packed))
}

/// Every response on its way out: the framework's own plain-text rejections
/// become the Vietnamese error page; the security headers are added.
async fn finish(resp: Response, https: bool) -> Response {
    security_headers(http::rejections::vietnamese_errors(resp), https)
}

/// Headers every response carries unless the handler set its own; HSTS when
/// the site is served over HTTPS.
pub(crate) fn security_headers(mut resp: Response, https: bool) -> Response {
    let h = resp.headers_mut();
    if https && !h.contains_key(header::STRICT_TRANSPORT_SECURITY) {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    let defaults = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "SAMEORIGIN"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; \
             frame-src https://www.youtube-nocookie.com https://www.youtube.com; object-src 'none'; base-uri 'self'; \
             form-action 'self'; frame-ancestors 'self'",
        ),
    ];
    for (name, value) in defaults {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    }
    resp
}

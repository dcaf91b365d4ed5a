//! HTTP layer of dost: the public portal with its page cache and visitor
//! statistics. Handlers are thin: extract, call the store or the domain,
//! render a compiled template.

mod cache;
mod clock;
pub mod digest;
mod files;
pub mod http;
mod layout;
mod portal;
pub mod reports;
pub mod staff;
mod static_files;
pub mod visitors;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use dost_store::Db;
use tokio::net::TcpListener;

pub use clock::Clock;
pub use http::WebError;
pub use http::client::TrustedProxies;

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
    pub smtp: Option<digest::Smtp>,
}

/// Everything a handler may need, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Clock,
    pub visitors: Arc<visitors::Visitors>,
    pub(crate) cache: Arc<cache::PageCache>,
    pub(crate) layout: Arc<layout::LayoutCache>,
}

impl AppState {
    pub async fn new(db: Db, config: Config) -> Result<Self, WebError> {
        let clock = Clock::default();
        let secret = visitors::load_secret(&db).await?;
        let state = Self {
            visitors: Arc::new(visitors::Visitors::new(secret)),
            cache: Arc::new(cache::PageCache::default()),
            layout: Arc::new(layout::LayoutCache::default()),
            db,
            config: Arc::new(config),
            clock,
        };
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
        }
        Ok(())
    }

    /// Begins a change made by `actor` now.
    pub async fn begin(&self, actor: &dost_store::audit::Actor) -> Result<dost_store::Tx, WebError> {
        Ok(self.db.begin(actor, self.clock.now()).await?)
    }

    /// Commits a change (with its audit row); cached pages are dropped at
    /// once when the portal shows the change.
    pub async fn commit(&self, tx: dost_store::Tx) -> Result<(), WebError> {
        if tx.commit().await?.portal_changed {
            self.refresh().await?;
        }
        Ok(())
    }

    /// Writes pending visitor counts now (also done every few seconds).
    pub async fn flush_visitors(&self) -> Result<(), WebError> {
        let now = self.clock.now();
        self.visitors.flush(&self.db, now).await?;
        self.visitors.refresh_snapshot(&self.db, now).await?;
        Ok(())
    }
}

/// The whole application's routes.
pub fn router(state: AppState) -> Router {
    let https = state.config.base_url.starts_with("https://");
    portal::router()
        .merge(staff::router(state.clone()))
        .merge(static_files::router())
        .layer(axum::middleware::from_fn(http::rejections::vietnamese_errors))
        .layer(axum::middleware::map_response(move |r| security_headers(r, https)))
        .with_state(state)
}

/// Headers every response carries unless the handler set its own; HSTS when
/// the site is served over HTTPS.
async fn security_headers(mut resp: Response, https: bool) -> Response {
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

/// Serves until `shutdown` completes, then flushes visitor counts.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let background = spawn_background(state.clone());
    let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let result = axum::serve(listener, app).with_graceful_shutdown(shutdown).await;
    background.abort();
    if let Err(e) = state.flush_visitors().await {
        tracing::error!(error = %e, "final visitor flush failed");
    }
    result
}

/// Sends the reminder digest once a day, after 07:00 in Vietnam.
async fn send_digest_if_due(state: &AppState) {
    use chrono::Timelike;
    let Some(smtp) = state.config.smtp.clone() else { return };
    let now = dost_domain::format::vn_datetime(state.clock.now());
    if now.hour() < 7 {
        return;
    }
    match digest::claim(&state.db, now.date_naive()).await {
        Ok(true) => match digest::send(&state.db, &smtp, now.date_naive(), &state.config.base_url).await {
            Ok(n) => tracing::info!(emails = n, "reminder digest sent"),
            Err(e) => tracing::error!(error = %e, "reminder digest failed"),
        },
        Ok(false) => {}
        Err(e) => tracing::warn!(error = %e, "could not claim the daily digest"),
    }
}

/// Periodic work: flush visitor counts, notice content changes from other
/// instances and scheduled publications, forget old sightings.
fn spawn_background(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let every = |d: Duration| tokio::time::interval_at(tokio::time::Instant::now() + d, d);
        let mut flush = every(state.config.flush_every);
        let mut poll = every(Duration::from_secs(2));
        let mut prune = every(Duration::from_secs(600));
        let mut daily = every(Duration::from_secs(60));
        loop {
            tokio::select! {
                _ = flush.tick() => {
                    if let Err(e) = state.flush_visitors().await {
                        tracing::warn!(error = %e, "visitor flush failed; counts kept for the next try");
                    }
                }
                _ = poll.tick() => {
                    if let Err(e) = state.refresh().await {
                        tracing::warn!(error = %e, "content version poll failed");
                    }
                }
                _ = daily.tick() => {
                    send_digest_if_due(&state).await;
                }
                _ = prune.tick() => {
                    let before = state.clock.now() - 86_400;
                    if let Err(e) = dost_store::stats::prune_seen(&state.db, before).await {
                        tracing::warn!(error = %e, "pruning sightings failed");
                    }
                }
            }
        }
    })
}

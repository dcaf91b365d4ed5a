//! The HTTP server: accepts connections with the limits a public server
//! needs — a deadline for a request's headers and for the whole request, a
//! cap on simultaneous connections from one address, and a deadline on
//! shutdown after which open connections are dropped and the visitor counts
//! written — and runs the periodic work (visitor counts, content version,
//! the morning digest).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode};
use axum::response::Response;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::http::client::TrustedProxies;
use crate::http::error::error_response;
use dost_app::digest;

use crate::{AppState, router};

/// Timeouts and caps of client connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// A request's headers must arrive within this long.
    pub header_read: Duration,
    /// A whole request (its body included) must be read and answered within this long.
    pub request: Duration,
    /// Simultaneous connections from one address (not counting trusted proxies).
    pub per_address: usize,
    /// On shutdown, open requests get this long to finish before their
    /// connections are dropped.
    pub shutdown_grace: Duration,
    /// An upload (a multipart body) is not bound by `request` but must keep
    /// this rate; it may take at most `upload_max` in all.
    pub upload: crate::http::min_rate::MinRate,
    pub upload_max: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(15),
            request: Duration::from_secs(120),
            per_address: 64,
            shutdown_grace: Duration::from_secs(10),
            upload: Default::default(),
            upload_max: Duration::from_secs(3 * 3600),
        }
    }
}

/// Connections open per address; a slot is given back when its guard is dropped.
#[derive(Clone, Default)]
struct Slots(Arc<Mutex<HashMap<IpAddr, usize>>>);

struct Slot {
    slots: Slots,
    ip: IpAddr,
}

impl Slots {
    /// A connection of `ip` (an IPv6 client counted by its /64 network), if
    /// its network holds fewer than `max`.
    fn take(&self, ip: IpAddr, max: usize) -> Option<Slot> {
        let ip = match ip {
            IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none() => {
                IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1)))
            }
            other => other,
        };
        let mut m = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = m.entry(ip).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(Slot { slots: self.clone(), ip })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut m = self.slots.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = m.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                m.remove(&self.ip);
            }
        }
    }
}

/// Whether connections from this peer are capped (a trusted proxy carries
/// every visitor's connections and is not).
fn capped(trust: &TrustedProxies, peer: IpAddr) -> bool {
    match trust {
        TrustedProxies::None => true,
        TrustedProxies::Peer => false,
        TrustedProxies::Listed(nets) => !nets.iter().any(|n| n.contains(peer)),
    }
}

/// Answers 408 when a request that sends a body (a form) is not read and
/// answered within the limit. An upload (multipart) is governed by a
/// minimum rate instead ([`crate::http::min_rate`]): a large file over a slow
/// line is taken, a trickle is cut. Requests without a body have sent
/// everything once their headers are in (the header deadline covers them),
/// so the page views that are most of the traffic take no timer.
async fn within_deadline(app: axum::Router, limits: ConnectionLimits, req: Request<Body>) -> Response {
    let sends_body = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let upload = sends_body
        && req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    let (req, limit) = if upload {
        let rate = limits.upload;
        (req.map(|b| Body::new(crate::http::min_rate::Governed::new(b, rate))), limits.upload_max)
    } else {
        (req, limits.request)
    };
    if !sends_body {
        return read_retried_once(app, req).await;
    }
    match tokio::time::timeout(limit, app.oneshot(req)).await {
        Ok(Ok(r)) => r,
        Ok(Err(never)) => match never {},
        Err(_) => error_response(
            StatusCode::REQUEST_TIMEOUT,
            "Yêu cầu gửi lên quá chậm hoặc xử lý quá lâu nên đã bị ngắt. Hãy thử lại.",
        ),
    }
}

/// A request that only reads, answered; when its database connection broke
/// (the database restarting), asked once more half a second later with a
/// new connection.
async fn read_retried_once(app: axum::Router, req: Request<Body>) -> Response {
    let (parts, body) = req.into_parts();
    let again = {
        let mut r = Request::new(Body::empty());
        *r.method_mut() = parts.method.clone();
        *r.uri_mut() = parts.uri.clone();
        *r.version_mut() = parts.version;
        *r.headers_mut() = parts.headers.clone();
        if let Some(c) = parts.extensions.get::<ConnectInfo<SocketAddr>>() {
            r.extensions_mut().insert(*c);
        }
        r
    };
    let first = match app.clone().oneshot(Request::from_parts(parts, body)).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    if first.extensions().get::<crate::http::error::BrokenConnection>().is_none() {
        return first;
    }
    tracing::warn!(uri = %again.uri(), "database connection broke; the read is tried once more");
    tokio::time::sleep(Duration::from_millis(500)).await;
    match app.oneshot(again).await {
        Ok(r) => r,
        Err(never) => match never {},
    }
}

/// Serves until `shutdown` completes, then lets open requests finish (up to
/// the grace period), drops what is left and writes the visitor counts.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.config.limits;
    let background = spawn_background(state.clone());
    let app = router(state.clone());
    let graceful = GracefulShutdown::new();
    let slots = Slots::default();
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(x) => x,
                    Err(e) => {
                        // out of file descriptors and the like: wait a moment
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let slot = if capped(&state.config.trusted_proxies, peer.ip()) {
                    match slots.take(peer.ip(), limits.per_address) {
                        Some(s) => Some(s),
                        None => {
                            tracing::info!(%peer, "too many connections from one address; refused");
                            continue;
                        }
                    }
                } else {
                    None
                };
                let _ = stream.set_nodelay(true);
                let app = app.clone();
                let state = state.clone();
                let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
                    // an old address of a moved site, or a page straight from the cache
                    let ready = crate::redirects::answer(&state, req.uri())
                        .or_else(|| crate::hot_path::answer(&state, &req, peer));
                    let app = app.clone();
                    async move {
                        Ok::<_, std::convert::Infallible>(match ready {
                            Some(r) => r,
                            None => {
                                req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                                within_deadline(app, limits, req.map(Body::new)).await
                            }
                        })
                    }
                });
                let conn = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(limits.header_read)
                    .serve_connection(TokioIo::new(stream), service);
                let watched = graceful.watch(conn);
                connections.spawn(async move {
                    let _ = watched.await;
                    drop(slot);
                });
            }
            _ = &mut shutdown => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!(open = connections.len(), "shutdown grace period over; dropping open connections");
        }
    }
    connections.abort_all();
    background.abort();
    if let Err(e) = state.flush_visitors().await {
        tracing::error!(error = %e, "final visitor flush failed");
    }
    Ok(())
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
            Ok(n) => {
                state.metrics.job("digest", true);
                tracing::info!(emails = n, "reminder digest sent")
            }
            Err(e) => {
                state.metrics.job("digest", false);
                tracing::error!(error = %e, "reminder digest failed")
            }
        },
        Ok(false) => {}
        Err(e) => tracing::warn!(error = %e, "could not claim the daily digest"),
    }
}

/// Uploads still arriving are at most this old (the request deadline and the
/// slowest accepted rate bound them); older files in the folder are a crash's.
pub const LEFTOVER_UPLOAD_AGE: Duration = Duration::from_secs(3600);

/// Removes temporary uploads a crash left behind.
pub async fn sweep_uploads(uploads: &std::path::Path) {
    let dir = uploads.to_path_buf();
    match tokio::task::spawn_blocking(move || crate::files::sweep_leftovers(&dir, LEFTOVER_UPLOAD_AGE)).await {
        Ok(0) | Err(_) => {}
        Ok(n) => tracing::info!(files = n, "temporary uploads left by a crash removed"),
    }
}

/// Returns to the system the memory freed since (glibc keeps what a burst
/// of requests freed, so a server that was busy once stays large). What is
/// kept on purpose is bounded (see docs/operations.md, memory).
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
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
        let mut sweep = every(Duration::from_secs(3600));
        let mut trim = every(Duration::from_secs(60));
        loop {
            tokio::select! {
                _ = flush.tick() => {
                    if let Err(e) = state.flush_visitors().await {
                        tracing::warn!(error = %e, "visitor flush failed; counts kept for the next try");
                    }
                }
                _ = poll.tick() => {
                    let polled = state.refresh().await;
                    state.metrics.job("content_poll", polled.is_ok());
                    if let Err(e) = polled {
                        tracing::warn!(error = %e, "content version poll failed");
                    }
                }
                _ = daily.tick() => {
                    send_digest_if_due(&state).await;
                }
                _ = sweep.tick() => {
                    sweep_uploads(&state.config.uploads_dir).await;
                }
                _ = trim.tick() => {
                    give_back_memory();
                }
                _ = prune.tick() => {
                    let now = state.clock.now();
                    // one instance prunes per 10-minute period
                    let slot = (now / 600).to_string();
                    if !dost_store::content::claim_setting(&state.db, "job:prune", &slot, now).await.unwrap_or(false) {
                        continue;
                    }
                    let before = now - 86_400;
                    let pruned = dost_store::stats::prune_seen(&state.db, before).await;
                    let pruned = match pruned {
                        Ok(_) => dost_store::limits::prune(&state.db, before).await,
                        Err(e) => Err(e),
                    };
                    state.metrics.job("prune_sightings", pruned.is_ok());
                    if let Err(e) = pruned {
                        tracing::warn!(error = %e, "pruning sightings failed");
                    }
                }
            }
        }
    })
}

//! What the server is doing, for Prometheus: requests by route and status,
//! their latency, page-cache hits, the database pool, visitor flushes and
//! background jobs — in the text exposition format, at `GET /metrics` of the
//! metrics listener (`--metrics-listen 127.0.0.1:9464`, the exporter
//! convention) or, without one, of the public listener to the machine itself
//! only: a loopback peer whose request carries no proxy header at all
//! (`Forwarded`, `X-Forwarded-For`, `X-Real-IP`, `Via`: a reverse proxy on
//! the same machine would otherwise pass any visitor along). Anyone else
//! gets the 404 page.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{AppState, WebError};

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5];

#[derive(Default, Clone)]
pub(crate) struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

impl Histogram {
    pub(crate) const fn new() -> Self {
        Histogram { counts: [0; BUCKETS.len()], sum: 0.0, count: 0 }
    }

    pub(crate) fn observe(&mut self, secs: f64) {
        for (i, le) in BUCKETS.iter().enumerate() {
            if secs <= *le {
                self.counts[i] += 1;
            }
        }
        self.sum += secs;
        self.count += 1;
    }
}

/// The counters; cheap to update from any thread.
#[derive(Default)]
pub struct Metrics {
    /// (route, status) → requests
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    /// Pages answered from the cache before the router, by status (200, 304).
    hot_ok: AtomicU64,
    hot_not_modified: AtomicU64,
    /// Their latency: per bucket (not cumulative), the sum in nanoseconds.
    hot_buckets: [AtomicU64; BUCKETS.len() + 1],
    hot_nanos: AtomicU64,
    flushes: AtomicU64,
    flush_failures: AtomicU64,
    /// job → (runs, failures)
    jobs: Mutex<BTreeMap<&'static str, (u64, u64)>>,
}

/// The route label of pages answered from the cache before the router.
pub const FROM_CACHE: &str = "(page cache)";

impl Metrics {
    pub fn observe(&self, route: &str, status: u16, took: Duration) {
        *self.requests.lock().unwrap_or_else(|e| e.into_inner()).entry((route.to_string(), status)).or_default() += 1;
        self.latency
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(route.to_string())
            .or_default()
            .observe(took.as_secs_f64());
    }

    /// A page answered from the cache before the router (a few relaxed
    /// counters: this is the hot path).
    pub fn hot(&self, not_modified: bool, took: Duration) {
        let c = if not_modified { &self.hot_not_modified } else { &self.hot_ok };
        c.fetch_add(1, Ordering::Relaxed);
        let secs = took.as_secs_f64();
        let i = BUCKETS.iter().position(|le| secs <= *le).unwrap_or(BUCKETS.len());
        self.hot_buckets[i].fetch_add(1, Ordering::Relaxed);
        self.hot_nanos.fetch_add(took.as_nanos() as u64, Ordering::Relaxed);
    }

    /// The hot path's figures as a histogram of the route [`FROM_CACHE`].
    fn hot_histogram(&self) -> Histogram {
        let mut h = Histogram::default();
        let mut running = 0;
        for (i, b) in self.hot_buckets.iter().enumerate() {
            running += b.load(Ordering::Relaxed);
            if i < BUCKETS.len() {
                h.counts[i] = running;
            }
        }
        h.count = running;
        h.sum = self.hot_nanos.load(Ordering::Relaxed) as f64 / 1e9;
        h
    }

    pub fn flushed(&self, ok: bool) {
        let c = if ok { &self.flushes } else { &self.flush_failures };
        c.fetch_add(1, Ordering::Relaxed);
    }

    /// A background job ran (the daily digest, the content poll, a backup…).
    pub fn job(&self, name: &'static str, ok: bool) {
        let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        let e = jobs.entry(name).or_default();
        e.0 += 1;
        if !ok {
            e.1 += 1;
        }
    }

    /// Everything in the text exposition format.
    pub fn render(&self, pool: (u32, usize), cache: (usize, u64)) -> String {
        let mut out = String::new();
        let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
        out.push_str("# HELP dost_http_requests_total Requests answered, by route and status.\n");
        out.push_str("# TYPE dost_http_requests_total counter\n");
        let mut requests = self.requests.lock().unwrap_or_else(|e| e.into_inner()).clone();
        for (status, c) in [(200, &self.hot_ok), (304, &self.hot_not_modified)] {
            let n = c.load(Ordering::Relaxed);
            if n > 0 {
                *requests.entry((FROM_CACHE.to_string(), status)).or_default() += n;
            }
        }
        for ((route, status), n) in &requests {
            let _ = writeln!(out, "dost_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}", esc(route));
        }
        out.push_str("# HELP dost_http_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE dost_http_request_duration_seconds histogram\n");
        let mut latency = self.latency.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let hot = self.hot_histogram();
        if hot.count > 0 {
            latency.insert(FROM_CACHE.to_string(), hot);
        }
        for (route, h) in &latency {
            let r = esc(route);
            for (le, n) in BUCKETS.iter().zip(h.counts) {
                let _ = writeln!(out, "dost_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"{le}\"}} {n}");
            }
            let _ = writeln!(out, "dost_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"+Inf\"}} {}", h.count);
            let _ = writeln!(out, "dost_http_request_duration_seconds_sum{{route=\"{r}\"}} {}", h.sum);
            let _ = writeln!(out, "dost_http_request_duration_seconds_count{{route=\"{r}\"}} {}", h.count);
        }
        let counter = |out: &mut String, name: &str, help: &str, v: u64| {
            let _ = write!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}\n");
        };
        let gauge = |out: &mut String, name: &str, help: &str, v: u64| {
            let _ = write!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}\n");
        };
        counter(&mut out, "dost_page_cache_hits_total", "Pages served from memory.", cache.1);
        gauge(&mut out, "dost_page_cache_pages", "Pages held in memory now.", cache.0 as u64);
        gauge(&mut out, "dost_db_pool_connections", "Database connections open.", u64::from(pool.0));
        gauge(&mut out, "dost_db_pool_idle", "Database connections idle (the rest are in use).", pool.1 as u64);
        let waits = crate::pool_waits::snapshot();
        out.push_str("# HELP dost_db_pool_acquire_seconds Time waited for a database connection.\n");
        out.push_str("# TYPE dost_db_pool_acquire_seconds histogram\n");
        for (le, n) in BUCKETS.iter().zip(waits.counts) {
            let _ = writeln!(out, "dost_db_pool_acquire_seconds_bucket{{le=\"{le}\"}} {n}");
        }
        let _ = writeln!(out, "dost_db_pool_acquire_seconds_bucket{{le=\"+Inf\"}} {}", waits.count);
        let _ = writeln!(out, "dost_db_pool_acquire_seconds_sum {}", waits.sum);
        let _ = writeln!(out, "dost_db_pool_acquire_seconds_count {}", waits.count);
        counter(
            &mut out,
            "dost_visitor_flushes_total",
            "Visitor counts written.",
            self.flushes.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "dost_visitor_flush_failures_total",
            "Visitor count writes that failed (kept for the next).",
            self.flush_failures.load(Ordering::Relaxed),
        );
        out.push_str("# HELP dost_jobs_total Background jobs run, and how many failed.\n");
        out.push_str("# TYPE dost_jobs_total counter\n");
        for (job, (runs, failed)) in self.jobs.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            let _ = writeln!(out, "dost_jobs_total{{job=\"{job}\",outcome=\"ok\"}} {}", runs - failed);
            let _ = writeln!(out, "dost_jobs_total{{job=\"{job}\",outcome=\"failed\"}} {failed}");
        }
        out
    }
}

/// A request slower than this is logged with its route.
pub const SLOW: Duration = Duration::from_secs(1);

/// The request's id: the proxy's `X-Request-Id` when it is a plain token,
/// else one made here (unique in this process).
fn request_id(headers: &axum::http::HeaderMap) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    match headers.get("x-request-id").and_then(|v| v.to_str().ok()) {
        Some(id) if !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => {
            id.to_string()
        }
        _ => format!("{:x}-{:x}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)),
    }
}

/// Around every routed request: its route, status and time; its id in the
/// log lines written meanwhile (a span) and in the answer (`X-Request-Id`);
/// a slow one logged.
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    use tracing::Instrument;
    let started = std::time::Instant::now();
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string());
    let id = request_id(req.headers());
    let span = tracing::info_span!("request", id = %id, method = %req.method(), route = route.as_deref().unwrap_or(""));
    let mut resp = next.run(req).instrument(span).await;
    let took = started.elapsed();
    if let Some(cause) = resp.extensions().get::<crate::write_health::Cause>() {
        state.writes.failed(state.clock.now(), *cause);
    }
    let route = route.as_deref().unwrap_or("(no route)");
    state.metrics.observe(route, resp.status().as_u16(), took);
    if took >= SLOW {
        tracing::warn!(request_id = %id, route, status = resp.status().as_u16(), ms = took.as_millis() as u64, "slow request");
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    resp
}

/// Headers a reverse proxy adds: a request carrying any of them came through one.
const PROXY_HEADERS: [&str; 4] = ["forwarded", "x-forwarded-for", "x-real-ip", "via"];

/// `GET /metrics` on the public listener: for the machine itself, and only
/// when no metrics listener of its own is configured.
pub async fn page(State(state): State<AppState>, req: Request<Body>) -> Result<Response, WebError> {
    let peer = req.extensions().get::<ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    let proxied = PROXY_HEADERS.iter().any(|h| req.headers().contains_key(*h));
    if state.config.metrics_listener || proxied || !peer.is_some_and(|p| p.is_loopback()) {
        return Err(WebError::NotFound);
    }
    Ok(exposition(&state))
}

/// The metrics in the text exposition format.
pub fn exposition(state: &AppState) -> Response {
    let mut text = state.metrics.render(state.db.pool_status(), (state.cache.len(), state.cache.hits()));
    health_lines(state, &mut text);
    let mut r = text.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// What the server knows of its own health: whether writes fail and why.
fn health_lines(state: &AppState, out: &mut String) {
    out.push_str("# HELP dost_db_writes_failing Whether the last write failed (1), by cause.\n");
    out.push_str("# TYPE dost_db_writes_failing gauge\n");
    let failing = state.writes.failing();
    for cause in [crate::write_health::Cause::DiskFull, crate::write_health::Cause::Database] {
        let _ =
            writeln!(out, "dost_db_writes_failing{{cause=\"{}\"}} {}", cause.code(), u8::from(failing == Some(cause)));
    }
    out.push_str("# HELP dost_db_write_failures_total Writes the database refused for want of space or health.\n");
    out.push_str("# TYPE dost_db_write_failures_total counter\n");
    let _ = writeln!(out, "dost_db_write_failures_total {}", state.writes.failures_total());
    let (patches, rebuilds) = state.finder.patches_and_rebuilds();
    out.push_str("# HELP dost_search_patches_total Times search's kept data were patched with changed articles.\n");
    out.push_str("# TYPE dost_search_patches_total counter\n");
    let _ = writeln!(out, "dost_search_patches_total {patches}");
    out.push_str("# HELP dost_search_rebuilds_total Times search's kept data were made again from the database.\n");
    out.push_str("# TYPE dost_search_rebuilds_total counter\n");
    let _ = writeln!(out, "dost_search_rebuilds_total {rebuilds}");
    if let Some((at, bytes)) = dost_app::backup::newest(&state.config.backups_dir) {
        out.push_str("# HELP dost_backup_newest_age_seconds Age of the newest backup in the backups folder.\n");
        out.push_str("# TYPE dost_backup_newest_age_seconds gauge\n");
        let _ = writeln!(out, "dost_backup_newest_age_seconds {}", (state.clock.now() - at).max(0));
        out.push_str("# HELP dost_backup_newest_bytes Size of the newest backup.\n");
        out.push_str("# TYPE dost_backup_newest_bytes gauge\n");
        let _ = writeln!(out, "dost_backup_newest_bytes {bytes}");
    }
}

/// Serves `GET /metrics` (and nothing else) on a listener of its own, for
/// the monitoring system; runs until the task is dropped.
pub async fn serve_metrics(listener: tokio::net::TcpListener, state: AppState) {
    use hyper_util::rt::TokioIo;
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let state = state.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
                let r = if req.uri().path() == "/metrics" && req.method() == axum::http::Method::GET {
                    exposition(&state)
                } else {
                    (axum::http::StatusCode::NOT_FOUND, "Chỉ có /metrics ở địa chỉ này.").into_response()
                };
                async move { Ok::<_, std::convert::Infallible>(r) }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(Duration::from_secs(10))
                .serve_connection(TokioIo::new(stream), service);
            let _ = conn.await;
        });
    }
}

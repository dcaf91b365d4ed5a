//! Visitor counting: a page view costs one short in-memory update; counts are
//! written to the database in one transaction every few seconds (and on
//! shutdown), where all instances share them.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use chrono::{Datelike, NaiveDate};
use dost_domain::format;
use dost_domain::visitors::{Snapshot, VisitorKind, classify, snapshot};
use dost_store::Db;
use dost_store::stats::Sighting;

use crate::http::cookies::SESSION_COOKIE;
use crate::{AppState, WebError};

pub use crate::http::cookies::{VOTER_COOKIE, cookie, random_hex};

/// Who is asking: an anonymous key (a keyed hash of address and user agent,
/// never the address itself), the kind of visitor and the voter cookie.
#[derive(Debug, Clone)]
pub struct Client {
    /// The anonymous key of the client (see [`Visitors::key_for`]); written
    /// out as text only where it is stored ([`Client::key_text`]).
    pub key: u64,
    pub kind: VisitorKind,
    pub voter_cookie: Option<String>,
}

impl FromRequestParts<AppState> for Client {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
        Ok(Self::of(&parts.headers, peer, state))
    }
}

impl Client {
    /// The client of a request from `peer` with these headers.
    pub fn of(headers: &axum::http::HeaderMap, peer: Option<IpAddr>, state: &AppState) -> Self {
        let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
        let ip = crate::http::client::client_ip(headers, peer, &state.config.trusted_proxies);
        let key = state.visitors.key_for(ip, ua);
        // A staff session cookie marks a signed-in member (checked without a
        // database round trip: the counter must cost the page almost nothing).
        let member = cookie(headers, SESSION_COOKIE).is_some();
        Self { key, kind: classify(ua, member), voter_cookie: cookie(headers, VOTER_COOKIE) }
    }
}

/// The per-installation secret mixed into visitor keys, created once.
pub async fn load_secret(db: &Db) -> Result<String, WebError> {
    if let Some(s) = dost_store::portal::setting(db, "visitors.secret").await? {
        return Ok(s);
    }
    let now = chrono::Utc::now().timestamp();
    dost_store::content::insert_setting_if_absent(db, "visitors.secret", &random_hex(16), now).await?;
    Ok(dost_store::portal::setting(db, "visitors.secret").await?.unwrap_or_default())
}

const SHARDS: usize = 8;

/// This thread's part of the pending counts.
fn shard() -> usize {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    thread_local! {
        static MINE: usize = (NEXT.fetch_add(1, Ordering::Relaxed) as usize) % SHARDS;
    }
    MINE.with(|m| *m)
}

#[derive(Default)]
struct Pending {
    /// visitor key → (kind, first seen, last seen) in this interval
    seen: HashMap<u64, (VisitorKind, i64, i64)>,
    /// local day → page views
    views: HashMap<NaiveDate, i64>,
}

/// What the statistics block shows, with its HTML ready to paste.
#[derive(Debug, Clone, Default)]
pub struct StatsView {
    pub snapshot: Snapshot,
    /// The sidebar block and the footer line, ready to be sent in a page.
    pub block_html: axum::body::Bytes,
    pub footer_html: axum::body::Bytes,
    pub seq: u64,
}

pub struct Visitors {
    secret: String,
    /// Counts since the last flush, one part per thread (threads counting
    /// views of the same hot page do not wait on one another).
    pending: [Mutex<Pending>; SHARDS],
    view: RwLock<Arc<StatsView>>,
    seq: AtomicU64,
}

/// A visitor key as it is stored.
fn key_text(key: u64) -> String {
    format!("{key:016x}")
}

impl Client {
    /// The client's key as it is stored (votes, sightings).
    pub fn key_text(&self) -> String {
        key_text(self.key)
    }
}

fn day_key(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Pending {
    fn merge(&mut self, other: Pending) {
        for (k, (kind, first, last)) in other.seen {
            let e = self.seen.entry(k).or_insert((kind, first, last));
            e.0 = kind;
            e.1 = e.1.min(first);
            e.2 = e.2.max(last);
        }
        for (d, n) in other.views {
            *self.views.entry(d).or_insert(0) += n;
        }
    }
}

impl Visitors {
    pub fn new(secret: String) -> Self {
        Self { secret, pending: Default::default(), view: RwLock::default(), seq: AtomicU64::new(0) }
    }

    /// An anonymous, stable key for a client: a keyed hash of its address and
    /// user agent (the same on every instance of one installation).
    pub fn key_for(&self, ip: Option<IpAddr>, user_agent: &str) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        self.secret.hash(&mut h);
        ip.hash(&mut h);
        user_agent.hash(&mut h);
        h.finish()
    }

    /// Counts one page view. Only memory is touched.
    pub fn record(&self, client: &Client, now: i64) {
        let day = format::vn_date(now);
        let mut p = self.pending[shard()].lock().unwrap_or_else(|e| e.into_inner());
        // a client seen before in this interval (most requests) costs no allocation
        match p.seen.get_mut(&client.key) {
            Some(e) => {
                e.0 = client.kind;
                e.2 = e.2.max(now);
            }
            None => {
                p.seen.insert(client.key, (client.kind, now, now));
            }
        }
        *p.views.entry(day).or_insert(0) += 1;
    }

    /// Writes what was counted since the last flush. On failure the counts go
    /// back into memory and are written with the next flush.
    pub async fn flush(&self, db: &Db, _now: i64) -> Result<(), WebError> {
        let mut taken = Pending::default();
        for part in &self.pending {
            taken.merge(std::mem::take(&mut *part.lock().unwrap_or_else(|e| e.into_inner())));
        }
        if taken.seen.is_empty() && taken.views.is_empty() {
            return Ok(());
        }
        let sightings: Vec<Sighting> = taken
            .seen
            .iter()
            .map(|(key, (kind, first, last))| Sighting {
                visitor_key: key_text(*key),
                kind: *kind,
                first: *first,
                last: *last,
                day: day_key(format::vn_date(*first)),
            })
            .collect();
        let views: HashMap<String, i64> = taken.views.iter().map(|(d, n)| (day_key(*d), *n)).collect();
        if let Err(e) = dost_store::stats::flush(db, &sightings, &views).await {
            self.pending[0].lock().unwrap_or_else(|e| e.into_inner()).merge(taken);
            return Err(e.into());
        }
        Ok(())
    }

    /// Recomputes the figures shown on every page from the database.
    pub async fn refresh_snapshot(&self, db: &Db, now: i64) -> Result<(), WebError> {
        let today = format::vn_date(now);
        let month_start = today.with_day(1).unwrap_or(today);
        let month = dost_store::stats::days(db, &day_key(month_start), &day_key(today)).await?;
        let month: Vec<(NaiveDate, _)> = month
            .into_iter()
            .filter_map(|(d, c)| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok().map(|d| (d, c)))
            .collect();
        let recorded = dost_store::stats::total_visits(db).await?;
        let before = dost_store::portal::setting(db, "stats.visits_before")
            .await?
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0);
        let online = dost_store::stats::online(db, now).await?;
        let snap = snapshot(&month, recorded, before, today, online);
        let (block, footer) = (block_html(&snap), footer_html(&snap));
        let shown = self.view();
        // the pages' slots change (and cached pages are compressed anew) only when what they show does
        let seq = if shown.seq > 0 && shown.block_html == block.as_bytes() && shown.footer_html == footer.as_bytes() {
            shown.seq
        } else {
            self.seq.fetch_add(1, Ordering::Relaxed) + 1
        };
        let view = StatsView { block_html: block.into(), footer_html: footer.into(), snapshot: snap, seq };
        *self.view.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(view);
        Ok(())
    }

    /// Names the figures shown now (read without a lock; the view carrying
    /// it may be an instant behind).
    pub fn seq(&self) -> u64 {
        self.seq.load(Ordering::Relaxed)
    }

    pub fn view(&self) -> Arc<StatsView> {
        self.view.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

fn block_html(s: &Snapshot) -> String {
    let row = |class: &str, label: &str, n: i64| {
        format!("<li class=\"{class}\"><span>{label}</span><strong>{}</strong></li>", format::int(n))
    };
    let mut out = String::from("<ul class=\"stats-list\">");
    out.push_str(&row("stats-online", "Đang truy cập", s.online.total()));
    out.push_str(&row("stats-sub stats-bots", "Máy chủ tìm kiếm", s.online.bots));
    out.push_str(&row("stats-sub stats-guests", "Khách viếng thăm", s.online.guests));
    if s.online.members > 0 {
        out.push_str(&row("stats-sub stats-members", "Thành viên", s.online.members));
    }
    out.push_str(&row("stats-today", "Hôm nay", s.today));
    out.push_str(&row("stats-month", "Tháng hiện tại", s.this_month));
    out.push_str(&row("stats-total", "Tổng lượt truy cập", s.total));
    out.push_str("</ul><p class=\"stats-more\"><a href=\"/thong-ke\">Xem thống kê theo ngày</a></p>");
    out
}

fn footer_html(s: &Snapshot) -> String {
    format!(
        "<p class=\"footer-stats\">Đang truy cập: {} · Hôm nay: {} · Tổng lượt truy cập: {}</p>",
        format::int(s.online.total()),
        format::int(s.today),
        format::int(s.total)
    )
}

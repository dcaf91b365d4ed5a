//! Visitor statistics in the database: per-day counts (kept forever, bots
//! apart) and the last sighting of each visitor (for visits and online now).

use std::collections::HashMap;

use dost_domain::visitors::{DayCount, ONLINE_WINDOW_SECS, Online, VisitorKind, starts_visit};

use crate::db::on_pool;
use crate::tx::on_tx;
use crate::{Db, Result};

/// One visitor seen during a flush interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sighting {
    pub visitor_key: String,
    pub kind: VisitorKind,
    /// First and last time seen in the interval (Unix seconds).
    pub first: i64,
    pub last: i64,
    /// Local day ('YYYY-MM-DD') of `first`.
    pub day: String,
}

/// Writes one batch in one transaction: decides which sightings start a visit
/// (comparing with the last sighting any instance recorded), adds visits and
/// page views to the per-day rows, and records the sightings.
pub async fn flush(db: &Db, sightings: &[Sighting], page_views: &HashMap<String, i64>) -> Result<()> {
    if sightings.is_empty() && page_views.is_empty() {
        return Ok(());
    }
    let mut days: HashMap<&str, DayCount> = HashMap::new();
    for (day, n) in page_views {
        days.entry(day.as_str()).or_default().page_views += n;
    }
    let upsert_seen = "INSERT INTO visitor_seen (visitor_key, kind, last_seen) VALUES ($1, $2, $3) \
                       ON CONFLICT (visitor_key) DO UPDATE SET kind = excluded.kind, last_seen = excluded.last_seen \
                       WHERE visitor_seen.last_seen < excluded.last_seen";
    let upsert_day = "INSERT INTO visit_daily (day, guests, members, bots, page_views) VALUES ($1, $2, $3, $4, $5) \
                      ON CONFLICT (day) DO UPDATE SET guests = visit_daily.guests + excluded.guests, \
                      members = visit_daily.members + excluded.members, bots = visit_daily.bots + excluded.bots, \
                      page_views = visit_daily.page_views + excluded.page_views";
    let now = sightings.iter().map(|s| s.last).max().unwrap_or_default();
    let mut tx = db.begin_bookkeeping(now).await?;
    on_tx!(tx, c => {
        for s in sightings {
            let last: Option<i64> = sqlx::query_scalar("SELECT last_seen FROM visitor_seen WHERE visitor_key = $1")
                .bind(&s.visitor_key).fetch_optional(&mut *c).await?;
            if starts_visit(last, s.first) {
                days.entry(s.day.as_str()).or_default().add(s.kind, 1);
            }
            sqlx::query(upsert_seen).bind(&s.visitor_key).bind(s.kind.as_str()).bind(s.last)
                .execute(&mut *c).await?;
        }
        for (day, count) in &days {
            sqlx::query(upsert_day).bind(*day).bind(count.guests).bind(count.members).bind(count.bots).bind(count.page_views)
                .execute(&mut *c).await?;
        }
    });
    tx.commit().await.map(|_| ())
}

/// Distinct visitors seen in the last five minutes, by kind, across instances.
pub async fn online(db: &Db, now: i64) -> Result<Online> {
    let rows: Vec<(String, i64)> = on_pool!(db, p => sqlx::query_as(
        "SELECT kind, COUNT(*) FROM visitor_seen WHERE last_seen > $1 GROUP BY kind"
    ).bind(now - ONLINE_WINDOW_SECS).fetch_all(p).await?);
    let mut o = Online::default();
    for (kind, n) in rows {
        match VisitorKind::parse(&kind) {
            VisitorKind::Bot => o.bots += n,
            VisitorKind::Guest => o.guests += n,
            VisitorKind::Member => o.members += n,
        }
    }
    Ok(o)
}

/// Per-day counts between two days inclusive ('YYYY-MM-DD'), oldest first.
pub async fn days(db: &Db, from: &str, to: &str) -> Result<Vec<(String, DayCount)>> {
    let rows: Vec<(String, i64, i64, i64, i64)> = on_pool!(db, p => sqlx::query_as(
        "SELECT day, guests, members, bots, page_views FROM visit_daily WHERE day >= $1 AND day <= $2 ORDER BY day"
    ).bind(from).bind(to).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(|(d, guests, members, bots, page_views)| (d, DayCount { guests, members, bots, page_views }))
        .collect())
}

/// The years with recorded visits, oldest first.
pub async fn years(db: &Db) -> Result<Vec<i32>> {
    let rows: Vec<String> = on_pool!(db, p => sqlx::query_scalar(
        "SELECT DISTINCT SUBSTR(day, 1, 4) AS y FROM visit_daily ORDER BY y"
    ).fetch_all(p).await?);
    Ok(rows.into_iter().filter_map(|y| y.parse().ok()).collect())
}

/// Sum of all visits ever recorded (people and bots).
pub async fn total_visits(db: &Db) -> Result<i64> {
    let n: Option<i64> = on_pool!(db, p => sqlx::query_scalar(
        "SELECT CAST(SUM(guests + members + bots) AS BIGINT) FROM visit_daily"
    ).fetch_one(p).await?);
    Ok(n.unwrap_or(0))
}

/// Forgets sightings older than `before` (they can no longer join a visit).
pub async fn prune_seen(db: &Db, before: i64) -> Result<u64> {
    let r = on_pool!(db, p => sqlx::query("DELETE FROM visitor_seen WHERE last_seen < $1").bind(before).execute(p).await?.rows_affected());
    Ok(r)
}

/// Adds a whole day of history (used by the demo and by imports from an old system).
pub async fn put_day(db: &Db, day: &str, c: &DayCount) -> Result<()> {
    on_pool!(db, p => {
        sqlx::query("INSERT INTO visit_daily (day, guests, members, bots, page_views) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (day) DO UPDATE SET guests = excluded.guests, members = excluded.members, \
                     bots = excluded.bots, page_views = excluded.page_views")
            .bind(day).bind(c.guests).bind(c.members).bind(c.bots).bind(c.page_views).execute(p).await?;
    });
    Ok(())
}

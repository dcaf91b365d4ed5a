//! Request limits shared by every instance on one database (PostgreSQL):
//! hits per scope and address, counted in fixed windows.

use crate::db::on_pool;
use crate::{Db, Result};

/// Counts one hit of `who` in `scope` in the window starting at
/// `window_start`; returns the hits in that window, this one included.
pub async fn hit(db: &Db, scope: &str, who: &str, window_start: i64) -> Result<i64> {
    Ok(on_pool!(db, p => sqlx::query_scalar(
        "INSERT INTO rate_counts (scope, who, window_start, hits) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (scope, who, window_start) DO UPDATE SET hits = rate_counts.hits + 1 RETURNING hits"
    ).bind(scope).bind(who).bind(window_start).fetch_one(p).await?))
}

/// Forgets windows that started before `before`.
pub async fn prune(db: &Db, before: i64) -> Result<u64> {
    Ok(on_pool!(db, p => sqlx::query("DELETE FROM rate_counts WHERE window_start < $1")
        .bind(before).execute(p).await?.rows_affected()))
}

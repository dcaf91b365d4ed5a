//! What a move from another system (NukeViet) keeps: which old record
//! became which new one, the old addresses' redirects, and the details a
//! moved article brings that dost's own write path sets otherwise (its
//! original dates, its rating).

use std::collections::HashMap;

use crate::db::on_pool;
use crate::tx::{Tx, on_tx};
use crate::{Db, Result};

/// Old id → new id of one kind of record of one source.
pub async fn mapped(db: &Db, source: &str, kind: &str) -> Result<HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = on_pool!(db, p => sqlx::query_as(
        "SELECT old_id, new_id FROM import_map WHERE source = $1 AND kind = $2"
    ).bind(source).bind(kind).fetch_all(p).await?);
    Ok(rows.into_iter().collect())
}

pub async fn map(tx: &mut Tx, source: &str, kind: &str, old_id: i64, new_id: i64) -> Result<()> {
    on_tx!(tx, c => {
        sqlx::query("INSERT INTO import_map (source, kind, old_id, new_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(source).bind(kind).bind(old_id).bind(new_id).execute(&mut *c).await?;
    });
    Ok(())
}

/// An old address: the kind of record (`article`, `category`, `tag`,
/// `feed`), its key (an old id, an alias), the alias it was published
/// under, and the new address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub source: String,
    pub kind: String,
    pub old_key: String,
    pub alias: String,
    pub target: String,
}

impl Redirect {
    pub fn new(source: &str, kind: &str, old_key: &str, alias: &str, target: String) -> Self {
        Self { source: source.into(), kind: kind.into(), old_key: old_key.into(), alias: alias.into(), target }
    }
}

pub async fn add_redirect(tx: &mut Tx, r: &Redirect) -> Result<()> {
    on_tx!(tx, c => {
        sqlx::query(
            "INSERT INTO redirects (source, kind, old_key, alias, target) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (source, kind, old_key) DO UPDATE SET alias = excluded.alias, target = excluded.target"
        ).bind(&r.source).bind(&r.kind).bind(&r.old_key).bind(&r.alias).bind(&r.target).execute(&mut *c).await?;
    });
    tx.touches_portal();
    Ok(())
}

/// Every redirect (the portal keeps them in memory).
pub async fn redirects(db: &Db) -> Result<Vec<Redirect>> {
    let rows: Vec<(String, String, String, String, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT source, kind, old_key, alias, target FROM redirects"
    ).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(|(source, kind, old_key, alias, target)| Redirect { source, kind, old_key, alias, target })
        .collect())
}

/// What a moved article keeps of its old life besides what it is written with.
pub struct Kept {
    pub created_at: i64,
    pub updated_at: i64,
    pub expires_at: Option<i64>,
    pub rating_points: i64,
    pub rating_votes: i64,
}

pub async fn keep(tx: &mut Tx, article_id: i64, k: &Kept) -> Result<()> {
    on_tx!(tx, c => {
        sqlx::query(
            "UPDATE articles SET created_at = $1, updated_at = $2, expires_at = $3, rating_points = $4, rating_votes = $5 \
             WHERE id = $6"
        ).bind(k.created_at).bind(k.updated_at).bind(k.expires_at).bind(k.rating_points).bind(k.rating_votes)
         .bind(article_id).execute(&mut *c).await?;
    });
    Ok(())
}

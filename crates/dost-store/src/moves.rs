//! What a move from another system (NukeViet) keeps: which old record
//! became which new one, the old addresses' redirects, and the details a
//! moved article brings that dost's own write path sets otherwise (its
//! original dates, its rating).

use std::collections::HashMap;

use crate::db::on_pool;
use crate::tx::{Change, Tx, on_tx};
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

/// `($1, $2), ($3, $4), …` for `rows` rows of `cols` values.
fn placeholders(rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", (1..=cols).map(|c| format!("${}", r * cols + c)).collect::<Vec<_>>().join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Moved articles, a batch at a time: each written as dost's own write path
/// writes it (the article, its categories, tags and first revision, audited,
/// shown on the portal) with what it keeps of its old life, in a few
/// statements per batch rather than a dozen per article. `tag_ids` caches
/// the tags' ids across batches. The new ids, in order.
pub async fn insert_articles(
    tx: &mut Tx,
    items: &[(crate::content::NewArticle<'_>, Kept)],
    tag_ids: &mut HashMap<String, i64>,
) -> Result<Vec<i64>> {
    use dost_domain::text::{nfc, slugify};
    let sql = "INSERT INTO articles (slug, title, lead, body_html, author, source, image_url, image_alt, image_caption, \
               image_width, image_height, status, featured, primary_category_id, published_at, created_at, updated_at, \
               search_text, expires_at, rating_points, rating_votes) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id";
    let mut ids = Vec::with_capacity(items.len());
    let mut cats: Vec<(i64, i64)> = Vec::new();
    let mut tags: Vec<(i64, String, String)> = Vec::new();
    for (a, k) in items {
        let Some(&primary) = a.category_ids.first() else {
            return Err(crate::StoreError::Invalid("bài viết phải thuộc ít nhất một chuyên mục".into()));
        };
        let title = nfc(a.title.trim());
        let slug = if a.slug.is_empty() { slugify(&title) } else { slugify(a.slug) };
        let lead = nfc(a.lead.trim());
        let body = nfc(a.body_html);
        let search = dost_domain::search::index_text(&title, &lead, &body);
        let (img_url, img_alt) = match &a.image {
            Some(i) => (Some(i.url), nfc(i.alt)),
            None => (None, String::new()),
        };
        let id: i64 = on_tx!(tx, c => sqlx::query_scalar(sql)
            .bind(&slug).bind(&title).bind(&lead).bind(&body).bind(nfc(a.author)).bind(nfc(a.source))
            .bind(img_url).bind(&img_alt).bind("").bind(0i64).bind(0i64)
            .bind(a.status.as_str()).bind(a.featured).bind(primary).bind(a.published_at).bind(k.created_at)
            .bind(k.updated_at).bind(&search).bind(k.expires_at).bind(k.rating_points).bind(k.rating_votes)
            .fetch_one(&mut *c).await?);
        crate::search_index::put(tx, id, &search).await?;
        for c in a.category_ids {
            if !cats.contains(&(id, *c)) {
                cats.push((id, *c));
            }
        }
        for t in a.tags {
            let (s, n) = (slugify(t), nfc(t.trim()));
            if !s.is_empty() && !tags.iter().any(|(i, x, _)| *i == id && *x == s) {
                tags.push((id, s, n));
            }
        }
        tx.audit(Change::new("create", "article", Some(id), title));
        ids.push(id);
    }
    // the tags not yet known
    for (_, s, n) in &tags {
        if !tag_ids.contains_key(s) {
            let tid: i64 = on_tx!(tx, c => sqlx::query_scalar(
                "INSERT INTO tags (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id"
            ).bind(s).bind(n).fetch_one(&mut *c).await?);
            tag_ids.insert(s.clone(), tid);
        }
    }
    for chunk in cats.chunks(500) {
        let sql = format!(
            "INSERT INTO article_categories (article_id, category_id) VALUES {} ON CONFLICT DO NOTHING",
            placeholders(chunk.len(), 2)
        );
        on_tx!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for (a, cat) in chunk {
                q = q.bind(*a).bind(*cat);
            }
            q.execute(&mut *c).await?;
        });
    }
    let pairs: Vec<(i64, i64)> = tags.iter().filter_map(|(a, s, _)| tag_ids.get(s).map(|t| (*a, *t))).collect();
    for chunk in pairs.chunks(500) {
        let sql = format!(
            "INSERT INTO article_tags (article_id, tag_id) VALUES {} ON CONFLICT DO NOTHING",
            placeholders(chunk.len(), 2)
        );
        on_tx!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for (a, t) in chunk {
                q = q.bind(*a).bind(*t);
            }
            q.execute(&mut *c).await?;
        });
    }
    // the first revision of each, as the write path keeps it
    for (chunk_ids, chunk) in ids.chunks(50).zip(items.chunks(50)) {
        let sql = format!(
            "INSERT INTO article_revisions (article_id, number, title, lead, body_html, author, source, saved_at, note) VALUES {}",
            placeholders(chunk.len(), 9)
        );
        on_tx!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for (id, (a, k)) in chunk_ids.iter().zip(chunk) {
                q = q.bind(*id).bind(1i64).bind(nfc(a.title.trim())).bind(nfc(a.lead.trim())).bind(nfc(a.body_html))
                    .bind(nfc(a.author)).bind(nfc(a.source)).bind(k.updated_at).bind("Phiên bản đầu");
            }
            q.execute(&mut *c).await?;
        });
    }
    tx.touches_portal();
    Ok(ids)
}

/// Records many old → new ids and redirects at once.
pub async fn map_many(
    tx: &mut Tx,
    source: &str,
    kind: &str,
    pairs: &[(i64, i64)],
    redirects: &[Redirect],
) -> Result<()> {
    for chunk in pairs.chunks(500) {
        let sql = format!(
            "INSERT INTO import_map (source, kind, old_id, new_id) VALUES {} ON CONFLICT DO NOTHING",
            placeholders(chunk.len(), 4)
        );
        on_tx!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for (o, n) in chunk {
                q = q.bind(source).bind(kind).bind(*o).bind(*n);
            }
            q.execute(&mut *c).await?;
        });
    }
    for chunk in redirects.chunks(500) {
        let sql = format!(
            "INSERT INTO redirects (source, kind, old_key, alias, target) VALUES {} \
             ON CONFLICT (source, kind, old_key) DO UPDATE SET alias = excluded.alias, target = excluded.target",
            placeholders(chunk.len(), 5)
        );
        on_tx!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
            for r in chunk {
                q = q.bind(&r.source).bind(&r.kind).bind(&r.old_key).bind(&r.alias).bind(&r.target);
            }
            q.execute(&mut *c).await?;
        });
    }
    if !redirects.is_empty() {
        tx.touches_portal();
    }
    Ok(())
}

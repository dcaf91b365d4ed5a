//! Writes of portal content made by the project's own code (the demo, the
//! tests, imports): each takes part in the caller's [`Tx`], shows on the
//! portal (so page caches everywhere are dropped on commit) and is audited.

use dost_domain::content::ArticleStatus;
use dost_domain::search::index_text;
use dost_domain::text::{nfc, slugify};

use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result, StoreError};

pub(crate) const BUMP_VERSION: &str = "UPDATE content_version SET version = version + 1 WHERE id = 1 RETURNING version";
/// Stamps the articles changed in this transaction (and any left unstamped by
/// a change not shown on the portal) with the content version just taken;
/// the row lock `BUMP_VERSION` takes orders these stamps as commits are.
pub(crate) const STAMP_CHANGED_ARTICLES: &str = "UPDATE articles SET index_version = $1 WHERE index_version IS NULL";

/// One `INSERT … RETURNING id` that shows on the portal, audited as `$entity`.
macro_rules! insert_shown {
    ($tx:expr, $entity:expr, $summary:expr, $sql:expr, $($bind:expr),+ $(,)?) => {{
        let id: i64 = on_tx!($tx, c => sqlx::query_scalar($sql)$(.bind($bind))+.fetch_one(&mut *c).await?);
        $tx.audit(Change::new("create", $entity, Some(id), $summary));
        $tx.touches_portal();
        Ok(id)
    }};
}

pub struct NewCategory<'a> {
    pub parent_id: Option<i64>,
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub position: i64,
    pub show_in_menu: bool,
    pub show_on_home: bool,
}

pub async fn insert_category(tx: &mut Tx, c: &NewCategory<'_>) -> Result<i64> {
    if dost_domain::content::RESERVED_SLUGS.contains(&c.slug) || slugify(c.slug) != c.slug {
        return Err(StoreError::Invalid(format!("đường dẫn chuyên mục không dùng được: {}", c.slug)));
    }
    let sql = "INSERT INTO categories (parent_id, slug, name, description, position, show_in_menu, show_on_home) \
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    insert_shown!(
        tx,
        "category",
        c.name.to_string(),
        sql,
        c.parent_id,
        c.slug,
        nfc(c.name),
        nfc(c.description),
        c.position,
        c.show_in_menu,
        c.show_on_home
    )
}

pub struct NewImage<'a> {
    pub url: &'a str,
    pub alt: &'a str,
    pub caption: &'a str,
    pub width: i64,
    pub height: i64,
}

pub struct NewArticle<'a> {
    /// Empty: made from the title.
    pub slug: &'a str,
    pub title: &'a str,
    pub lead: &'a str,
    /// Trusted HTML (produced by the project's own code or a sanitiser).
    pub body_html: &'a str,
    pub author: &'a str,
    pub source: &'a str,
    pub image: Option<NewImage<'a>>,
    pub status: ArticleStatus,
    pub featured: bool,
    /// The first is the primary category (the one in the URL and breadcrumb).
    pub category_ids: &'a [i64],
    /// Tag names.
    pub tags: &'a [&'a str],
    pub published_at: i64,
    pub now: i64,
}

pub async fn insert_article(tx: &mut Tx, a: &NewArticle<'_>) -> Result<i64> {
    let Some(&primary) = a.category_ids.first() else {
        return Err(StoreError::Invalid("bài viết phải thuộc ít nhất một chuyên mục".into()));
    };
    let title = nfc(a.title.trim());
    if title.is_empty() {
        return Err(StoreError::Invalid("bài viết phải có tiêu đề".into()));
    }
    let slug = if a.slug.is_empty() { slugify(&title) } else { slugify(a.slug) };
    let lead = nfc(a.lead.trim());
    let body = nfc(a.body_html);
    let search = index_text(&title, &lead, &body);
    let (img_url, img_alt, img_caption, img_w, img_h) = match &a.image {
        Some(i) => (Some(i.url), nfc(i.alt), nfc(i.caption), i.width, i.height),
        None => (None, String::new(), String::new(), 0, 0),
    };
    let sql = "INSERT INTO articles (slug, title, lead, body_html, author, source, image_url, image_alt, image_caption, \
               image_width, image_height, status, featured, primary_category_id, published_at, created_at, updated_at, search_text) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17) RETURNING id";
    let tags: Vec<(String, String)> =
        a.tags.iter().map(|t| (slugify(t), nfc(t.trim()))).filter(|(s, _)| !s.is_empty()).collect();
    let id = on_tx!(tx, c => {
        let id: i64 = sqlx::query_scalar(sql)
            .bind(&slug).bind(&title).bind(&lead).bind(&body).bind(nfc(a.author)).bind(nfc(a.source))
            .bind(img_url).bind(&img_alt).bind(&img_caption).bind(img_w).bind(img_h)
            .bind(a.status.as_str()).bind(a.featured).bind(primary).bind(a.published_at).bind(a.now).bind(&search)
            .fetch_one(&mut *c).await?;
        for cat in a.category_ids {
            sqlx::query("INSERT INTO article_categories (article_id, category_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id).bind(cat).execute(&mut *c).await?;
        }
        for (tag_slug, tag_name) in &tags {
            let tag_id: i64 = sqlx::query_scalar(
                "INSERT INTO tags (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id"
            ).bind(tag_slug).bind(tag_name).fetch_one(&mut *c).await?;
            sqlx::query("INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id).bind(tag_id).execute(&mut *c).await?;
        }
        sqlx::query(
            "INSERT INTO article_revisions (article_id, number, title, lead, body_html, author, source, saved_at, note) \
             VALUES ($1, 1, $2, $3, $4, $5, $6, $7, 'Phiên bản đầu')",
        )
        .bind(id).bind(&title).bind(&lead).bind(&body).bind(nfc(a.author)).bind(nfc(a.source)).bind(a.now)
        .execute(&mut *c).await?;
        id
    });
    crate::search_index::put(tx, id, &search).await?;
    tx.audit(Change::new("create", "article", Some(id), title));
    tx.touches_portal();
    Ok(id)
}

/// Changes an article's slug and primary category (old URLs then redirect).
pub async fn move_article(tx: &mut Tx, id: i64, slug: &str, primary_category_id: i64) -> Result<()> {
    let slug = slugify(slug);
    let now = tx.now();
    on_tx!(tx, c => {
        sqlx::query("UPDATE articles SET slug = $1, primary_category_id = $2, updated_at = $3 WHERE id = $4")
            .bind(&slug).bind(primary_category_id).bind(now).bind(id).execute(&mut *c).await?;
        sqlx::query("INSERT INTO article_categories (article_id, category_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id).bind(primary_category_id).execute(&mut *c).await?;
    });
    tx.audit(Change::new("move", "article", Some(id), format!("Đổi đường dẫn: {slug}")));
    tx.touches_portal();
    Ok(())
}

pub async fn insert_block(
    tx: &mut Tx,
    kind: &str,
    title: &str,
    position: i64,
    config: &str,
    max_items: i64,
) -> Result<i64> {
    insert_shown!(
        tx,
        "block",
        title.to_string(),
        "INSERT INTO blocks (kind, title, position, enabled, config, max_items) VALUES ($1, $2, $3, TRUE, $4, $5) RETURNING id",
        kind,
        nfc(title),
        position,
        config,
        max_items
    )
}

pub struct NewVideo<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub embed_url: Option<&'a str>,
    pub file_url: Option<&'a str>,
    pub poster_url: &'a str,
    pub duration: &'a str,
    pub published_at: i64,
}

pub async fn insert_video(tx: &mut Tx, v: &NewVideo<'_>) -> Result<i64> {
    if let Some(u) = v.embed_url
        && !u.starts_with("https://")
    {
        return Err(StoreError::Invalid("địa chỉ nhúng video phải dùng https".into()));
    }
    insert_shown!(
        tx,
        "video",
        v.title.to_string(),
        "INSERT INTO videos (title, description, embed_url, file_url, poster_url, duration, published_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        nfc(v.title),
        nfc(v.description),
        v.embed_url,
        v.file_url,
        v.poster_url,
        v.duration,
        v.published_at
    )
}

pub struct NewDocument<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub file_path: &'a str,
    pub file_name: &'a str,
    pub mime: &'a str,
    pub size_bytes: i64,
    pub published_at: i64,
}

pub async fn insert_document(tx: &mut Tx, d: &NewDocument<'_>) -> Result<i64> {
    insert_shown!(
        tx,
        "document",
        d.title.to_string(),
        "INSERT INTO documents (kind, title, description, file_path, file_name, mime, size_bytes, published_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        d.kind,
        nfc(d.title),
        nfc(d.description),
        d.file_path,
        d.file_name,
        d.mime,
        d.size_bytes,
        d.published_at
    )
}

/// Sets a site setting (name, address, contacts…) shown on the portal.
pub async fn set_setting(tx: &mut Tx, key: &str, value: &str) -> Result<()> {
    on_tx!(tx, c => {
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key).bind(value).execute(&mut *c).await?;
    });
    tx.audit(Change::new("update", "setting", None, key.to_string()).after(value.to_string()));
    tx.touches_portal();
    Ok(())
}

/// Stores a setting only if it has no value yet (safe when several instances
/// race; the system's own bookkeeping, such as the visitor key secret).
pub async fn insert_setting_if_absent(db: &Db, key: &str, value: &str, now: i64) -> Result<()> {
    let mut tx = db.begin_bookkeeping(now).await?;
    on_tx!(tx, c => {
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
            .bind(key).bind(value).execute(&mut *c).await?;
    });
    tx.commit().await.map(|_| ())
}

/// A small write, to learn whether writes reach the database again.
pub async fn probe_write(db: &Db, now: i64) -> Result<()> {
    let mut tx = db.begin_bookkeeping(now).await?;
    on_tx!(tx, c => {
        sqlx::query("INSERT INTO settings (key, value) VALUES ('health:write_probe', $1) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(now.to_string()).execute(&mut *c).await?;
    });
    tx.commit().await.map(|_| ())
}

/// Sets a setting to `value` unless it already has it; true when this call
/// changed it (used so that one instance of several does a daily job).
pub async fn claim_setting(db: &Db, key: &str, value: &str, now: i64) -> Result<bool> {
    let mut tx = db.begin_bookkeeping(now).await?;
    let n = on_tx!(tx, c => {
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, '') ON CONFLICT (key) DO NOTHING").bind(key).execute(&mut *c).await?;
        sqlx::query("UPDATE settings SET value = $1 WHERE key = $2 AND value <> $1").bind(value).bind(key)
            .execute(&mut *c).await?.rows_affected()
    });
    tx.commit().await?;
    Ok(n == 1)
}

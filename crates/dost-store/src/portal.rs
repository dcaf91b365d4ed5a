//! Reads for the public portal.

use dost_domain::content::{
    Article, ArticleStatus, ArticleSummary, Block, BlockKind, Category, Document, PublicTask, Video,
};

use crate::db::on_pool;
use crate::row::row;
use crate::tx::on_tx;
use crate::{Db, Result, StoreError};

type SummaryRow = (i64, String, String, String, Option<String>, String, i64, String, String);

fn summary(
    (id, slug, title, lead, image_url, image_alt, published_at, category_slug, category_name): SummaryRow,
) -> ArticleSummary {
    ArticleSummary { id, slug, title, lead, image_url, image_alt, published_at, category_slug, category_name }
}

macro_rules! summary_select {
    () => {
        "SELECT a.id, a.slug, a.title, a.lead, a.image_url, a.image_alt, a.published_at, c.slug, c.name \
         FROM articles a JOIN categories c ON c.id = a.primary_category_id \
         WHERE a.status = 'published' AND a.published_at <= $1 AND (a.expires_at IS NULL OR a.expires_at > $1) "
    };
}

macro_rules! subtree {
    () => {
        "WITH RECURSIVE sub(id) AS (SELECT CAST($2 AS BIGINT) UNION SELECT k.id FROM categories k JOIN sub ON k.parent_id = sub.id) "
    };
}

pub async fn categories(db: &Db) -> Result<Vec<Category>> {
    type Row = (i64, Option<i64>, String, String, String, i64, bool, bool);
    let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, parent_id, slug, name, description, position, show_in_menu, show_on_home FROM categories ORDER BY position, id"
    ).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(|(id, parent_id, slug, name, description, position, show_in_menu, show_on_home)| Category {
            id,
            parent_id,
            slug,
            name,
            description,
            position,
            show_in_menu,
            show_on_home,
        })
        .collect())
}

/// The newest published articles of the whole site.
pub async fn latest(db: &Db, now: i64, limit: i64, offset: i64) -> Result<Vec<ArticleSummary>> {
    let sql = concat!(summary_select!(), "ORDER BY a.published_at DESC, a.id DESC LIMIT $2 OFFSET $3");
    let rows: Vec<SummaryRow> =
        on_pool!(db, p => sqlx::query_as(sql).bind(now).bind(limit).bind(offset).fetch_all(p).await?);
    Ok(rows.into_iter().map(summary).collect())
}

/// Featured published articles, newest first.
pub async fn featured(db: &Db, now: i64, limit: i64) -> Result<Vec<ArticleSummary>> {
    let sql = concat!(summary_select!(), "AND a.featured = TRUE ORDER BY a.published_at DESC, a.id DESC LIMIT $2");
    let rows: Vec<SummaryRow> = on_pool!(db, p => sqlx::query_as(sql).bind(now).bind(limit).fetch_all(p).await?);
    Ok(rows.into_iter().map(summary).collect())
}

/// The newest `limit` published articles of a category and all its
/// sub-categories, newest first (blocks and feeds; the category's pages are
/// read by [`summaries`] of the ids the portal's finder keeps in order).
pub async fn in_category(db: &Db, now: i64, category_id: i64, limit: i64) -> Result<Vec<ArticleSummary>> {
    // The page's ids first, from the listing index alone (narrow rows to skip
    // and sort however deep the page), then those articles' summaries.
    let sql = concat!(
        subtree!(),
        ", page(id) AS (SELECT a.id FROM articles a \
         WHERE a.status = 'published' AND a.published_at <= $1 AND (a.expires_at IS NULL OR a.expires_at > $1) \
         AND a.id IN (SELECT ac.article_id FROM article_categories ac WHERE ac.category_id IN (SELECT id FROM sub)) \
         ORDER BY a.published_at DESC, a.id DESC LIMIT $3) ",
        "SELECT a.id, a.slug, a.title, a.lead, a.image_url, a.image_alt, a.published_at, c.slug, c.name \
         FROM page JOIN articles a ON a.id = page.id JOIN categories c ON c.id = a.primary_category_id \
         ORDER BY a.published_at DESC, a.id DESC"
    );
    let rows: Vec<SummaryRow> = on_pool!(db, p => sqlx::query_as(sql)
        .bind(now).bind(category_id).bind(limit).fetch_all(p).await?);
    Ok(rows.into_iter().map(summary).collect())
}

/// Published articles of a category and its sub-categories (0: every
/// category) published in `[from, to)` (Unix seconds), newest first; and how
/// many there are in all.
pub async fn published_between(
    db: &Db,
    now: i64,
    category_id: i64,
    (from, to): (i64, i64),
    (limit, offset): (i64, i64),
) -> Result<(Vec<ArticleSummary>, i64)> {
    let list = concat!(
        subtree!(),
        summary_select!(),
        "AND ($2 = 0 OR a.id IN (SELECT ac.article_id FROM article_categories ac WHERE ac.category_id IN (SELECT id FROM sub))) \
         AND a.published_at >= $3 AND a.published_at < $4 ORDER BY a.published_at DESC, a.id DESC LIMIT $5 OFFSET $6"
    );
    let count = concat!(
        subtree!(),
        "SELECT COUNT(*) FROM articles a WHERE a.status = 'published' AND a.published_at <= $1 \
         AND (a.expires_at IS NULL OR a.expires_at > $1) \
         AND ($2 = 0 OR a.id IN (SELECT ac.article_id FROM article_categories ac WHERE ac.category_id IN (SELECT id FROM sub))) \
         AND a.published_at >= $3 AND a.published_at < $4"
    );
    let rows: Vec<SummaryRow> = on_pool!(db, p => sqlx::query_as(list)
        .bind(now).bind(category_id).bind(from).bind(to).bind(limit).bind(offset).fetch_all(p).await?);
    let total: i64 = on_pool!(db, p => sqlx::query_scalar(count)
        .bind(now).bind(category_id).bind(from).bind(to).fetch_one(p).await?);
    Ok((rows.into_iter().map(summary).collect(), total))
}

pub async fn count_in_category(db: &Db, now: i64, category_id: i64) -> Result<i64> {
    let sql = concat!(
        subtree!(),
        "SELECT COUNT(*) FROM articles a WHERE a.status = 'published' AND a.published_at <= $1 \
         AND (a.expires_at IS NULL OR a.expires_at > $1) \
         AND a.id IN (SELECT ac.article_id FROM article_categories ac WHERE ac.category_id IN (SELECT id FROM sub))"
    );
    Ok(on_pool!(db, p => sqlx::query_scalar(sql).bind(now).bind(category_id).fetch_one(p).await?))
}

/// Up to `limit` published articles of `category_id` just newer than the given
/// one (`newer = true`) or just older, nearest first.
pub async fn neighbours(
    db: &Db,
    now: i64,
    category_id: i64,
    article: &Article,
    newer: bool,
    limit: i64,
) -> Result<Vec<ArticleSummary>> {
    macro_rules! next_to {
        ($past:literal, $order:literal) => {
            concat!(
                summary_select!(),
                "AND EXISTS (SELECT 1 FROM article_categories ac WHERE ac.article_id = a.id AND ac.category_id = $2) ",
                $past,
                " ORDER BY a.published_at ",
                $order,
                ", a.id ",
                $order,
                " LIMIT $5"
            )
        };
    }
    // The same condition in the form each engine walks its index by: SQLite
    // bounds the scan from the OR, PostgreSQL from a row comparison.
    let (sql_newer, sql_older) = match db {
        Db::Sqlite(_) => (
            next_to!("AND (a.published_at > $3 OR (a.published_at = $3 AND a.id > $4))", "ASC"),
            next_to!("AND (a.published_at < $3 OR (a.published_at = $3 AND a.id < $4))", "DESC"),
        ),
        Db::Postgres(_) => (
            next_to!("AND a.published_at >= $3 AND (a.published_at, a.id) > ($3, $4)", "ASC"),
            next_to!("AND a.published_at <= $3 AND (a.published_at, a.id) < ($3, $4)", "DESC"),
        ),
    };
    let sql = if newer { sql_newer } else { sql_older };
    let rows: Vec<SummaryRow> = on_pool!(db, p => sqlx::query_as(sql)
        .bind(now).bind(category_id).bind(article.published_at).bind(article.id).bind(limit)
        .fetch_all(p).await?);
    Ok(rows.into_iter().map(summary).collect())
}

row! {
    struct ArticleRow {
        id: i64,
        slug: String,
        title: String,
        lead: String,
        body_html: String,
        author: String,
        source: String,
        image_url: Option<String>,
        image_alt: String,
        image_caption: String,
        image_width: i64,
        image_height: i64,
        status: String,
        featured: bool,
        primary_category_id: i64,
        published_at: i64,
        updated_at: i64,
        expires_at: Option<i64>,
        rating_points: i64,
        rating_votes: i64,
        version: i64,
        review_note: String,
        created_by: Option<i64>,
        edited_by: Option<i64>,
    }
}

impl TryFrom<ArticleRow> for Article {
    type Error = StoreError;

    fn try_from(r: ArticleRow) -> Result<Self> {
        let status = ArticleStatus::parse(&r.status)
            .ok_or_else(|| StoreError::Invalid(format!("trạng thái bài viết lạ trong cơ sở dữ liệu: {}", r.status)))?;
        Ok(Article {
            id: r.id,
            slug: r.slug,
            title: r.title,
            lead: r.lead,
            body_html: r.body_html,
            author: r.author,
            source: r.source,
            image_url: r.image_url,
            image_alt: r.image_alt,
            image_caption: r.image_caption,
            image_width: r.image_width,
            image_height: r.image_height,
            status,
            featured: r.featured,
            primary_category_id: r.primary_category_id,
            published_at: r.published_at,
            updated_at: r.updated_at,
            expires_at: r.expires_at,
            rating_points: r.rating_points,
            rating_votes: r.rating_votes,
            version: r.version,
            review_note: r.review_note,
            created_by: r.created_by,
            edited_by: r.edited_by,
        })
    }
}

pub async fn article(db: &Db, id: i64) -> Result<Option<Article>> {
    let sql = "SELECT id, slug, title, lead, body_html, author, source, image_url, image_alt, image_caption, image_width, \
               image_height, status, featured, primary_category_id, published_at, updated_at, expires_at, rating_points, \
               rating_votes, version, review_note, created_by, edited_by FROM articles WHERE id = $1";
    let row: Option<ArticleRow> = on_pool!(db, p => sqlx::query_as(sql).bind(id).fetch_optional(p).await?);
    row.map(Article::try_from).transpose()
}

/// Tags of an article as (slug, name).
pub async fn article_tags(db: &Db, article_id: i64) -> Result<Vec<(String, String)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT t.slug, t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id WHERE at.article_id = $1 ORDER BY t.name"
    ).bind(article_id).fetch_all(p).await?))
}

/// Categories an article belongs to.
pub async fn article_category_ids(db: &Db, article_id: i64) -> Result<Vec<i64>> {
    Ok(on_pool!(db, p => sqlx::query_scalar(
        "SELECT category_id FROM article_categories WHERE article_id = $1 ORDER BY category_id"
    ).bind(article_id).fetch_all(p).await?))
}

/// An article search returns, with its text for the excerpt.
#[derive(Debug, Clone)]
pub struct SearchRow {
    pub summary: ArticleSummary,
    pub body_html: String,
}

/// The articles with these ids (at most a page of them), in the order given.
pub async fn search_rows(db: &Db, ids: &[i64]) -> Result<Vec<SearchRow>> {
    by_ids(db, ids, "a.body_html").await
}

/// Summaries of the articles with these ids (at most a page of them), in the order given.
pub async fn summaries(db: &Db, ids: &[i64]) -> Result<Vec<ArticleSummary>> {
    Ok(by_ids(db, ids, "''").await?.into_iter().map(|r| r.summary).collect())
}

/// [`search_rows`], the body being the column `body` (or `''`).
async fn by_ids(db: &Db, ids: &[i64], body: &'static str) -> Result<Vec<SearchRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT a.id, a.slug, a.title, a.lead, a.image_url, a.image_alt, a.published_at, c.slug, c.name, {body} \
         FROM articles a JOIN categories c ON c.id = a.primary_category_id WHERE a.id IN ({})",
        marks.join(", ")
    );
    type Row = (i64, String, String, String, Option<String>, String, i64, String, String, String);
    let rows: Vec<Row> = on_pool!(db, p => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
        for id in ids {
            q = q.bind(*id);
        }
        q.fetch_all(p).await?
    });
    let mut rows: Vec<SearchRow> = rows
        .into_iter()
        .map(|(id, slug, title, lead, image_url, image_alt, published_at, cs, cn, body_html)| SearchRow {
            summary: summary((id, slug, title, lead, image_url, image_alt, published_at, cs, cn)),
            body_html,
        })
        .collect();
    rows.sort_by_key(|r| ids.iter().position(|i| *i == r.summary.id));
    Ok(rows)
}

/// Every article filed under a category or one of its sub-categories (as
/// its main category or another), whatever its status; as one aggregate.
pub async fn ids_in_subtree(db: &Db, category_id: i64) -> Result<Vec<i64>> {
    macro_rules! in_sub {
        ($aggregate:literal) => {
            concat!(
                "WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) \
                 UNION SELECT k.id FROM categories k JOIN sub ON k.parent_id = sub.id) SELECT ",
                $aggregate,
                " FROM article_categories WHERE category_id IN (SELECT id FROM sub)"
            )
        };
    }
    match db {
        Db::Sqlite(s) => {
            let list: Option<String> =
                sqlx::query_scalar(in_sub!("group_concat(article_id)")).bind(category_id).fetch_one(&s.pool).await?;
            Ok(list.as_deref().unwrap_or("").split(',').filter_map(|id| id.parse().ok()).collect())
        }
        Db::Postgres(p) => {
            let list: Option<Vec<i64>> =
                sqlx::query_scalar(in_sub!("array_agg(article_id)")).bind(category_id).fetch_one(p).await?;
            Ok(list.unwrap_or_default())
        }
    }
}

/// The columns of [`public_dates`] as PostgreSQL arrays.
type DateColumns = (Option<Vec<i64>>, Option<Vec<i64>>, Option<Vec<Option<i64>>>);

/// When each published article shows: (id, published_at, expires_at), for
/// search to keep what the public may see now without asking per article.
/// (One aggregate, not a row per article: read from the `articles_public`
/// index alone, it is most of the cost at 100.000 articles otherwise.)
pub async fn public_dates(db: &Db) -> Result<Vec<(i64, i64, Option<i64>)>> {
    match db {
        Db::Sqlite(s) => {
            let list: Option<String> = sqlx::query_scalar(
                "SELECT group_concat(id || ' ' || published_at || ' ' || COALESCE(expires_at, ''), ',') \
                 FROM articles WHERE status = 'published'",
            )
            .fetch_one(&s.pool)
            .await?;
            let list = list.unwrap_or_default();
            let one = |row: &str| {
                let mut f = row.split(' ');
                let id = f.next()?.parse().ok()?;
                let published_at = f.next()?.parse().ok()?;
                Some((id, published_at, f.next().and_then(|e| e.parse().ok())))
            };
            Ok(list.split(',').filter_map(one).collect())
        }
        Db::Postgres(p) => {
            let (ids, published, expires): DateColumns = sqlx::query_as(
                "SELECT array_agg(id), array_agg(published_at), array_agg(expires_at) \
                     FROM articles WHERE status = 'published'",
            )
            .fetch_one(p)
            .await?;
            let (ids, published, expires) =
                (ids.unwrap_or_default(), published.unwrap_or_default(), expires.unwrap_or_default());
            Ok(ids.into_iter().zip(published).zip(expires).map(|((i, p), e)| (i, p, e)).collect())
        }
    }
}

/// Every published article for the sitemap: (path parts, last change).
pub async fn sitemap_entries(db: &Db, now: i64) -> Result<Vec<(String, String, i64, i64)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT c.slug, a.slug, a.id, a.updated_at FROM articles a JOIN categories c ON c.id = a.primary_category_id \
         WHERE a.status = 'published' AND a.published_at <= $1 AND (a.expires_at IS NULL OR a.expires_at > $1) \
         ORDER BY a.published_at DESC, a.id DESC"
    ).bind(now).fetch_all(p).await?))
}

/// Outcome of a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vote {
    /// Counted; the new (points, votes).
    Counted(i64, i64),
    /// This visitor had voted already; nothing changed.
    AlreadyVoted,
}

/// Records one visitor's vote, at most once per article (by visitor cookie and
/// by client fingerprint), and updates the article's totals in one transaction.
pub async fn rate(db: &Db, article_id: i64, voter_key: &str, client_hash: &str, score: i64, now: i64) -> Result<Vote> {
    let insert = "INSERT INTO article_ratings (article_id, voter_key, client_hash, score, created_at) \
                  VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id";
    let update = "UPDATE articles SET rating_points = rating_points + $1, rating_votes = rating_votes + 1, rated_at = $3 \
                  WHERE id = $2 RETURNING rating_points, rating_votes";
    // a visitor's vote is the portal's bookkeeping, not a staff change: not audited
    let mut tx = db.begin_bookkeeping(now).await?;
    let counted: Option<(i64, i64)> = on_tx!(tx, c => {
        let inserted: Option<i64> = sqlx::query_scalar(insert)
            .bind(article_id).bind(voter_key).bind(client_hash).bind(score).bind(now)
            .fetch_optional(&mut *c).await?;
        match inserted {
            None => None,
            Some(_) => Some(sqlx::query_as(update).bind(score).bind(article_id).bind(now).fetch_one(&mut *c).await?),
        }
    });
    let Some((points, votes)) = counted else { return Ok(Vote::AlreadyVoted) };
    // one page shows it: not a content change (see `rated_since`)
    tx.commit().await?;
    Ok(Vote::Counted(points, votes))
}

/// An article voted on, as [`rated_since`] lists it.
#[derive(Debug, Clone)]
pub struct RatedArticle {
    pub id: i64,
    pub category_id: i64,
    pub slug: String,
    pub votes: i64,
    pub rated_at: i64,
}

/// Articles voted on at or after `since` (Unix seconds), so every instance
/// drops their cached pages.
pub async fn rated_since(db: &Db, since: i64) -> Result<Vec<RatedArticle>> {
    let rows: Vec<(i64, i64, String, i64, i64)> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, primary_category_id, slug, rating_votes, rated_at FROM articles \
         WHERE rated_at >= $1 ORDER BY rated_at LIMIT 10000"
    ).bind(since).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(|(id, category_id, slug, votes, rated_at)| RatedArticle { id, category_id, slug, votes, rated_at })
        .collect())
}

/// The enabled sidebar blocks in order.
pub async fn blocks(db: &Db) -> Result<Vec<Block>> {
    type Row = (i64, String, String, i64, String, i64);
    let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, kind, title, position, config, max_items FROM blocks WHERE enabled = TRUE ORDER BY position, id"
    ).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .filter_map(|(id, kind, title, position, config, max_items)| {
            let kind = BlockKind::parse(&kind)?;
            Some(Block { id, kind, title, position, config, max_items })
        })
        .collect())
}

type VideoRow = (i64, String, String, Option<String>, Option<String>, String, String, i64);

fn video((id, title, description, embed_url, file_url, poster_url, duration, published_at): VideoRow) -> Video {
    Video { id, title, description, embed_url, file_url, poster_url, duration, published_at }
}

pub async fn videos(db: &Db, now: i64, limit: i64) -> Result<Vec<Video>> {
    let rows: Vec<VideoRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, title, description, embed_url, file_url, poster_url, duration, published_at FROM videos \
         WHERE published_at <= $1 ORDER BY published_at DESC, id DESC LIMIT $2"
    ).bind(now).bind(limit).fetch_all(p).await?);
    Ok(rows.into_iter().map(video).collect())
}

pub async fn video_by_id(db: &Db, id: i64) -> Result<Option<Video>> {
    let row: Option<VideoRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, title, description, embed_url, file_url, poster_url, duration, published_at FROM videos WHERE id = $1"
    ).bind(id).fetch_optional(p).await?);
    Ok(row.map(video))
}

type DocumentRow = (i64, String, String, String, String, String, String, i64, i64);

fn document(
    (id, kind, title, description, file_path, file_name, mime, size_bytes, published_at): DocumentRow,
) -> Document {
    Document { id, kind, title, description, file_path, file_name, mime, size_bytes, published_at }
}

pub async fn documents(db: &Db, kind: &str, limit: i64) -> Result<Vec<Document>> {
    let rows: Vec<DocumentRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, kind, title, description, file_path, file_name, mime, size_bytes, published_at FROM documents \
         WHERE kind = $1 OR $1 = '' ORDER BY published_at DESC, id DESC LIMIT $2"
    ).bind(kind).bind(limit).fetch_all(p).await?);
    Ok(rows.into_iter().map(document).collect())
}

pub async fn document_by_id(db: &Db, id: i64) -> Result<Option<Document>> {
    let row: Option<DocumentRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, kind, title, description, file_path, file_name, mime, size_bytes, published_at FROM documents WHERE id = $1"
    ).bind(id).fetch_optional(p).await?);
    Ok(row.map(document))
}

/// Tasks the public register lists (being carried out or finished), newest first.
pub async fn public_tasks(db: &Db, limit: i64) -> Result<Vec<PublicTask>> {
    use chrono::Datelike;
    let rows = crate::tasks::list(db, &crate::tasks::Filter::default()).await?;
    Ok(rows
        .into_iter()
        .filter(|r| r.stage.is_public())
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|r| PublicTask {
            id: r.id,
            code: r.code,
            title: r.title,
            level: r.level.label().to_string(),
            lead_org: r.lead_org,
            investigator: r.investigator,
            start_year: r.start_date.map(|d| i64::from(d.year())).unwrap_or(0),
            end_year: r.end_date.map(|d| i64::from(d.year())).unwrap_or(0),
            status: if r.stage.is_accepted() { "Đã nghiệm thu".into() } else { "Đang thực hiện".into() },
        })
        .collect())
}

pub async fn setting(db: &Db, key: &str) -> Result<Option<String>> {
    Ok(on_pool!(db, p => sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(key).fetch_optional(p).await?))
}

/// The content version: any change to what the portal shows increases it, so
/// every instance knows when to drop its page cache.
pub async fn content_version(db: &Db) -> Result<i64> {
    Ok(on_pool!(db, p => sqlx::query_scalar("SELECT version FROM content_version WHERE id = 1").fetch_one(p).await?))
}

/// Whether the database holds no content yet (demo data may be loaded).
pub async fn is_empty(db: &Db) -> Result<bool> {
    let n: i64 = on_pool!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM categories").fetch_one(p).await?);
    Ok(n == 0)
}

/// How many articles are public at `now`; changes when a scheduled article
/// goes live, so caches notice publications that no write announced.
pub async fn published_count(db: &Db, now: i64) -> Result<i64> {
    Ok(on_pool!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM articles WHERE status = 'published' AND published_at <= $1 \
         AND (expires_at IS NULL OR expires_at > $1)"
    ).bind(now).fetch_one(p).await?))
}

/// An article changed after some content version, as search needs it.
#[derive(Debug, Clone)]
pub struct ChangedArticle {
    pub id: i64,
    /// Published (whether or not its time has come).
    pub published: bool,
    pub published_at: i64,
    pub expires_at: Option<i64>,
    /// Its folded text, as the word index was fed it.
    pub search_text: String,
    /// Its categories.
    pub categories: Vec<i64>,
}

/// The articles stamped with a content version after `after` and up to
/// `upto` (see migration 0027), or `None` when there are more than `limit`
/// (then starting again is cheaper than patching).
pub async fn articles_changed(db: &Db, after: i64, upto: i64, limit: i64) -> Result<Option<Vec<ChangedArticle>>> {
    let n: i64 = on_pool!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM articles WHERE index_version > $1 AND index_version <= $2"
    ).bind(after).bind(upto).fetch_one(p).await?);
    if n > limit {
        return Ok(None);
    }
    let rows: Vec<(i64, String, i64, Option<i64>, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, status, published_at, expires_at, search_text FROM articles \
         WHERE index_version > $1 AND index_version <= $2 ORDER BY id"
    ).bind(after).bind(upto).fetch_all(p).await?);
    let mut out: Vec<ChangedArticle> = rows
        .into_iter()
        .map(|(id, status, published_at, expires_at, search_text)| ChangedArticle {
            id,
            published: status == "published",
            published_at,
            expires_at,
            search_text,
            categories: Vec::new(),
        })
        .collect();
    if !out.is_empty() {
        let links: Vec<(i64, i64)> = on_pool!(db, p => sqlx::query_as(
            "SELECT c.article_id, c.category_id FROM article_categories c JOIN articles a ON a.id = c.article_id \
             WHERE a.index_version > $1 AND a.index_version <= $2"
        ).bind(after).bind(upto).fetch_all(p).await?);
        for (article, category) in links {
            if let Some(a) = out.iter_mut().find(|a| a.id == article) {
                a.categories.push(category);
            }
        }
    }
    Ok(Some(out))
}

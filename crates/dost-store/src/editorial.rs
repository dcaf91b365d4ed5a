//! Articles in the back office: lists with filters, saving with revisions and
//! conflict detection, workflow transitions, revision history.

use dost_domain::content::{Article, ArticleStatus};
use dost_domain::html::SafeHtml;
use dost_domain::search::index_text;
use dost_domain::text::{nfc, slugify};
use dost_domain::workflow::Action;

use crate::db::on_pool;
use crate::row::row;
use crate::tasks::known;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result, StoreError};

/// A row of the staff article list.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: i64,
    pub title: String,
    pub status: ArticleStatus,
    pub published_at: i64,
    pub updated_at: i64,
    pub category: String,
    pub created_by: String,
}

/// Filters; empty and zero mean "any".
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: String,
    pub category_id: i64,
    pub created_by: i64,
    /// Folded words (letters and digits, as a search query makes them)
    /// that must each start a word of the title or text.
    pub words: Vec<String>,
}

pub async fn list(db: &Db, f: &Filter, limit: i64, offset: i64) -> Result<(Vec<Row>, i64)> {
    // Only the filters asked for are in the SQL, so that each count is read
    // off an index (at 100.000 articles a count that reads the table's rows
    // takes seconds on a cold cache).
    let mut cond: Vec<String> = Vec::new();
    let mut n = 0;
    let mut next = || {
        n += 1;
        n
    };
    let (status, category, author) = (!f.status.is_empty(), f.category_id != 0, f.created_by != 0);
    if status {
        cond.push(format!("a.status = ${}", next()));
    }
    if category {
        cond.push(format!("a.primary_category_id = ${}", next()));
    }
    if author {
        cond.push(format!("a.created_by = ${}", next()));
    }
    let words = crate::search_index::beginnings(db, &f.words);
    if !f.words.is_empty() {
        cond.push(crate::search_index::matching_ids_sql(db).replace("$4", &format!("${}", next())));
    }
    let cond = if cond.is_empty() { String::new() } else { format!("WHERE {} ", cond.join(" AND ")) };
    let (l, o) = (next(), next());
    let sql = format!(
        "SELECT a.id, a.title, a.status, a.published_at, a.updated_at, c.name AS category, \
         COALESCE(u.display_name, '') AS created_by FROM articles a JOIN categories c ON c.id = a.primary_category_id \
         LEFT JOIN users u ON u.id = a.created_by WHERE a.id IN (SELECT a.id FROM articles a {cond}\
         ORDER BY a.updated_at DESC, a.id DESC LIMIT ${l} OFFSET ${o}) ORDER BY a.updated_at DESC, a.id DESC"
    );
    let count = format!("SELECT COUNT(*) FROM articles a {cond}");
    macro_rules! bound {
        ($q:expr) => {{
            let mut q = $q;
            if status {
                q = q.bind(&f.status);
            }
            if category {
                q = q.bind(f.category_id);
            }
            if author {
                q = q.bind(f.created_by);
            }
            if !f.words.is_empty() {
                q = q.bind(&words);
            }
            q
        }};
    }
    let (rows, total): (Vec<ListRow>, i64) = on_pool!(db, p => {
        let rows = bound!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))).bind(limit).bind(offset).fetch_all(p).await?;
        let total = bound!(sqlx::query_scalar(sqlx::AssertSqlSafe(count.clone()))).fetch_one(p).await?;
        (rows, total)
    });
    let rows = rows
        .into_iter()
        .map(|r| {
            Ok(Row {
                id: r.id,
                title: r.title,
                status: known(ArticleStatus::parse(&r.status), "trạng thái bài viết", &r.status)?,
                published_at: r.published_at,
                updated_at: r.updated_at,
                category: r.category,
                created_by: r.created_by,
            })
        })
        .collect::<Result<_>>()?;
    Ok((rows, total))
}

row! {
    struct ListRow {
        id: i64,
        title: String,
        status: String,
        published_at: i64,
        updated_at: i64,
        category: String,
        created_by: String,
    }
}

/// What an editor fills in.
#[derive(Debug, Clone)]
pub struct Draft {
    pub title: String,
    pub slug: String,
    pub lead: String,
    pub body: SafeHtml,
    pub author: String,
    pub source: String,
    pub image_url: Option<String>,
    pub image_alt: String,
    pub image_caption: String,
    pub category_ids: Vec<i64>,
    pub tags: Vec<String>,
    pub featured: bool,
    pub published_at: i64,
    pub expires_at: Option<i64>,
}

fn snapshot(d: &Draft) -> String {
    serde_json::json!({
        "title": d.title, "lead": d.lead, "author": d.author, "source": d.source, "categories": d.category_ids,
        "featured": d.featured, "published_at": d.published_at, "expires_at": d.expires_at,
        "body_chars": d.body.as_str().chars().count(),
    })
    .to_string()
}

macro_rules! save_relations {
    ($tx:expr, $id:expr, $d:expr) => {{
        sqlx::query("DELETE FROM article_categories WHERE article_id = $1").bind($id).execute(&mut *$tx).await?;
        for cat in &$d.category_ids {
            sqlx::query("INSERT INTO article_categories (article_id, category_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind($id).bind(cat).execute(&mut *$tx).await?;
        }
        sqlx::query("DELETE FROM article_tags WHERE article_id = $1").bind($id).execute(&mut *$tx).await?;
        for name in &$d.tags {
            let slug = slugify(name);
            if slug.is_empty() {
                continue;
            }
            let tag_id: i64 = sqlx::query_scalar(
                "INSERT INTO tags (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id",
            ).bind(&slug).bind(nfc(name.trim())).fetch_one(&mut *$tx).await?;
            sqlx::query("INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind($id).bind(tag_id).execute(&mut *$tx).await?;
        }
    }};
}

macro_rules! add_revision {
    ($tx:expr, $id:expr, $d:expr, $user_id:expr, $now:expr, $note:expr) => {{
        let number: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM article_revisions WHERE article_id = $1")
            .bind($id).fetch_one(&mut *$tx).await?;
        sqlx::query("INSERT INTO article_revisions (article_id, number, title, lead, body_html, author, source, saved_by, saved_at, note) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
            .bind($id).bind(number).bind(&$d.title).bind(&$d.lead).bind($d.body.as_str()).bind(&$d.author).bind(&$d.source)
            .bind($user_id).bind($now).bind($note)
            .execute(&mut *$tx).await?;
        number
    }};
}

fn normalise(d: &mut Draft) -> Result<()> {
    d.title = nfc(d.title.trim());
    d.lead = nfc(d.lead.trim());
    d.author = nfc(d.author.trim());
    d.source = nfc(d.source.trim());
    d.slug = slugify(if d.slug.trim().is_empty() { &d.title } else { &d.slug });
    if d.category_ids.is_empty() {
        return Err(StoreError::Invalid("bài viết phải thuộc ít nhất một chuyên mục".into()));
    }
    Ok(())
}

/// Creates a draft (revision 1). Returns its id.
pub async fn create(tx: &mut Tx, mut d: Draft) -> Result<i64> {
    normalise(&mut d)?;
    let search = index_text(&d.title, &d.lead, d.body.as_str());
    let sql = "INSERT INTO articles (slug, title, lead, body_html, author, source, image_url, image_alt, image_caption, \
               status, featured, primary_category_id, published_at, expires_at, created_at, updated_at, search_text, created_by, edited_by) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11, $12, $13, $14, $14, $15, $16, $16) RETURNING id";
    let (now, user_id) = (tx.now(), tx.actor().user_id);
    let id = on_tx!(tx, c => {
        let id: i64 = sqlx::query_scalar(sql)
            .bind(&d.slug).bind(&d.title).bind(&d.lead).bind(d.body.as_str()).bind(&d.author).bind(&d.source)
            .bind(&d.image_url).bind(&d.image_alt).bind(&d.image_caption).bind(d.featured).bind(d.category_ids[0])
            .bind(d.published_at).bind(d.expires_at).bind(now).bind(&search).bind(user_id)
            .fetch_one(&mut *c).await?;
        save_relations!(c, id, d);
        add_revision!(c, id, d, user_id, now, "Tạo bài");
        id
    });
    crate::search_index::put(tx, id, &search).await?;
    tx.audit(Change::new("create", "article", Some(id), d.title.clone()).after(snapshot(&d)));
    tx.touches_portal();
    Ok(id)
}

/// Result of a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Saved as this new version.
    Ok { version: i64, revision: i64 },
    /// Someone saved the article after the editor opened it.
    Conflict { current_version: i64, updated_at: i64 },
}

/// Saves an edit made on `expected_version`; keeps a revision. An approval
/// belongs to the text that was approved: editing an approved article sends
/// it back to "submitted" for a new approval. A change waiting for approval
/// (`article_changes`) is overtaken by this one.
pub async fn update(tx: &mut Tx, id: i64, expected_version: i64, mut d: Draft, note: &str) -> Result<Saved> {
    normalise(&mut d)?;
    let search = index_text(&d.title, &d.lead, d.body.as_str());
    let sql = "UPDATE articles SET slug = $1, title = $2, lead = $3, body_html = $4, author = $5, source = $6, image_url = $7, \
               image_alt = $8, image_caption = $9, featured = $10, primary_category_id = $11, published_at = $12, \
               expires_at = $13, updated_at = $14, search_text = $15, version = version + 1, edited_by = $18, \
               status = CASE WHEN status = 'approved' THEN 'submitted' ELSE status END, \
               review_note = CASE WHEN status = 'approved' THEN $19 ELSE review_note END, \
               pending_draft = NULL, pending_state = '', pending_by = NULL, pending_at = NULL \
               WHERE id = $16 AND version = $17";
    let (now, user_id) = (tx.now(), tx.actor().user_id);
    let outcome = on_tx!(tx, c => {
        let before: Option<(String, String, String, i64, i64)> = sqlx::query_as("SELECT title, lead, status, version, updated_at FROM articles WHERE id = $1")
            .bind(id).fetch_optional(&mut *c).await?;
        let Some((old_title, old_lead, old_status, current_version, updated_at)) = before else {
            return Err(StoreError::Invalid("bài viết không tồn tại".into()));
        };
        let n = sqlx::query(sql)
            .bind(&d.slug).bind(&d.title).bind(&d.lead).bind(d.body.as_str()).bind(&d.author).bind(&d.source)
            .bind(&d.image_url).bind(&d.image_alt).bind(&d.image_caption).bind(d.featured).bind(d.category_ids[0])
            .bind(d.published_at).bind(d.expires_at).bind(now).bind(&search).bind(id).bind(expected_version)
            .bind(user_id).bind(SENT_BACK_NOTE)
            .execute(&mut *c).await?.rows_affected();
        if n == 0 {
            Err(Saved::Conflict { current_version, updated_at })
        } else {
            save_relations!(c, id, d);
            let revision = add_revision!(c, id, d, user_id, now, note);
            Ok((revision, serde_json::json!({"title": old_title, "lead": old_lead, "status": old_status}).to_string()))
        }
    });
    match outcome {
        Err(conflict) => Ok(conflict),
        Ok((revision, before)) => {
            crate::search_index::put(tx, id, &search).await?;
            tx.audit(Change::new("update", "article", Some(id), d.title.clone()).before(before).after(snapshot(&d)));
            tx.touches_portal();
            Ok(Saved::Ok { version: expected_version + 1, revision })
        }
    }
}

/// The review note an approved article gets when it is edited again.
pub const SENT_BACK_NOTE: &str = "Bài đã được sửa sau khi duyệt: cần duyệt lại nội dung mới.";

/// Whether `role` may take `action` on articles whose primary category is
/// `category_id`. On one's own text (`own_text`) only a rule that says so
/// explicitly allows it.
pub async fn rule_allows(db: &Db, role: &str, action: Action, category_id: i64, own_text: bool) -> Result<bool> {
    let n: i64 = on_pool!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM workflow_rules WHERE role = $1 AND action = $2 AND (category_id IS NULL OR category_id = $3) \
         AND (own_text OR NOT $4)"
    ).bind(role).bind(action.as_str()).bind(category_id).bind(own_text).fetch_one(p).await?);
    Ok(n > 0)
}

/// Moves an article along one workflow arrow, if it is still in `from`.
/// `publish_at` sets the publication time when publishing. Returns false when
/// someone moved it first.
pub async fn transition(
    tx: &mut Tx,
    id: i64,
    action: Action,
    (from, to): (ArticleStatus, ArticleStatus),
    note: &str,
    publish_at: Option<i64>,
) -> Result<bool> {
    let now = tx.now();
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE articles SET status = $1, review_note = $2, published_at = COALESCE($3, published_at), updated_at = $4, \
         version = version + 1 WHERE id = $5 AND status = $6"
    ).bind(to.as_str()).bind(note).bind(publish_at).bind(now).bind(id).bind(from.as_str())
     .execute(&mut *c).await?.rows_affected());
    if n == 0 {
        return Ok(false);
    }
    let before = serde_json::json!({"status": from.as_str()}).to_string();
    let after = serde_json::json!({"status": to.as_str(), "note": note, "published_at": publish_at}).to_string();
    tx.audit(Change::new(action.as_str(), "article", Some(id), action.label()).before(before).after(after));
    tx.touches_portal();
    Ok(true)
}

row! {
    /// A saved version of an article.
    #[derive(Debug, Clone)]
    pub struct Revision {
        pub number: i64,
        pub title: String,
        pub lead: String,
        pub body_html: String,
        pub author: String,
        pub source: String,
        /// Who saved it (empty when the account is gone).
        pub saved_by: String,
        pub saved_at: i64,
        pub note: String,
    }
}

macro_rules! revision_select {
    () => {
        "SELECT r.number, r.title, r.lead, r.body_html, r.author, r.source, COALESCE(u.display_name, '') AS saved_by, \
         r.saved_at, r.note FROM article_revisions r LEFT JOIN users u ON u.id = r.saved_by WHERE r.article_id = $1 "
    };
}

pub async fn revisions(db: &Db, article_id: i64) -> Result<Vec<Revision>> {
    Ok(on_pool!(db, p => sqlx::query_as(concat!(revision_select!(), "ORDER BY r.number DESC"))
        .bind(article_id).fetch_all(p).await?))
}

pub async fn revision_by_number(db: &Db, article_id: i64, number: i64) -> Result<Option<Revision>> {
    Ok(on_pool!(db, p => sqlx::query_as(concat!(revision_select!(), "AND r.number = $2"))
        .bind(article_id).bind(number).fetch_optional(p).await?))
}

/// Category ids and tag names of an article, for the edit form.
pub async fn relations(db: &Db, article_id: i64) -> Result<(Vec<i64>, Vec<String>)> {
    let cats = crate::portal::article_category_ids(db, article_id).await?;
    let tags = crate::portal::article_tags(db, article_id).await?.into_iter().map(|(_, n)| n).collect();
    Ok((cats, tags))
}

/// Counts per state, for the dashboard.
pub async fn counts_by_status(db: &Db, created_by: i64) -> Result<Vec<(String, i64)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT status, COUNT(*) FROM articles WHERE ($1 = 0 OR created_by = $1) GROUP BY status ORDER BY status"
    ).bind(created_by).fetch_all(p).await?))
}

/// Reads an article for the back office (any state).
pub async fn article(db: &Db, id: i64) -> Result<Option<Article>> {
    crate::portal::article(db, id).await
}

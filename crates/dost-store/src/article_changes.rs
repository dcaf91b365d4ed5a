//! A change to a live article that waits for approval: the whole draft is
//! kept beside the article (as JSON) while the portal goes on showing the
//! article as it was published. The change is approved (by someone other
//! than its author, unless a workflow rule allows one's own text), then
//! published, which writes it into the article like any edit; or it is
//! returned and dropped. Every step is audited and the revision history keeps
//! the proposed text.

use dost_domain::html::SafeHtml;

use crate::db::on_pool;
use crate::editorial::{Draft, Saved};
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result, StoreError};

/// Where a waiting change stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Saved, waiting for an approver.
    Submitted,
    /// Approved, waiting to be published.
    Approved,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Approved => "approved",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [Self::Submitted, Self::Approved].into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Submitted => "Bản sửa chờ duyệt",
            Self::Approved => "Bản sửa đã duyệt, chờ đăng",
        }
    }
}

/// A change waiting beside a live article.
#[derive(Debug, Clone)]
pub struct Pending {
    pub draft: Draft,
    pub state: State,
    /// Who proposed it (the account's id).
    pub by: Option<i64>,
    pub at: i64,
}

fn to_json(d: &Draft) -> String {
    serde_json::json!({
        "title": d.title, "slug": d.slug, "lead": d.lead, "body": d.body.as_str(), "author": d.author,
        "source": d.source, "image_url": d.image_url, "image_alt": d.image_alt, "image_caption": d.image_caption,
        "category_ids": d.category_ids, "tags": d.tags, "featured": d.featured, "published_at": d.published_at,
        "expires_at": d.expires_at,
    })
    .to_string()
}

fn from_json(text: &str) -> Option<Draft> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    Some(Draft {
        title: s("title")?,
        slug: s("slug")?,
        lead: s("lead")?,
        // sanitised again on the way back: what is stored is never trusted as HTML
        body: SafeHtml::sanitize(&s("body")?),
        author: s("author")?,
        source: s("source")?,
        image_url: s("image_url"),
        image_alt: s("image_alt")?,
        image_caption: s("image_caption")?,
        category_ids: v.get("category_ids")?.as_array()?.iter().filter_map(|x| x.as_i64()).collect(),
        tags: v.get("tags")?.as_array()?.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
        featured: v.get("featured")?.as_bool()?,
        published_at: v.get("published_at")?.as_i64()?,
        expires_at: v.get("expires_at").and_then(|x| x.as_i64()),
    })
}

/// The change waiting beside article `id`, if any.
pub async fn pending(db: &Db, id: i64) -> Result<Option<Pending>> {
    type Row = (Option<String>, String, Option<i64>, Option<i64>);
    let row: Option<Row> = on_pool!(db, p => sqlx::query_as(
        "SELECT pending_draft, pending_state, pending_by, pending_at FROM articles WHERE id = $1"
    ).bind(id).fetch_optional(p).await?);
    Ok(row.and_then(|(draft, state, by, at)| {
        Some(Pending { draft: from_json(&draft?)?, state: State::parse(&state)?, by, at: at.unwrap_or(0) })
    }))
}

/// Keeps `d` as a change to the live article `id` (made on
/// `expected_version`), waiting for approval; the article itself is not
/// changed. A newer proposal replaces an older one.
pub async fn propose(tx: &mut Tx, id: i64, expected_version: i64, d: Draft, note: &str) -> Result<Saved> {
    let (now, user_id, json) = (tx.now(), tx.actor().user_id, to_json(&d));
    let outcome = on_tx!(tx, c => {
        let current: Option<(i64, i64)> = sqlx::query_as("SELECT version, updated_at FROM articles WHERE id = $1")
            .bind(id).fetch_optional(&mut *c).await?;
        let Some((current_version, updated_at)) = current else {
            return Err(StoreError::Invalid("bài viết không tồn tại".into()));
        };
        let n = sqlx::query(
            "UPDATE articles SET pending_draft = $1, pending_state = 'submitted', pending_by = $2, pending_at = $3, \
             version = version + 1 WHERE id = $4 AND version = $5"
        ).bind(&json).bind(user_id).bind(now).bind(id).bind(expected_version).execute(&mut *c).await?.rows_affected();
        if n == 0 {
            None
        } else {
            let number: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM article_revisions WHERE article_id = $1")
                .bind(id).fetch_one(&mut *c).await?;
            sqlx::query("INSERT INTO article_revisions (article_id, number, title, lead, body_html, author, source, saved_by, saved_at, note) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .bind(id).bind(number).bind(&d.title).bind(&d.lead).bind(d.body.as_str()).bind(&d.author).bind(&d.source)
                .bind(user_id).bind(now).bind(format!("{note} (bản sửa chờ duyệt)"))
                .execute(&mut *c).await?;
            Some((number, current_version, updated_at))
        }
    });
    match outcome {
        None => {
            let (current_version, updated_at): (i64, i64) = on_tx!(tx, c => sqlx::query_as(
                "SELECT version, updated_at FROM articles WHERE id = $1"
            ).bind(id).fetch_one(&mut *c).await?);
            Ok(Saved::Conflict { current_version, updated_at })
        }
        Some((revision, _, _)) => {
            tx.audit(Change::new("propose", "article", Some(id), format!("Bản sửa chờ duyệt: {}", d.title)));
            Ok(Saved::Ok { version: expected_version + 1, revision })
        }
    }
}

/// Marks the waiting change approved; `false` when there is none in `from`.
pub async fn approve(tx: &mut Tx, id: i64) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE articles SET pending_state = 'approved', version = version + 1 WHERE id = $1 AND pending_state = 'submitted'"
    ).bind(id).execute(&mut *c).await?.rows_affected());
    if n > 0 {
        tx.audit(Change::new("approve", "article", Some(id), "Duyệt bản sửa của bài đang đăng"));
    }
    Ok(n > 0)
}

/// Writes the approved change into the live article (as an edit, with a
/// revision); `false` when no approved change waits.
pub async fn publish(tx: &mut Tx, id: i64) -> Result<bool> {
    let row: Option<(Option<String>, String, i64)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT pending_draft, pending_state, version FROM articles WHERE id = $1"
    ).bind(id).fetch_optional(&mut *c).await?);
    let Some((Some(text), state, version)) = row else { return Ok(false) };
    if State::parse(&state) != Some(State::Approved) {
        return Ok(false);
    }
    let draft = from_json(&text).ok_or_else(|| StoreError::Invalid("bản sửa chờ duyệt không đọc được".into()))?;
    let saved = crate::editorial::update(tx, id, version, draft, "Đăng bản sửa đã duyệt").await?;
    Ok(matches!(saved, Saved::Ok { .. }))
}

/// Returns the waiting change to its author: dropped (its text stays in the
/// revisions); `false` when there is none.
pub async fn give_back(tx: &mut Tx, id: i64, note: &str) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE articles SET pending_draft = NULL, pending_state = '', pending_by = NULL, pending_at = NULL, \
         version = version + 1 WHERE id = $1 AND pending_draft IS NOT NULL"
    ).bind(id).execute(&mut *c).await?.rows_affected());
    if n > 0 {
        tx.audit(Change::new("return", "article", Some(id), format!("Trả lại bản sửa của bài đang đăng: {note}")));
    }
    Ok(n > 0)
}

//! What the public sends and how staff handle it: comments on drafts open
//! for comment (moderated before they show) and questions (routed to a
//! unit, answered, approved, published). The drafts themselves are kept
//! through the register "Dự thảo lấy ý kiến" (`dost_domain::registers`).

mod questions;

use chrono::NaiveDate;
use dost_domain::participation::Sent;

use crate::db::on_pool;
use crate::row::row;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};

pub use questions::*;

row! {
    /// A draft open (or once open) for comment.
    #[derive(Debug, Clone)]
    pub struct Draft {
        pub id: i64,
        pub title: String,
        pub unit: String,
        pub opens_on: NaiveDate,
        pub closes_on: NaiveDate,
        pub summary: String,
        pub file: String,
        pub result: String,
        /// Comments shown on the portal.
        pub shown: i64,
        /// Comments received (shown, waiting or refused).
        pub received: i64,
    }
}

const DRAFT: &str = "SELECT d.id, d.title, COALESCE(u.name, '') AS unit, d.opens_on, d.closes_on, d.summary, d.file, d.result, \
     (SELECT COUNT(*) FROM draft_comments c WHERE c.draft_id = d.id AND c.state = 'da_duyet') AS shown, \
     (SELECT COUNT(*) FROM draft_comments c WHERE c.draft_id = d.id) AS received \
     FROM drafts d LEFT JOIN units u ON u.id = d.unit_id";

/// Every published draft, the latest window first.
pub async fn drafts(db: &Db) -> Result<Vec<Draft>> {
    let sql = format!("{DRAFT} WHERE d.approved = TRUE ORDER BY d.closes_on DESC, d.id DESC");
    Ok(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).fetch_all(p).await?))
}

/// A published draft.
pub async fn draft(db: &Db, id: i64) -> Result<Option<Draft>> {
    let sql = format!("{DRAFT} WHERE d.id = $1 AND d.approved = TRUE");
    Ok(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(p).await?))
}

row! {
    /// A comment on a draft.
    #[derive(Debug, Clone)]
    pub struct Comment {
        pub id: i64,
        pub draft_id: i64,
        pub draft_title: String,
        pub name: String,
        pub organisation: String,
        pub email: String,
        pub body: String,
        pub created_at: i64,
        pub state: String,
        pub moderated_by: String,
    }
}

const COMMENT: &str = "SELECT c.id, c.draft_id, d.title AS draft_title, c.name, c.organisation, c.email, c.body, \
     c.created_at, c.state, c.moderated_by FROM draft_comments c JOIN drafts d ON d.id = c.draft_id";

/// The comments shown under a draft, oldest first.
pub async fn shown_comments(db: &Db, draft_id: i64) -> Result<Vec<Comment>> {
    let sql = format!("{COMMENT} WHERE c.draft_id = $1 AND c.state = 'da_duyet' ORDER BY c.created_at, c.id");
    Ok(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(draft_id).fetch_all(p).await?))
}

/// The comments in a state (`cho_duyet`, `da_duyet`, `tu_choi`), newest first (at most 500).
pub async fn comments_in(db: &Db, state: &str) -> Result<Vec<Comment>> {
    let sql = format!("{COMMENT} WHERE c.state = $1 ORDER BY c.created_at DESC, c.id DESC LIMIT 500");
    Ok(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(state).fetch_all(p).await?))
}

/// Keeps a comment someone sent, waiting for moderation.
pub async fn add_comment(tx: &mut Tx, draft_id: i64, s: &Sent, client: &str) -> Result<i64> {
    let now = tx.now();
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO draft_comments (draft_id, name, organisation, email, body, created_at, client) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
    ).bind(draft_id).bind(&s.name).bind(&s.organisation).bind(&s.email).bind(&s.body).bind(now).bind(client)
     .fetch_one(&mut *c).await?);
    tx.audit(Change::new(
        "comment",
        "draft_comment",
        Some(id),
        format!("Ý kiến của {} về dự thảo số {draft_id}", s.name),
    ));
    Ok(id)
}

/// Shows (`approve`) or refuses a comment; the moderator is the transaction's actor.
/// False when there is no such comment.
pub async fn moderate(tx: &mut Tx, id: i64, approve: bool) -> Result<bool> {
    let (now, who) = (tx.now(), tx.actor().username.clone());
    let state = if approve { "da_duyet" } else { "tu_choi" };
    let before: Option<String> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT state FROM draft_comments WHERE id = $1"
    ).bind(id).fetch_optional(&mut *c).await?);
    let Some(before) = before else { return Ok(false) };
    on_tx!(tx, c => {
        sqlx::query("UPDATE draft_comments SET state = $1, moderated_by = $2, moderated_at = $3 WHERE id = $4")
            .bind(state).bind(&who).bind(now).bind(id).execute(&mut *c).await?;
    });
    tx.audit(
        Change::new(
            "moderate",
            "draft_comment",
            Some(id),
            format!("Ý kiến số {id}: {}", if approve { "đăng" } else { "không đăng" }),
        )
        .before(before.clone())
        .after(state),
    );
    if approve || before == "da_duyet" {
        tx.touches_portal();
    }
    Ok(true)
}

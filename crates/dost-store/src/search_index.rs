//! The word index of articles (SQLite FTS5, PostgreSQL `tsvector` with GIN),
//! fed the same words on both engines so both find the same articles. The
//! index holds every article whatever its status; what the public may see is
//! decided by the caller.

use dost_domain::search::{index_words, title_of_index_text};

use crate::tx::Conn;
use crate::{Db, Result, Tx};

/// Writes (or rewrites) the index of one article from its folded text
/// ([`dost_domain::search::index_text`]), in the transaction that saves it.
pub(crate) async fn put(tx: &mut Tx, article_id: i64, search_text: &str) -> Result<()> {
    let title = index_words(title_of_index_text(search_text));
    let words = index_words(search_text);
    match &mut tx.conn {
        Conn::Sqlite(c) => {
            let tables = [
                ("INSERT OR REPLACE INTO article_title_words (rowid, words) VALUES ($1, $2)", &title),
                ("INSERT OR REPLACE INTO article_words (rowid, words) VALUES ($1, $2)", &words),
            ];
            for (sql, text) in tables {
                sqlx::query(sql).bind(article_id).bind(text).execute(&mut **c).await?;
            }
        }
        Conn::Postgres(c) => put_postgres(c, article_id, &title, &words).await?,
    }
    Ok(())
}

/// The PostgreSQL side of [`put`], also for a copy into PostgreSQL.
pub(crate) async fn put_postgres(c: &mut sqlx::PgConnection, article_id: i64, title: &str, words: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO article_words (article_id, title, words) \
         VALUES ($1, to_tsvector('simple', $2), to_tsvector('simple', $3)) \
         ON CONFLICT (article_id) DO UPDATE SET title = EXCLUDED.title, words = EXCLUDED.words",
    )
    .bind(article_id)
    .bind(title)
    .bind(words)
    .execute(c)
    .await?;
    Ok(())
}

/// Writes the PostgreSQL index of one article from its folded text.
pub(crate) async fn put_postgres_text(c: &mut sqlx::PgConnection, article_id: i64, search_text: &str) -> Result<()> {
    put_postgres(c, article_id, &index_words(title_of_index_text(search_text)), &index_words(search_text)).await
}

/// Where to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    /// Title, lead and body.
    Text,
}

/// How the words must stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Words {
    /// Each word starts a word of the field.
    Beginnings,
    /// Each word is a whole word of the field.
    Whole,
    /// The words, whole, next to each other in order (titles only: the index
    /// of whole texts keeps no positions; asked of it, every word whole).
    Phrase,
}

/// The index's query for folded words (letters and digits only, as
/// [`dost_domain::search::Query`] makes them, so nothing in them is syntax).
fn expression(db: &Db, terms: &[String], words: Words) -> String {
    match (db, words) {
        (Db::Sqlite(_), Words::Beginnings) => terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" "),
        (Db::Sqlite(_), Words::Whole) => terms.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" "),
        (Db::Sqlite(_), Words::Phrase) => format!("\"{}\"", terms.join(" ")),
        (Db::Postgres(_), Words::Beginnings) => terms.iter().map(|t| format!("{t}:*")).collect::<Vec<_>>().join(" & "),
        (Db::Postgres(_), Words::Whole) => terms.join(" & "),
        (Db::Postgres(_), Words::Phrase) => terms.join(" <-> "),
    }
}

/// The index query for articles where each of `terms` starts a word.
pub fn beginnings(db: &Db, terms: &[String]) -> String {
    expression(db, terms, Words::Beginnings)
}

/// A condition on `a.id` keeping the articles whose text matches the index
/// query bound as `$4` (see [`beginnings`]).
pub(crate) fn matching_ids_sql(db: &Db) -> &'static str {
    match db {
        Db::Sqlite(_) => "AND a.id IN (SELECT rowid FROM article_words WHERE article_words MATCH $4) ",
        Db::Postgres(_) => {
            "AND a.id IN (SELECT article_id FROM article_words WHERE words @@ to_tsquery('simple', $4)) "
        }
    }
}

/// Ids of every article (any status) whose `field` holds `terms` as `words` say.
/// They come back as one aggregate, not a row each: a common word matches
/// most of the articles, and rows one by one would cost more than the lookup.
pub async fn ids(db: &Db, field: Field, words: Words, terms: &[String]) -> Result<Vec<i64>> {
    if terms.is_empty() || terms.iter().any(|t| t.is_empty() || !t.chars().all(char::is_alphanumeric)) {
        return Ok(Vec::new());
    }
    let words = if field == Field::Text && words == Words::Phrase { Words::Whole } else { words };
    let expr = expression(db, terms, words);
    match db {
        Db::Sqlite(s) => {
            let sql = match field {
                Field::Title => {
                    "SELECT group_concat(rowid) FROM article_title_words WHERE article_title_words MATCH $1"
                }
                Field::Text => "SELECT group_concat(rowid) FROM article_words WHERE article_words MATCH $1",
            };
            let list: Option<String> = sqlx::query_scalar(sql).bind(&expr).fetch_one(&s.pool).await?;
            Ok(list.as_deref().unwrap_or("").split(',').filter_map(|id| id.parse().ok()).collect())
        }
        Db::Postgres(p) => {
            let sql = match field {
                Field::Title => {
                    "SELECT array_agg(article_id) FROM article_words WHERE title @@ to_tsquery('simple', $1)"
                }
                Field::Text => {
                    "SELECT array_agg(article_id) FROM article_words WHERE words @@ to_tsquery('simple', $1)"
                }
            };
            // The words live out of line (TOAST), so the planner thinks reading
            // every row cheap and skips the GIN index; at 100.000 articles
            // that scan takes half a second. This query always takes the index.
            let mut tx = p.begin().await?;
            sqlx::query("SET LOCAL enable_seqscan = off").execute(&mut *tx).await?;
            let list: Option<Vec<i64>> = sqlx::query_scalar(sql).bind(&expr).fetch_one(&mut *tx).await?;
            tx.commit().await?;
            Ok(list.unwrap_or_default())
        }
    }
}

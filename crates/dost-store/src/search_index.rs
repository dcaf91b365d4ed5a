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
    .execute(&mut *c)
    .await?;
    sqlx::query("DELETE FROM article_title_words_places WHERE article_id = $1")
        .bind(article_id)
        .execute(&mut *c)
        .await?;
    sqlx::query(
        "INSERT INTO article_title_words_places (word, article_id, places) \
         SELECT u.lexeme, $1, (SELECT COALESCE(SUM(1::BIGINT << (p - 1)), 0) FROM unnest(u.positions) p WHERE p <= 63) \
         FROM unnest(to_tsvector('simple', $2)) u",
    )
    .bind(article_id)
    .bind(title)
    .execute(&mut *c)
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
}

/// The index's query for folded words (letters and digits only, as
/// [`dost_domain::search::Query`] makes them, so nothing in them is syntax).
fn expression(db: &Db, terms: &[String], words: Words) -> String {
    match (db, words) {
        (Db::Sqlite(_), Words::Beginnings) => terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" "),
        (Db::Sqlite(_), Words::Whole) => terms.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" "),
        (Db::Postgres(_), Words::Beginnings) => terms.iter().map(|t| format!("{t}:*")).collect::<Vec<_>>().join(" & "),
        (Db::Postgres(_), Words::Whole) => terms.join(" & "),
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
        Db::Sqlite(_) => "a.id IN (SELECT rowid FROM article_words WHERE article_words MATCH $4)",
        Db::Postgres(_) => "a.id IN (SELECT article_id FROM article_words WHERE words @@ to_tsquery('simple', $4))",
    }
}

/// Ids of every article (any status) whose `field` holds `terms` as `words` say.
/// They come back as one aggregate, not a row each: a common word matches
/// most of the articles, and rows one by one would cost more than the lookup.
pub async fn ids(db: &Db, field: Field, words: Words, terms: &[String]) -> Result<Vec<i64>> {
    if terms.is_empty() || terms.iter().any(|t| t.is_empty() || !t.chars().all(char::is_alphanumeric)) {
        return Ok(Vec::new());
    }
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

/// Where a whole word stands in titles: for every article (any status) whose
/// title has `term` as a whole word, a mask of its places among the title's
/// words (bit 0: the first word; words past the 63rd are not marked). From
/// the masks of each word, whether words stand together as typed is worked
/// out in memory ([`follows`]), identically on both engines.
pub async fn in_titles(db: &Db, term: &str) -> Result<Vec<(i64, u64)>> {
    if term.is_empty() || !term.chars().all(char::is_alphanumeric) {
        return Ok(Vec::new());
    }
    match db {
        Db::Sqlite(s) => {
            // each instance of the word, read off the titles' index by fts5vocab
            // (in order of article), gathered into one mask per article here
            let list: Option<String> = sqlx::query_scalar(
                "SELECT group_concat(doc || ' ' || \"offset\") FROM article_title_words_instances \
                 WHERE term = $1 AND \"offset\" < 63",
            )
            .bind(term)
            .fetch_one(&s.pool)
            .await?;
            let mut out: Vec<(i64, u64)> = Vec::new();
            for (id, at) in list.as_deref().unwrap_or("").split(',').filter_map(|pair| {
                let (id, at) = pair.split_once(' ')?;
                Some((id.parse::<i64>().ok()?, at.parse::<u32>().ok()?))
            }) {
                match out.last_mut() {
                    Some((last, mask)) if *last == id => *mask |= 1 << at,
                    _ => out.push((id, 1 << at)),
                }
            }
            Ok(out)
        }
        Db::Postgres(p) => {
            let (ids, masks): (Option<Vec<i64>>, Option<Vec<i64>>) = sqlx::query_as(
                "SELECT array_agg(article_id), array_agg(places) FROM article_title_words_places WHERE word = $1",
            )
            .bind(term)
            .fetch_one(p)
            .await?;
            Ok(ids
                .unwrap_or_default()
                .into_iter()
                .zip(masks.unwrap_or_default().into_iter().map(|m| m as u64))
                .collect())
        }
    }
}

/// Whether words whose places in a title are `masks` (see [`in_titles`])
/// stand there next to each other in this order.
pub fn follows(masks: impl IntoIterator<Item = u64>) -> bool {
    let mut masks = masks.into_iter();
    let Some(mut ends) = masks.next() else { return false };
    for next in masks {
        ends = (ends << 1) & next;
    }
    ends != 0
}

/// The way words are fed to the index; raised when [`index_words`] changes,
/// so the articles it changes are indexed again once.
pub const WORDS_VERSION: i64 = 2;

/// Indexes again, once, the articles whose words [`WORDS_VERSION`] feeds
/// differently (version 2: short words joined by `&` or `-` are also
/// indexed joined). Returns how many.
pub async fn refresh_words(db: &Db) -> Result<usize> {
    let key = "search.words_version";
    let done: i64 = crate::portal::setting(db, key).await?.and_then(|v| v.parse().ok()).unwrap_or(1);
    if done >= WORDS_VERSION {
        return Ok(0);
    }
    let rows: Vec<(i64, String)> = crate::db::on_pool!(db, p => sqlx::query_as(
        "SELECT id, search_text FROM articles WHERE search_text LIKE '%&%' OR search_text LIKE '%-%' ORDER BY id"
    ).fetch_all(p).await?);
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    for chunk in rows.chunks(500) {
        let mut tx = db.begin_bookkeeping(now).await?;
        for (id, text) in chunk {
            put(&mut tx, *id, text).await?;
        }
        tx.commit().await?;
    }
    let mut tx = db.begin_bookkeeping(now).await?;
    crate::tx::on_tx!(tx, c => {
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key).bind(WORDS_VERSION.to_string()).execute(&mut *c).await?;
    });
    tx.touches_portal();
    tx.commit().await?;
    Ok(rows.len())
}

#[cfg(test)]
mod tests {
    use super::follows;

    #[test]
    fn words_follow_each_other_by_their_places() {
        // "khoa hoc va cong nghe khoa hoc": khoa 0 and 5, hoc 1 and 6, cong 3
        let (khoa, hoc, cong) = (0b100001, 0b1000010, 0b1000);
        assert!(follows([khoa, hoc]));
        assert!(!follows([hoc, khoa]), "in the order typed");
        assert!(!follows([khoa, cong]));
        assert!(follows([khoa]) && !follows([]));
        assert!(follows([khoa, hoc, 0b10000000]), "khoa hoc at 5, 6 and a third word at 7");
        assert!(!follows([khoa, hoc, cong]), "the third word right after the pair");
    }
}

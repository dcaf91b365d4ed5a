//! The media library's records (the files live under the uploads folder).

use crate::db::on_pool;
use crate::row::row;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};

row! {
    /// A file of the media library.
    #[derive(Debug, Clone)]
    pub struct Media {
        pub id: i64,
        pub kind: String,
        pub file_path: String,
        pub thumb_path: Option<String>,
        pub original_name: String,
        pub mime: String,
        pub size_bytes: i64,
        pub width: i64,
        pub height: i64,
        pub alt: String,
        pub uploaded_at: i64,
    }
}

pub async fn insert(tx: &mut Tx, m: &Media) -> Result<i64> {
    let (now, user_id) = (tx.now(), tx.actor().user_id);
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO media (kind, file_path, thumb_path, original_name, mime, size_bytes, width, height, alt, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"
    ).bind(&m.kind).bind(&m.file_path).bind(&m.thumb_path).bind(&m.original_name).bind(&m.mime).bind(m.size_bytes)
     .bind(m.width).bind(m.height).bind(&m.alt).bind(user_id).bind(now)
     .fetch_one(&mut *c).await?);
    let after = serde_json::json!({"file": m.file_path, "name": m.original_name, "bytes": m.size_bytes}).to_string();
    tx.audit(Change::new("upload", "media", Some(id), m.original_name.clone()).after(after));
    Ok(id)
}

/// The library's files of a kind (empty: every kind), the latest first.
pub async fn list(db: &Db, kind: &str, limit: i64, offset: i64) -> Result<Vec<Media>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT id, kind, file_path, thumb_path, original_name, mime, size_bytes, width, height, alt, uploaded_at FROM media \
         WHERE ($1 = '' OR kind = $1) ORDER BY uploaded_at DESC, id DESC LIMIT $2 OFFSET $3"
    ).bind(kind).bind(limit).bind(offset).fetch_all(p).await?))
}

/// The library's file at a path under the uploads folder (`tai-lieu/x.docx`).
pub async fn by_path(db: &Db, file_path: &str) -> Result<Option<Media>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT id, kind, file_path, thumb_path, original_name, mime, size_bytes, width, height, alt, uploaded_at FROM media \
         WHERE file_path = $1"
    ).bind(file_path).fetch_optional(p).await?))
}

/// Keeps the text of a document (folded for search), read when it was uploaded.
pub async fn set_body_text(tx: &mut Tx, id: i64, text: &str) -> Result<()> {
    let folded = dost_domain::text::fold(text);
    on_tx!(tx, c => { sqlx::query("UPDATE media SET body_text = $1 WHERE id = $2").bind(folded).bind(id).execute(&mut *c).await?; });
    Ok(())
}

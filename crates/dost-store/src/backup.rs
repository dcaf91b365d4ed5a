//! The database side of backups: a consistent snapshot of a live SQLite
//! database, its check, and whether a database is empty.

use std::path::Path;

use crate::{Db, Result, StoreError};

/// Writes a snapshot of the live SQLite database to `to` with `VACUUM INTO`:
/// one read transaction, so writers go on meanwhile and the copy holds
/// exactly the commits before it began (those still in the WAL included).
pub async fn sqlite_snapshot(db: &Db, to: &Path) -> Result<()> {
    let Db::Sqlite(s) = db else {
        return Err(StoreError::Config("VACUUM INTO is for SQLite".into()));
    };
    let path = to.to_str().ok_or_else(|| StoreError::Config(format!("{} is not UTF-8", to.display())))?;
    sqlx::query("VACUUM INTO ?").bind(path).execute(&s.pool).await.map_err(StoreError::from)?;
    Ok(())
}

/// Opens a SQLite file alone and runs `PRAGMA integrity_check` on it.
pub async fn sqlite_check(file: &Path) -> Result<()> {
    use sqlx::Connection;
    let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(file).read_only(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&opts).await.map_err(StoreError::from)?;
    let verdict: String =
        sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut conn).await.map_err(StoreError::from)?;
    conn.close().await.map_err(StoreError::from)?;
    if verdict != "ok" {
        return Err(StoreError::Config(format!("the database copy is damaged: {verdict}")));
    }
    Ok(())
}

/// Whether the database holds no tables of its own yet.
pub async fn is_empty(db: &Db) -> Result<bool> {
    let n: i64 = match db {
        Db::Sqlite(s) => sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
            .fetch_one(&s.pool)
            .await
            .map_err(StoreError::from)?,
        Db::Postgres(p) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")
                .fetch_one(p)
                .await
                .map_err(StoreError::from)?
        }
    };
    Ok(n == 0)
}

/// The database's size in bytes (SQLite: pages × page size; PostgreSQL:
/// `pg_database_size`), for estimating a backup's size.
pub async fn size_bytes(db: &Db) -> Result<u64> {
    let n: i64 = match db {
        Db::Sqlite(s) => {
            sqlx::query_scalar("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
                .fetch_one(&s.pool)
                .await?
        }
        Db::Postgres(p) => sqlx::query_scalar("SELECT pg_database_size(current_database())").fetch_one(p).await?,
    };
    Ok(n.max(0) as u64)
}

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use crate::{Result, StoreError};

/// How long a writer waits for another process's write to finish (SQLite).
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Which engine a [`Db`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A pool on one of the two engines. Every query function takes `&Db` and runs
/// the same SQL text on whichever engine is behind it.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(Sqlite),
    Postgres(PgPool),
}

/// The SQLite pool and its write gate: SQLite has one writer at a time, so
/// writers of this process queue here (in order, without holding a pooled
/// connection) instead of polling the database lock.
#[derive(Clone, Debug)]
pub struct Sqlite {
    pub pool: SqlitePool,
    pub(crate) gate: Arc<tokio::sync::Mutex<()>>,
}

/// Runs the same block with the concrete pool of either engine bound to `$p`.
macro_rules! on_pool {
    ($db:expr, $p:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite(s) => {
                let $p = &s.pool;
                $body
            }
            $crate::Db::Postgres($p) => $body,
        }
    };
}
pub(crate) use on_pool;

impl Db {
    /// Opens PostgreSQL when `database_url` starts with `postgres://` or
    /// `postgresql://`, otherwise the SQLite file `dost.db` in `data_dir`.
    pub async fn open(database_url: Option<&str>, data_dir: &Path) -> Result<Self> {
        match database_url {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Self::postgres(url).await
            }
            Some(url) if url.starts_with("sqlite:") => {
                let opts = SqliteConnectOptions::from_str(url).map_err(|e| StoreError::Config(e.to_string()))?;
                Self::sqlite_with(opts).await
            }
            Some(other) if !other.is_empty() => Err(StoreError::Config(format!(
                "DATABASE_URL phải bắt đầu bằng postgres:// hoặc sqlite: (nhận được {:?})",
                other.split(':').next().unwrap_or_default()
            ))),
            _ => {
                std::fs::create_dir_all(data_dir)
                    .map_err(|e| StoreError::Config(format!("cannot create {}: {e}", data_dir.display())))?;
                Self::sqlite_file(&data_dir.join("dost.db")).await
            }
        }
    }

    pub async fn sqlite_file(path: &Path) -> Result<Self> {
        Self::sqlite_with(SqliteConnectOptions::new().filename(path)).await
    }

    async fn sqlite_with(opts: SqliteConnectOptions) -> Result<Self> {
        let opts = opts
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        // every acquisition reports its wait (at TRACE: free unless a
        // subscriber asks; dost's `/metrics` does)
        // A connection whose COMMIT failed after SQLite had already ended the
        // transaction (a full disk) cannot roll back, and sqlx would hand it
        // out again still "in a transaction", refusing every later BEGIN.
        // On its way back to the pool a connection first finishes what it
        // was told (the rollback of a dropped transaction: the ping waits for
        // it) and is closed if a transaction is still open on it.
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_time_level(log::LevelFilter::Trace)
            .after_release(|conn, _| {
                Box::pin(async move {
                    use sqlx::Connection;
                    conn.ping().await?;
                    Ok(!conn.is_in_transaction())
                })
            })
            .connect_with(opts)
            .await?;
        Ok(Self::Sqlite(Sqlite { pool, gate: Arc::new(tokio::sync::Mutex::new(())) }))
    }

    pub async fn postgres(url: &str) -> Result<Self> {
        let opts = PgConnectOptions::from_str(url).map_err(|e| StoreError::Config(e.to_string()))?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .acquire_time_level(log::LevelFilter::Trace)
            .connect_with(opts)
            .await?;
        Ok(Self::Postgres(pool))
    }

    pub fn engine(&self) -> Engine {
        match self {
            Self::Sqlite(_) => Engine::Sqlite,
            Self::Postgres(_) => Engine::Postgres,
        }
    }

    /// Closes the pool, waiting for connections to return.
    /// Connections open and idle in the pool (for the metrics).
    pub fn pool_status(&self) -> (u32, usize) {
        match self {
            Db::Sqlite(s) => (s.pool.size(), s.pool.num_idle()),
            Db::Postgres(p) => (p.size(), p.num_idle()),
        }
    }

    pub async fn close(&self) {
        on_pool!(self, p => p.close().await)
    }

    /// A cheap round trip, for readiness checks.
    pub async fn ping(&self) -> Result<()> {
        on_pool!(self, p => { sqlx::query("SELECT 1").execute(p).await?; });
        Ok(())
    }
}

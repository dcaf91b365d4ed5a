use std::collections::BTreeMap;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// Another writer held the database for longer than we wait; nothing was written.
    #[error("the database is busy with another change")]
    Busy,
    /// The disk holding the database is full; nothing was written.
    #[error("the database's disk is full")]
    DiskFull,
    /// The connection to the database broke (the server restarted, the
    /// network dropped): a read may be tried again at once.
    #[error("the connection to the database broke: {0}")]
    Connection(String),
    /// A unique rule of the schema refused the change: the table and the
    /// columns that must be unique (the web layer names the form's field).
    #[error("duplicate value in {table} ({})", columns.join(", "))]
    Duplicate { table: String, columns: Vec<String> },
    /// A write was about to be committed without saying what it changed.
    #[error("a change was committed without an audit entry")]
    Unaudited,
    #[error("migration {version} ({name}) failed: {source}")]
    Migration { version: i64, name: &'static str, source: sqlx::Error },
    #[error("invalid database setting: {0}")]
    Config(String),
    #[error("invalid data: {0}")]
    Invalid(String),
}

impl StoreError {
    /// Whether `table`'s unique rule over exactly `columns` refused the change.
    pub fn is_duplicate(&self, table: &str, columns: &[&str]) -> bool {
        matches!(self, Self::Duplicate { table: t, columns: c } if t == table && c.iter().map(String::as_str).eq(columns.iter().copied()))
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            if let Some(d) = duplicate(db.as_ref()) {
                return d;
            }
            if busy(db.as_ref()) {
                return Self::Busy;
            }
            if disk_full(db.as_ref()) {
                return Self::DiskFull;
            }
        }
        if matches!(e, sqlx::Error::PoolTimedOut) {
            return Self::Busy;
        }
        if broken_connection(&e) {
            return Self::Connection(e.to_string());
        }
        Self::Database(e)
    }
}

/// SQLite: "database is locked" / "busy"; PostgreSQL: lock timeouts,
/// deadlocks and serialization failures.
fn busy(db: &dyn sqlx::error::DatabaseError) -> bool {
    match db.code().as_deref() {
        // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes
        Some(code) if code.parse::<i64>().is_ok_and(|c| matches!(c & 0xff, 5 | 6)) => true,
        Some("55P03" | "40P01" | "40001") => true,
        _ => false,
    }
}

/// A connection that broke under the query: the socket, the protocol, or
/// PostgreSQL shutting down or refusing new work (57P01–57P03, class 08).
fn broken_connection(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_) | sqlx::Error::Protocol(_) | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            db.code().as_deref().is_some_and(|c| matches!(c, "57P01" | "57P02" | "57P03") || c.starts_with("08"))
        }
        _ => false,
    }
}

/// SQLite: SQLITE_FULL (with its extended codes); PostgreSQL: disk_full and
/// out of resources (the server could not extend a file).
fn disk_full(db: &dyn sqlx::error::DatabaseError) -> bool {
    match db.code().as_deref() {
        Some(code) if code.parse::<i64>().is_ok_and(|c| c & 0xff == 13) => true,
        Some("53100" | "53000") => true,
        _ => false,
    }
}

/// PostgreSQL's unique keys: constraint or index name → columns, read from
/// the catalogue once the schema is migrated (the same for every database
/// of this program).
static PG_UNIQUE_KEYS: std::sync::RwLock<BTreeMap<String, Vec<String>>> = std::sync::RwLock::new(BTreeMap::new());

pub(crate) fn remember_unique_keys(keys: Vec<(String, Vec<String>)>) {
    if let Ok(mut map) = PG_UNIQUE_KEYS.write() {
        map.extend(keys);
    }
}

/// The table and columns of a unique violation, by codes and names, never
/// by the message's words (which follow the server's language): SQLite's
/// extended code with "table.column" after its fixed English prefix,
/// PostgreSQL's SQLSTATE 23505 with the table and the constraint's name.
fn duplicate(db: &dyn sqlx::error::DatabaseError) -> Option<StoreError> {
    if db.kind() != sqlx::error::ErrorKind::UniqueViolation {
        return None;
    }
    if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
        let table = pg.table().unwrap_or_default().to_string();
        let columns = pg
            .constraint()
            .and_then(|c| PG_UNIQUE_KEYS.read().ok().and_then(|map| map.get(c).cloned()))
            .unwrap_or_default();
        return Some(StoreError::Duplicate { table, columns });
    }
    let list = db.message().split_once("constraint failed:")?.1;
    let mut table = String::new();
    let columns = list
        .split(',')
        .filter_map(|tc| tc.trim().split_once('.'))
        .map(|(t, c)| {
            table = t.to_string();
            c.to_string()
        })
        .collect();
    Some(StoreError::Duplicate { table, columns })
}

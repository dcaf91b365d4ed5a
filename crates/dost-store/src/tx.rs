//! The one way to change the database: a [`Tx`] is begun for an actor at a
//! time, passed explicitly to every store function that writes, and
//! committed once. On commit it writes exactly one audit row (the change the
//! functions described with [`Tx::audit`]) and, when the change is visible on
//! the portal, bumps the content version so that every instance's page cache
//! is dropped.
//!
//! On SQLite the transaction takes the write lock when it begins (`BEGIN
//! IMMEDIATE`): a transaction that first reads and later writes can then never
//! fail with "database is locked" half way; writers of this process queue on
//! an in-memory gate, other processes wait up to the busy timeout.

use sqlx::{Postgres, Sqlite, Transaction};

use crate::audit::{Actor, INSERT_AUDIT};
use crate::content::{BUMP_VERSION, STAMP_CHANGED_ARTICLES};
use crate::db::BUSY_TIMEOUT;
use crate::{Db, Result, StoreError};

/// What a write changed, for the audit log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// `create`, `update`, `delete`, `import`, or a step's own code.
    pub action: &'static str,
    /// The table or kind of record (`task`, `article`, a register's table…).
    pub entity: &'static str,
    pub entity_id: Option<i64>,
    /// One line for people ("Tạo nhiệm vụ …").
    pub summary: String,
    /// What the record held before and after, where it matters (JSON or text).
    pub before: String,
    pub after: String,
}

impl Change {
    pub fn new(action: &'static str, entity: &'static str, entity_id: Option<i64>, summary: impl Into<String>) -> Self {
        Self { action, entity, entity_id, summary: summary.into(), ..Default::default() }
    }

    pub fn before(mut self, before: impl Into<String>) -> Self {
        self.before = before.into();
        self
    }

    pub fn after(mut self, after: impl Into<String>) -> Self {
        self.after = after.into();
        self
    }
}

pub(crate) enum Conn {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Whether a transaction must describe its change for the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A record changed on someone's behalf: exactly one audit row.
    Audited,
    /// The system's own bookkeeping (visitor counts, votes, failed sign-ins):
    /// no audit row.
    Bookkeeping,
}

/// What a commit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Committed {
    /// The portal shows something new: page caches must be dropped.
    pub portal_changed: bool,
}

/// An open write transaction. Dropping it without [`Tx::commit`] rolls back.
pub struct Tx {
    pub(crate) conn: Conn,
    actor: Actor,
    now: i64,
    kind: Kind,
    changes: Vec<Change>,
    /// One entry standing for the whole change (an import of many records).
    summary: Option<Change>,
    visible: bool,
    _gate: Option<tokio::sync::OwnedMutexGuard<()>>,
}

/// Runs the same block with the open transaction's connection of either
/// engine bound to `$c` (a `&mut` connection: use it as `&mut *$c`).
macro_rules! on_tx {
    ($tx:expr, $c:ident => $body:expr) => {
        match &mut $tx.conn {
            $crate::tx::Conn::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::tx::Conn::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use on_tx;

impl Db {
    /// Begins a change made by `actor` at `now` (Unix seconds).
    pub async fn begin(&self, actor: &Actor, now: i64) -> Result<Tx> {
        self.begin_as(actor.clone(), now, Kind::Audited).await
    }

    /// Begins the system's own bookkeeping, which is not audited.
    pub async fn begin_bookkeeping(&self, now: i64) -> Result<Tx> {
        self.begin_as(Actor::system(), now, Kind::Bookkeeping).await
    }

    async fn begin_as(&self, actor: Actor, now: i64, kind: Kind) -> Result<Tx> {
        let (conn, gate) = match self {
            Db::Sqlite(s) => {
                let gate = tokio::time::timeout(BUSY_TIMEOUT * 3, s.gate.clone().lock_owned())
                    .await
                    .map_err(|_| StoreError::Busy)?;
                (Conn::Sqlite(s.pool.begin_with("BEGIN IMMEDIATE").await?), Some(gate))
            }
            Db::Postgres(p) => (Conn::Postgres(p.begin().await?), None),
        };
        Ok(Tx { conn, actor, now, kind, changes: Vec::new(), summary: None, visible: false, _gate: gate })
    }
}

impl Tx {
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn now(&self) -> i64 {
        self.now
    }

    /// Describes what this transaction changes (several descriptions are
    /// joined into the one audit row).
    pub fn audit(&mut self, change: Change) {
        self.changes.push(change);
    }

    /// Describes the whole change in one entry, in place of what the store
    /// functions described one record at a time (an import, the demo).
    pub fn summarise(&mut self, change: Change) {
        self.summary = Some(change);
    }

    /// The change shows on the public portal: drop every page cache on commit.
    pub fn touches_portal(&mut self) {
        self.visible = true;
    }

    /// Writes the audit row and the content version, then commits.
    pub async fn commit(mut self) -> Result<Committed> {
        if self.kind == Kind::Audited {
            let entry = match self.summary.take() {
                Some(s) if !self.changes.is_empty() => s,
                _ => merged(std::mem::take(&mut self.changes)).ok_or(StoreError::Unaudited)?,
            };
            let (actor, now) = (self.actor.clone(), self.now);
            on_tx!(self, c => {
                sqlx::query(INSERT_AUDIT)
                    .bind(now).bind(actor.user_id).bind(&actor.username).bind(&actor.ip)
                    .bind(entry.action).bind(entry.entity).bind(entry.entity_id)
                    .bind(&entry.summary).bind(&entry.before).bind(&entry.after).bind(&actor.unit)
                    .execute(&mut *c).await?;
            });
        }
        if self.visible {
            on_tx!(self, c => {
                let version: i64 = sqlx::query_scalar(BUMP_VERSION).fetch_one(&mut *c).await?;
                sqlx::query(STAMP_CHANGED_ARTICLES).bind(version).execute(&mut *c).await?;
            });
        }
        let portal_changed = self.visible;
        match self.conn {
            Conn::Sqlite(t) => t.commit().await?,
            Conn::Postgres(t) => t.commit().await?,
        }
        Ok(Committed { portal_changed })
    }
}

/// One audit entry for several described changes: the first names the action
/// and the record, the summaries are joined.
fn merged(mut changes: Vec<Change>) -> Option<Change> {
    if changes.len() <= 1 {
        return changes.pop();
    }
    let mut first = changes.remove(0);
    for c in changes {
        first.summary = format!("{}; {}", first.summary, c.summary);
        if !c.after.is_empty() {
            first.after = if first.after.is_empty() { c.after } else { format!("{}\n{}", first.after, c.after) };
        }
    }
    Some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_changes_make_one_entry() {
        assert_eq!(merged(vec![]), None);
        let one = Change::new("create", "task", Some(1), "Tạo");
        assert_eq!(merged(vec![one.clone()]), Some(one.clone()));
        let two = Change::new("create", "person", Some(2), "Người").after("x");
        let m = merged(vec![one, two]).unwrap();
        assert_eq!((m.action, m.entity, m.entity_id), ("create", "task", Some(1)));
        assert_eq!((m.summary.as_str(), m.after.as_str()), ("Tạo; Người", "x"));
    }

    /// A COMMIT that fails after the database ended the transaction itself
    /// (what a full disk does to SQLite) must not leave a connection that
    /// refuses every later write.
    #[tokio::test]
    async fn a_failed_commit_leaves_the_pool_healthy() {
        let dir = std::env::temp_dir().join(format!("dost-tx-{}-{}", std::process::id(), line!()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::sqlite_file(&dir.join("dost.db")).await.unwrap();
        crate::migrate::run(&db).await.unwrap();
        let mut tx = db.begin_bookkeeping(1).await.unwrap();
        on_tx!(tx, c => {
            sqlx::query("INSERT INTO settings (key, value) VALUES ('a', 'b')").execute(&mut *c).await.unwrap();
            // the database ends the transaction behind sqlx's back
            sqlx::query("ROLLBACK").execute(&mut *c).await.unwrap();
        });
        assert!(tx.commit().await.is_err(), "the COMMIT fails");
        for i in 0..20 {
            let mut tx = db.begin_bookkeeping(2).await.expect("a later transaction begins");
            on_tx!(tx, c => {
                sqlx::query("INSERT INTO settings (key, value) VALUES ($1, 'v')")
                    .bind(format!("k{i}"))
                    .execute(&mut *c)
                    .await
                    .unwrap();
            });
            tx.commit().await.expect("and commits");
        }
        db.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}

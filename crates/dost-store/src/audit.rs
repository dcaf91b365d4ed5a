//! The audit log: who changed what, when, from where, before and after.
//! Entries are written in the same transaction as the change and never edited.

use crate::db::on_pool;
use crate::row::row;
use crate::{Db, Result};

/// Who is making a change.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub username: String,
    pub ip: String,
    /// The person's unit at the time (its code; empty for none), kept with
    /// the entry so the log says who was where when.
    pub unit: String,
}

impl Actor {
    /// Changes made from the command line on the server itself.
    pub fn command_line() -> Self {
        Self { user_id: None, username: "(dòng lệnh)".into(), ip: "local".into(), unit: String::new() }
    }

    /// The server itself (scheduled jobs, bookkeeping).
    pub fn system() -> Self {
        Self { user_id: None, username: "(hệ thống)".into(), ip: "local".into(), unit: String::new() }
    }
}

pub(crate) const INSERT_AUDIT: &str = "INSERT INTO audit_log (at, user_id, username, ip, action, entity, entity_id, summary, before_json, after_json, unit) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

row! {
    /// A row of the audit log as shown to administrators.
    #[derive(Debug, Clone)]
    pub struct LogRow {
        pub id: i64,
        pub at: i64,
        pub username: String,
        pub ip: String,
        pub action: String,
        pub entity: String,
        pub entity_id: Option<i64>,
        pub summary: String,
        pub before: String,
        pub after: String,
        /// The unit the person belonged to then (empty: none, or the command line).
        pub unit: String,
    }
}

/// Filters of the audit log page; empty strings and zeros mean "any".
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub username: String,
    pub entity: String,
    pub action: String,
    pub from: i64,
    pub to: i64,
}

pub async fn list(db: &Db, f: &Filter, limit: i64, offset: i64) -> Result<(Vec<LogRow>, i64)> {
    let cond = "($1 = '' OR username = $1) AND ($2 = '' OR entity = $2) AND ($3 = '' OR action = $3) \
                AND ($4 = 0 OR at >= $4) AND ($5 = 0 OR at < $5)";
    let sql = format!(
        "SELECT id, at, username, ip, action, entity, entity_id, summary, before_json AS \"before\", after_json AS \"after\", unit FROM audit_log \
         WHERE {cond} ORDER BY at DESC, id DESC LIMIT $6 OFFSET $7"
    );
    let count = format!("SELECT COUNT(*) FROM audit_log WHERE {cond}");
    let (rows, total): (Vec<LogRow>, i64) = on_pool!(db, p => {
        let rows = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(&f.username).bind(&f.entity).bind(&f.action).bind(f.from).bind(f.to).bind(limit).bind(offset)
            .fetch_all(p).await?;
        let total = sqlx::query_scalar(sqlx::AssertSqlSafe(count.clone()))
            .bind(&f.username).bind(&f.entity).bind(&f.action).bind(f.from).bind(f.to)
            .fetch_one(p).await?;
        (rows, total)
    });
    Ok((rows, total))
}

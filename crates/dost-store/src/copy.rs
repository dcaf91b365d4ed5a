//! Moving from SQLite to PostgreSQL: every table of a SQLite database copied
//! into an empty PostgreSQL database of the same schema version, in one
//! transaction (all of it or nothing). Tables are copied parents first (by
//! the target's foreign keys), values converted by the target's column types,
//! identity counters set past the copied ids, and the word index made again
//! in PostgreSQL's own form.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use futures_util::TryStreamExt;
use sqlx::postgres::PgArguments;
use sqlx::sqlite::SqliteRow;
use sqlx::{Arguments, PgConnection, Row};

use crate::{Db, Result, StoreError};

/// SQL naming tables and columns: the names come from the databases' own
/// catalogues (and this module's constants), never from a person's input.
fn named(sql: String) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(sql)
}

/// What a copy moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Copied {
    /// Rows copied per table.
    pub rows: BTreeMap<String, u64>,
    /// Articles put in the word index.
    pub indexed: u64,
}

/// Tables each engine keeps its own way (the word index, the migration log).
fn own_to_engine(table: &str) -> bool {
    table == "schema_migrations"
        || table == "_sqlx_migrations"
        || table.starts_with("sqlite_")
        || table.starts_with("article_words")
        || table.starts_with("article_title_words")
}

/// How a value is read from SQLite and written to PostgreSQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Bool,
    Text,
    /// `date` in PostgreSQL, `YYYY-MM-DD` text in SQLite.
    Date,
}

struct Column {
    name: String,
    kind: Kind,
}

struct Table {
    name: String,
    columns: Vec<Column>,
    /// Columns referring to this same table (a category's parent).
    self_refs: Vec<(String, String)>,
}

/// Copies everything in `from` (SQLite) into `to` (PostgreSQL), both at this
/// version's schema; `to` must hold no data of its own yet.
pub async fn sqlite_to_postgres(from: &Db, to: &Db) -> Result<Copied> {
    let (Db::Sqlite(src), Db::Postgres(dst)) = (from, to) else {
        return Err(StoreError::Config("dost copy chép từ SQLite sang PostgreSQL".into()));
    };
    let mut tx = dst.begin().await?;
    for busy in ["articles", "users"] {
        let n: i64 = sqlx::query_scalar(named(format!("SELECT COUNT(*) FROM {busy}"))).fetch_one(&mut *tx).await?;
        if n > 0 {
            return Err(StoreError::Config(format!(
                "cơ sở dữ liệu đích đã có dữ liệu ({n} dòng trong {busy}); hãy chép vào một cơ sở dữ liệu trống"
            )));
        }
    }
    let tables = target_tables(&mut tx).await?;
    let source: HashSet<String> =
        sqlx::query_scalar::<_, String>("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&src.pool)
            .await?
            .into_iter()
            .filter(|t| !own_to_engine(t))
            .collect();
    let target: HashSet<String> = tables.iter().map(|t| t.name.clone()).collect();
    if source != target {
        let mut differ: Vec<_> = source.symmetric_difference(&target).cloned().collect();
        differ.sort();
        return Err(StoreError::Config(format!(
            "hai cơ sở dữ liệu không cùng lược đồ (khác ở: {})",
            differ.join(", ")
        )));
    }
    // what the migrations put in the target is replaced by the source's own
    for t in tables.iter().rev() {
        sqlx::query(named(format!("DELETE FROM {}", t.name))).execute(&mut *tx).await?;
    }
    let mut copied = Copied::default();
    for t in &tables {
        let n = copy_table(&src.pool, &mut tx, t).await?;
        copied.rows.insert(t.name.clone(), n);
        reset_identity(&mut tx, &t.name).await?;
    }
    copied.indexed = index_articles(&src.pool, &mut tx).await?;
    tx.commit().await?;
    Ok(copied)
}

/// The target's tables, parents before the tables that refer to them.
async fn target_tables(c: &mut PgConnection) -> Result<Vec<Table>> {
    let columns: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns \
         WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
    )
    .fetch_all(&mut *c)
    .await?;
    let links: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text, a.attname::text, f.attname::text \
         FROM pg_constraint c \
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] \
         JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1] \
         WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace",
    )
    .fetch_all(&mut *c)
    .await?;
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    for (table, name, data_type) in columns {
        if own_to_engine(&table) {
            continue;
        }
        let kind = match data_type.as_str() {
            "bigint" | "integer" | "smallint" => Kind::Int,
            "boolean" => Kind::Bool,
            "date" => Kind::Date,
            "text" | "character varying" => Kind::Text,
            other => return Err(StoreError::Config(format!("kiểu cột {table}.{name} ({other}) chưa chép được"))),
        };
        let entry = tables.entry(table.clone()).or_insert_with(|| Table {
            name: table,
            columns: Vec::new(),
            self_refs: Vec::new(),
        });
        entry.columns.push(Column { name, kind });
    }
    let mut parents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (child, parent, column, key) in links {
        if child == parent {
            if let Some(t) = tables.get_mut(&child) {
                t.self_refs.push((column, key));
            }
        } else if !own_to_engine(&child) {
            parents.entry(child).or_default().insert(parent);
        }
    }
    let mut ordered = Vec::with_capacity(tables.len());
    while !tables.is_empty() {
        let ready: Vec<String> = tables
            .keys()
            .filter(|t| parents.get(*t).is_none_or(|ps| ps.iter().all(|p| !tables.contains_key(p))))
            .cloned()
            .collect();
        if ready.is_empty() {
            return Err(StoreError::Config("các bảng tham chiếu vòng tròn, không xếp được thứ tự chép".into()));
        }
        for t in ready {
            ordered.extend(tables.remove(&t));
        }
    }
    Ok(ordered)
}

/// One value as read from SQLite.
enum Value {
    Int(Option<i64>),
    Bool(Option<bool>),
    Text(Option<String>),
}

fn read(row: &SqliteRow, i: usize, column: &Column, table: &str) -> Result<Value> {
    let bad = |e: sqlx::Error| StoreError::Invalid(format!("{table}.{}: {e}", column.name));
    Ok(match column.kind {
        Kind::Int => Value::Int(row.try_get(i).map_err(bad)?),
        Kind::Bool => Value::Bool(row.try_get(i).map_err(bad)?),
        Kind::Text | Kind::Date => Value::Text(row.try_get(i).map_err(bad)?),
    })
}

/// Most values bound in one statement (PostgreSQL allows 65.535).
const MAX_BINDS: usize = 30_000;

async fn copy_table(src: &sqlx::SqlitePool, c: &mut PgConnection, t: &Table) -> Result<u64> {
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    let select = format!("SELECT {} FROM {}", names.join(", "), t.name);
    let per_batch = (MAX_BINDS / t.columns.len().max(1)).clamp(1, 500);
    let mut rows = sqlx::query(named(select)).fetch(src);
    let mut batch: Vec<Vec<Value>> = Vec::with_capacity(per_batch);
    let mut waiting: Vec<Vec<Value>> = Vec::new();
    let mut n = 0u64;
    while let Some(row) = rows.try_next().await? {
        let values =
            t.columns.iter().enumerate().map(|(i, col)| read(&row, i, col, &t.name)).collect::<Result<Vec<_>>>()?;
        if t.self_refs.is_empty() {
            batch.push(values);
            if batch.len() == per_batch {
                n += insert(c, t, std::mem::take(&mut batch)).await?;
            }
        } else {
            waiting.push(values);
        }
    }
    n += insert(c, t, batch).await?;
    if !t.self_refs.is_empty() {
        n += insert_parents_first(c, t, waiting).await?;
    }
    Ok(n)
}

/// Rows of a table that refers to itself, in rounds: each round those whose
/// referred row is copied already (or who refer to none).
async fn insert_parents_first(c: &mut PgConnection, t: &Table, mut waiting: Vec<Vec<Value>>) -> Result<u64> {
    let index = |name: &str| t.columns.iter().position(|c| c.name == name);
    let refs: Vec<(usize, usize)> =
        t.self_refs.iter().filter_map(|(col, key)| Some((index(col)?, index(key)?))).collect();
    let int = |v: &Value| match v {
        Value::Int(i) => *i,
        _ => None,
    };
    let mut present: HashSet<(usize, i64)> = HashSet::new();
    let mut n = 0;
    while !waiting.is_empty() {
        let (ready, later): (Vec<_>, Vec<_>) = waiting
            .into_iter()
            .partition(|row| refs.iter().all(|&(col, key)| int(&row[col]).is_none_or(|v| present.contains(&(key, v)))));
        if ready.is_empty() {
            return Err(StoreError::Invalid(format!("{}: dòng tham chiếu tới dòng không có", t.name)));
        }
        for row in &ready {
            for &(_, key) in &refs {
                if let Some(v) = int(&row[key]) {
                    present.insert((key, v));
                }
            }
        }
        n += insert(c, t, ready).await?;
        waiting = later;
    }
    Ok(n)
}

async fn insert(c: &mut PgConnection, t: &Table, rows: Vec<Vec<Value>>) -> Result<u64> {
    if rows.is_empty() {
        return Ok(0);
    }
    let width = t.columns.len();
    let mut args = PgArguments::default();
    let mut tuples = Vec::with_capacity(rows.len());
    for (r, row) in rows.into_iter().enumerate() {
        let slots: Vec<String> = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, col)| {
                let n = r * width + i + 1;
                if col.kind == Kind::Date { format!("${n}::date") } else { format!("${n}") }
            })
            .collect();
        tuples.push(format!("({})", slots.join(", ")));
        for v in row {
            let added = match v {
                Value::Int(x) => args.add(x),
                Value::Bool(x) => args.add(x),
                Value::Text(x) => args.add(x),
            };
            added.map_err(|e| StoreError::Invalid(format!("{}: {e}", t.name)))?;
        }
    }
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    let sql = format!("INSERT INTO {} ({}) VALUES {}", t.name, names.join(", "), tuples.join(", "));
    Ok(sqlx::query_with(named(sql), args).execute(c).await?.rows_affected())
}

/// Sets a table's identity counter past the ids copied into it.
async fn reset_identity(c: &mut PgConnection, table: &str) -> Result<()> {
    let identities: Vec<String> = sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() \
         AND table_name = $1 AND (is_identity = 'YES' OR column_default LIKE 'nextval%')",
    )
    .bind(table)
    .fetch_all(&mut *c)
    .await?;
    for col in identities {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{col}'), (SELECT COALESCE(MAX({col}), 0) + 1 FROM {table}), false)"
        );
        sqlx::query(named(sql)).execute(&mut *c).await?;
    }
    Ok(())
}

/// Puts every copied article in PostgreSQL's word index.
async fn index_articles(src: &sqlx::SqlitePool, c: &mut PgConnection) -> Result<u64> {
    let mut rows = sqlx::query_as::<_, (i64, String)>("SELECT id, search_text FROM articles").fetch(src);
    let mut n = 0;
    while let Some((id, text)) = rows.try_next().await? {
        crate::search_index::put_postgres_text(c, id, &text).await?;
        n += 1;
    }
    Ok(n)
}

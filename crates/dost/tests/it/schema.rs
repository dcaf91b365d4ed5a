//! The two engines' schemas stay in step: the migrations of SQLite and
//! PostgreSQL give the same tables, the same columns with corresponding
//! types and nullability, and the same named indexes. (Run with
//! `TEST_DATABASE_URL`; on SQLite alone there is nothing to compare with.)

use std::collections::BTreeMap;

use dost_store::Db;

/// (table, column) → (kind, nullable)
type Columns = BTreeMap<(String, String), (&'static str, bool)>;

/// The kind of a declared type, the same word for both engines.
fn kind(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") || t == "bigserial" || t == "serial" {
        "integer"
    } else if t.contains("char") || t == "text" {
        "text"
    } else if t == "date" {
        "date"
    } else if t.starts_with("bool") {
        "boolean"
    } else if t.contains("real") || t.contains("double") || t.contains("numeric") {
        "real"
    } else if t.contains("blob") || t == "bytea" {
        "bytes"
    } else {
        "other"
    }
}

async fn sqlite_schema(db: &Db) -> (Columns, Vec<String>) {
    let Db::Sqlite(s) = db else { unreachable!("a SQLite database") };
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&s.pool)
    .await
    .unwrap();
    let mut columns = Columns::new();
    for t in &tables {
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT name, type, \"notnull\", pk FROM pragma_table_info('{t}')"
        )))
        .fetch_all(&s.pool)
        .await
        .unwrap();
        for (name, declared, not_null, pk) in rows {
            columns.insert((t.clone(), name), (kind(&declared), not_null == 0 && pk == 0));
        }
    }
    let indexes: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .fetch_all(&s.pool)
            .await
            .unwrap();
    (columns, indexes)
}

async fn postgres_schema(db: &Db) -> (Columns, Vec<String>) {
    let Db::Postgres(p) = db else { unreachable!("a PostgreSQL database") };
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_nullable::text \
         FROM information_schema.columns c JOIN information_schema.tables t \
           ON t.table_name = c.table_name AND t.table_schema = c.table_schema \
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'",
    )
    .fetch_all(p)
    .await
    .unwrap();
    let mut columns = Columns::new();
    for (table, name, declared, nullable) in rows {
        columns.insert((table, name), (kind(&declared), nullable == "YES"));
    }
    // named indexes (those of primary keys and unique constraints are the engine's own)
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT i.indexname::text FROM pg_indexes i WHERE i.schemaname = current_schema() \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) ORDER BY 1",
    )
    .fetch_all(p)
    .await
    .unwrap();
    (columns, indexes)
}

#[tokio::test]
async fn sqlite_and_postgresql_schemas_stay_in_step() {
    if crate::support::admin_url().is_none() {
        crate::support::may_skip_postgres(
            "TEST_DATABASE_URL is not set: the schemas are compared in the PostgreSQL run",
        );
        return;
    }
    let sqlite_dir = tempfile::tempdir().unwrap();
    let sqlite = dost::open_db(None, sqlite_dir.path()).await.unwrap();
    let pg_dir = tempfile::tempdir().unwrap();
    let (pg, _) = crate::support::fresh_db_with_url(pg_dir.path(), false).await;
    let (mut lite_cols, mut lite_idx) = sqlite_schema(&sqlite).await;
    let (mut pg_cols, mut pg_idx) = postgres_schema(&pg).await;
    // the word index is each engine's own (FTS5 tables, a tsvector table with GIN
    // indexes); both are fed the same words by dost_store::search_index
    let word_index = |name: &str| name.starts_with("article_words") || name.starts_with("article_title_words");
    for cols in [&mut lite_cols, &mut pg_cols] {
        cols.retain(|(table, _), _| !word_index(table));
    }
    for idx in [&mut lite_idx, &mut pg_idx] {
        idx.retain(|name| !word_index(name));
    }
    assert!(lite_cols.len() > 300, "the whole schema is read: {} columns", lite_cols.len());
    let only = |a: &Columns, b: &Columns| -> Vec<(String, String)> {
        a.keys().filter(|k| !b.contains_key(*k)).cloned().collect()
    };
    assert_eq!(only(&lite_cols, &pg_cols), Vec::<(String, String)>::new(), "columns only on SQLite");
    assert_eq!(only(&pg_cols, &lite_cols), Vec::<(String, String)>::new(), "columns only on PostgreSQL");
    let differ: Vec<_> = lite_cols
        .iter()
        .filter_map(|(k, lite)| pg_cols.get(k).filter(|pg| *pg != lite).map(|pg| (k.clone(), *lite, *pg)))
        .collect();
    assert!(differ.is_empty(), "columns whose type or nullability differ (SQLite, PostgreSQL): {differ:#?}");
    assert!(lite_idx.len() > 20, "the indexes are read: {lite_idx:?}");
    assert_eq!(lite_idx, pg_idx, "named indexes");
}

//! Upgrades and rollbacks (issue 28): migrations are recorded with their
//! checksums and taken under a lock; a database newer than the binary is
//! refused; a backup copies the schema as it is and says its version; a
//! backup newer than the binary is refused at restore; a database of the
//! earlier migration runner is taken over once.

use dost_store::Db;

use crate::support::*;

/// An empty place for a database: a folder and, on PostgreSQL, a new database.
async fn empty_place() -> (tempfile::TempDir, Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let url = match admin_url() {
        None => None,
        Some(admin) => {
            let name = format!("dost_up_{}", dost_web::visitors::random_hex(6));
            pg_admin(format!("CREATE DATABASE {name}")).await;
            Some(pg_url(&admin, &name))
        }
    };
    (dir, url)
}

async fn run(db: &Db, sql: &str) {
    let sql = sqlx::AssertSqlSafe(sql.to_string());
    match db {
        Db::Sqlite(s) => sqlx::raw_sql(sql).execute(&s.pool).await.map(|_| ()),
        Db::Postgres(p) => sqlx::raw_sql(sql).execute(p).await.map(|_| ()),
    }
    .expect("sql");
}

#[tokio::test]
async fn a_database_newer_than_the_binary_is_refused() {
    let (dir, url) = empty_place().await;
    let db = dost::open_db(url.as_deref(), dir.path()).await.expect("a fresh database");
    let latest = dost_store::migrate::latest_version();
    assert_eq!(dost_store::migrate::schema_version(&db).await.unwrap(), Some(latest));
    run(
        &db,
        &format!(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES ({}, 'from a newer dost', TRUE, {}, 1)",
            latest + 1,
            if url.is_some() { "'\\x00'::bytea" } else { "x'00'" }
        ),
    )
    .await;
    db.close().await;
    let refused = dost::open_db(url.as_deref(), dir.path()).await.expect_err("a newer schema is refused");
    let message = refused.to_string();
    assert!(message.contains(&format!("phiên bản lược đồ {}", latest + 1)) && message.contains("mới hơn"), "{message}");
}

#[tokio::test]
async fn a_backup_copies_the_schema_as_it_is_and_a_newer_one_is_not_restored() {
    let (dir, url) = empty_place().await;
    let db = Db::open(url.as_deref(), dir.path()).await.unwrap();
    let older = dost_store::migrate::latest_version() - 2;
    dost_store::migrate::run_to(&db, older).await.unwrap();
    let archive = dir.path().join("before-upgrade.tar.gz");
    dost_app::backup::create(&db, url.as_deref(), &dir.path().join("uploads"), &archive).await.expect("backup");
    assert_eq!(dost_store::migrate::schema_version(&db).await.unwrap(), Some(older), "the backup did not migrate");
    db.close().await;
    let label = label_of(&archive);
    assert!(label.contains(&format!("schema: {older}")), "{label}");

    // a restore of the older schema works; the newer binary then brings it up to date
    let (target, target_url) = empty_place().await;
    dost_app::backup::restore(&archive, target_url.as_deref(), target.path()).await.expect("restore");
    let restored = dost::open_db(target_url.as_deref(), target.path()).await.unwrap();
    assert_eq!(
        dost_store::migrate::schema_version(&restored).await.unwrap(),
        Some(dost_store::migrate::latest_version())
    );
    restored.close().await;

    // a backup said to come from a newer dost is refused
    let newer = dir.path().join("newer.tar.gz");
    relabel(&archive, &newer, &label.replace(&format!("schema: {older}"), "schema: 99999"));
    let (target, target_url) = empty_place().await;
    let refused = dost_app::backup::restore(&newer, target_url.as_deref(), target.path()).await;
    let message = refused.expect_err("refused").to_string();
    assert!(message.contains("phiên bản 99999") && message.contains("mới hơn"), "{message}");
    assert!(!target.path().join("dost.db").exists());
}

fn label_of(archive: &std::path::Path) -> String {
    use std::io::Read;
    let mut a = tar::Archive::new(flate2::read::GzDecoder::new(std::fs::File::open(archive).unwrap()));
    for e in a.entries().unwrap() {
        let mut e = e.unwrap();
        if e.path().unwrap().to_str() == Some("BACKUP.txt") {
            let mut s = String::new();
            e.read_to_string(&mut s).unwrap();
            return s;
        }
    }
    panic!("no label")
}

fn relabel(from: &std::path::Path, to: &std::path::Path, label: &str) {
    let mut src = tar::Archive::new(flate2::read::GzDecoder::new(std::fs::File::open(from).unwrap()));
    let mut b =
        tar::Builder::new(flate2::write::GzEncoder::new(std::fs::File::create(to).unwrap(), Default::default()));
    for e in src.entries().unwrap() {
        let mut e = e.unwrap();
        let path = e.path().unwrap().into_owned();
        let mut h = e.header().clone();
        if path.to_str() == Some("BACKUP.txt") {
            h.set_size(label.len() as u64);
            h.set_cksum();
            b.append_data(&mut h, path, label.as_bytes()).unwrap();
        } else {
            b.append_data(&mut h, path, &mut e).unwrap();
        }
    }
    b.into_inner().unwrap().finish().unwrap();
}

#[tokio::test]
async fn two_instances_starting_together_migrate_once() {
    let (dir, url) = empty_place().await;
    let Some(url) = url else { return };
    let (a, b) = tokio::join!(dost::open_db(Some(&url), dir.path()), dost::open_db(Some(&url), dir.path()));
    let (a, b) = (a.expect("first instance"), b.expect("second instance"));
    let latest = dost_store::migrate::latest_version();
    assert_eq!(scalar(&a, "SELECT COUNT(*) FROM _sqlx_migrations").await, latest);
    assert_eq!(scalar(&b, "SELECT MAX(version) FROM _sqlx_migrations").await, latest);
    a.close().await;
    b.close().await;
}

#[tokio::test]
async fn a_database_of_the_earlier_runner_is_taken_over_once() {
    let (dir, url) = empty_place().await;
    let db = dost::open_db(url.as_deref(), dir.path()).await.unwrap();
    let latest = dost_store::migrate::latest_version();
    // as the earlier runner left it
    run(
        &db,
        "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .await;
    run(
        &db,
        &format!(
            "INSERT INTO schema_migrations (version, name, applied_at) SELECT version, description, 0 FROM _sqlx_migrations \
             WHERE version <= {latest}; DROP TABLE _sqlx_migrations"
        ),
    )
    .await;
    db.close().await;
    let db = dost::open_db(url.as_deref(), dir.path()).await.expect("taken over, nothing run again");
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM _sqlx_migrations").await, latest);
    let legacy = match &db {
        Db::Sqlite(_) => "SELECT COUNT(*) FROM sqlite_master WHERE name = 'schema_migrations'",
        Db::Postgres(_) => "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'schema_migrations'",
    };
    assert_eq!(scalar(&db, legacy).await, 0, "the earlier runner's table is gone");
    db.close().await;
}

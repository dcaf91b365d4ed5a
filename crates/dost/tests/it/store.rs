//! The store without HTTP: the one write path (an audit row per change, or
//! no commit at all; nothing left by a change that is dropped; the content
//! version only for what the portal shows), writers queueing on SQLite,
//! unique violations as typed errors. On both engines, from an empty schema.

use std::time::Duration;

use dost_domain::registers::{Value, find};
use dost_store::StoreError;
use dost_store::audit::Actor;

use crate::support::*;

const AUDIT: &str = "SELECT COUNT(*) FROM audit_log";
const HOLIDAYS: &str = "SELECT COUNT(*) FROM holidays";

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn every_commit_writes_one_audit_row_or_does_not_commit() {
    let data = tempfile::tempdir().unwrap();
    let (db, _) = fresh_db_with_url(data.path(), false).await;
    let me = Actor { user_id: None, username: "kiemthu".into(), ip: "10.0.0.7".into(), unit: String::new() };
    let (audit, holidays) = (scalar(&db, AUDIT).await, scalar(&db, HOLIDAYS).await);
    // a change that describes nothing cannot commit
    let tx = db.begin(&me, 1_600_000_000).await.unwrap();
    assert!(matches!(tx.commit().await, Err(StoreError::Unaudited)));
    // a change that is dropped leaves nothing
    let mut tx = db.begin(&me, 1_600_000_000).await.unwrap();
    dost_store::work::add_holidays(&mut tx, &[(day(2031, 1, 1), "Tết Dương lịch")]).await.unwrap();
    drop(tx);
    assert_eq!((scalar(&db, AUDIT).await, scalar(&db, HOLIDAYS).await), (audit, holidays));
    // two writes in one change: both kept, one audit row with the actor and both summaries
    let version = dost_store::portal::content_version(&db).await.unwrap();
    let mut tx = db.begin(&me, 1_600_000_000).await.unwrap();
    dost_store::work::add_holidays(&mut tx, &[(day(2031, 1, 1), "Tết Dương lịch")]).await.unwrap();
    dost_store::work::add_holidays(&mut tx, &[(day(2031, 5, 1), "Quốc tế Lao động")]).await.unwrap();
    let committed = tx.commit().await.unwrap();
    assert!(!committed.portal_changed, "holidays do not show on the portal");
    assert_eq!(dost_store::portal::content_version(&db).await.unwrap(), version);
    assert_eq!((scalar(&db, AUDIT).await, scalar(&db, HOLIDAYS).await), (audit + 1, holidays + 2));
    let log = dost_store::audit::list(&db, &Default::default(), 1, 0).await.unwrap().0;
    assert_eq!((log[0].username.as_str(), log[0].ip.as_str()), ("kiemthu", "10.0.0.7"));
    assert_eq!(log[0].summary.matches("Thêm 1 ngày nghỉ").count(), 2, "{}", log[0].summary);
    // what the portal shows bumps the content version (every instance drops its cache)
    let mut tx = db.begin(&me, 1_600_000_000).await.unwrap();
    dost_store::content::set_setting(&mut tx, "site.phone", "0206 3852 000").await.unwrap();
    assert!(tx.commit().await.unwrap().portal_changed);
    assert_eq!(dost_store::portal::content_version(&db).await.unwrap(), version + 1);
}

#[tokio::test]
async fn a_second_value_for_a_unique_column_is_a_typed_error_and_nothing_is_kept() {
    let data = tempfile::tempdir().unwrap();
    let (db, _) = fresh_db_with_url(data.path(), false).await;
    let products = find("san-pham").unwrap();
    let row =
        |code: &str| vec![Value::Text(code.into()), Value::Text("Trà giảo cổ lam".into()), Value::Text("hộp".into())];
    let me = Actor::command_line();
    let mut tx = db.begin(&me, 1_600_000_000).await.unwrap();
    dost_store::registers::insert(&mut tx, products, &[row("TGCL")]).await.unwrap();
    tx.commit().await.unwrap();
    let audit = scalar(&db, AUDIT).await;
    let mut tx = db.begin(&me, 1_600_000_000).await.unwrap();
    let err = dost_store::registers::insert(&mut tx, products, &[row("TGCL-2"), row("TGCL")]).await.unwrap_err();
    assert!(err.is_duplicate("products", &["code"]), "{err:?}");
    drop(tx);
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM products").await, 1, "the whole change is undone");
    assert_eq!(scalar(&db, AUDIT).await, audit);
}

#[tokio::test]
async fn a_duplicate_is_recognised_whatever_the_language_of_the_servers_messages() {
    // SQLite speaks one language; PostgreSQL speaks the one it is told
    let Some(admin) = admin_url() else {
        may_skip_postgres("no PostgreSQL (TEST_DATABASE_URL) to speak German");
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let (db, url) = fresh_db_with_url(data.path(), false).await;
    db.close().await;
    let url = url.unwrap();
    let name = url.rsplit('/').next().unwrap().split('?').next().unwrap().to_string();
    let server = dost_store::Db::postgres(&admin).await.unwrap();
    let dost_store::Db::Postgres(pool) = &server else { unreachable!("PostgreSQL") };
    let german = format!("ALTER DATABASE {name} SET lc_messages = 'de_DE.UTF-8'");
    if let Err(e) = sqlx::raw_sql(sqlx::AssertSqlSafe(german)).execute(pool).await {
        may_skip_postgres(&format!("the database server has no de_DE.UTF-8 locale ({e})"));
        return;
    }
    server.close().await;
    let db = dost::open_db(Some(&url), data.path()).await.unwrap();
    let products = find("san-pham").unwrap();
    let row = |code: &str| vec![Value::Text(code.into()), Value::Text("Miến dong".into()), Value::Text("gói".into())];
    let me = Actor::command_line();
    let mut tx = db.begin(&me, 1_600_000_000).await.unwrap();
    dost_store::registers::insert(&mut tx, products, &[row("MD")]).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.begin(&me, 1_600_000_000).await.unwrap();
    let err = dost_store::registers::insert(&mut tx, products, &[row("MD")]).await.unwrap_err();
    drop(tx);
    let StoreError::Duplicate { .. } = &err else { panic!("not a duplicate: {err:?}") };
    assert!(err.is_duplicate("products", &["code"]), "{err:?}");
    // the server did speak German
    let dost_store::Db::Postgres(pool) = &db else { unreachable!("PostgreSQL") };
    let said = sqlx::query("SELECT 1 / 0").execute(pool).await.unwrap_err().to_string();
    assert!(said.contains("Division durch Null"), "{said}");
}

#[tokio::test]
async fn writers_wait_their_turn_instead_of_failing() {
    let data = tempfile::tempdir().unwrap();
    let (db, _) = fresh_db_with_url(data.path(), false).await;
    let me = Actor::command_line();
    let first = db.begin(&me, 1_600_000_000).await.unwrap();
    let second = {
        let db = db.clone();
        let me = me.clone();
        tokio::spawn(async move {
            let mut tx = db.begin(&me, 1_600_000_000).await?;
            dost_store::work::add_holidays(&mut tx, &[(day(2032, 9, 2), "Quốc khánh")]).await?;
            tx.commit().await
        })
    };
    if matches!(db, dost_store::Db::Sqlite(_)) {
        // SQLite has one writer: the second waits while the first is open…
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!second.is_finished(), "a second writer did not wait for the first");
    }
    let mut first = first;
    dost_store::work::add_holidays(&mut first, &[(day(2032, 1, 1), "Tết Dương lịch")]).await.unwrap();
    first.commit().await.unwrap();
    // …and then goes ahead: both changes are kept, nobody saw "database is locked"
    second.await.unwrap().unwrap();
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM holidays WHERE day >= '2032-01-01'").await, 2);
}

//! A full disk (issue 28): while the database cannot grow, pages are served,
//! a member of staff is told the disk is full and keeps what they typed,
//! `/readyz` and `/metrics` say why writes fail, visitor counts wait in
//! memory; once space returns, writes work again by themselves. SQLite is
//! made "full" with `PRAGMA max_page_count` (no root needed); on PostgreSQL,
//! where a full disk is the database server's, a COMMIT that fails must leave
//! the pool healthy.

use dost_domain::roles::Role;

use crate::support::*;

/// Sets `PRAGMA max_page_count` on every connection of the SQLite pool
/// (the setting is per connection), then fills what free pages are left.
async fn make_full(pool: &sqlx::SqlitePool, full: bool) {
    let mut conns = Vec::new();
    for _ in 0..8 {
        conns.push(pool.acquire().await.expect("a connection"));
    }
    sqlx::query("CREATE TABLE IF NOT EXISTS scratch (x BLOB)").execute(&mut *conns[0]).await.unwrap();
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count").fetch_one(&mut *conns[0]).await.unwrap();
    let limit = if full { pages } else { 1 << 30 };
    for c in conns.iter_mut() {
        sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA max_page_count = {limit}"))).execute(&mut **c).await.unwrap();
    }
    if full {
        let c = &mut conns[0];
        for _ in 0..100_000 {
            if sqlx::query("INSERT INTO scratch VALUES (randomblob(3000))").execute(&mut **c).await.is_err() {
                break;
            }
        }
    }
}

async fn views(app: &TestApp) -> i64 {
    scalar(&app.db, "SELECT COALESCE(SUM(page_views), 0) FROM visit_daily").await
}

#[tokio::test]
async fn a_full_disk_is_reported_forms_are_kept_and_writes_come_back_by_themselves() {
    let app = spawn(true).await;
    let dost_store::Db::Sqlite(sqlite) = &app.db else { return };
    add_user(&app, "bientap", Role::Editor).await;
    let editor = sign_in(&app, "bientap").await;
    let category = scalar(&app.db, "SELECT MIN(id) FROM categories").await.to_string();
    let body = format!("<p>{}</p>", "Nội dung dài của bài viết. ".repeat(4_000));
    let fields = [("title", "Bài viết viết khi ổ đĩa đầy"), ("category", &category), ("body", &body)];
    assert_eq!(app.get("/readyz").await.status, 200);
    let before = views(&app).await;

    make_full(&sqlite.pool, true).await;
    // pages are still served; the editor is told, and the form keeps what was typed
    assert_eq!(app.get("/").await.status, 200);
    let r = editor.post("/quan-tri/bai-viet/moi", &fields).await;
    assert_eq!(r.status, 503, "{}", r.body);
    assert!(r.body.contains("Ổ đĩa của máy chủ đã đầy"), "{}", r.body);
    assert!(r.body.contains("Bài viết viết khi ổ đĩa đầy"), "the form comes back with what was typed");
    // readiness and the metrics say why
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, 503);
    assert!(ready.body.contains("disk_full"), "{}", ready.body);
    assert!(app.get("/healthz").await.body.contains("disk_full"));
    assert!(app.get("/metrics").await.body.contains("dost_db_writes_failing{cause=\"disk_full\"} 1"));
    // visits while full: counted in memory, not lost
    for i in 0..300 {
        let c = client(&format!("{BROWSER_UA} khach-{i}"));
        assert_eq!(app.get_with(&c, "/").await.status, 200);
    }
    assert!(app.state.flush_visitors().await.is_err(), "the flush cannot write");
    assert_eq!(views(&app).await, before, "nothing half-written");

    // space returns: writes work again within seconds, with nothing restarted
    make_full(&sqlite.pool, false).await;
    let mut ready = 0;
    for _ in 0..80 {
        ready = app.get("/readyz").await.status;
        if ready == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(ready, 200, "readiness comes back by itself");
    let r = editor.post("/quan-tri/bai-viet/moi", &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    app.state.flush_visitors().await.expect("the kept counts are written");
    assert!(views(&app).await >= before + 300, "every view made while full is counted");
    assert!(app.get("/metrics").await.body.contains("dost_db_writes_failing{cause=\"disk_full\"} 0"));
}

#[tokio::test]
async fn on_postgresql_a_failed_commit_leaves_the_pool_healthy() {
    let app = spawn(false).await;
    let dost_store::Db::Postgres(pool) = &app.db else { return };
    // a check that runs at COMMIT time, as a full disk does
    sqlx::raw_sql(
        "CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS \
         $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$; \
         CREATE CONSTRAINT TRIGGER refuse AFTER INSERT ON settings DEFERRABLE INITIALLY DEFERRED \
         FOR EACH ROW WHEN (NEW.key = 'refuse') EXECUTE FUNCTION refuse_at_commit();",
    )
    .execute(pool)
    .await
    .unwrap();
    for round in 0..3 {
        let failed = dost_store::content::claim_setting(&app.db, "refuse", &round.to_string(), 1).await;
        assert!(failed.is_err(), "the COMMIT fails");
    }
    for i in 0..40 {
        let key = format!("after-{i}");
        assert!(dost_store::content::claim_setting(&app.db, &key, "x", 1).await.expect("a later write works"));
    }
}

/// A TCP relay to PostgreSQL that can drop every connection and refuse new
/// ones for a moment, as a database restart does.
struct Relay {
    port: u16,
    down: std::sync::Arc<std::sync::atomic::AtomicBool>,
    conns: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Relay {
    async fn to(upstream: String) -> Relay {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let down = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let conns = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (d, c) = (down.clone(), conns.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else { continue };
                if d.load(Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let upstream = upstream.clone();
                c.lock().unwrap().push(tokio::spawn(async move {
                    if let Ok(mut out) = tokio::net::TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut out).await;
                    }
                }));
            }
        });
        Relay { port, down, conns }
    }

    /// Drops every connection and refuses new ones for `for_ms`.
    async fn restart(&self, for_ms: u64) {
        use std::sync::atomic::Ordering;
        self.down.store(true, Ordering::SeqCst);
        for c in self.conns.lock().unwrap().drain(..) {
            c.abort();
        }
        tokio::time::sleep(std::time::Duration::from_millis(for_ms)).await;
        self.down.store(false, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn reads_go_on_while_postgresql_restarts() {
    let Some(_) = admin_url() else { return };
    let data = tempfile::tempdir().unwrap();
    let (db, url) = fresh_db_with_url(data.path(), false).await;
    db.close().await;
    let url = url.unwrap();
    let (head, rest) = url.split_once('@').unwrap();
    let (hostport, tail) = rest.split_once('/').unwrap();
    let relay = Relay::to(hostport.to_string()).await;
    let relayed = format!("{head}@127.0.0.1:{}/{tail}", relay.port);
    let db = dost::open_db(Some(&relayed), data.path()).await.unwrap();
    let dir = data.path().to_path_buf();
    let app = start(db, Some(relayed), data, dir, |_| {}).await;
    add_user(&app, "vanthu", Role::UnitStaff).await;
    let staff = sign_in(&app, "vanthu").await;
    assert_eq!(staff.get("/quan-tri/mat-khau").await.status, 200);
    for round in 0..3 {
        // the database goes away for a moment while a page that reads it is asked for
        let (page, ()) = tokio::join!(
            async {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                staff.get("/quan-tri/mat-khau").await
            },
            relay.restart(300)
        );
        assert_eq!(page.status, 200, "round {round}: {}", page.body);
    }
}

//! Moving a site from SQLite to PostgreSQL with `dost copy`: every table
//! arrives whole, and the site on PostgreSQL (same data folder) is the same
//! site: pages, search, sign-in, uploaded files, new records. PostgreSQL only
//! (the target); returns at once on SQLite.

use dost_domain::roles::Role;
use dost_store::Db;

use crate::support::*;

/// Rows of every table both engines hold alike (not the word index).
async fn counts(db: &Db) -> Vec<(String, i64)> {
    let tables: Vec<String> = match db {
        Db::Sqlite(s) => sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE 'article_words%' AND name NOT LIKE 'article_title_words%' ORDER BY name",
        )
        .fetch_all(&s.pool)
        .await
        .unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() \
             AND table_name <> 'article_words' AND table_name NOT LIKE 'article_title_words%' ORDER BY 1",
        )
        .fetch_all(p)
        .await
        .unwrap(),
    };
    let mut out = Vec::new();
    for t in tables.into_iter().filter(|t| t != "schema_migrations") {
        let sql = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {t}"));
        let n: i64 = match db {
            Db::Sqlite(s) => sqlx::query_scalar(sql).fetch_one(&s.pool).await.unwrap(),
            Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        };
        out.push((t, n));
    }
    out
}

fn found(body: &str) -> String {
    let at = body.find("Tìm thấy").expect("a result count");
    body[at..].split(" kết quả").next().unwrap().to_string()
}

#[tokio::test]
async fn a_sqlite_site_moves_to_postgresql_whole() {
    let Some(admin) = admin_url() else { return };
    // the SQLite site in use: the demo, a member of staff, an uploaded picture
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_path_buf();
    let db = dost::open_db(None, &dir).await.unwrap();
    assert!(dost::load_demo_if_empty(&db, &dir).await.unwrap());
    let old = start(db, None, data, dir.clone(), |_| {}).await;
    add_user(&old, "bientap", Role::Editor).await;
    let editor = sign_in(&old, "bientap").await;
    let form = reqwest::multipart::Form::new()
        .text("alt", "Sơ đồ")
        .part("file", reqwest::multipart::Part::bytes(GIF.to_vec()).file_name("so-do.gif"));
    assert_eq!(editor.post_multipart("/quan-tri/tep", form).await.status, 303);
    let gif =
        dost_store::media::list(&old.db, "", 10, 0).await.unwrap().into_iter().find(|m| m.file_path.ends_with(".gif"));
    let gif = gif.expect("the upload is recorded");
    let searched = found(&old.get("/tim-kiem?q=khoa+hoc").await.body);
    let latest = dost_store::portal::latest(&old.db, old.state.clock.now(), 1, 0).await.unwrap().remove(0);
    let (article, title) = (latest.path(), latest.title);

    // dost copy --to postgres://…
    let name = format!("dost_copy_{}", dost_web::visitors::random_hex(6));
    pg_admin(format!("CREATE DATABASE {name}")).await;
    let url = pg_url(&admin, &name);
    let target = dost::open_db(Some(&url), &dir).await.unwrap();
    let copied = dost_store::copy::sqlite_to_postgres(&old.db, &target).await.expect("copied");
    assert!(copied.indexed > 0 && copied.rows["articles"] > 0 && copied.rows["media"] > 0, "{copied:?}");
    assert_eq!(counts(&old.db).await, counts(&target).await, "every table holds the same rows on both");

    // a second copy into the now full database is refused, and changes nothing
    let again = dost_store::copy::sqlite_to_postgres(&old.db, &target).await.unwrap_err();
    assert!(again.to_string().contains("đã có dữ liệu"), "{again}");
    assert_eq!(counts(&old.db).await, counts(&target).await);

    // the same site on PostgreSQL, with the same data folder
    let new = start(target, Some(url), tempfile::tempdir().unwrap(), dir, |_| {}).await;
    let page = new.get(&article).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&title), "the article reads the same");
    assert_eq!(found(&new.get("/tim-kiem?q=khoa+hoc").await.body), searched, "search finds as many");
    let editor = sign_in(&new, "bientap").await;
    let served = client(BROWSER_UA).get(format!("{}/tep/{}", new.base, gif.file_path)).send().await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.bytes().await.unwrap().as_ref(), GIF, "the uploaded file is served");
    // new records get new numbers (the counters were set past the copied ones)
    let form = reqwest::multipart::Form::new()
        .text("alt", "Sơ đồ mới")
        .part("file", reqwest::multipart::Part::bytes(GIF.to_vec()).file_name("so-do-moi.gif"));
    assert_eq!(editor.post_multipart("/quan-tri/tep", form).await.status, 303);
    assert_eq!(dost_store::media::list(&new.db, "", 100, 0).await.unwrap().len(), copied.rows["media"] as usize + 1);
}

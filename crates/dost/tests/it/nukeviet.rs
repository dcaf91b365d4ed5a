//! Moving a NukeViet site (issue 17): the fixture made by NukeViet 4.5
//! itself is imported and every article of its manifest is checked — title,
//! lead, categories, dates, status, author, source, tags, rating, picture,
//! body —, every old address of its articles and categories answers 301 to
//! the right page, and a second run changes nothing.

use std::path::PathBuf;

use dost_domain::content::ArticleStatus;
use serde_json::Value;

use crate::support::*;

fn fixture(name: &str) -> PathBuf {
    // a copy, unchanged, of shared/fixtures (made by NukeViet itself; see its README)
    let dir = std::env::var("DOST_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"));
    dir.join("nukeviet-4.5").join(name)
}

fn options(app: &TestApp, dry_run: bool) -> dost_app::nukeviet::Options {
    from(app, dost_app::nukeviet::Source::Dump(fixture("nukeviet-A.sql")), dry_run)
}

fn from(app: &TestApp, source: dost_app::nukeviet::Source, dry_run: bool) -> dost_app::nukeviet::Options {
    dost_app::nukeviet::Options {
        source,
        uploads: Some(fixture("nukeviet-A-uploads.tar.gz")),
        thumbs: Some(fixture("nukeviet-A-thumbs.tar.gz")),
        prefix: None,
        lang: "vi".into(),
        module: "news".into(),
        old_base_url: None,
        dry_run,
        uploads_dir: app.data.path().join("uploads"),
    }
}

async fn import(app: &TestApp, dry_run: bool) -> dost_app::nukeviet::Report {
    import_with(app, options(app, dry_run)).await
}

async fn import_with(app: &TestApp, o: dost_app::nukeviet::Options) -> dost_app::nukeviet::Report {
    let quiet: std::sync::Arc<dost_app::nukeviet::Progress> = std::sync::Arc::new(|_: &str, _: u64, _: u64| {});
    let r = dost_app::nukeviet::import(&app.db, o, quiet).await.expect("import");
    app.state.refresh().await.unwrap();
    r
}

fn text(html: &str) -> String {
    dost_domain::text::decode_entities(&dost_domain::text::strip_tags(html))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

async fn location(app: &TestApp, path: &str) -> (u16, String) {
    let r = client(BROWSER_UA).get(format!("{}{path}", app.base)).send().await.unwrap();
    let loc = r.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (r.status().as_u16(), loc)
}

#[tokio::test]
async fn the_fixture_moves_whole_and_its_old_addresses_answer() {
    let app = spawn(false).await;
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(fixture("manifest.json")).unwrap()).unwrap();
    // a dry run writes nothing
    let dry = import(&app, true).await;
    assert_eq!(dry.counts["bài viết nhập mới"], 28);
    assert_eq!(scalar(&app.db, "SELECT COUNT(*) FROM articles").await, 0);
    let report = import(&app, false).await;
    assert_eq!(report.counts["bài viết nhập mới"], 28, "{}", report.render(false));
    every_article_and_address_moved(&app, &manifest).await;
    // a second run changes nothing
    let audit = scalar(&app.db, "SELECT COUNT(*) FROM audit_log").await;
    let again = import(&app, false).await;
    assert_eq!(again.counts["bài viết nhập mới"], 0);
    assert_eq!(scalar(&app.db, "SELECT COUNT(*) FROM articles").await, 28);
    assert_eq!(scalar(&app.db, "SELECT COUNT(*) FROM audit_log").await, audit);
}

/// Every article of the manifest, as NukeViet stored it, is in dost; every
/// old address of its articles and categories answers 301 to the right page.
async fn every_article_and_address_moved(app: &TestApp, manifest: &Value) {
    let source = "nukeviet:nv4_vi_news";
    let articles = dost_store::moves::mapped(&app.db, source, "article").await.unwrap();
    let cats = dost_store::moves::mapped(&app.db, source, "category").await.unwrap();
    let now = app.state.clock.now();
    for m in manifest["articles"].as_array().unwrap() {
        let old = m["id"].as_i64().unwrap();
        let id = articles[&old];
        let a = dost_store::portal::article(&app.db, id).await.unwrap().unwrap();
        let what = format!("article {old}");
        assert_eq!(a.title, dost_domain::text::nfc(m["title"].as_str().unwrap()), "{what}");
        let lead = m["hometext"].as_str().unwrap().replace("<br />", " ");
        assert_eq!(a.lead, lead.split_whitespace().collect::<Vec<_>>().join(" "), "{what}");
        assert_eq!(a.author, m["author"].as_str().unwrap(), "{what}");
        if let Some(src) = m["source"].as_object() {
            assert!(a.source.contains(src["title"].as_str().unwrap()), "{what}: {}", a.source);
        }
        assert_eq!(a.published_at, m["publtime"].as_i64().unwrap(), "{what}");
        let created = scalar(&app.db, &format!("SELECT created_at FROM articles WHERE id = {id}")).await;
        assert_eq!(created, m["addtime"].as_i64().unwrap(), "{what}");
        assert_eq!(a.updated_at, m["edittime"].as_i64().unwrap(), "{what}");
        let expected = match m["status"].as_i64().unwrap() {
            1 | 2 => ArticleStatus::Published,
            4 => ArticleStatus::Draft,
            5 => ArticleStatus::Submitted,
            s => panic!("{what}: status {s} not in the fixture's manifest"),
        };
        assert_eq!(a.status, expected, "{what}");
        if m["status"] == 2 {
            assert!(a.published_at > now && !a.is_public(now), "{what}: scheduled, not shown yet");
        }
        // categories: the primary first, then the others
        let listed: Vec<i64> = m["listcatid"].as_array().unwrap().iter().map(|c| cats[&c.as_i64().unwrap()]).collect();
        assert_eq!(a.primary_category_id, cats[&m["catid"].as_i64().unwrap()], "{what}");
        let mut mine = dost_store::portal::article_category_ids(&app.db, id).await.unwrap();
        let mut theirs = listed.clone();
        mine.sort();
        theirs.sort();
        assert_eq!(mine, theirs, "{what}");
        let mut tags: Vec<String> =
            dost_store::portal::article_tags(&app.db, id).await.unwrap().into_iter().map(|t| t.1).collect();
        let mut want: Vec<String> = m["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| dost_domain::text::nfc(t["keyword"].as_str().unwrap()))
            .collect();
        tags.sort();
        want.sort();
        assert_eq!(tags, want, "{what}");
        assert_eq!(a.rating_points, m["total_rating"].as_i64().unwrap(), "{what}");
        assert_eq!(a.rating_votes, m["click_rating"].as_i64().unwrap(), "{what}");
        assert_eq!(a.featured, m["featured"].as_bool().unwrap(), "{what}");
        match m["homeimg_resolved"].as_str() {
            Some(img) => {
                let url = format!("/tep/nukeviet/{}", img.trim_start_matches("uploads/"));
                assert_eq!(a.image_url.as_deref(), Some(url.as_str()), "{what}");
                let r = reqwest::get(format!("{}{url}", app.base)).await.unwrap();
                assert_eq!(r.status(), 200, "{what}: its picture");
            }
            None if m["homeimgthumb"] == 0 => assert!(a.image_url.is_none(), "{what}"),
            None => {}
        }
        // the body's text is all there, its pictures point to the copied files
        let body = text(m["bodyhtml"].as_str().unwrap());
        assert!(text(&a.body_html).starts_with(&dost_domain::text::nfc(&body)), "{what}: body text");
        assert!(!a.body_html.contains("/uploads/news/"), "{what}: links rewritten");
        for f in m["files"].as_array().unwrap() {
            assert!(a.body_html.contains(&format!("/tep/nukeviet/news/{}", f.as_str().unwrap())), "{what}: attachment");
        }
    }
    // every old address of an article answers 301 to its page
    for m in manifest["articles"].as_array().unwrap() {
        let (old, alias) = (m["id"].as_i64().unwrap(), m["alias"].as_str().unwrap());
        let id = articles[&old];
        let cat = m["url_path"].as_str().unwrap().split('/').nth(2).unwrap().to_string();
        for path in [
            m["url_path"].as_str().unwrap().to_string(),
            format!("/{cat}/{alias}-{old}.html"),
            format!("/news/{cat}/{alias}-{old}.html"),
            format!("/index.php?language=vi&nv=news&op={cat}/{alias}-{old}"),
        ] {
            let (status, to) = location(app, &path).await;
            assert_eq!(status, 301, "{path}");
            assert!(to.ends_with(&format!("-{id}.html")), "{path} → {to}");
            if m["status"] == 1 {
                assert_eq!(app.get(&to).await.status, 200, "{to}");
            }
        }
    }
    for c in manifest["categories"].as_array().unwrap() {
        let alias = c["alias"].as_str().unwrap();
        for path in [
            format!("/index.php/{alias}/"),
            format!("/news/{alias}/"),
            format!("/index.php?language=vi&nv=news&op={alias}"),
        ] {
            let (status, to) = location(app, &path).await;
            assert_eq!(status, 301, "{path}");
            assert_eq!(app.get(&to).await.status, 200, "{path} → {to}");
        }
    }
    assert_eq!(location(app, "/index.php?language=vi&nv=news&op=rss").await, (301, "/rss.xml".into()));
}

/// The same site read from its live database (`--mysql-url`): the fixture
/// loaded into MariaDB with its own client, then moved like the dump.
/// Needs TEST_MYSQL_URL (`mysql://dost@127.0.0.1:PORT`; scripts/test starts
/// a throwaway server).
#[tokio::test]
async fn the_live_database_moves_like_its_dump() {
    let Ok(server) = std::env::var("TEST_MYSQL_URL") else {
        eprintln!("TEST_MYSQL_URL not set: the live-database move is tested by scripts/test");
        return;
    };
    let app = spawn(false).await;
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(fixture("manifest.json")).unwrap()).unwrap();
    let name = format!("nv_{}", dost_web::visitors::random_hex(6));
    let url: reqwest::Url = server.parse().expect("TEST_MYSQL_URL");
    let client = |db: &str| {
        let mut c = std::process::Command::new("mariadb");
        c.args(["--no-defaults", "-h", url.host_str().unwrap(), "-P", &url.port().unwrap_or(3306).to_string()])
            .args(["-u", url.username()]);
        if let Some(p) = url.password() {
            c.arg(format!("-p{p}"));
        }
        c.arg(db);
        c
    };
    let made = client("").args(["-e", &format!("CREATE DATABASE {name}")]).status().expect("mariadb client");
    assert!(made.success());
    let loaded =
        client(&name).stdin(std::fs::File::open(fixture("nukeviet-A.sql")).unwrap()).status().expect("mariadb client");
    assert!(loaded.success(), "the fixture loads into MariaDB");
    let live = dost_app::nukeviet::Source::Mysql(format!("{}/{name}", server.trim_end_matches('/')));
    let dry = import_with(&app, from(&app, live.clone(), true)).await;
    assert_eq!(dry.counts["bài viết nhập mới"], 28);
    assert_eq!(scalar(&app.db, "SELECT COUNT(*) FROM articles").await, 0);
    let report = import_with(&app, from(&app, live.clone(), false)).await;
    assert_eq!(report.counts["bài viết nhập mới"], 28, "{}", report.render(false));
    every_article_and_address_moved(&app, &manifest).await;
    let again = import_with(&app, from(&app, live, false)).await;
    assert_eq!(again.counts["bài viết nhập mới"], 0);
    // a wrong address or password is a clear message, not a crash
    let wrong = dost_app::nukeviet::Source::Mysql(format!("{}/khong_co_csdl_nay", server.trim_end_matches('/')));
    let quiet: std::sync::Arc<dost_app::nukeviet::Progress> = std::sync::Arc::new(|_: &str, _: u64, _: u64| {});
    let err = dost_app::nukeviet::import(&app.db, from(&app, wrong, false), quiet).await.unwrap_err();
    assert!(err.to_string().contains("không đọc được cơ sở dữ liệu MySQL"), "{err}");
    let _ = client("").args(["-e", &format!("DROP DATABASE {name}")]).status();
}

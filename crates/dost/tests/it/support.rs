use std::net::SocketAddr;

use dost_store::Db;
use dost_web::AppState;
use reqwest::redirect::Policy;
use tempfile::TempDir;

pub const BROWSER_UA: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
pub const GOOGLEBOT_UA: &str = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub db: Db,
    pub data: TempDir,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A fresh, empty database on the engine under test.
pub async fn fresh_db(data: &std::path::Path) -> Db {
    match std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) {
        Some(admin_url) => {
            let name = format!("dost_test_{}", dost_web::visitors::random_hex(6));
            let admin = Db::postgres(&admin_url).await.expect("connect to TEST_DATABASE_URL");
            if let Db::Postgres(pool) = &admin {
                let sql = format!("CREATE DATABASE {name}");
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(pool).await.expect("create test database");
            }
            admin.close().await;
            let (prefix, rest) = admin_url.rsplit_once('/').expect("database url has a path");
            let query = rest.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
            dost::open_db(Some(&format!("{prefix}/{name}{query}")), data).await.expect("open test database")
        }
        None => dost::open_db(None, data).await.expect("open sqlite"),
    }
}

pub async fn spawn(demo: bool) -> TestApp {
    let data = tempfile::tempdir().expect("tempdir");
    let db = fresh_db(data.path()).await;
    if demo {
        assert!(dost::load_demo_if_empty(&db, data.path()).await.expect("demo"));
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    let opts = dost::ServeOptions {
        listen: addr,
        data_dir: data.path().to_path_buf(),
        base_url: None,
        trust_proxy: false,
        flush_every: std::time::Duration::from_secs(3600),
    };
    let state = dost::state(db.clone(), &opts, addr).await.expect("state");
    let server_state = state.clone();
    let server = tokio::spawn(async move {
        let _ = dost_web::serve(listener, server_state, std::future::pending()).await;
    });
    TestApp { base: format!("http://{addr}"), state, db, data, server }
}

/// A client that does not follow redirects (so tests see them) and keeps no cookies.
pub fn client(ua: &str) -> reqwest::Client {
    reqwest::Client::builder().redirect(Policy::none()).user_agent(ua).build().expect("client")
}

pub struct Page {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl TestApp {
    pub async fn get_with(&self, client: &reqwest::Client, path: &str) -> Page {
        let r = client.get(format!("{}{path}", self.base)).send().await.expect("request");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let body = r.text().await.expect("body");
        Page { status, headers, body }
    }

    pub async fn get(&self, path: &str) -> Page {
        self.get_with(&client(BROWSER_UA), path).await
    }

    /// Path of the demo article with this exact title, found through the category lists.
    pub async fn article_path(&self, title: &str) -> String {
        let now = self.state.clock.now();
        let all = dost_store::portal::latest(&self.db, now, 1000, 0).await.expect("latest");
        all.into_iter().find(|a| a.title == title).map(|a| a.path()).unwrap_or_else(|| panic!("no article {title}"))
    }
}

pub const REVIEW_TITLE: &str = "Họp đánh giá kết quả hoạt động KH&CN 9 tháng đầu năm 2020";

/// Text of the first element with this class (tags stripped), for assertions.
pub fn text_of_class(html: &str, class: &str) -> Option<String> {
    let marker = format!("class=\"{class}\"");
    let start = html.find(&marker)?;
    let open_end = html[start..].find('>')? + start + 1;
    let tag_start = html[..start].rfind('<')?;
    let tag: String = html[tag_start + 1..].chars().take_while(|c| c.is_alphanumeric()).collect();
    let close = html[open_end..].find(&format!("</{tag}>"))? + open_end;
    Some(dost_domain::text::strip_tags(&html[open_end..close]))
}

/// Every `href` inside the first element with this class.
pub fn links_in_class(html: &str, class: &str) -> Vec<String> {
    let marker = format!("class=\"{class}\"");
    let Some(start) = html.find(&marker) else { return Vec::new() };
    let tag_start = html[..start].rfind('<').unwrap_or(start);
    let tag: String = html[tag_start + 1..].chars().take_while(|c| c.is_alphanumeric()).collect();
    let end = html[start..].find(&format!("</{tag}>")).map(|e| e + start).unwrap_or(html.len());
    html[start..end].split("href=\"").skip(1).filter_map(|s| s.split('"').next()).map(str::to_string).collect()
}

/// Runs a Python snippet with `arg` as its input and returns what it prints.
pub fn python(script: &str, arg: &str) -> String {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(arg)
        .output()
        .expect("python3 is installed (see .ci/run)");
    assert!(out.status.success(), "python failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

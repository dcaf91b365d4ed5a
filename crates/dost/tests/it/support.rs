/// Runs store writes as one change made from the command line at the app's
/// time, and commits it: `change!(app, tx => store_fn(&mut tx, …).await?)`.
macro_rules! change {
    ($app:expr, $tx:ident => $body:expr) => {{
        let mut $tx =
            $app.db.begin(&dost_store::audit::Actor::command_line(), $app.state.clock.now()).await.expect("begin");
        let out = (async { Ok::<_, dost_store::StoreError>($body) }).await.expect("store write");
        $tx.commit().await.expect("commit");
        out
    }};
}

use std::net::SocketAddr;

use dost_store::Db;
use dost_web::AppState;
use reqwest::redirect::Policy;
use tempfile::TempDir;

pub const BROWSER_UA: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
/// The smallest GIF picture (1×1), for uploads.
pub const GIF: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
pub const GOOGLEBOT_UA: &str = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub db: Db,
    pub data: TempDir,
    /// The PostgreSQL address of this test's database (none on SQLite).
    pub db_url: Option<String>,
    server: Option<tokio::task::JoinHandle<()>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(s) = self.server.take() {
            s.abort();
        }
    }
}

/// A database built once per test binary (the demo, or only the schema) that
/// every test copies: a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on
/// PostgreSQL. Loading the demo takes seconds; copying it, milliseconds.
struct Template {
    /// Holds `dost.db` (SQLite) and `uploads/`.
    dir: std::path::PathBuf,
    /// The template database on PostgreSQL.
    pg_name: Option<String>,
}

/// Whether a test that needs PostgreSQL may skip without it: outside CI, or
/// in the SQLite run of `scripts/test` (the PostgreSQL run follows).
pub fn may_skip_postgres(why: &str) -> bool {
    let skip = std::env::var_os("CI").is_none() || std::env::var_os("DOST_SQLITE_RUN").is_some();
    assert!(skip, "{why}: in CI this test must run (TEST_DATABASE_URL, scripts/setup)");
    eprintln!("skipped: {why}");
    skip
}

pub fn admin_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())
}

/// The address of database `name` on the server of `TEST_DATABASE_URL`.
pub fn pg_url(admin_url: &str, name: &str) -> String {
    let (prefix, rest) = admin_url.rsplit_once('/').expect("database url has a path");
    let query = rest.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
    format!("{prefix}/{name}{query}")
}

pub async fn pg_admin(sql: String) {
    let admin = Db::postgres(&admin_url().expect("TEST_DATABASE_URL")).await.expect("connect to TEST_DATABASE_URL");
    if let Db::Postgres(pool) = &admin {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(pool).await.expect("create test database");
    }
    admin.close().await;
}

async fn build_template(demo: bool) -> Template {
    let dir = tempfile::tempdir().expect("tempdir").keep();
    let (db, pg_name) = match admin_url() {
        Some(admin) => {
            let name = format!("dost_tpl_{}", dost_web::visitors::random_hex(6));
            pg_admin(format!("CREATE DATABASE {name}")).await;
            (dost::open_db(Some(&pg_url(&admin, &name)), &dir).await.expect("open template"), Some(name))
        }
        None => (dost::open_db(None, &dir).await.expect("open sqlite"), None),
    };
    if demo {
        assert!(dost::load_demo_if_empty(&db, &dir).await.expect("demo"));
    }
    if let Db::Sqlite(s) = &db {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&s.pool).await.expect("checkpoint");
    }
    db.close().await;
    std::fs::create_dir_all(dir.join("uploads")).expect("uploads");
    Template { dir, pg_name }
}

fn template(demo: bool) -> &'static Template {
    static DEMO: std::sync::OnceLock<Template> = std::sync::OnceLock::new();
    static EMPTY: std::sync::OnceLock<Template> = std::sync::OnceLock::new();
    let cell = if demo { &DEMO } else { &EMPTY };
    // Built on a thread of its own: the pool must not belong to one test's runtime.
    cell.get_or_init(|| {
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(build_template(demo))
        })
        .join()
        .expect("template built")
    })
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(e.file_name());
        if e.file_type().expect("file type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("copy");
        }
    }
}

/// A database for one test (a copy of the demo, or an empty schema) on the
/// engine under test and, on PostgreSQL, its address.
pub async fn fresh_db_with_url(data: &std::path::Path, demo: bool) -> (Db, Option<String>) {
    let t = template(demo);
    copy_dir(&t.dir.join("uploads"), &data.join("uploads"));
    match (&t.pg_name, admin_url()) {
        (Some(tpl), Some(admin)) => {
            let name = format!("dost_test_{}", dost_web::visitors::random_hex(6));
            pg_admin(format!("CREATE DATABASE {name} TEMPLATE {tpl}")).await;
            let url = pg_url(&admin, &name);
            (dost::open_db(Some(&url), data).await.expect("open test database"), Some(url))
        }
        _ => {
            std::fs::copy(t.dir.join("dost.db"), data.join("dost.db")).expect("copy the template database");
            (dost::open_db(None, data).await.expect("open sqlite"), None)
        }
    }
}

pub async fn spawn(demo: bool) -> TestApp {
    spawn_with(demo, |_| {}).await
}

/// Starts the application with options changed by `configure` (limits,
/// proxies, the public address).
pub async fn spawn_with(demo: bool, configure: impl FnOnce(&mut dost::ServeOptions)) -> TestApp {
    let data = tempfile::tempdir().expect("tempdir");
    let (db, db_url) = fresh_db_with_url(data.path(), demo).await;
    let dir = data.path().to_path_buf();
    start(db, db_url, data, dir, configure).await
}

/// Serves `db` with the data folder `dir` (`data` is kept alive with the app).
pub async fn start(
    db: Db,
    db_url: Option<String>,
    data: TempDir,
    dir: std::path::PathBuf,
    configure: impl FnOnce(&mut dost::ServeOptions),
) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    let mut opts = dost::ServeOptions {
        listen: addr,
        data_dir: dir,
        base_url: None,
        trusted_proxies: dost_web::TrustedProxies::None,
        limits: dost_web::ConnectionLimits::default(),
        api_per_minute: 10_000,
        flush_every: std::time::Duration::from_secs(3600),
        smtp: None,
        extractor: Some(env!("CARGO_BIN_EXE_dost").into()),
        metrics_listener: false,
    };
    configure(&mut opts);
    let state = dost::state(db.clone(), &opts, addr).await.expect("state");
    let server_state = state.clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let _ = dost_web::serve(listener, server_state, async move {
            let _ = stopped.await;
        })
        .await;
    });
    TestApp { base: format!("http://{addr}"), state, db, data, db_url, server: Some(server), stop: Some(stop) }
}

impl TestApp {
    /// A second instance on the same PostgreSQL database and data folder.
    pub async fn twin(&self) -> TestApp {
        let url = self.db_url.clone().expect("two instances share a PostgreSQL database");
        let db = dost::open_db(Some(&url), self.data.path()).await.expect("open the shared database");
        let own = tempfile::tempdir().expect("tempdir");
        start(db, Some(url), own, self.data.path().to_path_buf(), |_| {}).await
    }

    /// This application as reached at `base` (through a proxy in front of it).
    pub fn through(&self, base: &str) -> TestApp {
        let data = tempfile::tempdir().expect("tempdir");
        let (state, db, db_url) = (self.state.clone(), self.db.clone(), self.db_url.clone());
        TestApp { base: base.to_string(), state, db, data, db_url, server: None, stop: None }
    }
}

/// One number from the database (a count, an id; 0 when the query finds no row).
pub async fn scalar(db: &Db, sql: &str) -> i64 {
    let sql = sqlx::AssertSqlSafe(sql.to_string());
    let got: Option<i64> = match db {
        Db::Sqlite(s) => sqlx::query_scalar(sql).fetch_optional(&s.pool).await.expect("query"),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_optional(p).await.expect("query"),
    };
    got.unwrap_or(0)
}

/// How many rows every table holds: what a refused request must leave as it was.
/// One text value of a query.
pub async fn scalar_text(app: &TestApp, sql: &str) -> String {
    let sql = sqlx::AssertSqlSafe(sql.to_string());
    match &app.db {
        dost_store::Db::Sqlite(s) => sqlx::query_scalar(sql).fetch_one(&s.pool).await.unwrap(),
        dost_store::Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    }
}

pub async fn row_counts(db: &Db) -> Vec<(String, i64)> {
    let list = match db {
        Db::Sqlite(_) => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Db::Postgres(_) => {
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        }
    };
    let tables: Vec<String> = match db {
        Db::Sqlite(s) => sqlx::query_scalar(list).fetch_all(&s.pool).await.expect("tables"),
        Db::Postgres(p) => sqlx::query_scalar(list).fetch_all(p).await.expect("tables"),
    };
    let sql =
        tables.iter().map(|t| format!("SELECT '{t}', COUNT(*) FROM \"{t}\"")).collect::<Vec<_>>().join(" UNION ALL ");
    let sql = sqlx::AssertSqlSafe(sql);
    match db {
        Db::Sqlite(s) => sqlx::query_as(sql).fetch_all(&s.pool).await.expect("counts"),
        Db::Postgres(p) => sqlx::query_as(sql).fetch_all(p).await.expect("counts"),
    }
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
    /// Asks the server to stop (as on SIGTERM) and waits until it has.
    pub async fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("server stopped cleanly");
        }
    }

    /// The address the server listens on (`127.0.0.1:port`).
    pub fn addr(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

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
        .args(arg.split('\u{1}'))
        .output()
        .expect("python3 is installed (see .ci/run)");
    assert!(out.status.success(), "python failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// A password every test account gets.
pub const PASSWORD: &str = "mật khẩu thử nghiệm 2020";

/// Creates a staff account directly in the store.
pub async fn add_user(app: &TestApp, username: &str, role: dost_domain::roles::Role) -> i64 {
    let hash = dost_app::passwords::hash(PASSWORD.to_string()).await.unwrap();
    let new = dost_store::accounts::NewUser {
        username,
        display_name: &format!("Cán bộ {username}"),
        email: "",
        password_hash: &hash,
        role,
        unit_id: None,
    };
    change!(app, tx => dost_store::accounts::create_user(&mut tx, &new).await?).expect("a new username")
}

/// Creates an account with a role in a unit (by its code).
pub async fn add_user_in_unit(app: &TestApp, username: &str, role: dost_domain::roles::Role, unit: &str) {
    add_user(app, username, role).await;
    let units = dost_store::accounts::units(&app.db).await.unwrap();
    let id = units.iter().find(|u| u.code == unit).map(|u| u.id);
    let user = dost_store::accounts::user_by_username(&app.db, username).await.unwrap().unwrap();
    change!(app, tx => dost_store::accounts::set_role(&mut tx, user.id, role, id).await?);
}

fn set_cookie_value(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or("").trim_start_matches(&format!("{name}=")).to_string())
}

pub fn csrf_in(html: &str) -> String {
    html.split("name=\"csrf\" value=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("").to_string()
}

/// A browser signed in as one staff member (cookies handled by hand).
pub struct Agent {
    pub client: reqwest::Client,
    pub base: String,
    pub cookie: String,
}

pub struct Reply {
    pub status: u16,
    pub location: String,
    pub body: String,
}

async fn reply(r: reqwest::Response) -> Reply {
    let status = r.status().as_u16();
    let location = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let body = r.text().await.unwrap_or_default();
    Reply { status, location, body }
}

/// Signs in through the real sign-in form; panics if it fails.
pub async fn sign_in(app: &TestApp, username: &str) -> Agent {
    let (status, agent) = try_sign_in(app, username, PASSWORD).await;
    assert_eq!(status, 303, "sign-in of {username}");
    agent.expect("session")
}

pub async fn try_sign_in(app: &TestApp, username: &str, password: &str) -> (u16, Option<Agent>) {
    let form = login_form(app).await;
    let r = form.post(app, username, password, "/quan-tri", &[]).await;
    let status = r.status().as_u16();
    let agent = set_cookie_value(&r, "dost_s").filter(|v| !v.is_empty()).map(|s| Agent {
        client: form.client.clone(),
        base: app.base.clone(),
        cookie: format!("dost_s={s}"),
    });
    (status, agent)
}

/// The sign-in form as a browser opened it: its client, cookie and token.
#[derive(Clone)]
pub struct LoginForm {
    pub client: reqwest::Client,
    pub cookie: String,
    pub csrf: String,
}

pub async fn login_form(app: &TestApp) -> LoginForm {
    let client = client(BROWSER_UA);
    let form = client.get(format!("{}/quan-tri/dang-nhap", app.base)).send().await.unwrap();
    let cookie = format!("dost_l={}", set_cookie_value(&form, "dost_l").expect("login cookie"));
    let csrf = csrf_in(&form.text().await.unwrap());
    LoginForm { client, cookie, csrf }
}

impl LoginForm {
    /// Posts the form with these credentials, return address and extra headers.
    pub async fn post(
        &self,
        app: &TestApp,
        username: &str,
        password: &str,
        tiep: &str,
        headers: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut r = self
            .client
            .post(format!("{}/quan-tri/dang-nhap", app.base))
            .header("Cookie", &self.cookie)
            .form(&[("username", username), ("password", password), ("csrf", self.csrf.as_str()), ("tiep", tiep)]);
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        r.send().await.unwrap()
    }
}

impl Agent {
    pub async fn get(&self, path: &str) -> Reply {
        reply(self.client.get(format!("{}{path}", self.base)).header("Cookie", &self.cookie).send().await.unwrap())
            .await
    }

    /// Posts a form as a browser would: the form that posts to `path` is
    /// found on its page (the address itself or one of its parents), every
    /// field it has is sent with its value on the page, and `fields` are set
    /// over them. When no page shows the form (it is refused to this person),
    /// the fields are posted with the session's token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let mut page = path.to_string();
        for _ in 0..3 {
            let html = self.get(&page).await;
            if html.status == 200 && pick(&forms(&html.body), path, fields).is_some() {
                return self.submit(&page, path, fields).await;
            }
            match page.rsplit_once('/') {
                Some((parent, _)) if parent.len() >= "/quan-tri".len() => page = parent.to_string(),
                _ => break,
            }
        }
        let csrf = csrf_in(&self.get("/quan-tri/mat-khau").await.body);
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        reply(
            self.client
                .post(format!("{}{path}", self.base))
                .header("Cookie", &self.cookie)
                .form(fields)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// Posts an upload: the session's token goes in the address, as the
    /// pages' upload forms put it (checked before the body is read).
    pub async fn post_multipart(&self, path: &str, form: reqwest::multipart::Form) -> Reply {
        let csrf = csrf_in(&self.get("/quan-tri/mat-khau").await.body);
        self.post_multipart_token(path, &csrf, form).await
    }

    /// Posts an upload with the given token in the address.
    pub async fn post_multipart_token(&self, path: &str, csrf: &str, form: reqwest::multipart::Form) -> Reply {
        let sep = if path.contains('?') { '&' } else { '?' };
        reply(
            self.client
                .post(format!("{}{path}{sep}csrf={csrf}", self.base))
                .header("Cookie", &self.cookie)
                .multipart(form)
                .send()
                .await
                .unwrap(),
        )
        .await
    }
}

/// The page's text with the figures' links taken out (not replaced by spaces).
pub fn preview_text(html: &str) -> String {
    let mut s = html.replace("</a>", "");
    while let Some(i) = s.find("<a class=\"figure\"") {
        let end = s[i..].find('>').map(|e| i + e + 1).unwrap_or(s.len());
        s.replace_range(i..end, "");
    }
    dost_domain::text::strip_tags(&s).replace("&amp;", "&")
}

/// Undoes the HTML escaping of an attribute value or a textarea's text.
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of an attribute of a tag's text (`<input name="a" value="b">`).
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

/// The forms of a page: (action without its query, fields as a browser sends them).
pub fn forms(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<form") {
        let after = &rest[i..];
        let tag_end = after.find('>').unwrap_or(after.len());
        let tag = &after[..tag_end];
        let end = after.find("</form>").unwrap_or(after.len());
        let body = &after[tag_end..end];
        let action = attr(tag, "action").unwrap_or_default();
        let action = action.split('?').next().unwrap_or("").to_string();
        let mut fields = Vec::new();
        let mut b = body;
        while let Some(j) = b.find('<') {
            let t = &b[j..];
            let close = t.find('>').unwrap_or(t.len());
            let el = &t[..close];
            if el.starts_with("<input") {
                let kind = attr(el, "type").unwrap_or_else(|| "text".into());
                let name = attr(el, "name");
                let checked = el.contains(" checked");
                match (kind.as_str(), name) {
                    ("submit" | "button" | "file", _) | (_, None) => {}
                    ("checkbox" | "radio", Some(n)) if checked => {
                        fields.push((n, attr(el, "value").unwrap_or("on".into())))
                    }
                    ("checkbox" | "radio", _) => {}
                    (_, Some(n)) => fields.push((n, attr(el, "value").unwrap_or_default())),
                }
            } else if el.starts_with("<select") {
                let s_end = t.find("</select>").unwrap_or(t.len());
                let options = &t[..s_end];
                let mut first = None;
                let mut chosen = None;
                for o in options.split("<option").skip(1) {
                    let v = attr(&format!(" {o}"), "value").unwrap_or_default();
                    first.get_or_insert(v.clone());
                    if o.split('>').next().unwrap_or("").contains(" selected") {
                        chosen = Some(v);
                    }
                }
                if let (Some(n), Some(v)) = (attr(el, "name"), chosen.or(first)) {
                    fields.push((n, v));
                }
            } else if el.starts_with("<textarea") {
                let t_end = t.find("</textarea>").unwrap_or(t.len());
                if let Some(n) = attr(el, "name") {
                    fields.push((n, unescape(&t[close + 1..t_end])));
                }
            }
            b = &b[j + 1..];
        }
        out.push((action, fields));
        rest = &after[end.min(after.len())..];
        if rest.len() == after.len() {
            break;
        }
    }
    out
}

/// The form posting to `action` that has every field named in `set` (a
/// hidden `action` field must match), or else the first posting to `action`.
fn pick<'a>(
    all: &'a [(String, Vec<(String, String)>)],
    action: &str,
    set: &[(&str, &str)],
) -> Option<&'a Vec<(String, String)>> {
    let matching = all.iter().filter(|(a, _)| a == action);
    let exact = matching.clone().find(|(_, fields)| {
        set.iter().all(|(k, v)| {
            let value = fields.iter().find(|(n, _)| n == k).map(|(_, x)| x.as_str());
            value.is_some() && (*k != "action" || value == Some(*v))
        })
    });
    exact.or_else(|| matching.clone().next()).map(|(_, f)| f)
}

impl Agent {
    /// Submits a form of `page` as a browser would: every field the form has,
    /// with its value on the page, then `set` over it (a name given replaces
    /// all its values; an empty value of a checkbox leaves it unchecked).
    /// Among forms posting to `action`, the first that has every field named
    /// in `set` is used (hidden fields named in `set` must match).
    pub async fn submit(&self, page: &str, action: &str, set: &[(&str, &str)]) -> Reply {
        let html = self.get(page).await.body;
        let all = forms(&html);
        let fields = pick(&all, action, set).unwrap_or_else(|| panic!("no form posting to {action} on {page}"));
        let mut out: Vec<(String, String)> =
            fields.iter().filter(|(n, _)| !set.iter().any(|(k, _)| k == n)).cloned().collect();
        for (k, v) in set {
            out.push(((*k).to_string(), (*v).to_string()));
        }
        let out: Vec<(&str, &str)> = out.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.post_raw(action, &out).await
    }
}

/// Posts a step of a task as its page does: a multipart form (the scan may
/// come with it) with every field of the form, the token in the address.
pub async fn step_post(agent: &Agent, path: &str, fields: &[(&str, &str)]) -> Reply {
    let mut form = reqwest::multipart::Form::new();
    for (k, default) in [("doc_signer", ""), ("note", "")] {
        if !fields.iter().any(|(n, _)| *n == k) {
            form = form.text(k, default);
        }
    }
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    agent.post_multipart(path, form).await
}

/// Converts a document to PDF with LibreOffice, next to it; returns the PDF's path.
pub fn to_pdf(doc: &std::path::Path) -> std::path::PathBuf {
    let dir = doc.parent().expect("a file in a directory");
    let out = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(doc)
        .output()
        .expect("LibreOffice is installed (scripts/setup)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    doc.with_extension("pdf")
}

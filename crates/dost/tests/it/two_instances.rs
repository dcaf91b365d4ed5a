//! Two instances on one PostgreSQL database behind nginx act as one site:
//! sessions, uploads (in the data folder both share), content changes and
//! request limits. SQLite is one instance; these tests return at once there.

use dost_domain::roles::Role;

use crate::support::*;

/// nginx in front of `upstreams`, taking turns (round robin).
struct Nginx {
    base: String,
    child: std::process::Child,
    _dir: tempfile::TempDir,
}

impl Nginx {
    fn start(upstreams: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let servers: String =
            upstreams.iter().map(|u| format!("server {};\n", u.trim_start_matches("http://"))).collect();
        let conf = format!(
            "worker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\nevents {{ worker_connections 256; }}\n\
             http {{\n access_log off;\n client_body_temp_path {d};\n proxy_temp_path {d};\n fastcgi_temp_path {d};\n\
             uwsgi_temp_path {d};\n scgi_temp_path {d};\n client_max_body_size 30m;\n\
             upstream dost {{\n{servers}}}\n server {{\n listen 127.0.0.1:{port};\n location / {{\n proxy_pass http://dost;\n\
             proxy_set_header Host $host:$server_port;\n proxy_set_header X-Forwarded-For $remote_addr;\n }}\n }}\n}}\n",
            d = dir.path().display()
        );
        std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
        let child = std::process::Command::new("nginx")
            .args(["-p", &dir.path().display().to_string(), "-c", "nginx.conf", "-g", "daemon off;"])
            .spawn()
            .expect("nginx (scripts/setup installs it)");
        let base = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Self { base, child, _dir: dir }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn two_instances_behind_nginx_act_as_one_site() {
    let a = spawn(true).await;
    if a.db_url.is_none() {
        return;
    }
    let b = a.twin().await;
    let proxy = Nginx::start(&[&a.base, &b.base]);
    let site = a.through(&proxy.base);

    // a session made through one instance holds on the other
    add_user(&a, "bientap", Role::Editor).await;
    let editor = sign_in(&site, "bientap").await;
    for _ in 0..4 {
        assert_eq!(editor.get("/quan-tri/tep").await.status, 200);
    }

    // a file uploaded through one is served by both
    let form = reqwest::multipart::Form::new()
        .text("alt", "Sơ đồ")
        .part("file", reqwest::multipart::Part::bytes(GIF.to_vec()).file_name("so-do.gif"));
    let r = editor.post_multipart("/quan-tri/tep", form).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let media = dost_store::media::list(&a.db, "", 10, 0).await.unwrap();
    let gif = media.iter().find(|m| m.file_path.ends_with(".gif")).expect("recorded");
    for base in [&a.base, &b.base, &proxy.base] {
        let served = client(BROWSER_UA).get(format!("{base}/tep/{}", gif.file_path)).send().await.unwrap();
        assert_eq!(served.status(), 200, "{base}");
        assert_eq!(served.bytes().await.unwrap().as_ref(), GIF, "{base}");
    }

    // a change made on one shows on the other within its poll (2 seconds)
    b.get("/").await;
    let title = "Thông báo thử nghiệm hai máy chủ";
    let cats = dost_store::portal::categories(&a.db).await.unwrap();
    let cat = cats.iter().find(|c| c.slug == "thong-bao").unwrap().id;
    let now = a.state.clock.now();
    change!(a, tx => dost_store::content::insert_article(&mut tx, &dost_store::content::NewArticle {
        slug: "", title, lead: "Nội dung", body_html: "<p>x</p>", author: "", source: "", image: None,
        status: dost_domain::content::ArticleStatus::Published, featured: false, category_ids: &[cat], tags: &[],
        published_at: now - 1, now,
    }).await?);
    a.state.refresh().await.unwrap();
    assert!(a.get("/").await.body.contains(title));
    let mut shown = false;
    for _ in 0..40 {
        if b.get("/").await.body.contains(title) {
            shown = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(shown, "the other instance shows the change within 4 seconds");

    // request limits count once for both: 30 dossier lookups per address per window
    let slot = |app: &TestApp| app.state.clock.now() / 600;
    let first = slot(&a);
    let visitor = client(BROWSER_UA);
    let mut statuses = Vec::new();
    for _ in 0..31 {
        let r = visitor.get(format!("{}/tra-cuu-ho-so?ma=KHONG-CO", proxy.base)).send().await.unwrap();
        statuses.push(r.status().as_u16());
    }
    if slot(&a) == first {
        assert!(statuses[..30].iter().all(|s| *s != 429), "{statuses:?}");
        assert_eq!(statuses[30], 429, "the 31st lookup is refused whichever instance answers");
    }
}

//! The open-data API (issue 16): every section as JSON with links and pages,
//! nothing of a task beyond its public page, validators and compression,
//! CORS, the limit per address, problem details, and an OpenAPI document
//! that covers every route and that schemathesis finds nothing against.

use serde_json::Value;

use chrono::Datelike;

use crate::support::*;

async fn json(app: &TestApp, path: &str) -> Value {
    let p = app.get(path).await;
    assert_eq!(p.status, 200, "{path}: {}", p.body);
    assert_eq!(p.headers["content-type"], "application/json", "{path}");
    serde_json::from_str(&p.body).unwrap()
}

#[tokio::test]
async fn every_section_answers_in_json_with_links_and_pages() {
    let app = spawn(true).await;
    let base = &app.base;
    let first = json(&app, "/api/v1/articles?per_page=5").await;
    assert_eq!(first["items"].as_array().unwrap().len(), 5);
    let total = first["meta"]["total"].as_i64().unwrap();
    let published = dost_store::portal::published_count(&app.db, app.state.clock.now()).await.unwrap();
    assert_eq!(total, published, "every published article is counted");
    let a = &first["items"][0];
    assert!(a["published_at"].as_str().unwrap().ends_with("+07:00"), "ISO 8601, Vietnam time");
    let html = a["links"]["html"].as_str().unwrap();
    assert_eq!(app.get(html.trim_start_matches(base.as_str())).await.status, 200, "the page it links to");
    // the next page continues where this one ends, without repeating
    let next = first["links"]["next"].as_str().unwrap().trim_start_matches(base.as_str()).to_string();
    let second = json(&app, &next).await;
    let ids = |v: &Value| v["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect::<Vec<_>>();
    assert!(ids(&first).iter().all(|i| !ids(&second).contains(i)));
    let when = |v: &Value, i: usize| v["items"][i]["published_at"].as_str().unwrap().to_string();
    assert!(when(&first, 4) >= when(&second, 0), "newest first");
    // one article in full, the same text as its page
    let one = json(&app, &format!("/api/v1/articles/{}", ids(&first)[0])).await;
    assert!(one["body_html"].as_str().unwrap().contains("<p>"));
    // filters as the portal's: a category with its sub-categories, a year, words without diacritics
    let cat = json(&app, "/api/v1/articles?category=linh-vuc-quan-ly&per_page=100").await;
    assert!(cat["meta"]["total"].as_i64().unwrap() > 0);
    let y2019 = json(&app, "/api/v1/articles?year=2019&per_page=100").await;
    assert!(y2019["items"].as_array().unwrap().iter().all(|i| i["published_at"].as_str().unwrap().starts_with("2019")));
    let found = json(&app, "/api/v1/articles?q=do+luong").await;
    assert!(found["meta"]["total"].as_i64().unwrap() > 0);
    let cats = json(&app, "/api/v1/categories").await;
    assert!(cats["items"].as_array().unwrap().iter().any(|c| c["slug"] == "so-huu-tri-tue"));

    let tasks = json(&app, "/api/v1/tasks?q=le+xanh").await;
    assert_eq!(tasks["meta"]["total"], 1);
    assert_eq!(tasks["items"][0]["links"]["html"], format!("{base}/nhiem-vu/{}", tasks["items"][0]["id"]));
    let docs = json(&app, "/api/v1/legal-documents?q=khoai+mon").await;
    assert_eq!(docs["items"][0]["number"], "112/KH-SKHCN", "found by a word inside its PDF");
    let replaced = json(&app, "/api/v1/legal-documents?per_page=100").await;
    let with_relation =
        replaced["items"].as_array().unwrap().iter().find(|d| d["replaced_by"]["link"].is_string()).unwrap();
    let by = with_relation["replaced_by"]["link"].as_str().unwrap().trim_start_matches(base.as_str()).to_string();
    let newer = json(&app, &by).await;
    assert!(newer["replaces"].as_array().unwrap().iter().any(|r| r["number"] == with_relation["number"]), "both ways");
    let procedure = json(&app, "/api/v1/procedures/bx_cap_moi").await;
    assert!(procedure["documents"].as_array().unwrap().len() >= 3);
    assert!(procedure["forms"][0].as_str().unwrap().ends_with(".docx"));
    assert_eq!(json(&app, "/api/v1/procedures?area=shtt").await["meta"]["total"], 1);
    let pin = scalar(&app.db, "SELECT CAST(lookup_pin AS BIGINT) FROM dossiers WHERE code = 'HS-2020-0001'").await;
    let dossier = json(&app, &format!("/api/v1/dossiers/hs-2020-0001?pin={pin:06}")).await;
    assert_eq!(dossier["code"], "HS-2020-0001");
    assert_eq!(dossier["applicant"], "Phòng khám Đa khoa Tâm Đức", "an organisation is named");
    // the demo's schedule is of the weeks before it was loaded
    let newest = "SELECT MAX(day) FROM schedule_entries";
    let day: chrono::NaiveDate = match &app.db {
        dost_store::Db::Sqlite(s) => sqlx::query_scalar(newest).fetch_one(&s.pool).await.unwrap(),
        dost_store::Db::Postgres(p) => sqlx::query_scalar(newest).fetch_one(p).await.unwrap(),
    };
    let iso = |d: chrono::NaiveDate| format!("{}-W{:02}", d.iso_week().year(), d.iso_week().week());
    let week = json(&app, &format!("/api/v1/schedule?week={}", iso(day))).await;
    assert!(!week["entries"].as_array().unwrap().is_empty());
    assert_eq!(week["previous"], format!("{base}/api/v1/schedule?week={}", iso(day - chrono::Duration::days(7))));
    let qa = json(&app, "/api/v1/questions?topic=do_luong").await;
    assert!(qa["items"].as_array().unwrap().iter().all(|q| q["topic"]["code"] == "do_luong"));
    assert!(!qa.to_string().contains("@example.vn"), "no questioner's e-mail");
    // the month before the newest day counted, in full
    let month = chrono::Datelike::with_day(&day, 1).unwrap().pred_opt().unwrap();
    let stats = json(&app, &format!("/api/v1/statistics?year={}&month={}", month.year(), month.month())).await;
    assert_eq!(stats["days"].as_array().unwrap().len() as u32, month.day());
    assert!(stats["total"].as_i64().unwrap() > 0);
    // Vietnamese text comes out composed (NFC)
    let text = serde_json::to_string(&found).unwrap();
    assert_eq!(text, dost_domain::text::nfc(&text));
}

#[tokio::test]
async fn a_task_in_the_api_shows_no_more_than_its_public_page() {
    let app = spawn(true).await;
    let list = json(&app, "/api/v1/tasks?per_page=100").await;
    let items = list["items"].as_array().unwrap();
    assert!(items.len() >= 5);
    const ALLOWED: [&str; 19] = [
        "id",
        "code",
        "title",
        "level",
        "task_type",
        "field",
        "programme",
        "lead_org",
        "investigator",
        "start_month",
        "end_month",
        "status",
        "objectives",
        "content",
        "methods",
        "expected_results",
        "result",
        "links",
        "label",
    ];
    for item in items {
        let id = item["id"].as_i64().unwrap();
        let task = json(&app, &format!("/api/v1/tasks/{id}")).await;
        let page = app.get(&format!("/nhiem-vu/{id}")).await.body;
        let shown = dost_domain::text::decode_entities(&dost_domain::text::strip_tags(&page));
        let shown: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        for (key, value) in task.as_object().unwrap() {
            assert!(ALLOWED.contains(&key.as_str()), "task {id}: the API gives «{key}», which the page does not show");
            let texts: Vec<String> = match value {
                Value::String(s) => vec![s.clone()],
                Value::Object(o) if key != "links" => {
                    o.get("label").and_then(Value::as_str).map(|s| vec![s.to_string()]).unwrap_or_default()
                }
                _ => Vec::new(),
            };
            for t in texts.iter().filter(|t| !t.is_empty()) {
                let t = match key.as_str() {
                    // months are shown mm/yyyy on the page
                    "start_month" | "end_month" => format!("{}/{}", &t[5..7], &t[..4]),
                    _ => t.split_whitespace().collect::<Vec<_>>().join(" "),
                };
                assert!(shown.contains(&t), "task {id}: «{key}» = «{t}» is not on its public page");
            }
        }
        // never the budget, the contract, the council or personal data
        let text = task.to_string().to_lowercase();
        for word in ["budget", "kinh_phi", "contract", "hop_dong", "council", "hoi_dong", "email", "phone", "members"] {
            assert!(!task.as_object().unwrap().keys().any(|k| k.contains(word)), "task {id} has a «{word}» field");
        }
        let t = dost_store::tasks::get(&app.db, id).await.unwrap().unwrap();
        if t.budget_total > 0 {
            assert!(!text.contains(&t.budget_total.to_string()), "task {id}: its budget");
        }
    }
    // a task not yet public is not in the API either
    let hidden = scalar(&app.db, "SELECT MIN(id) FROM tasks WHERE stage IN ('de_xuat', 'xac_dinh')").await;
    if hidden > 0 {
        assert_eq!(app.get(&format!("/api/v1/tasks/{hidden}")).await.status, 404);
    }
}

#[tokio::test]
async fn answers_are_validated_compressed_shared_limited_and_problems_are_explained() {
    let app = spawn_with(true, |o| o.api_per_minute = 40).await;
    let c = client(BROWSER_UA);
    let url = format!("{}/api/v1/legal-documents", app.base);
    let r = c.get(&url).send().await.unwrap();
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let modified = r.headers()["last-modified"].to_str().unwrap().to_string();
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert_eq!(r.headers()["cache-control"], "no-cache");
    let again = c.get(&url).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    let since = c.get(&url).header("If-Modified-Since", &modified).send().await.unwrap();
    assert_eq!(since.status(), 304);
    for (asked, got) in [("br", "br"), ("gzip", "gzip")] {
        let z = c.get(&url).header("Accept-Encoding", asked).send().await.unwrap();
        assert_eq!(z.headers()["content-encoding"], got);
        assert!(
            z.headers().get_all("vary").iter().any(|v| v.to_str().unwrap().to_lowercase().contains("accept-encoding"))
        );
    }
    // a change on the portal changes the answer's validators
    add_user_in_unit(&app, "chanhvp", dost_domain::roles::Role::UnitHead, "VP").await;
    let head = sign_in(&app, "chanhvp").await;
    let saved = head
        .post(
            "/quan-tri/so/van-ban/moi",
            &[
                ("number", "5/TB-SKHCN"),
                ("kind", "cong_van"),
                ("issuer", "Sở Khoa học và Công nghệ"),
                ("issued_on", "05/10/2020"),
                ("summary", "Thông báo nghỉ lễ"),
                ("status", "con_hieu_luc"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    let changed = c.get(&url).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(changed.status(), 200);
    // CORS: any origin may read; nothing may be written
    let pre = c.request(reqwest::Method::OPTIONS, &url).header("Origin", "https://data.example").send().await.unwrap();
    assert_eq!(pre.status(), 204);
    assert!(pre.headers()["access-control-allow-methods"].to_str().unwrap().starts_with("GET"));
    let post = c.post(&url).body("{}").send().await.unwrap();
    assert_eq!(post.status(), 405);
    assert_eq!(post.headers()["content-type"], "application/problem+json");
    // bad input: a problem with a Vietnamese detail, never a 5xx
    for (path, status, says) in [
        ("/api/v1/articles?per_page=1000", 400, "per_page"),
        ("/api/v1/articles?page=0", 400, "page"),
        ("/api/v1/articles?year=abc", 400, "year"),
        ("/api/v1/tasks?level=cap_vu_tru", 400, "level"),
        ("/api/v1/tasks?mau=xanh", 400, "không được hỗ trợ"),
        ("/api/v1/legal-documents/999999", 404, "Không có văn bản"),
        ("/api/v1/legal-documents/abc", 404, "Không có văn bản"),
        ("/api/v1/articles?category=khong-co", 404, "chuyên mục"),
        ("/api/v1/schedule?week=tuan-nay", 400, "Tuần"),
        ("/api/v1/dossiers/%3Cscript%3E", 400, "Mã hồ sơ"),
        ("/api/v1/khong-co", 404, "Không có tài nguyên"),
        ("/api/v1/articles?q=%FF", 400, "không hợp lệ"),
    ] {
        let r = c.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{path}");
        assert_eq!(r.headers()["content-type"], "application/problem+json", "{path}");
        let p: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        assert_eq!(p["status"], status);
        assert!(p["detail"].as_str().unwrap().contains(says), "{path}: {p}");
    }
    // the limit per address: 429 with Retry-After
    let mut limited = None;
    for _ in 0..60 {
        let r = c.get(format!("{}/api/v1/categories", app.base)).send().await.unwrap();
        if r.status() == 429 {
            limited = Some(r);
            break;
        }
    }
    let r = limited.expect("the limit of 40 a minute is reached");
    let wait: i64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    assert_eq!(app.get("/").await.status, 200, "the portal itself is not limited");
}

#[tokio::test]
async fn the_openapi_document_covers_every_route_and_schemathesis_finds_nothing() {
    let app = spawn(true).await;
    let doc = json(&app, "/api/v1/openapi.json").await;
    assert_eq!(doc["openapi"], "3.1.0");
    let documented: Vec<&str> = doc["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    let mut routes = dost_web::api::data_paths();
    routes.sort();
    let mut documented_sorted = documented.clone();
    documented_sorted.sort();
    assert_eq!(routes, documented_sorted, "every route described, nothing described that is not a route");
    assert!(doc["components"]["schemas"]["Task"]["properties"].get("budget_total").is_none());
    let page = app.get("/api/v1/tai-lieu").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("GET /api/v1/legal-documents") && page.body.contains("id=\"schema-Task\""));
    assert!(!page.body.contains("<script"), "the page needs nothing from elsewhere");
    // run off the test's thread: the server answers on it meanwhile
    let spec = format!("{}/api/v1/openapi.json", app.base);
    let workdir = app.data.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("python3")
            // its cache and reports go to the test's own folder
            .current_dir(workdir)
            .args(["-m", "schemathesis.cli", "run", &spec, "--checks", "all", "-n", "15", "--seed", "7"])
            .env("NO_COLOR", "1")
            .output()
            .expect("schemathesis (pip install schemathesis; scripts/setup installs it)")
    })
    .await
    .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "schemathesis found problems:\n{text}");
    assert!(text.contains("passed"), "{text}");
}

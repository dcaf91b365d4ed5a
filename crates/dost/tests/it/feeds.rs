//! RSS and sitemap, read back by real parsers (Python feedparser and lxml).

use crate::support::*;

const FEEDPARSER: &str = r#"
import sys, json, feedparser
d = feedparser.parse(open(sys.argv[1], 'rb').read())
print(json.dumps({
  "bozo": int(d.bozo), "title": d.feed.get("title"), "language": d.feed.get("language"),
  "links": [e.link for e in d.entries], "titles": [e.title for e in d.entries],
  "dated": all(e.get("published_parsed") for e in d.entries),
}, ensure_ascii=False))
"#;

const SITEMAP: &str = r#"
import sys, json
from lxml import etree
root = etree.parse(sys.argv[1]).getroot()
ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
print(json.dumps([u.text for u in root.findall("s:url/s:loc", ns)]))
"#;

fn save(app: &TestApp, name: &str, body: &str) -> String {
    let path = app.data.path().join(name);
    std::fs::write(&path, body).unwrap();
    path.to_string_lossy().into_owned()
}

#[tokio::test]
async fn rss_feeds_parse_and_list_the_newest_articles() {
    let app = spawn(true).await;
    let p = app.get("/rss.xml").await;
    assert_eq!(p.status, 200);
    assert!(p.headers["content-type"].to_str().unwrap().starts_with("application/rss+xml"));
    let out = python(FEEDPARSER, &save(&app, "rss.xml", &p.body));
    assert!(out.contains("\"bozo\": 0"), "{out}");
    assert!(out.contains("\"title\": \"Trang thông tin điện tử Sở KH&CN Cao Bằng\""), "{out}");
    assert!(out.contains("\"language\": \"vi\""), "{out}");
    assert!(out.contains("\"dated\": true"), "{out}");
    let newest = app.article_path("Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến tiếp tục tăng").await;
    assert!(out.contains(&format!("\"links\": [\"{}{newest}\"", app.base)), "{out}");
    assert_eq!(out.matches(&format!("{}/", app.base)).count(), 30);

    let cat = app.get("/rss/so-huu-tri-tue.xml").await;
    let out = python(FEEDPARSER, &save(&app, "cat.xml", &cat.body));
    assert!(out.contains("\"bozo\": 0"), "{out}");
    assert!(out.contains("Sở hữu trí tuệ"), "{out}");
    let links = out.split("\"links\": [").nth(1).unwrap().split(']').next().unwrap();
    assert!(links.split(',').all(|l| l.contains("/so-huu-tri-tue/")), "{links}");
    assert_eq!(app.get("/rss/khong-co.xml").await.status, 404);
}

#[tokio::test]
async fn the_sitemap_lists_every_published_article_once() {
    let app = spawn(true).await;
    let p = app.get("/sitemap.xml").await;
    assert_eq!(p.status, 200);
    let out = python(SITEMAP, &save(&app, "sitemap.xml", &p.body));
    let now = app.state.clock.now();
    let articles = dost_store::portal::latest(&app.db, now, 10_000, 0).await.unwrap();
    for a in &articles {
        assert_eq!(out.matches(&format!("\"{}{}\"", app.base, a.path())).count(), 1, "{}", a.title);
    }
    assert!(out.contains(&format!("\"{}/\"", app.base)));
    assert!(out.contains(&format!("\"{}/khoa-hoc-cong-nghe\"", app.base)));
}

#[tokio::test]
async fn the_sections_have_their_feeds_and_are_in_the_sitemap_and_the_search() {
    let app = spawn(true).await;
    for (section, expected) in [("van-ban", "/van-ban/"), ("du-thao", "/du-thao/"), ("hoi-dap", "/hoi-dap/")] {
        let p = app.get(&format!("/rss/{section}.xml")).await;
        assert_eq!(p.status, 200, "{section}");
        let out = python(FEEDPARSER, &save(&app, &format!("{section}.xml"), &p.body));
        assert!(out.contains("\"bozo\": 0") && out.contains("\"dated\": true"), "{section}: {out}");
        let links = out.split("\"links\": [").nth(1).unwrap().split(']').next().unwrap();
        assert!(!links.is_empty() && links.split(',').all(|l| l.contains(expected)), "{section}: {links}");
    }
    let hoi_dap = app.get("/rss/hoi-dap.xml").await.body;
    assert_eq!(hoi_dap.matches("<item>").count(), 15, "the answered questions only");
    let sitemap = python(SITEMAP, &save(&app, "sitemap.xml", &app.get("/sitemap.xml").await.body));
    for path in ["/gioi-thieu", "/en/about", "/du-thao", "/hoi-dap", "/hoi-dap/1", "/du-thao/1"] {
        assert!(sitemap.contains(&format!("\"{}{path}\"", app.base)), "{path}");
    }
    // the portal's search points to matches in the sections
    let found = app.get("/tim-kiem?q=buc+xa").await.body;
    assert!(found.contains("Trong các mục khác") && found.contains("/thu-tuc-hanh-chinh?q=buc+xa"), "{found}");
    assert!(found.contains("Hỏi đáp ("));
}

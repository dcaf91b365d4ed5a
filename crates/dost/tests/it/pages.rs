//! Home, categories, 404s, static files and cache headers.

use crate::support::*;

#[tokio::test]
async fn home_shows_featured_latest_sections_and_sidebar_blocks() {
    let app = spawn(true).await;
    let p = app.get("/").await;
    assert_eq!(p.status, 200);
    assert!(p.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    let b = &p.body;
    let text = dost_domain::text::strip_tags(b);
    assert!(b.contains("<html lang=\"vi\">"));
    assert!(b.contains("Sở Khoa học và Công nghệ tỉnh Cao Bằng"));
    for heading in [
        "Tin nổi bật",
        "Tin mới nhất",
        "Tin hoạt động của Sở",
        "Phim phổ biến kiến thức KH&CN",
        "Hoạt động tham mưu tư vấn",
        "Kỷ yếu KH&CN",
        "Thông tin nhiệm vụ KH&CN",
        "Thống kê truy cập",
        "Đang truy cập",
        "Máy chủ tìm kiếm",
        "Khách viếng thăm",
        "Hôm nay",
        "Tháng hiện tại",
        "Tổng lượt truy cập",
    ] {
        assert!(text.contains(heading), "home lacks {heading}");
    }
    // the newest article is listed first under "Tin mới nhất"
    let latest = links_in_class(b, "article-list");
    assert_eq!(latest[0], app.article_path("Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến tiếp tục tăng").await);
    // the top menu lists the root categories and their children
    let start = b.find("<nav class=\"menu\"").unwrap();
    let menu = &b[start..start + b[start..].find("</nav>").unwrap()];
    for c in
        ["/tin-tuc-su-kien", "/khoa-hoc-cong-nghe", "/tieu-chuan-do-luong-chat-luong", "/hoat-dong-tham-muu-tu-van"]
    {
        assert!(menu.contains(&format!("href=\"{c}\"")), "menu lacks {c}");
    }
}

#[tokio::test]
async fn a_parent_category_lists_its_sub_categories_articles_with_pages() {
    let app = spawn(true).await;
    let p = app.get("/tin-tuc-su-kien").await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("<h1 class=\"page-title\">Tin tức sự kiện</h1>"));
    assert_eq!(text_of_class(&p.body, "breadcrumb").unwrap(), "Trang nhất Tin tức sự kiện");
    let now = app.state.clock.now();
    let layout_parent = dost_store::portal::categories(&app.db).await.unwrap();
    let parent = layout_parent.iter().find(|c| c.slug == "tin-tuc-su-kien").unwrap();
    let total = dost_store::portal::count_in_category(&app.db, now, parent.id).await.unwrap();
    assert!(total > 12, "sub-category articles count for the parent: {total}");
    let first_page = links_in_class(&p.body, "article-list");
    assert_eq!(first_page.len(), 12);
    assert!(p.body.contains("Trang 1/"));
    let p2 = app.get("/tin-tuc-su-kien?trang=2").await;
    assert_eq!(p2.status, 200);
    let second = links_in_class(&p2.body, "article-list");
    assert!(!second.is_empty());
    assert!(second.iter().all(|l| !first_page.contains(l)), "page 2 repeats page 1");
    // every page in turn gives every article once, newest first, as the database orders them
    let pages = (total as usize).div_ceil(12);
    assert!(p.body.contains(&format!("Trang 1/{pages}")), "the page count is true");
    let mut walked = Vec::new();
    for n in 1..=pages {
        walked.extend(links_in_class(&app.get(&format!("/tin-tuc-su-kien?trang={n}")).await.body, "article-list"));
    }
    let newest_first: Vec<String> = dost_store::portal::in_category(&app.db, now, parent.id, 1000)
        .await
        .unwrap()
        .iter()
        .map(|a| a.path())
        .collect();
    assert_eq!(walked, newest_first);
    assert_eq!(app.get(&format!("/tin-tuc-su-kien?trang={}", pages + 1)).await.status, 404, "past the last page");
    // a sub-category shows its own breadcrumb chain
    let sub = app.get("/khoa-hoc-cong-nghe").await;
    assert_eq!(text_of_class(&sub.body, "breadcrumb").unwrap(), "Trang nhất Tin tức sự kiện Khoa học & công nghệ");
}

#[tokio::test]
async fn bad_pages_and_addresses_get_clear_vietnamese_answers() {
    let app = spawn(true).await;
    for (path, status) in [
        ("/khong-co-chuyen-muc-nay", 404),
        ("/khoa-hoc-cong-nghe/khong-co-bai.html", 404),
        ("/khoa-hoc-cong-nghe/bai-viet-999999.html", 404),
        ("/khoa-hoc-cong-nghe/bai-viet-0.html", 404),
        ("/khoa-hoc-cong-nghe/x-99999999999999999999999.html", 404),
        ("/a/b/c/d", 404),
        ("/in/abc", 404),
        ("/video/-1", 404),
        ("/tai-lieu/9999", 404),
        ("/tin-tuc-su-kien?trang=0", 400),
        ("/tin-tuc-su-kien?trang=abc", 400),
        ("/tin-tuc-su-kien?trang=999", 404),
        ("/tin-tuc-su-kien?trang=%FF", 400),
        ("/tep/../dost.db", 404),
        ("/tep/anh/..%2F..%2Fdost.db", 404),
        ("/tep/.secret", 404),
        ("/%FF", 400),
        ("/khoa-hoc-cong-nghe/%FF.html", 400),
        ("/in/%C3%28", 400),
    ] {
        let p = app.get(path).await;
        assert_eq!(p.status, status, "{path}");
        assert!(p.headers["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
        let expected = if status == 404 { "Không tìm thấy trang" } else { "không hợp lệ" };
        assert!(p.body.contains(expected), "{path}: {}", &p.body[..p.body.len().min(400)]);
    }
    let long = format!("/tin-tuc-su-kien?{}", "x=1&".repeat(2000));
    assert_eq!(app.get(&long).await.status, 400);
}

#[tokio::test]
async fn pages_revalidate_with_etags_and_assets_are_cached_for_good() {
    let app = spawn(true).await;
    let c = client(BROWSER_UA);
    let first = app.get_with(&c, "/").await;
    let etag = first.headers["etag"].to_str().unwrap().to_string();
    assert_eq!(first.headers["cache-control"], "no-cache");
    assert_eq!(first.headers["x-content-type-options"], "nosniff");
    assert!(first.headers["content-security-policy"].to_str().unwrap().contains("script-src 'self'"));
    let again = c.get(format!("{}/", app.base)).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    // new visitor figures change the page, so the old copy is no longer current
    app.state.flush_visitors().await.unwrap();
    let after = c.get(format!("{}/", app.base)).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(after.status(), 200);
    let css = app.get("/static/site.css").await;
    assert_eq!(css.status, 200);
    assert!(css.headers["cache-control"].to_str().unwrap().contains("immutable"));
    assert!(css.body.contains("Be Vietnam Pro"));
    let font = c.get(format!("{}/static/fonts/be-vietnam-pro-vietnamese-400.woff2", app.base)).send().await.unwrap();
    assert_eq!(font.headers()["content-type"], "font/woff2");
}

#[tokio::test]
async fn health_robots_tasks_stats_contact_and_documents() {
    let app = spawn(true).await;
    assert_eq!(app.get("/healthz").await.status, 200);
    let robots = app.get("/robots.txt").await;
    assert!(robots.body.contains(&format!("Sitemap: {}/sitemap.xml", app.base)));
    let tasks = app.get("/nhiem-vu?q=le+xanh").await;
    assert!(tasks.body.contains("nguồn gen cây lê xanh bản địa"));
    assert!(app.get("/lien-he").await.body.contains("Giờ làm việc"));
    assert!(app.get("/thong-ke").await.body.contains("Máy chủ tìm kiếm"));
    // a proceedings document downloads as an attachment with its Vietnamese-free file name
    let home = app.get("/").await;
    let docs = links_in_class(&home.body, "block block-documents");
    assert!(!docs.is_empty());
    let r = client(BROWSER_UA).get(format!("{}{}", app.base, docs[0])).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"ky-yeu-"));
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF-"));
    // uploaded pictures are served, but can never run scripts
    let img = app.get(&links_in_class(&home.body, "block block-videos")[0]).await;
    assert_eq!(img.status, 200);
}

#[tokio::test]
async fn a_page_is_one_view_and_errors_feeds_and_files_are_none() {
    let app = spawn(true).await;
    let views =
        || async { scalar(&app.db, "SELECT CAST(COALESCE(SUM(page_views), 0) AS BIGINT) FROM visit_daily").await };
    app.state.flush_visitors().await.unwrap();
    let before = views().await;
    let c = client(BROWSER_UA);
    // pages answered by the router (a search and a register are not cached): one view each
    for path in ["/tim-kiem?q=do+luong", "/nhiem-vu?q=le+xanh", "/van-ban"] {
        assert_eq!(app.get_with(&c, path).await.status, 200, "{path}");
    }
    // not views: a page that is not there, a feed, the sitemap, a static file
    for (path, status) in
        [("/khong-co-trang-nay/abc-1", 404), ("/rss.xml", 200), ("/sitemap.xml", 200), ("/static/site.css", 200)]
    {
        assert_eq!(app.get_with(&c, path).await.status, status, "{path}");
    }
    app.state.flush_visitors().await.unwrap();
    assert_eq!(views().await, before + 3);
}

//! The 5-star rating: one vote per visitor, 1 to 5 only, nothing written on bad input.

use crate::support::*;

async fn vote(
    app: &TestApp,
    c: &reqwest::Client,
    id: &str,
    body: &str,
    cookie: Option<&str>,
    json: bool,
) -> reqwest::Response {
    let mut r = c
        .post(format!("{}/danh-gia/{id}", app.base))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body.to_string());
    if let Some(ck) = cookie {
        r = r.header("Cookie", ck);
    }
    if json {
        r = r.header("Accept", "application/json");
    }
    r.send().await.unwrap()
}

async fn summary(app: &TestApp, path: &str) -> String {
    text_of_class(&app.get(path).await.body, "rating-summary").unwrap()
}

#[tokio::test]
async fn a_visitor_votes_once_and_the_totals_show_it() {
    let app = spawn(true).await;
    let path = app.article_path(REVIEW_TITLE).await;
    let id = path.rsplit('-').next().unwrap().trim_end_matches(".html").to_string();
    let alice = client(BROWSER_UA);
    let r = vote(&app, &alice, &id, "diem=4", None, false).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"].to_str().unwrap(), format!("{path}?danh-gia=ok#danh-gia"));
    let set_cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"));
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    assert_eq!(summary(&app, &path).await, "Tổng số điểm của bài viết là: 4 trong 1 đánh giá");
    let thanks = app.get(&format!("{path}?danh-gia=ok")).await;
    assert!(text_of_class(&thanks.body, "rating-message").unwrap().contains("đã đánh giá"));

    // the same browser again: refused, nothing changes
    let again = vote(&app, &alice, &id, "diem=5", Some(&cookie), false).await;
    assert_eq!(again.status(), 303);
    assert!(again.headers()["location"].to_str().unwrap().contains("danh-gia=trung"));
    let again_json = vote(&app, &alice, &id, "diem=5", Some(&cookie), true).await;
    assert_eq!(again_json.status(), 409);
    assert!(again_json.text().await.unwrap().contains("đã đánh giá bài viết này rồi"));
    // the same client without its cookie (same address and browser): still refused
    assert_eq!(vote(&app, &alice, &id, "diem=5", None, true).await.status(), 409);
    assert_eq!(summary(&app, &path).await, "Tổng số điểm của bài viết là: 4 trong 1 đánh giá");

    // another visitor (another browser) is counted, answered in JSON for the script
    let bob = client("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1");
    let r = vote(&app, &bob, &id, "diem=5", None, true).await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(body.contains("\"points\":9") && body.contains("\"votes\":2"), "{body}");
    assert_eq!(summary(&app, &path).await, "Tổng số điểm của bài viết là: 9 trong 2 đánh giá");
}

#[tokio::test]
async fn bad_votes_are_refused_and_write_nothing() {
    let app = spawn(true).await;
    let path = app.article_path(REVIEW_TITLE).await;
    let id = path.rsplit('-').next().unwrap().trim_end_matches(".html").to_string();
    let c = client(BROWSER_UA);
    for body in ["diem=0", "diem=6", "diem=-1", "diem=4.5", "diem=abc", "", "diem=%FF", "diem=99999999999999999999"] {
        let r = vote(&app, &c, &id, body, None, false).await;
        assert_eq!(r.status(), 400, "{body}");
        let text = r.text().await.unwrap();
        assert!(text.contains("không hợp lệ") || text.contains("từ 1 đến 5"), "{body}: {text}");
    }
    assert_eq!(vote(&app, &c, "999999", "diem=3", None, false).await.status(), 404);
    assert_eq!(vote(&app, &c, "abc", "diem=3", None, false).await.status(), 404);
    // a vote posted from another site is refused
    let cross = c
        .post(format!("{}/danh-gia/{id}", app.base))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", "https://evil.example")
        .body("diem=5")
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);
    assert_eq!(summary(&app, &path).await, "Tổng số điểm của bài viết là: 0 trong 0 đánh giá");
}

/// A number on a line of `/metrics` starting with `name `.
async fn metric(app: &TestApp, name: &str) -> f64 {
    let text = app.get("/metrics").await.body;
    let line = text.lines().find(|l| l.starts_with(&format!("{name} "))).unwrap_or_else(|| panic!("{name}"));
    line.rsplit(' ').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_vote_changes_its_page_only() {
    let app = spawn(true).await;
    let path = app.article_path(REVIEW_TITLE).await;
    let id = path.rsplit('-').next().unwrap().trim_end_matches(".html").to_string();
    for p in ["/", "/tim-kiem", &path] {
        app.get(p).await;
    }
    let etag = app.get(&path).await.headers["etag"].clone();
    let before = metric(&app, "dost_page_cache_pages").await;
    assert!(before >= 2.0, "{before}");
    let r = vote(&app, &client(BROWSER_UA), &id, "diem=3", None, true).await;
    assert_eq!(r.status(), 200);
    // the article's page alone was dropped; the others are still served from memory
    assert_eq!(metric(&app, "dost_page_cache_pages").await, before - 1.0);
    let hits = metric(&app, "dost_page_cache_hits_total").await;
    app.get("/").await;
    assert_eq!(metric(&app, "dost_page_cache_hits_total").await, hits + 1.0);
    assert_eq!(summary(&app, &path).await, "Tổng số điểm của bài viết là: 3 trong 1 đánh giá");
    // a browser holding the page from before the vote gets the new one, not 304
    let again =
        client(BROWSER_UA).get(format!("{}{path}", app.base)).header("If-None-Match", etag).send().await.unwrap();
    assert_eq!(again.status(), 200);
    assert!(again.text().await.unwrap().contains("3 trong 1 đánh giá"));
}

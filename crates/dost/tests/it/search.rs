//! Search that ignores case and diacritics, ranked, highlighted, paginated.

use crate::support::*;

fn results(body: &str) -> Vec<String> {
    links_in_class(body, "search-results")
}

#[tokio::test]
async fn unaccented_queries_find_accented_words() {
    let app = spawn(true).await;
    for (q, word) in [
        ("duong", "đường"),
        ("do+luong", "đo lường"),
        ("khoa+hoc", "Khoa học"),
        ("DUONG", "đường"),
        ("Đo+Lường", "Đo lường"),
    ] {
        let p = app.get(&format!("/tim-kiem?q={q}")).await;
        assert_eq!(p.status, 200, "{q}");
        assert!(!results(&p.body).is_empty(), "{q} found nothing");
        assert!(
            p.body.to_lowercase().contains(&format!("<mark>{}</mark>", word.split(' ').next().unwrap().to_lowercase())),
            "{q}: no highlight"
        );
    }
}

#[tokio::test]
async fn the_review_article_ranks_first_for_its_title_words() {
    let app = spawn(true).await;
    let p = app.get("/tim-kiem?q=hop+danh+gia+9+thang").await;
    let r = results(&p.body);
    assert_eq!(r[0], app.article_path(REVIEW_TITLE).await);
    assert!(p.body.contains("<mark>Họp</mark> <mark>đánh</mark> <mark>giá</mark>"));
}

#[tokio::test]
async fn results_are_paginated_without_overlap() {
    let app = spawn(true).await;
    let p1 = app.get("/tim-kiem?q=khoa+hoc").await;
    let total: usize = p1.body.split("Tìm thấy ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!(total > 10, "{total}");
    let first = results(&p1.body);
    assert_eq!(first.len(), 10);
    let p2 = app.get("/tim-kiem?q=khoa+hoc&trang=2").await;
    let second = results(&p2.body);
    assert_eq!(second.len(), (total - 10).min(10));
    assert!(second.iter().all(|s| !first.contains(s)));
}

#[tokio::test]
async fn odd_queries_never_fail() {
    let app = spawn(true).await;
    for q in [
        "%22khoa+hoc%22",
        "khoa*",
        "NEAR",
        "-",
        "khoa+NEAR+hoc",
        "%27%3B+DROP+TABLE+articles%3B--",
        "%25",
        "_",
        "a%5C",
        "%3Cscript%3E",
    ] {
        let p = app.get(&format!("/tim-kiem?q={q}")).await;
        assert_eq!(p.status, 200, "{q}");
        assert!(!p.body.contains("<script>"), "{q} echoed unescaped");
    }
    let none = app.get("/tim-kiem?q=zzzqqq").await;
    assert!(none.body.contains("Không tìm thấy bài viết nào"));
    let empty = app.get("/tim-kiem").await;
    assert!(empty.body.contains("Nhập từ khóa"));
    let long = app.get(&format!("/tim-kiem?q={}", "a".repeat(300))).await;
    assert_eq!(long.status, 400);
    assert!(long.body.contains("quá dài"));
    let bad = app.get("/tim-kiem?q=%C3%28").await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("không hợp lệ"));
    assert_eq!(app.get("/tim-kiem?q=khoa&trang=500").await.status, 404);
    // the articles table is intact after the injection attempt
    assert!(!results(&app.get("/tim-kiem?q=khoa").await.body).is_empty());
}

/// Adds `n` published articles to the category "khoa-hoc-cong-nghe".
async fn add_articles(app: &TestApp, n: usize, title: impl Fn(usize) -> String, body: impl Fn(usize) -> String) {
    use dost_domain::content::ArticleStatus;
    use dost_store::content::{NewArticle, insert_article};
    let cats = dost_store::portal::categories(&app.db).await.unwrap();
    let cat = cats.iter().find(|c| c.slug == "khoa-hoc-cong-nghe").unwrap().id;
    let now = app.state.clock.now();
    for i in 0..n {
        let (title, body) = (title(i), body(i));
        change!(app, tx => insert_article(&mut tx, &NewArticle {
            slug: "", title: &title, lead: "", body_html: &body, author: "", source: "", image: None,
            status: ArticleStatus::Published, featured: false, category_ids: &[cat], tags: &[],
            published_at: now - 100 - i as i64, now,
        }).await?);
    }
    app.state.refresh().await.unwrap();
}

#[tokio::test]
async fn every_match_is_found_and_counted() {
    let app = spawn(true).await;
    // 25 articles name the word in their text only, 3 in their title as a phrase
    add_articles(
        &app,
        25,
        |i| format!("Bản tin số {i}"),
        |i| format!("<p>Đợt {i}: quy chuẩn thiên-thạch-zeta áp dụng.</p>"),
    )
    .await;
    add_articles(&app, 3, |i| format!("Thiên thạch zeta, kỳ {i}"), |_| "<p>Nội dung.</p>".into()).await;
    // the newest of all holds the words in its title, but not together
    add_articles(&app, 1, |_| "Zeta: thiên văn và thạch học".into(), |_| "<p>Nội dung.</p>".into()).await;
    let p = app.get("/tim-kiem?q=thien+thach+zeta").await;
    assert!(p.body.contains("Tìm thấy 29 "), "the count is every match: {:?}", text_of_class(&p.body, "result-count"));
    let first = results(&p.body);
    // the phrase in the title ranks first, newest first among them; then the
    // title with the words apart; then the texts
    for (i, link) in first.iter().take(3).enumerate() {
        assert!(link.contains(&format!("thien-thach-zeta-ky-{i}")), "{i}: {link}");
    }
    assert!(first[3].contains("zeta-thien-van-va-thach-hoc"), "{:?}", first);
    assert!(first[4].contains("ban-tin-so-"), "{:?}", first);
    let mut all: Vec<String> = Vec::new();
    for page in 1..=3 {
        all.extend(results(&app.get(&format!("/tim-kiem?q=thien+thach+zeta&trang={page}")).await.body));
    }
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 29, "the pages hold every match once");
    // a word still being typed finds them too; a word that is not there, none
    assert!(app.get("/tim-kiem?q=thien+thach+zet").await.body.contains("Tìm thấy 29 "));
    assert!(app.get("/tim-kiem?q=thien+thach+zetaa").await.body.contains("Không tìm thấy"));
    // the staff list finds by the same words
    add_user(&app, "quantri", dost_domain::roles::Role::Administrator).await;
    let staff = sign_in(&app, "quantri").await;
    let list = staff.get("/quan-tri/bai-viet?q=thi%C3%AAn+th%E1%BA%A1ch+zeta").await;
    assert!(list.body.contains("29 bài."), "staff list count");
}

/// How many articles the search page says it found.
fn found(body: &str) -> usize {
    let text = text_of_class(body, "result-count").unwrap_or_default();
    text.split_whitespace().nth(2).and_then(|n| n.replace('.', "").parse().ok()).unwrap_or(0)
}

fn metric(body: &str, name: &str) -> u64 {
    body.lines().find_map(|l| l.strip_prefix(&format!("{name} "))).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// After an edit, search keeps what it knew and patches it with the article
/// that changed (issue 28): the answers are those of a fresh search, and
/// nothing is made again from the whole index.
#[tokio::test]
async fn search_after_an_edit_is_patched_and_finds_the_change() {
    use dost_domain::roles::Role;
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    let admin = sign_in(&app, "quantri").await;
    let before = app.get("/tim-kiem?q=mien+dong").await.body;
    let n = found(&before);
    assert!(n > 0, "the demo speaks of miến dong");
    let id = scalar(
        &app.db,
        "SELECT MIN(id) FROM articles WHERE status = 'published' AND search_text NOT LIKE '%dong%' AND published_at < 1600000000",
    )
    .await;
    let m = app.get("/metrics").await.body;
    let (patches, rebuilds) = (metric(&m, "dost_search_patches_total"), metric(&m, "dost_search_rebuilds_total"));
    let r = admin
        .post(&format!("/quan-tri/bai-viet/{id}"), &[("lead", "Bài viết này nay nói về miến dong Phia Đén.")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let after = app.get("/tim-kiem?q=mien+dong").await.body;
    assert_eq!(found(&after), n + 1, "the edited article is found");
    let m = app.get("/metrics").await.body;
    assert_eq!(metric(&m, "dost_search_rebuilds_total"), rebuilds, "nothing made again");
    assert!(metric(&m, "dost_search_patches_total") > patches, "patched with the change");
    // unpublished: no longer found, still without starting again
    let r = admin.post(&format!("/quan-tri/bai-viet/{id}/chuyen"), &[("action", "unpublish")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(found(&app.get("/tim-kiem?q=mien+dong").await.body), n);
    assert_eq!(metric(&app.get("/metrics").await.body, "dost_search_rebuilds_total"), rebuilds);
}

/// "KHCN" as people type it finds what is written "KH&CN" or "KH-CN".
#[tokio::test]
async fn an_acronym_typed_without_its_sign_finds_it() {
    let app = spawn(true).await;
    let with_sign = found(&app.get("/tim-kiem?q=KH%26CN").await.body);
    let joined = app.get("/tim-kiem?q=KHCN").await.body;
    assert!(found(&joined) > 0, "KHCN finds the articles written KH&CN");
    assert!(found(&joined) <= with_sign);
    assert!(results(&joined).contains(&app.article_path(REVIEW_TITLE).await), "the review article says KH&CN");
    // a database indexed the earlier way is indexed again once, at start
    sqlx::query("UPDATE settings SET value = '1' WHERE key = 'search.words_version'")
        .execute(match &app.db {
            dost_store::Db::Sqlite(s) => &s.pool,
            dost_store::Db::Postgres(_) => return,
        })
        .await
        .unwrap();
    let again = dost_store::search_index::refresh_words(&app.db).await.unwrap();
    assert!(again > 0);
    assert_eq!(dost_store::search_index::refresh_words(&app.db).await.unwrap(), 0, "once");
}

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

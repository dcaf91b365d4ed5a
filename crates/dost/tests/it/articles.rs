//! The article page: everything the reference page shows, redirects, print.

use dost_domain::content::ArticleStatus;
use dost_store::content::{NewArticle, insert_article, move_article};

use crate::support::*;

#[tokio::test]
async fn the_review_article_shows_everything_the_reference_page_shows() {
    let app = spawn(true).await;
    let path = app.article_path(REVIEW_TITLE).await;
    assert!(
        path.starts_with("/khoa-hoc-cong-nghe/hop-danh-gia-ket-qua-hoat-dong-khcn-9-thang-dau-nam-2020-"),
        "{path}"
    );
    let p = app.get(&path).await;
    assert_eq!(p.status, 200);
    let b = &p.body;
    assert_eq!(text_of_class(b, "breadcrumb").unwrap(), "Trang nhất Tin tức sự kiện Khoa học & công nghệ");
    assert_eq!(text_of_class(b, "article-title").unwrap(), REVIEW_TITLE);
    assert!(text_of_class(b, "article-meta").unwrap().starts_with("06/10/2020"));
    assert!(b.contains("<figcaption>"), "visible caption");
    assert!(b.contains(" alt=\""), "alt text");
    assert_eq!(text_of_class(b, "byline").unwrap(), "Tác giả bài viết: ĐT - BH");
    assert_eq!(text_of_class(b, "rating-summary").unwrap(), "Tổng số điểm của bài viết là: 0 trong 0 đánh giá");
    assert!(b.contains("Bấm để đánh giá bài viết"));
    for figure in ["163/440", "30.000.000 đồng", "70.000.000 đồng", "6.832", "14,3%", "2.000"] {
        assert!(b.contains(figure), "article lacks {figure}");
    }
    assert!(b.contains(&format!("<link rel=\"canonical\" href=\"{}{path}\">", app.base)));
    assert!(b.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(b.contains("<meta property=\"og:image\""));
    assert!(b.contains("href=\"/in/"));
}

#[tokio::test]
async fn newer_and_older_lists_hold_published_articles_of_the_same_category() {
    let app = spawn(true).await;
    let path = app.article_path(REVIEW_TITLE).await;
    // a draft and a future article in the same category must not be listed
    let cat = dost_store::portal::categories(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.slug == "khoa-hoc-cong-nghe")
        .unwrap();
    let now = app.state.clock.now();
    for (title, status, at) in [
        ("Bản nháp chưa duyệt", ArticleStatus::Draft, now - 10),
        ("Bài hẹn giờ đăng", ArticleStatus::Published, now + 86_400),
    ] {
        change!(app, tx => insert_article(&mut tx, &NewArticle {
                slug: "",
                title,
                lead: "",
                body_html: "<p>x</p>",
                author: "",
                source: "",
                image: None,
                status,
                featured: false,
                category_ids: &[cat.id],
                tags: &[],
                published_at: at,
                now,
            }).await?);
    }
    app.state.refresh().await.unwrap();
    let p = app.get(&path).await;
    let newer_html = &p.body[p.body.find("Những tin mới hơn").unwrap()..p.body.find("Những tin cũ hơn").unwrap()];
    let older_html = &p.body[p.body.find("Những tin cũ hơn").unwrap()..];
    assert!(!newer_html.contains("Bản nháp") && !newer_html.contains("hẹn giờ"));
    let all = dost_store::portal::in_category(&app.db, now, cat.id, 100).await.unwrap();
    let me = all.iter().position(|a| a.title == REVIEW_TITLE).unwrap();
    // the five nearest newer ones, and nearest older ones, all from this category
    for a in &all[me.saturating_sub(5)..me] {
        assert!(newer_html.contains(&a.path()), "newer list lacks {}", a.title);
    }
    for a in all[me + 1..].iter().take(5) {
        assert!(older_html.contains(&a.path()), "older list lacks {}", a.title);
    }
    // …five of them, not the sixth
    let sixth = all[me + 1..].get(5).expect("the category has more than five older articles");
    assert!(!older_html.contains(&sixth.path()), "{}", sixth.title);
}

#[tokio::test]
async fn changed_slugs_and_categories_redirect_permanently() {
    let app = spawn(true).await;
    let path = app.article_path(REVIEW_TITLE).await;
    let id: i64 = path.rsplit('-').next().unwrap().trim_end_matches(".html").parse().unwrap();
    // an old or mistyped slug
    let wrong = app.get(&format!("/khoa-hoc-cong-nghe/ten-cu-{id}.html")).await;
    assert_eq!(wrong.status, 301);
    assert_eq!(wrong.headers["location"], path.as_str());
    // the article moves to another category with a new slug
    let cat =
        dost_store::portal::categories(&app.db).await.unwrap().into_iter().find(|c| c.slug == "tin-hoat-dong").unwrap();
    change!(app, tx => move_article(&mut tx, id, "hop-so-ket-9-thang-2020", cat.id).await?);
    app.state.refresh().await.unwrap();
    let old = app.get(&path).await;
    assert_eq!(old.status, 301);
    let new_path = format!("/tin-hoat-dong/hop-so-ket-9-thang-2020-{id}.html");
    assert_eq!(old.headers["location"], new_path.as_str());
    let moved = app.get(&new_path).await;
    assert_eq!(moved.status, 200);
    assert_eq!(text_of_class(&moved.body, "breadcrumb").unwrap(), "Trang nhất Tin tức sự kiện Tin hoạt động của Sở");
}

#[tokio::test]
async fn drafts_are_hidden_and_scheduled_articles_appear_on_time() {
    let app = spawn(true).await;
    let cat =
        dost_store::portal::categories(&app.db).await.unwrap().into_iter().find(|c| c.slug == "tin-hoat-dong").unwrap();
    let now = app.state.clock.now();
    let draft = change!(app, tx => insert_article(&mut tx, &NewArticle {
            slug: "",
            title: "Bản nháp nội bộ",
            lead: "",
            body_html: "",
            author: "",
            source: "",
            image: None,
            status: ArticleStatus::Draft,
            featured: false,
            category_ids: &[cat.id],
            tags: &[],
            published_at: now - 100,
            now,
        }).await?);
    assert_eq!(app.get(&format!("/tin-hoat-dong/ban-nhap-noi-bo-{draft}.html")).await.status, 404);
    assert_eq!(app.get(&format!("/in/{draft}")).await.status, 404);
    let later = change!(app, tx => insert_article(&mut tx, &NewArticle {
            slug: "",
            title: "Thông báo lịch tiếp công dân tháng tới",
            lead: "",
            body_html: "",
            author: "",
            source: "",
            image: None,
            status: ArticleStatus::Published,
            featured: false,
            category_ids: &[cat.id],
            tags: &[],
            published_at: now + 3600,
            now,
        }).await?);
    let path = format!("/tin-hoat-dong/thong-bao-lich-tiep-cong-dan-thang-toi-{later}.html");
    assert_eq!(app.get(&path).await.status, 404);
    assert!(!app.get("/tin-hoat-dong").await.body.contains("lịch tiếp công dân"));
    app.state.clock.advance(3601);
    app.state.refresh().await.unwrap();
    assert_eq!(app.get(&path).await.status, 200);
    assert!(app.get("/tin-hoat-dong").await.body.contains("lịch tiếp công dân"), "cached list noticed the publication");
}

#[tokio::test]
async fn print_view_has_the_article_without_menus() {
    let app = spawn(true).await;
    let path = app.article_path(REVIEW_TITLE).await;
    let id = path.rsplit('-').next().unwrap().trim_end_matches(".html");
    let p = app.get(&format!("/in/{id}")).await;
    assert_eq!(p.status, 200);
    assert_eq!(text_of_class(&p.body, "article-title").unwrap(), REVIEW_TITLE);
    assert!(p.body.contains("Tác giả bài viết"));
    assert!(!p.body.contains("class=\"menu\""));
    assert!(!p.body.contains("class=\"sidebar\""));
    assert!(p.body.contains(&format!("{}{path}", app.base)));
}

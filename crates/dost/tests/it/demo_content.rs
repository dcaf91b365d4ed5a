//! What a citizen and an editor meet in the demo: honest pictures and
//! captions, proceedings that are real documents, films that say they are
//! coming, a media library holding every file the site uses, and visitor
//! statistics to browse by month and year.

use dost_domain::roles::Role;

use crate::support::*;

async fn bytes(app: &TestApp, path: &str) -> Vec<u8> {
    let r = reqwest::get(format!("{}{path}", app.base)).await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.bytes().await.unwrap().to_vec()
}

#[tokio::test]
async fn pictures_are_raster_and_captions_never_claim_people_or_events() {
    let app = spawn(true).await;
    let path = app.article_path("Tham mưu xây dựng Kế hoạch khoa học và công nghệ năm 2021").await;
    let page = app.get(&path).await.body;
    let og = page.split("<meta property=\"og:image\" content=\"").nth(1).unwrap().split('"').next().unwrap();
    assert!(og.ends_with(".jpg"), "share previews are JPEG: {og}");
    let local = og.split("/tep/").nth(1).map(|p| format!("/tep/{p}")).unwrap();
    let jpeg = bytes(&app, &local).await;
    assert_eq!(&jpeg[..3], &[0xFF, 0xD8, 0xFF], "a JPEG file");
    // every caption of every article says it is an illustration, and of what
    let captions: i64 = scalar(&app.db, "SELECT COUNT(*) FROM articles WHERE body_html LIKE '%<figcaption>%'").await;
    assert!(captions > 0);
    let honest: i64 =
        scalar(&app.db, "SELECT COUNT(*) FROM articles WHERE body_html LIKE '%<figcaption>Ảnh minh họa chủ đề%'").await;
    assert_eq!(honest, captions, "no caption says whom or what a drawn picture shows");
    let claims: i64 = scalar(
        &app.db,
        "SELECT COUNT(*) FROM articles WHERE image_url IS NOT NULL AND image_caption NOT LIKE 'Ảnh minh họa chủ đề %'",
    )
    .await;
    assert_eq!(claims, 0, "the main pictures too");
}

#[tokio::test]
async fn proceedings_are_real_documents_and_films_say_they_are_coming() {
    let app = spawn(true).await;
    let home = app.get("/").await;
    let docs = links_in_class(&home.body, "block block-documents");
    let r = reqwest::get(format!("{}{}", app.base, docs[0])).await.unwrap();
    assert_eq!(r.status(), 200);
    let path = app.data.path().join("ky-yeu.pdf");
    std::fs::write(&path, r.bytes().await.unwrap()).unwrap();
    let info = std::process::Command::new("pdfinfo").arg(&path).output().unwrap();
    let pages: u32 = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap();
    assert!(pages >= 3, "a real multi-page document: {pages}");
    let fonts = String::from_utf8(std::process::Command::new("pdffonts").arg(&path).output().unwrap().stdout).unwrap();
    assert!(fonts.lines().skip(2).all(|l| l.contains(" yes yes ")), "every font embedded:\n{fonts}");
    let text = String::from_utf8(std::process::Command::new("pdftotext").arg(&path).arg("-").output().unwrap().stdout)
        .unwrap();
    assert!(text.contains("SỞ KHOA HỌC VÀ CÔNG NGHỆ") && text.contains("KỶ YẾU"), "{text}");
    assert!(text.contains("khoa học và công nghệ"), "Vietnamese text with its diacritics");
    // a film without its file says it is being updated, and shows no duration it does not have
    let video = links_in_class(&home.body, "block block-videos");
    let film = app.get(&video[0]).await.body;
    assert!(film.contains("Phim đang được cập nhật"), "{film}");
    assert!(!film.contains("Thời lượng"));
}

#[tokio::test]
async fn the_media_library_lists_every_file_the_site_uses_and_the_editor_picks_from_it() {
    let app = spawn(true).await;
    add_user(&app, "bientap", Role::Editor).await;
    let editor = sign_in(&app, "bientap").await;
    let library = editor.get("/quan-tri/tep").await.body;
    let used: i64 = scalar(&app.db, "SELECT COUNT(*) FROM media").await;
    assert!(used >= 40, "the demo's pictures and proceedings are in the library ({used})");
    assert!(library.contains(&format!("{used} tệp trong thư viện")), "{library}");
    // every picture an article shows is a file of the library
    let missing: i64 = scalar(
        &app.db,
        "SELECT COUNT(*) FROM articles a WHERE a.image_url IS NOT NULL AND a.image_url <> '' \
         AND NOT EXISTS (SELECT 1 FROM media m WHERE '/tep/' || m.file_path = a.image_url)",
    )
    .await;
    assert_eq!(missing, 0);
    // search without diacritics, by kind
    let docs = editor.get("/quan-tri/tep?q=ky+yeu&loai=tai-lieu").await.body;
    assert!(docs.contains("4 tệp phù hợp"), "{docs}");
    let none = editor.get("/quan-tri/tep?q=khong+co+tep+nay").await.body;
    assert!(none.contains("Không có tệp nào phù hợp."));
    // the editor's picker: pictures only, with their description, searched the same way
    let picks = editor.get("/quan-tri/tep/chon-anh?q=do+luong").await;
    assert_eq!(picks.status, 200);
    let n = picks.body.matches("\"url\":").count();
    assert!(n > 0, "{}", picks.body);
    assert_eq!(picks.body.matches("\"url\":\"/tep/anh/").count(), n, "pictures only");
    assert_eq!(picks.body.matches("\"alt\":\"Hình vẽ minh họa bằng các khối màu, chủ đề đo lường\"").count(), n);
    // a citizen gets nothing from it
    assert_ne!(app.get("/quan-tri/tep/chon-anh").await.status, 200);
}

#[tokio::test]
async fn statistics_browse_by_year_and_month_with_bars_to_scale() {
    let app = spawn(true).await;
    // the history ends where the demo's news does (days before the demo was loaded)
    let last: String = {
        let days = dost_store::stats::days(&app.db, "2000-01-01", "2100-01-01").await.unwrap();
        days.last().unwrap().0.clone()
    };
    let newest = scalar(&app.db, "SELECT MAX(published_at) FROM articles").await;
    assert_eq!(last, dost_domain::format::vn_date(newest).to_string(), "history ends with the news");
    let last = chrono::NaiveDate::parse_from_str(&last, "%Y-%m-%d").unwrap();
    // the month before the last, counted in full
    let month = chrono::Datelike::with_day(&last, 1).unwrap().pred_opt().unwrap();
    let (y, m) = (chrono::Datelike::year(&month), chrono::Datelike::month(&month));
    let year = app.get(&format!("/thong-ke?nam={y}")).await.body;
    assert!(
        year.contains(&format!("Năm {y}")) && year.contains(&format!("href=\"/thong-ke?thang={y}-{m:02}\"")),
        "{year}"
    );
    assert!(year.contains("style=\"width: 100%\""), "the busiest month fills its bar");
    assert!(year.contains(&format!("href=\"/thong-ke?nam={}\"", y - 1)), "the year before");
    let month = app.get(&format!("/thong-ke?thang={y}-{m:02}")).await.body;
    assert!(month.contains(&format!("Tháng {m}/{y}")));
    // widths follow the counts: the smallest day is not drawn as long as the busiest
    let widths: Vec<i64> =
        month.split("style=\"width: ").skip(1).map(|s| s.split('%').next().unwrap().parse().unwrap()).collect();
    assert!(widths.len() >= 28 && widths.contains(&100) && widths.iter().any(|w| *w < 90), "{widths:?}");
    let bad = app.get("/thong-ke?thang=tháng-chín").await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("Tháng phải có dạng năm-tháng"));
}

#[tokio::test]
async fn every_section_of_the_portal_has_demo_content() {
    let app = spawn(true).await;
    let count = |sql: &'static str| {
        let db = app.db.clone();
        async move { scalar(&db, sql).await }
    };
    assert!(count("SELECT COUNT(*) FROM legal_documents").await >= 30);
    assert!(count("SELECT COUNT(*) FROM legal_documents WHERE replaced_by <> ''").await >= 1, "relations");
    assert_eq!(count("SELECT COUNT(*) FROM drafts").await, 2);
    assert_eq!(count("SELECT COUNT(*) FROM drafts WHERE result <> ''").await, 1, "the closed one has its summary");
    assert_eq!(count("SELECT COUNT(*) FROM questions WHERE state = 'da_dang' AND answer <> ''").await, 15);
    assert_eq!(count("SELECT COUNT(*) FROM schedule_entries").await, 8 * 5, "eight weeks of the schedule");
    assert_eq!(count("SELECT COUNT(*) FROM units WHERE name_en = ''").await, 0, "every unit in English");
    assert_eq!(count("SELECT COUNT(*) FROM leaders WHERE post_en = '' OR portfolio_en = ''").await, 0);
    assert!(count("SELECT COUNT(*) FROM about_sections WHERE body_en = '' AND kind <> 'ban_do'").await == 0);
    let drafts = app.get("/du-thao").await.body;
    assert!(drafts.contains("Đang lấy ý kiến") && drafts.contains("Đã hết hạn góp ý"), "one open, one closed");
}

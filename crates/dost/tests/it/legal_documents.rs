//! Legal documents: kept by the office as a register, published with the
//! portal's filters, found by a word inside the attached PDF (its text is
//! read on upload), each with its relations both ways.

use dost_domain::roles::Role;

use crate::support::*;

#[tokio::test]
async fn legal_documents_are_filtered_searched_inside_their_files_and_linked_both_ways() {
    let app = spawn(true).await;
    let all = app.get("/van-ban").await;
    assert_eq!(all.status, 200);
    assert!(all.body.contains("30 văn bản."), "{}", all.body);
    // a word that is only inside the attached PDF, typed without diacritics
    let found = app.get("/van-ban?q=khoai+mon").await.body;
    assert!(found.contains("1 văn bản.") && found.contains("112/KH-SKHCN"), "{found}");
    assert!(found.contains("Từ khóa có trong tệp đính kèm."));
    // filters: kind, issuer, year, status
    let theirs = app.get("/van-ban?loai=thong_tu&tinh-trang=het_hieu_luc").await.body;
    assert!(
        theirs.contains("2 văn bản.") && theirs.contains("10/2014/TT-BKHCN") && theirs.contains("08/2017/TT-BKHCN")
    );
    let year = app.get("/van-ban?nam=2018&co-quan=Ch%C3%ADnh+ph%E1%BB%A7").await.body;
    assert!(year.contains("2 văn bản."), "{year}");
    let bad = app.get("/van-ban?nam=hai+nghin").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Năm ban hành phải là một năm"));
    // relations both ways
    let id = |number: &'static str| {
        let db = &app.db;
        async move { scalar(db, &format!("SELECT id FROM legal_documents WHERE number = '{number}'")).await }
    };
    let old = app.get(&format!("/van-ban/{}", id("10/2014/TT-BKHCN").await)).await.body;
    assert!(old.contains(&format!("<a href=\"/van-ban/{}\">08/2017/TT-BKHCN</a>", id("08/2017/TT-BKHCN").await)));
    let newer = app.get(&format!("/van-ban/{}", id("08/2017/TT-BKHCN").await)).await.body;
    assert!(newer.contains("Văn bản này thay thế") && newer.contains("10/2014/TT-BKHCN"));
    assert!(newer.contains("20/2023/TT-BKHCN"), "replaced in turn, named even when not on the portal");
    let with_file = app.get(&format!("/van-ban/{}", id("112/KH-SKHCN").await)).await.body;
    assert!(with_file.contains("href=\"/tep/tai-lieu/ke-hoach-ung-dung-khcn-2020.pdf\""));
    assert_eq!(app.get("/van-ban/999999").await.status, 404);
    assert!(app.get("/sitemap.xml").await.body.contains("/van-ban/"));

    // the office's head publishes a document: its file must be a document of the media library
    add_user_in_unit(&app, "vanphong", Role::UnitHead, "VP").await;
    let office = sign_in(&app, "vanphong").await;
    let form = |file: &'static str, expired: &'static str| {
        vec![
            ("number", "99/QĐ-SKHCN"),
            ("kind", "quyet_dinh"),
            ("issuer", "Sở Khoa học và Công nghệ tỉnh Cao Bằng"),
            ("signer", "Giám đốc Sở"),
            ("issued_on", "01/10/2020"),
            ("effective_on", "01/10/2020"),
            ("expired_on", expired),
            ("replaced_by", ""),
            ("field", "Quản lý khoa học"),
            ("summary", "Ban hành danh mục hồ sơ lưu trữ của Sở"),
            ("status", "con_hieu_luc"),
            ("file", file),
        ]
    };
    let bad = office.post("/quan-tri/so/van-ban/moi", &form("/etc/passwd", "01/01/2019")).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("phải là một tài liệu trong thư viện tệp"), "{}", bad.body);
    assert!(bad.body.contains("Ngày hết hiệu lực không thể trước ngày ban hành"));
    let ok =
        office.post("/quan-tri/so/van-ban/moi", &form("/tep/tai-lieu/quy-che-quan-ly-nhiem-vu-khcn.pdf", "")).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let listed = app.get("/van-ban?q=danh+muc+ho+so+luu+tru").await.body;
    assert!(listed.contains("99/QĐ-SKHCN"));
    // one document under one number
    let again = office.post("/quan-tri/so/van-ban/moi", &form("", "")).await;
    assert_eq!(again.status, 422);
}

#[tokio::test]
async fn a_document_uploaded_to_the_library_is_searchable_inside() {
    let app = spawn(true).await;
    add_user(&app, "bientap", Role::Editor).await;
    let editor = sign_in(&app, "bientap").await;
    let pdf = std::fs::read(app.data.path().join("uploads/tai-lieu/ky-yeu-ngay-khcn-18-5-2020.pdf"))
        .or_else(|_| std::fs::read(find_upload(&app, "ky-yeu-ngay-khcn-18-5-2020.pdf")))
        .unwrap();
    let part =
        reqwest::multipart::Part::bytes(pdf).file_name("ky-yeu-tai-len.pdf").mime_str("application/pdf").unwrap();
    let form = reqwest::multipart::Form::new().part("file", part).text("alt", "");
    let r = editor.post_multipart("/quan-tri/tep", form).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let text = scalar(
        &app.db,
        "SELECT COUNT(*) FROM media WHERE original_name = 'ky-yeu-tai-len.pdf' AND body_text LIKE '%ngay khoa hoc va cong nghe viet nam%'",
    )
    .await;
    assert_eq!(text, 1, "the PDF's text is read on upload, folded for search");
}

fn find_upload(app: &TestApp, name: &str) -> std::path::PathBuf {
    fn walk(dir: &std::path::Path, name: &str) -> Option<std::path::PathBuf> {
        for e in std::fs::read_dir(dir).ok()?.flatten() {
            let p = e.path();
            if p.is_dir() {
                if let Some(f) = walk(&p, name) {
                    return Some(f);
                }
            } else if p.file_name().is_some_and(|n| n == name) {
                return Some(p);
            }
        }
        None
    }
    walk(app.data.path(), name).expect("the demo's file")
}

#[tokio::test]
async fn a_document_saved_by_staff_waits_for_the_heads_approval_before_the_portal_shows_it() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "vanthu", Role::UnitStaff, "VP").await;
    add_user_in_unit(&app, "chanhvp", Role::UnitHead, "VP").await;
    add_user_in_unit(&app, "tpqlkh", Role::UnitHead, "QLKH").await;
    let clerk = sign_in(&app, "vanthu").await;
    let fields = [
        ("number", "99/QĐ-SKHCN"),
        ("kind", "quyet_dinh"),
        ("issuer", "Sở Khoa học và Công nghệ tỉnh Cao Bằng"),
        ("issued_on", "01/10/2020"),
        ("summary", "Về việc thành lập tổ kiểm tra liên ngành năm 2020"),
        ("status", "con_hieu_luc"),
    ];
    let r = clerk.post("/quan-tri/so/van-ban/moi", &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location.contains("tb=cho-duyet"));
    assert!(!app.get("/van-ban?q=to+kiem+tra+lien+nganh").await.body.contains("99/QĐ-SKHCN"), "not published yet");
    assert!(clerk.get("/quan-tri/so/van-ban").await.body.contains("Chờ duyệt đăng"));
    let id = scalar(&app.db, "SELECT id FROM legal_documents WHERE number = '99/QĐ-SKHCN'").await;
    assert_eq!(app.get(&format!("/van-ban/{id}")).await.status, 404);
    // the clerk cannot approve, nor can the head of another unit
    assert_eq!(clerk.post(&format!("/quan-tri/so/van-ban/{id}/duyet"), &[]).await.status, 403);
    let other = sign_in(&app, "tpqlkh").await;
    assert_eq!(other.post(&format!("/quan-tri/so/van-ban/{id}/duyet"), &[]).await.status, 403);
    // the office's head sees it waiting and approves it
    let head = sign_in(&app, "chanhvp").await;
    let waiting = head.get("/quan-tri/cho-duyet").await;
    assert!(waiting.body.contains("99/QĐ-SKHCN"), "{}", waiting.body);
    let r = head.post(&format!("/quan-tri/so/van-ban/{id}/duyet"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(app.get("/van-ban?q=to+kiem+tra+lien+nganh").await.body.contains("99/QĐ-SKHCN"));
    assert_eq!(app.get(&format!("/van-ban/{id}")).await.status, 200);
    let approved = scalar(&app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'approve' AND entity = 'legal_documents' AND username = 'chanhvp'").await;
    assert_eq!(approved, 1);
    // what the head saves is published at once
    let r = head
        .post(
            "/quan-tri/so/van-ban/moi",
            &[
                ("number", "100/QĐ-SKHCN"),
                ("kind", "quyet_dinh"),
                ("issuer", "Sở Khoa học và Công nghệ tỉnh Cao Bằng"),
                ("issued_on", "02/10/2020"),
                ("summary", "Về việc kiện toàn hội đồng"),
                ("status", "con_hieu_luc"),
            ],
        )
        .await;
    assert!(r.location.contains("tb=da-luu"));
    assert!(app.get("/van-ban?q=kien+toan+hoi+dong").await.body.contains("100/QĐ-SKHCN"));
}

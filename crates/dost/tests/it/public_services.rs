//! Public services (issue 15, first sections): the administrative procedures
//! published from the back office's catalogue, and a dossier followed by the
//! code on its receipt, with a QR link, a masked name and a limit per address.

use dost_domain::roles::Role;

use crate::support::*;

#[tokio::test]
async fn procedures_are_published_with_what_to_submit_and_found_without_diacritics() {
    let app = spawn(true).await;
    let list = app.get("/thu-tuc-hanh-chinh").await;
    assert_eq!(list.status, 200);
    let total: i64 = scalar(&app.db, "SELECT COUNT(*) FROM procedures").await;
    assert!(list.body.contains(&format!("{total} thủ tục.")), "{}", list.body);
    let found = app.get("/thu-tuc-hanh-chinh?q=giay+phep+buc+xa").await.body;
    assert!(found.contains("Gia hạn giấy phép tiến hành công việc bức xạ"));
    assert!(!found.contains("Thẩm định công nghệ dự án đầu tư"));
    let group = app.get("/thu-tuc-hanh-chinh?nhom=shtt").await.body;
    assert!(group.contains("1 thủ tục.") && group.contains("Hỗ trợ xác lập quyền sở hữu công nghiệp"));
    let page = app.get("/thu-tuc-hanh-chinh/bx_cap_moi").await;
    assert_eq!(page.status, 200);
    for expected in [
        "Thành phần hồ sơ",
        "<li>Báo cáo đánh giá an toàn bức xạ</li>",
        "Căn cứ pháp lý",
        "<li>Nghị định 142/2020/NĐ-CP</li>",
        "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        "Nơi tiếp nhận hồ sơ",
    ] {
        assert!(page.body.contains(expected), "missing {expected}");
    }
    assert_eq!(app.get("/thu-tuc-hanh-chinh/khong-co").await.status, 404);
    let sitemap = app.get("/sitemap.xml").await.body;
    assert!(sitemap.contains("/thu-tuc-hanh-chinh/bx_cap_moi</loc>"));
    // what the office's head changes in the catalogue is what the portal shows
    // (a clerk's change waits for approval: tests/it/approval_walk.rs)
    let id = scalar(&app.db, "SELECT id FROM procedures WHERE code = 'cn_y_kien'").await;
    add_user_in_unit(&app, "vanphong", Role::UnitHead, "VP").await;
    let staff = sign_in(&app, "vanphong").await;
    let r = staff
        .post(
            &format!("/quan-tri/so/thu-tuc/{id}"),
            &[
                ("code", "cn_y_kien"),
                ("name", "Có ý kiến về công nghệ dự án đầu tư"),
                ("area", "cong_nghe"),
                ("working_days", "10"),
                ("calendar_days", ""),
                ("with_money", ""),
                ("level", "Cấp tỉnh"),
                ("fee", "Không thu phí"),
                ("documents", "Văn bản đề nghị; Thuyết minh công nghệ của dự án"),
                ("submit_at", "Trung tâm Phục vụ hành chính công tỉnh"),
                ("legal_basis", "Luật Chuyển giao công nghệ 2017"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get("/thu-tuc-hanh-chinh/cn_y_kien").await.body;
    assert!(page.contains("<li>Thuyết minh công nghệ của dự án</li>"), "{page}");
}

#[tokio::test]
async fn a_dossier_is_followed_with_the_code_and_secret_on_its_receipt() {
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    let admin = sign_in(&app, "quantri").await;
    let id = scalar(&app.db, "SELECT id FROM dossiers WHERE code = 'HS-2020-0001'").await;
    // the desk prints the receipt: code, lookup secret, dates, and a QR code to the public status page
    let pin = {
        let sql = sqlx::AssertSqlSafe(format!("SELECT lookup_pin FROM dossiers WHERE id = {id}"));
        match &app.db {
            dost_store::Db::Sqlite(s) => sqlx::query_scalar::<_, String>(sql).fetch_one(&s.pool).await.unwrap(),
            dost_store::Db::Postgres(p) => sqlx::query_scalar::<_, String>(sql).fetch_one(p).await.unwrap(),
        }
    };
    assert!(pin.len() == 6 && pin.bytes().all(|b| b.is_ascii_digit()), "{pin}");
    let receipt = admin.get(&format!("/quan-tri/ho-so/{id}/giay-tiep-nhan")).await;
    assert_eq!(receipt.status, 200);
    for expected in [
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mã hồ sơ: <strong>HS-2020-0001</strong>",
        &format!("Mã tra cứu: <strong>{pin}</strong>"),
        "Phòng khám Đa khoa Tâm Đức",
        "<svg",
        "/tra-cuu-ho-so",
    ] {
        assert!(receipt.body.contains(expected), "missing {expected}");
    }
    // the code alone says only that the dossier exists: codes in sequence cannot be walked
    let bare = app.get("/tra-cuu-ho-so?ma=HS-2020-0001").await;
    assert_eq!(bare.status, 200);
    assert!(bare.body.contains("có trong hệ thống") && bare.body.contains("mã tra cứu"));
    assert!(!bare.body.contains("Tâm Đức") && !bare.body.contains("Đã có kết quả"), "nothing more than that");
    let wrong_pin = app.get("/tra-cuu-ho-so?ma=HS-2020-0001&pin=000000").await;
    if pin != "000000" {
        assert_eq!(wrong_pin.status, 403);
        assert!(!wrong_pin.body.contains("Đã có kết quả"));
    }
    let api = app.get("/api/v1/dossiers/HS-2020-0001").await;
    assert_eq!(api.status, 403, "{}", api.body);
    assert_eq!(app.get(&format!("/api/v1/dossiers/HS-2020-0001?pin={pin}")).await.status, 200);
    // with the secret (the code typed in lower case) the applicant sees the procedure, the dates and where it stands
    let page = app.get(&format!("/tra-cuu-ho-so?ma=hs-2020-0001&pin={pin}")).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.headers["cache-control"], "no-store");
    let text = dost_domain::text::strip_tags(&page.body);
    assert!(text.contains("Hồ sơ HS-2020-0001: Đã có kết quả"), "{text}");
    assert!(text.contains("Phòng khám Đa khoa Tâm Đức"), "an organisation is named as one: {text}");
    assert!(page.body.contains("href=\"/thu-tuc-hanh-chinh/"));
    // a wrong code, a malformed one
    let wrong = app.get("/tra-cuu-ho-so?ma=HS-1999-0001").await;
    assert_eq!(wrong.status, 404);
    assert!(wrong.body.contains("Không tìm thấy hồ sơ có mã «HS-1999-0001»"));
    let bad = app.get("/tra-cuu-ho-so?ma=%3Cscript%3E").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Mã hồ sơ chỉ gồm chữ, số") && !bad.body.contains("<script>"));
    // a flood from one address is stopped with a clear message
    let mut last = 0;
    for _ in 0..30 {
        last = app.get("/tra-cuu-ho-so?ma=HS-2020-0002").await.status;
    }
    assert_eq!(last, 429);
    let r = app.get("/tra-cuu-ho-so?ma=HS-2020-0002").await;
    assert_eq!(r.status, 429);
    assert!(r.body.contains("tra cứu nhiều lần liên tiếp"));
    // the form itself stays open
    assert_eq!(app.get("/tra-cuu-ho-so").await.status, 200);
}

#[tokio::test]
async fn a_procedure_offers_its_forms_to_download_as_real_documents() {
    let app = spawn(true).await;
    let page = app.get("/thu-tuc-hanh-chinh/bx_cap_moi").await.body;
    assert!(page.contains("Mẫu đơn, tờ khai"), "{page}");
    let link = "/tep/tai-lieu/don-de-nghi-cap-giay-phep-buc-xa.docx";
    assert!(page.contains(&format!("href=\"{link}\"")) && page.contains("(DOCX, "), "{page}");
    let r = reqwest::get(format!("{}{link}", app.base)).await.unwrap();
    assert_eq!(r.status(), 200);
    let path = app.data.path().join("form.docx");
    std::fs::write(&path, r.bytes().await.unwrap()).unwrap();
    let text = python(
        "import sys, docx\nprint('\\n'.join(p.text for p in docx.Document(sys.argv[1]).paragraphs))",
        &path.to_string_lossy(),
    );
    assert!(text.contains("ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP TIẾN HÀNH CÔNG VIỆC BỨC XẠ"), "{text}");
    // a form must be a document of the media library
    add_user_in_unit(&app, "vanphong", Role::UnitStaff, "VP").await;
    let office = sign_in(&app, "vanphong").await;
    let id = scalar(&app.db, "SELECT id FROM procedures WHERE code = 'bx_cap_moi'").await;
    let r = office.post(&format!("/quan-tri/so/thu-tuc/{id}"), &[("forms", "https://example.com/x.docx")]).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Mỗi mẫu đơn phải là một tài liệu trong thư viện tệp"));
}

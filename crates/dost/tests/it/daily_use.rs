//! Daily use: staff find and correct what they recorded, see only what they
//! may open, read in Vietnamese; a submitted article is shown read-only;
//! citizens get error pages with the site's name.

use dost_domain::roles::Role;

use crate::support::*;

#[tokio::test]
async fn a_unit_lists_searches_and_corrects_its_verifications() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "chicuc", Role::UnitStaff, "TDC").await;
    add_user_in_unit(&app, "trungtam", Role::UnitHead, "TTUD").await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let unit = sign_in(&app, "chicuc").await;
    let list = unit.get("/quan-tri/kiem-dinh?tu=01/01/2020&den=30/09/2020").await;
    assert_eq!(list.status, 200, "the verifying unit reads its own list");
    let rows = list.body.matches("<tr><td>").count();
    assert!(rows > 100, "{rows}");
    // search without diacritics by owner, serial or certificate
    let certificate =
        scalar_text(&app, "SELECT certificate FROM verifications WHERE certificate IS NOT NULL ORDER BY id LIMIT 1")
            .await;
    let found = unit.get(&format!("/quan-tri/kiem-dinh?q={certificate}")).await.body;
    assert_eq!(found.matches("<tr><td>").count(), 1, "one certificate, one row");
    let edit = found.split("href=\"/quan-tri/kiem-dinh/").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert_eq!(unit.get(&format!("/quan-tri/kiem-dinh/{edit}")).await.status, 200, "each row opens for correction");
    // a bad date is shown on the list page, in the staff layout
    let bad = unit.get("/quan-tri/kiem-dinh?tu=31/02/2020").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Ngày «31/02/2020» không hợp lệ") && bad.body.contains("staff-nav"));
    // leaders read it but get no correction links; another unit gets no link to it at all
    let leader = sign_in(&app, "lanhdao").await;
    let read = leader.get("/quan-tri/kiem-dinh").await;
    assert_eq!(read.status, 200);
    assert!(!read.body.contains("href=\"/quan-tri/kiem-dinh/moi\"") && !read.body.contains(">Sửa</a>"));
    let centre = sign_in(&app, "trungtam").await;
    let index = centre.get("/quan-tri/so").await.body;
    for link in ["/quan-tri/kiem-dinh", "/quan-tri/ho-so", "/quan-tri/so/kiem-tra"] {
        assert!(!index.contains(&format!("href=\"{link}\"")), "{link} would answer 403");
    }
    assert!(index.contains("href=\"/quan-tri/so/ban-hang\""), "its own register");
    // a recorded verification goes back to the list
    let types = dost_store::work::instrument_types(&app.db).await.unwrap();
    let kind = types[0].id.to_string();
    let r = unit
        .post(
            "/quan-tri/kiem-dinh/moi",
            &[
                ("type", &kind),
                ("serial", "SH-2026-9"),
                ("model", ""),
                ("maker", ""),
                ("made_year", ""),
                ("owner", "Chợ Trùng Khánh"),
                ("district", "Trùng Khánh"),
                ("date", "02/11/2026"),
                ("result", "dat"),
                ("certificate", "KĐ-2026-9"),
                ("verifier", "Nông Văn A"),
                ("how", "sau_sua_chua"),
                ("designation", "Thẻ KĐV số 12"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location, "/quan-tri/kiem-dinh?tb=da-luu");
    assert!(unit.get(&r.location).await.body.contains("Đã ghi kết quả kiểm định."));
    assert_eq!(
        scalar_text(&app, "SELECT kind || '|' || designation FROM verifications WHERE certificate = 'KĐ-2026-9'").await,
        "sau_sua_chua|Thẻ KĐV số 12"
    );
    // never in the future
    let future = unit
        .post(
            "/quan-tri/kiem-dinh/moi",
            &[
                ("type", &kind),
                ("serial", "SH-2099-1"),
                ("model", ""),
                ("maker", ""),
                ("made_year", ""),
                ("owner", "Chợ Hòa An"),
                ("district", ""),
                ("date", "01/01/2099"),
                ("result", "dat"),
                ("certificate", "KĐ-2099-1"),
                ("verifier", ""),
            ],
        )
        .await;
    assert_eq!(future.status, 422);
    assert!(future.body.contains("chưa tới"));
}

#[tokio::test]
async fn words_not_codes_read_only_when_waiting_and_error_pages_with_the_sites_name() {
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    add_user(&app, "chuyenvien", Role::UnitStaff).await;
    let admin = sign_in(&app, "quantri").await;
    let log = admin.get("/quan-tri/nhat-ky").await.body;
    assert!(log.contains("<td>Đăng nhập</td>") && !log.contains("<td>sign_in</td>"), "actions in words");
    let home = admin.get("/quan-tri").await.body;
    assert!(!home.contains("sign_in") && !home.contains("user #"), "the dashboard too");
    assert!(home.contains("<details class=\"staff-menu\" open>"), "a menu that folds on a phone");
    // an article waiting for review is shown read-only to its writer, with what they may do
    let writer = sign_in(&app, "chuyenvien").await;
    let form = writer.get("/quan-tri/bai-viet/moi").await.body;
    let category = form[form.find("id=\"category\"").unwrap()..]
        .split("<option value=\"")
        .nth(2)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let created = writer
        .submit(
            "/quan-tri/bai-viet/moi",
            "/quan-tri/bai-viet/moi",
            &[
                ("title", "Tập huấn đo lường cho doanh nghiệp"),
                ("lead", "Tập huấn."),
                ("body", "<p>Nội dung.</p>"),
                ("author", "PV"),
                ("category", &category),
                ("tags", ""),
                ("published_at", ""),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let path = created.location.split('?').next().unwrap().to_string();
    assert_eq!(writer.post(&format!("{path}/chuyen"), &[("action", "submit")]).await.status, 303);
    let waiting = writer.get(&path).await.body;
    assert!(waiting.contains("bạn xem được nội dung nhưng không sửa được"));
    assert!(waiting.contains("<fieldset class=\"plain\" disabled>") && !waiting.contains(">Lưu</button>"));
    // counts and money read down their column, with a totals row
    let sales = admin.get("/quan-tri/so/ban-hang?tu=01/01/2020&den=30/09/2020").await.body;
    assert!(
        sales.contains("<td class=\"num\">") && sales.contains("<tr class=\"totals\"><td>Tổng cộng</td>"),
        "{sales}"
    );
    // the footer names the agency in charge and who is chiefly responsible
    let home = app.get("/").await.body;
    assert!(home.contains("Cơ quan chủ quản: Sở Khoa học và Công nghệ") && home.contains("Chịu trách nhiệm chính:"));
    // a citizen's 404 carries the department's name and emblem
    let missing = app.get("/khong-co-trang-nay").await;
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("emblem.svg") && missing.body.contains("Sở Khoa học và Công nghệ"),
        "{}",
        missing.body
    );
}

#[tokio::test]
async fn a_tasks_field_and_lead_organisation_come_from_managed_lists_with_another_written_out() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "cvqlkh", Role::UnitStaff, "QLKH").await;
    let staff = sign_in(&app, "cvqlkh").await;
    let form = staff.get("/quan-tri/nhiem-vu/moi").await.body;
    // one spelling per field, the organisations already known, and "khác"
    assert_eq!(form.matches("<option value=\"Nông nghiệp\">").count(), 1, "{form}");
    assert!(form.contains("<option value=\"khac\">Khác (ghi rõ bên dưới)</option>"));
    assert!(form.contains("Tổ chức khác (ghi tên bên dưới)"));
    let post = |field: &'static str, field_other: &'static str, org: &'static str, org_other: &'static str| {
        let staff = &staff;
        async move {
            staff
                .post(
                    "/quan-tri/nhiem-vu/moi",
                    &[
                        ("code", "ĐT.2026.99"),
                        ("level", "cap_tinh"),
                        ("title", "Nghiên cứu thử nghiệm danh mục quản lý"),
                        ("type", "de_tai"),
                        ("method", "tuyen_chon"),
                        ("field", field),
                        ("field_other", field_other),
                        ("programme", ""),
                        ("lead_org", org),
                        ("lead_org_other", org_other),
                        ("investigator", "TS. Nguyễn Văn Mới"),
                        ("members", ""),
                        ("start", "01/01/2026"),
                        ("end", "31/12/2026"),
                        ("budget", "100.000.000"),
                        ("state", "100.000.000"),
                        ("objectives", ""),
                        ("content", ""),
                        ("methods", ""),
                        ("expected", ""),
                    ],
                )
                .await
        }
    };
    // "khác" with nothing written: the field is refused next to it, what was chosen stays
    let r = post("Nông nghiệp", "", "khac", "").await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("id=\"lead_org-err\""), "{}", r.body);
    assert!(r.body.contains("<option value=\"Nông nghiệp\" selected>"));
    // another organisation written out (typed as one already listed: the listed one is used)
    let r = post("khac", "nông nghiệp", "khac", "Hợp tác xã Chè Đông Khê").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let task = dost_store::tasks::list(
        &app.db,
        &dost_store::tasks::Filter { like: "%danh muc quan ly%".into(), ..Default::default() },
    )
    .await
    .unwrap()
    .remove(0);
    assert_eq!(task.field, "Nông nghiệp", "one spelling");
    assert_eq!(task.lead_org, "Hợp tác xã Chè Đông Khê");
    // the new organisation is in the list from now on
    let form = staff.get("/quan-tri/nhiem-vu/moi").await.body;
    assert!(form.contains("<option value=\"Hợp tác xã Chè Đông Khê\">"));
}

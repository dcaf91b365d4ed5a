//! Plans, reports and budget disclosures: listed by kind for a year; the
//! office discloses the period report with one action and it opens as a
//! DOCX; the others may not.

use dost_domain::roles::Role;

use crate::support::*;

#[tokio::test]
async fn the_office_discloses_the_period_report_with_one_action() {
    let app = spawn(true).await;
    let page = app.get("/cong-khai").await;
    assert_eq!(page.status, 200);
    for expected in
        ["Kế hoạch, chiến lược", "Công khai dự toán ngân sách", "Công khai quyết toán ngân sách nhà nước năm 2019"]
    {
        assert!(page.body.contains(expected), "missing {expected}");
    }
    let y2019 = app.get("/cong-khai?nam=2019").await.body;
    assert!(
        y2019.contains("quyết toán ngân sách nhà nước năm 2019")
            && !y2019.contains("dự toán ngân sách nhà nước năm 2020")
    );
    assert_eq!(app.get("/cong-khai?nam=abc").await.status, 400);

    let fields = [("ky", "9-thang"), ("nam", "2020"), ("ngay", "06/10/2020")];
    // a leader reads the report but does not keep the office's disclosures
    add_user(&app, "lanhdao", Role::Leadership).await;
    let leader = sign_in(&app, "lanhdao").await;
    assert_eq!(leader.post("/quan-tri/bao-cao/cong-khai", &fields).await.status, 403);
    add_user_in_unit(&app, "cvp", Role::UnitHead, "VP").await;
    let office = sign_in(&app, "cvp").await;
    let report = office.get("/quan-tri/bao-cao?ky=9-thang&nam=2020&ngay=06/10/2020").await.body;
    assert!(report.contains("Đăng báo cáo (DOCX) vào mục Công khai"), "the office is offered the action");
    let r = office.post("/quan-tri/bao-cao/cong-khai", &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location, "/cong-khai?nam=2020");
    let listed = app.get("/cong-khai?nam=2020").await.body;
    assert!(listed.contains("Báo cáo kết quả hoạt động khoa học và công nghệ 9 tháng đầu năm 2020"), "{listed}");
    let file = listed.split("href=\"/tep/tai-lieu/bao-cao-").nth(1).unwrap().split('"').next().unwrap();
    let bytes = reqwest::get(format!("{}/tep/tai-lieu/bao-cao-{file}", app.base)).await.unwrap().bytes().await.unwrap();
    let path = app.data.path().join("cong-khai.docx");
    std::fs::write(&path, &bytes).unwrap();
    let text = python(
        "import sys, docx\nprint('\\n'.join(p.text for p in docx.Document(sys.argv[1]).paragraphs))",
        path.to_str().unwrap(),
    );
    assert!(text.contains("BÁO CÁO") && text.contains("9 tháng đầu năm 2020"), "{text}");
    // the disclosed report is a file of the library, searchable inside
    let searchable = scalar(
        &app.db,
        "SELECT COUNT(*) FROM media WHERE file_path LIKE 'tai-lieu/bao-cao-%' AND body_text LIKE '%bao cao%'",
    )
    .await;
    assert_eq!(searchable, 1);
}

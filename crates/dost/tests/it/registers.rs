//! The simple registers (plans, centre sales and services, outreach, fund,
//! advisory documents): unit checks, validation next to the field, edits,
//! exports read back by openpyxl, imports refusing bad rows; and the web
//! posts counted from the portal itself.

use dost_domain::roles::Role;
use dost_store::Db;

use crate::support::*;

async fn count(db: &Db, sql: &'static str) -> i64 {
    match db {
        Db::Sqlite(s) => sqlx::query_scalar(sql).fetch_one(&s.pool).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    }
}

/// Rows of every table of the page.
fn rows(body: &str) -> usize {
    body.split("<tbody>").skip(1).map(|b| b.split("</tbody>").next().unwrap_or("").matches("<tr>").count()).sum()
}

async fn download(agent: &Agent, path: &str) -> (u16, Vec<u8>) {
    let r = agent.client.get(format!("{}{path}", agent.base)).header("Cookie", &agent.cookie).send().await.unwrap();
    (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn the_unit_keeping_a_register_records_and_edits_it_others_only_read() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "thongtin", Role::UnitStaff, "TTTT").await;
    add_user_in_unit(&app, "quy", Role::UnitStaff, "QUY").await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    add_user(&app, "bientap", Role::Editor).await;
    assert_eq!(sign_in(&app, "bientap").await.get("/quan-tri/so/truyen-thong").await.status, 403);
    let other = sign_in(&app, "quy").await;
    assert_eq!(other.get("/quan-tri/so/truyen-thong").await.status, 403, "another unit's staff");
    assert_eq!(other.get("/quan-tri/so/quy").await.status, 200, "its own register");
    let forbidden = other
        .post("/quan-tri/so/truyen-thong/moi", &[("kind", "truyen_hinh"), ("on_date", "01/10/2020"), ("title", "x")])
        .await;
    assert_eq!(forbidden.status, 403);
    let leader = sign_in(&app, "lanhdao").await;
    let page = leader.get("/quan-tri/so/truyen-thong?tu=01/01/2020&den=30/09/2020&loai=truyen_hinh").await;
    assert_eq!(page.status, 200);
    assert_eq!(rows(&page.body), 9, "nine TV programmes in the period");
    assert!(!page.body.contains("Thêm bản ghi"), "leaders read, the unit writes");
    assert_eq!(leader.get("/quan-tri/so/truyen-thong/moi").await.status, 403);

    let unit = sign_in(&app, "thongtin").await;
    // bad input: each error next to its field, nothing saved
    let before = count(&app.db, "SELECT COUNT(*) FROM outreach").await;
    let bad = unit
        .post(
            "/quan-tri/so/truyen-thong/moi",
            &[("kind", "bao_giay"), ("on_date", "31/02/2020"), ("title", ""), ("copies", "-5")],
        )
        .await;
    assert_eq!(bad.status, 422);
    for msg in [
        "Loại sản phẩm: «bao_giay» không có trong danh mục",
        "Ngày phát hành: «31/02/2020» không phải ngày theo dạng dd/mm/yyyy",
        "Tên, số: chưa được ghi",
        "Số bản in: số lượng không được âm",
    ] {
        assert!(bad.body.contains(msg), "missing «{msg}»");
    }
    assert!(bad.body.contains("aria-invalid=\"true\" aria-describedby=\"e-copies\""));
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM outreach").await, before);
    // a good record, then an edit
    let ok = unit
        .post(
            "/quan-tri/so/truyen-thong/moi",
            &[
                ("kind", "ban_tin"),
                ("on_date", "15/12/2020"),
                ("title", "Tài liệu Thông tin KH&CN số 4"),
                ("copies", "1.200"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    let q4 = unit.get("/quan-tri/so/truyen-thong?tu=01/10/2020&den=31/12/2020&loai=ban_tin").await;
    assert_eq!(rows(&q4.body), 1);
    assert!(q4.body.contains("1.200"));
    let id =
        q4.body.split("/quan-tri/so/truyen-thong/").find_map(|s| s.split('"').next()?.parse::<i64>().ok()).unwrap();
    let edit = unit.get(&format!("/quan-tri/so/truyen-thong/{id}")).await;
    assert!(edit.body.contains("value=\"15/12/2020\""));
    let saved = unit
        .post(
            &format!("/quan-tri/so/truyen-thong/{id}"),
            &[
                ("kind", "ban_tin"),
                ("on_date", "16/12/2020"),
                ("title", "Tài liệu Thông tin KH&CN số 4/2020"),
                ("copies", "1500"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    let q4 = unit.get("/quan-tri/so/truyen-thong?tu=01/10/2020&den=31/12/2020&loai=ban_tin").await.body;
    assert!(q4.contains("16/12/2020") && q4.contains("1.500") && q4.contains("số 4/2020"));
    let log = dost_store::audit::list(
        &app.db,
        &dost_store::audit::Filter { entity: "outreach".into(), username: "thongtin".into(), ..Default::default() },
        10,
        0,
    )
    .await
    .unwrap()
    .0;
    assert_eq!(log.len(), 2, "create and update are in the audit log");
    // the sales list filtered by product, as XLSX read back by openpyxl
    let products = dost_store::registers::products(&app.db).await.unwrap();
    let tea = products.iter().find(|p| p.1 == "tra_giao_co_lam").unwrap().0;
    let (status, bytes) =
        download(&leader, &format!("/quan-tri/so/ban-hang?tu=01/01/2020&den=30/09/2020&loai={tea}&dinh-dang=xlsx"))
            .await;
    assert_eq!(status, 200);
    let path = app.data.path().join("ban-hang.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let total = python(
        "import sys, openpyxl; ws = openpyxl.load_workbook(sys.argv[1]).active\n\
         print(sum(r[2] for r in ws.iter_rows(min_row=4, values_only=True) if r[2] is not None))",
        path.to_str().unwrap(),
    );
    assert_eq!(total.trim(), "6832", "the boxes of tea sold in the period");
}

#[tokio::test]
async fn imports_name_the_row_and_column_of_every_bad_cell_and_keep_nothing() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "trungtam", Role::UnitHead, "TTUD").await;
    let unit = sign_in(&app, "trungtam").await;
    let (status, template) = download(&unit, "/quan-tri/so/ban-hang/mau-nhap.xlsx").await;
    assert_eq!(status, 200);
    let path = app.data.path().join("mau.xlsx");
    std::fs::write(&path, template).unwrap();
    // fill the template: one good row and four bad ones
    let bad = app.data.path().join("bad.xlsx");
    python(
        "import sys, datetime, openpyxl\n\
         wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.active\n\
         ws.delete_rows(2)\n\
         ws.append(['Trà giảo cổ lam', '05/10/2020', 20, 1000000])\n\
         ws.append(['Trà giảo cổ lam', 44000, 5, 0])\n\
         ws.append(['Trà giảo cổ lam', '06/10/2020', datetime.datetime(2020, 10, 6), 0])\n\
         ws.append(['Trà giảo cổ lam', '07/10/2020', -3, 0])\n\
         ws.append(['Mật ong bạc hà', '08/10/2020', 4, 0])\n\
         wb.save(sys.argv[2])",
        &format!("{}\u{1}{}", path.display(), bad.display()),
    );
    let before = count(&app.db, "SELECT COUNT(*) FROM sales").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf_in(&unit.get("/quan-tri/so/ban-hang/nhap").await.body))
        .part("file", reqwest::multipart::Part::bytes(std::fs::read(&bad).unwrap()).file_name("bad.xlsx"));
    let r = unit.post_multipart("/quan-tri/so/ban-hang/nhap", form).await;
    assert_eq!(r.status, 422);
    let text = dost_domain::text::strip_tags(&r.body);
    for expected in [
        "3 Ngày «44000» là một số, ô này cần ngày",
        "4 Số lượng ô này cần một số, không phải ngày tháng",
        "5 Số lượng số lượng không được âm",
        "6 Sản phẩm không có sản phẩm «Mật ong bạc hà» trong danh mục",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in {text}");
    }
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM sales").await, before, "nothing imported");
    // the good row alone goes in
    let good = app.data.path().join("good.xlsx");
    python(
        "import sys, openpyxl\n\
         wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.active\n\
         ws.delete_rows(2)\n\
         ws.append(['Trà giảo cổ lam', '05/10/2020', 20, 1000000])\n\
         wb.save(sys.argv[2])",
        &format!("{}\u{1}{}", path.display(), good.display()),
    );
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf_in(&unit.get("/quan-tri/so/ban-hang/nhap").await.body))
        .part("file", reqwest::multipart::Part::bytes(std::fs::read(&good).unwrap()).file_name("good.xlsx"));
    let r = unit.post_multipart("/quan-tri/so/ban-hang/nhap", form).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Đã nhập 1 bản ghi."));
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM sales").await, before + 1);
    // a plan indicator may not repeat its code within a year
    add_user(&app, "quantri", Role::Administrator).await;
    let admin = sign_in(&app, "quantri").await;
    let dup = admin
        .post(
            "/quan-tri/so/ke-hoach/moi",
            &[
                ("year", "2020"),
                ("code", "ban_hang:tra_giao_co_lam"),
                ("name", "Trà"),
                ("measure", "hộp"),
                ("target", "1"),
            ],
        )
        .await;
    assert_eq!(dup.status, 422);
    assert!(dup.body.contains("Đã có bản ghi trùng Năm, Mã chỉ tiêu."));
}

#[tokio::test]
async fn web_posts_are_counted_from_the_portal_itself() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let leader = sign_in(&app, "lanhdao").await;
    let dash = dost_domain::text::strip_tags(&leader.get("/quan-tri/lanh-dao?tu=01/01/2020&den=30/09/2020").await.body);
    // 1/1/2020 00:00 and 1/10/2020 00:00 at +07:00
    let articles = count(
        &app.db,
        "SELECT COUNT(*) FROM articles WHERE status = 'published' AND published_at >= 1577811600 AND published_at < 1601485200",
    )
    .await;
    let videos =
        count(&app.db, "SELECT COUNT(*) FROM videos WHERE published_at >= 1577811600 AND published_at < 1601485200")
            .await;
    assert_eq!(articles + videos, 280);
    assert!(dash.contains(&format!(
        "Tin, bài và video đăng trên Trang thông tin điện tử: 280 ({articles} tin bài, {videos} video)"
    )));
    let list = leader.get("/quan-tri/so-lieu/bai-dang?tu=01/01/2020&den=30/09/2020").await;
    assert_eq!(rows(&list.body), 280);
}

#[tokio::test]
async fn fund_loans_with_disbursements_and_repayments_reach_the_report() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "quy", Role::UnitHead, "QUY").await;
    let fund = sign_in(&app, "quy").await;
    let loan = fund
        .post(
            "/quan-tri/so/quy/moi",
            &[
                ("kind", "cho_vay"),
                ("on_date", "01/10/2020"),
                ("title", "Cho vay đổi mới công nghệ chế biến miến dong"),
                ("applicant", "HTX Miến dong Phia Đén"),
                ("amount", "500.000.000"),
                ("rate_permille", "60"),
                ("term_months", "36"),
                ("decision", "15/QĐ-QPTKHCN"),
            ],
        )
        .await;
    assert_eq!(loan.status, 303);
    let cases = dost_store::registers::fund_cases(&app.db).await.unwrap();
    let case = cases.iter().find(|c| c.1 == "15/QĐ-QPTKHCN").unwrap().0.to_string();
    let form = fund.get("/quan-tri/so/quy-giai-ngan/moi").await.body;
    assert!(form.contains("Cho vay đổi mới công nghệ chế biến miến dong"), "the case is offered in the form");
    let bad = fund
        .post(
            "/quan-tri/so/quy-giai-ngan/moi",
            &[("case_id", "999999"), ("kind", "giai_ngan"), ("on_date", "15/10/2020"), ("amount", "1")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("không có hồ sơ của Quỹ «999999» trong danh mục"));
    for (kind, on, amount) in [("giai_ngan", "15/10/2020", "300.000.000"), ("thu_lai", "15/12/2020", "1.500.000")] {
        let r = fund
            .post(
                "/quan-tri/so/quy-giai-ngan/moi",
                &[("case_id", case.as_str()), ("kind", kind), ("on_date", on), ("amount", amount)],
            )
            .await;
        assert_eq!(r.status, 303);
    }
    add_user(&app, "lanhdao", Role::Leadership).await;
    let year = preview_text(&sign_in(&app, "lanhdao").await.get("/quan-tri/bao-cao?ky=nam&nam=2020").await.body);
    assert!(year.contains("Quỹ đã cho vay 01 hồ sơ với số tiền 500.000.000 đồng."), "{year}");
    assert!(year.contains("Trong kỳ, Quỹ đã giải ngân 300.000.000 đồng; thu lãi 1.500.000 đồng."));
}

#[tokio::test]
async fn catalogues_and_cycle_rules_are_kept_by_their_units() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "motcua", Role::UnitStaff, "VP").await;
    add_user_in_unit(&app, "chicuc", Role::UnitStaff, "TDC").await;
    let desk = sign_in(&app, "motcua").await;
    // a procedure with money and its legal time
    let fields = |code: &'static str| {
        [
            ("code", code),
            ("name", "Hỗ trợ doanh nghiệp đổi mới công nghệ"),
            ("area", "cong_nghe"),
            ("working_days", "15"),
            ("with_money", "co"),
        ]
    };
    assert_eq!(desk.post("/quan-tri/so/thu-tuc/moi", &fields("ho_tro_dmcn")).await.status, 303);
    let dup = desk.post("/quan-tri/so/thu-tuc/moi", &fields("ho_tro_dmcn")).await;
    assert_eq!(dup.status, 422);
    assert!(dup.body.contains("Đã có bản ghi trùng Mã thủ tục."));
    let procedures = dost_store::work::procedures(&app.db).await.unwrap();
    let p = procedures.iter().find(|p| p.code == "ho_tro_dmcn").unwrap();
    assert_eq!((p.working_days, p.with_money), (15, true), "15 working days, with money");
    assert!(
        desk.get("/quan-tri/ho-so/moi").await.body.contains("Hỗ trợ doanh nghiệp đổi mới công nghệ (15 ngày làm việc)")
    );
    assert_eq!(desk.get("/quan-tri/kiem-dinh/chu-ky").await.status, 403, "cycles belong to the Chi cục");
    // a new cycle rule applies to verifications from its day on, never before
    let tdc = sign_in(&app, "chicuc").await;
    let page = dost_domain::text::strip_tags(&tdc.get("/quan-tri/kiem-dinh/chu-ky").await.body);
    assert!(page.contains("Taximét Taximét từ 01/07/2019: 12 tháng; từ 15/10/2024: 18 tháng"), "{page}");
    let types = dost_store::work::instrument_types(&app.db).await.unwrap();
    let taxi = types.iter().find(|t| t.field == "taximet").unwrap().id.to_string();
    let add = |from: &'static str, months: &'static str| {
        let tdc = &tdc;
        let taxi = taxi.clone();
        async move {
            tdc.post("/quan-tri/kiem-dinh/chu-ky", &[("type", taxi.as_str()), ("from", from), ("months", months)]).await
        }
    };
    let again = add("15/10/2024", "24").await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("đã có quy định chu kỳ áp dụng từ ngày 15/10/2024"));
    assert_eq!(add("01/01/2026", "0").await.status, 422);
    assert_eq!(add("01/01/2026", "24").await.status, 303);
    let verify = |date: &'static str, cert: &'static str| {
        let tdc = &tdc;
        let taxi = taxi.clone();
        async move {
            tdc.post(
                "/quan-tri/kiem-dinh/moi",
                &[
                    ("type", taxi.as_str()),
                    ("serial", cert),
                    ("owner", "Taxi Non Nước"),
                    ("date", date),
                    ("result", "dat"),
                    ("certificate", cert),
                ],
            )
            .await
        }
    };
    assert_eq!(verify("05/03/2026", "KĐ-T-2026").await.status, 303);
    assert_eq!(verify("05/03/2025", "KĐ-T-2025").await.status, 303);
    let new_rule = count(
        &app.db,
        "SELECT COUNT(*) FROM verifications WHERE certificate = 'KĐ-T-2026' AND valid_until = '2028-03-04'",
    )
    .await;
    let old_rule = count(
        &app.db,
        "SELECT COUNT(*) FROM verifications WHERE certificate = 'KĐ-T-2025' AND valid_until = '2026-09-04'",
    )
    .await;
    assert_eq!((new_rule, old_rule), (1, 1), "24 months from 2026, 18 months before");
}

//! The department's other work: the demo reproduces the reference figures for
//! 1/1–30/9/2020 and the leadership dashboard shows them, counted from records.

use dost_domain::roles::Role;
use dost_store::Db;

use crate::support::*;

/// Counts with SQL written here, independently of the application's queries.
async fn count(db: &Db, sql: &'static str) -> i64 {
    match db {
        Db::Sqlite(s) => sqlx::query_scalar(sql).fetch_one(&s.pool).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    }
}

#[tokio::test]
async fn directives_are_updated_by_leaders_and_their_unit_only() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    add_user(&app, "chuyenvien", Role::UnitStaff).await;
    let units = dost_store::accounts::units(&app.db).await.unwrap();
    let khtc = units.iter().find(|u| u.code == "KHTC").unwrap().id;
    let staff_user = dost_store::accounts::user_by_username(&app.db, "chuyenvien").await.unwrap().unwrap();
    change!(app, tx => dost_store::accounts::set_role(&mut tx, staff_user.id, Role::UnitStaff, Some(khtc)).await?);
    let all = dost_store::work::directives(&app.db).await.unwrap();
    let plan_2021 = all.iter().find(|d| d.text.starts_with("Hoàn thiện kế hoạch năm 2021")).unwrap().id;
    let other = all.iter().find(|d| d.unit_name == "Phòng Quản lý khoa học").unwrap().id;
    let unit_staff = sign_in(&app, "chuyenvien").await;
    // in 2026 every 2020 directive is overdue and highlighted
    let page = unit_staff.get("/quan-tri/chi-dao").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("class=\"overdue\""));
    assert_eq!(
        unit_staff.post(&format!("/quan-tri/chi-dao/{other}"), &[("status", "xong"), ("progress", "x")]).await.status,
        403
    );
    assert_eq!(
        unit_staff
            .post(&format!("/quan-tri/chi-dao/{plan_2021}"), &[("status", "vang"), ("progress", "")])
            .await
            .status,
        400
    );
    assert_eq!(
        unit_staff
            .post(
                &format!("/quan-tri/chi-dao/{plan_2021}"),
                &[("status", "xong"), ("progress", "Đã trình UBND tỉnh ngày 08/12/2020")]
            )
            .await
            .status,
        303
    );
    let leader = sign_in(&app, "lanhdao").await;
    assert_eq!(
        leader
            .post(&format!("/quan-tri/chi-dao/{other}"), &[("status", "dang_lam"), ("progress", "Đang dự thảo")])
            .await
            .status,
        303
    );
    // open on 30/09/2020, so the 2020 figures still list it (a past period does
    // not change); the dashboard of today lists only what is still open
    let then = dost_domain::text::strip_tags(&leader.get("/quan-tri/lanh-dao?tu=01/01/2020&den=30/09/2020").await.body);
    assert!(then.contains("Hoàn thiện kế hoạch năm 2021"));
    let now = dost_domain::text::strip_tags(&leader.get("/quan-tri/lanh-dao").await.body);
    // (the demo's latest budget estimates are still open; 2020's were done in January 2021)
    assert!(now.contains("Tổng hợp dự toán ngân sách") && !now.contains("Hoàn thiện kế hoạch năm 2021"));
    let log = dost_store::audit::list(
        &app.db,
        &dost_store::audit::Filter { entity: "directive".into(), action: "update".into(), ..Default::default() },
        10,
        0,
    )
    .await
    .unwrap()
    .0;
    // the two changes made here (the demo's own history has others)
    let here = log.iter().filter(|r| ["chuyenvien", "lanhdao"].contains(&r.username.as_str())).count();
    assert_eq!(here, 2);
}

#[tokio::test]
async fn instruments_due_for_reverification_and_licences_expiring_soon() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let leader = sign_in(&app, "lanhdao").await;
    let page = leader.get("/quan-tri/sap-den-han?ngay-xem=01/01/2021&so-ngay=60").await;
    assert_eq!(page.status, 200);
    let due = count(&app.db, "SELECT COUNT(*) FROM verifications WHERE passed = TRUE AND valid_until >= '2021-01-01' AND valid_until <= '2021-03-02'").await;
    assert!(due > 0);
    assert!(page.body.contains(&format!("Phương tiện đo đến hạn kiểm định lại ({due})")), "expected {due}");
    assert!(page.body.contains("hết hiệu lực kiểm định ngày"));
    let licences = count(
        &app.db,
        "SELECT COUNT(*) FROM dossiers WHERE licence_until >= '2023-01-01' AND licence_until <= '2024-01-01'",
    )
    .await;
    assert_eq!(licences, 11, "6 new, 5 renewed; the 2 amended and 1 re-issued keep their old expiry (in 2020)");
    let kept = count(
        &app.db,
        "SELECT COUNT(*) FROM dossiers d JOIN procedures p ON p.id = d.procedure_id \
         WHERE p.code IN ('bx_sua_doi', 'bx_cap_lai') AND d.licence_until < '2021-01-01'",
    )
    .await;
    assert_eq!(kept, 3);
    let page = leader.get("/quan-tri/sap-den-han?ngay-xem=01/01/2023&so-ngay=365").await;
    assert!(page.body.contains("Giấy phép tiến hành công việc bức xạ sắp hết hạn (11)"));
    let bad = leader.get("/quan-tri/sap-den-han?so-ngay=0").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Số ngày phải từ 1 đến 730"));
}

#[tokio::test]
async fn staff_record_verifications_and_dossiers_by_the_rules() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "chuyenvien", Role::UnitStaff, "TDC").await;
    add_user_in_unit(&app, "motcua", Role::UnitStaff, "VP").await;
    add_user(&app, "bientap", Role::Editor).await;
    assert_eq!(sign_in(&app, "bientap").await.get("/quan-tri/kiem-dinh/moi").await.status, 403);
    let staff = sign_in(&app, "chuyenvien").await;
    let desk = sign_in(&app, "motcua").await;
    assert_eq!(desk.get("/quan-tri/kiem-dinh/moi").await.status, 403, "the one-stop desk does not verify");
    let types = dost_store::work::instrument_types(&app.db).await.unwrap();
    let taxi = types.iter().find(|t| t.field == "taximet").unwrap().id.to_string();
    let base = |result: &'static str, cert: &'static str, date: &'static str| {
        vec![
            ("type", taxi.clone()),
            ("serial", "TX-9001".to_string()),
            ("owner", "Hãng taxi Non Nước".to_string()),
            ("district", "Thành phố Cao Bằng".to_string()),
            ("date", date.to_string()),
            ("result", result.to_string()),
            ("certificate", cert.to_string()),
            ("verifier", "Nông Văn Kiểm".to_string()),
        ]
    };
    let staff_ref = &staff;
    let post = |fields: Vec<(&'static str, String)>| async move {
        staff_ref
            .post("/quan-tri/kiem-dinh/moi", &fields.iter().map(|(a, b)| (*a, b.as_str())).collect::<Vec<_>>())
            .await
    };
    let r = post(base("dat", "", "05/03/2025")).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("id=\"e-certificate\">Số chứng chỉ: phương tiện đạt cần có số chứng chỉ"));
    let r = post(base("khong_dat", "KĐ-X", "05/03/2025")).await;
    assert!(r.body.contains("không được cấp số chứng chỉ"));
    let r = post(base("dat", "KĐ000001", "05/03/2025")).await;
    assert!(r.body.contains("đã được dùng"), "demo certificate numbers are taken");
    let r = post(base("dat", "KĐ-2025-001", "32/03/2025")).await;
    assert!(r.body.contains("id=\"e-date\">Ngày kiểm định: «32/03/2025» không phải ngày theo dạng dd/mm/yyyy"));
    assert_eq!(post(base("dat", "KĐ-2025-001", "05/03/2025")).await.status, 303);
    // the day's figures count it; its record shows the validity the cycle rule gives
    let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 5).unwrap();
    let figures =
        dost_store::report::figures(&app.db, &dost_domain::report::Period::new(day, day).unwrap()).await.unwrap();
    let taxi = figures.drill(dost_domain::report::drill::area("kiem-dinh").unwrap(), "taximet");
    let list = dost_store::records::records(&app.db, "verifications", &taxi[0].1).await.unwrap();
    assert_eq!(list.rows.len(), 1);
    assert_eq!(list.rows[0].cells[7], "04/09/2026", "18 months under the rule in force since 15/10/2024");
    // correcting it: the same rules, and the audit log keeps the change
    let edit = format!("/quan-tri/kiem-dinh/{}", list.rows[0].id);
    let form = staff.get(&edit).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("value=\"KĐ-2025-001\""));
    assert_eq!(desk.get(&edit).await.status, 403);
    let fix = |result: &'static str, cert: &'static str| base(result, cert, "05/03/2025");
    let taken =
        staff_ref.post(&edit, &fix("dat", "KĐ000001").iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(taken.status, 422);
    assert!(taken.body.contains("Số chứng chỉ «KĐ000001» đã được dùng."));
    let failed =
        staff_ref.post(&edit, &fix("khong_dat", "").iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(failed.status, 303);
    let changed = count(&app.db, "SELECT COUNT(*) FROM verifications WHERE certificate IS NULL AND passed = FALSE AND valid_until IS NULL AND verified_on = '2025-03-05'").await;
    assert_eq!(changed, 1);
    // a dossier received before Tết: the due date counts working days only
    let procedures = dost_store::work::procedures(&app.db).await.unwrap();
    let licence = procedures.iter().find(|p| p.code == "bx_cap_moi").unwrap().id.to_string();
    let support = procedures.iter().find(|p| p.code == "ho_tro_shcn").unwrap().id.to_string();
    let bad = desk
        .post(
            "/quan-tri/ho-so/moi",
            &[
                ("code", "HS-2020-0001"),
                ("procedure", &licence),
                ("applicant", "X"),
                ("received", "20/01/2020"),
                ("returned", "01/01/2020"),
                ("amount", "5.000.000"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Mã hồ sơ «HS-2020-0001» đã có"));
    assert!(bad.body.contains("Ngày trả: ngày trả không được trước ngày nhận"));
    assert!(bad.body.contains("Kinh phí hỗ trợ (đồng): thủ tục này không có kinh phí hỗ trợ"));
    let ok = desk
        .post(
            "/quan-tri/ho-so/moi",
            &[
                ("code", "HS-2020-0999"),
                ("procedure", &licence),
                ("applicant", "Phòng khám Hòa Bình"),
                ("received", "20/01/2020"),
                ("returned", ""),
                ("amount", ""),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    assert_eq!(ok.location, "/quan-tri/ho-so/moi?han=10%2F02%2F2020", "10 working days over Tết Canh Tý");
    let money = desk
        .post(
            "/quan-tri/ho-so/moi",
            &[
                ("code", "HS-2020-1000"),
                ("procedure", &support),
                ("applicant", "HTX Miến dong"),
                ("received", "02/03/2020"),
                ("returned", "20/03/2020"),
                ("amount", "30.000.000"),
            ],
        )
        .await;
    assert_eq!(money.status, 303);
}

#[tokio::test]
async fn an_inspection_is_recorded_and_counted_in_its_period() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "truongphong", Role::UnitHead, "QLKH").await;
    add_user_in_unit(&app, "chicuc", Role::UnitStaff, "TDC").await;
    // the old address leads to the register's form; another unit may not record
    let other = sign_in(&app, "truongphong").await;
    let moved = other.get("/quan-tri/kiem-tra/moi").await;
    assert_eq!((moved.status, moved.location.as_str()), (308, "/quan-tri/so/kiem-tra/moi"));
    assert_eq!(other.get("/quan-tri/so/kiem-tra/moi").await.status, 403);
    let head = sign_in(&app, "chicuc").await;
    let bad = head
        .post(
            "/quan-tri/so/kiem-tra/moi",
            &[
                ("subject", ""),
                ("subject_kind", "doanh_nghiep"),
                ("on_date", "hôm qua"),
                ("domain", "chat_luong"),
                ("kind", "kiem_tra"),
                ("fine", "-5"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    for msg in [
        "Đối tượng (cơ sở, cơ quan): chưa được ghi.",
        "Ngày: «hôm qua» không phải ngày theo dạng dd/mm/yyyy.",
        "Tiền phạt (đồng): số tiền không được âm.",
    ] {
        assert!(bad.body.contains(msg), "{msg}");
    }
    let ok = head
        .post(
            "/quan-tri/so/kiem-tra/moi",
            &[
                ("subject", "Cửa hàng xăng dầu Đề Thám"),
                ("subject_kind", "doanh_nghiep"),
                ("district", "Thành phố Cao Bằng"),
                ("on_date", "15/09/2020"),
                ("domain", "do_luong"),
                ("kind", "kiem_tra"),
                ("findings", "Cột đo sai số vượt mức cho phép"),
                ("violations", "1"),
                ("fine", "7.500.000"),
                ("follow_up", "Đã nộp phạt; cột đo được hiệu chỉnh, kiểm định lại"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    let dash = dost_domain::text::strip_tags(&other.get("/quan-tri/lanh-dao?tu=01/01/2020&den=30/09/2020").await.body);
    assert!(dash.contains("Kiểm tra chất lượng, đo lường, nhãn hàng hóa: 55 cơ sở"), "one more business checked");
    let fine =
        count(&app.db, "SELECT CAST(SUM(fine) AS BIGINT) FROM inspections WHERE subject = 'Cửa hàng xăng dầu Đề Thám'")
            .await;
    assert_eq!(fine, 7_500_000);
}

#[tokio::test]
async fn a_dossier_moves_through_its_steps_and_the_due_date_follows_the_rules() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "motcua", Role::UnitStaff, "VP").await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let desk = sign_in(&app, "motcua").await;
    let procedures = dost_store::work::procedures(&app.db).await.unwrap();
    let renewal = procedures.iter().find(|p| p.code == "bx_gia_han").unwrap().id.to_string();
    let r = desk
        .post(
            "/quan-tri/ho-so/moi",
            &[
                ("code", "HS-2020-2000"),
                ("procedure", &renewal),
                ("applicant", "Phòng khám Đa khoa Tâm Đức"),
                ("received", "02/03/2020"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let list = desk.get("/quan-tri/ho-so?mo=1").await.body;
    let id: i64 = list
        .split("<a href=\"/quan-tri/ho-so/")
        .filter_map(|s| s.split_once("\">HS-2020-2000<").map(|x| x.0.to_string()))
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let path = format!("/quan-tri/ho-so/{id}");
    let text = |body: &str| dost_domain::text::strip_tags(body);
    // ten working days from Monday 02/03/2020
    assert!(text(&desk.get(&path).await.body).contains("Hạn giải quyết 16/03/2020"));
    let step = |kind: &'static str, on: &'static str, new_date: &'static str| {
        let desk = &desk;
        let path = format!("{path}/buoc");
        async move {
            desk.post(&path, &[("kind", kind), ("on", on), ("who", ""), ("note", "x"), ("new_date", new_date)]).await
        }
    };
    let early = step("nhan_bo_sung", "03/03/2020", "").await;
    assert_eq!(early.status, 422);
    assert!(early.body.contains("Chưa có yêu cầu bổ sung hồ sơ nào đang chờ."));
    assert_eq!(step("yeu_cau_bo_sung", "04/03/2020", "").await.status, 303);
    assert!(text(&desk.get(&path).await.body).contains("Tình trạng Đang chờ tổ chức, cá nhân bổ sung hồ sơ"));
    // the complete dossier is back on Friday 20/03: ten working days again (Hùng Kings' day skipped)
    assert_eq!(step("nhan_bo_sung", "20/03/2020", "").await.status, 303);
    assert!(text(&desk.get(&path).await.body).contains("Hạn giải quyết 06/04/2020 (hạn ban đầu 16/03/2020)"));
    let earlier = step("xin_loi", "03/04/2020", "01/04/2020").await;
    assert_eq!(earlier.status, 422);
    assert!(earlier.body.contains("Thư xin lỗi phải hẹn ngày trả mới sau hạn hiện tại (06/04/2020)."));
    let backwards = step("chuyen", "01/03/2020", "").await;
    assert_eq!(backwards.status, 422);
    // a second supplement request is refused (once only)
    let again = step("yeu_cau_bo_sung", "24/03/2020", "").await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("Chỉ được yêu cầu bổ sung hồ sơ một lần"));
    // an apology on the due date is too late: at the latest the day before
    let too_late = step("xin_loi", "06/04/2020", "10/04/2020").await;
    assert_eq!(too_late.status, 422);
    assert!(too_late.body.contains("phải gửi chậm nhất ngày 05/04/2020, trước hạn giải quyết 06/04/2020"));
    assert_eq!(step("xin_loi", "03/04/2020", "10/04/2020").await.status, 303);
    let twice = step("xin_loi", "04/04/2020", "15/04/2020").await;
    assert!(twice.body.contains("Chỉ được hẹn lại ngày trả kết quả một lần"), "re-appointed once only");
    // the leadership dashboard counts it among the open dossiers past their due date
    let leader = sign_in(&app, "lanhdao").await;
    let dash = dost_domain::text::strip_tags(&leader.get("/quan-tri/lanh-dao").await.body);
    assert!(dash.contains("Hồ sơ thủ tục hành chính đang giải quyết đã quá hạn: 1"), "{dash}");
    // a renewal needs the old licence's expiry; the new one runs 3 years from it
    let tra = format!("{path}/tra");
    let missing = desk.post(&tra, &[("on", "09/04/2020"), ("result", "Giấy phép số 12/GP-SKHCN")]).await;
    assert_eq!(missing.status, 422, "{}", missing.body);
    assert!(missing.body.contains("hãy ghi ngày hết hạn của giấy phép cũ"));
    let ok = desk
        .post(&tra, &[("on", "09/04/2020"), ("result", "Giấy phép số 12/GP-SKHCN"), ("old_expiry", "30/04/2020")])
        .await;
    assert_eq!(ok.status, 303);
    let page = text(&desk.get(&path).await.body);
    assert!(page.contains("Tình trạng Quá hạn"), "an apology does not make a late dossier on time");
    assert!(page.contains("Ngày hẹn trả (theo thư xin lỗi) 10/04/2020"));
    assert!(page.contains("Giấy phép có hiệu lực đến 30/04/2023"));
    let late = step("chuyen", "10/04/2020", "").await;
    assert_eq!(late.status, 422);
    assert!(late.body.contains("Hồ sơ đã trả kết quả ngày 09/04/2020"));
    // leaders read; only the desk records
    assert_eq!(leader.get(&path).await.status, 200);
    assert_eq!(leader.post(&format!("{path}/buoc"), &[("kind", "chuyen"), ("on", "10/04/2020")]).await.status, 403);
    let steps = count(&app.db, "SELECT COUNT(*) FROM dossier_events").await;
    assert_eq!(steps, 3);
    // who filed it and how can be corrected, even after the result
    let sua = format!("{path}/sua");
    assert_eq!(desk.post(&sua, &[("applicant", ""), ("channel", "truc_tuyen")]).await.status, 422);
    assert_eq!(desk.post(&sua, &[("applicant", "X"), ("channel", "fax")]).await.status, 400);
    assert_eq!(desk.post(&sua, &[("applicant", "Phòng khám Tâm Đức"), ("channel", "truc_tuyen")]).await.status, 303);
    let page = text(&desk.get(&path).await.body);
    assert!(page.contains("Phòng khám Tâm Đức") && page.contains("Hình thức nộp Nộp trực tuyến"));
}

#[tokio::test]
async fn the_years_plan_shows_counted_and_typed_progress() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let leader = sign_in(&app, "lanhdao").await;
    let page = leader.get("/quan-tri/ke-hoach?nam=2020&den=30/09/2020").await;
    assert_eq!(page.status, 200);
    let text = dost_domain::text::strip_tags(&page.body);
    assert!(text.contains("163 163/440, đạt 37%"), "counted from verifications");
    assert!(text.contains("6.832 6.832/15.520, đạt 44%"), "counted from sales");
    assert!(text.contains("Cập nhật cơ sở dữ liệu KH&CN của tỉnh 120 hồ sơ 86 86/120, đạt 71,7%"), "typed");
    assert!(
        page.body.contains(
            "href=\"/quan-tri/so-lieu/kiem-dinh?tu=01%2F01%2F2020&#38;den=30%2F09%2F2020&#38;loai=khoi_luong\""
        ),
        "the figure links to the verifications counted"
    );
    let bad = leader.get("/quan-tri/ke-hoach?nam=2020&den=01/01/2021").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("phải là một ngày của năm 2020"));
}

#[tokio::test]
async fn holidays_are_data_and_move_working_day_deadlines() {
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    assert_eq!(sign_in(&app, "lanhdao").await.get("/quan-tri/ngay-nghi").await.status, 403);
    let admin = sign_in(&app, "quantri").await;
    let tet = admin.get("/quan-tri/ngay-nghi?nam=2020").await;
    assert_eq!(tet.status, 200);
    assert!(dost_domain::text::strip_tags(&tet.body).contains("24/01/2020 Thứ Sáu"), "Tết Canh Tý is listed");
    let procedures = dost_store::work::procedures(&app.db).await.unwrap();
    let reissue = procedures.iter().find(|p| p.code == "bx_cap_lai").unwrap().id.to_string();
    let receive = |code: &'static str| {
        let admin = &admin;
        let reissue = reissue.clone();
        async move {
            admin
                .post(
                    "/quan-tri/ho-so/moi",
                    &[
                        ("code", code),
                        ("procedure", &reissue),
                        ("applicant", "Phòng khám An Bình"),
                        ("received", "04/05/2021"),
                    ],
                )
                .await
                .location
        }
    };
    // five working days from Tuesday 04/05/2021
    assert!(receive("HS-2021-0001").await.contains("11%2F05%2F2021"));
    let bad = admin.post("/quan-tri/ngay-nghi", &[("day", "05/05/2021"), ("name", "")]).await;
    assert_eq!(bad.status, 422);
    assert_eq!(
        admin.post("/quan-tri/ngay-nghi", &[("day", "05/05/2021"), ("name", "Nghỉ bù (thử)")]).await.status,
        303
    );
    assert!(receive("HS-2021-0002").await.contains("12%2F05%2F2021"), "one day later with the new holiday");
    assert_eq!(admin.post("/quan-tri/ngay-nghi", &[("day", "05/05/2021"), ("xoa", "1")]).await.status, 303);
    assert!(receive("HS-2021-0003").await.contains("11%2F05%2F2021"));
}

async fn upload(agent: &Agent, form_path: &str, post_path: &str, file: &std::path::Path) -> Reply {
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf_in(&agent.get(form_path).await.body))
        .part("file", reqwest::multipart::Part::bytes(std::fs::read(file).unwrap()).file_name("nhap.xlsx"));
    agent.post_multipart(post_path, form).await
}

#[tokio::test]
async fn verifications_and_dossiers_import_by_the_same_rules_as_the_forms() {
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    let admin = sign_in(&app, "quantri").await;
    let sheet = |name: &str, rows: &str| {
        let path = app.data.path().join(name);
        python(
            &format!(
                "import sys, datetime, openpyxl\nwb = openpyxl.Workbook(); ws = wb.active\n{rows}\nwb.save(sys.argv[1])"
            ),
            path.to_str().unwrap(),
        );
        path
    };
    let header = "ws.append(['Loại phương tiện đo', 'Số hiệu', 'Chủ sở hữu', 'Địa bàn', 'Ngày kiểm định', 'Kết quả', 'Số chứng chỉ', 'Kiểm định viên', 'Kiểu (model)', 'Hãng, nước sản xuất', 'Năm sản xuất'])";
    let bad = sheet(
        "kd-loi.xlsx",
        &format!(
            "{header}\n\
             ws.append(['Cân bàn, cân đồng hồ lò xo', 'C-1', 'Chợ Xanh', 'Thành phố Cao Bằng', '05/10/2020', 'Đạt', 'KĐ-N-1', ''])\n\
             ws.append(['Cân bàn, cân đồng hồ lò xo', 'C-2', 'Chợ Xanh', '', '05/10/2020', 'Đạt', 'KĐ000001', ''])\n\
             ws.append(['Cân bàn, cân đồng hồ lò xo', 'C-3', 'Chợ Xanh', '', '05/10/2020', 'Đạt', 'KĐ-N-1', ''])\n\
             ws.append(['Cân bàn, cân đồng hồ lò xo', 'C-4', 'Chợ Xanh', '', '05/10/2020', 'Đạt', '', ''])\n\
             ws.append(['Đồng hồ nước', 'N-1', 'Công ty Cấp nước', '', '05/10/2020', 'Đạt', 'KĐ-N-2', ''])\n\
             ws.append(['Taximét', 'T-1', 'Taxi Non Nước', '', 44000, 'Không đạt', '', ''])"
        ),
    );
    let before = count(&app.db, "SELECT COUNT(*) FROM verifications").await;
    let r = upload(&admin, "/quan-tri/kiem-dinh/nhap", "/quan-tri/kiem-dinh/nhap", &bad).await;
    assert_eq!(r.status, 422);
    let text = dost_domain::text::strip_tags(&r.body);
    for expected in [
        "3 Số chứng chỉ số chứng chỉ «KĐ000001» đã được dùng",
        "4 Số chứng chỉ số chứng chỉ «KĐ-N-1» lặp lại trong bảng tính",
        "5 Số chứng chỉ",
        "6 Loại phương tiện đo không có loại phương tiện «Đồng hồ nước» trong danh mục",
        "7 Ngày kiểm định «44000» là một số",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in {text}");
    }
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM verifications").await, before, "nothing imported");
    // the template of today has the kind of verification and the verifier's designation
    let header = header.replace("'Năm sản xuất']", "'Năm sản xuất', 'Hình thức (ban đầu, định kỳ, sau sửa chữa)', 'Số thẻ hoặc quyết định chỉ định kiểm định viên']");
    let wrong_kind = sheet(
        "kd-hinh-thuc.xlsx",
        &format!(
            "{header}\nws.append(['Taximét', 'T-9', 'Taxi Non Nước', '', '06/10/2020', 'Không đạt', '', '', '', '', None, 'Hằng năm', ''])"
        ),
    );
    let r = upload(&admin, "/quan-tri/kiem-dinh/nhap", "/quan-tri/kiem-dinh/nhap", &wrong_kind).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("«Hằng năm» không phải hình thức kiểm định"), "{}", r.body);
    let good = sheet(
        "kd.xlsx",
        &format!(
            "{header}\n\
             ws.append(['Cân bàn, cân đồng hồ lò xo', 'C-1', 'Chợ Xanh', 'Thành phố Cao Bằng', datetime.datetime(2020, 10, 5), 'Đạt', 'KĐ-N-1', 'Nông Văn A', 'TS-200', 'Nhơn Hòa', 2018, 'Sau sửa chữa', 'Thẻ KĐV số 12'])\n\
             ws.append(['Taximét', 'T-1', 'Taxi Non Nước', '', '06/10/2020', 'Không đạt', '', ''])"
        ),
    );
    let r = upload(&admin, "/quan-tri/kiem-dinh/nhap", "/quan-tri/kiem-dinh/nhap", &good).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("Đã nhập 2 bản ghi."));
    let until = count(
        &app.db,
        "SELECT COUNT(*) FROM verifications WHERE certificate = 'KĐ-N-1' AND valid_until = '2021-10-04'",
    )
    .await;
    assert_eq!(until, 1, "valid for the 12-month cycle");
    let kinds = count(
        &app.db,
        "SELECT COUNT(*) FROM verifications WHERE certificate = 'KĐ-N-1' AND kind = 'sau_sua_chua' AND designation = 'Thẻ KĐV số 12'",
    )
    .await;
    assert_eq!(kinds, 1, "the kind and the designation are read from the sheet");
    let periodic = count(&app.db, "SELECT COUNT(*) FROM verifications v JOIN instruments i ON i.id = v.instrument_id WHERE i.serial = 'T-1' AND v.kind = 'dinh_ky'").await;
    assert_eq!(periodic, 1, "periodic when the cell is empty");
    let instrument = count(
        &app.db,
        "SELECT COUNT(*) FROM instruments WHERE serial = 'C-1' AND model = 'TS-200' AND made_year = 2018",
    )
    .await;
    assert_eq!(instrument, 1, "the instrument's model and year are kept");

    let header = "ws.append(['Mã hồ sơ', 'Thủ tục', 'Tổ chức, cá nhân', 'Ngày nhận', 'Ngày trả', 'Kết quả', 'Kinh phí hỗ trợ (đồng)', 'Hết hạn giấy phép cũ (khi gia hạn)'])";
    let bad = sheet(
        "hs-loi.xlsx",
        &format!(
            "{header}\n\
             ws.append(['HS-2020-0001', 'Cấp lại giấy phép tiến hành công việc bức xạ', 'A', '02/03/2020', '', '', '', ''])\n\
             ws.append(['HS-2020-9001', 'Cấp phép xây dựng', 'B', '02/03/2020', '', '', '', ''])\n\
             ws.append(['HS-2020-9002', 'Có ý kiến về công nghệ dự án đầu tư', 'C', '10/03/2020', '02/03/2020', 'x', '', ''])\n\
             ws.append(['HS-2020-9003', 'Có ý kiến về công nghệ dự án đầu tư', 'C', '02/03/2020', '', '', 5000000, ''])\n\
             ws.append(['HS-2020-9004', 'Gia hạn giấy phép tiến hành công việc bức xạ', 'D', '02/03/2020', '10/03/2020', 'GP', '', ''])"
        ),
    );
    let r = upload(&admin, "/quan-tri/ho-so/nhap", "/quan-tri/ho-so/nhap", &bad).await;
    assert_eq!(r.status, 422);
    let text = dost_domain::text::strip_tags(&r.body);
    for expected in [
        "2 Mã hồ sơ mã hồ sơ «HS-2020-0001» đã có",
        "3 Thủ tục không có thủ tục «Cấp phép xây dựng» trong danh mục",
        "4 Ngày trả ngày trả không được trước ngày nhận",
        "5 Kinh phí hỗ trợ (đồng) thủ tục này không có kinh phí hỗ trợ",
        "6 Hết hạn giấy phép cũ (khi gia hạn) gia hạn giấy phép",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in {text}");
    }
    let good = sheet(
        "hs.xlsx",
        &format!(
            "{header}\n\
             ws.append(['HS-2020-9004', 'Gia hạn giấy phép tiến hành công việc bức xạ', 'D', '02/03/2020', '10/03/2020', 'GP số 7', '', '31/05/2020'])"
        ),
    );
    let r = upload(&admin, "/quan-tri/ho-so/nhap", "/quan-tri/ho-so/nhap", &good).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let right = count(
        &app.db,
        "SELECT COUNT(*) FROM dossiers WHERE code = 'HS-2020-9004' AND due_on = '2020-03-16' AND licence_until = '2023-05-31'",
    )
    .await;
    assert_eq!(right, 1, "due in ten working days; the renewal runs three years from the old expiry");
}

//! The organisation as dated data (issue 29): units and their duties are
//! added, given and closed from the command line and from Quản trị → Đơn vị;
//! access, forms, reports and the audit log follow them on their dates.

use chrono::{Days, NaiveDate};
use dost_domain::roles::Role;

use crate::support::*;

fn vn(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Runs `dost …` on the test's data folder and database.
fn dost(app: &TestApp, args: &[&str]) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dost"));
    cmd.arg("--data").arg(app.data.path()).args(args);
    match &app.db_url {
        Some(url) => cmd.env("DATABASE_URL", url),
        None => cmd.env_remove("DATABASE_URL"),
    };
    cmd.output().expect("run dost")
}

fn said(o: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn today(app: &TestApp) -> NaiveDate {
    dost_domain::format::vn_date(app.state.clock.now())
}

/// A verification of a taximeter as the form takes it.
async fn verification(app: &TestApp, certificate: &str) -> Vec<(&'static str, String)> {
    let types = dost_store::work::instrument_types(&app.db).await.unwrap();
    let taxi = types.iter().find(|t| t.field == "taximet").unwrap().id.to_string();
    vec![
        ("type", taxi),
        ("serial", format!("TX-{certificate}")),
        ("owner", "Hãng taxi Non Nước".into()),
        ("district", "Phường Thục Phán".into()),
        ("date", vn(today(app).pred_opt().unwrap())),
        ("result", "dat".into()),
        ("certificate", certificate.into()),
        ("verifier", "Nông Văn Kiểm".into()),
    ]
}

async fn record_verification(agent: &Agent, fields: &[(&'static str, String)]) -> u16 {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    agent.post("/quan-tri/kiem-dinh/moi", &fields).await.status
}

#[tokio::test]
async fn a_unit_added_from_the_command_line_keeps_verifications_until_it_closes() {
    let app = spawn(true).await;
    let day = today(&app);
    let opened = day.checked_sub_days(Days::new(60)).unwrap().to_string();
    let add = dost(
        &app,
        &[
            "unit",
            "add",
            "--code",
            "kdn",
            "--name",
            "Trung tâm Kiểm định – Đo lường",
            "--kind",
            "trung_tam",
            "--from",
            &opened,
        ],
    );
    assert!(add.status.success(), "{}", said(&add));
    assert!(said(&add).contains("Đã thêm đơn vị KDN"), "{}", said(&add));
    let keeps = dost(&app, &["unit", "keeps", "--code", "KDN", "--records", "kiem-dinh", "--from", &opened]);
    assert!(keeps.status.success(), "{}", said(&keeps));
    // refusals say why, in one Vietnamese line, and change nothing
    for (args, why) in [
        (vec!["unit", "add", "--code", "KDN", "--name", "Lặp", "--from", "2025-01-01"], "Đã có đơn vị mã «KDN»"),
        (
            vec!["unit", "add", "--code", "X1", "--name", "Sai loại", "--kind", "ban", "--from", "2025-01-01"],
            "loại đơn vị",
        ),
        (vec!["unit", "keeps", "--code", "KDN", "--records", "khong-co", "--from", "2025-01-01"], "loại hồ sơ"),
        (vec!["unit", "keeps", "--code", "ZZZ", "--records", "kiem-dinh", "--from", "2025-01-01"], "chọn đơn vị"),
        (vec!["unit", "close", "--code", "KDN", "--on", "2000-01-01"], "không thể đóng trước ngày thành lập"),
        (
            vec!["unit", "close", "--code", "KDN", "--on", "2026-01-01", "--successor", "XYZ"],
            "Đơn vị kế thừa «XYZ» không có",
        ),
    ] {
        let out = dost(&app, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", said(&out));
        assert!(String::from_utf8_lossy(&out.stderr).contains(why), "{args:?}: {}", said(&out));
    }
    let list = dost(&app, &["unit", "list"]);
    let listed = String::from_utf8_lossy(&list.stdout).to_string();
    assert!(listed.contains("KDN") && listed.contains("giữ kiem-dinh"), "{listed}");
    assert_eq!(listed.matches("Lặp").count(), 0);
    app.state.refresh().await.unwrap();

    add_user_in_unit(&app, "kdn", Role::UnitStaff, "KDN").await;
    add_user_in_unit(&app, "khoahoc", Role::UnitStaff, "QLKH").await;
    add_user_in_unit(&app, "chicuc", Role::UnitStaff, "TDC").await;
    let kdn = sign_in(&app, "kdn").await;
    assert_eq!(kdn.get("/quan-tri/kiem-dinh").await.status, 200, "the new unit opens the verifications");
    assert_eq!(record_verification(&kdn, &verification(&app, "KĐ-KDN-1").await).await, 303);
    let recorded = "SELECT COUNT(*) FROM verifications WHERE certificate LIKE 'KĐ-KDN-%'";
    assert_eq!(scalar(&app.db, recorded).await, 1);
    let other = sign_in(&app, "khoahoc").await;
    assert_eq!(record_verification(&other, &verification(&app, "KĐ-KDN-2").await).await, 403);

    // closed yesterday, its records continued by the Chi cục
    let yesterday = day.pred_opt().unwrap().to_string();
    let close = dost(&app, &["unit", "close", "--code", "KDN", "--on", &yesterday, "--successor", "TDC"]);
    assert!(close.status.success(), "{}", said(&close));
    app.state.refresh().await.unwrap();
    assert_eq!(record_verification(&kdn, &verification(&app, "KĐ-KDN-3").await).await, 403);
    assert_eq!(kdn.get("/quan-tri/kiem-dinh").await.status, 403);
    let tdc = sign_in(&app, "chicuc").await;
    assert_eq!(record_verification(&tdc, &verification(&app, "KĐ-KDN-4").await).await, 303);
    assert_eq!(scalar(&app.db, recorded).await, 2);
    // the closed unit leaves the public organisation chart
    assert!(!app.get("/gioi-thieu").await.body.contains("Trung tâm Kiểm định – Đo lường"));
}

#[tokio::test]
async fn two_units_merge_on_a_day() {
    let app = spawn(true).await;
    let day = today(&app);
    let last = day.checked_sub_days(Days::new(20)).unwrap();
    let first = last.succ_opt().unwrap();
    add_user(&app, "quantri", Role::Administrator).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    add_user_in_unit(&app, "congnghe", Role::UnitStaff, "QLCN").await;
    add_user_in_unit(&app, "khoahoc", Role::UnitHead, "QLKH").await;
    let directive =
        scalar(&app.db, "SELECT MIN(d.id) FROM directives d JOIN units u ON u.id = d.unit_id WHERE u.code = 'QLCN'")
            .await;
    let qlcn_id = scalar(&app.db, "SELECT id FROM units WHERE code = 'QLCN'").await;
    let update = |progress: &'static str| [("status", "dang_lam"), ("progress", progress)];
    let path = format!("/quan-tri/chi-dao/{directive}");
    let leader = sign_in(&app, "lanhdao").await;
    let nine_months_2020 = "/quan-tri/bao-cao?ky=9-thang&nam=2020&ngay=06/10/2020";
    let report_2020 = preview_text(&leader.get(nine_months_2020).await.body);

    // before: each division its own records
    let cn = sign_in(&app, "congnghe").await;
    let kh = sign_in(&app, "khoahoc").await;
    assert_eq!(cn.post(&path, &update("Phòng Quản lý chuyên ngành đang làm")).await.status, 303);
    assert_eq!(kh.post(&path, &update("Không phải việc của phòng")).await.status, 403);

    // the administrator merges QLCN into QLKH, with a refusal next to its field first
    let admin = sign_in(&app, "quantri").await;
    let wrong =
        admin.post("/quan-tri/don-vi/dong", &[("code", "QLCN"), ("on", &vn(last)), ("successor", "QLCN")]).await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("Đơn vị không thể kế thừa chính mình.") && wrong.body.contains("Đơn vị và nhiệm vụ"));
    let merged =
        admin.post("/quan-tri/don-vi/dong", &[("code", "QLCN"), ("on", &vn(last)), ("successor", "QLKH")]).await;
    assert_eq!(merged.status, 303, "{}", merged.body);
    let given = admin
        .post("/quan-tri/don-vi/giao", &[("unit", "QLKH"), ("kind", "linh-vuc:cong-nghe"), ("on", &vn(first))])
        .await;
    assert_eq!(given.status, 303, "{}", given.body);

    // after: the closed division's staff no longer record; the successor continues its records
    assert_eq!(cn.post(&path, &update("Sau ngày sáp nhập")).await.status, 403);
    assert_eq!(kh.post(&path, &update("Phòng Quản lý khoa học tiếp tục")).await.status, 303);
    // new forms offer only the units that exist
    let form = leader.get("/quan-tri/chi-dao").await.body;
    assert!(!form.contains(&format!("<option value=\"{qlcn_id}\"")), "a closed unit is not offered");
    // the person moves to the successor; the audit log says where they were when
    let moved = admin.post("/quan-tri/don-vi/chuyen", &[("username", "congnghe"), ("unit", "QLKH")]).await;
    assert_eq!(moved.status, 303, "{}", moved.body);
    assert_eq!(cn.post(&path, &update("Nay làm ở Phòng Quản lý khoa học")).await.status, 303);
    let units: Vec<String> = match &app.db {
        dost_store::Db::Sqlite(s) => sqlx::query_scalar(
            "SELECT unit FROM audit_log WHERE username = 'congnghe' AND entity = 'directive' ORDER BY id",
        )
        .fetch_all(&s.pool)
        .await
        .unwrap(),
        dost_store::Db::Postgres(p) => sqlx::query_scalar(
            "SELECT unit FROM audit_log WHERE username = 'congnghe' AND entity = 'directive' ORDER BY id",
        )
        .fetch_all(p)
        .await
        .unwrap(),
    };
    assert_eq!(units, ["QLCN", "QLKH"]);
    let log = admin.get("/quan-tri/nhat-ky?nguoi=congnghe").await.body;
    assert!(log.contains("congnghe <span class=\"muted\">(QLCN)</span>"), "{log}");
    assert!(log.contains("congnghe <span class=\"muted\">(QLKH)</span>"));

    // reports: the past period is unchanged, the successor's own report covers the new duty after the day
    assert_eq!(preview_text(&leader.get(nine_months_2020).await.body), report_2020);
    let own_2020 = preview_text(&kh.get(nine_months_2020).await.body);
    assert!(own_2020.contains("Phòng Quản lý khoa học báo cáo kết quả"), "{own_2020}");
    assert!(!own_2020.contains("Quản lý công nghệ, sở hữu trí tuệ"), "{own_2020}");
    let since = format!("/quan-tri/bao-cao?ky=tuy-chon&tu={}&den={}", vn(first), vn(day));
    let own_now = preview_text(&kh.get(&since).await.body);
    assert!(own_now.contains("Quản lý công nghệ, sở hữu trí tuệ, an toàn bức xạ"), "{own_now}");
    let before = format!(
        "/quan-tri/bao-cao?ky=tuy-chon&tu={}&den={}&don-vi=QLKH",
        vn(last.checked_sub_days(Days::new(9)).unwrap()),
        vn(last)
    );
    assert!(!preview_text(&leader.get(&before).await.body).contains("Quản lý công nghệ, sở hữu trí tuệ"));
}

#[tokio::test]
async fn the_nine_month_report_of_the_demo_year_counts_its_work_and_the_merged_duties() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let leader = sign_in(&app, "lanhdao").await;
    // the latest year whose first nine months have passed when the demo was loaded
    let day = today(&app);
    let year = if chrono::Datelike::month(&day) >= 10 {
        chrono::Datelike::year(&day)
    } else {
        chrono::Datelike::year(&day) - 1
    };
    let text = preview_text(&leader.get(&format!("/quan-tri/bao-cao?ky=9-thang&nam={year}")).await.body);
    assert!(!text.contains("chưa có kết quả công tác nào được ghi nhận"), "{text}");
    let (from, to) = (format!("{year}-01-01"), format!("{year}-09-30"));
    let received = scalar(
        &app.db,
        &format!("SELECT COUNT(*) FROM dossiers WHERE received_on >= '{from}' AND received_on <= '{to}'"),
    )
    .await;
    let online = scalar(
        &app.db,
        &format!(
            "SELECT COUNT(*) FROM dossiers WHERE received_on >= '{from}' AND received_on <= '{to}' AND channel = 'truc_tuyen'"
        ),
    )
    .await;
    assert!(received > 0 && online > 0);
    let n = dost_domain::format::count;
    assert!(text.contains(&format!("Bộ phận Một cửa tiếp nhận {} hồ sơ", n(received))), "{text}");
    // the parts of the duties taken over on 01/03/2025, with their figures
    assert!(text.contains("Công tác chuyển đổi số"), "{text}");
    assert!(text.contains(&format!("được tiếp nhận trực tuyến {}/{} hồ sơ", n(online), n(received))), "{text}");
    assert!(text.contains("Thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình:"), "{text}");
    assert!(text.contains("Quản lý bưu chính, viễn thông") && text.contains("về bưu chính, viễn thông:"), "{text}");
    let formal = scalar(
        &app.db,
        &format!(
            "SELECT COUNT(*) FROM inspections WHERE kind = 'thanh_tra' AND on_date >= '{from}' AND on_date <= '{to}'"
        ),
    )
    .await;
    if year >= 2026 {
        assert_eq!(formal, 0, "no inspectorate after 30/06/2025");
        assert!(!text.contains("thanh tra chuyên ngành"), "{text}");
    }
    // the 2020 report has neither part
    let old = preview_text(&leader.get("/quan-tri/bao-cao?ky=9-thang&nam=2020").await.body);
    assert!(!old.contains("Công tác chuyển đổi số") && old.contains("thanh tra chuyên ngành"));
    // the organisation page shows today's units, grouped, without the closed inspectorate
    let about = app.get("/gioi-thieu").await.body;
    assert!(about.contains("Phòng Chuyển đổi số") && about.contains("Trung tâm Công nghệ thông tin và Chuyển đổi số"));
    assert!(!about.contains("Chánh Thanh tra"), "the inspectorate closed on 30/06/2025");
    let english = app.get("/en/about").await;
    assert!(english.body.contains("Digital Transformation Division"), "{}", english.status);
}

//! Rules as the law writes them, through the system: the reference data a
//! fresh install ships, a province's own rule version, councils' quorum and
//! sizes, a failed acceptance, the registration duties.

use dost_domain::roles::Role;
use dost_store::tasks::{Filter, list};

use crate::support::*;

#[tokio::test]
async fn a_fresh_install_knows_the_days_off_and_the_cycles_with_their_sources() {
    let app = spawn(false).await;
    let shipped = dost_domain::calendar::shipped_days();
    let stored = scalar(&app.db, "SELECT COUNT(*) FROM holidays").await;
    assert_eq!(stored, shipped.len() as i64, "every shipped day, nothing else");
    for y in 2019..=2027 {
        let n = scalar(
            &app.db,
            &format!(
                "SELECT COUNT(*) FROM holidays WHERE day >= '{y}-01-01' AND day <= '{y}-12-31' AND working = FALSE"
            ),
        )
        .await;
        assert!(n >= 10, "{y}: {n} days off");
    }
    assert_eq!(scalar(&app.db, "SELECT COUNT(*) FROM holidays WHERE source = ''").await, 0, "each with its source");
    assert_eq!(scalar(&app.db, "SELECT COUNT(*) FROM holidays WHERE working = TRUE").await, 6, "Saturdays worked");
    let taximeter = scalar(
        &app.db,
        "SELECT c.months FROM instrument_cycles c JOIN instrument_types t ON t.id = c.type_id \
         WHERE t.code = 'tt_taximet' AND c.effective_from = '2024-10-15' AND c.basis = 'Thông tư 03/2024/TT-BKHCN'",
    )
    .await;
    assert_eq!(taximeter, 18);
    assert_eq!(scalar(&app.db, "SELECT COUNT(*) FROM instrument_cycles WHERE basis = ''").await, 0);

    // due dates over Tết Bính Ngọ 2026, from the shipped calendar alone
    add_user_in_unit(&app, "motcua", Role::UnitStaff, "VP").await;
    let desk = sign_in(&app, "motcua").await;
    let declaration = scalar(&app.db, "SELECT id FROM procedures WHERE code = 'bx_khai_bao'").await.to_string();
    let r = desk
        .post(
            "/quan-tri/ho-so/moi",
            &[
                ("code", "HS-2026-0001"),
                ("procedure", &declaration),
                ("applicant", "Phòng khám Đa khoa Tâm Đức"),
                ("received", "12/02/2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location.contains("han=26%2F02%2F2026"), "5 working days after 12/02/2026, Tết skipped: {}", r.location);
    // a procedure whose time runs in calendar days ends on the next working day after Tết
    let plan = scalar(&app.db, "SELECT id FROM procedures WHERE code = 'bx_ung_pho_su_co'").await;
    let edit = format!("/quan-tri/so/thu-tuc/{plan}");
    let r = desk
        .post(
            &edit,
            &[
                ("code", "bx_ung_pho_su_co"),
                ("name", "Phê duyệt kế hoạch ứng phó sự cố bức xạ cấp cơ sở"),
                ("area", "buc_xa"),
                ("working_days", "15"),
                ("calendar_days", "co"),
                ("with_money", "khong"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // the clerk's change to the published catalogue applies once the office's head approves it
    add_user_in_unit(&app, "chanhvp", Role::UnitHead, "VP").await;
    let r = sign_in(&app, "chanhvp").await.post(&format!("{edit}/duyet"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = desk
        .post(
            "/quan-tri/ho-so/moi",
            &[
                ("code", "HS-2026-0002"),
                ("procedure", &plan.to_string()),
                ("applicant", "Bệnh viện Đa khoa tỉnh"),
                ("received", "05/02/2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location.contains("han=23%2F02%2F2026"), "15 days end on Friday 20/02, off: {}", r.location);
}

/// The pear task at internal acceptance, with the fields of a council of `n` members on `date`.
async fn council_fields(app: &TestApp, n: usize, date: &str) -> (i64, Vec<(String, String)>) {
    let pear = list(&app.db, &Filter { like: "%le xanh%".into(), ..Default::default() }).await.unwrap().remove(0).id;
    let people = dost_store::tasks::people(&app.db).await.unwrap();
    let experts: Vec<String> = people
        .iter()
        .filter(|p| p.organisation.starts_with("Sở ") || p.organisation.starts_with("Liên hiệp"))
        .map(|p| p.id.to_string())
        .take(n)
        .collect();
    let roles =
        ["chu_tich", "pho_chu_tich", "phan_bien", "phan_bien", "thu_ky", "uy_vien", "uy_vien", "uy_vien", "uy_vien"];
    let mut fields: Vec<(String, String)> = vec![
        ("kind".into(), "nghiem_thu".into()),
        ("decision".into(), format!("{n}/QĐ-SKHCN")),
        ("date".into(), date.into()),
    ];
    for (i, (p, role)) in experts.iter().zip(roles).enumerate() {
        fields.push((format!("person-{}", i + 1), p.clone()));
        fields.push((format!("role-{}", i + 1), role.to_string()));
        fields.push((format!("exp-{}", i + 1), "1".to_string()));
    }
    (pear, fields)
}

#[tokio::test]
async fn a_provinces_rule_governs_its_tasks_from_its_day_and_councils_keep_their_quorum() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "cvqlkh", Role::UnitStaff, "QLKH").await;
    let staff = sign_in(&app, "cvqlkh").await;
    // the province's regulation: 5 to 7 members for provincial acceptance councils from 01/01/2021
    let bad = staff
        .post(
            "/quan-tri/so/quy-dinh/moi",
            &[
                ("key", "hoi_dong_nghiem_thu"),
                ("scope", "tinh"),
                ("effective_from", "01/01/2021"),
                ("value", "5-7"),
                ("basis", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, 422, "the legal basis is required");
    let malformed = staff
        .post(
            "/quan-tri/so/quy-dinh/moi",
            &[
                ("key", "hoi_dong_nghiem_thu"),
                ("scope", "tinh"),
                ("effective_from", "01/01/2021"),
                ("value", "bảy"),
                ("basis", "QĐ 01"),
            ],
        )
        .await;
    assert_eq!(malformed.status, 422);
    assert!(malformed.body.contains("không đọc được"), "the value's form is checked before it is saved");
    let ok = staff
        .post(
            "/quan-tri/so/quy-dinh/moi",
            &[
                ("key", "hoi_dong_nghiem_thu"),
                ("scope", "tinh"),
                ("effective_from", "01/01/2021"),
                ("value", "5-7"),
                ("basis", "Quyết định 01/2021/QĐ-UBND của UBND tỉnh, Điều 20"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let (pear, _) = council_fields(&app, 5, "").await;
    let step = format!("/quan-tri/nhiem-vu/{pear}/buoc");
    let r = step_post(
        &staff,
        &step,
        &[
            ("kind", "chuyen_buoc"),
            ("date", "10/11/2020"),
            ("doc_kind", "bien_ban"),
            ("doc_number", "NTCS-01"),
            ("doc_date", "10/11/2020"),
        ],
    )
    .await;
    assert_eq!(r.status, 303);
    let council = format!("/quan-tri/nhiem-vu/{pear}/hoi-dong");
    // in 2020 the shipped rule (7 to 9) applies: five members are too few
    let (_, fields) = council_fields(&app, 5, "20/11/2020").await;
    let refs: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let early = staff.post(&council, &refs).await;
    assert!(early.body.contains("phải có từ 7 đến 9 thành viên (đang có 5)"), "{}", early.body);
    // what was entered stays: the decision, the date, the people and their roles; empty seats are "Ủy viên"
    assert!(early.body.contains("value=\"5/QĐ-SKHCN\"") && early.body.contains("value=\"20/11/2020\""));
    assert!(early.body.matches("\" selected>").count() >= 5 + 5, "five people and their roles kept");
    assert!(early.body.contains("<option value=\"uy_vien\" selected>"), "an empty seat defaults to Ủy viên");
    // from 2021 the province's rule: five members are enough
    let (_, fields) = council_fields(&app, 5, "15/01/2021").await;
    let refs: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(staff.post(&council, &refs).await.status, 303);
    let acceptance = dost_store::tasks::councils(&app.db, pear).await.unwrap().into_iter().last().unwrap();
    let voters = dost_store::tasks::council_voters(&app.db, acceptance.id).await.unwrap();
    let ballot = format!("/quan-tri/nhiem-vu/{pear}/hoi-dong/{}/phieu", acceptance.id);
    let one_reviewer = voters.iter().find(|v| v.role == "phan_bien").unwrap().person_id;
    let vote = |absent: Option<i64>, each: &'static str| -> Vec<(String, String)> {
        voters
            .iter()
            .map(|v| {
                let who = if absent == Some(v.person_id) { "vang" } else { each };
                (format!("vote-{}", v.person_id), who.to_string())
            })
            .collect()
    };
    // a reviewer absent: the meeting cannot conclude (four of five are present, enough otherwise)
    let fields = vote(Some(one_reviewer), "khong_dat");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = staff.post(&ballot, &refs).await;
    assert!(r.body.contains("Phiên họp phải có đủ các ủy viên phản biện."), "{}", r.body);
    // all present, all "Không đạt": the task fails
    let fields = vote(None, "khong_dat");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(staff.post(&ballot, &refs).await.status, 303);
    let r = step_post(
        &staff,
        &step,
        &[
            ("kind", "chuyen_buoc"),
            ("date", "20/01/2021"),
            ("doc_kind", "bien_ban"),
            ("doc_number", "NT-01"),
            ("doc_date", "20/01/2021"),
        ],
    )
    .await;
    assert_eq!(r.status, 303, "to official acceptance");
    // the acceptance starts the duty to register the results within 30 days (Thông tư 14/2014)
    let due = scalar(
        &app.db,
        &format!("SELECT COUNT(*) FROM task_deadlines WHERE task_id = {pear} AND kind = 'dang_ky_ket_qua' AND due_on = '2021-02-19'"),
    )
    .await;
    assert_eq!(due, 1);
    let recognise = step_post(
        &staff,
        &step,
        &[
            ("kind", "chuyen_buoc"),
            ("date", "25/02/2021"),
            ("doc_kind", "quyet_dinh"),
            ("doc_number", "CN-01"),
            ("doc_date", "25/02/2021"),
        ],
    )
    .await;
    assert_eq!(recognise.status, 422);
    assert!(recognise.body.contains("không được công nhận kết quả"));
    let close = step_post(
        &staff,
        &step,
        &[
            ("kind", "cham_dut"),
            ("date", "25/02/2021"),
            ("doc_kind", "quyet_dinh"),
            ("doc_number", "CD-01"),
            ("doc_date", "25/02/2021"),
        ],
    )
    .await;
    assert_eq!(close.status, 303);
    let t = dost_store::tasks::get(&app.db, pear).await.unwrap().unwrap();
    assert_eq!(t.row.stage, dost_domain::tasks::Stage::Failed);
    assert_eq!(app.get(&format!("/nhiem-vu/{pear}")).await.status, 404, "a failed task is not in the public register");
    // the unit staff may not withdraw a step; the unit head may, with a reason kept in the log
    let last = dost_store::tasks::events(&app.db, pear).await.unwrap().last().unwrap().id.to_string();
    let withdraw = format!("/quan-tri/nhiem-vu/{pear}/rut-buoc");
    assert_eq!(staff.post(&withdraw, &[("step", &last), ("reason", "Ghi nhầm")]).await.status, 403);
    add_user_in_unit(&app, "tpqlkh", Role::UnitHead, "QLKH").await;
    let head = sign_in(&app, "tpqlkh").await;
    let r = head.post(&withdraw, &[("step", &last), ("reason", "Ghi nhầm số quyết định")]).await;
    assert_eq!(r.status, 303);
    let t = dost_store::tasks::get(&app.db, pear).await.unwrap().unwrap();
    assert_eq!(t.row.stage, dost_domain::tasks::Stage::OfficialAcceptance);
    assert_eq!(
        scalar(
            &app.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'withdraw' AND summary LIKE '%Ghi nhầm số quyết định%'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_selection_council_has_its_vice_chair_when_the_rule_asks_and_no_applicants_people() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "cvqlkh", Role::UnitStaff, "QLKH").await;
    let staff = sign_in(&app, "cvqlkh").await;
    let (pear, mut fields) = council_fields(&app, 7, "10/01/2024").await;
    fields[0].1 = "tuyen_chon".into();
    let council = format!("/quan-tri/nhiem-vu/{pear}/hoi-dong");
    let post = |fields: Vec<(String, String)>| {
        let staff = &staff;
        let council = council.clone();
        async move {
            let refs: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            staff.post(&council, &refs).await
        }
    };
    // Thông tư 20/2023 (from 27/11/2023) asks for a vice-chair
    let mut no_vice = fields.clone();
    for f in no_vice.iter_mut().filter(|f| f.1 == "pho_chu_tich") {
        f.1 = "uy_vien".into();
    }
    let r = post(no_vice.clone()).await;
    assert!(r.body.contains("Hội đồng phải có Phó Chủ tịch"), "{}", r.body);
    // … which an earlier council did not need
    for f in no_vice.iter_mut().filter(|f| f.0 == "date") {
        f.1 = "10/01/2023".into();
    }
    let earlier = post(no_vice).await;
    assert!(!earlier.body.contains("Hội đồng phải có Phó Chủ tịch"));
    // a member from another applicant organisation is a conflict
    let people = dost_store::tasks::people(&app.db).await.unwrap();
    let third: i64 = fields.iter().find(|f| f.0 == "person-3").unwrap().1.parse().unwrap();
    let org = people.iter().find(|p| p.id == third).unwrap().organisation.clone();
    let mut with_applicant = fields.clone();
    with_applicant.push(("applicants".into(), org.to_uppercase()));
    let r = post(with_applicant).await;
    assert!(r.body.contains("thuộc tổ chức đăng ký tham gia tuyển chọn"), "{}", r.body);
    assert_eq!(post(fields).await.status, 303, "with its vice-chair and no applicant's people");
}

#[tokio::test]
async fn an_acceptance_council_has_its_experts_and_a_mistaken_extension_can_be_withdrawn() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "cvqlkh", Role::UnitStaff, "QLKH").await;
    let staff = sign_in(&app, "cvqlkh").await;
    let (pear, mut fields) = council_fields(&app, 7, "15/01/2021").await;
    // Thông tư 11/2014: two thirds experts; seven members need five, three are marked as users of the results
    let unmarked: Vec<String> = ["exp-5", "exp-6", "exp-7"].iter().map(|s| s.to_string()).collect();
    let few: Vec<(String, String)> = fields.iter().filter(|f| !unmarked.contains(&f.0)).cloned().collect();
    let council = format!("/quan-tri/nhiem-vu/{pear}/hoi-dong");
    let refs: Vec<(&str, &str)> = few.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = staff.post(&council, &refs).await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("ít nhất 5 thành viên là chuyên gia trong lĩnh vực của nhiệm vụ (đang có 4)"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("name=\"exp-5\" value=\"1\" checked"), "what was entered stays as entered");
    assert!(r.body.contains("name=\"exp-4\" value=\"1\" checked"));
    fields.retain(|f| f.0 != "exp-7");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(staff.post(&council, &refs).await.status, 303, "six experts of seven");
    let members = dost_store::tasks::councils(&app.db, pear).await.unwrap().into_iter().last().unwrap().members;
    assert_eq!(members.iter().filter(|m| m.expert).count(), 6, "each member's standing is kept");

    // an extension recorded by mistake: the unit head withdraws it and the end date is the one before
    let end_before: Option<chrono::NaiveDate> =
        dost_store::tasks::get(&app.db, pear).await.unwrap().unwrap().row.end_date;
    let step = format!("/quan-tri/nhiem-vu/{pear}/buoc");
    let r = step_post(
        &staff,
        &step,
        &[
            ("kind", "gia_han"),
            ("date", "01/03/2021"),
            ("doc_kind", "quyet_dinh"),
            ("doc_number", "GH-01"),
            ("doc_date", "01/03/2021"),
            ("new_end", "31/12/2021"),
        ],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let extended = || async { dost_store::tasks::get(&app.db, pear).await.unwrap().unwrap().row.end_date };
    assert_eq!(extended().await, chrono::NaiveDate::from_ymd_opt(2021, 12, 31));
    let last = dost_store::tasks::events(&app.db, pear).await.unwrap().last().unwrap().id.to_string();
    add_user_in_unit(&app, "tpqlkh", Role::UnitHead, "QLKH").await;
    let head = sign_in(&app, "tpqlkh").await;
    let withdraw = format!("/quan-tri/nhiem-vu/{pear}/rut-buoc");
    let r = head.post(&withdraw, &[("step", &last), ("reason", "Quyết định gia hạn chưa ký")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(extended().await, end_before, "the end date is the one before the extension");
    assert_eq!(
        scalar(&app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'withdraw' AND before_json LIKE '%2021-12-31%'")
            .await,
        1,
        "the withdrawn extension and its end date are kept in the log"
    );
}

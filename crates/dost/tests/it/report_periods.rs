//! Reports for any period are true as of the period's last day: each figure
//! checked against a count made here, with our own SQL, from the dated
//! records; and recording later work changes no past report.

use chrono::NaiveDate;
use dost_app::report::{Built, Request, SignerRole};
use dost_domain::format;
use dost_domain::report::{Period, PeriodKind};
use dost_domain::roles::Role;
use dost_domain::tasks::{EventKind, Level, Method, Stage, TaskType};
use dost_store::Db;

use crate::support::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn built(db: &Db, period: Period, units: &[&str]) -> Built {
    let req = Request {
        period,
        units: units.iter().map(|u| u.to_string()).collect(),
        allowed: None,
        number: "125".into(),
        signer_name: "Nông Văn Giám".into(),
        date: d(2020, 10, 6),
        revision: None,
        signer_role: SignerRole::Head,
    };
    dost_app::report::build_with_text(db, &req).await.unwrap()
}

/// Tasks of a level whose latest step on or before `end` left them running.
async fn running_on(db: &Db, end: NaiveDate, level: &str, ip: bool) -> i64 {
    let field = if ip { "=" } else { "<>" };
    scalar(
        db,
        &format!(
            "SELECT COUNT(*) FROM tasks t WHERE t.level = '{level}' AND t.field {field} 'Sở hữu trí tuệ' AND \
             (SELECT e.to_stage FROM task_events e WHERE e.task_id = t.id AND e.event_date <= '{end}' \
              ORDER BY e.event_date DESC, e.id DESC LIMIT 1) IN ('ky_hop_dong', 'dang_thuc_hien', 'nghiem_thu_co_so')"
        ),
    )
    .await
}

/// Provincial tasks (not IP) starting in `year` whose list was approved by `end`,
/// and of those, how many had a selection or direct-assignment council by then.
async fn new_tasks_on(db: &Db, end: NaiveDate, year: i32) -> (i64, i64) {
    let new = format!(
        "FROM tasks t WHERE t.level = 'cap_tinh' AND t.field <> 'Sở hữu trí tuệ' \
         AND t.start_date >= '{year}-01-01' AND t.start_date <= '{year}-12-31' \
         AND EXISTS (SELECT 1 FROM task_events e WHERE e.task_id = t.id AND e.to_stage = 'phe_duyet_danh_muc' AND e.event_date <= '{end}')"
    );
    let all = scalar(db, &format!("SELECT COUNT(*) {new}")).await;
    let council = scalar(
        db,
        &format!(
            "SELECT COUNT(*) {new} AND EXISTS (SELECT 1 FROM councils c WHERE c.task_id = t.id \
             AND c.kind IN ('tuyen_chon', 'giao_truc_tiep') AND c.meeting_date <= '{end}')"
        ),
    )
    .await;
    (all, council)
}

async fn mass_verified(db: &Db, from: NaiveDate, to: NaiveDate) -> i64 {
    scalar(
        db,
        &format!(
            "SELECT COUNT(*) FROM verifications v JOIN instruments i ON i.id = v.instrument_id \
             JOIN instrument_types t ON t.id = i.type_id WHERE t.field = 'khoi_luong' \
             AND v.verified_on >= '{from}' AND v.verified_on <= '{to}'"
        ),
    )
    .await
}

#[tokio::test]
async fn every_period_counts_as_of_its_last_day() {
    let app = spawn(true).await;
    let db = &app.db;
    let named = |k, y| Period::named(k, y, None).unwrap();
    let periods = [
        named(PeriodKind::Year, 2018),
        named(PeriodKind::Quarter(1), 2020),
        named(PeriodKind::Quarter(2), 2020),
        named(PeriodKind::Quarter(3), 2020),
        named(PeriodKind::Quarter(4), 2020),
        named(PeriodKind::SixMonths, 2020),
        Period::recognise(d(2020, 7, 1), d(2020, 12, 31)).unwrap(),
        named(PeriodKind::Year, 2020),
        named(PeriodKind::Quarter(1), 2021),
    ];
    let mut provincial_by_period = Vec::new();
    for p in periods {
        let b = built(db, p, &[]).await;
        let (f, text) = (&b.figures, b.report.plain_text());
        let label = p.label();
        let end = p.to;
        let provincial = running_on(db, end, "cap_tinh", false).await;
        assert_eq!(f.tasks.provincial.len() as i64, provincial, "{label}: provincial tasks running on {end}");
        assert_eq!(f.tasks.rural.len() as i64, running_on(db, end, "nong_thon_mien_nui", false).await, "{label}");
        assert_eq!(f.tasks.ip.len() as i64, running_on(db, end, "cap_tinh", true).await, "{label}: IP tasks");
        if provincial > 0 {
            assert!(
                text.contains(&format!("{} nhiệm vụ KH&CN cấp tỉnh", format::count(provincial))),
                "{label}: {text}"
            );
        }
        provincial_by_period.push(provincial);
        let (new, council) = new_tasks_on(db, end, p.year()).await;
        assert_eq!((f.tasks.new_tasks.len() as i64, f.tasks.with_council.len() as i64), (new, council), "{label}");
        if new > 0 {
            assert!(
                text.contains(&format!(
                    "giao trực tiếp cho {}/{} nhiệm vụ",
                    format::count(council),
                    format::count(new)
                )),
                "{label}: {text}"
            );
        }
        // verifications: the period's own, and the year's so far
        let mass = f.verification.iter().find(|v| v.field == "khoi_luong").unwrap();
        assert_eq!(mass.ids.len() as i64, mass_verified(db, p.from, end).await, "{label}");
        assert_eq!(mass.ytd_ids.len() as i64, mass_verified(db, p.year_start(), end).await, "{label}");
        // directives: given by the end, open then
        let given = scalar(
            db,
            &format!(
                "SELECT COUNT(*) FROM directives WHERE meeting_date <= '{end}' \
                 AND (status <> 'xong' OR done_on IS NULL OR done_on > '{end}')"
            ),
        )
        .await;
        assert_eq!(f.directives.len() as i64, given, "{label}: directives given by {end}");
        // dossiers received in the period, pending at its end
        let received = scalar(
            db,
            &format!("SELECT COUNT(*) FROM dossiers WHERE received_on >= '{}' AND received_on <= '{end}'", p.from),
        )
        .await;
        let pending = scalar(
            db,
            &format!(
                "SELECT COUNT(*) FROM dossiers WHERE received_on <= '{end}' AND (returned_on IS NULL OR returned_on > '{end}')"
            ),
        )
        .await;
        assert_eq!(
            (f.dossier_flow.received.len() as i64, f.dossier_flow.pending.len() as i64),
            (received, pending),
            "{label}"
        );
    }
    // the 2018 report no longer says 23: most of those tasks start in 2019
    assert!(provincial_by_period[0] < 23, "2018: {}", provincial_by_period[0]);
    assert_eq!(provincial_by_period[3], 23, "30/09/2020 as the reference article says");

    // Q1 2020 carries no directive given in September; Q3 does
    let q1 = built(db, named(PeriodKind::Quarter(1), 2020), &[]).await.report.plain_text();
    assert!(q1.contains("Đến ngày 31/03/2020, không có ý kiến chỉ đạo nào đang chờ thực hiện."), "{q1}");
    assert!(!q1.contains("Hoàn thiện kế hoạch năm 2021"));
    // Q3: the quarter's own figure, then the year so far against the annual plan
    let q3 = built(db, named(PeriodKind::Quarter(3), 2020), &[]).await;
    let q3_mass = mass_verified(db, d(2020, 7, 1), d(2020, 9, 30)).await;
    let text = q3.report.plain_text();
    assert!(
        text.contains(&format!(
            "khối lượng {} trong quý, lũy kế từ đầu năm 163/440, đạt 37% kế hoạch năm",
            format::count(q3_mass)
        )),
        "{text}"
    );
    // the councils are counted from January: all 7 held by 30/09
    assert!(text.contains("giao trực tiếp cho 07/07 nhiệm vụ"), "{text}");
    // typed results: the latest reported on or before the end
    let q2 = built(db, named(PeriodKind::Quarter(2), 2020), &[]).await;
    let typed = |b: &Built| {
        b.figures.typed_plans.iter().find(|t| t.name.starts_with("Cập nhật cơ sở dữ liệu")).unwrap().achieved
    };
    assert_eq!((typed(&q2), typed(&q3)), (Some(43), Some(86)));
    assert_eq!(typed(&built(db, named(PeriodKind::Quarter(1), 2020), &[]).await), None, "nothing reported yet");
    // Q4 looks ahead from what was done since January, not from October alone
    let q4 = built(db, named(PeriodKind::Quarter(4), 2020), &[]).await;
    let year_mass = mass_verified(db, d(2020, 1, 1), d(2020, 12, 31)).await;
    assert!(year_mass > 163);
    assert!(
        q4.report.plain_text().contains(&format!(
            "lũy kế từ đầu năm {}/440, đạt {} kế hoạch năm",
            format::count(year_mass),
            format::percent(year_mass, 440)
        )),
        "{}",
        q4.report.plain_text()
    );
}

#[tokio::test]
async fn recording_later_work_changes_no_past_report() {
    let app = spawn(true).await;
    let db = &app.db;
    let nine = Period::named(PeriodKind::NineMonths, 2020, None).unwrap();
    let before = built(db, nine, &[]).await;
    assert!(before.report.plain_text().contains("23 nhiệm vụ KH&CN cấp tỉnh"));
    // a provincial task starting in 2021, taken to "in progress" with steps dated 2021
    let new = dost_store::tasks::NewTask {
        code: "CB.ĐT.50-2021".into(),
        title: "Nghiên cứu bảo tồn giống lê xanh bản địa".into(),
        level: Level::Provincial,
        task_type: TaskType::Research,
        field: "Nông nghiệp".into(),
        programme: String::new(),
        method: Method::DirectAssignment,
        lead_org: "Trung tâm Nghiên cứu Giống cây trồng".into(),
        investigator: "TS. Hà Văn Lê".into(),
        members: vec![],
        unit_id: None,
        start_date: Some(d(2021, 3, 1)),
        end_date: Some(d(2022, 12, 31)),
        budget_total: 800_000_000,
        budget_state: 800_000_000,
        budget_lump_sum: 0,
        budget_years: vec![],
        objectives: String::new(),
        content: String::new(),
        methods: String::new(),
        expected_results: String::new(),
        products: String::new(),
        approved_year: None,
        proposed_on: None,
    };
    let id = change!(app, tx => dost_store::tasks::create(&mut tx, &new).await?).unwrap();
    let mut stage = Stage::Proposed;
    for (to, on) in [
        (Stage::ListApproved, d(2021, 1, 10)),
        (Stage::Selection, d(2021, 1, 20)),
        (Stage::Appraisal, d(2021, 2, 1)),
        (Stage::Approved, d(2021, 2, 10)),
        (Stage::Contracted, d(2021, 3, 1)),
        (Stage::InProgress, d(2021, 3, 1)),
    ] {
        let e = dost_store::tasks::NewEvent {
            kind: EventKind::Advance,
            to,
            date: on,
            doc_kind: to.evidence().code(),
            doc_number: "01/2021",
            doc_date: on,
            doc_signer: "",
            note: "",
            extended_end: None,
            result_summary: None,
            doc_file: None,
        };
        assert!(change!(app, tx => dost_store::tasks::record(&mut tx, id, stage, &e).await?));
        stage = to;
    }
    // a directive given and a plan result reported in 2021, a 2021 verification
    change!(app, tx => dost_store::work::add_directive(&mut tx, "Tổng kết năm 2020", ("Giao ban tháng 1/2021", d(2021, 1, 5)), None, None).await?);
    change!(app, tx => dost_store::work::add_plan_result(&mut tx, 2020, "co_so_du_lieu_khcn", d(2021, 1, 15), 120).await?);
    let after = built(db, nine, &[]).await;
    assert_eq!(after.report.plain_text(), before.report.plain_text(), "the 9-month 2020 report is unchanged");
    assert_eq!(after.figures, before.figures);
    // and the first quarter of 2021 sees the new task under way
    let q1 = built(db, Period::named(PeriodKind::Quarter(1), 2021, None).unwrap(), &[]).await;
    assert!(q1.figures.tasks.provincial.contains(&id));
    // a directive marked done today stays open in the 2020 report
    let directive = after.figures.directives[0].id;
    change!(app, tx => dost_store::work::update_directive(&mut tx, directive, "xong", "Đã xong").await?);
    assert_eq!(built(db, nine, &[]).await.figures.directives, before.figures.directives);
}

#[tokio::test]
async fn a_units_report_is_the_units_document() {
    let app = spawn(true).await;
    let nine = Period::named(PeriodKind::NineMonths, 2020, None).unwrap();
    let b = built(&app.db, nine, &["TDC"]).await;
    let m = &b.report.meta;
    assert_eq!(m.parent_org, "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
    assert_eq!(m.org, "CHI CỤC TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG");
    assert_eq!(m.number, "Số: 125/BC-CCTĐC");
    assert_eq!(m.signer_title, "CHI CỤC TRƯỞNG");
    assert!(m.recipients.iter().any(|r| r.starts_with("Lãnh đạo Sở")));
    let text = b.report.plain_text();
    assert!(text.starts_with("Chi cục Tiêu chuẩn Đo lường Chất lượng báo cáo kết quả"), "{text}");
    assert!(text.contains("\n1. Tiêu chuẩn – đo lường – chất lượng\n"), "a part title that fits the unit: {text}");
    assert!(!text.contains("Các chỉ tiêu kế hoạch năm 2020 đã hoàn thành"), "the Chi cục is behind on its targets");
    // a unit with no targets of its own is told nothing about targets
    let tt = built(&app.db, nine, &["TTRA"]).await.report.plain_text();
    assert!(
        !tt.contains("chỉ tiêu kế hoạch năm 2020 đã hoàn thành") && !tt.contains("Hoàn thành các chỉ tiêu"),
        "{tt}"
    );
}

#[tokio::test]
async fn the_signed_document_reads_right_in_word_and_in_print() {
    let app = spawn(true).await;
    let nine = Period::named(PeriodKind::NineMonths, 2020, None).unwrap();
    let mut req = Request {
        period: nine,
        units: vec![],
        allowed: None,
        number: "125".into(),
        signer_name: "Nông Văn Giám".into(),
        date: d(2020, 9, 28),
        revision: None,
        signer_role: SignerRole::Deputy,
    };
    req.date = d(2020, 9, 28);
    let report = dost_app::report::build(&app.db, &req).await.unwrap();
    let path = app.data.path().join("ky-thay.docx");
    std::fs::write(&path, dost_export::report::docx(&report).unwrap()).unwrap();
    let out = python(
        "import sys, docx\n\
         d = docx.Document(sys.argv[1])\n\
         sign = d.tables[-1].rows[0].cells[1]\n\
         print('|'.join(p.text for p in sign.paragraphs))\n\
         print([p.text for p in d.paragraphs if p.text.startswith(('I.', 'II.', 'III.', 'IV.'))])",
        path.to_str().unwrap(),
    );
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC||||||Nông Văn Giám"), "room for the signature and seal");
    let parts = lines.next().unwrap();
    for p in ["I. KẾT QUẢ", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM"]
    {
        assert!(parts.contains(p), "{parts}");
    }
    // LibreOffice's PDF, as printed: the national title on one line, the date words
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", "-l", "1"])
        .arg(to_pdf(&path))
        .arg("-")
        .output()
        .expect("poppler-utils is installed (scripts/setup)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.lines().any(|l| l.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
        "the national title on one line:\n{text}"
    );
    assert!(text.contains("ngày 28 tháng 9 năm 2020"), "no zero before month 9:\n{text}");
}

#[tokio::test]
async fn a_typed_result_is_recorded_with_its_day_and_counts_from_then() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "thongtin", Role::UnitStaff, "TTTT").await;
    let unit = sign_in(&app, "thongtin").await;
    let indicator =
        scalar(&app.db, "SELECT id FROM plan_indicators WHERE code = 'co_so_du_lieu_khcn'").await.to_string();
    // the same day twice is refused next to the field; a bad number too
    let twice = unit
        .post(
            "/quan-tri/so/ket-qua-chi-tieu/moi",
            &[("indicator_id", &indicator), ("reported_on", "30/09/2020"), ("achieved", "90"), ("note", "")],
        )
        .await;
    assert_eq!(twice.status, 422, "{}", twice.body);
    let bad = unit
        .post(
            "/quan-tri/so/ket-qua-chi-tieu/moi",
            &[("indicator_id", &indicator), ("reported_on", "15/12/2020"), ("achieved", "-3"), ("note", "")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("không được âm"));
    let ok = unit
        .post(
            "/quan-tri/so/ket-qua-chi-tieu/moi",
            &[
                ("indicator_id", &indicator),
                ("reported_on", "15/12/2020"),
                ("achieved", "118"),
                ("note", "Báo cáo năm"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let typed = |b: &Built| b.figures.typed_plans.iter().find(|t| t.id.to_string() == indicator).unwrap().clone();
    let nine = built(&app.db, Period::named(PeriodKind::NineMonths, 2020, None).unwrap(), &[]).await;
    let year = built(&app.db, Period::named(PeriodKind::Year, 2020, None).unwrap(), &[]).await;
    assert_eq!((typed(&nine).achieved, typed(&nine).reported_on), (Some(86), Some(d(2020, 9, 30))));
    assert_eq!((typed(&year).achieved, typed(&year).reported_on), (Some(118), Some(d(2020, 12, 15))));
    let text = year.report.plain_text();
    assert!(
        text.contains("Cập nhật cơ sở dữ liệu KH&CN của tỉnh mới thực hiện 118/120 hồ sơ, đạt 98,3%, không hoàn thành kế hoạch năm"),
        "{text}"
    );
}

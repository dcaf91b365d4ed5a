//! The S&T task register: demo counts of the reference article, the public
//! register (what the circular asks, nothing more), and recording a task's
//! life in the back office with its rules.

use chrono::{Datelike, NaiveDate};
use dost_domain::roles::Role;
use dost_domain::tasks::{CouncilKind, Level, Stage};
use dost_store::tasks::{Filter, list};

use crate::support::*;

fn as_refs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[tokio::test]
async fn the_demo_reproduces_the_reference_task_counts_for_nine_months_of_2020() {
    let app = spawn(true).await;
    let all = list(&app.db, &Filter::default()).await.unwrap();
    let running = |level: Level, ip: bool| {
        all.iter().filter(|t| t.level == level && t.stage.is_running() && (t.field == "Sở hữu trí tuệ") == ip).count()
    };
    assert_eq!(running(Level::Provincial, false), 23, "provincial tasks under monitoring");
    assert_eq!(running(Level::Provincial, true), 4, "provincial IP tasks");
    assert_eq!(running(Level::Ministry, false), 1);
    assert_eq!(running(Level::RuralMountain, false), 7);
    assert_eq!(running(Level::National, false), 1);
    assert_eq!(running(Level::UrgentLocal, false), 1);
    // tasks starting in 2020: councils held 7/7 (8 with the IP one), appraisals 3/7
    let mut new_2020 = Vec::new();
    for t in all.iter().filter(|t| t.level == Level::Provincial && t.start_date.is_some_and(|s| s.year() == 2020)) {
        new_2020.push((t, dost_store::tasks::councils(&app.db, t.id).await.unwrap()));
    }
    let in_period = |d0: Option<NaiveDate>| d0.is_some_and(|x| x >= d(2020, 1, 1) && x <= d(2020, 9, 30));
    let non_ip: Vec<_> = new_2020.iter().filter(|(t, _)| t.field != "Sở hữu trí tuệ").collect();
    assert_eq!(non_ip.len(), 7);
    let held = non_ip
        .iter()
        .filter(|(_, cs)| {
            cs.iter().any(|c| {
                matches!(c.kind, CouncilKind::Selection | CouncilKind::DirectAssignment) && in_period(c.meeting_date)
            })
        })
        .count();
    assert_eq!(held, 7);
    let appraised = non_ip
        .iter()
        .filter(|(_, cs)| cs.iter().any(|c| c.kind == CouncilKind::Appraisal && in_period(c.meeting_date)))
        .count();
    assert_eq!(appraised, 3);
    assert_eq!(new_2020.len(), 8, "one more task in the IP area");
    let proposed = all
        .iter()
        .filter(|t| {
            t.level == Level::RuralMountain
                && t.stage == Stage::Proposed
                && t.start_date.is_some_and(|s| s.year() == 2021)
        })
        .count();
    assert_eq!(proposed, 2, "rural–mountain projects proposed for 2021");
    // one task picked for inspection: the green pear gene source
    let mut planned = Vec::new();
    for t in &all {
        for (on, kind, status, _) in dost_store::tasks::inspections(&app.db, t.id).await.unwrap() {
            planned.push((t.title.clone(), on, kind, status));
        }
    }
    assert_eq!(planned.len(), 1);
    assert!(planned[0].0.contains("lê xanh") && planned[0].2 == "thanh_tra" && planned[0].3 == "ke_hoach");
}

#[tokio::test]
async fn the_public_register_filters_searches_and_shows_only_public_fields() {
    let app = spawn(true).await;
    let page = app.get("/nhiem-vu").await;
    assert_eq!(page.status, 200);
    let count = |body: &str| -> usize {
        body.split("class=\"muted result-count\">").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap()
    };
    let all = list(&app.db, &Filter::default()).await.unwrap();
    let public = all.iter().filter(|t| t.stage.is_public()).count();
    assert_eq!(count(&page.body), public);
    // tasks still being selected or only proposed are not public
    let hidden = all.iter().find(|t| t.stage == Stage::Proposed).unwrap();
    assert!(!page.body.contains(&hidden.code));
    assert_eq!(app.get(&format!("/nhiem-vu/{}", hidden.id)).await.status, 404);
    // filters
    assert_eq!(count(&app.get("/nhiem-vu?cap=nong_thon_mien_nui").await.body), 7);
    assert_eq!(count(&app.get("/nhiem-vu?tinh-trang=da-nghiem-thu").await.body), 5);
    let ip = count(&app.get("/nhiem-vu?linh-vuc=S%E1%BB%9F+h%E1%BB%AFu+tr%C3%AD+tu%E1%BB%87").await.body);
    assert_eq!(ip, 4);
    let y2016 = all
        .iter()
        .filter(|t| t.stage.is_public() && t.start_date.unwrap().year() <= 2016 && t.end_date.unwrap().year() >= 2016)
        .count();
    assert_eq!(count(&app.get("/nhiem-vu?nam=2016").await.body), y2016);
    // search ignores diacritics
    let pear = app.get("/nhiem-vu?q=LE+XANH+bao+lac").await.body;
    assert_eq!(count(&pear), 1);
    assert!(pear.contains("lê xanh"));
    // bad filters are refused clearly
    for bad in [
        "/nhiem-vu?nam=20a0",
        "/nhiem-vu?cap=vu-tru",
        "/nhiem-vu?tinh-trang=x",
        "/nhiem-vu?to-chuc=abc",
        "/nhiem-vu?trang=0",
    ] {
        let r = app.get(bad).await;
        assert_eq!(r.status, 400, "{bad}");
    }
    // a task page: what art. 23 asks, and no budget, council or members' details
    let t = all.iter().find(|t| t.stage == Stage::Recognized).unwrap();
    let p = app.get(&format!("/nhiem-vu/{}", t.id)).await;
    assert_eq!(p.status, 200);
    for label in [
        "Tổ chức chủ trì",
        "Chủ nhiệm nhiệm vụ",
        "Mục tiêu",
        "Nội dung chính",
        "Lĩnh vực",
        "Kết quả dự kiến",
        "Thời gian thực hiện",
        "Kết quả nghiệm thu",
    ] {
        assert!(p.body.contains(label), "task page lacks {label}");
    }
    for secret in ["đồng", "Hội đồng", "Xuất sắc", "Ủy viên", "Kinh phí", "ngân sách"] {
        assert!(!text_of_class(&p.body, "task-page").unwrap().contains(secret), "task page leaks «{secret}»");
    }
    // a proposal's organisation and field stay out of the filter menus until the task is public
    add_user(&app, "quantri", Role::Administrator).await;
    let admin = sign_in(&app, "quantri").await;
    let proposal = admin
        .submit(
            "/quan-tri/nhiem-vu/moi",
            "/quan-tri/nhiem-vu/moi",
            &[
                ("code", "ĐX.01-2027"),
                ("title", "Đề xuất nghiên cứu vật liệu chưa công bố"),
                ("level", "cap_tinh"),
                ("type", "de_tai"),
                ("method", "tuyen_chon"),
                ("field", "Vật liệu chưa công bố"),
                ("lead_org", "Công ty Đề Xuất Chưa Duyệt"),
                ("investigator", "TS. Người Đề Xuất"),
                ("start", "01/01/2027"),
                ("end", "31/12/2028"),
                ("budget", "900.000.000"),
                ("state", ""),
            ],
        )
        .await;
    assert_eq!(proposal.status, 303, "{}", proposal.body);
    let menus = app.get("/nhiem-vu").await.body;
    assert!(!menus.contains("Công ty Đề Xuất Chưa Duyệt") && !menus.contains("Vật liệu chưa công bố"));
    assert!(menus.contains("Sở hữu trí tuệ"), "public fields are offered");
    // the sidebar block draws from the register
    let home = app.get("/").await.body;
    let block = links_in_class(&home, "block block-tasks");
    assert!(block.iter().any(|l| l.starts_with("/nhiem-vu/")));
}

#[tokio::test]
async fn staff_record_a_task_through_its_steps_with_rules_and_unit_checks() {
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    add_user(&app, "bientap", Role::Editor).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let admin = sign_in(&app, "quantri").await;
    // roles: editors have no access; leaders see but do not record
    assert_eq!(sign_in(&app, "bientap").await.get("/quan-tri/nhiem-vu").await.status, 403);
    let leader = sign_in(&app, "lanhdao").await;
    assert_eq!(leader.get("/quan-tri/nhiem-vu").await.status, 200);
    assert_eq!(leader.get("/quan-tri/nhiem-vu/moi").await.status, 403);
    // a new task: bad input first
    let bad = admin
        .submit(
            "/quan-tri/nhiem-vu/moi",
            "/quan-tri/nhiem-vu/moi",
            &[
                ("code", "CB.ĐT.99-2026"),
                ("title", "Thử"),
                ("level", "cap_tinh"),
                ("type", "de_tai"),
                ("method", "tuyen_chon"),
                ("lead_org", "Trường Cao đẳng Sư phạm Cao Bằng"),
                ("investigator", "TS. Nguyễn Văn Thử"),
                ("start", "01/07/2026"),
                ("end", "01/01/2026"),
                ("budget", "1.000.000.000"),
                ("state", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("id=\"end-err\">Kết thúc: ngày kết thúc trước ngày bắt đầu."), "next to its field");
    let ok = admin
        .submit(
            "/quan-tri/nhiem-vu/moi",
            "/quan-tri/nhiem-vu/moi",
            &[
                ("code", "CB.ĐT.99-2026"),
                ("title", "Nghiên cứu thử nghiệm quy trình nhân giống lan kim tuyến"),
                ("level", "cap_tinh"),
                ("type", "de_tai"),
                ("method", "tuyen_chon"),
                ("field", "Nông nghiệp"),
                ("lead_org", "Trường Cao đẳng Sư phạm Cao Bằng"),
                ("investigator", "TS. Nguyễn Văn Thử"),
                ("members", "ThS. Lê Thị Một\nKS. Trần Văn Hai"),
                ("start", "01/07/2026"),
                ("end", "30/06/2028"),
                ("budget", "1.200.000.000"),
                ("state", "1.000.000.000"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let id = ok.location.trim_start_matches("/quan-tri/nhiem-vu/").split('?').next().unwrap().to_string();
    let dup = admin
        .submit(
            "/quan-tri/nhiem-vu/moi",
            "/quan-tri/nhiem-vu/moi",
            &[
                ("code", "CB.ĐT.99-2026"),
                ("title", "Khác"),
                ("level", "cap_tinh"),
                ("type", "de_tai"),
                ("method", "tuyen_chon"),
                ("lead_org", "X"),
                ("investigator", "Y"),
            ],
        )
        .await;
    assert!(dup.body.contains("đã có nhiệm vụ khác dùng"));
    let step = format!("/quan-tri/nhiem-vu/{id}/buoc");
    let evidence = |date: &'static str, number: &'static str| {
        vec![
            ("kind", "chuyen_buoc"),
            ("date", date),
            ("doc_kind", "quyet_dinh"),
            ("doc_number", number),
            ("doc_date", date),
            ("doc_signer", "Chủ tịch UBND tỉnh"),
        ]
    };
    // a check cannot be recorded before the task runs; a document may not postdate the step
    let early = step_post(
        &admin,
        &step,
        &[
            ("kind", "kiem_tra"),
            ("date", "01/02/2026"),
            ("doc_kind", "bien_ban"),
            ("doc_number", "1"),
            ("doc_date", "01/02/2026"),
        ],
    )
    .await;
    assert_eq!(early.status, 422);
    assert!(early.body.contains("chỉ ghi được khi nhiệm vụ đang thực hiện"));
    let late_doc = step_post(
        &admin,
        &step,
        &[
            ("kind", "chuyen_buoc"),
            ("date", "01/02/2026"),
            ("doc_kind", "quyet_dinh"),
            ("doc_number", "5/QĐ"),
            ("doc_date", "05/02/2026"),
        ],
    )
    .await;
    assert!(late_doc.body.contains("không được sau ngày ghi nhận"));
    let no_number = step_post(
        &admin,
        &step,
        &[
            ("kind", "chuyen_buoc"),
            ("date", "01/02/2026"),
            ("doc_kind", "quyet_dinh"),
            ("doc_number", ""),
            ("doc_date", "01/02/2026"),
        ],
    )
    .await;
    assert!(no_number.body.contains("Cần ghi số văn bản"));
    assert_eq!(step_post(&admin, &step, &evidence("10/02/2026", "12/QĐ-UBND")).await.status, 303);
    // a selection council with a conflict of interest is refused, naming the person
    let people = dost_store::tasks::people(&app.db).await.unwrap();
    let investigator = people.iter().find(|p| p.1 == "TS. Nguyễn Văn Thử").unwrap().0.to_string();
    let experts: Vec<String> =
        people.iter().filter(|p| p.3.starts_with("Sở ")).map(|p| p.0.to_string()).take(7).collect();
    let roles = ["chu_tich", "pho_chu_tich", "phan_bien", "phan_bien", "thu_ky", "uy_vien", "uy_vien"];
    let mut fields: Vec<(String, String)> = vec![
        ("kind".into(), "tuyen_chon".into()),
        ("decision".into(), "45/QĐ-SKHCN".into()),
        ("date".into(), "15/03/2026".into()),
    ];
    for (i, (p, r)) in experts.iter().zip(roles).enumerate() {
        let who = if i == 6 { investigator.clone() } else { p.clone() };
        fields.push((format!("person-{}", i + 1), who));
        fields.push((format!("role-{}", i + 1), r.to_string()));
    }
    let council = format!("/quan-tri/nhiem-vu/{id}/hoi-dong");
    let conflict = admin.post(&council, &as_refs(&fields)).await;
    assert_eq!(conflict.status, 422);
    assert!(
        conflict.body.contains("Nguyễn Văn Thử không được tham gia hội đồng vì là chủ nhiệm nhiệm vụ"),
        "{}",
        conflict.body
    );
    let last = fields.len() - 2;
    fields[last].1 = experts[6].clone();
    assert_eq!(admin.post(&council, &as_refs(&fields)).await.status, 303);
    // the next steps, one by one; skipping is impossible (only the next step is offered and recorded)
    assert_eq!(step_post(&admin, &step, &evidence("20/03/2026", "BB-01")).await.status, 303);
    let page = admin.get(&format!("/quan-tri/nhiem-vu/{id}")).await.body;
    assert!(page.contains("Sang bước: <strong>Thẩm định nội dung, kinh phí</strong>"));
    assert!(page.contains("Hội đồng tuyển chọn — 45/QĐ-SKHCN, họp 15/03/2026"));
    assert!(
        page.contains(
            "Danh mục được phê duyệt</strong> — Quyết định số 12/QĐ-UBND ngày 10/02/2026, Chủ tịch UBND tỉnh"
        )
    );
    // another unit's staff may neither look nor record (a unit's tasks are its own)
    add_user(&app, "chuyenvien_tdc", Role::UnitStaff).await;
    let tdc = dost_store::accounts::units(&app.db).await.unwrap().into_iter().find(|u| u.code == "TDC").unwrap().id;
    let qlkh = dost_store::accounts::units(&app.db).await.unwrap().into_iter().find(|u| u.code == "QLKH").unwrap().id;
    let staff_user = dost_store::accounts::user_by_username(&app.db, "chuyenvien_tdc").await.unwrap().unwrap();
    change!(app, tx => dost_store::accounts::set_role(&mut tx, staff_user.id, Role::UnitStaff, Some(tdc)).await?);
    let pear = list(&app.db, &Filter { like: "%le xanh%".into(), ..Default::default() }).await.unwrap().remove(0);
    let other = sign_in(&app, "chuyenvien_tdc").await;
    let looked = other.get(&format!("/quan-tri/nhiem-vu/{}", pear.id)).await;
    assert_eq!(looked.status, 403);
    assert!(looked.body.contains("đơn vị khác") && looked.body.contains("staff-nav"), "refused in the staff layout");
    assert!(!other.get("/quan-tri/nhiem-vu").await.body.contains(&pear.code), "nor listed");
    assert!(!other.get("/quan-tri/nhiem-vu/xuat.csv").await.body.contains(&pear.code), "nor exported");
    let refused = step_post(
        &other,
        &format!("/quan-tri/nhiem-vu/{}/buoc", pear.id),
        &[
            ("kind", "kiem_tra"),
            ("date", "01/06/2020"),
            ("doc_kind", "bien_ban"),
            ("doc_number", "7"),
            ("doc_date", "01/06/2020"),
        ],
    )
    .await;
    assert_eq!(refused.status, 403);
    change!(app, tx => dost_store::accounts::set_role(&mut tx, staff_user.id, Role::UnitStaff, Some(qlkh)).await?);
    let allowed = step_post(
        &other,
        &format!("/quan-tri/nhiem-vu/{}/buoc", pear.id),
        &[
            ("kind", "kiem_tra"),
            ("date", "01/06/2020"),
            ("doc_kind", "bien_ban"),
            ("doc_number", "7/BB-KT"),
            ("doc_date", "01/06/2020"),
            ("note", "Kiểm tra tiến độ"),
        ],
    )
    .await;
    assert_eq!(allowed.status, 303);
    // an extension needs a later end date, and moves the end
    let ext = format!("/quan-tri/nhiem-vu/{}/buoc", pear.id);
    let short = step_post(
        &other,
        &ext,
        &[
            ("kind", "gia_han"),
            ("date", "02/06/2020"),
            ("doc_kind", "quyet_dinh"),
            ("doc_number", "9/QĐ"),
            ("doc_date", "02/06/2020"),
            ("new_end", "01/01/2019"),
        ],
    )
    .await;
    assert!(short.body.contains("Gia hạn phải có ngày kết thúc mới"));
    let good = step_post(
        &other,
        &ext,
        &[
            ("kind", "gia_han"),
            ("date", "02/06/2020"),
            ("doc_kind", "quyet_dinh"),
            ("doc_number", "9/QĐ"),
            ("doc_date", "02/06/2020"),
            ("new_end", "31/12/2022"),
        ],
    )
    .await;
    assert_eq!(good.status, 303);
    let t = dost_store::tasks::get(&app.db, pear.id).await.unwrap().unwrap();
    assert_eq!(t.extended_end, Some(d(2022, 12, 31)));
    // the audit log has the steps
    let log = admin.get("/quan-tri/nhat-ky?doi-tuong=").await.body;
    assert!(
        log.contains("<td>gia_han</td>") && log.contains("<td>kiem_tra</td>") && log.contains("<td>chuyen_buoc</td>")
    );
}

#[tokio::test]
async fn acceptance_votes_give_the_result_by_the_rule_and_deadlines_are_listed() {
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    let admin = sign_in(&app, "quantri").await;
    // a running task moves to internal acceptance, then an acceptance council votes
    let running = list(&app.db, &Filter { like: "%le xanh%".into(), ..Default::default() }).await.unwrap().remove(0);
    let id = running.id;
    let step = format!("/quan-tri/nhiem-vu/{id}/buoc");
    let r = step_post(
        &admin,
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
    let people = dost_store::tasks::people(&app.db).await.unwrap();
    let experts: Vec<String> = people
        .iter()
        .filter(|p| p.3.starts_with("Sở ") || p.3.starts_with("Liên hiệp"))
        .map(|p| p.0.to_string())
        .take(9)
        .collect();
    assert_eq!(experts.len(), 9);
    let roles =
        ["chu_tich", "pho_chu_tich", "phan_bien", "phan_bien", "thu_ky", "uy_vien", "uy_vien", "uy_vien", "uy_vien"];
    let mut fields: Vec<(String, String)> = vec![
        ("kind".into(), "nghiem_thu".into()),
        ("decision".into(), "88/QĐ-SKHCN".into()),
        ("date".into(), "20/11/2020".into()),
    ];
    for (i, (p, role)) in experts.iter().zip(roles).enumerate() {
        fields.push((format!("person-{}", i + 1), p.clone()));
        fields.push((format!("role-{}", i + 1), role.to_string()));
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(admin.post(&format!("/quan-tri/nhiem-vu/{id}/hoi-dong"), &refs).await.status, 303);
    let council = dost_store::tasks::councils(&app.db, id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.kind == CouncilKind::Acceptance)
        .unwrap();
    let voters = dost_store::tasks::council_voters(&app.db, council.id).await.unwrap();
    // 7 Xuất sắc, 1 Đạt, 1 Không đạt: one fail vote stops "Xuất sắc" → Đạt
    let mut votes: Vec<(String, String)> = voters
        .iter()
        .enumerate()
        .map(|(i, (p, _))| {
            (
                format!("vote-{p}"),
                match i {
                    0..=6 => "xuat_sac",
                    7 => "dat",
                    _ => "khong_dat",
                }
                .to_string(),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = votes.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(admin.post(&format!("/quan-tri/nhiem-vu/{id}/hoi-dong/{}/phieu", council.id), &refs).await.status, 303);
    let t = dost_store::tasks::get(&app.db, id).await.unwrap().unwrap();
    assert_eq!(t.acceptance_rating, "dat");
    let page = admin.get(&format!("/quan-tri/nhiem-vu/{id}")).await.body;
    assert!(page.contains("Hội đồng đánh giá, nghiệm thu — 88/QĐ-SKHCN, họp 20/11/2020: <strong>Đạt</strong>"));
    // a ballot without every member's vote is refused
    votes.pop();
    let refs: Vec<(&str, &str)> = votes.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let partial = admin.post(&format!("/quan-tri/nhiem-vu/{id}/hoi-dong/{}/phieu", council.id), &refs).await;
    assert_eq!(partial.status, 400);
    assert!(partial.body.contains("Mỗi thành viên cần một phiếu"));
    // deadlines: contract ends already passed are listed by unit with the days overdue
    let due = admin.get("/quan-tri/nhiem-vu/qua-han").await.body;
    assert!(due.contains("Phòng Quản lý khoa học"));
    assert!(due.contains("Quá hạn"));
    assert!(due.contains("Kết thúc hợp đồng, nộp hồ sơ nghiệm thu"));
    assert!(
        admin.get("/quan-tri").await.body.contains("Hạn nhiệm vụ KH&amp;CN cần theo dõi"),
        "deadlines on the dashboard"
    );
    // a report due date added by hand shows up, grouped by the task's investigator too
    let r = admin
        .post(
            &format!("/quan-tri/nhiem-vu/{id}/ghi"),
            &[("action", "han"), ("kind", "bao_cao_dinh_ky"), ("date", "15/12/2020"), ("note", "Báo cáo 6 tháng")],
        )
        .await;
    assert_eq!(r.status, 303);
    let by_person = admin.get("/quan-tri/nhiem-vu/qua-han?theo=nguoi").await.body;
    let t = dost_store::tasks::get(&app.db, id).await.unwrap().unwrap();
    assert!(by_person.contains(&format!("<h2>{}</h2>", t.row.investigator)), "grouped by investigator");
    assert!(by_person.contains("Nộp báo cáo định kỳ"));
}

const OPENPYXL_ROWS: &str = r#"
import sys, json, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print(json.dumps({"header": [c.value for c in ws[3]], "codes": [r[0].value for r in ws.iter_rows(min_row=4)]}, ensure_ascii=False))
"#;

#[tokio::test]
async fn filtered_lists_export_to_xlsx_and_csv() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let leader = sign_in(&app, "lanhdao").await;
    let get = |path: &str| leader.client.get(format!("{}{path}", app.base)).header("Cookie", &leader.cookie).send();
    let xlsx = get("/quan-tri/nhiem-vu/xuat.xlsx?cap=nong_thon_mien_nui").await.unwrap();
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx.headers()["content-disposition"].to_str().unwrap().contains("nhiem-vu-khcn.xlsx"));
    let path = app.data.path().join("nv.xlsx");
    std::fs::write(&path, xlsx.bytes().await.unwrap()).unwrap();
    let out = python(OPENPYXL_ROWS, path.to_str().unwrap());
    let expected: Vec<String> = list(&app.db, &Filter { level: "nong_thon_mien_nui".into(), ..Default::default() })
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.code)
        .collect();
    assert_eq!(expected.len(), 9);
    assert!(out.contains("\"header\": [\"Mã số\", \"Tên nhiệm vụ\", \"Cấp\""), "{out}");
    for code in &expected {
        assert!(out.contains(&format!("\"{code}\"")), "{code} missing: {out}");
    }
    let csv = get("/quan-tri/nhiem-vu/xuat.csv?q=le+xanh").await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = csv.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 byte-order mark for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(text.lines().nth(1).unwrap().contains("lê xanh"));
}

const SMTP_SERVER: &str = r#"
import sys, json, time, email
from email.header import decode_header, make_header
from aiosmtpd.controller import Controller
class Keep:
    async def handle_DATA(self, server, session, envelope):
        m = email.message_from_bytes(envelope.content)
        body = m.get_payload(decode=True).decode(m.get_content_charset() or 'utf-8')
        with open(sys.argv[2], 'a', encoding='utf-8') as f:
            f.write(json.dumps({"to": envelope.rcpt_tos, "subject": str(make_header(decode_header(m["Subject"]))), "body": body}, ensure_ascii=False) + "\n")
        return '250 OK'
c = Controller(Keep(), hostname='127.0.0.1', port=int(sys.argv[1]))
c.start()
print("ready", flush=True)
time.sleep(60)
"#;

#[tokio::test]
async fn the_daily_digest_reaches_a_real_smtp_server() {
    use std::io::BufRead;
    let app = spawn(true).await;
    let units = dost_store::accounts::units(&app.db).await.unwrap();
    let qlkh = units.iter().find(|u| u.code == "QLKH").unwrap().id;
    let tdc = units.iter().find(|u| u.code == "TDC").unwrap().id;
    let hash = dost_app::passwords::hash(PASSWORD.to_string()).await.unwrap();
    for (name, email, role, unit) in [
        ("lanhdao", "lanhdao@khcn.example.vn", Role::Leadership, None),
        ("qlkh", "qlkh@khcn.example.vn", Role::UnitHead, Some(qlkh)),
        ("tdc", "tdc@khcn.example.vn", Role::UnitStaff, Some(tdc)),
        ("khongthu", "", Role::UnitStaff, Some(qlkh)),
    ] {
        let u = dost_store::accounts::NewUser {
            username: name,
            display_name: name,
            email,
            password_hash: &hash,
            role,
            unit_id: unit,
        };
        change!(app, tx => dost_store::accounts::create_user(&mut tx, &u).await?);
    }
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let out = app.data.path().join("mail.jsonl");
    let mut server = std::process::Command::new("python3")
        .arg("-c")
        .arg(SMTP_SERVER)
        .arg(port.to_string())
        .arg(&out)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 with aiosmtpd");
    let mut ready = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap()).read_line(&mut ready).unwrap();
    assert_eq!(ready.trim(), "ready");
    let smtp = dost_app::digest::Smtp {
        host: "127.0.0.1".into(),
        port,
        from: "Sở KH&CN <khong-tra-loi@khcn.example.vn>".into(),
        username: None,
        password: None,
    };
    let today = d(2021, 1, 15);
    let sent = dost_app::digest::send(&app.db, &smtp, today, "https://khcn.example.vn").await.unwrap();
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(sent, 2, "the leader and the QLKH head; the TDC unit has no deadlines, one account has no e-mail");
    let mails: Vec<String> = std::fs::read_to_string(&out).unwrap().lines().map(str::to_string).collect();
    assert_eq!(mails.len(), 2);
    let leader = mails.iter().find(|m| m.contains("lanhdao@khcn.example.vn")).unwrap();
    assert!(leader.contains("Hạn nhiệm vụ KH&CN ngày 15/01/2021"), "{leader}");
    assert!(
        leader.contains("Phòng Quản lý khoa học")
            && leader.contains("ngày); chủ nhiệm")
            && leader.contains("https://khcn.example.vn/quan-tri/nhiem-vu/qua-han")
    );
    // the tasks whose contracts ended before that day and are not accepted are listed as overdue
    let overdue: Vec<_> = dost_store::tasks::open_deadlines(&app.db, today)
        .await
        .unwrap()
        .into_iter()
        .filter(|x| x.due_on < today)
        .collect();
    assert!(!overdue.is_empty());
    for o in &overdue {
        assert!(leader.contains(&o.code), "digest lacks {}", o.code);
    }
}

#[tokio::test]
async fn contracts_instalments_settlement_and_checks_are_recorded() {
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    let admin = sign_in(&app, "quantri").await;
    let pear = list(&app.db, &Filter { like: "%le xanh%".into(), ..Default::default() }).await.unwrap().remove(0);
    let c = dost_store::tasks::contract(&app.db, pear.id).await.unwrap().expect("demo contract");
    assert_eq!(c.instalments.len(), 2);
    let path = format!("/quan-tri/nhiem-vu/{}/ghi", pear.id);
    // an adjustment of the contract's value
    let bad = admin
        .post(&path, &[("action", "hop_dong"), ("number", "05/HĐ-SKHCN"), ("date", "01/06/2018"), ("amount", "nhiều")])
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Giá trị hợp đồng phải là số đồng"));
    assert_eq!(
        admin
            .post(
                &path,
                &[
                    ("action", "hop_dong"),
                    ("number", "05/HĐ-SKHCN-ĐC1"),
                    ("date", "01/06/2018"),
                    ("amount", "1.250.000.000")
                ]
            )
            .await
            .status,
        303
    );
    assert_eq!(
        admin.post(&path, &[("action", "dot_cap"), ("date", "01/03/2021"), ("amount", "100.000.000")]).await.status,
        303
    );
    let c = dost_store::tasks::contract(&app.db, pear.id).await.unwrap().unwrap();
    assert_eq!((c.number.as_str(), c.value, c.instalments.len()), ("05/HĐ-SKHCN-ĐC1", 1_250_000_000, 3));
    let third = c.instalments[2].0.to_string();
    assert_eq!(
        admin
            .post(
                &path,
                &[("action", "tra"), ("instalment", &third), ("amount", "100.000.000"), ("date", "05/03/2021")]
            )
            .await
            .status,
        303
    );
    assert_eq!(admin.post(&path, &[("action", "thanh_ly"), ("date", "30/06/2022")]).await.status, 303);
    assert_eq!(
        admin
            .post(
                &path,
                &[
                    ("action", "kiem_tra"),
                    ("date", "20/10/2020"),
                    ("kind", "thanh_tra"),
                    ("status", "da_thuc_hien"),
                    ("findings", "Đúng tiến độ; bổ sung sổ sách kế toán.")
                ]
            )
            .await
            .status,
        303
    );
    let page = admin.get(&format!("/quan-tri/nhiem-vu/{}", pear.id)).await.body;
    assert!(page.contains("Hợp đồng số <strong>05/HĐ-SKHCN-ĐC1</strong>"), "adjusted contract shown");
    assert!(page.contains("giá trị 1.250.000.000 đồng"));
    assert!(page.contains("Thanh lý ngày 30/06/2022"));
    assert!(page.contains("Thanh tra (đã thực hiện): Đúng tiến độ"));
    // the public page still shows none of it
    let public = app.get(&format!("/nhiem-vu/{}", pear.id)).await.body;
    assert!(!public.contains("05/HĐ-SKHCN") && !public.contains("1.250.000.000"));
    // instalments need a contract
    let new_task =
        list(&app.db, &Filter { stages: vec![Stage::Proposed], ..Default::default() }).await.unwrap().remove(0);
    let r = admin
        .post(
            &format!("/quan-tri/nhiem-vu/{}/ghi", new_task.id),
            &[("action", "dot_cap"), ("date", "01/03/2021"), ("amount", "5")],
        )
        .await;
    assert!(r.body.contains("Hãy ghi hợp đồng trước"));
}

#[tokio::test]
async fn a_step_carries_its_scan_which_only_staff_who_may_read_the_task_open() {
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    add_user_in_unit(&app, "khac", Role::UnitHead, "TDC").await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let admin = sign_in(&app, "quantri").await;
    let task = list(&app.db, &Filter { stages: vec![Stage::Proposed], ..Default::default() }).await.unwrap().remove(0);
    let step = format!("/quan-tri/nhiem-vu/{}/buoc", task.id);
    let form = |file: Vec<u8>, name: &'static str| {
        let mut f = reqwest::multipart::Form::new();
        for (k, v) in [
            ("kind", "chuyen_buoc"),
            ("date", "10/02/2021"),
            ("doc_kind", "quyet_dinh"),
            ("doc_number", "12/QĐ-UBND"),
            ("doc_date", "10/02/2021"),
            ("doc_signer", ""),
            ("note", ""),
        ] {
            f = f.text(k, v);
        }
        f.part("doc_scan", reqwest::multipart::Part::bytes(file).file_name(name))
    };
    // a page disguised as a PDF is refused by its content, and nothing is recorded
    let forged = admin.post_multipart(&step, form(b"<html><script>x</script>".to_vec(), "qd.pdf")).await;
    assert_eq!(forged.status, 422);
    assert!(dost_store::tasks::events(&app.db, task.id).await.unwrap().is_empty());
    let pdf = b"%PDF-1.4\n%quyet dinh\n".to_vec();
    assert_eq!(admin.post_multipart(&step, form(pdf.clone(), "Quyết định 12.pdf")).await.status, 303);
    let event = dost_store::tasks::events(&app.db, task.id).await.unwrap().remove(0);
    let stored = event.doc_file.clone().expect("the scan is kept");
    assert!(stored.starts_with("noi-bo/"), "{stored}");
    let link = format!("/quan-tri/nhiem-vu/{}/van-ban/{}", task.id, event.id);
    let page = admin.get(&format!("/quan-tri/nhiem-vu/{}", task.id)).await.body;
    assert!(page.contains(&format!("(<a href=\"{link}\">tệp văn bản</a>)")), "{page}");
    // staff who may read the task open it, never cached by others
    let file = admin.get(&link).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.body.as_bytes(), &pdf[..]);
    assert_eq!(sign_in(&app, "lanhdao").await.get(&link).await.status, 200);
    // nobody else: not another unit, not the public at any address
    assert_eq!(sign_in(&app, "khac").await.get(&link).await.status, 403);
    assert_eq!(app.get(&link).await.status, 303, "signed out: to the sign-in page");
    assert_eq!(app.get(&format!("/tep/{stored}")).await.status, 404);
    assert_eq!(app.get("/tep/noi-bo/").await.status, 404);
}

/// Writes an XLSX with openpyxl: argv[1] output path, argv[2] JSON rows
/// (strings "D:dd/mm/yyyy" become real dates, numbers stay numbers), argv[3] repeat count.
const WRITE_XLSX: &str = r#"
import sys, json, datetime, openpyxl
rows = json.loads(sys.argv[2]); n = int(sys.argv[3])
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["Mã số","Tên nhiệm vụ","Cấp","Loại","Lĩnh vực","Chương trình","Phương thức","Tổ chức chủ trì","Chủ nhiệm","Thành viên","Bắt đầu","Kết thúc","Tổng kinh phí (đồng)","Ngân sách nhà nước (đồng)","Mục tiêu","Nội dung","Kết quả dự kiến"])
def cell(v, i):
    if isinstance(v, str) and v.startswith("D:"):
        d, m, y = v[2:].split("/"); return datetime.date(int(y), int(m), int(d))
    if isinstance(v, str): return v.replace("{i}", str(i))
    return v
for i in range(n):
    for r in rows: ws.append([cell(v, i) for v in r])
wb.save(sys.argv[1])
"#;

fn xlsx(app: &TestApp, name: &str, rows: serde_json_rows::Rows, repeat: usize) -> Vec<u8> {
    let path = app.data.path().join(name);
    python(WRITE_XLSX, &format!("{}\u{1}{}\u{1}{repeat}", path.display(), rows.0));
    std::fs::read(path).unwrap()
}

mod serde_json_rows {
    /// Rows as a JSON text (kept as text: the test crate has no JSON library).
    pub struct Rows(pub String);
}

fn row(code: &str, level: &str, start: &str, end: &str, total: &str, state: &str) -> String {
    format!(
        r#"["{code}","Nghiên cứu thử nghiệm {code}","{level}","Đề tài","Nông nghiệp","","Tuyển chọn","Trường Cao đẳng Sư phạm Cao Bằng","ThS. Người Nhập","KS. A; KS. B",{start},{end},{total},{state},"Mục tiêu","Nội dung","Kết quả"]"#
    )
}

async fn upload_import(agent: &Agent, bytes: Vec<u8>, name: &'static str, only_valid: bool) -> Reply {
    let csrf = csrf_in(&agent.get("/quan-tri/nhiem-vu/nhap").await.body);
    let mut form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
    if only_valid {
        form = form.text("only_valid", "1");
    }
    agent.post_multipart("/quan-tri/nhiem-vu/nhap", form).await
}

#[tokio::test]
async fn tasks_are_imported_from_xlsx_with_a_row_by_row_report() {
    let app = spawn(false).await;
    add_user(&app, "quantri", Role::Administrator).await;
    let admin = sign_in(&app, "quantri").await;
    // the template opens in openpyxl with the documented columns
    let t = admin
        .client
        .get(format!("{}/quan-tri/nhiem-vu/mau-nhap.xlsx", app.base))
        .header("Cookie", &admin.cookie)
        .send()
        .await
        .unwrap();
    let tpath = app.data.path().join("mau.xlsx");
    std::fs::write(&tpath, t.bytes().await.unwrap()).unwrap();
    let header = python(
        "import sys, openpyxl, json; ws = openpyxl.load_workbook(sys.argv[1]).active; print(json.dumps([c.value for c in ws[1]], ensure_ascii=False))",
        tpath.to_str().unwrap(),
    );
    assert!(header.starts_with("[\"Mã số\", \"Tên nhiệm vụ\", \"Cấp\""), "{header}");
    // a valid file: real dates and numbers, or text in the Vietnamese style
    let good = format!(
        "[{},{}]",
        row("NK.01", "Cấp tỉnh", "\"D:01/07/2021\"", "\"D:30/06/2023\"", "1500000000", "1200000000"),
        row(
            "NK.02",
            "nong_thon_mien_nui",
            "\"01/01/2022\"",
            "\"31/12/2023\"",
            "\"2.000.000.000\"",
            "\"1.000.000.000\""
        )
    );
    let r = upload_import(&admin, xlsx(&app, "good.xlsx", serde_json_rows::Rows(good), 1), "good.xlsx", false).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("Đã nhập 2 bản ghi."), "{}", r.body);
    let t2 = list(&app.db, &Filter { like: "%nk.02%".into(), ..Default::default() }).await.unwrap().remove(0);
    assert_eq!((t2.level, t2.start_date), (Level::RuralMountain, Some(d(2022, 1, 1))));
    // bad rows: every problem named by row and column, nothing imported
    let bad = format!(
        "[{},{},{},{},{},{}]",
        row("NK.03", "Cấp tỉnh", "45000", "\"D:30/06/2023\"", "1000", "10"),
        row("NK.04", "Cấp tỉnh", "\"D:01/07/2021\"", "\"D:30/06/2023\"", "\"D:01/01/2020\"", "0"),
        row("NK.05", "Cấp vũ trụ", "\"D:01/07/2021\"", "\"D:30/06/2023\"", "-5", "0"),
        row("NK.01", "Cấp tỉnh", "\"D:01/07/2021\"", "\"D:30/06/2023\"", "1", "0"),
        row("NK.06", "Cấp tỉnh", "\"D:01/07/2021\"", "\"D:01/01/2021\"", "1", "2"),
        row("NK.07", "Cấp tỉnh", "\"D:01/07/2021\"", "\"D:30/06/2023\"", "100", "50"),
    );
    let r =
        upload_import(&admin, xlsx(&app, "bad.xlsx", serde_json_rows::Rows(bad.clone()), 1), "bad.xlsx", false).await;
    assert_eq!(r.status, 422);
    for (row_no, col, msg) in [
        (2, "Bắt đầu", "là một số, ô này cần ngày"),
        (3, "Tổng kinh phí (đồng)", "cần số tiền, không phải ngày tháng"),
        (4, "Cấp", "cấp «Cấp vũ trụ» không có"),
        (4, "Tổng kinh phí (đồng)", "số tiền không được âm"),
        (5, "Mã số", "mã «NK.01» đã có trong hệ thống"),
        (6, "Kết thúc", "ngày kết thúc trước ngày bắt đầu"),
        (6, "Ngân sách nhà nước (đồng)", "lớn hơn tổng kinh phí"),
    ] {
        assert!(r.body.contains(&format!("<tr><td>{row_no}</td><td>{col}</td><td>")), "row {row_no} {col}");
        assert!(r.body.contains(msg), "{msg}");
    }
    assert!(r.body.contains("Chưa nhập dòng nào: có 7 lỗi trong 6 dòng"), "{}", r.body);
    assert_eq!(list(&app.db, &Filter::default()).await.unwrap().len(), 2, "nothing imported");
    // … unless asked to import the valid rows
    let r = upload_import(&admin, xlsx(&app, "bad2.xlsx", serde_json_rows::Rows(bad), 1), "bad2.xlsx", true).await;
    assert!(r.body.contains("Đã nhập 1 trên 6 dòng"), "{}", r.body);
    assert_eq!(list(&app.db, &Filter::default()).await.unwrap().len(), 3);
    // not a workbook, an empty file, a workbook without rows
    let fake = upload_import(&admin, b"<html>not a sheet</html>".to_vec(), "bang-tinh.xlsx", false).await;
    assert_eq!(fake.status, 422);
    assert!(fake.body.contains("không phải bảng tính Excel"));
    let empty = upload_import(&admin, Vec::new(), "rong.xlsx", false).await;
    assert_eq!(empty.status, 422);
    let no_rows =
        upload_import(&admin, xlsx(&app, "norows.xlsx", serde_json_rows::Rows("[]".into()), 1), "norows.xlsx", false)
            .await;
    assert!(no_rows.body.contains("không có dòng dữ liệu"));
}

#[tokio::test]
async fn ten_thousand_rows_import_through_the_command_line_code() {
    let app = spawn(false).await;
    let rows = format!("[{}]", row("LON.{i}", "Cấp tỉnh", "\"D:01/07/2021\"", "\"D:30/06/2023\"", "1000000", "500000"));
    xlsx(&app, "lon.xlsx", serde_json_rows::Rows(rows), 10_000);
    let checked =
        dost_app::import::tasks::check_file(&app.db, app.data.path().join("lon.xlsx")).await.unwrap().unwrap();
    assert_eq!((checked.data_rows, checked.rows.len(), checked.total_errors), (10_000, 10_000, 0));
    let mut calls = 0;
    let out = dost_app::import::tasks::write(
        &app.db,
        &dost_store::audit::Actor::command_line(),
        app.state.clock.now(),
        checked.rows,
        None,
        |done, total| {
            calls += 1;
            assert!(done <= total && total == 10_000);
        },
    )
    .await
    .unwrap();
    assert_eq!((out.imported, calls), (10_000, 10_000));
    assert!(out.taken.is_empty());
    assert_eq!(list(&app.db, &Filter::default()).await.unwrap().len(), 10_000);
    // one change, one entry in the audit log
    let log = dost_store::audit::list(
        &app.db,
        &dost_store::audit::Filter { entity: "task".into(), action: "import".into(), ..Default::default() },
        10,
        0,
    )
    .await
    .unwrap()
    .0;
    assert_eq!(log.len(), 1);
    assert!(log[0].summary.contains("10000") || log[0].summary.contains("10.000"), "{}", log[0].summary);
}

/// Posts a step of a task as its page does: a multipart form (the scan may
/// come with it) with every field of the form, the token in the address.
async fn step_post(agent: &Agent, path: &str, fields: &[(&str, &str)]) -> Reply {
    let mut form = reqwest::multipart::Form::new();
    for (k, default) in [("doc_signer", ""), ("note", "")] {
        if !fields.iter().any(|(n, _)| *n == k) {
            form = form.text(k, default);
        }
    }
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    agent.post_multipart(path, form).await
}

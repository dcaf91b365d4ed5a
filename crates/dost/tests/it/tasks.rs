//! The S&T task register: demo counts of the reference article, the public
//! register (what the circular asks, nothing more), and recording a task's
//! life in the back office with its rules.

use chrono::{Datelike, NaiveDate};
use dost_domain::roles::Role;
use dost_domain::tasks::{CouncilKind, Level, Rating, Stage};
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
    // the 2020 demo's tasks (the demo's later years add their own)
    let all: Vec<_> = list(&app.db, &Filter::default())
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.start_date.is_some_and(|s| s.year() <= 2021))
        .collect();
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
        for i in dost_store::tasks::inspections(&app.db, t.id).await.unwrap() {
            planned.push((t.title.clone(), i.on_date, i.kind, i.status));
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
    let accepted = all.iter().filter(|t| t.stage.is_accepted()).count();
    assert!(accepted >= 5, "the 2020 demo's five and later ones");
    assert_eq!(count(&app.get("/nhiem-vu?tinh-trang=da-nghiem-thu").await.body), accepted);
    let ip = count(&app.get("/nhiem-vu?linh-vuc=S%E1%BB%9F+h%E1%BB%AFu+tr%C3%AD+tu%E1%BB%87").await.body);
    assert_eq!(ip, all.iter().filter(|t| t.stage.is_public() && t.field == "Sở hữu trí tuệ").count());
    let y2016 = all
        .iter()
        .filter(|t| t.stage.is_public() && t.start_date.unwrap().year() <= 2016 && t.end_date.unwrap().year() >= 2016)
        .count();
    assert_eq!(count(&app.get("/nhiem-vu?nam=2016").await.body), y2016);
    // search ignores diacritics
    let pear = app.get("/nhiem-vu?q=LE+XANH+bao+lac").await.body;
    assert_eq!(count(&pear), 1);
    assert!(pear.contains("lê xanh"));
    // a wrong year is shown under its field, the other filters kept
    let year = app.get("/nhiem-vu?q=le+xanh&nam=20a0").await;
    assert_eq!(year.status, 422);
    assert!(
        year.body.contains("id=\"r-year-err\">Năm phải là số có 4 chữ số") && year.body.contains("value=\"le xanh\"")
    );
    // bad filters are refused clearly
    for bad in ["/nhiem-vu?cap=vu-tru", "/nhiem-vu?tinh-trang=x", "/nhiem-vu?to-chuc=abc", "/nhiem-vu?trang=0"] {
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
    let investigator = people.iter().find(|p| p.name == "TS. Nguyễn Văn Thử").unwrap().id.to_string();
    let experts: Vec<String> =
        people.iter().filter(|p| p.organisation.starts_with("Sở ")).map(|p| p.id.to_string()).take(7).collect();
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
    // beyond the rule in force (once, 12 months in all): refused, naming the rule
    let long = step_post(
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
    assert_eq!(long.status, 422);
    assert!(long.body.contains("Gia hạn vượt quy định (Thông tư 04/2015/TT-BKHCN"), "{}", long.body);
    let good = step_post(
        &other,
        &ext,
        &[
            ("kind", "gia_han"),
            ("date", "02/06/2020"),
            ("doc_kind", "quyet_dinh"),
            ("doc_number", "9/QĐ"),
            ("doc_date", "02/06/2020"),
            ("new_end", "31/05/2022"),
        ],
    )
    .await;
    assert_eq!(good.status, 303);
    let t = dost_store::tasks::get(&app.db, pear.id).await.unwrap().unwrap();
    assert_eq!(t.extended_end, Some(d(2022, 5, 31)));
    // a step dated before the last one is refused
    let earlier = step_post(
        &other,
        &ext,
        &[
            ("kind", "kiem_tra"),
            ("date", "01/06/2020"),
            ("doc_kind", "bien_ban"),
            ("doc_number", "KT-9"),
            ("doc_date", "01/06/2020"),
        ],
    )
    .await;
    assert_eq!(earlier.status, 422);
    assert!(earlier.body.contains("không được trước bước đã ghi gần nhất"));
    // the audit log has the steps
    let log = admin.get("/quan-tri/nhat-ky?doi-tuong=").await.body;
    assert!(
        log.contains("<td>Gia hạn</td>")
            && log.contains("<td>Kiểm tra định kỳ</td>")
            && log.contains("<td>Chuyển bước</td>")
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
        .filter(|p| p.organisation.starts_with("Sở ") || p.organisation.starts_with("Liên hiệp"))
        .map(|p| p.id.to_string())
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
        fields.push((format!("exp-{}", i + 1), "1".to_string()));
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
        .map(|(i, v)| {
            (
                format!("vote-{}", v.person_id),
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
    assert_eq!(t.acceptance_rating, Some(Rating::Pass));
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

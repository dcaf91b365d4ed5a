//! The middle layer: the store's record rules and the use cases built on
//! them, without HTTP and without the demo, on both engines (the
//! PostgreSQL run of `scripts/test` runs them again). Each test builds the
//! few records it needs with the small builders below.

use chrono::NaiveDate;
use dost_domain::report::Period;
use dost_store::Db;
use dost_store::audit::Actor;
use dost_store::organisation::NewUnit;
use dost_store::tasks::NewTask;
use dost_store::work::{NewDossier, NewVerification};

use crate::support::*;

const NOW: i64 = 1_790_000_000;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn empty() -> (Db, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let (db, _) = fresh_db_with_url(data.path(), false).await;
    (db, data)
}

/// Runs `f` in one audited change and commits it.
macro_rules! change {
    ($db:expr, |$tx:ident| $body:expr) => {{
        let me = Actor::command_line();
        let mut $tx = $db.begin(&me, NOW).await.unwrap();
        let out = $body;
        // a change that wrote nothing has nothing to audit and is not committed
        match $tx.commit().await {
            Ok(_) | Err(dost_store::StoreError::Unaudited) => {}
            Err(e) => panic!("commit: {e}"),
        }
        out
    }};
}

async fn scale_type(db: &Db) -> i64 {
    change!(db, |tx| dost_store::work::add_instrument_type(
        &mut tx,
        "can_thu",
        "Cân bàn (thử)",
        "khoi_luong",
        &[(day(2010, 1, 1), 12), (day(2024, 10, 15), 24)]
    )
    .await
    .unwrap())
}

fn verification(type_id: i64, on: NaiveDate, certificate: Option<&str>) -> NewVerification {
    NewVerification {
        type_id,
        serial: format!("S-{}", certificate.unwrap_or("x")),
        owner: "Chợ Xanh".into(),
        verified_on: on,
        passed: certificate.is_some(),
        certificate: certificate.map(str::to_string),
        kind: "dinh_ky".into(),
        ..Default::default()
    }
}

async fn procedure(db: &Db, code: &str, days: i64) -> i64 {
    change!(db, |tx| dost_store::work::add_procedure(&mut tx, code, "Có ý kiến về công nghệ", "cong_nghe", days, false)
        .await
        .unwrap())
}

fn dossier(code: &str, procedure_id: i64, received: NaiveDate, due: NaiveDate) -> NewDossier {
    NewDossier {
        code: code.into(),
        procedure_id,
        applicant: "Công ty A".into(),
        received_on: received,
        due_on: due,
        returned_on: None,
        result: String::new(),
        amount: 0,
        licence_until: None,
        channel: String::new(),
    }
}

fn task(code: &str) -> NewTask {
    let title = format!("Nhiệm vụ {code}");
    let given = |f: &str| match f {
        "code" => code,
        "title" => &title,
        "level" => "cap_tinh",
        "lead_org" => "Trung tâm Ứng dụng",
        "investigator" => "ThS. Nông Văn A",
        "start" => "01/01/2026",
        "end" => "31/12/2027",
        _ => "",
    };
    let t = dost_domain::task_input::parse(|f| dost_domain::registers::Input::typed(given(f))).unwrap();
    NewTask::from_input(t, None)
}

async fn unit(db: &Db, code: &str, from: NaiveDate) {
    let u = NewUnit {
        code: code.into(),
        name: format!("Phòng {code}"),
        kind: "phong".into(),
        from: Some(from),
        ..Default::default()
    };
    change!(db, |tx| dost_store::organisation::add_unit(&mut tx, &u).await.unwrap());
}

#[tokio::test]
async fn a_verification_keeps_its_instrument_and_its_certificate_is_taken() {
    let (db, _d) = empty().await;
    let t = scale_type(&db).await;
    let ids = change!(db, |tx| dost_store::work::insert_verifications(
        &mut tx,
        &[verification(t, day(2026, 3, 2), Some("KĐ-1")), verification(t, day(2026, 3, 3), None)]
    )
    .await
    .unwrap());
    assert_eq!(ids.len(), 2);
    assert!(dost_store::work::certificate_taken(&db, "KĐ-1", None).await.unwrap());
    assert!(!dost_store::work::certificate_taken(&db, "KĐ-1", Some(ids[0])).await.unwrap(), "its own number is free");
    let taken = dost_store::work::certificates_taken(&db, &["KĐ-1".into(), "KĐ-2".into()]).await.unwrap();
    assert_eq!(taken.into_iter().collect::<Vec<_>>(), vec!["KĐ-1".to_string()]);
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM instruments").await, 2);
}

#[tokio::test]
async fn a_corrected_verification_is_read_back_as_corrected() {
    let (db, _d) = empty().await;
    let t = scale_type(&db).await;
    let ids = change!(db, |tx| dost_store::work::insert_verifications(
        &mut tx,
        &[verification(t, day(2026, 3, 2), Some("A"))]
    )
    .await
    .unwrap());
    let fixed =
        NewVerification { made_year: Some(2019), maker: "Nhơn Hòa".into(), ..verification(t, day(2026, 3, 4), None) };
    assert!(change!(db, |tx| dost_store::work::update_verification(&mut tx, ids[0], &fixed).await.unwrap()));
    let back = dost_store::work::verification(&db, ids[0]).await.unwrap().unwrap();
    assert_eq!((back.verified_on, back.passed, back.certificate), (day(2026, 3, 4), false, None));
    assert!(!change!(db, |tx| dost_store::work::update_verification(&mut tx, 999_999, &fixed).await.unwrap()));
}

#[tokio::test]
async fn the_cycle_in_force_on_the_day_is_the_one_read() {
    let (db, _d) = empty().await;
    scale_type(&db).await;
    let types = dost_store::work::instrument_types(&db).await.unwrap();
    let ours = types.iter().find(|t| t.name == "Cân bàn (thử)").unwrap();
    let cycles = &ours.cycles;
    assert_eq!(dost_domain::metrology::cycle_on(cycles, day(2024, 10, 14)), Ok(12));
    assert_eq!(dost_domain::metrology::cycle_on(cycles, day(2024, 10, 15)), Ok(24));
    // the same cycle twice from one day is refused, a new one is kept
    let again = change!(db, |tx| dost_store::work::add_cycle(&mut tx, ours.id, day(2024, 10, 15), 18).await.unwrap());
    assert!(!again);
    assert!(change!(db, |tx| dost_store::work::add_cycle(&mut tx, ours.id, day(2026, 1, 1), 18).await.unwrap()));
    let types = dost_store::work::instrument_types(&db).await.unwrap();
    let cycles = types.iter().find(|t| t.name == "Cân bàn (thử)").unwrap().cycles.clone();
    assert_eq!(dost_domain::metrology::cycle_on(&cycles, day(2026, 6, 1)), Ok(18));
}

#[tokio::test]
async fn a_dossier_code_is_taken_once_and_a_result_is_given_once() {
    let (db, _d) = empty().await;
    let p = procedure(&db, "cn_y_kien", 15).await;
    let ids = change!(db, |tx| dost_store::work::insert_dossiers(
        &mut tx,
        &[dossier("HS-1", p, day(2026, 3, 2), day(2026, 3, 23))]
    )
    .await
    .unwrap());
    assert!(dost_store::work::dossier_code_taken(&db, "HS-1").await.unwrap());
    assert!(!dost_store::work::dossier_code_taken(&db, "HS-2").await.unwrap());
    let taken = dost_store::work::dossier_codes_taken(&db, &["HS-1".into(), "HS-2".into()]).await.unwrap();
    assert_eq!(taken.len(), 1);
    let first =
        change!(db, |tx| dost_store::work::return_dossier(&mut tx, ids[0], day(2026, 3, 20), "Văn bản số 1", 0, None)
            .await
            .unwrap());
    let second =
        change!(db, |tx| dost_store::work::return_dossier(&mut tx, ids[0], day(2026, 3, 21), "Văn bản số 2", 0, None)
            .await
            .unwrap());
    assert!(first && !second);
    let d = dost_store::work::dossier(&db, ids[0]).await.unwrap().unwrap();
    assert_eq!((d.returned_on, d.result.as_str()), (Some(day(2026, 3, 20)), "Văn bản số 1"));
}

#[tokio::test]
async fn a_dossier_is_found_by_its_code_and_listed_in_its_period() {
    let (db, _d) = empty().await;
    let p = procedure(&db, "cn_y_kien", 15).await;
    change!(db, |tx| dost_store::work::insert_dossiers(
        &mut tx,
        &[dossier("HS-A", p, day(2026, 1, 5), day(2026, 1, 26)), dossier("HS-B", p, day(2026, 4, 6), day(2026, 4, 27))]
    )
    .await
    .unwrap());
    assert_eq!(dost_store::work::dossier_by_code(&db, "HS-B").await.unwrap().unwrap().received_on, day(2026, 4, 6));
    assert!(dost_store::work::dossier_by_code(&db, "HS-C").await.unwrap().is_none());
    let q1 = dost_store::work::dossiers(&db, day(2026, 1, 1), day(2026, 3, 31), false).await.unwrap();
    assert_eq!(q1.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["HS-A"]);
}

#[tokio::test]
async fn holidays_move_the_due_date_the_parser_computes() {
    let (db, _d) = empty().await;
    change!(db, |tx| dost_store::work::add_holidays(&mut tx, &[(day(2026, 4, 27), "Giỗ Tổ (thử)")]).await.unwrap());
    let holidays = dost_store::work::holidays(&db).await.unwrap();
    let p = procedure(&db, "cn_y_kien", 1).await;
    let list = dost_store::work::procedures(&db).await.unwrap();
    let book = dost_store::rules::rule_book(&db).await.unwrap();
    let refs: Vec<_> = list.iter().map(|x| x.for_parser()).collect();
    let cx = dost_domain::dossier_input::Context { procedures: &refs, holidays: &holidays, book: &book };
    let input = |f: &str| match f {
        "code" => dost_domain::registers::Input::typed("HS-9"),
        "procedure" => dost_domain::registers::Input::typed(&p.to_string()),
        "applicant" => dost_domain::registers::Input::typed("B"),
        "received" => dost_domain::registers::Input::typed("24/04/2026"),
        _ => dost_domain::registers::Input::Empty,
    };
    let d = dost_domain::dossier_input::parse(input, &cx).unwrap();
    assert_eq!(d.due_on, day(2026, 4, 28), "Friday + 1 working day skips the weekend and the holiday");
    assert!(dost_store::work::holidays_of(&db, 2026).await.unwrap().iter().any(|h| h.day == day(2026, 4, 27)));
}

#[tokio::test]
async fn a_task_code_is_used_once() {
    let (db, _d) = empty().await;
    let first = change!(db, |tx| dost_store::tasks::create(&mut tx, &task("CB.01-2026")).await.unwrap());
    let again = change!(db, |tx| dost_store::tasks::create(&mut tx, &task("CB.01-2026")).await.unwrap());
    assert!(first.is_some() && again.is_none());
    assert_eq!(dost_store::tasks::codes(&db).await.unwrap(), vec!["CB.01-2026".to_string()]);
    let t = dost_store::tasks::get(&db, first.unwrap()).await.unwrap().unwrap();
    assert_eq!(t.row.title, "Nhiệm vụ CB.01-2026");
    assert!(dost_store::tasks::exists(&db, first.unwrap()).await.unwrap());
}

#[tokio::test]
async fn a_unit_with_a_duty_keeps_its_records_from_that_day_only() {
    let (db, _d) = empty().await;
    unit(&db, "KD", day(2025, 3, 1)).await;
    change!(db, |tx| dost_store::organisation::add_duty(&mut tx, "KD", "verifications", day(2025, 3, 1))
        .await
        .unwrap());
    let org = dost_store::organisation::load(&db).await.unwrap();
    assert_eq!(org.keepers("verifications", day(2025, 3, 1)), vec!["KD"]);
    assert!(org.keepers("verifications", day(2025, 2, 28)).is_empty());
    // ending the duty ends it from that day
    assert!(change!(db, |tx| dost_store::organisation::end_duty(&mut tx, "KD", "verifications", day(2026, 1, 1))
        .await
        .unwrap()));
    let org = dost_store::organisation::load(&db).await.unwrap();
    assert!(org.keepers("verifications", day(2026, 6, 1)).is_empty());
}

#[tokio::test]
async fn a_closed_unit_hands_over_to_its_successor() {
    let (db, _d) = empty().await;
    unit(&db, "TTX", day(2020, 1, 1)).await;
    unit(&db, "VPX", day(2020, 1, 1)).await;
    change!(db, |tx| dost_store::organisation::add_duty(&mut tx, "TTX", "inspections", day(2020, 1, 1)).await.unwrap());
    assert!(change!(db, |tx| dost_store::organisation::close_unit(&mut tx, "TTX", day(2025, 6, 30), Some("VPX"))
        .await
        .unwrap()));
    let org = dost_store::organisation::load(&db).await.unwrap();
    assert_eq!(org.current("TTX", day(2025, 7, 1)), "VPX");
    assert_eq!(org.current("TTX", day(2025, 6, 30)), "TTX");
    assert!(!change!(db, |tx| dost_store::organisation::close_unit(&mut tx, "XX", day(2025, 6, 30), None)
        .await
        .unwrap()));
}

#[tokio::test]
async fn a_persons_unit_is_dated() {
    let (db, _d) = empty().await;
    unit(&db, "A", day(2020, 1, 1)).await;
    unit(&db, "B", day(2020, 1, 1)).await;
    let user = dost_store::accounts::NewUser {
        username: "nguoi",
        display_name: "Người Thử",
        email: "",
        password_hash: "x",
        role: dost_domain::roles::Role::UnitStaff,
        unit_id: None,
    };
    let id = change!(db, |tx| dost_store::accounts::create_user(&mut tx, &user).await.unwrap().unwrap());
    change!(db, |tx| dost_store::organisation::assign(&mut tx, id, Some("A"), day(2024, 1, 1)).await.unwrap());
    change!(db, |tx| dost_store::organisation::assign(&mut tx, id, Some("B"), day(2025, 3, 1)).await.unwrap());
    assert_eq!(dost_store::organisation::unit_of_on(&db, id, day(2025, 2, 28)).await.unwrap().as_deref(), Some("A"));
    assert_eq!(dost_store::organisation::unit_of_on(&db, id, day(2025, 3, 1)).await.unwrap().as_deref(), Some("B"));
    assert_eq!(dost_store::organisation::unit_of_on(&db, id, day(2023, 12, 31)).await.unwrap(), None);
    assert_eq!(dost_store::organisation::assignments(&db, id).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_past_periods_figures_do_not_change_when_later_work_is_recorded() {
    let (db, _d) = empty().await;
    let t = scale_type(&db).await;
    change!(db, |tx| dost_store::work::insert_verifications(
        &mut tx,
        &[verification(t, day(2026, 2, 10), Some("K-1"))]
    )
    .await
    .unwrap());
    let q1 = Period::new(day(2026, 1, 1), day(2026, 3, 31)).unwrap();
    let before = dost_store::report::figures(&db, &q1).await.unwrap();
    change!(db, |tx| dost_store::work::insert_verifications(&mut tx, &[verification(t, day(2026, 4, 2), Some("K-2"))])
        .await
        .unwrap());
    let after = dost_store::report::figures(&db, &q1).await.unwrap();
    let ids = |f: &dost_domain::report::Figures| f.verification.iter().flat_map(|x| x.ids.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&before), ids(&after));
    assert_eq!(ids(&after).len(), 1);
}

#[tokio::test]
async fn a_periods_dossier_flow_counts_received_carried_and_pending() {
    let (db, _d) = empty().await;
    let p = procedure(&db, "cn_y_kien", 15).await;
    let mut online = dossier("HS-2", p, day(2026, 2, 2), day(2026, 2, 23));
    online.channel = "truc_tuyen".into();
    change!(db, |tx| dost_store::work::insert_dossiers(
        &mut tx,
        &[
            dossier("HS-1", p, day(2025, 12, 20), day(2026, 1, 12)),
            online,
            dossier("HS-3", p, day(2026, 3, 2), day(2026, 3, 23))
        ]
    )
    .await
    .unwrap());
    let q1 = Period::new(day(2026, 1, 1), day(2026, 3, 31)).unwrap();
    let flow = dost_store::report::figures(&db, &q1).await.unwrap().dossier_flow;
    assert_eq!((flow.received.len(), flow.received_online.len(), flow.carried_over.len()), (2, 1, 1));
    assert_eq!(flow.pending.len(), 3);
    assert_eq!(flow.pending_overdue.len(), 3, "all three are past their due day on 31/03");
}

#[tokio::test]
async fn an_open_directive_is_listed_until_it_is_done() {
    let (db, _d) = empty().await;
    let id = change!(db, |tx| dost_store::work::add_directive(
        &mut tx,
        "Hoàn thành kế hoạch chuyển đổi số",
        ("Giao ban quý I", day(2026, 3, 30)),
        None,
        Some(day(2026, 6, 30))
    )
    .await
    .unwrap());
    assert_eq!(dost_store::work::open_directives(&db).await.unwrap().len(), 1);
    assert!(change!(db, |tx| dost_store::work::update_directive(&mut tx, id, "xong", "Đã ban hành").await.unwrap()));
    assert!(dost_store::work::open_directives(&db).await.unwrap().is_empty());
    assert_eq!(dost_store::work::directive(&db, id).await.unwrap().unwrap().progress, "Đã ban hành");
}

#[tokio::test]
async fn every_change_names_its_kind_and_the_log_filters_by_it() {
    let (db, _d) = empty().await;
    scale_type(&db).await;
    procedure(&db, "cn_y_kien", 15).await;
    let all = dost_store::audit::list(&db, &Default::default(), 50, 0).await.unwrap().0;
    let kinds: Vec<&str> = all.iter().map(|r| r.entity.as_str()).collect();
    assert!(kinds.contains(&"instrument_type") && kinds.contains(&"procedure"), "{kinds:?}");
    for k in kinds {
        assert!(!dost_domain::audit_labels::entity(k).starts_with("Khác ("), "{k} has no Vietnamese name");
    }
    let filter = dost_store::audit::Filter { entity: "procedure".into(), ..Default::default() };
    let only = dost_store::audit::list(&db, &filter, 50, 0).await.unwrap().0;
    assert!(!only.is_empty() && only.iter().all(|r| r.entity == "procedure"));
}

#[tokio::test]
async fn a_products_sales_are_summed_in_their_period() {
    let (db, _d) = empty().await;
    let id = change!(db, |tx| dost_store::work::add_product(&mut tx, "MD", "Miến dong", "kg").await.unwrap());
    change!(db, |tx| dost_store::work::add_sales(
        &mut tx,
        &[(id, day(2026, 2, 1), 100, 5_000_000), (id, day(2026, 5, 1), 50, 2_500_000)]
    )
    .await
    .unwrap());
    let q1 = Period::new(day(2026, 1, 1), day(2026, 3, 31)).unwrap();
    let sales = dost_store::report::figures(&db, &q1).await.unwrap().sales;
    assert_eq!(sales.len(), 1, "{sales:?}");
    assert_eq!(dost_store::work::products(&db).await.unwrap().len(), 1);
}

#[test]
fn every_kind_of_record_the_program_writes_has_a_name_and_is_offered_by_the_log_filter() {
    // the codes written by name in the store (registers write their table)
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut written = std::collections::BTreeSet::new();
    let mut stack = vec![root.join("dost-store/src"), root.join("dost-app/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for call in text.split("Change::new(").skip(1) {
                    let mut parts = call.splitn(3, '"');
                    let (_, _, rest) = (parts.next(), parts.next(), parts.next().unwrap_or(""));
                    // the second literal argument, when the kind is written as one
                    if let Some(after) = rest.strip_prefix(", \"")
                        && let Some(code) = after.split('"').next()
                    {
                        written.insert(code.to_string());
                    }
                }
            }
        }
    }
    assert!(written.len() >= 20, "{written:?}");
    let offered: Vec<&str> = dost_domain::audit_labels::entities().iter().map(|e| e.0).collect();
    for code in &written {
        assert!(offered.contains(&code.as_str()), "the log filter does not offer «{code}»");
        assert!(!dost_domain::audit_labels::entity(code).starts_with("Khác ("), "«{code}» has no Vietnamese name");
    }
    for r in dost_domain::registers::REGISTERS {
        assert!(offered.contains(&r.table), "register {} missing", r.table);
    }
}

//! The lifecycle, council and money rules, on hand-made cases.

use super::*;
use chrono::NaiveDate;

fn ev(n: &str, d: NaiveDate) -> Evidence {
    Evidence { kind: DocKind::Decision, number: n.into(), date: d, signer: "Chủ tịch UBND tỉnh".into() }
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, m, day).unwrap()
}

#[test]
fn the_lifecycle_goes_step_by_step() {
    let mut s = Stage::Proposed;
    let mut seen = vec![s];
    while let Some(n) = s.next() {
        s = record(s, EventKind::Advance, Some(n), &ev("01/QĐ", d(1, 2)), d(1, 3)).unwrap();
        seen.push(s);
    }
    assert_eq!(s, Stage::Settled);
    assert_eq!(seen.len(), 12);
    assert!(!seen.contains(&Stage::Terminated));
}

#[test]
fn skipping_a_stage_is_refused_with_the_expected_one() {
    let e =
        record(Stage::Selection, EventKind::Advance, Some(Stage::Approved), &ev("1", d(1, 1)), d(1, 1)).unwrap_err();
    assert_eq!(
        e,
        TaskError::OutOfOrder {
            from: "Tuyển chọn, giao trực tiếp",
            to: "Phê duyệt thực hiện",
            expected: "Thẩm định nội dung, kinh phí"
        }
    );
    assert!(e.to_string().contains("lần lượt"));
    assert!(record(Stage::Settled, EventKind::Advance, None, &ev("1", d(1, 1)), d(1, 1)).is_err());
    assert!(record(Stage::Terminated, EventKind::Check, None, &ev("1", d(1, 1)), d(1, 1)).is_err());
}

#[test]
fn evidence_is_required_and_dated_before_the_step() {
    assert_eq!(
        record(Stage::Proposed, EventKind::Advance, None, &ev(" ", d(1, 1)), d(1, 1)),
        Err(TaskError::NoDocumentNumber)
    );
    assert!(matches!(
        record(Stage::Proposed, EventKind::Advance, None, &ev("5", d(3, 1)), d(2, 1)),
        Err(TaskError::DocumentAfterEvent { .. })
    ));
}

#[test]
fn checks_adjustments_and_extensions_only_while_running() {
    for k in [EventKind::Check, EventKind::Adjust, EventKind::Extend] {
        assert_eq!(record(Stage::InProgress, k, None, &ev("1", d(1, 1)), d(1, 1)), Ok(Stage::InProgress));
        assert!(record(Stage::Appraisal, k, None, &ev("1", d(1, 1)), d(1, 1)).is_err());
    }
    assert_eq!(
        record(Stage::InProgress, EventKind::Terminate, None, &ev("1", d(1, 1)), d(1, 1)),
        Ok(Stage::Terminated)
    );
    assert!(record(Stage::Recognized, EventKind::Terminate, None, &ev("1", d(1, 1)), d(1, 1)).is_err());
}

#[test]
fn what_the_public_register_shows() {
    assert!(!Stage::Proposed.is_public() && !Stage::Appraisal.is_public());
    assert!(Stage::Approved.is_public() && Stage::InProgress.is_public() && Stage::Settled.is_public());
    assert!(!Stage::Terminated.is_public());
    assert!(!Stage::OfficialAcceptance.is_accepted() && Stage::Recognized.is_accepted());
}

fn seat(id: i64, role: MemberRole, org: i64) -> Seat {
    Seat {
        person_id: id, name: format!("Người {id}"), role, organisation_id: Some(org), relative: false, expert: true
    }
}

fn selection_council() -> Vec<Seat> {
    vec![
        seat(1, MemberRole::Chair, 10),
        seat(2, MemberRole::ViceChair, 11),
        seat(3, MemberRole::Reviewer, 12),
        seat(4, MemberRole::Reviewer, 13),
        seat(5, MemberRole::Secretary, 14),
        seat(6, MemberRole::Member, 15),
        seat(7, MemberRole::Member, 16),
    ]
}

#[test]
fn a_well_formed_council_passes() {
    let parties = TaskParties {
        investigator_id: Some(99),
        participant_ids: vec![98],
        lead_org_id: Some(50),
        applicant_org_ids: vec![],
    };
    assert_eq!(check_council(CouncilKind::Selection, (7, 9), &selection_council(), &parties), vec![]);
}

#[test]
fn council_size_and_roles() {
    let parties = TaskParties::default();
    let mut small = selection_council();
    small.pop();
    assert!(matches!(
        check_council(CouncilKind::Selection, (7, 9), &small, &parties)[..],
        [CouncilError::Size { min: 7, max: 9, n: 6, .. }]
    ));
    // a national acceptance council needs nine; a province's rule may allow seven
    let book = crate::rules::RuleBook::shipped();
    let on = NaiveDate::from_ymd_opt(2020, 6, 1).unwrap();
    let national = book.council_size(CouncilKind::Acceptance, crate::rules::Scope::National, on).unwrap();
    let provincial = book.council_size(CouncilKind::Acceptance, crate::rules::Scope::Provincial, on).unwrap();
    assert!(matches!(
        check_council(CouncilKind::Acceptance, national, &selection_council(), &parties)[..],
        [CouncilError::Size { n: 7, .. }]
    ));
    assert_eq!(check_council(CouncilKind::Acceptance, provincial, &selection_council(), &parties), vec![]);
    let mut two_chairs = selection_council();
    two_chairs[6].role = MemberRole::Chair;
    assert!(check_council(CouncilKind::Selection, (7, 9), &two_chairs, &parties).contains(&CouncilError::Chair));
    let mut no_vice = selection_council();
    no_vice[1].role = MemberRole::Member;
    assert!(check_council(CouncilKind::Selection, (7, 9), &no_vice, &parties).is_empty(), "not required");
    assert_eq!(
        check_council_with(
            CouncilKind::Selection,
            (7, 9),
            Composition { vice_chair: true, experts: None },
            &no_vice,
            &parties
        ),
        vec![CouncilError::ViceChair]
    );
    let mut one_reviewer = selection_council();
    one_reviewer[3].role = MemberRole::Member;
    assert!(
        check_council(CouncilKind::Selection, (7, 9), &one_reviewer, &parties).contains(&CouncilError::Reviewers {
            kind: "Hội đồng tuyển chọn",
            need: 2,
            n: 1
        })
    );
}

#[test]
fn an_acceptance_council_needs_its_share_of_experts_by_the_rule_of_its_day() {
    let book = crate::rules::RuleBook::shipped();
    let rule = book.composition(CouncilKind::Acceptance, crate::rules::Scope::Provincial, d(6, 1));
    assert_eq!(rule.experts, Some((2, 3)), "Thông tư 11/2014: six of nine are experts");
    let parties = TaskParties::default();
    let mut seats = selection_council();
    assert!(check_council_with(CouncilKind::Acceptance, (7, 9), rule, &seats, &parties).is_empty());
    // seven members need five experts (two thirds, rounded up)
    for s in &mut seats[4..] {
        s.expert = false;
    }
    assert_eq!(
        check_council_with(CouncilKind::Acceptance, (7, 9), rule, &seats, &parties),
        vec![CouncilError::Experts { kind: "Hội đồng đánh giá, nghiệm thu", need: 5, n: 4 }]
    );
    seats[4].expert = true;
    assert!(check_council_with(CouncilKind::Acceptance, (7, 9), rule, &seats, &parties).is_empty());
    // before the rule took effect, and for councils it does not govern, no share is asked
    let before = book.composition(
        CouncilKind::Acceptance,
        crate::rules::Scope::National,
        NaiveDate::from_ymd_opt(2014, 7, 14).unwrap(),
    );
    assert_eq!(before.experts, None);
    assert_eq!(book.composition(CouncilKind::Appraisal, crate::rules::Scope::National, d(6, 1)).experts, None);
}

#[test]
fn conflicts_of_interest_are_named() {
    let parties = TaskParties {
        investigator_id: Some(3),
        participant_ids: vec![6],
        lead_org_id: Some(16),
        applicant_org_ids: vec![11],
    };
    let mut seats = selection_council();
    seats[4].relative = true;
    let errors = check_council(CouncilKind::Selection, (7, 9), &seats, &parties);
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        text,
        vec![
            "Người 2 không được tham gia hội đồng vì thuộc tổ chức đăng ký tham gia tuyển chọn.",
            "Người 3 không được tham gia hội đồng vì là chủ nhiệm nhiệm vụ.",
            "Người 5 không được tham gia hội đồng vì có quan hệ gia đình với người thực hiện nhiệm vụ.",
            "Người 6 không được tham gia hội đồng vì tham gia thực hiện nhiệm vụ.",
            "Người 7 không được tham gia hội đồng vì thuộc tổ chức chủ trì nhiệm vụ.",
        ]
    );
}

#[test]
fn steps_in_date_order_a_failed_task_closes_and_extensions_keep_to_the_rule() {
    let on = d(6, 1);
    let ctx = StepContext { last_step: Some(d(5, 10)), ..Default::default() };
    assert!(matches!(
        record_step(&ctx, Stage::InProgress, EventKind::Check, &ev("1", d(5, 1)), d(5, 9), None),
        Err(TaskError::BeforeLastStep { .. })
    ));
    assert_eq!(record_step(&ctx, Stage::InProgress, EventKind::Check, &ev("1", on), on, None), Ok(Stage::InProgress));
    // "Không đạt": no recognition; the failed task is closed, its result never public
    let failed = StepContext { rating: Some(Rating::Fail), ..Default::default() };
    assert_eq!(
        record_step(&failed, Stage::OfficialAcceptance, EventKind::Advance, &ev("1", on), on, None),
        Err(TaskError::FailedNotRecognised)
    );
    let closed = record_step(&failed, Stage::OfficialAcceptance, EventKind::Terminate, &ev("1", on), on, None);
    assert_eq!(closed, Ok(Stage::Failed));
    assert!(!Stage::Failed.is_accepted() && !Stage::Failed.is_public() && Stage::Failed.next().is_none());
    let passed = StepContext { rating: Some(Rating::Pass), ..Default::default() };
    assert_eq!(
        record_step(&passed, Stage::OfficialAcceptance, EventKind::Advance, &ev("1", on), on, None),
        Ok(Stage::Recognized)
    );
    // extensions: once, 12 months in all (the rule in force)
    let running = StepContext {
        planned_end: Some(d(6, 30)),
        extension_limit: Some((1, 12, "Thông tư 04/2015/TT-BKHCN".into())),
        ..Default::default()
    };
    let extend = |ctx: &StepContext, to| record_step(ctx, Stage::InProgress, EventKind::Extend, &ev("1", on), on, to);
    assert_eq!(extend(&running, Some(NaiveDate::from_ymd_opt(2021, 6, 30).unwrap())), Ok(Stage::InProgress));
    assert!(matches!(
        extend(&running, Some(NaiveDate::from_ymd_opt(2021, 7, 31).unwrap())),
        Err(TaskError::ExtensionLimit { asked: 14, .. })
    ));
    let once = StepContext { extensions: 1, extended_end: Some(d(12, 31)), ..running.clone() };
    assert!(matches!(
        extend(&once, Some(NaiveDate::from_ymd_opt(2021, 3, 31).unwrap())),
        Err(TaskError::ExtensionLimit { done: 1, done_months: 7, .. })
    ));
    assert_eq!(extend(&running, Some(d(6, 1))), Err(TaskError::BadExtension));
    assert_eq!(months_between(d(6, 30), d(12, 31)), 7);
    assert_eq!(months_between(d(6, 30), d(12, 30)), 6);
}

#[test]
fn registration_duties_and_field_codes() {
    assert_eq!(registration_duty(Stage::Contracted, d(3, 1)), Some((DeadlineKind::InfoRegistration, d(3, 31))));
    assert_eq!(
        registration_duty(Stage::OfficialAcceptance, d(6, 15)),
        Some((DeadlineKind::ResultRegistration, d(7, 15)))
    );
    assert_eq!(registration_duty(Stage::InProgress, d(3, 1)), None);
    assert_eq!(field_code(" sở hữu trí tuệ "), "so_huu_tri_tue");
    assert_eq!(field_code("SỞ HỮU TRÍ TUỆ"), "so_huu_tri_tue");
    assert_eq!(field_code("Nông nghiệp"), "");
}

#[test]
fn money_stays_within_the_contract_and_settlement_reconciles() {
    assert_eq!(check_instalment(900, &[540], 360), Ok(()));
    assert_eq!(
        check_instalment(900_000_000, &[540_000_000], 400_000_000),
        Err(MoneyError::BeyondContract { asked: "400.000.000 đồng".into(), left: "360.000.000 đồng".into() })
    );
    assert!(check_payment(100, 101).is_err() && check_payment(100, 100).is_ok());
    assert_eq!(settlement(900, 540, 800), Ok(260), "still to pay");
    assert_eq!(settlement(900, 900, 850), Ok(-50), "to recover");
    assert!(settlement(900, 0, 901).is_err());
}

#[test]
fn a_meeting_needs_its_quorum_its_chair_and_its_reviewers() {
    use MemberRole::*;
    let members = [Chair, ViceChair, Reviewer, Reviewer, Secretary, Member, Member, Member, Member];
    assert_eq!(check_quorum(&members, &members, (2, 3)), Ok(()));
    // six of nine is two thirds
    assert_eq!(check_quorum(&members, &[ViceChair, Reviewer, Reviewer, Secretary, Member, Member], (2, 3)), Ok(()));
    assert_eq!(
        check_quorum(&members, &[Chair, Reviewer, Reviewer, Secretary, Member], (2, 3)),
        Err(CouncilError::Quorum { need: 6, of: 9, present: 5 })
    );
    assert_eq!(
        check_quorum(&members, &[Reviewer, Reviewer, Secretary, Member, Member, Member], (2, 3)),
        Err(CouncilError::NoChair)
    );
    assert_eq!(
        check_quorum(&members, &[Chair, Reviewer, Secretary, Member, Member, Member, Member], (2, 3)),
        Err(CouncilError::ReviewerAbsent)
    );
}

#[test]
fn acceptance_rating_rule() {
    use Rating::*;
    assert_eq!(acceptance_result(&[]), None);
    assert_eq!(acceptance_result(&[Excellent; 9]), Some(Excellent));
    // 7 of 9 excellent (≥ 3/4 = 7), nobody fails
    assert_eq!(
        acceptance_result(&[Excellent, Excellent, Excellent, Excellent, Excellent, Excellent, Excellent, Pass, Pass]),
        Some(Excellent)
    );
    // 6 of 9 excellent is not enough
    assert_eq!(
        acceptance_result(&[Excellent, Excellent, Excellent, Excellent, Excellent, Excellent, Pass, Pass, Pass]),
        Some(Pass)
    );
    // one fail vote stops "excellent"
    assert_eq!(
        acceptance_result(&[
            Excellent, Excellent, Excellent, Excellent, Excellent, Excellent, Excellent, Excellent, Fail
        ]),
        Some(Pass)
    );
    // 3 fails of 9: only 6 pass or better, below 7
    assert_eq!(acceptance_result(&[Pass, Pass, Pass, Pass, Pass, Pass, Fail, Fail, Fail]), Some(Fail));
    assert_eq!(acceptance_result(&[Pass, Pass, Pass, Pass, Pass, Pass, Pass, Fail, Fail]), Some(Pass));
}

#[test]
fn deadline_arithmetic() {
    assert_eq!(days_left(d(3, 1), d(2, 27)), 3, "2020 is a leap year");
    assert_eq!(days_left(d(1, 1), d(1, 11)), -10);
}

#[test]
fn codes_round_trip() {
    for s in Stage::ALL {
        assert_eq!(Stage::parse(s.code()), Some(*s));
    }
    assert_eq!(Level::parse("cap_tinh"), Some(Level::Provincial));
    assert_eq!(Rating::Pass.label(), "Đạt");
}

//! Councils of a task: set up after the domain checks their size, roles and
//! conflicts of interest; the acceptance council's votes give the rating by
//! the rule.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::rules::Scope;
use dost_domain::tasks::{self as rules, CouncilKind, MemberRole, Rating, Seat, TaskParties};

use super::super::extract::StaffPairs;
use super::super::work::date;
use super::load_for_writing;
use crate::http::VnPath;
use crate::http::form::Pairs;
use crate::{AppState, WebError};

/// Refuses fields the council forms do not have (their names are numbered).
fn only_fields(p: &Pairs, names: &[&str], prefixes: &[&str]) -> Result<(), WebError> {
    match p.0.iter().find(|(k, _)| !names.contains(&k.as_str()) && !prefixes.iter().any(|x| k.starts_with(x))) {
        Some((k, _)) => {
            Err(WebError::BadRequest(format!("Biểu mẫu gửi lên có ô không hợp lệ («{k}»). Hãy tải lại trang.")))
        }
        None => Ok(()),
    }
}

/// Sets up a council after checking its size, roles and conflicts of interest.
pub async fn council(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffPairs { staff, pairs: p }: StaffPairs,
) -> Result<Response, WebError> {
    let task = load_for_writing(&state, &staff, id).await?;
    only_fields(&p, &["kind", "decision", "date", "applicants"], &["person-", "role-", "rel-", "exp-"])?;
    // everything entered is kept if the council is refused
    let draft = super::show::CouncilDraft {
        kind: p.get("kind"),
        decision: p.get("decision"),
        date: p.get("date"),
        applicants: p.get("applicants"),
        seats: (1..=9)
            .map(|i| super::show::SeatDraft {
                person: p.get(&format!("person-{i}")),
                role: p.get(&format!("role-{i}")),
                relative: !p.get(&format!("rel-{i}")).is_empty(),
                expert: !p.get(&format!("exp-{i}")).is_empty(),
            })
            .collect(),
    };
    let kind =
        CouncilKind::parse(&p.get("kind")).ok_or_else(|| WebError::BadRequest("Loại hội đồng không hợp lệ.".into()))?;
    let decision = p.get("decision");
    let meeting = match p.get("date").as_str() {
        "" => None,
        s => match date(s) {
            Some(d) => Some(d),
            None => {
                let m = Some("Ngày họp phải theo dạng dd/mm/yyyy.".to_string());
                return super::show::task_page_with(&state, &staff, &task, m, None, draft).await;
            }
        },
    };
    let people = dost_store::tasks::people(&state.db).await?;
    let mut seats = Vec::new();
    for i in 1..=9 {
        let pid = p.get(&format!("person-{i}"));
        if pid.is_empty() {
            continue;
        }
        let Some(person) = pid.parse::<i64>().ok().and_then(|x| people.iter().find(|p| p.id == x)) else {
            return Err(WebError::BadRequest("Người được chọn không có trong danh sách.".into()));
        };
        let role = MemberRole::parse(&p.get(&format!("role-{i}"))).unwrap_or(MemberRole::Member);
        seats.push(Seat {
            person_id: person.id,
            name: person.name.clone(),
            role,
            organisation_id: person.organisation_id,
            relative: !p.get(&format!("rel-{i}")).is_empty(),
            expert: !p.get(&format!("exp-{i}")).is_empty(),
        });
    }
    // the other organisations that applied in the selection (one name a line): their people may not sit
    let named: Vec<String> =
        p.get("applicants").lines().map(|l| dost_domain::text::fold(l.trim())).filter(|l| !l.is_empty()).collect();
    let applicant_org_ids: Vec<i64> = people
        .iter()
        .filter(|x| named.iter().any(|n| dost_domain::text::fold(&x.organisation) == *n))
        .filter_map(|x| x.organisation_id)
        .collect();
    let parties = TaskParties {
        investigator_id: task.investigator_id,
        participant_ids: task.members.iter().map(|m| m.0).collect(),
        lead_org_id: task.lead_org_id,
        applicant_org_ids,
    };
    // the size the rule in force on the day allows, for the task's level
    let on = meeting.unwrap_or_else(|| dost_domain::format::vn_date(state.clock.now()));
    let book = dost_store::rules::rule_book(&state.db).await?;
    let size = book
        .council_size(kind, Scope::of_level(task.row.level), on)
        .map_err(|e| WebError::BadRequest(e.to_string()))?;
    let rule = book.composition(kind, Scope::of_level(task.row.level), on);
    let problems = rules::check_council_with(kind, size, rule, &seats, &parties);
    if decision.is_empty() || !problems.is_empty() {
        let mut msgs: Vec<String> = problems.iter().map(|e| e.to_string()).collect();
        if decision.is_empty() {
            msgs.insert(0, "Cần ghi số quyết định thành lập hội đồng.".into());
        }
        let m = Some(format!("Hội đồng chưa được lập: {}", msgs.join(" ")));
        return super::show::task_page_with(&state, &staff, &task, m, None, draft).await;
    }
    let seat_ids: Vec<(i64, MemberRole, bool)> = seats.iter().map(|s| (s.person_id, s.role, s.expert)).collect();
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::tasks::create_council(&mut tx, task.row.id, kind, &decision, meeting, &seat_ids).await?;
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/nhiem-vu/{}?tb=da-luu", task.row.id)).into_response())
}

/// Records the acceptance council's votes and its conclusion by the rule.
pub async fn votes(
    State(state): State<AppState>,
    VnPath((id, council)): VnPath<(i64, i64)>,
    StaffPairs { staff, pairs: p }: StaffPairs,
) -> Result<Response, WebError> {
    let task = load_for_writing(&state, &staff, id).await?;
    only_fields(&p, &[], &["vote-"])?;
    let voters = dost_store::tasks::council_voters(&state.db, council).await?;
    if voters.is_empty() || !dost_store::tasks::council_of_task(&state.db, council, task.row.id).await? {
        return Err(WebError::NotFound);
    }
    let mut votes = Vec::new();
    for voter in &voters {
        let v = match p.get(&format!("vote-{}", voter.person_id)).as_str() {
            "vang" => None,
            code => Some(Rating::parse(code).ok_or_else(|| {
                WebError::BadRequest("Mỗi thành viên cần một phiếu: Xuất sắc, Đạt, Không đạt hoặc Vắng mặt.".into())
            })?),
        };
        votes.push((voter.person_id, v));
    }
    // the meeting concludes only with its quorum, its chair (or vice-chair) and its reviewers
    let roles = |keep: &dyn Fn(&Option<Rating>) -> bool| -> Vec<MemberRole> {
        voters
            .iter()
            .zip(&votes)
            .filter(|(_, v)| keep(&v.1))
            .map(|(m, _)| MemberRole::parse(&m.role).unwrap_or(MemberRole::Member))
            .collect()
    };
    let today = dost_domain::format::vn_date(state.clock.now());
    let book = dost_store::rules::rule_book(&state.db).await?;
    let share = book
        .share("ty_le_co_mat", Scope::of_level(task.row.level), today)
        .map_err(|e| WebError::BadRequest(e.to_string()))?;
    if let Err(e) = rules::check_quorum(&roles(&|_| true), &roles(&|v| v.is_some()), share) {
        return super::show::task_page(&state, &staff, &task, Some(format!("Chưa ghi được kết quả: {e}")), None).await;
    }
    let present: Vec<Rating> = votes.iter().filter_map(|v| v.1).collect();
    let result = rules::acceptance_result(&present);
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::tasks::set_votes(&mut tx, council, &votes, result).await?;
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/nhiem-vu/{}?tb=da-luu", task.row.id)).into_response())
}

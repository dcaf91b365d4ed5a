//! One task's page: its facts, the timeline of evidenced steps (the scanned
//! documents served to staff only), councils, contract and money, checks,
//! and the forms to record what comes next.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use dost_domain::format;
use dost_domain::tasks::{CouncilKind, DocKind, EventKind, MemberRole, Stage};
use dost_store::tasks::{Task, Voter};

use super::super::{Opt, Staff, StaffPage};
use super::{load, may_manage, period};
use crate::http::VnPath;
use crate::http::query::StaffQuery;
use crate::http::respond::with_status;
use crate::{AppState, WebError};

pub struct EventView {
    pub file: Option<String>,
    pub date: String,
    pub title: String,
    pub doc: String,
    pub note: String,
    pub by: String,
}

pub struct CouncilView {
    pub id: i64,
    pub kind: &'static str,
    pub decision: String,
    pub date: String,
    pub result: String,
    pub members: Vec<String>,
    pub can_vote: bool,
    pub voters: Vec<Voter>,
}

pub struct TaskView {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub stage: &'static str,
    pub level: &'static str,
    pub task_type: &'static str,
    pub method: &'static str,
    pub field: String,
    pub lead_org: String,
    pub members: Vec<String>,
    pub period: String,
    pub budget: String,
}

pub struct ContractView {
    pub number: String,
    pub signed: String,
    pub value: String,
    pub paid: String,
    pub settled: String,
    pub instalments: Vec<InstalmentRow>,
}

/// An instalment of the contract's money, as shown.
pub struct InstalmentRow {
    pub id: i64,
    /// 1 for the first instalment.
    pub number: usize,
    pub due: String,
    pub planned: String,
    pub paid: String,
    /// The day it was paid (empty until then).
    pub paid_on: String,
}

#[derive(Template)]
#[template(path = "staff/task.html")]
struct TaskTemplate {
    page: StaffPage,
    contract: Option<ContractView>,
    form_error: Option<String>,
    t: TaskView,
    events: Vec<EventView>,
    councils: Vec<CouncilView>,
    inspections: Vec<String>,
    can_manage: bool,
    /// The latest step, which the unit head may withdraw when recorded by mistake.
    withdrawable: Option<i64>,
    next_stage: Option<&'static str>,
    next_is_recognition: bool,
    running: bool,
    doc_kinds: Vec<Opt>,
    council_kinds: Vec<Opt>,
    member_roles: Vec<Opt>,
    people: Vec<Opt>,
    seat_slots: Vec<SeatSlot>,
    council_decision: String,
    council_date: String,
    council_applicants: String,
}

/// A council form as it was posted (shown again after a refusal).
#[derive(Debug, Clone, Default)]
pub struct CouncilDraft {
    pub kind: String,
    pub decision: String,
    pub date: String,
    pub applicants: String,
    /// The seats by position.
    pub seats: Vec<SeatDraft>,
}

/// One seat as posted: person id, role code, the declared family tie, expert.
#[derive(Debug, Clone, Default)]
pub struct SeatDraft {
    pub person: String,
    pub role: String,
    pub relative: bool,
    pub expert: bool,
}

/// One seat of the council form.
pub struct SeatSlot {
    pub i: usize,
    pub person: String,
    pub role: String,
    pub relative: bool,
    pub expert: bool,
}

pub(super) async fn task_page(
    state: &AppState,
    staff: &Staff,
    task: &Task,
    error: Option<String>,
    flash_code: Option<&str>,
) -> Result<Response, WebError> {
    task_page_with(state, staff, task, error, flash_code, CouncilDraft::default()).await
}

/// The task page, with a council form filled as it was posted.
pub(super) async fn task_page_with(
    state: &AppState,
    staff: &Staff,
    task: &Task,
    error: Option<String>,
    flash_code: Option<&str>,
    draft: CouncilDraft,
) -> Result<Response, WebError> {
    let id = task.row.id;
    let history = dost_store::tasks::events(&state.db, id).await?;
    let last_step = history.last().map(|e| e.id);
    let events = history
        .into_iter()
        .map(|e| EventView {
            file: e.doc_file.as_ref().map(|_| format!("/quan-tri/nhiem-vu/{id}/van-ban/{}", e.id)),
            date: format::date(e.date),
            title: if e.kind == EventKind::Advance { e.to.label().to_string() } else { e.kind.label().to_string() },
            doc: format!(
                "{} số {} ngày {}{}",
                DocKind::parse(&e.doc_kind).map(|d| d.label()).unwrap_or("Văn bản"),
                e.doc_number,
                format::date(e.doc_date),
                if e.doc_signer.is_empty() { String::new() } else { format!(", {}", e.doc_signer) }
            ),
            note: e.note,
            by: e.recorded_by,
        })
        .collect();
    let can_manage = may_manage(staff, task);
    let councils = dost_store::tasks::councils(&state.db, id)
        .await?
        .into_iter()
        .map(|c| CouncilView {
            id: c.id,
            kind: c.kind.label(),
            decision: c.decision_number.clone(),
            date: c.meeting_date.map(format::date).unwrap_or_default(),
            result: c.result.map(|r| r.label().to_string()).unwrap_or_default(),
            members: c
                .members
                .iter()
                .map(|m| {
                    format!(
                        "{} ({}){}",
                        m.name,
                        m.role.label(),
                        if m.absent {
                            ": vắng mặt".to_string()
                        } else {
                            m.vote.map(|x| format!(": {}", x.label())).unwrap_or_default()
                        }
                    )
                })
                .collect(),
            can_vote: can_manage && c.kind == CouncilKind::Acceptance && c.result.is_none(),
            voters: Vec::new(),
        })
        .collect::<Vec<_>>();
    // Voters need ids: read them again for councils that take votes.
    let mut councils = councils;
    for c in councils.iter_mut().filter(|c| c.can_vote) {
        c.voters = dost_store::tasks::council_voters(&state.db, c.id).await?;
    }
    let inspections = dost_store::tasks::inspections(&state.db, id)
        .await?
        .into_iter()
        .map(|i| {
            format!(
                "{} — {} ({}){}",
                format::date(i.on_date),
                if i.kind == "thanh_tra" { "Thanh tra" } else { "Kiểm tra" },
                if i.status == "ke_hoach" { "theo kế hoạch" } else { "đã thực hiện" },
                if i.findings.is_empty() { String::new() } else { format!(": {}", i.findings) }
            )
        })
        .collect();
    let people = dost_store::tasks::people(&state.db)
        .await?
        .into_iter()
        .map(|p| Opt { value: p.id.to_string(), label: format!("{} – {}", p.name, p.organisation), selected: false })
        .collect();
    let r = &task.row;
    let t = TaskView {
        id,
        code: r.code.clone(),
        title: r.title.clone(),
        stage: r.stage.label(),
        level: r.level.label(),
        task_type: task.task_type.label(),
        method: task.method.label(),
        field: r.field.clone(),
        lead_org: r.lead_org.clone(),
        members: task
            .members
            .iter()
            .map(|(_, n, role)| if role == "chu_nhiem" { format!("{n} (chủ nhiệm)") } else { n.clone() })
            .collect(),
        period: period(r.start_date, r.end_date),
        budget: format!(
            "{} (ngân sách nhà nước {}; nguồn khác {})",
            format::money(task.budget_total),
            format::money(task.budget_state),
            format::money(task.budget_other)
        ),
    };
    let page = StaffPage::new(staff, format!("Nhiệm vụ {}", r.code), "/quan-tri/nhiem-vu").with_flash(flash_code);
    let contract = dost_store::tasks::contract(&state.db, id).await?.map(|c| ContractView {
        number: c.number.clone(),
        signed: format::date(c.signed_on),
        value: format::money(c.value),
        paid: format::money(c.instalments.iter().map(|i| i.paid).sum()),
        settled: match (c.settled_on, c.approved, c.difference) {
            (Some(on), Some(approved), Some(diff)) => format!(
                "{}; quyết toán {}; {}",
                format::date(on),
                format::money(approved),
                match diff {
                    0 => "đã cấp đủ".to_string(),
                    d if d > 0 => format!("còn phải cấp {}", format::money(d)),
                    d => format!("phải thu hồi {}", format::money(-d)),
                }
            ),
            (Some(on), _, _) => format::date(on),
            _ => String::new(),
        },
        instalments: c
            .instalments
            .iter()
            .enumerate()
            .map(|(n, i)| InstalmentRow {
                id: i.id,
                number: n + 1,
                due: format::date(i.due_on),
                planned: format::money(i.planned),
                paid: format::money(i.paid),
                paid_on: i.paid_on.map(format::date).unwrap_or_default(),
            })
            .collect(),
    });
    let tpl = TaskTemplate {
        page,
        contract,
        form_error: error.clone(),
        t,
        events,
        councils,
        inspections,
        can_manage,
        withdrawable: last_step.filter(|_| {
            can_manage && staff.may(dost_domain::access::Action::Write, dost_domain::access::Resource::TaskCorrections)
        }),
        next_stage: r.stage.next().map(Stage::label),
        next_is_recognition: r.stage.next() == Some(Stage::Recognized),
        running: r.stage.is_running(),
        doc_kinds: DocKind::ALL
            .iter()
            .map(|d| Opt { value: d.code().into(), label: d.label().into(), selected: false })
            .collect(),
        council_kinds: CouncilKind::ALL
            .iter()
            .map(|d| Opt { value: d.code().into(), label: d.label().into(), selected: d.code() == draft.kind })
            .collect(),
        member_roles: MemberRole::ALL
            .iter()
            .map(|d| Opt { value: d.code().into(), label: d.label().into(), selected: false })
            .collect(),
        people,
        // what was entered stays; an empty seat defaults to "Ủy viên"
        seat_slots: (1..=9)
            .map(|i| {
                let s = draft.seats.get(i - 1).cloned().unwrap_or_default();
                let role = if s.role.is_empty() { "uy_vien".into() } else { s.role };
                SeatSlot { i, person: s.person, role, relative: s.relative, expert: s.expert }
            })
            .collect(),
        council_decision: draft.decision.clone(),
        council_date: draft.date.clone(),
        council_applicants: draft.applicants.clone(),
    };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(with_status(tpl.render()?, status))
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<i64>,
    q: StaffQuery,
) -> Result<Response, WebError> {
    let task = load(&state, &staff, id).await?;
    task_page(&state, &staff, &task, None, q.value("tb")).await
}

/// `/quan-tri/nhiem-vu/{id}/van-ban/{event}`: the scanned document of a
/// step, served only to those who may read the task (never at a public address).
pub async fn evidence(
    State(state): State<AppState>,
    staff: Staff,
    VnPath((id, event)): VnPath<(i64, i64)>,
) -> Result<Response, WebError> {
    let task = load(&state, &staff, id).await?;
    let e = dost_store::tasks::events(&state.db, task.row.id)
        .await?
        .into_iter()
        .find(|e| e.id == event)
        .ok_or(WebError::NotFound)?;
    let rel = e.doc_file.ok_or(WebError::NotFound)?;
    let name = format!("{}-{}.{}", task.row.code, e.doc_number, rel.rsplit('.').next().unwrap_or("pdf"));
    crate::files::send(&state.config.uploads_dir, &rel, Some(&name), crate::files::Audience::Staff).await
}

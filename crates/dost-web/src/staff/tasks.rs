//! S&T tasks in the back office: the list, recording a task, its timeline of
//! evidenced steps, councils with rule checks, votes, and the deadlines view.

use std::collections::BTreeMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use dost_domain::format;
use dost_domain::roles::{Permission, Role};
use dost_domain::tasks::{
    self as rules, CouncilKind, DocKind, EventKind, Evidence, Level, MemberRole, Method, Rating, Seat, Stage,
    TaskParties, TaskType,
};
use dost_domain::text::fold;
use dost_store::tasks::{Filter, NewEvent, NewTask, Task};

use super::form::{date, get, pairs};
use super::{Opt, Staff, StaffPage, download, flash, no_store};
use crate::portal::{VnPath, parse_query};
use crate::{AppState, WebError};

fn money(s: &str) -> Option<i64> {
    let digits: String = s.chars().filter(|c| !matches!(c, '.' | ' ' | ',')).collect();
    if digits.is_empty() { Some(0) } else { digits.parse::<i64>().ok().filter(|n| *n >= 0) }
}

fn period(start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{} – {}", format::date(s), format::date(e)),
        _ => String::new(),
    }
}

fn require_see(staff: &Staff) -> Result<(), WebError> {
    if staff.can(Permission::SeeTasks) { Ok(()) } else { staff.require(Permission::SeeTasks) }
}

/// Recording needs the permission and, for staff of a unit, the task's unit.
fn may_manage(staff: &Staff, task: Option<&Task>) -> bool {
    if staff.role() == Role::Administrator {
        return true;
    }
    staff.can(Permission::ManageTasks)
        && match (task.and_then(|t| t.unit_id), staff.user.unit_id) {
            (Some(task_unit), Some(mine)) => task_unit == mine,
            (Some(_), None) => false,
            (None, _) => true,
        }
}

fn require_manage(staff: &Staff, task: Option<&Task>) -> Result<(), WebError> {
    if may_manage(staff, task) {
        Ok(())
    } else if !staff.can(Permission::ManageTasks) {
        staff.require(Permission::ManageTasks)
    } else {
        Err(WebError::Forbidden("Nhiệm vụ này do đơn vị khác quản lý; bạn chỉ xem được.".into()))
    }
}

// ---------- list ----------

pub struct RowView {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub level: &'static str,
    pub investigator: String,
    pub period: String,
    pub stage: &'static str,
}

#[derive(Template)]
#[template(path = "staff/tasks.html")]
struct ListTemplate {
    page: StaffPage,
    query: String,
    can_manage: bool,
    q: String,
    levels: Vec<Opt>,
    stages: Vec<Opt>,
    rows: Vec<RowView>,
}

pub async fn list(State(state): State<AppState>, staff: Staff, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    require_see(&staff)?;
    let q = parse_query(raw.as_deref())?;
    let text = q.get("q").cloned().unwrap_or_default();
    let level = q.get("cap").cloned().unwrap_or_default();
    let stage = q.get("buoc").cloned().unwrap_or_default();
    let stages = match stage.as_str() {
        "" => vec![],
        s => vec![Stage::parse(s).ok_or_else(|| WebError::BadRequest("Bước không hợp lệ.".into()))?],
    };
    let like = if text.trim().is_empty() {
        String::new()
    } else {
        format!("%{}%", fold(text.trim()).replace(['%', '_', '\\'], ""))
    };
    let filter = Filter { level: level.clone(), stages, like, ..Default::default() };
    let rows = dost_store::tasks::list(&state.db, &filter).await?;
    let mut page = StaffPage::new(&staff, "Nhiệm vụ KH&CN", "/quan-tri/nhiem-vu");
    page.flash = flash(q.get("tb").map(String::as_str));
    let t = ListTemplate {
        page,
        query: format!(
            "q={}&cap={}&buoc={}",
            crate::portal::encode(&text),
            crate::portal::encode(&level),
            crate::portal::encode(&stage)
        ),
        can_manage: may_manage(&staff, None),
        levels: Level::ALL
            .iter()
            .map(|l| Opt { value: l.code().into(), label: l.label().into(), selected: l.code() == level })
            .collect(),
        stages: Stage::ALL
            .iter()
            .map(|s| Opt { value: s.code().into(), label: s.label().into(), selected: s.code() == stage })
            .collect(),
        rows: rows
            .into_iter()
            .map(|r| RowView {
                id: r.id,
                period: period(r.start_date, r.end_date),
                level: r.level.label(),
                stage: r.stage.label(),
                code: r.code,
                title: r.title,
                investigator: r.investigator,
            })
            .collect(),
        q: text,
    };
    Ok(no_store(t.render()?))
}

// ---------- new ----------

#[derive(Default)]
pub struct FormValues {
    pub code: String,
    pub title: String,
    pub field: String,
    pub programme: String,
    pub lead_org: String,
    pub investigator: String,
    pub members: String,
    pub start: String,
    pub end: String,
    pub budget: String,
    pub state: String,
    pub objectives: String,
    pub content: String,
    pub methods: String,
    pub expected: String,
}

#[derive(Template)]
#[template(path = "staff/task_form.html")]
struct FormTemplate {
    page: StaffPage,
    form_error: Option<String>,
    f: FormValues,
    levels: Vec<Opt>,
    types: Vec<Opt>,
    methods_opt: Vec<Opt>,
}

fn form_page(
    staff: &Staff,
    f: FormValues,
    level: &str,
    kind: &str,
    method: &str,
    error: Option<String>,
) -> Result<Response, WebError> {
    let t = FormTemplate {
        page: StaffPage::new(staff, "Ghi nhiệm vụ mới", "/quan-tri/nhiem-vu"),
        form_error: error.clone(),
        f,
        levels: Level::ALL
            .iter()
            .map(|l| Opt { value: l.code().into(), label: l.label().into(), selected: l.code() == level })
            .collect(),
        types: TaskType::ALL
            .iter()
            .map(|l| Opt { value: l.code().into(), label: l.label().into(), selected: l.code() == kind })
            .collect(),
        methods_opt: Method::ALL
            .iter()
            .map(|l| Opt { value: l.code().into(), label: l.label().into(), selected: l.code() == method })
            .collect(),
    };
    let mut r = no_store(t.render()?);
    if error.is_some() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

pub async fn new_form(staff: Staff) -> Result<Response, WebError> {
    require_manage(&staff, None)?;
    form_page(&staff, FormValues::default(), "cap_tinh", "de_tai", "tuyen_chon", None)
}

pub async fn create(State(state): State<AppState>, staff: Staff, body: Bytes) -> Result<Response, WebError> {
    require_manage(&staff, None)?;
    let p = pairs(&body)?;
    staff.check_csrf(&get(&p, "csrf"))?;
    let f = FormValues {
        code: get(&p, "code"),
        title: get(&p, "title"),
        field: get(&p, "field"),
        programme: get(&p, "programme"),
        lead_org: get(&p, "lead_org"),
        investigator: get(&p, "investigator"),
        members: get(&p, "members"),
        start: get(&p, "start"),
        end: get(&p, "end"),
        budget: get(&p, "budget"),
        state: get(&p, "state"),
        objectives: get(&p, "objectives"),
        content: get(&p, "content"),
        methods: get(&p, "methods"),
        expected: get(&p, "expected"),
    };
    let (level_s, kind_s, method_s) = (get(&p, "level"), get(&p, "type"), get(&p, "method"));
    let start = if f.start.is_empty() {
        Ok(None)
    } else {
        date(&f.start).map(Some).ok_or("Ngày bắt đầu không hợp lệ (dd/mm/yyyy).")
    };
    let end = if f.end.is_empty() {
        Ok(None)
    } else {
        date(&f.end).map(Some).ok_or("Ngày kết thúc không hợp lệ (dd/mm/yyyy).")
    };
    let error = if f.code.is_empty() || f.title.is_empty() || f.lead_org.is_empty() || f.investigator.is_empty() {
        Some("Cần ghi mã số, tên nhiệm vụ, tổ chức chủ trì và chủ nhiệm.".to_string())
    } else if Level::parse(&level_s).is_none()
        || TaskType::parse(&kind_s).is_none()
        || Method::parse(&method_s).is_none()
    {
        Some("Cấp, loại hoặc phương thức không hợp lệ.".into())
    } else if let Err(e) = start.and(end) {
        Some(e.into())
    } else if money(&f.budget).is_none() || money(&f.state).is_none() {
        Some("Kinh phí phải là số đồng, ví dụ 1.500.000.000.".into())
    } else if money(&f.state) > money(&f.budget) {
        Some("Phần ngân sách nhà nước không được lớn hơn tổng kinh phí.".into())
    } else {
        None
    };
    let (start, end) = (date(&f.start), date(&f.end));
    let error = error.or_else(|| {
        dost_store::tasks::check_dates(start, end).err().map(|e| e.to_string().replace("invalid data: ", ""))
    });
    if let Some(e) = error {
        return form_page(&staff, f, &level_s, &kind_s, &method_s, Some(e));
    }
    let new = NewTask {
        code: f.code.clone(),
        title: f.title.clone(),
        level: Level::parse(&level_s).unwrap_or(Level::Provincial),
        task_type: TaskType::parse(&kind_s).unwrap_or(TaskType::Research),
        field: f.field.clone(),
        programme: f.programme.clone(),
        method: Method::parse(&method_s).unwrap_or(Method::Selection),
        lead_org: f.lead_org.clone(),
        investigator: f.investigator.clone(),
        members: f.members.lines().map(|m| m.trim().to_string()).filter(|m| !m.is_empty()).collect(),
        unit_id: staff.user.unit_id,
        start_date: start,
        end_date: end,
        budget_total: money(&f.budget).unwrap_or(0),
        budget_state: money(&f.state).unwrap_or(0),
        budget_lump_sum: 0,
        budget_years: Vec::new(),
        objectives: f.objectives.clone(),
        content: f.content.clone(),
        methods: f.methods.clone(),
        expected_results: f.expected.clone(),
        products: String::new(),
        approved_year: None,
    };
    let mut tx = state.begin(&staff.actor()).await?;
    match dost_store::tasks::create(&mut tx, &new).await? {
        Some(id) => {
            state.commit(tx).await?;
            Ok(Redirect::to(&format!("/quan-tri/nhiem-vu/{id}?tb=da-luu")).into_response())
        }
        None => {
            let code = f.code.clone();
            form_page(
                &staff,
                f,
                &level_s,
                &kind_s,
                &method_s,
                Some(format!("Mã số «{code}» đã có nhiệm vụ khác dùng.")),
            )
        }
    }
}

// ---------- one task ----------

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
    pub voters: Vec<(i64, String)>,
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
    /// (number, due, planned, paid, paid on, id)
    pub instalments: Vec<(usize, String, String, String, String, i64)>,
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
    next_stage: Option<&'static str>,
    next_is_recognition: bool,
    running: bool,
    doc_kinds: Vec<Opt>,
    council_kinds: Vec<Opt>,
    member_roles: Vec<Opt>,
    people: Vec<Opt>,
    seat_slots: Vec<usize>,
    documents: Vec<Opt>,
}

async fn load(state: &AppState, id: &str) -> Result<Task, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    dost_store::tasks::get(&state.db, id).await?.ok_or(WebError::NotFound)
}

async fn task_page(
    state: &AppState,
    staff: &Staff,
    task: &Task,
    error: Option<String>,
    flash_code: Option<&str>,
) -> Result<Response, WebError> {
    let id = task.row.id;
    let events = dost_store::tasks::events(&state.db, id)
        .await?
        .into_iter()
        .map(|e| EventView {
            file: e.doc_file.map(|f| format!("/tep/{f}")),
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
    let can_manage = may_manage(staff, Some(task));
    let councils = dost_store::tasks::councils(&state.db, id)
        .await?
        .into_iter()
        .map(|c| CouncilView {
            id: c.id,
            kind: c.kind.label(),
            decision: c.decision_number.clone(),
            date: c.meeting_date.map(format::date).unwrap_or_default(),
            result: Rating::parse(&c.result).map(|r| r.label().to_string()).unwrap_or_default(),
            members: c
                .members
                .iter()
                .map(|(n, r, v)| {
                    format!(
                        "{n} ({}){}",
                        r.label(),
                        Rating::parse(v).map(|x| format!(": {}", x.label())).unwrap_or_default()
                    )
                })
                .collect(),
            can_vote: can_manage && c.kind == CouncilKind::Acceptance && c.result.is_empty(),
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
        .map(|(d, kind, status, findings)| {
            format!(
                "{} — {} ({}){}",
                format::date(d),
                if kind == "thanh_tra" { "Thanh tra" } else { "Kiểm tra" },
                if status == "ke_hoach" { "theo kế hoạch" } else { "đã thực hiện" },
                if findings.is_empty() { String::new() } else { format!(": {findings}") }
            )
        })
        .collect();
    let people = dost_store::tasks::people(&state.db)
        .await?
        .into_iter()
        .map(|(pid, name, _, org)| Opt { value: pid.to_string(), label: format!("{name} – {org}"), selected: false })
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
    let mut page = StaffPage::new(staff, format!("Nhiệm vụ {}", r.code), "/quan-tri/nhiem-vu");
    page.flash = flash(flash_code);
    let contract = dost_store::tasks::contract(&state.db, id).await?.map(|c| ContractView {
        number: c.number.clone(),
        signed: format::date(c.signed_on),
        value: format::money(c.value),
        paid: format::money(c.instalments.iter().map(|i| i.3).sum()),
        settled: c.settled_on.map(format::date).unwrap_or_default(),
        instalments: c
            .instalments
            .iter()
            .enumerate()
            .map(|(n, (iid, due, planned, paid, on))| {
                (
                    n + 1,
                    format::date(*due),
                    format::money(*planned),
                    format::money(*paid),
                    on.map(format::date).unwrap_or_default(),
                    *iid,
                )
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
        next_stage: r.stage.next().map(Stage::label),
        next_is_recognition: r.stage.next() == Some(Stage::Recognized),
        running: r.stage.is_running(),
        doc_kinds: DocKind::ALL
            .iter()
            .map(|d| Opt { value: d.code().into(), label: d.label().into(), selected: false })
            .collect(),
        council_kinds: CouncilKind::ALL
            .iter()
            .map(|d| Opt { value: d.code().into(), label: d.label().into(), selected: false })
            .collect(),
        member_roles: MemberRole::ALL
            .iter()
            .map(|d| Opt { value: d.code().into(), label: d.label().into(), selected: false })
            .collect(),
        people,
        seat_slots: (1..=9).collect(),
        documents: dost_store::media::list(&state.db, "tai-lieu", 200, 0)
            .await?
            .into_iter()
            .map(|m| Opt { value: m.file_path, label: m.original_name, selected: false })
            .collect(),
    };
    let mut resp = no_store(tpl.render()?);
    if error.is_some() {
        *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(resp)
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    require_see(&staff)?;
    let q = parse_query(raw.as_deref())?;
    let task = load(&state, &id).await?;
    task_page(&state, &staff, &task, None, q.get("tb").map(String::as_str)).await
}

/// Records the next step, or an event while the task runs.
pub async fn record(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let p = pairs(&body)?;
    staff.check_csrf(&get(&p, "csrf"))?;
    let task = load(&state, &id).await?;
    require_manage(&staff, Some(&task))?;
    let kind =
        EventKind::parse(&get(&p, "kind")).ok_or_else(|| WebError::BadRequest("Loại sự kiện không hợp lệ.".into()))?;
    let (Some(on), Some(doc_date)) = (date(&get(&p, "date")), date(&get(&p, "doc_date"))) else {
        return task_page(&state, &staff, &task, Some("Ngày và ngày văn bản phải theo dạng dd/mm/yyyy.".into()), None)
            .await;
    };
    let doc_kind = DocKind::parse(&get(&p, "doc_kind")).unwrap_or(DocKind::Decision);
    let evidence =
        Evidence { kind: doc_kind, number: get(&p, "doc_number"), date: doc_date, signer: get(&p, "doc_signer") };
    let to = match rules::record(task.row.stage, kind, None, &evidence, on) {
        Ok(s) => s,
        Err(e) => return task_page(&state, &staff, &task, Some(e.to_string()), None).await,
    };
    let new_end = date(&get(&p, "new_end"));
    if kind == EventKind::Extend {
        let current = task.extended_end.or(task.planned_end);
        if new_end.is_none() || current.is_some_and(|c| new_end.is_some_and(|n| n <= c)) {
            return task_page(&state, &staff, &task, Some(rules::TaskError::BadExtension.to_string()), None).await;
        }
    }
    let result = get(&p, "result");
    let doc_file = get(&p, "doc_file");
    let documents = dost_store::media::list(&state.db, "tai-lieu", 500, 0).await?;
    if !doc_file.is_empty() && !documents.iter().any(|m| m.file_path == doc_file) {
        return task_page(&state, &staff, &task, Some("Tệp văn bản phải chọn từ thư viện tệp.".into()), None).await;
    }
    let e = NewEvent {
        kind,
        to,
        date: on,
        doc_kind: doc_kind.code(),
        doc_number: &evidence.number,
        doc_date,
        doc_signer: &evidence.signer,
        note: &get(&p, "note"),
        extended_end: if kind == EventKind::Extend { new_end } else { None },
        result_summary: (to == Stage::Recognized && !result.is_empty()).then_some(result.as_str()),
        doc_file: (!doc_file.is_empty()).then_some(doc_file.as_str()),
    };
    let mut tx = state.begin(&staff.actor()).await?;
    if !dost_store::tasks::record(&mut tx, task.row.id, task.row.stage, &e).await? {
        return Err(WebError::BadRequest("Nhiệm vụ vừa được người khác ghi bước mới; hãy tải lại trang.".into()));
    }
    if to == Stage::OfficialAcceptance {
        dost_store::tasks::close_deadlines(&mut tx, task.row.id, "ket_thuc_hop_dong", on).await?;
    }
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/nhiem-vu/{}?tb=da-luu", task.row.id)).into_response())
}

/// Sets up a council after checking its size, roles and conflicts of interest.
pub async fn council(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let p = pairs(&body)?;
    staff.check_csrf(&get(&p, "csrf"))?;
    let task = load(&state, &id).await?;
    require_manage(&staff, Some(&task))?;
    let kind = CouncilKind::parse(&get(&p, "kind"))
        .ok_or_else(|| WebError::BadRequest("Loại hội đồng không hợp lệ.".into()))?;
    let decision = get(&p, "decision");
    let meeting = match get(&p, "date").as_str() {
        "" => None,
        s => match date(s) {
            Some(d) => Some(d),
            None => {
                return task_page(&state, &staff, &task, Some("Ngày họp phải theo dạng dd/mm/yyyy.".into()), None)
                    .await;
            }
        },
    };
    let people = dost_store::tasks::people(&state.db).await?;
    let mut seats = Vec::new();
    for i in 1..=9 {
        let pid = get(&p, &format!("person-{i}"));
        if pid.is_empty() {
            continue;
        }
        let Some((person_id, name, org, _)) = pid.parse::<i64>().ok().and_then(|x| people.iter().find(|p| p.0 == x))
        else {
            return Err(WebError::BadRequest("Người được chọn không có trong danh sách.".into()));
        };
        let role = MemberRole::parse(&get(&p, &format!("role-{i}"))).unwrap_or(MemberRole::Member);
        seats.push(Seat { person_id: *person_id, name: name.clone(), role, organisation_id: *org });
    }
    let parties = TaskParties {
        investigator_id: task.investigator_id,
        participant_ids: task.members.iter().map(|m| m.0).collect(),
        lead_org_id: task.lead_org_id,
    };
    let problems = rules::check_council(kind, &seats, &parties);
    if decision.is_empty() || !problems.is_empty() {
        let mut msgs: Vec<String> = problems.iter().map(|e| e.to_string()).collect();
        if decision.is_empty() {
            msgs.insert(0, "Cần ghi số quyết định thành lập hội đồng.".into());
        }
        return task_page(&state, &staff, &task, Some(format!("Hội đồng chưa được lập: {}", msgs.join(" "))), None)
            .await;
    }
    let seat_ids: Vec<(i64, MemberRole)> = seats.iter().map(|s| (s.person_id, s.role)).collect();
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::tasks::create_council(&mut tx, task.row.id, kind, &decision, meeting, &seat_ids).await?;
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/nhiem-vu/{}?tb=da-luu", task.row.id)).into_response())
}

/// Records the acceptance council's votes and its conclusion by the rule.
pub async fn votes(
    State(state): State<AppState>,
    staff: Staff,
    VnPath((id, council)): VnPath<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let p = pairs(&body)?;
    staff.check_csrf(&get(&p, "csrf"))?;
    let task = load(&state, &id).await?;
    require_manage(&staff, Some(&task))?;
    let council: i64 = council.parse().map_err(|_| WebError::NotFound)?;
    let voters = dost_store::tasks::council_voters(&state.db, council).await?;
    if voters.is_empty() || !dost_store::tasks::council_of_task(&state.db, council, task.row.id).await? {
        return Err(WebError::NotFound);
    }
    let mut votes = Vec::new();
    for (pid, _) in &voters {
        let v = Rating::parse(&get(&p, &format!("vote-{pid}"))).ok_or_else(|| {
            WebError::BadRequest("Mỗi thành viên cần một phiếu: Xuất sắc, Đạt hoặc Không đạt.".into())
        })?;
        votes.push((*pid, v));
    }
    let result = rules::acceptance_result(&votes.iter().map(|v| v.1).collect::<Vec<_>>());
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::tasks::set_votes(&mut tx, council, &votes, result).await?;
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/nhiem-vu/{}?tb=da-luu", task.row.id)).into_response())
}

// ---------- deadlines ----------

pub struct DueView {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub kind: &'static str,
    pub due: String,
    pub person: String,
    pub state: String,
}

pub struct Group {
    pub name: String,
    pub items: Vec<DueView>,
}

#[derive(Template)]
#[template(path = "staff/overdue.html")]
struct OverdueTemplate {
    page: StaffPage,
    until: String,
    groups: Vec<Group>,
}

pub fn deadline_label(kind: &str) -> &'static str {
    match kind {
        "ket_thuc_hop_dong" => "Kết thúc hợp đồng, nộp hồ sơ nghiệm thu",
        "bao_cao_dinh_ky" => "Nộp báo cáo định kỳ",
        "nghiem_thu" => "Nghiệm thu",
        _ => "Hạn khác",
    }
}

/// Deadlines passed or due in the next 30 days, by unit (or by person with `?theo=nguoi`).
pub async fn overdue(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    require_see(&staff)?;
    let by_person = parse_query(raw.as_deref())?.get("theo").map(String::as_str) == Some("nguoi");
    let today = format::vn_date(state.clock.now());
    let until = today + chrono::Duration::days(30);
    let mut groups: BTreeMap<String, Vec<DueView>> = BTreeMap::new();
    for d in dost_store::tasks::open_deadlines(&state.db, until).await? {
        let left = rules::days_left(d.due_on, today);
        let state_text = if left < 0 { format!("Quá hạn {} ngày", -left) } else { format!("Còn {left} ngày") };
        let key = if by_person {
            if d.investigator.is_empty() { "Chưa có chủ nhiệm".into() } else { d.investigator.clone() }
        } else if d.unit.is_empty() {
            "Chưa giao đơn vị".into()
        } else {
            d.unit.clone()
        };
        groups.entry(key).or_default().push(DueView {
            id: d.task_id,
            kind: deadline_label(&d.kind),
            due: format::date(d.due_on),
            code: d.code,
            title: d.title,
            person: d.investigator,
            state: state_text,
        });
    }
    let t = OverdueTemplate {
        page: StaffPage::new(&staff, "Hạn của nhiệm vụ", "/quan-tri/nhiem-vu"),
        until: format::date(until),
        groups: groups.into_iter().map(|(name, items)| Group { name, items }).collect(),
    };
    let _ = today.year();
    Ok(no_store(t.render()?))
}

// ---------- export ----------

fn export_rows(rows: &[dost_store::tasks::Row]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            vec![
                r.code.clone(),
                r.title.clone(),
                r.level.label().to_string(),
                r.field.clone(),
                r.lead_org.clone(),
                r.investigator.clone(),
                r.start_date.map(format::date).unwrap_or_default(),
                r.end_date.map(format::date).unwrap_or_default(),
                r.stage.label().to_string(),
            ]
        })
        .collect()
}

const EXPORT_HEADER: [&str; 9] = [
    "Mã số",
    "Tên nhiệm vụ",
    "Cấp",
    "Lĩnh vực",
    "Tổ chức chủ trì",
    "Chủ nhiệm",
    "Bắt đầu",
    "Kết thúc",
    "Bước hiện tại",
];

async fn filtered(state: &AppState, raw: Option<&str>) -> Result<Vec<dost_store::tasks::Row>, WebError> {
    let q = parse_query(raw)?;
    let text = q.get("q").cloned().unwrap_or_default();
    let level = q.get("cap").cloned().unwrap_or_default();
    let stages = match q.get("buoc").map(String::as_str) {
        None | Some("") => vec![],
        Some(s) => vec![Stage::parse(s).ok_or_else(|| WebError::BadRequest("Bước không hợp lệ.".into()))?],
    };
    let like = if text.trim().is_empty() {
        String::new()
    } else {
        format!("%{}%", fold(text.trim()).replace(['%', '_', '\\'], ""))
    };
    Ok(dost_store::tasks::list(&state.db, &Filter { level, stages, like, ..Default::default() }).await?)
}

/// The filtered list as XLSX.
pub async fn export_xlsx(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    require_see(&staff)?;
    use dost_export::xlsx::{Cell, Sheet, workbook};
    let rows = filtered(&state, raw.as_deref()).await?;
    let widths = [16.0, 60.0, 22.0, 22.0, 40.0, 28.0, 12.0, 12.0, 24.0];
    let columns: Vec<(&str, f64)> = EXPORT_HEADER.iter().copied().zip(widths).collect();
    let bytes = workbook(&[Sheet {
        name: "Nhiệm vụ",
        title: "Danh sách nhiệm vụ KH&CN",
        columns: &columns,
        rows: export_rows(&rows).into_iter().map(|r| r.into_iter().map(Cell::Text).collect()).collect(),
    }])
    .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(download(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "nhiem-vu-khcn.xlsx"))
}

/// The filtered list as CSV (UTF-8 with BOM, for Excel).
pub async fn export_csv(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    require_see(&staff)?;
    let rows = filtered(&state, raw.as_deref()).await?;
    Ok(download(
        dost_export::csv::write(&EXPORT_HEADER, &export_rows(&rows)),
        "text/csv; charset=utf-8",
        "nhiem-vu-khcn.csv",
    ))
}

/// Contract, instalments, settlement and checks of a task (one form each).
pub async fn money_and_checks(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let p = pairs(&body)?;
    staff.check_csrf(&get(&p, "csrf"))?;
    let task = load(&state, &id).await?;
    require_manage(&staff, Some(&task))?;
    let Some(on) = date(&get(&p, "date")) else {
        return task_page(&state, &staff, &task, Some("Ngày phải theo dạng dd/mm/yyyy.".into()), None).await;
    };
    let amount = money(&get(&p, "amount"));
    let tid = task.row.id;
    let mut tx = state.begin(&staff.actor()).await?;
    let error = match get(&p, "action").as_str() {
        "hop_dong" => match (get(&p, "number"), amount) {
            (n, _) if n.is_empty() => Some("Cần ghi số hợp đồng.".to_string()),
            (_, None) | (_, Some(0)) => Some("Giá trị hợp đồng phải là số đồng lớn hơn 0.".into()),
            (n, Some(v)) => {
                dost_store::tasks::save_contract(&mut tx, tid, &n, on, v).await?;
                None
            }
        },
        "dot_cap" => match amount {
            None | Some(0) => Some("Số tiền phải là số đồng lớn hơn 0.".into()),
            Some(v) => (!dost_store::tasks::add_instalment(&mut tx, tid, on, v).await?)
                .then(|| "Hãy ghi hợp đồng trước khi thêm đợt cấp kinh phí.".to_string()),
        },
        "tra" => {
            let which: i64 = get(&p, "instalment").parse().unwrap_or(0);
            match amount {
                None => Some("Số tiền phải là số đồng.".into()),
                Some(v) => (!dost_store::tasks::pay_instalment(&mut tx, tid, which, v, on).await?)
                    .then(|| "Không có đợt cấp này.".to_string()),
            }
        }
        "thanh_ly" => (!dost_store::tasks::settle_contract(&mut tx, tid, on).await?)
            .then(|| "Nhiệm vụ chưa có hợp đồng để thanh lý.".to_string()),
        "han" => {
            let kind = get(&p, "kind");
            if !matches!(kind.as_str(), "bao_cao_dinh_ky" | "ket_thuc_hop_dong" | "nghiem_thu") {
                Some("Loại hạn không hợp lệ.".into())
            } else {
                dost_store::tasks::add_deadline(&mut tx, tid, &kind, on, &get(&p, "note")).await?;
                None
            }
        }
        "kiem_tra" => {
            let kind = get(&p, "kind");
            let status = get(&p, "status");
            if !matches!(kind.as_str(), "kiem_tra" | "thanh_tra")
                || !matches!(status.as_str(), "ke_hoach" | "da_thuc_hien")
            {
                Some("Hình thức hoặc tình trạng kiểm tra không hợp lệ.".into())
            } else {
                dost_store::tasks::add_inspection(&mut tx, tid, on, (&kind, &status), &get(&p, "findings")).await?;
                None
            }
        }
        _ => Some("Thao tác không hợp lệ.".into()),
    };
    match error {
        Some(e) => {
            drop(tx);
            task_page(&state, &staff, &task, Some(e), None).await
        }
        None => {
            state.commit(tx).await?;
            Ok(Redirect::to(&format!("/quan-tri/nhiem-vu/{tid}?tb=da-luu")).into_response())
        }
    }
}

// ---------- import ----------

pub struct ImportResult {
    pub summary: String,
    pub errors: Vec<(usize, &'static str, String)>,
    pub imported: usize,
}

#[derive(Template)]
#[template(path = "staff/task_import.html")]
struct ImportTemplate {
    page: StaffPage,
    form_error: Option<String>,
    result: Option<ImportResult>,
}

fn import_page(
    staff: &Staff,
    form_error: Option<String>,
    result: Option<ImportResult>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t =
        ImportTemplate { page: StaffPage::new(staff, "Nhập nhiệm vụ", "/quan-tri/nhiem-vu"), form_error, result };
    let mut r = no_store(t.render()?);
    *r.status_mut() = status;
    Ok(r)
}

pub async fn import_form(staff: Staff) -> Result<Response, WebError> {
    require_manage(&staff, None)?;
    import_page(&staff, None, None, StatusCode::OK)
}

pub async fn import_template(staff: Staff) -> Result<Response, WebError> {
    require_see(&staff)?;
    Ok(download(
        crate::import::template()?,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "mau-nhap-nhiem-vu.xlsx",
    ))
}

pub async fn import(
    State(state): State<AppState>,
    staff: Staff,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, WebError> {
    require_manage(&staff, None)?;
    let (mut csrf, mut only_valid, mut file) = (String::new(), false, Vec::new());
    let bad = |_| WebError::BadRequest("Không đọc được dữ liệu tải lên.".into());
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.map_err(bad)?,
            "only_valid" => only_valid = field.text().await.map_err(bad)? == "1",
            "file" => file = field.bytes().await.map_err(bad)?.to_vec(),
            _ => {}
        }
    }
    staff.check_csrf(&csrf)?;
    if file.is_empty() {
        return import_page(&staff, Some("Hãy chọn tệp XLSX.".into()), None, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let out = match crate::import::run(
        &state.db,
        &file,
        staff.user.unit_id,
        only_valid,
        &staff.actor(),
        state.clock.now(),
        |_, _| {},
    )
    .await
    {
        Ok(o) => o,
        Err(WebError::BadRequest(m)) => return import_page(&staff, Some(m), None, StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => return Err(e),
    };
    if out.imported > 0 {
        state.refresh().await?;
    }
    let summary = if out.imported == out.rows {
        format!("Đã nhập {} nhiệm vụ.", format::int(out.imported as i64))
    } else if out.imported > 0 {
        format!(
            "Đã nhập {} trên {} dòng; các dòng lỗi dưới đây chưa được nhập.",
            format::int(out.imported as i64),
            format::int(out.rows as i64)
        )
    } else {
        format!(
            "Chưa nhập dòng nào: {} trên {} dòng có lỗi. Hãy sửa rồi tải lên lại, hoặc chọn nhập các dòng hợp lệ.",
            format::int((out.rows - out.valid) as i64),
            format::int(out.rows as i64)
        )
    };
    let status = if out.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let result = ImportResult {
        summary,
        imported: out.imported,
        errors: out.errors.into_iter().map(|e| (e.row, e.column, e.message)).collect(),
    };
    import_page(&staff, None, Some(result), status)
}

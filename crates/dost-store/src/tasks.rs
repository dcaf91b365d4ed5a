//! The S&T task register.

use chrono::NaiveDate;
use dost_domain::tasks::{CouncilKind, DeadlineKind, EventKind, Level, MemberRole, Method, Rating, Stage, TaskType};
use dost_domain::text::{fold, nfc};

use crate::db::on_pool;
use crate::row::row;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result, StoreError};

/// Finds or creates an organisation by name (inside the change that needs it).
pub async fn organisation(tx: &mut Tx, name: &str) -> Result<i64> {
    let name = nfc(name.trim());
    let (id, created) = on_tx!(tx, c => {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM organisations WHERE name = $1")
            .bind(&name).fetch_optional(&mut *c).await?;
        match found {
            Some(id) => (id, false),
            None => (sqlx::query_scalar("INSERT INTO organisations (name) VALUES ($1) RETURNING id")
                .bind(&name).fetch_one(&mut *c).await?, true),
        }
    });
    if created {
        tx.audit(Change::new("create", "organisation", Some(id), name));
    }
    Ok(id)
}

/// Finds or creates a person ("ThS. Nông Thị Hà" → title "ThS.", name "Nông Thị Hà") of an organisation.
pub async fn person(tx: &mut Tx, written: &str, organisation_id: Option<i64>) -> Result<i64> {
    let written = nfc(written.trim());
    let (title, name) = split_title(&written);
    let (id, created) = on_tx!(tx, c => {
        let existing: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM people WHERE full_name = $1 AND (organisation_id = $2 OR ($2 IS NULL AND organisation_id IS NULL))"
        ).bind(&name).bind(organisation_id).fetch_optional(&mut *c).await?;
        match existing {
            Some(id) => (id, false),
            None => (sqlx::query_scalar("INSERT INTO people (full_name, title, organisation_id) VALUES ($1, $2, $3) RETURNING id")
                .bind(&name).bind(&title).bind(organisation_id).fetch_one(&mut *c).await?, true),
        }
    });
    if created {
        tx.audit(Change::new("create", "person", Some(id), written));
    }
    Ok(id)
}

/// Splits academic titles off a written name.
pub fn split_title(written: &str) -> (String, String) {
    let mut title = Vec::new();
    let mut rest = written.trim();
    while let Some((word, tail)) = rest.split_once(' ') {
        if word.ends_with('.') && word.len() <= 8 {
            title.push(word);
            rest = tail.trim_start();
        } else {
            break;
        }
    }
    (title.join(" "), rest.to_string())
}

pub struct NewTask {
    pub code: String,
    pub title: String,
    pub level: Level,
    pub task_type: TaskType,
    pub field: String,
    pub programme: String,
    pub method: Method,
    pub lead_org: String,
    pub investigator: String,
    pub members: Vec<String>,
    pub unit_id: Option<i64>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub budget_total: i64,
    pub budget_state: i64,
    pub budget_lump_sum: i64,
    pub budget_years: Vec<(i64, i64)>,
    pub objectives: String,
    pub content: String,
    pub methods: String,
    pub expected_results: String,
    pub products: String,
    pub approved_year: Option<i64>,
}

impl NewTask {
    /// A checked task (from the form or the import), managed by `unit_id`.
    pub fn from_input(t: dost_domain::task_input::TaskInput, unit_id: Option<i64>) -> Self {
        Self {
            code: t.code,
            title: t.title,
            level: t.level,
            task_type: t.task_type,
            field: t.field,
            programme: t.programme,
            method: t.method,
            lead_org: t.lead_org,
            investigator: t.investigator,
            members: t.members,
            unit_id,
            start_date: t.start,
            end_date: t.end,
            budget_total: t.budget_total,
            budget_state: t.budget_state,
            budget_lump_sum: 0,
            budget_years: Vec::new(),
            objectives: t.objectives,
            content: t.content,
            methods: t.methods,
            expected_results: t.expected,
            products: String::new(),
            approved_year: None,
        }
    }
}

fn search_text(t: &NewTask) -> String {
    fold(&format!("{} {} {} {} {} {}", t.code, t.title, t.lead_org, t.investigator, t.field, t.objectives))
}

/// Records a new task at the proposal stage, with its organisation and
/// people, in the caller's change. A taken code is `Ok(None)`.
pub async fn create(tx: &mut Tx, t: &NewTask) -> Result<Option<i64>> {
    let taken: i64 = on_tx!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM tasks WHERE code = $1")
        .bind(nfc(t.code.trim())).fetch_one(&mut *c).await?);
    if taken > 0 {
        return Ok(None);
    }
    let lead = organisation(tx, &t.lead_org).await?;
    let investigator = person(tx, &t.investigator, Some(lead)).await?;
    let mut members = Vec::new();
    for m in t.members.iter().filter(|m| !m.trim().is_empty()) {
        members.push(person(tx, m, Some(lead)).await?);
    }
    let sql = "INSERT INTO tasks (code, title, level, task_type, field, programme, method, lead_org_id, investigator_id, unit_id, \
               start_date, end_date, budget_total, budget_state, budget_other, budget_lump_sum, objectives, content, methods, \
               expected_results, products, approved_year, search_text, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $24) \
               RETURNING id";
    let now = tx.now();
    let id = on_tx!(tx, c => {
        let id: i64 = sqlx::query_scalar(sql)
            .bind(nfc(t.code.trim())).bind(nfc(t.title.trim())).bind(t.level.code()).bind(t.task_type.code())
            .bind(nfc(t.field.trim())).bind(nfc(t.programme.trim())).bind(t.method.code()).bind(lead).bind(investigator)
            .bind(t.unit_id).bind(t.start_date).bind(t.end_date).bind(t.budget_total).bind(t.budget_state)
            .bind(t.budget_total - t.budget_state).bind(t.budget_lump_sum).bind(nfc(&t.objectives)).bind(nfc(&t.content))
            .bind(nfc(&t.methods)).bind(nfc(&t.expected_results)).bind(nfc(&t.products)).bind(t.approved_year)
            .bind(search_text(t)).bind(now)
            .fetch_one(&mut *c).await?;
        sqlx::query("INSERT INTO task_members (task_id, person_id, role) VALUES ($1, $2, 'chu_nhiem')")
            .bind(id).bind(investigator).execute(&mut *c).await?;
        for m in &members {
            sqlx::query("INSERT INTO task_members (task_id, person_id, role) VALUES ($1, $2, 'thanh_vien') ON CONFLICT DO NOTHING")
                .bind(id).bind(m).execute(&mut *c).await?;
        }
        for (year, amount) in &t.budget_years {
            sqlx::query("INSERT INTO task_budget_years (task_id, year, amount) VALUES ($1, $2, $3)")
                .bind(id).bind(year).bind(amount).execute(&mut *c).await?;
        }
        id
    });
    let after =
        serde_json::json!({"code": t.code, "title": t.title, "level": t.level.code(), "budget_total": t.budget_total});
    tx.audit(Change::new("create", "task", Some(id), t.title.clone()).after(after.to_string()));
    tx.touches_portal();
    Ok(Some(id))
}

/// A row of a task list.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub level: Level,
    pub field: String,
    pub lead_org: String,
    pub investigator: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub stage: Stage,
    /// The code of the unit that manages the task (empty when none).
    pub unit_code: String,
}

/// Filters of task lists; empty / zero / None mean "any".
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub level: String,
    pub field: String,
    /// Tasks under way at some point of this year.
    pub year: i64,
    pub stages: Vec<Stage>,
    pub lead_org_id: i64,
    /// A `LIKE` pattern over the folded text.
    pub like: String,
}

macro_rules! row_select {
    () => {
        "SELECT t.id, t.code, t.title, t.level, t.field, COALESCE(o.name, ''), COALESCE(p.title || ' ' || p.full_name, ''), \
         t.start_date, COALESCE(t.extended_end_date, t.end_date), t.stage, COALESCE(un.code, '') \
         FROM tasks t LEFT JOIN organisations o ON o.id = t.lead_org_id LEFT JOIN people p ON p.id = t.investigator_id \
         LEFT JOIN units un ON un.id = t.unit_id "
    };
}

type RowTuple =
    (i64, String, String, String, String, String, String, Option<NaiveDate>, Option<NaiveDate>, String, String);

fn row(
    (id, code, title, level, field, lead_org, investigator, start_date, end_date, stage, unit_code): RowTuple,
) -> Row {
    Row {
        id,
        code,
        title,
        level: Level::parse(&level).unwrap_or(Level::Provincial),
        field,
        lead_org,
        investigator: investigator.trim().to_string(),
        start_date,
        end_date,
        stage: Stage::parse(&stage).unwrap_or(Stage::Proposed),
        unit_code,
    }
}

/// Tasks matching a filter (stage filtering is done here, in Rust, on the
/// loaded rows: the register of a province holds hundreds of tasks, not millions).
pub async fn list(db: &Db, f: &Filter) -> Result<Vec<Row>> {
    let sql = concat!(
        row_select!(),
        "WHERE ($1 = '' OR t.level = $1) AND ($2 = '' OR t.field = $2) AND ($3 = 0 OR t.lead_org_id = $3) \
         AND ($4 = '' OR t.search_text LIKE $4 ESCAPE '\\') ORDER BY t.start_date DESC, t.code"
    );
    let rows: Vec<RowTuple> = on_pool!(db, p => sqlx::query_as(sql)
        .bind(&f.level).bind(&f.field).bind(f.lead_org_id).bind(&f.like).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(row)
        .filter(|r| f.stages.is_empty() || f.stages.contains(&r.stage))
        .filter(|r| {
            use chrono::Datelike;
            f.year == 0
                || (r.start_date.is_some_and(|s| i64::from(s.year()) <= f.year)
                    && r.end_date.is_none_or(|e| i64::from(e.year()) >= f.year))
        })
        .collect())
}

/// Everything about one task.
#[derive(Debug, Clone)]
pub struct Task {
    pub row: Row,
    pub task_type: TaskType,
    pub programme: String,
    pub method: Method,
    pub lead_org_id: Option<i64>,
    pub investigator_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub planned_end: Option<NaiveDate>,
    pub extended_end: Option<NaiveDate>,
    pub budget_total: i64,
    pub budget_state: i64,
    pub budget_other: i64,
    pub budget_lump_sum: i64,
    pub objectives: String,
    pub content: String,
    pub methods: String,
    pub expected_results: String,
    pub products: String,
    pub result_summary: String,
    pub acceptance_rating: String,
    pub approved_year: Option<i64>,
    pub members: Vec<(i64, String, String)>,
    pub version: i64,
}

pub async fn get(db: &Db, id: i64) -> Result<Option<Task>> {
    let r: Option<RowTuple> =
        on_pool!(db, p => sqlx::query_as(concat!(row_select!(), "WHERE t.id = $1")).bind(id).fetch_optional(p).await?);
    let Some(r) = r else { return Ok(None) };
    type More = (
        String,
        String,
        String,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<NaiveDate>,
        Option<NaiveDate>,
        i64,
        i64,
        i64,
        i64,
    );
    type Text = (String, String, String, String, String, String, String, Option<i64>, i64);
    let (more, text, members): (More, Text, Vec<(i64, String, String)>) = on_pool!(db, p => {
        let more = sqlx::query_as("SELECT task_type, programme, method, lead_org_id, investigator_id, unit_id, end_date, extended_end_date, \
                                   budget_total, budget_state, budget_other, budget_lump_sum FROM tasks WHERE id = $1")
            .bind(id).fetch_one(p).await?;
        let text = sqlx::query_as("SELECT objectives, content, methods, expected_results, products, result_summary, acceptance_rating, \
                                   approved_year, version FROM tasks WHERE id = $1")
            .bind(id).fetch_one(p).await?;
        let members = sqlx::query_as("SELECT p.id, TRIM(p.title || ' ' || p.full_name), m.role FROM task_members m JOIN people p ON p.id = m.person_id \
                                      WHERE m.task_id = $1 ORDER BY CASE m.role WHEN 'chu_nhiem' THEN 0 ELSE 1 END, p.full_name")
            .bind(id).fetch_all(p).await?;
        (more, text, members)
    });
    let (
        task_type,
        programme,
        method,
        lead_org_id,
        investigator_id,
        unit_id,
        planned_end,
        extended_end,
        bt,
        bs,
        bo,
        bl,
    ) = more;
    let (
        objectives,
        content,
        methods,
        expected_results,
        products,
        result_summary,
        acceptance_rating,
        approved_year,
        version,
    ) = text;
    Ok(Some(Task {
        row: row(r),
        task_type: TaskType::parse(&task_type).unwrap_or(TaskType::Research),
        programme,
        method: Method::parse(&method).unwrap_or(Method::Selection),
        lead_org_id,
        investigator_id,
        unit_id,
        planned_end,
        extended_end,
        budget_total: bt,
        budget_state: bs,
        budget_other: bo,
        budget_lump_sum: bl,
        objectives,
        content,
        methods,
        expected_results,
        products,
        result_summary,
        acceptance_rating,
        approved_year,
        members,
        version,
    }))
}

/// One step or event on a task's timeline.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: i64,
    pub kind: EventKind,
    pub from: Stage,
    pub to: Stage,
    pub date: NaiveDate,
    pub doc_kind: String,
    pub doc_number: String,
    pub doc_date: NaiveDate,
    pub doc_signer: String,
    pub note: String,
    pub recorded_by: String,
    /// The scanned document in the media library, if attached.
    pub doc_file: Option<String>,
}

pub struct NewEvent<'a> {
    pub kind: EventKind,
    pub to: Stage,
    pub date: NaiveDate,
    pub doc_kind: &'a str,
    pub doc_number: &'a str,
    pub doc_date: NaiveDate,
    pub doc_signer: &'a str,
    pub note: &'a str,
    /// New end date, for an extension.
    pub extended_end: Option<NaiveDate>,
    pub result_summary: Option<&'a str>,
    pub doc_file: Option<&'a str>,
}

/// Records an event if the task is still at `from` (else `Ok(false)`: someone
/// recorded another step meanwhile).
pub async fn record(tx: &mut Tx, task_id: i64, from: Stage, e: &NewEvent<'_>) -> Result<bool> {
    let (now, user_id) = (tx.now(), tx.actor().user_id);
    let moved = on_tx!(tx, c => {
        let n = sqlx::query("UPDATE tasks SET stage = $1, updated_at = $2, version = version + 1, \
                             extended_end_date = COALESCE($3, extended_end_date), result_summary = COALESCE($4, result_summary), \
                             approved_year = CASE WHEN $1 = 'phe_duyet_danh_muc' AND approved_year IS NULL THEN $5 ELSE approved_year END \
                             WHERE id = $6 AND stage = $7")
            .bind(e.to.code()).bind(now).bind(e.extended_end).bind(e.result_summary)
            .bind(i64::from(chrono::Datelike::year(&e.date))).bind(task_id).bind(from.code())
            .execute(&mut *c).await?.rows_affected();
        if n == 1 {
            sqlx::query("INSERT INTO task_events (task_id, kind, from_stage, to_stage, event_date, doc_kind, doc_number, doc_date, doc_signer, note, recorded_by, recorded_at, doc_file) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                .bind(task_id).bind(e.kind.code()).bind(from.code()).bind(e.to.code()).bind(e.date).bind(e.doc_kind)
                .bind(nfc(e.doc_number.trim())).bind(e.doc_date).bind(nfc(e.doc_signer.trim())).bind(nfc(e.note.trim()))
                .bind(user_id).bind(now).bind(e.doc_file)
                .execute(&mut *c).await?;
        }
        n == 1
    });
    if moved {
        let after = serde_json::json!({"kind": e.kind.code(), "to": e.to.code(), "date": e.date.to_string(), "doc": e.doc_number});
        let before = serde_json::json!({"stage": from.code()});
        tx.audit(
            Change::new(e.kind.code(), "task", Some(task_id), format!("{}: {}", e.kind.label(), e.to.label()))
                .before(before.to_string())
                .after(after.to_string()),
        );
        tx.touches_portal();
    }
    Ok(moved)
}

row! {
    struct EventRow {
        id: i64,
        kind: String,
        from_stage: String,
        to_stage: String,
        event_date: NaiveDate,
        doc_kind: String,
        doc_number: String,
        doc_date: NaiveDate,
        doc_signer: String,
        note: String,
        recorded_by: Option<String>,
        doc_file: Option<String>,
    }
}

/// A code read back from the database that the domain does not know: an
/// error, never a silent default.
fn known<T>(v: Option<T>, what: &str, code: &str) -> Result<T> {
    v.ok_or_else(|| StoreError::Invalid(format!("{what} lạ trong cơ sở dữ liệu: «{code}»")))
}

/// A task's timeline, oldest first.
pub async fn events(db: &Db, task_id: i64) -> Result<Vec<Event>> {
    let rows: Vec<EventRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT e.id, e.kind, e.from_stage, e.to_stage, e.event_date, e.doc_kind, e.doc_number, e.doc_date, e.doc_signer, \
         e.note, u.display_name AS recorded_by, e.doc_file \
         FROM task_events e LEFT JOIN users u ON u.id = e.recorded_by WHERE e.task_id = $1 ORDER BY e.event_date, e.id"
    ).bind(task_id).fetch_all(p).await?);
    rows.into_iter()
        .map(|r| {
            Ok(Event {
                id: r.id,
                kind: known(EventKind::parse(&r.kind), "loại sự kiện", &r.kind)?,
                from: known(Stage::parse(&r.from_stage), "bước", &r.from_stage)?,
                to: known(Stage::parse(&r.to_stage), "bước", &r.to_stage)?,
                date: r.event_date,
                doc_kind: r.doc_kind,
                doc_number: r.doc_number,
                doc_date: r.doc_date,
                doc_signer: r.doc_signer,
                note: r.note,
                recorded_by: r.recorded_by.unwrap_or_default(),
                doc_file: r.doc_file,
            })
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct Council {
    pub id: i64,
    pub kind: CouncilKind,
    pub decision_number: String,
    pub meeting_date: Option<NaiveDate>,
    pub result: String,
    pub members: Vec<(String, MemberRole, String)>,
}

/// Records a council (already checked by the domain rules).
pub async fn create_council(
    tx: &mut Tx,
    task_id: i64,
    kind: CouncilKind,
    decision_number: &str,
    meeting_date: Option<NaiveDate>,
    seats: &[(i64, MemberRole)],
) -> Result<i64> {
    let now = tx.now();
    let id = on_tx!(tx, c => {
        let id: i64 = sqlx::query_scalar("INSERT INTO councils (task_id, kind, decision_number, meeting_date, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(task_id).bind(kind.code()).bind(nfc(decision_number.trim())).bind(meeting_date).bind(now).fetch_one(&mut *c).await?;
        for (person, role) in seats {
            sqlx::query("INSERT INTO council_members (council_id, person_id, role) VALUES ($1, $2, $3)")
                .bind(id).bind(person).bind(role.code()).execute(&mut *c).await?;
        }
        id
    });
    let after = serde_json::json!({"task_id": task_id, "kind": kind.code(), "decision": decision_number, "members": seats.len()});
    tx.audit(Change::new("create", "council", Some(id), kind.label()).after(after.to_string()));
    Ok(id)
}

/// Records members' votes and the council's conclusion.
pub async fn set_votes(tx: &mut Tx, council_id: i64, votes: &[(i64, Rating)], result: Option<Rating>) -> Result<()> {
    let code = result.map(|r| r.code()).unwrap_or("");
    on_tx!(tx, c => {
        for (person, vote) in votes {
            sqlx::query("UPDATE council_members SET vote = $1 WHERE council_id = $2 AND person_id = $3")
                .bind(vote.code()).bind(council_id).bind(person).execute(&mut *c).await?;
        }
        sqlx::query("UPDATE councils SET result = $1 WHERE id = $2").bind(code).bind(council_id).execute(&mut *c).await?;
        sqlx::query("UPDATE tasks SET acceptance_rating = $1 WHERE id = (SELECT task_id FROM councils WHERE id = $2 AND kind = 'nghiem_thu')")
            .bind(code).bind(council_id).execute(&mut *c).await?;
    });
    let summary = format!("Kết quả: {}", result.map(|r| r.label()).unwrap_or("—"));
    tx.audit(Change::new("votes", "council", Some(council_id), summary));
    Ok(())
}

pub async fn councils(db: &Db, task_id: i64) -> Result<Vec<Council>> {
    let rows: Vec<(i64, String, String, Option<NaiveDate>, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, kind, decision_number, meeting_date, result FROM councils WHERE task_id = $1 ORDER BY meeting_date, id"
    ).bind(task_id).fetch_all(p).await?);
    let mut out = Vec::new();
    for (id, kind, decision_number, meeting_date, result) in rows {
        let members: Vec<(String, String, String)> = on_pool!(db, p => sqlx::query_as(
            "SELECT TRIM(p.title || ' ' || p.full_name), m.role, m.vote FROM council_members m JOIN people p ON p.id = m.person_id \
             WHERE m.council_id = $1 ORDER BY CASE m.role WHEN 'chu_tich' THEN 0 WHEN 'pho_chu_tich' THEN 1 WHEN 'phan_bien' THEN 2 WHEN 'thu_ky' THEN 3 ELSE 4 END, p.full_name"
        ).bind(id).fetch_all(p).await?);
        out.push(Council {
            id,
            kind: CouncilKind::parse(&kind).unwrap_or(CouncilKind::Selection),
            decision_number,
            meeting_date,
            result,
            members: members
                .into_iter()
                .map(|(n, r, v)| (n, MemberRole::parse(&r).unwrap_or(MemberRole::Member), v))
                .collect(),
        });
    }
    Ok(out)
}

/// People with their organisation, for choosing council members.
pub async fn people(db: &Db) -> Result<Vec<(i64, String, Option<i64>, String)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT p.id, TRIM(p.title || ' ' || p.full_name), p.organisation_id, COALESCE(o.name, '') FROM people p \
         LEFT JOIN organisations o ON o.id = p.organisation_id ORDER BY p.full_name"
    ).fetch_all(p).await?))
}

/// Planned inspections and checks of a task.
pub async fn add_inspection(
    tx: &mut Tx,
    task_id: i64,
    on: NaiveDate,
    (kind, status): (&str, &str),
    findings: &str,
) -> Result<i64> {
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO task_inspections (task_id, on_date, kind, status, findings) VALUES ($1, $2, $3, $4, $5) RETURNING id"
    ).bind(task_id).bind(on).bind(kind).bind(status).bind(nfc(findings)).fetch_one(&mut *c).await?);
    let after = serde_json::json!({"task_id": task_id, "on": on.to_string(), "findings": findings});
    tx.audit(Change::new("create", "task_inspection", Some(id), format!("{kind} ({status})")).after(after.to_string()));
    Ok(id)
}

pub async fn inspections(db: &Db, task_id: i64) -> Result<Vec<(NaiveDate, String, String, String)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT on_date, kind, status, findings FROM task_inspections WHERE task_id = $1 ORDER BY on_date"
    ).bind(task_id).fetch_all(p).await?))
}

/// Adds a due date (report due, contract end, acceptance due…).
pub async fn add_deadline(tx: &mut Tx, task_id: i64, kind: DeadlineKind, due: NaiveDate, note: &str) -> Result<i64> {
    let kind = kind.code();
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO task_deadlines (task_id, kind, due_on, note) VALUES ($1, $2, $3, $4) RETURNING id"
    ).bind(task_id).bind(kind).bind(due).bind(nfc(note)).fetch_one(&mut *c).await?);
    let after = serde_json::json!({"task_id": task_id, "kind": kind, "due_on": due.to_string(), "note": note});
    tx.audit(Change::new("create", "task_deadline", Some(id), format!("Hạn {kind}: {due}")).after(after.to_string()));
    Ok(id)
}

/// An open deadline with its task, for the overdue view and the digest.
#[derive(Debug, Clone)]
pub struct Due {
    pub task_id: i64,
    /// The code of the task's unit (empty when none).
    pub unit_code: String,
    pub code: String,
    pub title: String,
    pub kind: DeadlineKind,
    pub due_on: NaiveDate,
    pub unit: String,
    pub investigator: String,
}

/// Open deadlines due on or before `until`, oldest first.
pub async fn open_deadlines(db: &Db, until: NaiveDate) -> Result<Vec<Due>> {
    type R = (i64, String, String, String, NaiveDate, Option<String>, String, Option<String>);
    let rows: Vec<R> = on_pool!(db, p => sqlx::query_as(
        "SELECT t.id, t.code, t.title, d.kind, d.due_on, n.name, COALESCE(TRIM(pe.title || ' ' || pe.full_name), ''), n.code \
         FROM task_deadlines d JOIN tasks t ON t.id = d.task_id LEFT JOIN units n ON n.id = t.unit_id \
         LEFT JOIN people pe ON pe.id = t.investigator_id \
         WHERE d.done_on IS NULL AND d.due_on <= $1 ORDER BY d.due_on, t.code"
    ).bind(until).fetch_all(p).await?);
    rows.into_iter()
        .map(|(task_id, code, title, kind, due_on, unit, investigator, unit_code)| {
            Ok(Due {
                task_id,
                unit_code: unit_code.unwrap_or_default(),
                code,
                title,
                kind: known(DeadlineKind::parse(&kind), "loại hạn", &kind)?,
                due_on,
                unit: unit.unwrap_or_default(),
                investigator,
            })
        })
        .collect()
}

/// Marks a task's deadlines of a kind as done.
pub async fn close_deadlines(tx: &mut Tx, task_id: i64, kind: DeadlineKind, on: NaiveDate) -> Result<()> {
    let kind = kind.code();
    let n = on_tx!(tx, c => sqlx::query("UPDATE task_deadlines SET done_on = $1 WHERE task_id = $2 AND kind = $3 AND done_on IS NULL")
        .bind(on).bind(task_id).bind(kind).execute(&mut *c).await?.rows_affected());
    if n > 0 {
        tx.audit(Change::new("close", "task_deadline", Some(task_id), format!("Hoàn thành hạn {kind} ngày {on}")));
    }
    Ok(())
}

/// Distinct fields and lead organisations of the tasks in these stages (the
/// public ones, for the portal's filter menus: a proposal's organisation is
/// not shown before the task is public).
pub async fn facets(db: &Db, stages: &[Stage]) -> Result<(Vec<String>, Vec<(i64, String)>)> {
    let codes: Vec<String> = stages.iter().map(|s| s.code().to_string()).collect();
    let rows: Vec<(String, String, Option<i64>, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT t.stage, t.field, o.id, COALESCE(o.name, '') FROM tasks t LEFT JOIN organisations o ON o.id = t.lead_org_id"
    ).fetch_all(p).await?);
    let mut fields = std::collections::BTreeSet::new();
    let mut orgs = std::collections::BTreeMap::new();
    for (_, field, org, name) in rows.into_iter().filter(|r| codes.contains(&r.0)) {
        if !field.is_empty() {
            fields.insert(field);
        }
        if let Some(id) = org {
            orgs.insert(id, name);
        }
    }
    let mut orgs: Vec<(i64, String)> = orgs.into_iter().collect();
    orgs.sort_by(|a, b| a.1.cmp(&b.1));
    Ok((fields.into_iter().collect(), orgs))
}

/// Every task's code.
pub async fn codes(db: &Db) -> Result<Vec<String>> {
    Ok(on_pool!(db, p => sqlx::query_scalar("SELECT code FROM tasks").fetch_all(p).await?))
}

/// Ensures a task exists.
pub async fn exists(db: &Db, id: i64) -> Result<bool> {
    let n: i64 =
        on_pool!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM tasks WHERE id = $1").bind(id).fetch_one(p).await?);
    Ok(n > 0)
}

/// Rejects an obviously impossible date range.
pub fn check_dates(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Result<()> {
    match (start, end) {
        (Some(s), Some(e)) if e < s => Err(StoreError::Invalid("Ngày kết thúc không được trước ngày bắt đầu.".into())),
        _ => Ok(()),
    }
}

/// Members of a council with their names, for the votes form.
pub async fn council_voters(db: &Db, council_id: i64) -> Result<Vec<(i64, String)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT p.id, TRIM(p.title || ' ' || p.full_name) FROM council_members m JOIN people p ON p.id = m.person_id \
         WHERE m.council_id = $1 ORDER BY p.full_name"
    ).bind(council_id).fetch_all(p).await?))
}

/// Whether a council belongs to a task.
pub async fn council_of_task(db: &Db, council_id: i64, task_id: i64) -> Result<bool> {
    let n: i64 = on_pool!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM councils WHERE id = $1 AND task_id = $2")
        .bind(council_id).bind(task_id).fetch_one(p).await?);
    Ok(n > 0)
}

/// A task's contract with its instalments.
#[derive(Debug, Clone)]
pub struct Contract {
    pub id: i64,
    pub number: String,
    pub signed_on: NaiveDate,
    pub value: i64,
    pub settled_on: Option<NaiveDate>,
    /// (id, due, planned, paid, paid on)
    pub instalments: Vec<(i64, NaiveDate, i64, i64, Option<NaiveDate>)>,
}

pub async fn contract(db: &Db, task_id: i64) -> Result<Option<Contract>> {
    let row: Option<(i64, String, NaiveDate, i64, Option<NaiveDate>)> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, number, signed_on, value, settled_on FROM task_contracts WHERE task_id = $1"
    ).bind(task_id).fetch_optional(p).await?);
    let Some((id, number, signed_on, value, settled_on)) = row else { return Ok(None) };
    let instalments = on_pool!(db, p => sqlx::query_as(
        "SELECT id, due_on, planned, paid, paid_on FROM task_instalments WHERE contract_id = $1 ORDER BY due_on, id"
    ).bind(id).fetch_all(p).await?);
    Ok(Some(Contract { id, number, signed_on, value, settled_on, instalments }))
}

/// Records or adjusts the contract (number, date, value), keeping the old terms in the audit log.
pub async fn save_contract(tx: &mut Tx, task_id: i64, number: &str, signed_on: NaiveDate, value: i64) -> Result<()> {
    let before: Option<(String, NaiveDate, i64)> = on_tx!(tx, c => {
        let before = sqlx::query_as("SELECT number, signed_on, value FROM task_contracts WHERE task_id = $1")
            .bind(task_id).fetch_optional(&mut *c).await?;
        sqlx::query("INSERT INTO task_contracts (task_id, number, signed_on, value) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (task_id) DO UPDATE SET number = excluded.number, signed_on = excluded.signed_on, value = excluded.value")
            .bind(task_id).bind(nfc(number.trim())).bind(signed_on).bind(value).execute(&mut *c).await?;
        before
    });
    let action = if before.is_some() { "adjust" } else { "create" };
    let before = before
        .map(|(n, s, v)| serde_json::json!({"number": n, "signed_on": s.to_string(), "value": v}).to_string())
        .unwrap_or_default();
    let after = serde_json::json!({"number": number, "signed_on": signed_on.to_string(), "value": value}).to_string();
    tx.audit(
        Change::new(action, "task_contract", Some(task_id), format!("Hợp đồng {number}")).before(before).after(after),
    );
    Ok(())
}

/// Adds a planned instalment to a task's contract.
pub async fn add_instalment(tx: &mut Tx, task_id: i64, due: NaiveDate, planned: i64) -> Result<bool> {
    let added = on_tx!(tx, c => {
        let cid: Option<i64> = sqlx::query_scalar("SELECT id FROM task_contracts WHERE task_id = $1")
            .bind(task_id).fetch_optional(&mut *c).await?;
        match cid {
            Some(cid) => {
                sqlx::query("INSERT INTO task_instalments (contract_id, due_on, planned) VALUES ($1, $2, $3)")
                    .bind(cid).bind(due).bind(planned).execute(&mut *c).await?;
                true
            }
            None => false,
        }
    });
    if added {
        tx.audit(Change::new("create", "task_instalment", Some(task_id), format!("Đợt cấp {planned} đồng, hạn {due}")));
    }
    Ok(added)
}

/// Records a payment of an instalment of this task.
pub async fn pay_instalment(tx: &mut Tx, task_id: i64, instalment_id: i64, paid: i64, on: NaiveDate) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query("UPDATE task_instalments SET paid = $1, paid_on = $2 WHERE id = $3 \
                                          AND contract_id = (SELECT id FROM task_contracts WHERE task_id = $4)")
        .bind(paid).bind(on).bind(instalment_id).bind(task_id).execute(&mut *c).await?.rows_affected());
    if n == 1 {
        tx.audit(Change::new("pay", "task_instalment", Some(instalment_id), format!("Đã cấp {paid} đồng ngày {on}")));
    }
    Ok(n == 1)
}

/// Records the settlement date of the contract.
pub async fn settle_contract(tx: &mut Tx, task_id: i64, on: NaiveDate) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query("UPDATE task_contracts SET settled_on = $1 WHERE task_id = $2")
        .bind(on).bind(task_id).execute(&mut *c).await?.rows_affected());
    if n == 1 {
        tx.audit(Change::new("settle", "task_contract", Some(task_id), "Thanh lý hợp đồng"));
    }
    Ok(n == 1)
}

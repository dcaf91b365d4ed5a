//! The S&T task register.

use chrono::NaiveDate;
use dost_domain::tasks::{Level, Method, Rating, Stage, TaskType};
use dost_domain::text::{fold, nfc};

mod contract;
mod councils;
mod events;
mod follow_up;

pub use contract::*;
pub use councils::*;
pub use events::*;
pub use follow_up::*;

use crate::db::on_pool;
use crate::row::row;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result, StoreError};

/// Finds or creates an organisation by name (inside the change that needs it).
pub async fn organisation(tx: &mut Tx, name: &str) -> Result<i64> {
    let name = nfc(name.trim());
    let (id, created) = on_tx!(tx, c => {
        // the organisation already listed, whatever the case or the diacritics typed
        let all: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM organisations").fetch_all(&mut *c).await?;
        let folded = fold(&name);
        let found = all.iter().find(|(_, n)| *n == name).or_else(|| all.iter().find(|(_, n)| fold(n) == folded)).map(|x| x.0);
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

/// The managed lists a task is recorded from: the fields already used and
/// every organisation, each by name in Vietnamese order.
pub async fn choices(db: &Db) -> Result<(Vec<String>, Vec<String>)> {
    let fields: Vec<String> = on_pool!(db, p => sqlx::query_scalar(
        "SELECT DISTINCT field FROM tasks WHERE field <> ''"
    ).fetch_all(p).await?);
    let orgs: Vec<String> = on_pool!(db, p => sqlx::query_scalar("SELECT name FROM organisations").fetch_all(p).await?);
    Ok((fields, orgs))
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
    /// The day it was proposed (`None`: the day it is recorded).
    pub proposed_on: Option<NaiveDate>,
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
            proposed_on: None,
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
    // a field already in use is written as it is listed ("Nông nghiệp", not "nông nghiệp")
    let fields: Vec<String> =
        on_tx!(tx, c => sqlx::query_scalar("SELECT DISTINCT field FROM tasks").fetch_all(&mut *c).await?);
    let field = fields.into_iter().find(|f| fold(f) == fold(&t.field)).unwrap_or_else(|| nfc(t.field.trim()));
    let investigator = person(tx, &t.investigator, Some(lead)).await?;
    let mut members = Vec::new();
    for m in t.members.iter().filter(|m| !m.trim().is_empty()) {
        members.push(person(tx, m, Some(lead)).await?);
    }
    let sql = "INSERT INTO tasks (code, title, level, task_type, field, programme, method, lead_org_id, investigator_id, unit_id, \
               start_date, end_date, budget_total, budget_state, budget_other, budget_lump_sum, objectives, content, methods, \
               expected_results, products, approved_year, search_text, created_at, updated_at, proposed_on, field_code) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $24, $25, $26) \
               RETURNING id";
    let now = tx.now();
    let proposed_on = t.proposed_on.unwrap_or_else(|| dost_domain::format::vn_date(now));
    let id = on_tx!(tx, c => {
        let id: i64 = sqlx::query_scalar(sql)
            .bind(nfc(t.code.trim())).bind(nfc(t.title.trim())).bind(t.level.code()).bind(t.task_type.code())
            .bind(&field).bind(nfc(t.programme.trim())).bind(t.method.code()).bind(lead).bind(investigator)
            .bind(t.unit_id).bind(t.start_date).bind(t.end_date).bind(t.budget_total).bind(t.budget_state)
            .bind(t.budget_total - t.budget_state).bind(t.budget_lump_sum).bind(nfc(&t.objectives)).bind(nfc(&t.content))
            .bind(nfc(&t.methods)).bind(nfc(&t.expected_results)).bind(nfc(&t.products)).bind(t.approved_year)
            .bind(search_text(t)).bind(now).bind(proposed_on).bind(dost_domain::tasks::field_code(&t.field))
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
        "SELECT t.id, t.code, t.title, t.level, t.field, COALESCE(o.name, '') AS lead_org, \
         COALESCE(p.title || ' ' || p.full_name, '') AS investigator, t.start_date, \
         COALESCE(t.extended_end_date, t.end_date) AS end_date, t.stage, COALESCE(un.code, '') AS unit_code \
         FROM tasks t LEFT JOIN organisations o ON o.id = t.lead_org_id LEFT JOIN people p ON p.id = t.investigator_id \
         LEFT JOIN units un ON un.id = t.unit_id "
    };
}

row! {
    struct ListRow {
        id: i64,
        code: String,
        title: String,
        level: String,
        field: String,
        lead_org: String,
        investigator: String,
        start_date: Option<NaiveDate>,
        end_date: Option<NaiveDate>,
        stage: String,
        unit_code: String,
    }
}

fn row(r: ListRow) -> Result<Row> {
    Ok(Row {
        id: r.id,
        code: r.code,
        title: r.title,
        level: known(Level::parse(&r.level), "cấp nhiệm vụ", &r.level)?,
        field: r.field,
        lead_org: r.lead_org,
        investigator: r.investigator.trim().to_string(),
        start_date: r.start_date,
        end_date: r.end_date,
        stage: known(Stage::parse(&r.stage), "bước", &r.stage)?,
        unit_code: r.unit_code,
    })
}

/// Tasks matching a filter (stage filtering is done here, in Rust, on the
/// loaded rows: the register of a province holds hundreds of tasks, not millions).
pub async fn list(db: &Db, f: &Filter) -> Result<Vec<Row>> {
    let sql = concat!(
        row_select!(),
        "WHERE ($1 = '' OR t.level = $1) AND ($2 = '' OR t.field = $2) AND ($3 = 0 OR t.lead_org_id = $3) \
         AND ($4 = '' OR t.search_text LIKE $4 ESCAPE '\\') ORDER BY t.start_date DESC, t.code"
    );
    let rows: Vec<ListRow> = on_pool!(db, p => sqlx::query_as(sql)
        .bind(&f.level).bind(&f.field).bind(f.lead_org_id).bind(&f.like).fetch_all(p).await?);
    let rows = rows.into_iter().map(row).collect::<Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
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
    /// The acceptance council's conclusion, once voted.
    pub acceptance_rating: Option<Rating>,
    pub approved_year: Option<i64>,
    pub members: Vec<(i64, String, String)>,
    pub version: i64,
}

row! {
    struct DetailRow {
        task_type: String,
        programme: String,
        method: String,
        lead_org_id: Option<i64>,
        investigator_id: Option<i64>,
        unit_id: Option<i64>,
        planned_end: Option<NaiveDate>,
        extended_end: Option<NaiveDate>,
        budget_total: i64,
        budget_state: i64,
        budget_other: i64,
        budget_lump_sum: i64,
        objectives: String,
        content: String,
        methods: String,
        expected_results: String,
        products: String,
        result_summary: String,
        acceptance_rating: String,
        approved_year: Option<i64>,
        version: i64,
    }
}

/// One task with everything about it.
pub async fn get(db: &Db, id: i64) -> Result<Option<Task>> {
    let r: Option<ListRow> =
        on_pool!(db, p => sqlx::query_as(concat!(row_select!(), "WHERE t.id = $1")).bind(id).fetch_optional(p).await?);
    let Some(r) = r else { return Ok(None) };
    let (d, members): (DetailRow, Vec<(i64, String, String)>) = on_pool!(db, p => {
        let d = sqlx::query_as("SELECT task_type, programme, method, lead_org_id, investigator_id, unit_id, end_date AS planned_end, \
                                extended_end_date AS extended_end, budget_total, budget_state, budget_other, budget_lump_sum, \
                                objectives, content, methods, expected_results, products, result_summary, acceptance_rating, \
                                approved_year, version FROM tasks WHERE id = $1")
            .bind(id).fetch_one(p).await?;
        let members = sqlx::query_as("SELECT p.id, TRIM(p.title || ' ' || p.full_name), m.role FROM task_members m JOIN people p ON p.id = m.person_id \
                                      WHERE m.task_id = $1 ORDER BY CASE m.role WHEN 'chu_nhiem' THEN 0 ELSE 1 END, p.full_name")
            .bind(id).fetch_all(p).await?;
        (d, members)
    });
    Ok(Some(Task {
        row: row(r)?,
        task_type: known(TaskType::parse(&d.task_type), "loại nhiệm vụ", &d.task_type)?,
        programme: d.programme,
        method: known(Method::parse(&d.method), "phương thức", &d.method)?,
        lead_org_id: d.lead_org_id,
        investigator_id: d.investigator_id,
        unit_id: d.unit_id,
        planned_end: d.planned_end,
        extended_end: d.extended_end,
        budget_total: d.budget_total,
        budget_state: d.budget_state,
        budget_other: d.budget_other,
        budget_lump_sum: d.budget_lump_sum,
        objectives: d.objectives,
        content: d.content,
        methods: d.methods,
        expected_results: d.expected_results,
        products: d.products,
        result_summary: d.result_summary,
        acceptance_rating: rating(&d.acceptance_rating)?,
        approved_year: d.approved_year,
        members,
        version: d.version,
    }))
}

/// A code read back from the database that the domain does not know: an
/// error, never a silent default.
pub(crate) fn known<T>(v: Option<T>, what: &str, code: &str) -> Result<T> {
    v.ok_or_else(|| StoreError::Invalid(format!("{what} lạ trong cơ sở dữ liệu: «{code}»")))
}

/// A rating as stored: empty before the votes, else a rating the domain knows.
fn rating(code: &str) -> Result<Option<Rating>> {
    match code {
        "" => Ok(None),
        c => known(Rating::parse(c), "kết quả đánh giá", c).map(Some),
    }
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

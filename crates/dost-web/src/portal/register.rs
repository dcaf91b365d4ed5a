//! The public register of S&T tasks (Thông tư 14/2014/TT-BKHCN, art. 23):
//! only what the circular asks to publish; budgets, council scores and
//! personal data beyond names never appear here.

use std::sync::Arc;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::Datelike;
use dost_domain::page::{Paging, parse_page};
use dost_domain::tasks::{Level, Stage};
use dost_domain::text::fold;

use crate::http::PageHeaders;
use crate::http::{Pager, VnPath, encode, parse_query};
use crate::layout::{Crumb, Layout, Meta, render_and_respond};
use crate::view::Opt;
use crate::{AppState, WebError};

const PER_PAGE: u32 = 20;

pub struct RowView {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub level: &'static str,
    pub lead_org: String,
    pub investigator: String,
    pub period: String,
    pub status: &'static str,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    /// A wrong year typed, shown under its field.
    year_error: Option<String>,
    q: String,
    year: String,
    levels: Vec<Opt>,
    fields: Vec<Opt>,
    statuses: Vec<Opt>,
    orgs: Vec<Opt>,
    total: usize,
    rows: Vec<RowView>,
    pager: Pager,
}

fn period(start: Option<chrono::NaiveDate>, end: Option<chrono::NaiveDate>) -> String {
    let m = |d: chrono::NaiveDate| format!("{:02}/{}", d.month(), d.year());
    match (start, end) {
        (Some(s), Some(e)) => format!("{} – {}", m(s), m(e)),
        (Some(s), None) => format!("từ {}", m(s)),
        _ => String::new(),
    }
}

fn status(stage: Stage) -> &'static str {
    public_status(stage).1
}

pub async fn list(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    cached: PageHeaders,
) -> Result<Response, WebError> {
    let q = parse_query(raw.as_deref())?;
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let (text, level, field, year, status_f, org) =
        (get("q"), get("cap"), get("linh-vuc"), get("nam"), get("tinh-trang"), get("to-chuc"));
    let page = parse_page(q.get("trang").map(String::as_str))?;
    if text.chars().count() > 200 {
        return Err(WebError::BadRequest("Từ khóa tìm kiếm quá dài (tối đa 200 ký tự).".into()));
    }
    if !level.is_empty() && Level::parse(&level).is_none() {
        return Err(WebError::BadRequest("Cấp nhiệm vụ không hợp lệ.".into()));
    }
    // a wrong year is shown under its field, the other filters kept
    let mut year_error = None;
    let year_n: i64 = match year.trim() {
        "" => 0,
        y => match y.parse().ok().filter(|n| (1990..=2100).contains(n)) {
            Some(n) => n,
            None => {
                year_error = Some("Năm phải là số có 4 chữ số, ví dụ 2020.".to_string());
                0
            }
        },
    };
    let org_id: i64 = match org.as_str() {
        "" => 0,
        o => o.parse().map_err(|_| WebError::BadRequest("Tổ chức chủ trì không hợp lệ.".into()))?,
    };
    let stages: Vec<Stage> = match status_f.as_str() {
        "" => Stage::ALL.iter().copied().filter(|s| s.is_public()).collect(),
        "dang-thuc-hien" => Stage::ALL.iter().copied().filter(|s| s.is_public() && !s.is_accepted()).collect(),
        "da-nghiem-thu" => Stage::ALL.iter().copied().filter(|s| s.is_accepted()).collect(),
        _ => return Err(WebError::BadRequest("Tình trạng không hợp lệ.".into())),
    };
    let filter = dost_store::tasks::Filter {
        level: level.clone(),
        field: field.clone(),
        year: year_n,
        stages,
        lead_org_id: org_id,
        like: String::new(),
    };
    let rows = matching(&state.db, filter, &text).await?;
    let total = rows.len();
    let paging = Paging::new(page, PER_PAGE);
    let public: Vec<Stage> = Stage::ALL.iter().copied().filter(|s| s.is_public()).collect();
    let (fields, orgs) = dost_store::tasks::facets(&state.db, &public).await?;
    let base = format!(
        "/nhiem-vu?q={}&cap={}&linh-vuc={}&nam={}&tinh-trang={}&to-chuc={}&",
        encode(&text),
        encode(&level),
        encode(&field),
        encode(&year),
        encode(&status_f),
        encode(&org)
    );
    let mut meta = Meta::new(&state, "Thông tin nhiệm vụ KH&CN".into(), "/nhiem-vu");
    meta.description = "Danh sách nhiệm vụ khoa học và công nghệ đang thực hiện và đã hoàn thành".into();
    meta.breadcrumb = vec![Crumb { name: "Thông tin nhiệm vụ KH&CN".into(), url: "/nhiem-vu".into() }];
    let t = RegisterTemplate {
        meta,
        layout: state.layout.get(),
        levels: Level::ALL
            .iter()
            .map(|l| Opt { value: l.code().into(), label: l.label().into(), selected: l.code() == level })
            .collect(),
        fields: fields.into_iter().map(|f| Opt { selected: f == field, label: f.clone(), value: f }).collect(),
        statuses: [("dang-thuc-hien", "Đang thực hiện"), ("da-nghiem-thu", "Đã nghiệm thu")]
            .into_iter()
            .map(|(v, l)| Opt { value: v.into(), label: l.into(), selected: v == status_f })
            .collect(),
        orgs: orgs
            .into_iter()
            .map(|(id, name)| Opt { selected: id.to_string() == org, value: id.to_string(), label: name })
            .collect(),
        pager: Pager::new(paging, total as i64, &base),
        rows: rows
            .into_iter()
            .skip(paging.offset() as usize)
            .take(PER_PAGE as usize)
            .map(|r| RowView {
                id: r.id,
                period: period(r.start_date, r.end_date),
                status: status(r.stage),
                level: r.level.label(),
                code: r.code,
                title: r.title,
                lead_org: r.lead_org,
                investigator: r.investigator,
            })
            .collect(),
        total,
        q: text,
        year,
        year_error: year_error.clone(),
    };
    if year_error.is_some() {
        return Ok(crate::http::respond::with_status(t.render()?, axum::http::StatusCode::UNPROCESSABLE_ENTITY));
    }
    render_and_respond(&state, &cached, None, &t)
}

/// The public register's tasks matching the filters and every word of
/// `text` (diacritics and case ignored); the portal's list and the API share it.
pub async fn matching(
    db: &dost_store::Db,
    mut filter: dost_store::tasks::Filter,
    text: &str,
) -> Result<Vec<dost_store::tasks::Row>, WebError> {
    let words: Vec<String> =
        fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect();
    // the first word goes to the database, the others are checked here
    filter.like = words.first().map(|w| format!("%{w}%")).unwrap_or_default();
    let mut rows = dost_store::tasks::list(db, &filter).await?;
    rows.retain(|r| r.stage.is_public());
    if words.len() > 1 {
        rows.retain(|r| {
            let t = fold(&format!("{} {} {} {} {}", r.code, r.title, r.lead_org, r.investigator, r.field));
            words.iter().all(|w| t.contains(w.as_str()))
        });
    }
    Ok(rows)
}

/// Whether the register calls a task accepted or in progress: (code, label).
pub fn public_status(stage: Stage) -> (&'static str, &'static str) {
    if stage.is_accepted() { ("da-nghiem-thu", "Đã nghiệm thu") } else { ("dang-thuc-hien", "Đang thực hiện") }
}

/// Everything the register's page shows of a task (and nothing else: the
/// API's task is made from this).
pub fn task_view(task: &dost_store::tasks::Task) -> TaskView {
    let r = &task.row;
    TaskView {
        code: r.code.clone(),
        title: r.title.clone(),
        level: r.level.label(),
        task_type: task.task_type.label(),
        field: r.field.clone(),
        programme: task.programme.clone(),
        lead_org: r.lead_org.clone(),
        investigator: r.investigator.clone(),
        period: period(r.start_date, r.end_date),
        status: status(r.stage),
        objectives: task.objectives.clone(),
        content: task.content.clone(),
        methods: task.methods.clone(),
        expected: task.expected_results.clone(),
        result: (r.stage.is_accepted() && !task.result_summary.is_empty()).then(|| task.result_summary.clone()),
    }
}

pub struct TaskView {
    pub code: String,
    pub title: String,
    pub level: &'static str,
    pub task_type: &'static str,
    pub field: String,
    pub programme: String,
    pub lead_org: String,
    pub investigator: String,
    pub period: String,
    pub status: &'static str,
    pub objectives: String,
    pub content: String,
    pub methods: String,
    pub expected: String,
    pub result: Option<String>,
}

#[derive(Template)]
#[template(path = "register_task.html")]
struct TaskTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    t: TaskView,
}

pub async fn task(
    State(state): State<AppState>,
    VnPath(id): VnPath<String>,
    cached: PageHeaders,
) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let task =
        dost_store::tasks::get(&state.db, id).await?.filter(|t| t.row.stage.is_public()).ok_or(WebError::NotFound)?;
    let r = &task.row;
    let mut meta = Meta::new(&state, r.title.clone(), &format!("/nhiem-vu/{id}"));
    meta.description = dost_domain::text::truncate_words(&task.objectives, 300);
    meta.breadcrumb = vec![
        Crumb { name: "Thông tin nhiệm vụ KH&CN".into(), url: "/nhiem-vu".into() },
        Crumb { name: r.code.clone(), url: format!("/nhiem-vu/{id}") },
    ];
    let view = task_view(&task);
    render_and_respond(&state, &cached, None, &TaskTemplate { meta, layout: state.layout.get(), t: view })
}

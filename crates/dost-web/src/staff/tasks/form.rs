//! Recording a new task: the form, checked by the same parser as the import
//! (`dost_domain::task_input`), every problem shown next to its field.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::registers::Input;
use dost_domain::task_input;
use dost_domain::tasks::{Level, Method, TaskType};
use dost_store::tasks::NewTask;
use serde::Deserialize;

use super::super::extract::StaffForm;
use super::super::{Opt, Staff, StaffPage};
use crate::http::respond::with_status;
use crate::{AppState, WebError};

/// The form as posted (and shown again after a refusal).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TaskForm {
    pub code: String,
    pub level: String,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub method: String,
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
    /// A field or an organisation not in the lists ("Khác").
    #[serde(default)]
    pub field_other: String,
    #[serde(default)]
    pub lead_org_other: String,
}

/// The choice that means "another, written below".
const OTHER: &str = "khac";

impl TaskForm {
    fn value(&self, field: &str) -> &str {
        match field {
            "field" if self.field == OTHER => &self.field_other,
            "lead_org" if self.lead_org == OTHER => &self.lead_org_other,
            "code" => &self.code,
            "level" => &self.level,
            "title" => &self.title,
            "type" => &self.kind,
            "method" => &self.method,
            "field" => &self.field,
            "programme" => &self.programme,
            "lead_org" => &self.lead_org,
            "investigator" => &self.investigator,
            "members" => &self.members,
            "start" => &self.start,
            "end" => &self.end,
            "budget" => &self.budget,
            "state" => &self.state,
            "objectives" => &self.objectives,
            "content" => &self.content,
            "methods" => &self.methods,
            "expected" => &self.expected,
            _ => "",
        }
    }
}

/// The problems of the form, by field.
#[derive(Default)]
pub struct Errors(Vec<(&'static str, String)>);

impl Errors {
    pub fn get(&self, field: &str) -> Option<&String> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m)
    }
}

#[derive(Template)]
#[template(path = "staff/task_form.html")]
struct FormTemplate {
    page: StaffPage,
    form_error: Option<String>,
    errors: Errors,
    f: TaskForm,
    levels: Vec<Opt>,
    types: Vec<Opt>,
    methods_opt: Vec<Opt>,
    fields: Vec<Opt>,
    orgs: Vec<Opt>,
}

/// A managed list as options, in Vietnamese order and without two spellings
/// of one name; a value typed as "Khác" that is in the list is chosen in it.
fn list(names: impl IntoIterator<Item = String>, chosen: &str) -> Vec<Opt> {
    use dost_domain::text::fold;
    let mut seen = std::collections::HashSet::new();
    let mut names: Vec<String> = names.into_iter().filter(|n| seen.insert(fold(n))).collect();
    names.sort_by_key(|n| (fold(n), n.clone()));
    let chosen = fold(chosen);
    names
        .into_iter()
        .map(|n| Opt { selected: !chosen.is_empty() && fold(&n) == chosen, value: n.clone(), label: n })
        .collect()
}

fn options<T: Copy>(all: &[T], chosen: &str, code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<Opt> {
    all.iter().map(|x| Opt { value: code(*x).into(), label: label(*x).into(), selected: code(*x) == chosen }).collect()
}

async fn form_page(
    state: &AppState,
    staff: &Staff,
    mut f: TaskForm,
    errors: Errors,
    error: Option<String>,
) -> Result<Response, WebError> {
    let failed = error.is_some() || !errors.0.is_empty();
    let (used, orgs) = dost_store::tasks::choices(&state.db).await?;
    let known = dost_domain::tasks::RESEARCH_FIELDS.iter().map(|s| s.to_string()).chain(used);
    let fields = list(known, f.value("field"));
    let orgs = list(orgs, f.value("lead_org"));
    // what was written as "Khác" and is in the list now is chosen there
    for (choice, other, opts) in
        [(&mut f.field, &mut f.field_other, &fields), (&mut f.lead_org, &mut f.lead_org_other, &orgs)]
    {
        match opts.iter().find(|o| o.selected) {
            Some(o) => {
                *choice = o.value.clone();
                other.clear();
            }
            None if !choice.is_empty() && choice != OTHER => {
                *other = std::mem::take(choice);
                *choice = OTHER.into();
            }
            None => {}
        }
    }
    let t = FormTemplate {
        fields,
        orgs,
        page: StaffPage::new(staff, "Ghi nhiệm vụ mới", "/quan-tri/nhiem-vu"),
        form_error: error.or_else(|| failed.then(|| "Chưa ghi: hãy sửa các ô báo lỗi.".to_string())),
        levels: options(Level::ALL, &f.level, Level::code, Level::label),
        types: options(TaskType::ALL, &f.kind, TaskType::code, TaskType::label),
        methods_opt: options(Method::ALL, &f.method, Method::code, Method::label),
        errors,
        f,
    };
    Ok(with_status(t.render()?, if failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK }))
}

pub async fn new_form(State(state): State<AppState>, staff: Staff) -> Result<Response, WebError> {
    let f =
        TaskForm { level: "cap_tinh".into(), kind: "de_tai".into(), method: "tuyen_chon".into(), ..Default::default() };
    form_page(&state, &staff, f, Errors::default(), None).await
}

pub async fn create(
    State(state): State<AppState>,
    StaffForm { staff, form: f }: StaffForm<TaskForm>,
) -> Result<Response, WebError> {
    let input = match task_input::parse(|field| Input::typed(f.value(field))) {
        Ok(t) => t,
        Err(problems) => {
            let errors = problems.into_iter().map(|(k, m)| (k, format!("{}: {m}.", task_input::label(k)))).collect();
            return form_page(&state, &staff, f, Errors(errors), None).await;
        }
    };
    let code = input.code.clone();
    let mut tx = state.begin(&staff.actor()).await?;
    match dost_store::tasks::create(&mut tx, &NewTask::from_input(input, staff.user.unit_id)).await? {
        Some(id) => {
            state.commit(tx).await?;
            Ok(Redirect::to(&format!("/quan-tri/nhiem-vu/{id}?tb=da-luu")).into_response())
        }
        None => {
            drop(tx);
            let errors = Errors(vec![("code", format!("Mã số «{code}» đã có nhiệm vụ khác dùng."))]);
            form_page(&state, &staff, f, errors, None).await
        }
    }
}

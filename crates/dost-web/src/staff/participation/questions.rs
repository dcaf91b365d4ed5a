//! Questions in the back office: the office routes each to a unit (or
//! refuses it with a reason), the unit answers, a leader or an editor
//! approves — which publishes it and, when an SMTP relay is configured,
//! e-mails the answer to the questioner — or sends it back with a note.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::access::{Action, Resource};
use dost_domain::format;
use dost_domain::participation::{QuestionState, QuestionStep, topic_label};
use dost_store::participation::{Question, StepInput};
use serde::Deserialize;

use super::{Tab, paragraphs};
use crate::http::VnPath;
use crate::http::query::StaffQuery;
use crate::staff::extract::StaffForm;
use crate::staff::{Opt, Staff, StaffPage};
use crate::{AppState, WebError};

/// Whether the person sees every question (the office, editors, leaders)
/// rather than those routed to their unit.
fn sees_all(staff: &Staff) -> bool {
    staff.may(Action::Write, Resource::Participation) || staff.may(Action::Read, Resource::Answers)
}

fn answers_it(staff: &Staff, q: &Question) -> bool {
    !q.unit_code.is_empty() && staff.may(Action::Write, Resource::Records(&[&q.unit_code]))
}

fn may_see(staff: &Staff, q: &Question) -> bool {
    sees_all(staff) || (!q.unit_code.is_empty() && staff.may(Action::Read, Resource::Records(&[&q.unit_code])))
}

pub struct Row {
    pub id: i64,
    pub title: String,
    pub topic: &'static str,
    pub asked: String,
    pub unit: String,
}

#[derive(Template)]
#[template(path = "staff/questions.html")]
struct QuestionsTemplate {
    page: StaffPage,
    tabs: Vec<Tab>,
    rows: Vec<Row>,
}

/// `GET /quan-tri/hoi-dap?tt=moi`
pub async fn list(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let wanted = q.text("tt");
    let default = if sees_all(&staff) { QuestionState::New } else { QuestionState::Routed };
    let current = QuestionState::parse(&wanted).unwrap_or(default);
    let mut tabs = Vec::new();
    let mut rows = Vec::new();
    for s in QuestionState::ALL {
        let list: Vec<Question> = dost_store::participation::in_state(&state.db, s)
            .await?
            .into_iter()
            .filter(|x| may_see(&staff, x))
            .collect();
        tabs.push(Tab { code: s.code(), label: s.label(), count: list.len() as i64, active: s == current });
        if s == current {
            rows = list
                .into_iter()
                .map(|x| Row {
                    id: x.id,
                    topic: topic_label(&x.topic),
                    asked: format::datetime_ts(x.asked_at),
                    unit: x.unit,
                    title: x.title,
                })
                .collect();
        }
    }
    let t = QuestionsTemplate {
        page: StaffPage::new(&staff, "Hỏi đáp", "/quan-tri/hoi-dap").with_flash(q.value("tb")),
        tabs,
        rows,
    };
    Ok(crate::http::respond::no_store(t.render()?))
}

#[derive(Template)]
#[template(path = "staff/question.html")]
struct QuestionTemplate {
    page: StaffPage,
    id: i64,
    title: String,
    topic: &'static str,
    state: &'static str,
    asker: String,
    asked: String,
    question: Vec<String>,
    unit: String,
    answer: String,
    answered: String,
    approved: String,
    note: String,
    notified: String,
    units: Vec<Opt>,
    may_route: bool,
    may_answer: bool,
    may_publish: bool,
    may_send_back: bool,
    may_refuse: bool,
    error: Option<String>,
}

async fn show_page(staff: &Staff, q: Question, error: Option<String>, flash: Option<&str>) -> Result<String, WebError> {
    let st = QuestionState::parse(&q.state).unwrap_or(QuestionState::New);
    let can = |step: QuestionStep| step.next(st).is_ok();
    // the units that exist today (a closed one is no longer offered)
    let units = staff
        .org
        .units_on(staff.today)
        .map(|u| Opt { value: u.id.to_string(), selected: Some(u.id) == q.unit_id, label: u.name.clone() })
        .collect();
    let t = QuestionTemplate {
        page: StaffPage::new(staff, format!("Câu hỏi số {}", q.id), "/quan-tri/hoi-dap").with_flash(flash),
        id: q.id,
        topic: topic_label(&q.topic),
        state: st.label(),
        asker: if staff.may(Action::Read, Resource::PublicContacts) {
            format!("{} <{}>", q.name, q.email)
        } else {
            q.name.clone()
        },
        asked: format::datetime_ts(q.asked_at),
        question: paragraphs(&q.body),
        answered: q.answered_at.map(|t| format!("{}, {}", q.answered_by, format::datetime_ts(t))).unwrap_or_default(),
        approved: q.published_at.map(|t| format!("{}, {}", q.approved_by, format::datetime_ts(t))).unwrap_or_default(),
        notified: q.notified_at.map(format::datetime_ts).unwrap_or_default(),
        may_route: staff.may(Action::Write, Resource::Participation) && can(QuestionStep::Route),
        may_answer: answers_it(staff, &q) && can(QuestionStep::Answer),
        may_publish: staff.may(Action::Write, Resource::Answers) && can(QuestionStep::Publish),
        may_send_back: staff.may(Action::Write, Resource::Answers) && can(QuestionStep::SendBack),
        may_refuse: staff.may(Action::Write, Resource::Participation) && can(QuestionStep::Refuse),
        units,
        title: q.title,
        unit: q.unit,
        answer: q.answer,
        note: q.note,
        error,
    };
    Ok(t.render()?)
}

pub(in crate::staff) async fn open(state: &AppState, staff: &Staff, id: i64) -> Result<Question, WebError> {
    let q = dost_store::participation::question(&state.db, id).await?.ok_or(WebError::NotFound)?;
    if !may_see(staff, &q) {
        return Err(WebError::Forbidden("Câu hỏi này chưa được chuyển đến đơn vị của anh/chị.".into()));
    }
    Ok(q)
}

/// `GET /quan-tri/hoi-dap/{id}`
pub async fn show(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    staff: Staff,
    query: StaffQuery,
) -> Result<Response, WebError> {
    let q = open(&state, &staff, id).await?;
    Ok(crate::http::respond::no_store(show_page(&staff, q, None, query.value("tb")).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepForm {
    buoc: String,
    #[serde(default)]
    don_vi: String,
    #[serde(default)]
    noi_dung: String,
}

/// `POST /quan-tri/hoi-dap/{id}`: one step (route, answer, publish, send back, refuse).
pub async fn step(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffForm { staff, form }: StaffForm<StepForm>,
) -> Result<Response, WebError> {
    let q = open(&state, &staff, id).await?;
    let step = QuestionStep::parse(&form.buoc).ok_or_else(|| WebError::BadRequest("Thao tác không hợp lệ.".into()))?;
    let allowed = match step {
        QuestionStep::Route | QuestionStep::Refuse => staff.may(Action::Write, Resource::Participation),
        QuestionStep::Answer => answers_it(&staff, &q),
        QuestionStep::Publish | QuestionStep::SendBack => staff.may(Action::Write, Resource::Answers),
    };
    if !allowed {
        return Err(WebError::Forbidden("Anh/chị không có quyền thực hiện bước này.".into()));
    }
    let from = QuestionState::parse(&q.state).unwrap_or(QuestionState::New);
    let text = dost_domain::text::nfc(form.noi_dung.trim());
    let refuse = |msg: &str| Some(msg.to_string());
    let problem = if let Err(e) = step.next(from) {
        refuse(e)
    } else {
        match step {
            QuestionStep::Answer if text.chars().count() < 10 => refuse("Hãy viết câu trả lời (ít nhất 10 ký tự)."),
            QuestionStep::SendBack | QuestionStep::Refuse if text.is_empty() => refuse("Hãy ghi lý do."),
            _ if text.chars().count() > 10_000 => refuse("Nội dung quá dài (tối đa 10.000 ký tự)."),
            _ => None,
        }
    };
    let unit = staff.org.units_on(staff.today).find(|u| u.id.to_string() == form.don_vi.trim()).map(|u| u.id);
    let problem =
        problem.or_else(|| (step == QuestionStep::Route && unit.is_none()).then(|| "Hãy chọn đơn vị trả lời.".into()));
    if let Some(e) = problem {
        let html = show_page(&staff, q, Some(e), None).await?;
        return Ok(crate::http::respond::with_status(html, axum::http::StatusCode::UNPROCESSABLE_ENTITY));
    }
    let input = match step {
        QuestionStep::Route => StepInput::Unit(unit.unwrap_or_default()),
        QuestionStep::Publish => StepInput::Nothing,
        _ => StepInput::Text(&text),
    };
    let mut tx = state.begin(&staff.actor()).await?;
    if !dost_store::participation::step(&mut tx, id, step, from, input).await? {
        return Err(WebError::Conflict("Câu hỏi vừa được người khác xử lý; hãy tải lại trang.".into()));
    }
    state.commit(tx).await?;
    if step == QuestionStep::Publish {
        notify(&state, id);
    }
    Ok(Redirect::to(&format!("/quan-tri/hoi-dap/{id}?tb=da-luu")).into_response())
}

/// E-mails the published answer to the questioner in the background, when
/// an SMTP relay is configured; a failure is logged, the page is not held up.
fn notify(state: &AppState, id: i64) {
    let Some(smtp) = state.config.smtp.clone() else { return };
    let state = state.clone();
    tokio::spawn(async move {
        let result = async {
            let Some(q) = dost_store::participation::question(&state.db, id).await? else { return Ok(()) };
            let url = format!("{}/hoi-dap/{id}", state.config.base_url);
            let (subject, body) = dost_app::mail::answer_message(&q.title, &q.body, &q.answer, &q.unit, &url);
            let relay = dost_app::mail::Relay::new(&smtp)?;
            if relay.send(&q.name, &q.email, subject, body).await? {
                dost_store::participation::mark_notified(&state.db, id, state.clock.now()).await?;
            }
            Ok::<(), WebError>(())
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(error = %e, question = id, "the answer could not be e-mailed");
        }
    });
}

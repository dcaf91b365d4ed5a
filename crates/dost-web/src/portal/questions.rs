//! Questions and answers (Nghị định 42/2022): the published answers,
//! searchable by topic and by words without diacritics; a page per
//! question; the form to ask (the same gate as comments on drafts).

use std::sync::Arc;

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::format;
use dost_domain::participation::{TOPICS, check, public_name, topic_label};
use dost_domain::search::Query as SearchBox;
use dost_domain::text::fold;
use dost_domain::text::paragraphs;
use dost_store::participation::Question;

use super::public_form::{Admitted, Typed, admit};
use crate::http::query::Query;
use crate::http::respond::with_status;
use crate::http::{ClientAddr, PageHeaders, VnPath};
use crate::layout::{Crumb, Layout, Meta, render_and_respond};
use crate::view::Opt;
use crate::{AppState, WebError};

pub struct QuestionView {
    pub id: i64,
    pub title: String,
    pub topic: &'static str,
    pub asker: String,
    pub asked: String,
    pub question: Vec<String>,
    pub answer: Vec<String>,
    pub unit: String,
    pub published: String,
}

fn view(q: &Question) -> QuestionView {
    QuestionView {
        id: q.id,
        title: q.title.clone(),
        topic: topic_label(&q.topic),
        asker: public_name(&q.name),
        asked: format::date(format::vn_date(q.asked_at)),
        question: paragraphs(&q.body),
        answer: paragraphs(&q.answer),
        unit: q.unit.clone(),
        published: q.published_at.map(|t| format::date(format::vn_date(t))).unwrap_or_default(),
    }
}

fn topics(selected: &str) -> Vec<Opt> {
    TOPICS.iter().map(|(v, l)| Opt { value: (*v).into(), label: (*l).into(), selected: *v == selected }).collect()
}

#[derive(Template)]
#[template(path = "questions.html")]
struct QuestionsTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    q: String,
    topics: Vec<Opt>,
    rows: Vec<QuestionView>,
    total: String,
}

/// `GET /hoi-dap?linh-vuc=&q=`: the published answers.
pub async fn list(State(state): State<AppState>, cached: PageHeaders, query: Query) -> Result<Response, WebError> {
    let q: String = query.text("q").chars().take(200).collect();
    let topic = query.text("linh-vuc");
    let topic = if TOPICS.iter().any(|t| t.0 == topic) { topic } else { String::new() };
    let key = format!("/hoi-dap?linh-vuc={topic}&q={}", fold(&q));
    if let Some(hit) = state.cache.get(&key) {
        return Ok(crate::layout::respond(&state, &cached, &hit));
    }
    let search = SearchBox::of_box(&q);
    let rows: Vec<QuestionView> = dost_store::participation::published(&state.db)
        .await?
        .iter()
        .filter(|x| topic.is_empty() || x.topic == topic)
        .filter(|x| search.as_ref().is_none_or(|s| s.matches(&fold(&format!("{} {} {}", x.title, x.body, x.answer)))))
        .map(view)
        .collect();
    let mut meta = Meta::new(&state, "Hỏi đáp".into(), "/hoi-dap");
    meta.description = "Câu hỏi của người dân, doanh nghiệp và trả lời của Sở".into();
    meta.breadcrumb = vec![Crumb { name: "Hỏi đáp".into(), url: "/hoi-dap".into() }];
    meta.feed = Some("/rss/hoi-dap.xml".into());
    let t = QuestionsTemplate {
        meta,
        layout: state.layout.get(),
        total: format::int(rows.len() as i64),
        topics: topics(&topic),
        q,
        rows,
    };
    render_and_respond(&state, &cached, Some(key), &t)
}

#[derive(Template)]
#[template(path = "question.html")]
struct QuestionTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    x: QuestionView,
}

/// `GET /hoi-dap/{id}`: a published question and its answer.
pub async fn page(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    cached: PageHeaders,
) -> Result<Response, WebError> {
    let q = dost_store::participation::question(&state.db, id)
        .await?
        .filter(|q| q.state == "da_dang")
        .ok_or(WebError::NotFound)?;
    let path = format!("/hoi-dap/{id}");
    let mut meta = Meta::new(&state, q.title.clone(), &path);
    meta.description = format!("Hỏi đáp: {}", q.title);
    meta.breadcrumb = vec![
        Crumb { name: "Hỏi đáp".into(), url: "/hoi-dap".into() },
        Crumb { name: q.title.clone(), url: path.clone() },
    ];
    let t = QuestionTemplate { meta, layout: state.layout.get(), x: view(&q) };
    render_and_respond(&state, &cached, Some(path), &t)
}

#[derive(Template)]
#[template(path = "ask.html")]
struct AskTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    topics: Vec<Opt>,
    f: Typed,
    thanks: bool,
}

fn ask_page(state: &AppState, f: Typed, thanks: bool) -> AskTemplate {
    let mut meta = Meta::new(state, "Gửi câu hỏi".into(), "/hoi-dap/gui-cau-hoi");
    meta.noindex = thanks;
    meta.breadcrumb = vec![
        Crumb { name: "Hỏi đáp".into(), url: "/hoi-dap".into() },
        Crumb { name: "Gửi câu hỏi".into(), url: "/hoi-dap/gui-cau-hoi".into() },
    ];
    AskTemplate { meta, layout: state.layout.get(), topics: topics(&f.topic), f, thanks }
}

/// `GET /hoi-dap/gui-cau-hoi` (`?da-gui=1` after a question was sent).
pub async fn ask_form(State(state): State<AppState>, cached: PageHeaders, q: Query) -> Result<Response, WebError> {
    let t = ask_page(&state, Typed::default(), q.value("da-gui").is_some());
    render_and_respond(&state, &cached, None, &t)
}

/// `POST /hoi-dap/gui-cau-hoi`: a question, kept for the office to route.
pub async fn ask(
    State(state): State<AppState>,
    ClientAddr(ip): ClientAddr,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = match admit(&state, &headers, &ip, &body).await? {
        Admitted::Trapped => return Ok(Redirect::to("/hoi-dap/gui-cau-hoi?da-gui=1").into_response()),
        Admitted::Form(f) => f,
    };
    let mut typed = Typed::of(&form);
    let g = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let checked = check(g("ho_ten"), "", g("email"), Some(g("tieu_de")), g("noi_dung"));
    let topic_ok = TOPICS.iter().any(|t| t.0 == typed.topic);
    match checked {
        Ok(sent) if topic_ok => {
            let actor = super::visitor_actor(&sent.name, &ip);
            let mut tx = state.begin(&actor).await?;
            dost_store::participation::ask(&mut tx, &typed.topic, &sent, &ip).await?;
            state.commit(tx).await?;
            Ok(Redirect::to("/hoi-dap/gui-cau-hoi?da-gui=1").into_response())
        }
        other => {
            typed.errors = other.err().unwrap_or_default();
            if !topic_ok {
                typed.errors.push(("linh_vuc", "Hãy chọn lĩnh vực của câu hỏi.".into()));
            }
            Ok(with_status(ask_page(&state, typed, false).render()?, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}

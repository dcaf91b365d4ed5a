//! Drafts open for comment (Nghị định 42/2022): the list (open first), a
//! page per draft with its file and window, the comments shown after
//! moderation, the form while the window is open, and — once it closed —
//! the drafting unit's summary of the comments and how they were taken into
//! account. Closed drafts stay readable.

use std::sync::Arc;

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use dost_domain::format;
use dost_domain::participation::check;
use dost_domain::text::paragraphs;
use dost_store::participation::Draft;

use super::public_form::{Admitted, Typed, admit};
use crate::http::query::Query;
use crate::http::respond::with_status;
use crate::http::{ClientAddr, PageHeaders, VnPath};
use crate::layout::{Crumb, Layout, Meta, render_and_respond};
use crate::{AppState, WebError};

pub struct DraftView {
    pub id: i64,
    pub title: String,
    pub unit: String,
    pub window: String,
    /// "Đang lấy ý kiến", "Sắp lấy ý kiến", "Đã hết hạn góp ý".
    pub status: &'static str,
    pub open: bool,
    pub closed: bool,
    pub summary: String,
    pub file: String,
    pub result: Vec<String>,
    pub shown: String,
    pub received: String,
}

fn view(d: Draft, today: NaiveDate) -> DraftView {
    let open = d.opens_on <= today && today <= d.closes_on;
    let closed = today > d.closes_on;
    DraftView {
        id: d.id,
        window: format!("Từ ngày {} đến hết ngày {}", format::date(d.opens_on), format::date(d.closes_on)),
        status: if open {
            "Đang lấy ý kiến"
        } else if closed {
            "Đã hết hạn góp ý"
        } else {
            "Sắp lấy ý kiến"
        },
        open,
        closed,
        result: paragraphs(&d.result),
        shown: format::int(d.shown),
        received: format::int(d.received),
        title: d.title,
        unit: d.unit,
        summary: d.summary,
        file: d.file,
    }
}

#[derive(Template)]
#[template(path = "drafts.html")]
struct DraftsTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    open: Vec<DraftView>,
    others: Vec<DraftView>,
}

/// `GET /du-thao`: drafts open for comment first, then the others.
pub async fn list(State(state): State<AppState>, cached: PageHeaders) -> Result<Response, WebError> {
    let now = state.clock.now();
    // a draft opens and closes with the day: the day is part of the key
    let today = format::vn_date(now);
    let key = format!("/du-thao@{today}");
    if let Some(hit) = state.cache.get(&key) {
        return Ok(crate::layout::respond(&state, &cached, &hit));
    }
    let (open, others): (Vec<_>, Vec<_>) =
        dost_store::participation::drafts(&state.db).await?.into_iter().map(|d| view(d, today)).partition(|d| d.open);
    let mut meta = Meta::new(&state, "Lấy ý kiến dự thảo văn bản".into(), "/du-thao");
    meta.breadcrumb = vec![Crumb { name: "Lấy ý kiến dự thảo".into(), url: "/du-thao".into() }];
    meta.feed = Some("/rss/du-thao.xml".into());
    let t = DraftsTemplate { meta, layout: state.layout.get(), open, others };
    render_and_respond(&state, &cached, Some(key), &t)
}

pub struct CommentView {
    pub name: String,
    pub organisation: String,
    pub when: String,
    pub paragraphs: Vec<String>,
}

#[derive(Template)]
#[template(path = "draft.html")]
struct DraftTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    d: DraftView,
    comments: Vec<CommentView>,
    f: Typed,
    thanks: bool,
}

async fn draft_page(state: &AppState, id: i64, f: Typed, thanks: bool) -> Result<DraftTemplate, WebError> {
    let d = dost_store::participation::draft(&state.db, id).await?.ok_or(WebError::NotFound)?;
    let comments = dost_store::participation::shown_comments(&state.db, id)
        .await?
        .into_iter()
        .map(|c| CommentView {
            name: c.name,
            organisation: c.organisation,
            when: format::datetime_ts(c.created_at),
            paragraphs: paragraphs(&c.body),
        })
        .collect();
    let path = format!("/du-thao/{id}");
    let mut meta = Meta::new(state, d.title.clone(), &path);
    meta.description = format!("Lấy ý kiến dự thảo: {}", d.title);
    meta.breadcrumb = vec![
        Crumb { name: "Lấy ý kiến dự thảo".into(), url: "/du-thao".into() },
        Crumb { name: d.title.clone(), url: path },
    ];
    let d = view(d, format::vn_date(state.clock.now()));
    Ok(DraftTemplate { meta, layout: state.layout.get(), d, comments, f, thanks })
}

/// `GET /du-thao/{id}` (`?da-gui=1` after a comment was sent).
pub async fn page(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    cached: PageHeaders,
    q: Query,
) -> Result<Response, WebError> {
    let thanks = q.value("da-gui").is_some();
    let key = format!("/du-thao/{id}@{}", format::vn_date(state.clock.now()));
    if !thanks && let Some(hit) = state.cache.get(&key) {
        return Ok(crate::layout::respond(&state, &cached, &hit));
    }
    let t = draft_page(&state, id, Typed::default(), thanks).await?;
    render_and_respond(&state, &cached, (!thanks).then_some(key), &t)
}

/// `POST /du-thao/{id}/gop-y`: a comment, kept for moderation.
pub async fn comment(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    ClientAddr(ip): ClientAddr,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = match admit(&state, &headers, &ip, &body).await? {
        Admitted::Trapped => return Ok(Redirect::to(&format!("/du-thao/{id}?da-gui=1")).into_response()),
        Admitted::Form(f) => f,
    };
    let mut typed = Typed::of(&form);
    let draft = dost_store::participation::draft(&state.db, id).await?.ok_or(WebError::NotFound)?;
    let today = format::vn_date(state.clock.now());
    if today < draft.opens_on || today > draft.closes_on {
        typed.errors.push((
            "noi_dung",
            format!(
                "Dự thảo này chỉ nhận góp ý từ ngày {} đến hết ngày {}.",
                format::date(draft.opens_on),
                format::date(draft.closes_on)
            ),
        ));
        let t = draft_page(&state, id, typed, false).await?;
        return Ok(with_status(t.render()?, StatusCode::CONFLICT));
    }
    let g = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    match check(g("ho_ten"), g("co_quan"), g("email"), None, g("noi_dung")) {
        Err(problems) => {
            typed.errors = problems;
            let t = draft_page(&state, id, typed, false).await?;
            Ok(with_status(t.render()?, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Ok(sent) => {
            let actor = super::visitor_actor(&sent.name, &ip);
            let mut tx = state.begin(&actor).await?;
            dost_store::participation::add_comment(&mut tx, id, &sent, &ip).await?;
            state.commit(tx).await?;
            Ok(Redirect::to(&format!("/du-thao/{id}?da-gui=1")).into_response())
        }
    }
}

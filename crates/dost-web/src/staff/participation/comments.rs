//! Moderating comments on drafts: the waiting ones first; shown or refused
//! with one button each, audited.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::format;
use dost_domain::participation::COMMENT_STATES;
use serde::Deserialize;

use super::{Tab, paragraphs};
use crate::http::VnPath;
use crate::http::query::StaffQuery;
use crate::staff::extract::StaffForm;
use crate::staff::{Staff, StaffPage};
use crate::{AppState, WebError};

pub struct Row {
    pub id: i64,
    pub draft_id: i64,
    pub draft: String,
    pub sender: String,
    pub email: String,
    pub when: String,
    pub paragraphs: Vec<String>,
    pub moderated_by: String,
}

#[derive(Template)]
#[template(path = "staff/comments.html")]
struct CommentsTemplate {
    page: StaffPage,
    tabs: Vec<Tab>,
    state: &'static str,
    rows: Vec<Row>,
    may_moderate: bool,
}

/// `GET /quan-tri/gop-y?tt=cho_duyet`
pub async fn list(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let wanted = q.text("tt");
    let current = COMMENT_STATES.iter().find(|s| s.0 == wanted).map(|s| s.0).unwrap_or("cho_duyet");
    let mut tabs = Vec::new();
    let mut rows = Vec::new();
    let contacts = staff.may(dost_domain::access::Action::Read, dost_domain::access::Resource::PublicContacts);
    for (code, label) in COMMENT_STATES {
        let list = dost_store::participation::comments_in(&state.db, code).await?;
        tabs.push(Tab { code, label, count: list.len() as i64, active: *code == current });
        if *code == current {
            rows = list
                .into_iter()
                .map(|c| Row {
                    id: c.id,
                    draft_id: c.draft_id,
                    draft: c.draft_title,
                    sender: if c.organisation.is_empty() { c.name } else { format!("{}, {}", c.name, c.organisation) },
                    email: if contacts { c.email } else { String::new() },
                    when: format::datetime_ts(c.created_at),
                    paragraphs: paragraphs(&c.body),
                    moderated_by: c.moderated_by,
                })
                .collect();
        }
    }
    let t = CommentsTemplate {
        page: StaffPage::new(&staff, "Góp ý dự thảo", "/quan-tri/gop-y").with_flash(q.value("tb")),
        tabs,
        state: current,
        rows,
        may_moderate: staff.may(dost_domain::access::Action::Write, dost_domain::access::Resource::Participation),
    };
    Ok(crate::http::respond::no_store(t.render()?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    quyet_dinh: String,
    tt: String,
}

/// `POST /quan-tri/gop-y/{id}`: show (`dang`) or refuse (`khong_dang`) a comment.
pub async fn moderate(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffForm { staff, form }: StaffForm<Decision>,
) -> Result<Response, WebError> {
    let approve = match form.quyet_dinh.as_str() {
        "dang" => true,
        "khong_dang" => false,
        _ => return Err(WebError::BadRequest("Hãy chọn đăng hoặc không đăng.".into())),
    };
    let mut tx = state.begin(&staff.actor()).await?;
    if !dost_store::participation::moderate(&mut tx, id, approve).await? {
        return Err(WebError::NotFound);
    }
    state.commit(tx).await?;
    let back = COMMENT_STATES.iter().find(|s| s.0 == form.tt).map(|s| s.0).unwrap_or("cho_duyet");
    Ok(Redirect::to(&format!("/quan-tri/gop-y?tt={back}&tb=da-luu")).into_response())
}

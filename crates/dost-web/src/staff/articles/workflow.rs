//! Moving an article through the editorial workflow. Which role may take
//! which step is data (`workflow_rules`); nobody approves a text they wrote
//! or changed last unless a rule explicitly allows it on one's own text; a
//! writer submits only their own articles.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::access::{self, Resource};
use dost_domain::content::Article;
use dost_domain::format;
use dost_domain::workflow::{Action, WorkflowError, actions_from};
use serde::Deserialize;

use super::super::Staff;
use super::super::extract::StaffForm;
use super::load;
use crate::http::VnPath;
use crate::{AppState, WebError};

/// Actions this person may take on this article now.
pub(super) async fn allowed_actions(state: &AppState, staff: &Staff, a: &Article) -> Result<Vec<Action>, WebError> {
    let mut out = Vec::new();
    for action in actions_from(a.status) {
        if may_take(state, staff, a, action).await?.is_ok() {
            out.push(action);
        }
    }
    Ok(out)
}

/// Whether the person wrote the text or changed it last.
fn own_text(staff: &Staff, a: &Article) -> bool {
    a.created_by == Some(staff.user.id) || a.edited_by == Some(staff.user.id)
}

async fn may_take(
    state: &AppState,
    staff: &Staff,
    a: &Article,
    action: Action,
) -> Result<Result<(), WorkflowError>, WebError> {
    // who keeps the workflow rules (the access table: accounts and rules) is not bound by them
    if staff.may(access::Action::Write, Resource::Accounts) {
        return Ok(Ok(()));
    }
    let own = a.created_by == Some(staff.user.id);
    if action == Action::Submit && !own && !staff.may(access::Action::Read, Resource::AllArticles) {
        return Ok(Err(WorkflowError::RoleMayNot(action.label())));
    }
    // approving one's own text takes a rule that says so
    let on_own = action == Action::Approve && own_text(staff, a);
    let ok =
        dost_store::editorial::rule_allows(&state.db, staff.role().as_str(), action, a.primary_category_id, on_own)
            .await?;
    Ok(match (ok, on_own) {
        (true, _) => Ok(()),
        (false, true) => Err(WorkflowError::OwnText),
        (false, false) => Err(WorkflowError::RoleMayNot(action.label())),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    action: String,
    note: Option<String>,
    at: Option<String>,
}

pub async fn transition(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffForm { staff, form }: StaffForm<Step>,
) -> Result<Response, WebError> {
    let a = load(&state, &staff, id).await?;
    let action = Action::parse(&form.action).ok_or_else(|| WebError::BadRequest("Thao tác không hợp lệ.".into()))?;
    let to = action.apply(a.status).map_err(|e| WebError::BadRequest(e.to_string()))?;
    if let Err(e) = may_take(&state, &staff, &a, action).await? {
        return Err(WebError::Forbidden(e.to_string()));
    }
    let note = form.note.as_deref().unwrap_or("").trim().to_string();
    if action.needs_note() && note.is_empty() {
        return Err(WebError::BadRequest(WorkflowError::NoteRequired.to_string()));
    }
    let at = form.at.as_deref().unwrap_or("").trim();
    let publish_at = if action == Action::Publish && !at.is_empty() {
        Some(format::parse_datetime(at).ok_or_else(|| {
            WebError::BadRequest("Thời điểm đăng không hợp lệ; hãy nhập theo mẫu 06/10/2020 15:00.".into())
        })?)
    } else {
        None
    };
    let mut tx = state.begin(&staff.actor()).await?;
    let moved = dost_store::editorial::transition(&mut tx, a.id, action, (a.status, to), &note, publish_at).await?;
    if !moved {
        return Err(WebError::BadRequest("Bài viết vừa được người khác chuyển trạng thái; hãy tải lại trang.".into()));
    }
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/bai-viet/{}?tb=da-chuyen", a.id)).into_response())
}

//! Changes to a live article follow the workflow rules like a new text: a
//! person whose rules do not let them approve their own text and publish it
//! (an editor, by default) saves the change beside the article, which stays
//! on the portal as published; someone who may approve it (not its author,
//! unless a rule allows one's own text) approves it, and someone who may
//! publish writes it into the article. It can also be returned.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::content::Article;
use dost_domain::format;
use dost_domain::roles::Role;
use dost_domain::workflow::{Action, Status};
use dost_store::article_changes::{self, State as PendingState};
use dost_store::editorial::{Draft, Saved};
use serde::Deserialize;

use super::super::Staff;
use super::super::extract::StaffForm;
use super::load;
use crate::http::VnPath;
use crate::{AppState, WebError};

async fn rule(state: &AppState, staff: &Staff, action: Action, a: &Article, own: bool) -> Result<bool, WebError> {
    Ok(dost_store::editorial::rule_allows(&state.db, staff.role().as_str(), action, a.primary_category_id, own).await?)
}

/// Whether this person's edit of this article reaches the portal at once:
/// always for an article that is not live; for a live one only when the
/// rules let the person approve their own text and publish it.
pub(super) async fn edit_goes_live(state: &AppState, staff: &Staff, a: &Article) -> Result<bool, WebError> {
    if a.status != Status::Published || staff.role() == Role::Administrator {
        return Ok(true);
    }
    Ok(rule(state, staff, Action::Approve, a, true).await? && rule(state, staff, Action::Publish, a, false).await?)
}

/// Saves an edit of article `a`: into the article, or beside it as a change
/// waiting for approval. Returns the outcome and whether it waits.
pub(super) async fn save(
    state: &AppState,
    staff: &Staff,
    a: &Article,
    version: i64,
    draft: Draft,
    note: &str,
) -> Result<(Saved, bool), WebError> {
    let live = edit_goes_live(state, staff, a).await?;
    let mut tx = state.begin(&staff.actor()).await?;
    let saved = if live {
        dost_store::editorial::update(&mut tx, a.id, version, draft, note).await?
    } else {
        article_changes::propose(&mut tx, a.id, version, draft, note).await?
    };
    if matches!(saved, Saved::Ok { .. }) {
        state.commit(tx).await?;
    }
    Ok((saved, !live))
}

/// What the edit page says of a waiting change, and what the person may do with it.
pub struct PendingView {
    pub label: &'static str,
    pub by: String,
    pub at: String,
    /// (action code, button label)
    pub actions: Vec<(&'static str, &'static str)>,
}

async fn may(state: &AppState, staff: &Staff, a: &Article, p: &article_changes::Pending, what: &str) -> bool {
    if staff.role() == Role::Administrator {
        return true;
    }
    let own = p.by == Some(staff.user.id);
    let allowed = match (what, p.state) {
        ("duyet", PendingState::Submitted) => rule(state, staff, Action::Approve, a, own).await,
        ("dang", PendingState::Approved) => rule(state, staff, Action::Publish, a, false).await,
        ("tra-lai", _) => rule(state, staff, Action::Return, a, false).await,
        _ => Ok(false),
    };
    allowed.unwrap_or(false)
}

/// The waiting change of article `a`, as the edit page shows it.
pub(super) async fn view(
    state: &AppState,
    staff: &Staff,
    a: &Article,
) -> Result<Option<(PendingView, Draft)>, WebError> {
    let Some(p) = article_changes::pending(&state.db, a.id).await? else { return Ok(None) };
    let mut actions = Vec::new();
    for (code, label) in [("duyet", "Duyệt bản sửa"), ("dang", "Đăng bản sửa"), ("tra-lai", "Trả lại bản sửa")]
    {
        if may(state, staff, a, &p, code).await {
            actions.push((code, label));
        }
    }
    let by = match p.by {
        Some(id) => dost_store::accounts::user_by_id(&state.db, id).await?.map(|u| u.display_name).unwrap_or_default(),
        None => String::new(),
    };
    let view = PendingView { label: p.state.label(), by, at: format::datetime_ts(p.at), actions };
    Ok(Some((view, p.draft)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    action: String,
    note: Option<String>,
}

/// `POST /quan-tri/bai-viet/{id}/ban-sua`: approves, publishes or returns
/// the change waiting beside a live article.
pub async fn change(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffForm { staff, form }: StaffForm<Step>,
) -> Result<Response, WebError> {
    let a = load(&state, &staff, id).await?;
    let p = article_changes::pending(&state.db, a.id)
        .await?
        .ok_or_else(|| WebError::Conflict("Bài không có bản sửa nào đang chờ duyệt.".into()))?;
    if !matches!(form.action.as_str(), "duyet" | "dang" | "tra-lai") {
        return Err(WebError::BadRequest("Thao tác không hợp lệ.".into()));
    }
    if !may(&state, &staff, &a, &p, &form.action).await {
        return Err(WebError::Forbidden(match form.action.as_str() {
            "duyet" if p.by == Some(staff.user.id) => "Không ai tự duyệt bản sửa của mình.".into(),
            "dang" if p.state == PendingState::Submitted => "Bản sửa cần được duyệt trước khi đăng.".into(),
            _ => "Bạn không được làm thao tác này với bản sửa.".into(),
        }));
    }
    let note = form.note.as_deref().unwrap_or("").trim().to_string();
    if form.action == "tra-lai" && note.is_empty() {
        return Err(WebError::BadRequest("Hãy ghi ý kiến khi trả lại bản sửa.".into()));
    }
    let mut tx = state.begin(&staff.actor()).await?;
    let done = match form.action.as_str() {
        "duyet" => article_changes::approve(&mut tx, a.id).await?,
        "dang" => article_changes::publish(&mut tx, a.id).await?,
        _ => article_changes::give_back(&mut tx, a.id, &note).await?,
    };
    if !done {
        return Err(WebError::Conflict("Bản sửa vừa được người khác xử lý; hãy tải lại trang.".into()));
    }
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/bai-viet/{}?tb=da-chuyen", a.id)).into_response())
}

//! Approving the content registers' records for the portal (legal
//! documents, disclosures, drafts, the schedule): a record a unit's staff
//! saves waits until the unit's head, a leader or an editor approves it;
//! what an approver saves is published at once. One page lists what waits.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::access::{Action, Resource};
use dost_domain::registers::{REGISTERS, Register, needs_approval, show};
use dost_store::Tx;

use super::{Staff, StaffPage};
use crate::http::VnPath;
use crate::http::query::StaffQuery;
use crate::staff::extract::StaffPairs;
use crate::{AppState, WebError};

/// Whether the person publishes the register's records (approving them).
pub fn may_publish(staff: &Staff, r: &Register) -> bool {
    needs_approval(r) && staff.may(Action::Write, Resource::Publish(r.owners))
}

/// Publishes records just saved when the person saving them may approve
/// them; true when they wait for approval.
pub async fn publish_if_allowed(tx: &mut Tx, staff: &Staff, r: &Register, ids: &[i64]) -> Result<bool, WebError> {
    if !needs_approval(r) {
        return Ok(false);
    }
    if may_publish(staff, r) {
        dost_store::registers::approve(tx, r, ids).await?;
        return Ok(false);
    }
    Ok(true)
}

pub struct Waiting {
    pub slug: &'static str,
    pub title: &'static str,
    pub records: Vec<(i64, String)>,
}

#[derive(Template)]
#[template(path = "staff/pending.html")]
struct PendingTemplate {
    page: StaffPage,
    registers: Vec<Waiting>,
}

/// `GET /quan-tri/cho-duyet`: what waits for the person's approval.
pub async fn pending(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let mut registers = Vec::new();
    for r in REGISTERS.iter().filter(|r| may_publish(&staff, r)) {
        let mut records = Vec::new();
        for id in dost_store::registers::pending_ids(&state.db, r).await? {
            if let Some(values) = dost_store::registers::get(&state.db, r, id).await? {
                let text: Vec<String> = r
                    .columns
                    .iter()
                    .zip(&values)
                    .take(4)
                    .map(|(c, v)| show(c, v, &Default::default()))
                    .filter(|s| !s.is_empty())
                    .collect();
                records.push((id, text.join(" · ")));
            }
        }
        registers.push(Waiting { slug: r.slug, title: r.title, records });
    }
    let t = PendingTemplate {
        page: StaffPage::new(&staff, "Chờ duyệt đăng", "/quan-tri/cho-duyet").with_flash(q.value("tb")),
        registers,
    };
    Ok(crate::http::respond::no_store(t.render()?))
}

/// `POST /quan-tri/so/{register}/{id}/duyet`: publishes one record.
pub async fn approve(
    State(state): State<AppState>,
    VnPath((slug, id)): VnPath<(String, i64)>,
    StaffPairs { staff, .. }: StaffPairs,
) -> Result<Response, WebError> {
    let r = dost_domain::registers::find(&slug).ok_or(WebError::NotFound)?;
    if !may_publish(&staff, r) {
        return Err(WebError::Forbidden(
            "Chỉ trưởng đơn vị giữ sổ, lãnh đạo Sở hoặc biên tập viên mới duyệt đăng được.".into(),
        ));
    }
    let mut tx = state.begin(&staff.actor()).await?;
    if dost_store::registers::approve(&mut tx, r, &[id]).await?.is_empty() {
        return Err(WebError::Conflict("Bản ghi không có hoặc đã được duyệt.".into()));
    }
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/cho-duyet?tb=da-luu").into_response())
}

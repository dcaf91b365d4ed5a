//! Approving records of the registers the portal publishes (legal documents,
//! disclosures, drafts, the schedule, the introduction, the leaders, the
//! procedures): what the public sees is what was approved. A new record a
//! unit's staff saves waits until the head of the unit keeping it, a leader
//! or an editor approves it; a change to a published record by someone who
//! may not publish it waits beside the record, which stays public as
//! approved until the change is approved. What an approver saves is
//! published at once. A draft is kept by its drafting unit alone. One page
//! lists what waits.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::access::{Action, Resource};
use dost_domain::format;
use dost_domain::registers::{FieldKind, REGISTERS, Refs, Register, Value, needs_approval, record_unit_column, show};
use dost_store::Tx;

use super::{Staff, StaffPage};
use crate::http::VnPath;
use crate::http::query::StaffQuery;
use crate::staff::extract::StaffPairs;
use crate::{AppState, WebError};

/// The units that keep this record today: its own unit where the register
/// keeps each record with one unit (a draft with its drafting unit, or the
/// unit that took it over), otherwise the units keeping the register.
pub fn record_keepers(staff: &Staff, r: &Register, values: &[Value], refs: &Refs) -> Vec<String> {
    let own = record_unit_column(r)
        .and_then(|name| r.columns.iter().position(|c| c.name == name && c.kind == FieldKind::Unit))
        .and_then(|i| match values.get(i) {
            Some(Value::Int(id)) => refs.units.iter().find(|u| u.0 == *id).map(|u| u.1.clone()),
            _ => None,
        });
    match own {
        Some(code) => vec![staff.org.current(&code, staff.today).to_string()],
        None => staff.org.keepers(&r.kind(), staff.today).into_iter().map(str::to_string).collect(),
    }
}

fn as_refs(keepers: &[String]) -> Vec<&str> {
    keepers.iter().map(String::as_str).collect()
}

/// Changing a record: the staff of a unit keeping it (403 otherwise).
pub fn require_change(staff: &Staff, keepers: &[String]) -> Result<(), WebError> {
    staff.require(Action::Write, Resource::Records(&as_refs(keepers)))
}

/// Whether the person publishes (approves) the records these units keep.
pub fn may_publish(staff: &Staff, r: &Register, keepers: &[String]) -> bool {
    needs_approval(r) && staff.may(Action::Write, Resource::Publish(&as_refs(keepers)))
}

/// Publishes records just saved when the person saving them may approve
/// them; true when they wait for approval.
pub async fn publish_if_allowed(
    tx: &mut Tx,
    staff: &Staff,
    r: &Register,
    keepers: &[String],
    ids: &[i64],
) -> Result<bool, WebError> {
    if !needs_approval(r) {
        return Ok(false);
    }
    if may_publish(staff, r, keepers) {
        dost_store::registers::approve(tx, r, ids).await?;
        return Ok(false);
    }
    Ok(true)
}

/// What became of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// Written (and published, where the register is published).
    Written,
    /// Kept as a change waiting for approval; the portal shows the record as approved.
    Waits,
    /// Another record already has the unique columns' values.
    Duplicate,
}

/// Saves a change to record `id`: a published record of a register that
/// needs approval changes only as a proposal unless the person may publish
/// it; anything else is written at once.
pub async fn save_change(
    db: &dost_store::Db,
    tx: &mut Tx,
    staff: &Staff,
    r: &Register,
    id: i64,
    values: &[Value],
    keepers: &[String],
) -> Result<Saved, WebError> {
    let approver = may_publish(staff, r, keepers);
    let published = dost_store::registers::is_approved(db, r, id).await?;
    if needs_approval(r) && published && !approver {
        // the unique columns are checked now: the approver must not meet a refusal later
        if dost_store::registers::duplicate(db, r, values, Some(id)).await? {
            return Ok(Saved::Duplicate);
        }
        dost_store::registers::propose(tx, r, id, values).await?;
        return Ok(Saved::Waits);
    }
    let written = if approver {
        dost_store::registers::update_approved(tx, r, id, values).await?
    } else {
        dost_store::registers::update(tx, r, id, values).await?
    };
    if !written {
        return Err(WebError::NotFound);
    }
    Ok(Saved::Written)
}

pub struct Waiting {
    pub slug: &'static str,
    pub title: &'static str,
    pub records: Vec<WaitingRecord>,
}

/// A record waiting for approval, as listed.
pub struct WaitingRecord {
    pub id: i64,
    /// The record's first values, as shown.
    pub text: String,
    /// For a proposed change to a published record.
    pub change: Option<ProposedChange>,
}

/// A change proposed to a published record, as the approver reads it.
pub struct ProposedChange {
    pub by: String,
    pub at: String,
    pub values: Vec<ChangedValue>,
}

/// One value a proposal changes.
pub struct ChangedValue {
    pub label: &'static str,
    pub was: String,
    pub becomes: String,
}

#[derive(Template)]
#[template(path = "staff/pending.html")]
struct PendingTemplate {
    page: StaffPage,
    registers: Vec<Waiting>,
}

async fn refs(state: &AppState) -> Result<Refs, WebError> {
    super::registers::lookups(state).await
}

/// `GET /quan-tri/cho-duyet`: what waits for the person's approval.
pub async fn pending(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let l = refs(&state).await?;
    let mut registers = Vec::new();
    for r in REGISTERS.iter().filter(|r| needs_approval(r)) {
        if record_unit_column(r).is_none() && !may_publish(&staff, r, &record_keepers(&staff, r, &[], &l)) {
            continue;
        }
        let mut records = Vec::new();
        for id in dost_store::registers::pending_ids(&state.db, r).await? {
            let Some(values) = dost_store::registers::get(&state.db, r, id).await? else { continue };
            if !may_publish(&staff, r, &record_keepers(&staff, r, &values, &l)) {
                continue;
            }
            let shown: Vec<String> =
                r.columns.iter().zip(&values).take(4).map(|(c, v)| show(c, v, &l)).filter(|s| !s.is_empty()).collect();
            let change = dost_store::registers::proposal(&state.db, r, id).await?.map(|p| {
                let values = r
                    .columns
                    .iter()
                    .zip(values.iter().zip(&p.values))
                    .filter(|(_, (was, now))| was != now)
                    .map(|(c, (was, now))| ChangedValue {
                        label: c.label,
                        was: show(c, was, &l),
                        becomes: show(c, now, &l),
                    })
                    .collect();
                ProposedChange { by: p.by, at: format::datetime_ts(p.at), values }
            });
            records.push(WaitingRecord { id, text: shown.join(" · "), change });
        }
        if !records.is_empty() || record_unit_column(r).is_none() {
            registers.push(Waiting { slug: r.slug, title: r.title, records });
        }
    }
    let t = PendingTemplate {
        page: StaffPage::new(&staff, "Chờ duyệt đăng", "/quan-tri/cho-duyet").with_flash(q.value("tb")),
        registers,
    };
    Ok(crate::http::respond::no_store(t.render()?))
}

/// The register and record named in the address, once the person may
/// approve it (the head of the unit keeping it, a leader, an editor).
async fn approvable(state: &AppState, staff: &Staff, slug: &str, id: i64) -> Result<&'static Register, WebError> {
    let r = dost_domain::registers::find(slug).ok_or(WebError::NotFound)?;
    if !needs_approval(r) {
        return Err(WebError::NotFound);
    }
    let values = dost_store::registers::get(&state.db, r, id).await?.ok_or(WebError::NotFound)?;
    if !may_publish(staff, r, &record_keepers(staff, r, &values, &refs(state).await?)) {
        return Err(WebError::Forbidden(
            "Chỉ trưởng đơn vị giữ bản ghi, lãnh đạo Sở hoặc biên tập viên mới duyệt đăng được.".into(),
        ));
    }
    Ok(r)
}

/// `POST /quan-tri/so/{register}/{id}/duyet`: publishes one record, or the
/// change proposed to it.
pub async fn approve(
    State(state): State<AppState>,
    VnPath((slug, id)): VnPath<(String, i64)>,
    StaffPairs { staff, .. }: StaffPairs,
) -> Result<Response, WebError> {
    let r = approvable(&state, &staff, &slug, id).await?;
    let mut tx = state.begin(&staff.actor()).await?;
    if dost_store::registers::approve(&mut tx, r, &[id]).await?.is_empty() {
        return Err(WebError::Conflict("Bản ghi không có hoặc đã được duyệt.".into()));
    }
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/cho-duyet?tb=da-luu").into_response())
}

/// `POST /quan-tri/so/{register}/{id}/khong-duyet`: drops the change
/// proposed to a published record; the record stays as approved.
pub async fn refuse(
    State(state): State<AppState>,
    VnPath((slug, id)): VnPath<(String, i64)>,
    StaffPairs { staff, .. }: StaffPairs,
) -> Result<Response, WebError> {
    let r = approvable(&state, &staff, &slug, id).await?;
    let mut tx = state.begin(&staff.actor()).await?;
    if !dost_store::registers::drop_proposal(&mut tx, r, id).await? {
        return Err(WebError::Conflict("Bản ghi không có đề nghị sửa nào đang chờ duyệt.".into()));
    }
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/cho-duyet?tb=da-luu").into_response())
}

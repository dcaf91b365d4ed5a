//! Recording a task's next step, or an event while it runs, evidenced by a
//! document (kind, number, date, signer) and, when there is one, its scan:
//! uploaded with the step and kept where only staff who may read the task
//! can open it.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::media::{FileKind, check_upload, stored_name};
use dost_domain::tasks::{self as rules, DocKind, EventKind, Evidence, Stage};
use dost_store::tasks::NewEvent;
use serde::Deserialize;

use super::super::extract::StaffUpload;
use super::super::work::date;
use super::load_for_writing;
use super::show::task_page;
use crate::http::VnPath;
use crate::http::cookies::random_hex;
use crate::http::form::Pairs;
use crate::{AppState, WebError};

/// Largest scan of a step's document.
pub const MAX_SCAN_BYTES: u64 = 30 * 1024 * 1024;

/// The folder of the uploads that are never served publicly.
pub const PRIVATE_FOLDER: &str = "noi-bo";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepForm {
    kind: String,
    date: String,
    doc_kind: String,
    doc_number: String,
    doc_date: String,
    doc_signer: String,
    note: String,
    new_end: Option<String>,
    result: Option<String>,
}

/// Records the next step, or an event while the task runs.
pub async fn record(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    upload: StaffUpload<MAX_SCAN_BYTES>,
) -> Result<Response, WebError> {
    let staff = &upload.staff;
    let task = load_for_writing(&state, staff, id).await?;
    let p: StepForm = Pairs(upload.fields.clone().into_iter().collect()).decode()?;
    let kind = EventKind::parse(&p.kind).ok_or_else(|| WebError::BadRequest("Loại sự kiện không hợp lệ.".into()))?;
    let (Some(on), Some(doc_date)) = (date(&p.date), date(&p.doc_date)) else {
        let m = "Ngày và ngày văn bản phải theo dạng dd/mm/yyyy.".to_string();
        return task_page(&state, staff, &task, Some(m), None).await;
    };
    let doc_kind = DocKind::parse(&p.doc_kind).unwrap_or(DocKind::Decision);
    let evidence = Evidence {
        kind: doc_kind,
        number: p.doc_number.trim().into(),
        date: doc_date,
        signer: p.doc_signer.trim().into(),
    };
    // the task's history and the rules in force on the step's day
    let history = dost_store::tasks::events(&state.db, task.row.id).await?;
    let book = dost_store::rules::rule_book(&state.db).await?;
    let scope = dost_domain::rules::Scope::of_level(task.row.level);
    let limit = match (book.number("gia_han_so_lan", scope, on), book.number("gia_han_so_thang", scope, on)) {
        (Ok(count), Ok(months)) => {
            let basis = book.in_force("gia_han_so_lan", scope, on).map(|r| r.basis.clone()).unwrap_or_default();
            Some((count, months, basis))
        }
        _ => None,
    };
    let ctx = rules::StepContext {
        rating: task.acceptance_rating,
        last_step: history.last().map(|e| e.date),
        planned_end: task.planned_end,
        extended_end: task.extended_end,
        extensions: history.iter().filter(|e| e.kind == EventKind::Extend).count() as u32,
        extension_limit: limit,
    };
    let new_end = p.new_end.as_deref().and_then(date);
    let to = match rules::record_step(&ctx, task.row.stage, kind, &evidence, on, new_end) {
        Ok(s) => s,
        Err(e) => return task_page(&state, staff, &task, Some(e.to_string()), None).await,
    };
    // the scan, checked by its content, kept in the private folder
    let scan = match &upload.file {
        None => None,
        Some(f) => match check_upload(&f.name, &f.head, f.size) {
            Ok(k @ (FileKind::Pdf | FileKind::Docx | FileKind::Png | FileKind::Jpeg)) => Some((f, k)),
            Ok(_) => {
                let m = "Tệp văn bản đã quét phải là PDF, DOCX, PNG hoặc JPEG.".to_string();
                return task_page(&state, staff, &task, Some(m), None).await;
            }
            Err(e) => return task_page(&state, staff, &task, Some(e.to_string()), None).await,
        },
    };
    let result = p.result.as_deref().unwrap_or("").trim().to_string();
    let rel =
        scan.as_ref().map(|(f, k)| format!("{PRIVATE_FOLDER}/van-ban/{}", stored_name(&f.name, &random_hex(6), *k)));
    let e = NewEvent {
        kind,
        to,
        date: on,
        doc_kind: doc_kind.code(),
        doc_number: &evidence.number,
        doc_date,
        doc_signer: &evidence.signer,
        note: p.note.trim(),
        extended_end: if kind == EventKind::Extend { new_end } else { None },
        result_summary: (to == Stage::Recognized && !result.is_empty()).then_some(result.as_str()),
        doc_file: rel.as_deref(),
    };
    if let (Some(rel), Some(upload_file)) = (&rel, upload.file) {
        let target = state.config.uploads_dir.join(rel);
        if let Some(dir) = target.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        upload_file.file.persist(&target).map_err(|e| WebError::Io(e.error))?;
    }
    let mut tx = state.begin(&upload.staff.actor()).await?;
    if !dost_store::tasks::record(&mut tx, task.row.id, task.row.stage, &e).await? {
        drop(tx);
        if let Some(rel) = &rel {
            let _ = tokio::fs::remove_file(state.config.uploads_dir.join(rel)).await;
        }
        return Err(WebError::BadRequest("Nhiệm vụ vừa được người khác ghi bước mới; hãy tải lại trang.".into()));
    }
    if to == Stage::OfficialAcceptance {
        dost_store::tasks::close_deadlines(&mut tx, task.row.id, dost_domain::tasks::DeadlineKind::ContractEnd, on)
            .await?;
    }
    // the registration duties of Thông tư 14/2014 become deadlines by themselves
    if kind == EventKind::Advance
        && let Some((duty, due)) = rules::registration_duty(to, on)
    {
        dost_store::tasks::add_deadline(&mut tx, task.row.id, duty, due, duty.label()).await?;
    }
    if to == Stage::ResultsRegistered {
        let duty = dost_domain::tasks::DeadlineKind::ResultRegistration;
        dost_store::tasks::close_deadlines(&mut tx, task.row.id, duty, on).await?;
    }
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/nhiem-vu/{}?tb=da-luu", task.row.id)).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawForm {
    /// The id of the step shown as the latest (so a step recorded meanwhile is not withdrawn).
    step: i64,
    reason: String,
}

/// `POST /quan-tri/nhiem-vu/{id}/rut-buoc`: the unit head withdraws the latest
/// step recorded by mistake, with the reason (kept in the audit log).
pub async fn withdraw(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    super::super::extract::StaffForm { staff, form: p }: super::super::extract::StaffForm<WithdrawForm>,
) -> Result<Response, WebError> {
    let task = load_for_writing(&state, &staff, id).await?;
    if !staff.may(dost_domain::access::Action::Write, dost_domain::access::Resource::TaskCorrections) {
        return Err(WebError::Forbidden("Chỉ trưởng đơn vị rút được bước đã ghi nhầm.".into()));
    }
    let reason = p.reason.trim();
    if reason.chars().count() < 5 || reason.chars().count() > 500 {
        let m = "Hãy ghi lý do rút bước (từ 5 đến 500 ký tự).".to_string();
        return task_page(&state, &staff, &task, Some(m), None).await;
    }
    let history = dost_store::tasks::events(&state.db, task.row.id).await?;
    // an extension recorded before its new end was kept cannot be undone safely
    if history.last().is_some_and(|e| e.kind == EventKind::Extend && e.new_end.is_none()) {
        let m = "Bước gia hạn này được ghi trước khi hệ thống lưu ngày kết thúc mới nên không rút được; hãy ghi một bước điều chỉnh.".to_string();
        return task_page(&state, &staff, &task, Some(m), None).await;
    }
    let mut tx = state.begin(&staff.actor()).await?;
    if dost_store::tasks::withdraw_last_step(&mut tx, task.row.id, p.step, reason).await?.is_none() {
        drop(tx);
        return Err(WebError::BadRequest("Bước này không còn là bước ghi gần nhất; hãy tải lại trang.".into()));
    }
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/nhiem-vu/{}?tb=da-luu", task.row.id)).into_response())
}

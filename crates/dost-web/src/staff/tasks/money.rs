//! A task's contract, instalments planned and paid, settlement, deadlines
//! and checks: one small form each, posted to one address.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::tasks as rules;
use serde::Deserialize;

use super::super::extract::StaffForm;
use super::super::work::date;
use super::load_for_writing;
use super::show::task_page;
use crate::http::VnPath;
use crate::{AppState, WebError};

/// The fields of the task page's small forms (each posts some of them).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoneyForm {
    action: String,
    date: String,
    number: Option<String>,
    amount: Option<String>,
    instalment: Option<String>,
    kind: Option<String>,
    note: Option<String>,
    status: Option<String>,
    findings: Option<String>,
}

/// Contract, instalments, settlement and checks of a task (one form each).
pub async fn money_and_checks(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffForm { staff, form: p }: StaffForm<MoneyForm>,
) -> Result<Response, WebError> {
    let task = load_for_writing(&state, &staff, id).await?;
    let text = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_string();
    let Some(on) = date(&p.date) else {
        return task_page(&state, &staff, &task, Some("Ngày phải theo dạng dd/mm/yyyy.".into()), None).await;
    };
    let amount = match text(&p.amount).as_str() {
        "" => Some(0),
        a => dost_domain::format::parse_whole(a),
    };
    let tid = task.row.id;
    let contract = dost_store::tasks::contract(&state.db, tid).await?;
    let mut tx = state.begin(&staff.actor()).await?;
    let error = match p.action.as_str() {
        "hop_dong" => match (text(&p.number), amount) {
            (n, _) if n.is_empty() => Some("Cần ghi số hợp đồng.".to_string()),
            (_, None) | (_, Some(0)) => Some("Giá trị hợp đồng phải là số đồng lớn hơn 0.".into()),
            (n, Some(v)) => {
                dost_store::tasks::save_contract(&mut tx, tid, &n, on, v).await?;
                None
            }
        },
        "dot_cap" => match (amount, &contract) {
            (None | Some(0), _) => Some("Số tiền phải là số đồng lớn hơn 0.".into()),
            (_, None) => Some("Hãy ghi hợp đồng trước khi thêm đợt cấp kinh phí.".to_string()),
            (Some(v), Some(c)) => {
                let planned: Vec<i64> = c.instalments.iter().map(|i| i.planned).collect();
                match rules::check_instalment(c.value, &planned, v) {
                    Err(e) => Some(e.to_string()),
                    Ok(()) => (!dost_store::tasks::add_instalment(&mut tx, tid, on, v).await?)
                        .then(|| "Hãy ghi hợp đồng trước khi thêm đợt cấp kinh phí.".to_string()),
                }
            }
        },
        "tra" => {
            let which: i64 = text(&p.instalment).parse().unwrap_or(0);
            let instalment = contract.as_ref().and_then(|c| c.instalments.iter().find(|i| i.id == which));
            match (amount, instalment) {
                (None, _) => Some("Số tiền phải là số đồng.".into()),
                (_, None) => Some("Không có đợt cấp này.".to_string()),
                (Some(v), Some(i)) => match rules::check_payment(i.planned, v) {
                    Err(e) => Some(e.to_string()),
                    Ok(()) => (!dost_store::tasks::pay_instalment(&mut tx, tid, which, v, on).await?)
                        .then(|| "Không có đợt cấp này.".to_string()),
                },
            }
        }
        "thanh_ly" => match (&contract, amount) {
            (None, _) => Some("Nhiệm vụ chưa có hợp đồng để thanh lý.".to_string()),
            (_, None | Some(0)) => Some("Hãy ghi số kinh phí được quyết toán (đồng) khi thanh lý.".to_string()),
            (Some(c), Some(approved)) => {
                let paid: i64 = c.instalments.iter().map(|i| i.paid).sum();
                match rules::settlement(c.value, paid, approved) {
                    Err(e) => Some(e.to_string()),
                    Ok(diff) => (!dost_store::tasks::settle_contract(&mut tx, tid, on, approved, diff).await?)
                        .then(|| "Nhiệm vụ chưa có hợp đồng để thanh lý.".to_string()),
                }
            }
        },
        "han" => match dost_domain::tasks::DeadlineKind::parse(&text(&p.kind)) {
            None => Some("Loại hạn không hợp lệ.".into()),
            Some(kind) => {
                dost_store::tasks::add_deadline(&mut tx, tid, kind, on, &text(&p.note)).await?;
                None
            }
        },
        "kiem_tra" => {
            let kind = text(&p.kind);
            let status = text(&p.status);
            if !matches!(kind.as_str(), "kiem_tra" | "thanh_tra")
                || !matches!(status.as_str(), "ke_hoach" | "da_thuc_hien")
            {
                Some("Hình thức hoặc tình trạng kiểm tra không hợp lệ.".into())
            } else {
                dost_store::tasks::add_inspection(&mut tx, tid, on, (&kind, &status), &text(&p.findings)).await?;
                None
            }
        }
        _ => Some("Thao tác không hợp lệ.".into()),
    };
    match error {
        Some(e) => {
            drop(tx);
            task_page(&state, &staff, &task, Some(e), None).await
        }
        None => {
            state.commit(tx).await?;
            Ok(Redirect::to(&format!("/quan-tri/nhiem-vu/{tid}?tb=da-luu")).into_response())
        }
    }
}

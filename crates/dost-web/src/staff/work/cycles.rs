//! `/quan-tri/kiem-dinh/chu-ky`: verification cycles by instrument type, as
//! rules in force from a day (a verification is judged by the rule in force
//! on its date, so a new rule never changes past records).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::format;
use serde::Deserialize;

use super::super::extract::StaffForm;
use super::super::{Staff, StaffPage, flash, no_store_checked};
use super::date;
use crate::http::query::StaffQuery;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "staff/cycles.html")]
struct CyclesTemplate {
    page: StaffPage,
    form_error: Option<String>,
    types: Vec<TypeRow>,
}

/// An instrument type with its cycle rules, as shown.
pub struct TypeRow {
    pub id: i64,
    pub name: String,
    pub field: &'static str,
    /// Each rule as "từ dd/mm/yyyy: N tháng".
    pub rules: Vec<String>,
}

async fn render(
    state: &AppState,
    staff: &Staff,
    form_error: Option<String>,
    message: Option<String>,
) -> Result<Response, WebError> {
    let types = dost_store::work::instrument_types(&state.db)
        .await?
        .into_iter()
        .map(|t| TypeRow {
            id: t.id,
            field: dost_domain::registers::field_label(&t.field),
            rules: t
                .cycles
                .iter()
                .map(|c| format!("từ {}: {} tháng", format::date(c.effective_from), c.months))
                .collect(),
            name: t.name,
        })
        .collect();
    let mut page = StaffPage::new(staff, "Chu kỳ kiểm định", "/quan-tri/so");
    page.flash = message;
    let t = CyclesTemplate { page, form_error: form_error.clone(), types };
    Ok(no_store_checked(t.render()?, form_error.is_some()))
}

pub async fn page(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    render(&state, &staff, None, flash(q.value("tb"))).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CycleForm {
    #[serde(rename = "type")]
    kind: String,
    from: String,
    months: String,
}

pub async fn add(
    State(state): State<AppState>,
    StaffForm { staff, form: p }: StaffForm<CycleForm>,
) -> Result<Response, WebError> {
    let Ok(type_id) = p.kind.trim().parse::<i64>() else {
        return render(&state, &staff, Some("Hãy chọn loại phương tiện đo.".into()), None).await;
    };
    let Some(from) = date(&p.from) else {
        return render(&state, &staff, Some("Ngày áp dụng phải theo dạng dd/mm/yyyy.".into()), None).await;
    };
    let months = match p.months.trim().parse::<i64>() {
        Ok(m) if (1..=240).contains(&m) => m,
        _ => return render(&state, &staff, Some("Chu kỳ phải là số tháng từ 1 đến 240.".into()), None).await,
    };
    let mut tx = state.begin(&staff.actor()).await?;
    if !dost_store::work::add_cycle(&mut tx, type_id, from, months).await? {
        let m = format!("Loại phương tiện này đã có quy định chu kỳ áp dụng từ ngày {}.", format::date(from));
        return render(&state, &staff, Some(m), None).await;
    }
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/kiem-dinh/chu-ky?tb=da-luu").into_response())
}

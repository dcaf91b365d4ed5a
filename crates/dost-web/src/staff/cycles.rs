//! `/quan-tri/kiem-dinh/chu-ky`: verification cycles by instrument type, as
//! rules in force from a day (a verification is judged by the rule in force
//! on its date, so a new rule never changes past records).

use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::format;

use super::form::{date, get, pairs};
use super::work_forms::require_verifiers;
use super::{Staff, StaffPage, flash, no_store_checked};
use crate::portal::parse_query;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "staff/cycles.html")]
struct CyclesTemplate {
    page: StaffPage,
    form_error: Option<String>,
    /// (type id, type name, field, rules as "từ dd/mm/yyyy: N tháng")
    types: Vec<(i64, String, &'static str, Vec<String>)>,
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
        .map(|(id, name, field, cycles)| {
            let rules = cycles.iter().map(|(from, m)| format!("từ {}: {} tháng", format::date(*from), m)).collect();
            (id, name, super::leadership::field_label(&field), rules)
        })
        .collect();
    let mut page = StaffPage::new(staff, "Chu kỳ kiểm định", "/quan-tri/so");
    page.flash = message;
    let t = CyclesTemplate { page, form_error: form_error.clone(), types };
    Ok(no_store_checked(t.render()?, form_error.is_some()))
}

pub async fn page(State(state): State<AppState>, staff: Staff, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    require_verifiers(&state, &staff).await?;
    let q = parse_query(raw.as_deref())?;
    render(&state, &staff, None, flash(q.get("tb").map(String::as_str))).await
}

pub async fn add(State(state): State<AppState>, staff: Staff, body: Bytes) -> Result<Response, WebError> {
    require_verifiers(&state, &staff).await?;
    let p = pairs(&body)?;
    staff.check_csrf(&get(&p, "csrf"))?;
    let Ok(type_id) = get(&p, "type").parse::<i64>() else {
        return render(&state, &staff, Some("Hãy chọn loại phương tiện đo.".into()), None).await;
    };
    let Some(from) = date(&get(&p, "from")) else {
        return render(&state, &staff, Some("Ngày áp dụng phải theo dạng dd/mm/yyyy.".into()), None).await;
    };
    let months = match get(&p, "months").parse::<i64>() {
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

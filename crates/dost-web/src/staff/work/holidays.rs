//! `/quan-tri/ngay-nghi`: public holidays as data, per year (Tết and the
//! substituted days are announced each year), used for working-day deadlines.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use dost_domain::format;
use serde::Deserialize;

use super::super::extract::StaffForm;
use super::super::{Staff, StaffPage, flash, no_store_checked};
use super::date;
use crate::http::query::StaffQuery;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "staff/holidays.html")]
struct HolidaysTemplate {
    page: StaffPage,
    year: i32,
    form_error: Option<String>,
    days: Vec<HolidayRow>,
}

/// A holiday, as shown.
pub struct HolidayRow {
    /// dd/mm/yyyy, also what the removal form posts.
    pub day: String,
    pub weekday: String,
    pub name: String,
}

async fn render(
    state: &AppState,
    staff: &Staff,
    year: i32,
    form_error: Option<String>,
    message: Option<String>,
) -> Result<Response, WebError> {
    let days = dost_store::work::holidays_of(&state.db, year)
        .await?
        .into_iter()
        .map(|h| HolidayRow { day: format::date(h.day), weekday: weekday(h.day), name: h.name })
        .collect();
    let mut page = StaffPage::new(staff, format!("Ngày nghỉ lễ, Tết năm {year}"), "/quan-tri/ngay-nghi");
    page.flash = message;
    let t = HolidaysTemplate { page, year, form_error: form_error.clone(), days };
    Ok(no_store_checked(t.render()?, form_error.is_some()))
}

fn weekday(d: chrono::NaiveDate) -> String {
    ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
        [d.weekday().num_days_from_monday() as usize]
        .to_string()
}

pub async fn page(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let today = format::vn_date(state.clock.now());
    let year = match q.get("nam").map(|s| s.trim().parse::<i32>()) {
        None => today.year(),
        Some(Ok(y)) if (2000..=2100).contains(&y) => y,
        Some(_) => return Err(WebError::BadRequest("Năm không hợp lệ.".into())),
    };
    render(&state, &staff, year, None, flash(q.value("tb"))).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayForm {
    day: String,
    name: Option<String>,
    xoa: Option<String>,
}

/// Adds a day (`name` given) or removes it (`xoa=1`).
pub async fn save(
    State(state): State<AppState>,
    StaffForm { staff, form: p }: StaffForm<HolidayForm>,
) -> Result<Response, WebError> {
    let today = format::vn_date(state.clock.now());
    let Some(day) = date(&p.day) else {
        let m = "Ngày phải theo dạng dd/mm/yyyy.".to_string();
        return render(&state, &staff, today.year(), Some(m), None).await;
    };
    let name = p.name.as_deref().unwrap_or("").trim().to_string();
    let remove = p.xoa.as_deref() == Some("1");
    if !remove && name.is_empty() {
        return render(&state, &staff, day.year(), Some("Hãy ghi tên ngày nghỉ (ví dụ: Tết Nguyên đán).".into()), None)
            .await;
    }
    let name = (!remove).then_some(name.as_str());
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::work::set_holiday(&mut tx, day, name).await?;
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/ngay-nghi?nam={}&tb=da-luu", day.year())).into_response())
}

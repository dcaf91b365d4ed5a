//! `/quan-tri/ke-hoach`: the year's plan indicators against what the records
//! show up to a day (verifications and sales counted, other indicators typed).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use dost_domain::format;
use dost_domain::registers::{Progress, progress_source};

use super::{Staff, StaffPage, no_store_checked};
use crate::http::encode;
use crate::http::query::StaffQuery;
use crate::{AppState, WebError};

pub struct Row {
    pub unit: String,
    pub name: String,
    pub target: String,
    pub done: String,
    pub figure: String,
    pub link: String,
    pub reached: bool,
}

#[derive(Template)]
#[template(path = "staff/plans.html")]
struct PlansTemplate {
    page: StaffPage,
    year: i32,
    to: String,
    form_error: Option<String>,
    rows: Vec<Row>,
}

pub async fn page(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let today = format::vn_date(state.clock.now());
    let mut form_error = None;
    let year = match q.get("nam").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => today.year(),
        Some(s) => match s.parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => y,
            _ => {
                form_error = Some(format!("Năm «{s}» không hợp lệ."));
                today.year()
            }
        },
    };
    let year_start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
    let to = match q.get("den").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => today.clamp(year_start, year_end),
        Some(s) => match super::work::date(s) {
            Some(d) if d >= year_start && d <= year_end => d,
            _ => {
                form_error = Some(format!("Ngày «{s}» phải là một ngày của năm {year}, dạng dd/mm/yyyy."));
                year_end
            }
        },
    };
    let db = &state.db;
    // the same figures as the report and the dashboard, for the year so far
    let so_far = dost_domain::report::Period { from: year_start, to, kind: None };
    let figures = dost_store::report::figures(db, &so_far).await?;
    let period = super::period::query(&so_far);
    let rows = dost_store::work::plan_indicators(db, i64::from(year))
        .await?
        .into_iter()
        .map(|p| {
            let (done, link) = match progress_source(&p.code) {
                Progress::Verifications(field) => (
                    Some(
                        figures
                            .verification
                            .iter()
                            .find(|v| v.field == field)
                            .map(|v| v.ytd_ids.len() as i64)
                            .unwrap_or(0),
                    ),
                    format!("/quan-tri/so-lieu/kiem-dinh?{period}&loai={}", encode(&field)),
                ),
                Progress::Sales(product) => {
                    let sold = figures.sales.iter().find(|s| s.code == product);
                    (
                        Some(sold.map(|s| s.ytd_quantity).unwrap_or(0)),
                        format!("/quan-tri/so/ban-hang?{period}&loai={}", sold.map(|s| s.product_id).unwrap_or(0)),
                    )
                }
                Progress::Typed => (
                    figures.typed_plans.iter().find(|t| t.id == p.id).and_then(|t| t.achieved),
                    format!("/quan-tri/so/ket-qua-chi-tieu?loai={}", p.id),
                ),
            };
            Row {
                target: format!("{} {}", format::int(p.target), p.measure),
                done: done.map(format::int).unwrap_or_else(|| "chưa ghi".into()),
                figure: done.map(|d| format::plan_vs_done(d, p.target)).unwrap_or_default(),
                link,
                reached: done.is_some_and(|d| d >= p.target),
                unit: p.unit,
                name: p.name,
            }
        })
        .collect();
    let t = PlansTemplate {
        page: StaffPage::new(&staff, format!("Kế hoạch năm {year}"), "/quan-tri/lanh-dao"),
        year,
        to: format::date(to),
        form_error: form_error.clone(),
        rows,
    };
    Ok(no_store_checked(t.render()?, form_error.is_some()))
}

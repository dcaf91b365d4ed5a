//! The task list (a unit sees its own tasks; leaders all), with filters,
//! and the same list as XLSX and CSV.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use dost_domain::access::{Action, Resource};
use dost_domain::format;
use dost_domain::tasks::{Level, Stage};
use dost_domain::text::fold;
use dost_store::tasks::Filter;

use super::super::{Opt, Staff, StaffPage, download, no_store};
use super::{period, readable};
use crate::http::query::StaffQuery;
use crate::{AppState, WebError};

pub struct RowView {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub level: &'static str,
    pub investigator: String,
    pub period: String,
    pub stage: &'static str,
}

#[derive(Template)]
#[template(path = "staff/tasks.html")]
struct ListTemplate {
    page: StaffPage,
    query: String,
    can_manage: bool,
    q: String,
    levels: Vec<Opt>,
    stages: Vec<Opt>,
    rows: Vec<RowView>,
}

pub async fn list(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let text = q.text("q");
    let level = q.text("cap");
    let stage = q.text("buoc");
    let rows = filtered(&state, &staff, &q).await?;
    let page = StaffPage::new(&staff, "Nhiệm vụ KH&CN", "/quan-tri/nhiem-vu").with_flash(q.value("tb"));
    let t = ListTemplate {
        page,
        query: format!(
            "q={}&cap={}&buoc={}",
            crate::http::encode(&text),
            crate::http::encode(&level),
            crate::http::encode(&stage)
        ),
        can_manage: staff.may(Action::Write, Resource::Tasks),
        levels: Level::ALL
            .iter()
            .map(|l| Opt { value: l.code().into(), label: l.label().into(), selected: l.code() == level })
            .collect(),
        stages: Stage::ALL
            .iter()
            .map(|s| Opt { value: s.code().into(), label: s.label().into(), selected: s.code() == stage })
            .collect(),
        rows: rows
            .into_iter()
            .map(|r| RowView {
                id: r.id,
                period: period(r.start_date, r.end_date),
                level: r.level.label(),
                stage: r.stage.label(),
                code: r.code,
                title: r.title,
                investigator: r.investigator,
            })
            .collect(),
        q: text,
    };
    Ok(no_store(t.render()?))
}

fn export_rows(rows: &[dost_store::tasks::Row]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            vec![
                r.code.clone(),
                r.title.clone(),
                r.level.label().to_string(),
                r.field.clone(),
                r.lead_org.clone(),
                r.investigator.clone(),
                r.start_date.map(format::date).unwrap_or_default(),
                r.end_date.map(format::date).unwrap_or_default(),
                r.stage.label().to_string(),
            ]
        })
        .collect()
}

const EXPORT_HEADER: [&str; 9] = [
    "Mã số",
    "Tên nhiệm vụ",
    "Cấp",
    "Lĩnh vực",
    "Tổ chức chủ trì",
    "Chủ nhiệm",
    "Bắt đầu",
    "Kết thúc",
    "Bước hiện tại",
];

/// The tasks the filters ask for, among those the person may read.
async fn filtered(state: &AppState, staff: &Staff, q: &StaffQuery) -> Result<Vec<dost_store::tasks::Row>, WebError> {
    let text = q.text("q");
    let level = q.text("cap");
    let stages = match q.get("buoc").map(String::as_str) {
        None | Some("") => vec![],
        Some(s) => vec![Stage::parse(s).ok_or_else(|| WebError::BadRequest("Bước không hợp lệ.".into()))?],
    };
    let like = if text.trim().is_empty() {
        String::new()
    } else {
        format!("%{}%", fold(text.trim()).replace(['%', '_', '\\'], ""))
    };
    let rows = dost_store::tasks::list(&state.db, &Filter { level, stages, like, ..Default::default() }).await?;
    Ok(rows.into_iter().filter(|r| readable(staff, &r.unit_code)).collect())
}

/// The filtered list as XLSX.
pub async fn export_xlsx(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    use dost_export::xlsx::{Cell, Sheet, workbook};
    let rows = filtered(&state, &staff, &q).await?;
    let widths = [16.0, 60.0, 22.0, 22.0, 40.0, 28.0, 12.0, 12.0, 24.0];
    let columns: Vec<(&str, f64)> = EXPORT_HEADER.iter().copied().zip(widths).collect();
    let bytes = workbook(&[Sheet {
        name: "Nhiệm vụ",
        title: "Danh sách nhiệm vụ KH&CN",
        columns: &columns,
        rows: export_rows(&rows).into_iter().map(|r| r.into_iter().map(Cell::Text).collect()).collect(),
    }])
    .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(download(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "nhiem-vu-khcn.xlsx"))
}

/// The filtered list as CSV (UTF-8 with BOM, for Excel).
pub async fn export_csv(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let rows = filtered(&state, &staff, &q).await?;
    Ok(download(
        dost_export::csv::write(&EXPORT_HEADER, &export_rows(&rows)),
        "text/csv; charset=utf-8",
        "nhiem-vu-khcn.csv",
    ))
}

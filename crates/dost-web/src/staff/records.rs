//! Lists of the records behind figures. `/quan-tri/so-lieu/{area}` lists
//! the records a period's figures count (verifications, dossiers,
//! inspections, the portal's posts), from the same figures as the report and
//! the dashboard, with XLSX/CSV downloads; [`open`] shows any figure's
//! records (also the report's drill-down) by the one drill-down rule.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use dost_domain::access::{Action, Resource};
use dost_domain::format;
use dost_domain::report::drill;
use dost_store::records::Records;

use super::{Opt, Staff, StaffPage, download, no_store_checked, period};
use crate::http::VnPath;
use crate::http::query::StaffQuery;
use crate::{AppState, WebError};

/// Records of one table as a page shows them.
pub struct Shown {
    pub records: Records,
    /// Where each row can be corrected (empty: nowhere for this person).
    pub edit: Vec<String>,
}

/// Records of a table the person may not open: counted, not shown.
pub struct Withheld {
    pub label: &'static str,
    pub count: String,
}

/// Whether the person may open the records of a table (the drill-down rule):
/// the keeping units' records by the access table; the portal's public posts
/// to whoever reads the department's figures.
pub fn may_open_table(staff: &Staff, table: &str) -> bool {
    match dost_domain::access::kind_of_table(table) {
        Some(kind) => staff.may(Action::Read, Resource::Keeps(&kind)),
        None => staff.may(Action::Read, Resource::Figures),
    }
}

/// The records of these groups, each shown or withheld by the drill-down rule.
pub async fn open(
    state: &AppState,
    staff: &Staff,
    groups: &[(&'static str, Vec<i64>)],
) -> Result<(Vec<Shown>, Vec<Withheld>), WebError> {
    let (mut shown, mut withheld) = (Vec::new(), Vec::new());
    for (table, ids) in groups {
        if !may_open_table(staff, table) {
            let count = format::int(ids.len() as i64);
            withheld.push(Withheld { label: dost_store::records::label(table), count });
            continue;
        }
        let records = dost_store::records::records(&state.db, table, ids).await?;
        let edit = match *table {
            "verifications" if staff.may_keep(Action::Write, dost_domain::organisation::VERIFICATIONS) => {
                records.rows.iter().map(|r| format!("/quan-tri/kiem-dinh/{}", r.id)).collect()
            }
            _ => Vec::new(),
        };
        shown.push(Shown { records, edit });
    }
    Ok((shown, withheld))
}

#[derive(Template)]
#[template(path = "staff/records.html")]
struct RecordsTemplate {
    page: StaffPage,
    heading: &'static str,
    action: String,
    from: String,
    to: String,
    query: String,
    filter_label: &'static str,
    filter_options: Vec<Opt>,
    form_error: Option<String>,
    total: String,
    tables: Vec<Shown>,
    withheld: Vec<Withheld>,
}

/// One sheet of every table shown (a "Loại" column first when there are several).
fn flat(tables: &[Shown]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let several = tables.len() > 1;
    let mut header: Vec<&'static str> = tables.first().map(|t| t.records.header.clone()).unwrap_or_default();
    if several {
        header.insert(0, "Loại");
    }
    let rows = tables
        .iter()
        .flat_map(|t| {
            t.records.rows.iter().map(move |r| {
                let mut cells = r.cells.clone();
                if several {
                    cells.insert(0, t.records.label.to_string());
                }
                cells
            })
        })
        .collect();
    (header, rows)
}

/// `/quan-tri/so-lieu/{area}`: the records of an area's figures for a period, of one kind.
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(slug): VnPath<String>,
    q: StaffQuery,
) -> Result<Response, WebError> {
    let area = drill::area(&slug).ok_or(WebError::NotFound)?;
    if !may_open_table(&staff, area.table) {
        return Err(WebError::Forbidden(
            "Danh sách này thuộc đơn vị khác: chỉ đơn vị đó và Lãnh đạo Sở xem được.".into(),
        ));
    }
    let kind = q.text("loai");
    if !area.knows(&kind) {
        return Err(WebError::BadRequest(format!("{} «{kind}» không có.", area.filter_label)));
    }
    let today = format::vn_date(state.clock.now());
    let (period, form_error) = period::chosen(&q, today);
    let figures = dost_store::report::figures(&state.db, &period).await?;
    let (tables, withheld) = open(&state, &staff, &figures.drill(area, &kind)).await?;
    match q.value("dinh-dang") {
        None => {}
        Some("xlsx") => {
            use dost_export::xlsx::{Cell, Sheet, workbook};
            let (header, rows) = flat(&tables);
            let columns: Vec<(&str, f64)> = header.iter().map(|h| (*h, 20.0)).collect();
            let title = format!("{} từ {} đến {}", area.heading, format::date(period.from), format::date(period.to));
            let bytes = workbook(&[Sheet {
                name: "Số liệu",
                title: &title,
                columns: &columns,
                rows: rows.into_iter().map(|r| r.into_iter().map(Cell::Text).collect()).collect(),
            }])
            .map_err(|e| WebError::Internal(e.to_string()))?;
            let kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            return Ok(download(bytes, kind, &format!("{slug}.xlsx")));
        }
        Some("csv") => {
            let (header, rows) = flat(&tables);
            let bytes = dost_export::csv::write(&header, &rows);
            return Ok(download(bytes, "text/csv; charset=utf-8", &format!("{slug}.csv")));
        }
        Some(_) => return Err(WebError::BadRequest("Định dạng tải về chỉ có xlsx hoặc csv.".into())),
    }
    let total = tables.iter().map(|t| t.records.rows.len()).sum::<usize>() as i64;
    let t = RecordsTemplate {
        page: StaffPage::new(&staff, area.heading, "/quan-tri/lanh-dao"),
        heading: area.heading,
        action: format!("/quan-tri/so-lieu/{slug}"),
        from: format::date(period.from),
        to: format::date(period.to),
        query: format!("{}&loai={}", period::query(&period), crate::http::encode(&kind)),
        filter_label: area.filter_label,
        filter_options: area
            .kinds
            .iter()
            .map(|(v, l)| Opt { selected: *v == kind, value: (*v).into(), label: (*l).into() })
            .collect(),
        form_error: form_error.clone(),
        total: format::int(total),
        tables,
        withheld,
    };
    Ok(no_store_checked(t.render()?, form_error.is_some()))
}

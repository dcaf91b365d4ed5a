//! The simple registers (`/quan-tri/so/{register}`): plan indicators, the
//! centre's sales and services, outreach, fund cases, advisory documents.
//! One description per register (`dost_domain::registers`) drives the list
//! with its filters, the form with errors next to each field, the XLSX/CSV
//! export and the XLSX import with its template.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use dost_domain::access::{Action, Resource};
use dost_domain::format;
use dost_domain::registers::{self, FieldKind, REGISTERS, Refs, Register, Value};
use dost_export::xlsx::{Cell, Sheet, table, workbook};
use dost_store::registers::Filter;

use super::publication;
use super::sheet_import::{self, Import, Upload};
use super::{Opt, Staff, StaffPage, download, no_store, no_store_checked};
use crate::http::query::StaffQuery;
use crate::http::{VnPath, encode};
use crate::{AppState, WebError};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Records shown on a register's page (downloads have them all).
const SHOWN: i64 = 2_000;

/// Products, units and fund cases, to show and read references.
pub(super) type Lookups = Refs;

pub(super) async fn lookups(state: &AppState) -> Result<Lookups, WebError> {
    Ok(Refs {
        products: dost_store::registers::products(&state.db).await?,
        units: dost_store::registers::units(&state.db).await?,
        fund_cases: dost_store::registers::fund_cases(&state.db).await?,
        plan_indicators: dost_store::registers::typed_plan_indicators(&state.db).await?,
    })
}

/// The register at `slug` with its lookups, once the person may read it (or write in it).
pub(super) async fn opened(
    state: &AppState,
    staff: &Staff,
    slug: &str,
    write: bool,
) -> Result<(&'static Register, Lookups), WebError> {
    let r = registers::find(slug).ok_or(WebError::NotFound)?;
    if write {
        require_write(staff, r)?
    } else {
        require_read(staff, r)?
    }
    Ok((r, lookups(state).await?))
}

/// Writing: the units that keep the register today (the access table).
fn may_write(staff: &Staff, r: &Register) -> bool {
    staff.may(Action::Write, Resource::Keeps(&r.kind()))
}

/// Reading: the department's leaders, or the units that keep the register.
fn require_read(staff: &Staff, r: &Register) -> Result<(), WebError> {
    staff.require(Action::Read, Resource::Keeps(&r.kind()))
}

pub(super) fn require_write(staff: &Staff, r: &Register) -> Result<(), WebError> {
    staff.require(Action::Write, Resource::Keeps(&r.kind()))
}

#[derive(Template)]
#[template(path = "staff/registers.html")]
struct IndexTemplate {
    page: StaffPage,
    /// (may read, may write) verifications and dossiers.
    verifications: (bool, bool),
    dossiers: (bool, bool),
    registers: Vec<RegisterLink>,
}

/// A register this person may open, with the units that keep it.
pub struct RegisterLink {
    pub slug: &'static str,
    pub title: &'static str,
    /// The keeping units' names, comma-separated.
    pub owners: String,
}

/// `/quan-tri/so`: the registers this person may open.
pub async fn index(State(state): State<AppState>, staff: Staff) -> Result<Response, WebError> {
    let l = lookups(&state).await?;
    let list: Vec<_> = REGISTERS
        .iter()
        .filter(|r| require_read(&staff, r).is_ok())
        .map(|r| {
            let keepers = staff.org.keepers(&r.kind(), staff.today);
            let owner: Vec<&str> =
                l.units.iter().filter(|u| keepers.contains(&u.1.as_str())).map(|u| u.2.as_str()).collect();
            RegisterLink { slug: r.slug, title: r.title, owners: owner.join(", ") }
        })
        .collect();
    // the two records with pages of their own: shown (and their actions) only to who may open them
    use dost_domain::access::Action::{Read, Write};
    let of = |r| (staff.may(Read, r), staff.may(Write, r));
    let (verifications, dossiers) = (of(super::VERIFICATIONS), of(super::DOSSIERS));
    if list.is_empty() && !verifications.0 && !dossiers.0 {
        return Err(WebError::Forbidden("Đơn vị của bạn không giữ sổ ghi nhận nào.".into()));
    }
    let t = IndexTemplate {
        page: StaffPage::new(&staff, "Sổ ghi nhận công tác", "/quan-tri/so"),
        registers: list,
        verifications,
        dossiers,
    };
    Ok(no_store(t.render()?))
}

#[derive(Template)]
#[template(path = "staff/register_list.html")]
struct ListTemplate {
    page: StaffPage,
    r: &'static Register,
    has_period: bool,
    from: String,
    to: String,
    kind_label: String,
    kind_options: Vec<Opt>,
    query: String,
    form_error: Option<String>,
    can_write: bool,
    /// Only the latest records are shown.
    cut: bool,
    header: Vec<&'static str>,
    /// Whether each column holds counts or money (right-aligned, totalled).
    numeric: Vec<bool>,
    rows: Vec<RecordRow>,
    /// The totals of the numeric columns over the rows shown (empty cells elsewhere).
    totals: Option<Vec<String>>,
}

/// The totals row: the sum of each count or money column (none without such
/// a column or with fewer than two records).
fn totals(r: &Register, records: &[(i64, Vec<Value>)], cut: bool) -> Option<Vec<String>> {
    let numeric = |c: &dost_domain::registers::Column| matches!(c.kind, FieldKind::Count | FieldKind::Money);
    if records.len() < 2 || !r.columns.iter().any(numeric) {
        return None;
    }
    Some(
        r.columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if !numeric(c) {
                    return match (i, cut) {
                        (0, false) => "Tổng cộng".to_string(),
                        (0, true) => "Tổng các bản ghi hiển thị".to_string(),
                        _ => String::new(),
                    };
                }
                let sum: i64 = records
                    .iter()
                    .map(|(_, v)| match v.get(i) {
                        Some(Value::Int(n)) => *n,
                        _ => 0,
                    })
                    .sum();
                dost_domain::format::int(sum)
            })
            .collect(),
    )
}

/// A record of a register, as shown.
pub struct RecordRow {
    pub id: i64,
    /// Saved, not yet approved for the portal.
    pub pending: bool,
    /// One cell per column.
    pub cells: Vec<String>,
}

fn kind_options(r: &Register, l: &Lookups, chosen: &str) -> (String, Vec<Opt>) {
    let Some(c) = r.kind_column.and_then(|k| r.columns.iter().find(|c| c.name == k)) else {
        return (String::new(), Vec::new());
    };
    let opts = match c.kind {
        FieldKind::Choice(o) => o.iter().map(|(v, l)| ((*v).to_string(), (*l).to_string())).collect(),
        FieldKind::Product => l.products.iter().map(|p| (p.0.to_string(), p.2.clone())).collect(),
        _ => Vec::new(),
    };
    (
        c.label.to_string(),
        opts.into_iter().map(|(value, label)| Opt { selected: value == chosen, value, label }).collect(),
    )
}

/// The list, with the period and kind filters, and its XLSX/CSV download.
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(slug): VnPath<String>,
    q: StaffQuery,
) -> Result<Response, WebError> {
    let (r, l) = opened(&state, &staff, &slug, false).await?;
    let mut form_error = None;
    let mut filter = Filter { kind: q.get("loai").cloned().unwrap_or_default(), ..Default::default() };
    for (key, slot) in [("tu", &mut filter.from), ("den", &mut filter.to)] {
        match q.get(key).map(|s| s.trim()).filter(|s| !s.is_empty()) {
            None => {}
            Some(s) => match super::work::date(s) {
                Some(d) => *slot = Some(d),
                None => form_error = Some(format!("Ngày «{s}» không hợp lệ; hãy nhập theo mẫu 30/09/2020.")),
            },
        }
    }
    if let (Some(f), Some(t)) = (filter.from, filter.to)
        && t < f
    {
        form_error = Some("Ngày kết thúc của kỳ không được trước ngày bắt đầu.".into());
    }
    let (kind_label, kind_options) = kind_options(r, &l, &filter.kind);
    if !filter.kind.is_empty() && !kind_options.iter().any(|o| o.value == filter.kind) {
        return Err(WebError::BadRequest(format!("{kind_label} không hợp lệ.")));
    }
    let downloading = q.contains_key("dinh-dang");
    let mut records = if form_error.is_some() {
        Vec::new()
    } else {
        // the page shows the latest records; a download has them all
        dost_store::registers::list(&state.db, r, &filter, if downloading { i64::MAX } else { SHOWN + 1 }).await?
    };
    let pending = dost_store::registers::pending_ids(&state.db, r).await?;
    let cut = !downloading && records.len() as i64 > SHOWN;
    records.truncate(if cut { SHOWN as usize } else { records.len() });
    let header: Vec<&'static str> = r.columns.iter().map(|c| c.label).collect();
    let shown = |values: &[Value]| -> Vec<String> {
        r.columns.iter().zip(values).map(|(c, v)| registers::show(c, v, &l)).collect()
    };
    match q.get("dinh-dang").map(String::as_str) {
        Some("xlsx") => {
            let cells = records
                .iter()
                .map(|(_, values)| {
                    r.columns
                        .iter()
                        .zip(values)
                        .map(|(c, v)| match (c.kind, v) {
                            (FieldKind::Count | FieldKind::Money, Value::Int(n)) => Cell::Int(*n),
                            _ => Cell::Text(registers::show(c, v, &l)),
                        })
                        .collect()
                })
                .collect();
            let columns: Vec<(&str, f64)> = header.iter().map(|h| (*h, 22.0)).collect();
            let bytes = workbook(&[Sheet { name: "Số liệu", title: r.title, columns: &columns, rows: cells }])
                .map_err(|e| WebError::Internal(e.to_string()))?;
            return Ok(download(bytes, XLSX, &format!("{slug}.xlsx")));
        }
        Some("csv") => {
            let rows: Vec<Vec<String>> = records.iter().map(|(_, v)| shown(v)).collect();
            return Ok(download(
                dost_export::csv::write(&header, &rows),
                "text/csv; charset=utf-8",
                &format!("{slug}.csv"),
            ));
        }
        Some(_) => return Err(WebError::BadRequest("Định dạng tải về chỉ có xlsx hoặc csv.".into())),
        None => {}
    }
    let date_text = |d: Option<chrono::NaiveDate>| d.map(format::date).unwrap_or_default();
    let (from, to) = (date_text(filter.from), date_text(filter.to));
    let t = ListTemplate {
        page: StaffPage::new(&staff, r.title, "/quan-tri/so"),
        r,
        has_period: r.date_column.is_some(),
        query: format!("tu={}&amp;den={}&amp;loai={}", encode(&from), encode(&to), encode(&filter.kind)),
        from,
        to,
        kind_label,
        kind_options,
        form_error: form_error.clone(),
        can_write: may_write(&staff, r),
        cut,
        header,
        totals: totals(r, &records, cut),
        numeric: r.columns.iter().map(|c| matches!(c.kind, FieldKind::Count | FieldKind::Money)).collect(),
        rows: records
            .iter()
            .map(|(id, v)| RecordRow { id: *id, pending: pending.contains(id), cells: shown(v) })
            .collect(),
    };
    Ok(no_store_checked(t.render()?, form_error.is_some()))
}

/// The import template: the header row and one example row.
pub async fn template(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(slug): VnPath<String>,
) -> Result<Response, WebError> {
    let (r, l) = opened(&state, &staff, &slug, true).await?;
    let columns: Vec<(&str, f64)> = r.columns.iter().map(|c| (c.label, 24.0)).collect();
    let example: Vec<Cell> = r
        .columns
        .iter()
        .map(|c| {
            Cell::Text(match c.kind {
                FieldKind::Date => "30/09/2020".into(),
                FieldKind::Year => "2020".into(),
                FieldKind::Count | FieldKind::OptionalNumber => "10".into(),
                FieldKind::Money => "30.000.000".into(),
                FieldKind::Choice(o) => o.first().map(|x| x.1.to_string()).unwrap_or_default(),
                FieldKind::Product => l.products.first().map(|p| p.2.clone()).unwrap_or_default(),
                FieldKind::Unit => {
                    let keepers = staff.org.keepers(&r.kind(), staff.today);
                    l.units.iter().find(|u| keepers.contains(&u.1.as_str())).map(|u| u.2.clone()).unwrap_or_default()
                }
                FieldKind::FundCase => l.fund_cases.first().map(|c| c.2.clone()).unwrap_or_default(),
                FieldKind::PlanIndicator => l.plan_indicators.first().map(|c| c.2.clone()).unwrap_or_default(),
                FieldKind::YesNo => "Không".into(),
                FieldKind::Text => String::new(),
            })
        })
        .collect();
    let bytes = table("Mẫu nhập", &columns, &[example]).map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(download(bytes, XLSX, &format!("mau-nhap-{slug}.xlsx")))
}

fn import_place(r: &Register) -> Import {
    Import {
        title: format!("Nhập «{}» từ bảng tính", r.title),
        back: format!("/quan-tri/so/{}", r.slug),
        action: format!("/quan-tri/so/{}/nhap", r.slug),
        template_url: format!("/quan-tri/so/{}/mau-nhap.xlsx", r.slug),
        partial: false,
    }
}

pub async fn import_form(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(slug): VnPath<String>,
) -> Result<Response, WebError> {
    let (r, _) = opened(&state, &staff, &slug, true).await?;
    sheet_import::empty(&staff, &import_place(r))
}

/// Every row is checked first; nothing is imported while any row is wrong.
pub async fn import(
    State(state): State<AppState>,
    VnPath(slug): VnPath<String>,
    upload: Upload,
) -> Result<Response, WebError> {
    let (r, l) = opened(&state, &upload.staff, &slug, true).await?;
    let place = import_place(r);
    let file = match sheet_import::workbook(&upload) {
        Ok(f) => f,
        Err(m) => return sheet_import::refused(&upload.staff, &place, m),
    };
    let refs = l.clone();
    let checked = match dost_app::import::registers::check_file(&state.db, r, l, file).await? {
        Ok(c) => c,
        Err(refused) => return sheet_import::refused(&upload.staff, &place, refused.0),
    };
    if !checked.ok() {
        return sheet_import::problems(&upload.staff, &place, checked);
    }
    let good: Vec<Vec<Value>> = checked.rows.into_iter().map(|(_, v)| v).collect();
    // records kept by one unit (drafts) come only from that unit's staff
    let keepers: Vec<Vec<String>> =
        good.iter().map(|v| publication::record_keepers(&upload.staff, r, v, &refs)).collect();
    if let Some(row) = keepers.iter().position(|k| publication::require_change(&upload.staff, k).is_err()) {
        let m = format!("Dòng {}: chỉ nhập được bản ghi của đơn vị mình; chưa nhập dòng nào.", row + 2);
        return sheet_import::refused(&upload.staff, &place, m);
    }
    let mut tx = state.begin(&upload.staff.actor()).await?;
    let ids = dost_store::registers::insert(&mut tx, r, &good).await?;
    let keepers = keepers.into_iter().next().unwrap_or_default();
    publication::publish_if_allowed(&mut tx, &upload.staff, r, &keepers, &ids).await?;
    state.commit(tx).await?;
    sheet_import::imported(&upload.staff, &place, good.len())
}

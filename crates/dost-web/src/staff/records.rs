//! Record lists behind the leadership dashboard's figures: verifications,
//! dossiers and inspections of a period, with XLSX/CSV downloads.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use dost_domain::access::{Action, Resource};
use dost_domain::dossiers::timeliness;
use dost_domain::format;

use super::{Opt, Staff, StaffPage, download, no_store};
use crate::http::query::StaffQuery;
use crate::http::{VnPath, encode};
use crate::{AppState, WebError};

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
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    /// Where each row can be corrected (empty: no link).
    links: Vec<String>,
}

/// (heading, filter label, filter options, column headers, rows)
type Listing = (&'static str, &'static str, Vec<(&'static str, &'static str)>, Vec<&'static str>, Vec<Vec<String>>);

fn period(q: &std::collections::HashMap<String, String>, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), String> {
    let parse = |k: &str, default: NaiveDate| match q.get(k).map(|s| s.trim()) {
        None | Some("") => Ok(default),
        Some(s) => NaiveDate::parse_from_str(s, "%d/%m/%Y")
            .map_err(|_| format!("Ngày «{s}» không hợp lệ; hãy nhập theo mẫu 30/09/2020.")),
    };
    let from = parse("tu", NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today))?;
    let to = parse("den", today)?;
    if to < from {
        return Err("Ngày kết thúc của kỳ không được trước ngày bắt đầu.".into());
    }
    Ok((from, to))
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(format::date).unwrap_or_default()
}

/// The record table behind each drill-down area.
pub fn table_of_area(area: &str) -> Option<&'static str> {
    Some(match area {
        "kiem-dinh" => "verifications",
        "ho-so" => "dossiers",
        "kiem-tra" => "inspections",
        "bai-dang" => "articles",
        _ => return None,
    })
}

/// Whether the person may open the records of a table (the drill-down rule):
/// the keeping units' records by the access table; the portal's public posts
/// to whoever reads the department's figures.
pub fn may_open_table(staff: &Staff, table: &str) -> bool {
    match dost_domain::access::keepers_of_table(table) {
        Some(keepers) => staff.may(Action::Read, Resource::Records(keepers)),
        None => staff.may(Action::Read, Resource::Figures),
    }
}

fn require_area(staff: &Staff, area: &str) -> Result<(), WebError> {
    let table = table_of_area(area).ok_or(WebError::NotFound)?;
    match dost_domain::access::keepers_of_table(table) {
        Some(keepers) => staff.require(Action::Read, Resource::Records(keepers)),
        None => staff.require(Action::Read, Resource::Figures),
    }
}

/// `/quan-tri/so-lieu/{area}`: kiem-dinh, ho-so, kiem-tra or bai-dang.
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(area): VnPath<String>,
    q: StaffQuery,
) -> Result<Response, WebError> {
    require_area(&staff, &area)?;
    let today = format::vn_date(state.clock.now());
    let (mut from, mut to) = (NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today), today);
    let mut form_error = None;
    match period(&q, today) {
        Ok((f, t)) => (from, to) = (f, t),
        Err(e) => form_error = Some(e),
    }
    let kind = q.get("loai").cloned().unwrap_or_default();
    let mut links: Vec<String> = Vec::new();
    let (heading, filter_label, options, header, rows): Listing = match area.as_str() {
        "kiem-dinh" => {
            let rows = dost_store::work::verification_list(&state.db, from, to, &kind).await?;
            if staff.may(Action::Write, Resource::Records(dost_domain::access::VERIFICATION_UNITS)) {
                links = rows.iter().map(|r| format!("/quan-tri/kiem-dinh/{}", r.0)).collect();
            }
            (
                "Phương tiện đo đã kiểm định",
                "Lĩnh vực",
                dost_domain::registers::VERIFICATION_FIELDS.to_vec(),
                vec![
                    "Ngày",
                    "Số chứng chỉ",
                    "Loại phương tiện",
                    "Số hiệu",
                    "Chủ sở hữu",
                    "Địa bàn",
                    "Kết quả",
                    "Hiệu lực đến",
                ],
                rows.into_iter()
                    .map(|(_, on, cert, t, serial, owner, district, passed, until)| {
                        vec![
                            format::date(on),
                            cert.unwrap_or_default(),
                            t,
                            serial,
                            owner,
                            district,
                            if passed { "Đạt" } else { "Không đạt" }.into(),
                            opt_date(until),
                        ]
                    })
                    .collect(),
            )
        }
        "ho-so" => {
            let rows = dost_store::work::dossier_list(&state.db, from, to, &kind).await?;
            (
                "Hồ sơ thủ tục hành chính đã giải quyết",
                "Nhóm thủ tục",
                vec![
                    ("buc_xa", "An toàn bức xạ, hạt nhân"),
                    ("cong_nghe", "Công nghệ"),
                    ("shtt", "Sở hữu trí tuệ"),
                    ("nang_suat", "Năng suất, chất lượng"),
                ],
                vec![
                    "Mã hồ sơ",
                    "Thủ tục",
                    "Tổ chức, cá nhân",
                    "Ngày nhận",
                    "Hạn giải quyết",
                    "Ngày trả",
                    "Tình trạng",
                    "Kinh phí",
                    "Giấy phép có hiệu lực đến",
                ],
                rows.into_iter()
                    .map(|(code, procedure, applicant, received, due, returned, amount, licence)| {
                        vec![
                            code,
                            procedure,
                            applicant,
                            format::date(received),
                            format::date(due),
                            opt_date(returned),
                            timeliness(due, returned, today).label().into(),
                            if amount > 0 { format::money(amount) } else { String::new() },
                            opt_date(licence),
                        ]
                    })
                    .collect(),
            )
        }
        "kiem-tra" => {
            let rows = dost_store::work::inspection_list(&state.db, from, to, &kind).await?;
            (
                "Thanh tra, kiểm tra, khảo sát, hướng dẫn",
                "Hình thức",
                vec![
                    ("thanh_tra", "Thanh tra"),
                    ("kiem_tra", "Kiểm tra"),
                    ("khao_sat", "Khảo sát"),
                    ("huong_dan", "Hướng dẫn"),
                ],
                vec!["Ngày", "Hình thức", "Lĩnh vực", "Đối tượng", "Địa bàn", "Nội dung"],
                rows.into_iter().map(|(on, k, d, s, dist, f)| vec![format::date(on), k, d, s, dist, f]).collect(),
            )
        }
        "bai-dang" => {
            let rows = dost_store::work::web_post_list(&state.db, from, to).await?;
            (
                "Tin, bài và video đăng trên Trang thông tin điện tử",
                "Loại",
                vec![("bai", "Tin, bài"), ("video", "Video")],
                vec!["Ngày đăng", "Loại", "Tiêu đề", "Đường dẫn"],
                rows.into_iter()
                    .filter(|r| kind.is_empty() || r.1 == kind)
                    .map(|(at, k, title, path)| {
                        let url = if path.is_empty() { String::new() } else { format!("/{path}") };
                        vec![
                            format::date(format::vn_date(at)),
                            if k == "bai" { "Tin, bài" } else { "Video" }.into(),
                            title,
                            url,
                        ]
                    })
                    .collect(),
            )
        }
        _ => return Err(WebError::NotFound),
    };
    if !kind.is_empty() && !options.iter().any(|(v, _)| *v == kind) {
        return Err(WebError::BadRequest(format!("{filter_label} không hợp lệ.")));
    }
    match q.get("dinh-dang").map(String::as_str) {
        Some("xlsx") => {
            use dost_export::xlsx::{Cell, Sheet, workbook};
            let columns: Vec<(&str, f64)> = header.iter().map(|h| (*h, 20.0)).collect();
            let title = format!("{heading} từ {} đến {}", format::date(from), format::date(to));
            let bytes = workbook(&[Sheet {
                name: "Số liệu",
                title: &title,
                columns: &columns,
                rows: rows.into_iter().map(|r| r.into_iter().map(Cell::Text).collect()).collect(),
            }])
            .map_err(|e| WebError::Internal(e.to_string()))?;
            return Ok(download(
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &format!("{area}.xlsx"),
            ));
        }
        Some("csv") => {
            return Ok(download(
                dost_export::csv::write(&header, &rows),
                "text/csv; charset=utf-8",
                &format!("{area}.csv"),
            ));
        }
        Some(_) => return Err(WebError::BadRequest("Định dạng tải về chỉ có xlsx hoặc csv.".into())),
        None => {}
    }
    let t = RecordsTemplate {
        page: StaffPage::new(&staff, heading, "/quan-tri/lanh-dao"),
        heading,
        action: format!("/quan-tri/so-lieu/{area}"),
        from: format::date(from),
        to: format::date(to),
        query: format!("tu={}&den={}&loai={}", encode(&format::date(from)), encode(&format::date(to)), encode(&kind)),
        filter_label,
        filter_options: options
            .into_iter()
            .map(|(v, l)| Opt { selected: v == kind, value: v.into(), label: l.into() })
            .collect(),
        form_error: form_error.clone(),
        header,
        rows,
        links,
    };
    let mut r = no_store(t.render()?);
    if form_error.is_some() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

//! XLSX imports of verifications and dossiers, with their templates. The same
//! rules as the forms apply to every row (the cycle in force, a certificate
//! only for a pass and never twice; due dates in working days; licence
//! validity), and nothing is imported while any row is wrong.

use std::collections::HashSet;

use axum::extract::{Multipart, State};
use axum::response::Response;
use chrono::NaiveDate;
use dost_domain::calendar::Holidays;
use dost_domain::dossiers::{due_date, grants_licence, licence_valid_until, renews_licence};
use dost_domain::metrology::{CycleRule, check_verification};
use dost_domain::registers::{Column, FieldKind, Value, parse_record};
use dost_domain::text::fold;
use dost_export::sheet;
use dost_export::xlsx::{Cell, table};
use dost_store::work::{NewDossier, NewVerification};

use super::sheet_import::{self, Import, RowError};
use super::work_forms::{require_dossier_desk, require_verifiers};
use super::{Staff, download};
use crate::{AppState, WebError};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const RESULTS: &[(&str, &str)] = &[("dat", "Đạt"), ("khong_dat", "Không đạt")];

const fn col(name: &'static str, label: &'static str, kind: FieldKind, required: bool) -> Column {
    Column { name, label, kind, required }
}

const VERIFICATION_COLUMNS: &[Column] = &[
    col("type", "Loại phương tiện đo", FieldKind::Text, true),
    col("serial", "Số hiệu", FieldKind::Text, true),
    col("owner", "Chủ sở hữu", FieldKind::Text, true),
    col("district", "Địa bàn", FieldKind::Text, false),
    col("date", "Ngày kiểm định", FieldKind::Date, true),
    col("result", "Kết quả", FieldKind::Choice(RESULTS), true),
    col("certificate", "Số chứng chỉ", FieldKind::Text, false),
    col("verifier", "Kiểm định viên", FieldKind::Text, false),
    col("model", "Kiểu (model)", FieldKind::Text, false),
    col("maker", "Hãng, nước sản xuất", FieldKind::Text, false),
    col("made_year", "Năm sản xuất", FieldKind::OptionalNumber, false),
];

const DOSSIER_COLUMNS: &[Column] = &[
    col("code", "Mã hồ sơ", FieldKind::Text, true),
    col("procedure", "Thủ tục", FieldKind::Text, true),
    col("applicant", "Tổ chức, cá nhân", FieldKind::Text, true),
    col("received", "Ngày nhận", FieldKind::Date, true),
    col("returned", "Ngày trả", FieldKind::Date, false),
    col("result", "Kết quả", FieldKind::Text, false),
    col("amount", "Kinh phí hỗ trợ (đồng)", FieldKind::Money, false),
    col("old_expiry", "Hết hạn giấy phép cũ (khi gia hạn)", FieldKind::Date, false),
];

fn labels(columns: &[Column]) -> Vec<&'static str> {
    columns.iter().map(|c| c.label).collect()
}

fn template_of(columns: &[Column], example: &[&str], name: &str) -> Result<Response, WebError> {
    let widths: Vec<(&str, f64)> = columns.iter().map(|c| (c.label, 24.0)).collect();
    let row = example.iter().map(|s| Cell::Text((*s).to_string())).collect();
    let bytes = table("Mẫu nhập", &widths, &[row]).map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(download(bytes, XLSX, name))
}

fn text(values: &[Value], i: usize) -> String {
    match values.get(i) {
        Some(Value::Text(t)) => t.clone(),
        _ => String::new(),
    }
}

fn day(values: &[Value], i: usize) -> Option<NaiveDate> {
    match values.get(i) {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    }
}

fn parse_rows(
    rows: &sheet_import::Rows,
    columns: &'static [Column],
    errors: &mut Vec<RowError>,
) -> Vec<(usize, Vec<Value>)> {
    let mut good = Vec::new();
    for (n, row) in rows.iter().enumerate().filter(|(_, r)| !sheet::is_blank(r)) {
        let cell = |c: &Column| sheet_import::input(row, columns.iter().position(|x| x.name == c.name).unwrap_or(0));
        match parse_record(columns, cell, &Default::default()) {
            Ok(v) => good.push((n + 2, v)),
            Err(es) => {
                for (name, e) in es {
                    let label = columns.iter().find(|c| c.name == name).map(|c| c.label).unwrap_or(name);
                    errors.push((n + 2, label, e));
                }
            }
        }
    }
    good
}

fn verification_place() -> Import {
    Import {
        title: "Nhập kết quả kiểm định phương tiện đo từ bảng tính".into(),
        back: "/quan-tri/so-lieu/kiem-dinh".into(),
        action: "/quan-tri/kiem-dinh/nhap".into(),
        template_url: "/quan-tri/kiem-dinh/mau-nhap.xlsx".into(),
    }
}

pub async fn verification_template(State(state): State<AppState>, staff: Staff) -> Result<Response, WebError> {
    require_verifiers(&state, &staff).await?;
    template_of(
        VERIFICATION_COLUMNS,
        &[
            "Cân bàn, cân đồng hồ lò xo",
            "CĐH-0001",
            "Chợ Xanh, thành phố Cao Bằng",
            "Thành phố Cao Bằng",
            "15/09/2020",
            "Đạt",
            "KĐ-2020-0001",
            "Nông Văn A",
        ],
        "mau-nhap-kiem-dinh.xlsx",
    )
}

pub async fn verification_form(State(state): State<AppState>, staff: Staff) -> Result<Response, WebError> {
    require_verifiers(&state, &staff).await?;
    sheet_import::page(&staff, &verification_place(), None, None, Vec::new(), 0)
}

pub async fn verification_import(
    State(state): State<AppState>,
    staff: Staff,
    multipart: Multipart,
) -> Result<Response, WebError> {
    require_verifiers(&state, &staff).await?;
    let place = verification_place();
    let rows = match sheet_import::read(&staff, multipart, &labels(VERIFICATION_COLUMNS)).await? {
        Ok(r) => r,
        Err(m) => return sheet_import::page(&staff, &place, Some(m), None, Vec::new(), 0),
    };
    let types = dost_store::work::instrument_types(&state.db).await?;
    let mut errors = Vec::new();
    let parsed = parse_rows(&rows, VERIFICATION_COLUMNS, &mut errors);
    let certificates: Vec<String> = parsed.iter().map(|(_, v)| text(v, 6)).filter(|c| !c.is_empty()).collect();
    let taken = dost_store::work::certificates_taken(&state.db, &certificates).await?;
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    for (row, v) in parsed {
        let type_name = text(&v, 0);
        let Some((type_id, _, _, cycles)) = types.iter().find(|t| fold(&t.1) == fold(&type_name)) else {
            errors.push((
                row,
                VERIFICATION_COLUMNS[0].label,
                format!("không có loại phương tiện «{type_name}» trong danh mục"),
            ));
            continue;
        };
        let Some(on) = day(&v, 4) else { continue };
        let passed = text(&v, 5) == "dat";
        let certificate = text(&v, 6);
        let rules: Vec<CycleRule> = cycles
            .iter()
            .map(|(f, m)| CycleRule { effective_from: *f, months: u32::try_from(*m).unwrap_or(0) })
            .collect();
        let valid_until = match check_verification(&rules, on, passed, &certificate) {
            Ok(x) => x,
            Err(e) => {
                errors.push((row, VERIFICATION_COLUMNS[6].label, e.to_string()));
                continue;
            }
        };
        if !certificate.is_empty() && (taken.contains(&certificate) || !seen.insert(certificate.clone())) {
            errors.push((row, VERIFICATION_COLUMNS[6].label, format!("số chứng chỉ «{certificate}» đã được dùng")));
            continue;
        }
        items.push(NewVerification {
            type_id: *type_id,
            serial: text(&v, 1),
            owner: text(&v, 2),
            district: text(&v, 3),
            verified_on: on,
            certificate: (!certificate.is_empty()).then_some(certificate),
            passed,
            valid_until,
            verifier: text(&v, 7),
            model: text(&v, 8),
            maker: text(&v, 9),
            made_year: match v.get(10) {
                Some(Value::Int(y)) => Some(*y),
                _ => None,
            },
        });
    }
    if !errors.is_empty() {
        errors.sort();
        return sheet_import::page(&staff, &place, None, None, errors, sheet_import::count(&rows));
    }
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::work::insert_verifications(&mut tx, &items).await?;
    state.commit(tx).await?;
    sheet_import::page(&staff, &place, None, Some(items.len()), Vec::new(), sheet_import::count(&rows))
}

fn dossier_place() -> Import {
    Import {
        title: "Nhập hồ sơ thủ tục hành chính từ bảng tính".into(),
        back: "/quan-tri/ho-so".into(),
        action: "/quan-tri/ho-so/nhap".into(),
        template_url: "/quan-tri/ho-so/mau-nhap.xlsx".into(),
    }
}

pub async fn dossier_template(State(state): State<AppState>, staff: Staff) -> Result<Response, WebError> {
    require_dossier_desk(&state, &staff).await?;
    template_of(
        DOSSIER_COLUMNS,
        &[
            "HS-2020-0101",
            "Cấp lại giấy phép tiến hành công việc bức xạ",
            "Phòng khám An Bình",
            "02/03/2020",
            "",
            "",
            "",
            "",
        ],
        "mau-nhap-ho-so.xlsx",
    )
}

pub async fn dossier_form(State(state): State<AppState>, staff: Staff) -> Result<Response, WebError> {
    require_dossier_desk(&state, &staff).await?;
    sheet_import::page(&staff, &dossier_place(), None, None, Vec::new(), 0)
}

pub async fn dossier_import(
    State(state): State<AppState>,
    staff: Staff,
    multipart: Multipart,
) -> Result<Response, WebError> {
    require_dossier_desk(&state, &staff).await?;
    let place = dossier_place();
    let rows = match sheet_import::read(&staff, multipart, &labels(DOSSIER_COLUMNS)).await? {
        Ok(r) => r,
        Err(m) => return sheet_import::page(&staff, &place, Some(m), None, Vec::new(), 0),
    };
    let procedures = dost_store::work::procedures_full(&state.db).await?;
    let holidays = Holidays::new(dost_store::work::holidays(&state.db).await?);
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    for (row, v) in parse_rows(&rows, DOSSIER_COLUMNS, &mut errors) {
        let label = |i: usize| DOSSIER_COLUMNS[i].label;
        let code = text(&v, 0);
        if !seen.insert(code.clone()) || dost_store::work::dossier_code_taken(&state.db, &code).await? {
            errors.push((row, label(0), format!("mã hồ sơ «{code}» đã có")));
            continue;
        }
        let name = text(&v, 1);
        let Some(p) = procedures.iter().find(|p| fold(&p.name) == fold(&name) || p.code == name) else {
            errors.push((row, label(1), format!("không có thủ tục «{name}» trong danh mục")));
            continue;
        };
        let (Some(received), returned) = (day(&v, 3), day(&v, 4)) else { continue };
        if returned.is_some_and(|r| r < received) {
            errors.push((row, label(4), "ngày trả không được trước ngày nhận".into()));
            continue;
        }
        let amount = match v.get(6) {
            Some(Value::Int(n)) => *n,
            _ => 0,
        };
        if amount > 0 && !p.with_money {
            errors.push((row, label(6), "thủ tục này không có kinh phí hỗ trợ".into()));
            continue;
        }
        let licensed = grants_licence(&p.area, &p.code);
        let old_expiry = day(&v, 7);
        if licensed && renews_licence(&p.code) && returned.is_some() && old_expiry.is_none() {
            errors.push((row, label(7), "gia hạn giấy phép: hãy ghi ngày hết hạn của giấy phép cũ".into()));
            continue;
        }
        items.push(NewDossier {
            code,
            procedure_id: p.id,
            applicant: text(&v, 2),
            received_on: received,
            due_on: due_date(&holidays, received, u32::try_from(p.working_days).unwrap_or(0)),
            returned_on: returned,
            result: text(&v, 5),
            amount,
            licence_until: returned.filter(|_| licensed).map(|r| licence_valid_until(r, old_expiry)),
            channel: String::new(),
        });
    }
    if !errors.is_empty() {
        errors.sort();
        return sheet_import::page(&staff, &place, None, None, errors, sheet_import::count(&rows));
    }
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::work::insert_dossiers(&mut tx, &items).await?;
    state.commit(tx).await?;
    sheet_import::page(&staff, &place, None, Some(items.len()), Vec::new(), sheet_import::count(&rows))
}

//! Verifications from a spreadsheet, by the rules of the form: the type from
//! the catalogue, the cycle in force on the day, a certificate only for a
//! pass and never one already used (in the sheet or in the database).

use std::collections::HashSet;
use std::path::PathBuf;

use dost_domain::metrology::check_verification;
use dost_domain::registers::{Column, FieldKind};
use dost_domain::text::fold;
use dost_store::Db;
use dost_store::work::NewVerification;

use super::{Checked, Refused, check, day, int, text};
use crate::AppError;

const RESULTS: &[(&str, &str)] = &[("dat", "Đạt"), ("khong_dat", "Không đạt")];

const fn col(name: &'static str, label: &'static str, kind: FieldKind, required: bool) -> Column {
    Column { name, label, kind, required }
}

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
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
    col("kind", "Hình thức (ban đầu, định kỳ, sau sửa chữa)", FieldKind::Text, false),
    col("designation", "Số thẻ hoặc quyết định chỉ định kiểm định viên", FieldKind::Text, false),
];

/// An example row for the template.
pub const EXAMPLE: &[&str] = &[
    "Cân bàn, cân đồng hồ lò xo",
    "CĐH-0001",
    "Chợ Xanh, thành phố Cao Bằng",
    "Thành phố Cao Bằng",
    "15/09/2020",
    "Đạt",
    "KĐ-2020-0001",
    "Nông Văn A",
    "",
    "",
    "",
    "Định kỳ",
    "Thẻ KĐV số 12",
];

/// Checks every row of the workbook.
pub async fn check_file(db: &Db, file: PathBuf) -> Result<Result<Checked<NewVerification>, Refused>, AppError> {
    let types = dost_store::work::instrument_types(db).await?;
    let today = dost_domain::format::vn_date(chrono::Utc::now().timestamp());
    let mut seen = HashSet::new();
    let checked = check(file, COLUMNS, move |_, row| {
        let v = row.typed(&Default::default())?;
        let label = |i: usize| COLUMNS[i].label;
        let type_name = text(&v, 0);
        let Some(t) = types.iter().find(|t| fold(&t.name) == fold(&type_name)) else {
            return Err(vec![(label(0), format!("không có loại phương tiện «{type_name}» trong danh mục"))]);
        };
        let on = day(&v, 4).ok_or_else(|| vec![(label(4), "chưa được ghi".to_string())])?;
        let passed = text(&v, 5) == "dat";
        let certificate = text(&v, 6);
        if on > today {
            let e = dost_domain::metrology::MetrologyError::InFuture(dost_domain::format::date(on));
            return Err(vec![(label(4), e.to_string())]);
        }
        // periodic unless the sheet says otherwise (older sheets have no such column)
        let kind = match text(&v, 11).trim() {
            "" => dost_domain::metrology::VerificationKind::Periodic,
            k => dost_domain::metrology::VerificationKind::parse(k).ok_or_else(|| {
                vec![(label(11), format!("«{k}» không phải hình thức kiểm định (ban đầu, định kỳ, sau sửa chữa)"))]
            })?,
        };
        let valid_until =
            check_verification(&t.cycles, on, passed, &certificate).map_err(|e| vec![(label(6), e.to_string())])?;
        if !certificate.is_empty() && !seen.insert(certificate.clone()) {
            return Err(vec![(label(6), format!("số chứng chỉ «{certificate}» lặp lại trong bảng tính"))]);
        }
        Ok(NewVerification {
            type_id: t.id,
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
            made_year: int(&v, 10),
            kind: kind.code().into(),
            designation: text(&v, 12),
        })
    })
    .await?;
    let Ok(mut checked) = checked else { return Ok(checked) };
    // certificates already in the database
    let certificates: Vec<String> = checked.rows.iter().filter_map(|(_, v)| v.certificate.clone()).collect();
    let taken = dost_store::work::certificates_taken(db, &certificates).await?;
    if !taken.is_empty() {
        let rows = std::mem::take(&mut checked.rows);
        for (row, v) in rows {
            match v.certificate.as_ref().filter(|c| taken.contains(*c)) {
                Some(c) => checked.problem(row, COLUMNS[6].label, format!("số chứng chỉ «{c}» đã được dùng")),
                None => checked.rows.push((row, v)),
            }
        }
        checked.errors.sort();
    }
    Ok(Ok(checked))
}

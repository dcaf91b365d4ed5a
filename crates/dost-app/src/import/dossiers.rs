//! Dossiers from a spreadsheet, by the rules of the desk's form: the
//! procedure from the catalogue, the due date in working days, money only
//! where the procedure has it, a licence's validity (a renewal from the old
//! expiry), and never a code already used.

use std::collections::HashSet;
use std::path::PathBuf;

use dost_domain::dossiers::{LicenceAct, grants_licence, licence_valid_until};
use dost_domain::registers::{Column, FieldKind};
use dost_domain::text::fold;
use dost_store::Db;
use dost_store::work::NewDossier;

use super::{Checked, Refused, check, day, int, text};
use crate::AppError;

const fn col(name: &'static str, label: &'static str, kind: FieldKind, required: bool) -> Column {
    Column { name, label, kind, required }
}

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
    col("code", "Mã hồ sơ", FieldKind::Text, true),
    col("procedure", "Thủ tục", FieldKind::Text, true),
    col("applicant", "Tổ chức, cá nhân", FieldKind::Text, true),
    col("received", "Ngày nhận", FieldKind::Date, true),
    col("returned", "Ngày trả", FieldKind::Date, false),
    col("result", "Kết quả", FieldKind::Text, false),
    col("amount", "Kinh phí hỗ trợ (đồng)", FieldKind::Money, false),
    col("old_expiry", "Hết hạn giấy phép cũ (khi gia hạn)", FieldKind::Date, false),
];

/// An example row for the template.
pub const EXAMPLE: &[&str] = &[
    "HS-2020-0101",
    "Cấp lại giấy phép tiến hành công việc bức xạ",
    "Phòng khám An Bình",
    "02/03/2020",
    "",
    "",
    "",
    "",
];

/// Checks every row of the workbook.
pub async fn check_file(db: &Db, file: PathBuf) -> Result<Result<Checked<NewDossier>, Refused>, AppError> {
    let procedures = dost_store::work::procedures(db).await?;
    let holidays = dost_store::work::holidays(db).await?;
    let book = dost_store::rules::rule_book(db).await?;
    let mut seen = HashSet::new();
    let checked = check(file, COLUMNS, move |_, row| {
        let v = row.typed(&Default::default())?;
        let label = |i: usize| COLUMNS[i].label;
        let code = text(&v, 0);
        if !seen.insert(code.clone()) {
            return Err(vec![(label(0), format!("mã hồ sơ «{code}» lặp lại trong bảng tính"))]);
        }
        let name = text(&v, 1);
        let Some(p) = procedures.iter().find(|p| fold(&p.name) == fold(&name) || p.code == name) else {
            return Err(vec![(label(1), format!("không có thủ tục «{name}» trong danh mục"))]);
        };
        let received = day(&v, 3).ok_or_else(|| vec![(label(3), "chưa được ghi".to_string())])?;
        let returned = day(&v, 4);
        if returned.is_some_and(|r| r < received) {
            return Err(vec![(label(4), "ngày trả không được trước ngày nhận".into())]);
        }
        let amount = int(&v, 6).unwrap_or(0);
        if amount > 0 && !p.with_money {
            return Err(vec![(label(6), "thủ tục này không có kinh phí hỗ trợ".into())]);
        }
        let licensed = grants_licence(&p.area, &p.code);
        let old_expiry = day(&v, 7);
        let licence_until = match returned.filter(|_| licensed) {
            Some(r) => Some(
                licence_valid_until(&book, LicenceAct::of(&p.code), r, old_expiry)
                    .map_err(|e| vec![(label(7), e.to_string())])?,
            ),
            None => None,
        };
        Ok(NewDossier {
            code,
            procedure_id: p.id,
            applicant: text(&v, 2),
            received_on: received,
            due_on: p.due(&holidays, received),
            returned_on: returned,
            result: text(&v, 5),
            amount,
            licence_until,
            channel: String::new(),
        })
    })
    .await?;
    let Ok(mut checked) = checked else { return Ok(checked) };
    let codes: Vec<String> = checked.rows.iter().map(|(_, d)| d.code.clone()).collect();
    let taken = dost_store::work::dossier_codes_taken(db, &codes).await?;
    if !taken.is_empty() {
        let rows = std::mem::take(&mut checked.rows);
        for (row, d) in rows {
            if taken.contains(&d.code) {
                checked.problem(row, COLUMNS[0].label, format!("mã hồ sơ «{}» đã có", d.code));
            } else {
                checked.rows.push((row, d));
            }
        }
        checked.errors.sort();
    }
    Ok(Ok(checked))
}

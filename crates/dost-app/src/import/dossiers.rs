//! Dossiers from a spreadsheet, read by the same parser as the desk's form
//! (`dost_domain::dossier_input`), never with a code already used (in the
//! sheet or in the database).

use std::collections::HashSet;
use std::path::PathBuf;

use dost_domain::dossier_input::{self, Context, FIELDS, REQUIRED};
use dost_domain::registers::{Column, FieldKind};
use dost_store::Db;
use dost_store::work::NewDossier;

use super::verifications::const_eq;
use super::{Checked, Refused, check};
use crate::AppError;

/// The template's columns, in order (the parser's fields).
pub const COLUMNS: &[Column] = &{
    const fn col(i: usize) -> Column {
        let name = FIELDS[i].0;
        let mut required = false;
        let mut r = 0;
        while r < REQUIRED.len() {
            if const_eq(REQUIRED[r], name) {
                required = true;
            }
            r += 1;
        }
        Column { name, label: FIELDS[i].1, kind: FieldKind::Text, required }
    }
    [col(0), col(1), col(2), col(3), col(4), col(5), col(6), col(7)]
};

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
        let list: Vec<_> = procedures.iter().map(|p| p.for_parser()).collect();
        let cx = Context { procedures: &list, holidays: &holidays, book: &book };
        let d = dossier_input::parse(|f| row.get(f), &cx).map_err(|ps| super::labelled(COLUMNS, ps))?;
        if !seen.insert(d.code.clone()) {
            return Err(vec![(dossier_input::label("code"), format!("mã hồ sơ «{}» lặp lại trong bảng tính", d.code))]);
        }
        Ok(NewDossier::from_input(d, ""))
    })
    .await?;
    let Ok(mut checked) = checked else { return Ok(checked) };
    let codes: Vec<String> = checked.rows.iter().map(|(_, d)| d.code.clone()).collect();
    let taken = dost_store::work::dossier_codes_taken(db, &codes).await?;
    if !taken.is_empty() {
        let rows = std::mem::take(&mut checked.rows);
        for (row, d) in rows {
            if taken.contains(&d.code) {
                checked.problem(row, dossier_input::label("code"), format!("mã hồ sơ «{}» đã có", d.code));
            } else {
                checked.rows.push((row, d));
            }
        }
        checked.errors.sort();
    }
    Ok(Ok(checked))
}

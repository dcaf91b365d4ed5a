//! Verifications from a spreadsheet, read by the same parser as the form
//! (`dost_domain::verification_input`), with the same "today"; a
//! certificate is never one already used (in the sheet or in the database).

use std::collections::HashSet;
use std::path::PathBuf;

use chrono::NaiveDate;
use dost_domain::registers::{Column, FieldKind};
use dost_domain::verification_input::{self, FIELDS, Instrument, REQUIRED};
use dost_store::Db;
use dost_store::work::NewVerification;

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
    [col(0), col(1), col(2), col(3), col(4), col(5), col(6), col(7), col(8), col(9), col(10), col(11), col(12)]
};

/// Whether two names are the same (in a constant).
pub(crate) const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

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

/// Checks every row of the workbook: verifications made no later than `today`.
pub async fn check_file(
    db: &Db,
    file: PathBuf,
    today: NaiveDate,
) -> Result<Result<Checked<NewVerification>, Refused>, AppError> {
    let types = dost_store::work::instrument_types(db).await?;
    let mut seen = HashSet::new();
    let checked = check(file, COLUMNS, move |_, row| {
        let instruments: Vec<Instrument> =
            types.iter().map(|t| Instrument { id: t.id, name: &t.name, cycles: &t.cycles }).collect();
        let v = verification_input::parse(|f| row.get(f), &instruments, today)
            .map_err(|ps| super::labelled(COLUMNS, ps))?;
        if let Some(c) = &v.certificate
            && !seen.insert(c.clone())
        {
            return Err(vec![(
                verification_input::label("certificate"),
                format!("số chứng chỉ «{c}» lặp lại trong bảng tính"),
            )]);
        }
        Ok(NewVerification::from(v))
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
                Some(c) => checked.problem(
                    row,
                    verification_input::label("certificate"),
                    format!("số chứng chỉ «{c}» đã được dùng"),
                ),
                None => checked.rows.push((row, v)),
            }
        }
        checked.errors.sort();
    }
    Ok(Ok(checked))
}

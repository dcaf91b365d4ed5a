//! A register's records from a spreadsheet: typed by the register's columns,
//! with its references (products, units, fund cases), and never a record
//! whose unique columns repeat one already kept (in the sheet or the database).

use std::path::PathBuf;

use dost_domain::registers::{Refs, Register, Value};
use dost_store::Db;

use super::{Checked, Refused, check};
use crate::AppError;

/// Checks every row of the workbook against the register.
pub async fn check_file(
    db: &Db,
    r: &'static Register,
    refs: Refs,
    file: PathBuf,
) -> Result<Result<Checked<Vec<Value>>, Refused>, AppError> {
    let unique: Vec<usize> = r.unique.iter().filter_map(|u| r.columns.iter().position(|c| c.name == *u)).collect();
    let mut seen: std::collections::HashSet<Vec<String>> = Default::default();
    let unique_label = r.unique.last().and_then(|u| r.columns.iter().find(|c| c.name == *u)).map(|c| c.label);
    let key_of = {
        let unique = unique.clone();
        move |values: &[Value]| -> Vec<String> { unique.iter().map(|i| format!("{:?}", values[*i])).collect() }
    };
    let checked = check(file, r.columns, move |_, row| {
        let values = row.typed(&refs)?;
        if !unique.is_empty() && !seen.insert(key_of(&values)) {
            return Err(vec![(unique_label.unwrap_or(""), "lặp lại một dòng khác trong bảng tính".into())]);
        }
        Ok(values)
    })
    .await?;
    let Ok(mut checked) = checked else { return Ok(checked) };
    if !r.unique.is_empty() {
        let rows = std::mem::take(&mut checked.rows);
        for (row, values) in rows {
            if dost_store::registers::duplicate(db, r, &values, None).await? {
                checked.problem(row, unique_label.unwrap_or(""), "trùng với bản ghi đã có");
            } else {
                checked.rows.push((row, values));
            }
        }
        checked.errors.sort();
    }
    Ok(Ok(checked))
}

//! One way to import records from a spreadsheet, for every kind of record
//! (registers, verifications, dossiers, S&T tasks): the sheet is read within
//! its limits and every row is checked **off the async threads**; the header
//! must be the template's; each row is typed by its columns (the same parser
//! as the forms) and then checked by the record's own rule. Problems are
//! listed by row and column (the first [`MAX_LISTED_ERRORS`], with the total);
//! nothing is written while any row is wrong.

use std::path::PathBuf;

use dost_domain::registers::{Column, Input, Refs, Value, parse_record};
use dost_domain::text::fold;
use dost_export::sheet::{self, Value as Cell};

use crate::AppError;

pub mod dossiers;
pub mod registers;
pub mod tasks;
pub mod verifications;

/// The text of a typed value (empty for anything else).
pub fn text(values: &[Value], i: usize) -> String {
    match values.get(i) {
        Some(Value::Text(t)) => t.clone(),
        _ => String::new(),
    }
}

/// The date of a typed value.
pub fn day(values: &[Value], i: usize) -> Option<chrono::NaiveDate> {
    match values.get(i) {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    }
}

/// The whole number of a typed value.
pub fn int(values: &[Value], i: usize) -> Option<i64> {
    match values.get(i) {
        Some(Value::Int(n)) => Some(*n),
        _ => None,
    }
}

/// At most this many problems are listed (the total is always given).
pub const MAX_LISTED_ERRORS: usize = 200;

/// One problem in the sheet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowError {
    /// The row as Excel shows it.
    pub row: usize,
    /// The column's label.
    pub column: &'static str,
    pub message: String,
}

/// What the check of a sheet found.
#[derive(Debug)]
pub struct Checked<R> {
    /// The rows that passed: (row as Excel shows it, the record).
    pub rows: Vec<(usize, R)>,
    /// The first problems, in row order.
    pub errors: Vec<RowError>,
    /// How many problems there are in all.
    pub total_errors: usize,
    /// Rows with something in them.
    pub data_rows: usize,
}

impl<R> Checked<R> {
    pub fn new(data_rows: usize) -> Self {
        Self { rows: Vec::new(), errors: Vec::new(), total_errors: 0, data_rows }
    }

    /// Notes a problem (kept if fewer than [`MAX_LISTED_ERRORS`] are listed).
    pub fn problem(&mut self, row: usize, column: &'static str, message: impl Into<String>) {
        self.total_errors += 1;
        if self.errors.len() < MAX_LISTED_ERRORS {
            self.errors.push(RowError { row, column, message: message.into() });
        }
    }

    pub fn ok(&self) -> bool {
        self.total_errors == 0
    }
}

/// Why a sheet was not checked at all (the person's mistake, in Vietnamese).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

/// A cell as the domain's parsers take it.
pub fn input(row: &[Cell], i: usize) -> Input {
    match row.get(i) {
        None | Some(Cell::Empty) => Input::Empty,
        Some(Cell::Text(t)) => Input::Text(t.clone()),
        Some(Cell::Number(x)) => Input::Number(*x),
        Some(Cell::Date(d)) => Input::Date(*d),
    }
}

/// The cells of one row, by column name.
pub struct Row<'a> {
    columns: &'static [Column],
    cells: &'a [Cell],
}

impl Row<'_> {
    /// The cell of the column named `name`.
    pub fn get(&self, name: &str) -> Input {
        self.columns.iter().position(|c| c.name == name).map(|i| input(self.cells, i)).unwrap_or(Input::Empty)
    }

    /// Every cell typed by its column (the registers' parser), problems by label.
    pub fn typed(&self, refs: &Refs) -> Result<Vec<Value>, Vec<(&'static str, String)>> {
        parse_record(self.columns, |c| self.get(c.name), refs).map_err(|es| {
            es.into_iter()
                .map(|(name, e)| (self.columns.iter().find(|c| c.name == name).map(|c| c.label).unwrap_or(name), e))
                .collect()
        })
    }
}

/// Reads a workbook and checks it, on a blocking thread: the header against
/// the columns' labels, then every non-blank row with `rule` (the record's
/// own checks; problems come back as (column label, message)).
pub async fn check<R, F>(
    file: PathBuf,
    columns: &'static [Column],
    rule: F,
) -> Result<Result<Checked<R>, Refused>, AppError>
where
    R: Send + 'static,
    F: FnMut(usize, Row<'_>) -> Result<R, Vec<(&'static str, String)>> + Send + 'static,
{
    tokio::task::spawn_blocking(move || check_now(&file, columns, rule))
        .await
        .map_err(|e| AppError::Internal(format!("import check: {e}")))
}

fn check_now<R>(
    file: &std::path::Path,
    columns: &'static [Column],
    mut rule: impl FnMut(usize, Row<'_>) -> Result<R, Vec<(&'static str, String)>>,
) -> Result<Checked<R>, Refused> {
    let (header, rows) = sheet::read_file(file).map_err(|e| Refused(e.to_string()))?;
    for (i, c) in columns.iter().enumerate() {
        // optional columns added to a template later may be missing at the end of an older sheet
        let trailing_optional = i >= header.len() && columns[i..].iter().all(|c| !c.required);
        if !trailing_optional && header.get(i).map(|h| fold(h)) != Some(fold(c.label)) {
            return Err(Refused(format!(
                "Cột {} phải là «{}» (hãy dùng tệp mẫu); trong tệp là «{}».",
                i + 1,
                c.label,
                header.get(i).cloned().unwrap_or_default()
            )));
        }
    }
    let mut out = Checked::new(rows.iter().filter(|r| !sheet::is_blank(r)).count());
    for (n, cells) in rows.iter().enumerate().filter(|(_, r)| !sheet::is_blank(r)) {
        let at = n + 2;
        match rule(at, Row { columns, cells }) {
            Ok(r) => out.rows.push((at, r)),
            Err(es) => es.into_iter().for_each(|(column, e)| out.problem(at, column, e)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_problems_are_listed_but_all_are_counted() {
        let mut c: Checked<()> = Checked::new(1000);
        for row in 0..1000 {
            c.problem(row + 2, "Mã", "thiếu");
        }
        assert_eq!((c.errors.len(), c.total_errors), (MAX_LISTED_ERRORS, 1000));
        assert!(!c.ok());
    }
}

//! One way to import records from a spreadsheet, for every kind of record
//! (registers, verifications, dossiers, S&T tasks): the sheet is read within
//! its limits and every row is checked **off the async threads**; the header
//! must be the template's; each row is typed by its columns (the same parser
//! as the forms) and then checked by the record's own rule. Problems are
//! listed by row and column (the first [`MAX_LISTED_ERRORS`], with the total);
//! nothing is written while any row is wrong.
//!
//! Columns are found by their header, not their place: the template's
//! label, with or without diacritics, or its short form (before the
//! parenthesis, without a trailing `*`); a sheet whose columns were moved
//! imports the same records, a missing required column is refused by name,
//! and so is a column the template does not have.

use std::path::PathBuf;

use dost_domain::registers::{Column, Input, Refs, Value, parse_record};
use dost_domain::text::fold;
use dost_export::sheet::{self, Value as Cell};

use crate::AppError;

pub mod dossiers;
pub mod registers;
pub mod tasks;
pub mod verifications;

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
    /// For each column, its place in the sheet (none: not in the sheet).
    places: &'a [Option<usize>],
    cells: &'a [Cell],
}

impl Row<'_> {
    /// The cell of the column named `name`.
    pub fn get(&self, name: &str) -> Input {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .and_then(|i| self.places.get(i).copied().flatten())
            .map(|j| input(self.cells, j))
            .unwrap_or(Input::Empty)
    }

    /// Every cell typed by its column (the registers' parser), problems by label.
    pub fn typed(&self, refs: &Refs) -> Result<Vec<Value>, Vec<(&'static str, String)>> {
        parse_record(self.columns, |c| self.get(c.name), refs).map_err(|es| labelled(self.columns, es))
    }
}

/// Problems by field name as problems by column label.
pub fn labelled(columns: &'static [Column], problems: Vec<(&str, String)>) -> Vec<(&'static str, String)> {
    problems
        .into_iter()
        .map(|(name, e)| (columns.iter().find(|c| c.name == name).map(|c| c.label).unwrap_or("Dòng"), e))
        .collect()
}

/// A header as compared: folded, spaces collapsed, without a trailing `*`.
fn header_key(s: &str) -> String {
    let f = fold(s);
    f.trim().trim_end_matches('*').split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a header names `column`: its label, its name or the label's
/// short form (before " (").
fn names(header: &str, column: &Column) -> bool {
    let h = header_key(header);
    let label = header_key(column.label);
    let short = label.split(" (").next().unwrap_or(&label).to_string();
    !h.is_empty() && (h == label || h == short || h == header_key(column.name))
}

/// Where each column is in the sheet, or why the header is refused.
pub fn places(header: &[String], columns: &[Column]) -> Result<Vec<Option<usize>>, Refused> {
    let mut places = vec![None; columns.len()];
    for (j, h) in header.iter().enumerate().filter(|(_, h)| !h.trim().is_empty()) {
        let Some(i) = columns.iter().position(|c| names(h, c)) else {
            return Err(Refused(format!(
                "Cột «{}» (cột {}) không có trong mẫu; hãy bỏ cột này hoặc dùng tệp mẫu.",
                h.trim(),
                j + 1
            )));
        };
        if places[i].is_some() {
            return Err(Refused(format!("Cột «{}» có hai lần trong tệp.", columns[i].label)));
        }
        places[i] = Some(j);
    }
    let missing: Vec<String> = columns
        .iter()
        .zip(&places)
        .filter(|(c, p)| c.required && p.is_none())
        .map(|(c, _)| format!("«{}»", c.label))
        .collect();
    if !missing.is_empty() {
        return Err(Refused(format!("Tệp thiếu cột bắt buộc {} (hãy dùng tệp mẫu).", missing.join(", "))));
    }
    Ok(places)
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
    let places = places(&header, columns)?;
    let mut out = Checked::new(rows.iter().filter(|r| !sheet::is_blank(r)).count());
    for (n, cells) in rows.iter().enumerate().filter(|(_, r)| !sheet::is_blank(r)) {
        let at = n + 2;
        match rule(at, Row { columns, places: &places, cells }) {
            Ok(r) => out.rows.push((at, r)),
            Err(es) => es.into_iter().for_each(|(column, e)| out.problem(at, column, e)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dost_domain::registers::FieldKind;

    const COLUMNS: &[Column] = &[
        Column { name: "code", label: "Mã hồ sơ", kind: FieldKind::Text, required: true },
        Column { name: "amount", label: "Kinh phí hỗ trợ (đồng)", kind: FieldKind::Money, required: false },
        Column { name: "returned", label: "Ngày trả", kind: FieldKind::Date, required: false },
    ];

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn columns_are_found_by_their_header_in_any_order_with_or_without_diacritics() {
        let p = places(&header(&["Kinh phi ho tro", "", "MÃ HỒ SƠ *"]), COLUMNS).unwrap();
        assert_eq!(p, vec![Some(2), Some(0), None]);
    }

    #[test]
    fn a_missing_required_column_and_an_unknown_one_are_refused_by_name() {
        let Refused(m) = places(&header(&["Ngày trả"]), COLUMNS).unwrap_err();
        assert!(m.contains("«Mã hồ sơ»"), "{m}");
        let Refused(m) = places(&header(&["Mã hồ sơ", "Ghi chú"]), COLUMNS).unwrap_err();
        assert!(m.contains("«Ghi chú» (cột 2)"), "{m}");
        let Refused(m) = places(&header(&["Mã hồ sơ", "ma ho so"]), COLUMNS).unwrap_err();
        assert!(m.contains("hai lần"), "{m}");
    }

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

//! Reading XLSX sheets uploaded by staff: cells as typed values, so that
//! importers can say "row 5, column «Bắt đầu»: a number is not a date".

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SheetError {
    #[error("Tệp không phải bảng tính Excel (.xlsx) đọc được.")]
    NotXlsx,
    #[error("Bảng tính không có trang nào.")]
    NoSheet,
    #[error("Bảng tính không có dòng dữ liệu nào dưới dòng tiêu đề.")]
    Empty,
}

/// A cell as the importer sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

/// Whether a row has nothing in it (importers skip such rows).
pub fn is_blank(row: &[Value]) -> bool {
    row.iter().all(|v| *v == Value::Empty)
}

/// The first sheet: header row (texts) and data rows; data row `i` is the
/// sheet's row `i + 2`, blank rows included.
pub fn read(bytes: &[u8]) -> Result<(Vec<String>, Vec<Vec<Value>>), SheetError> {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| SheetError::NotXlsx)?;
    let name = book.sheet_names().first().cloned().ok_or(SheetError::NoSheet)?;
    let range = book.worksheet_range(&name).map_err(|_| SheetError::NotXlsx)?;
    let mut rows = range.rows();
    let header: Vec<String> =
        rows.next().ok_or(SheetError::Empty)?.iter().map(|c| c.to_string().trim().to_string()).collect();
    let data: Vec<Vec<Value>> = rows
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => Value::Empty,
                    Data::String(s) if s.trim().is_empty() => Value::Empty,
                    Data::String(s) => Value::Text(s.trim().to_string()),
                    Data::Float(f) => Value::Number(*f),
                    Data::Int(i) => Value::Number(*i as f64),
                    Data::Bool(b) => Value::Text(b.to_string()),
                    Data::DateTime(d) => d.as_datetime().map(|x| Value::Date(x.date())).unwrap_or(Value::Empty),
                    Data::DateTimeIso(s) => NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
                        .map(Value::Date)
                        .unwrap_or(Value::Text(s.clone())),
                    other => Value::Text(other.to_string()),
                })
                .collect()
        })
        .collect();
    // blank rows stay (so row numbers match what Excel shows) except at the end
    let mut data = data;
    while data.last().is_some_and(|r| is_blank(r)) {
        data.pop();
    }
    if data.is_empty() {
        return Err(SheetError::Empty);
    }
    Ok((header, data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_workbook() {
        assert_eq!(read(b"PK\x03\x04 not really").unwrap_err(), SheetError::NotXlsx);
        assert_eq!(read(b"").unwrap_err(), SheetError::NotXlsx);
    }

    #[test]
    fn reads_typed_cells_back() {
        use crate::xlsx::{Cell, Sheet, workbook};
        let bytes = workbook(&[Sheet {
            name: "A",
            title: "Tiêu đề",
            columns: &[("Mã", 10.0), ("Số", 10.0)],
            rows: vec![vec![Cell::Text("X1".into()), Cell::Int(5)]],
        }])
        .unwrap();
        let (header, rows) = read(&bytes).unwrap();
        assert_eq!(header[0], "Tiêu đề");
        assert!(
            rows.iter().any(|r| r.first() == Some(&Value::Text("X1".into())) && r.get(1) == Some(&Value::Number(5.0)))
        );
    }
}

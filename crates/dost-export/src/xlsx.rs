//! XLSX workbooks.

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use thiserror::Error;

#[derive(Debug, Error)]
#[error("không tạo được tệp XLSX: {0}")]
pub struct ExportError(#[from] XlsxError);

/// A sheet: name, column headers (with widths), rows of cells.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub columns: &'a [(&'a str, f64)],
    pub rows: Vec<Vec<Cell>>,
}

pub enum Cell {
    Text(String),
    Int(i64),
}

/// A workbook of one or more sheets, each with a bold title row and a header row.
pub fn workbook(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let header =
        Format::new().set_bold().set_background_color(0xDDE6F0).set_border(rust_xlsxwriter::FormatBorder::Thin);
    let number = Format::new().set_num_format("#,##0");
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(s.name)?;
        ws.write_string_with_format(0, 0, s.title, &bold)?;
        for (c, (name, width)) in s.columns.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(2, c, *name, &header)?;
            ws.set_column_width(c, *width)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            let r = r as u32 + 3;
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(t) => ws.write_string(r, c as u16, t)?,
                    Cell::Int(n) => ws.write_number_with_format(r, c as u16, *n as f64, &number)?,
                };
            }
        }
        ws.set_freeze_panes(3, 0)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// A plain table: the header in the first row (for import templates).
pub fn table(sheet: &str, columns: &[(&str, f64)], rows: &[Vec<Cell>]) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let header =
        Format::new().set_bold().set_background_color(0xDDE6F0).set_border(rust_xlsxwriter::FormatBorder::Thin);
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    for (c, (name, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &header)?;
        ws.set_column_width(c as u16, *width)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(t) => ws.write_string(r as u32 + 1, c as u16, t)?,
                Cell::Int(n) => ws.write_number(r as u32 + 1, c as u16, *n as f64)?,
            };
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_is_a_zip() {
        let bytes = workbook(&[Sheet {
            name: "Truy cập",
            title: "Thống kê",
            columns: &[("Ngày", 12.0), ("Người", 10.0)],
            rows: vec![vec![Cell::Text("01/10/2020".into()), Cell::Int(1234)]],
        }])
        .unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"));
    }
}

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
    /// A count: "06", "23", "1.015" (two digits below ten, as the text writes it).
    Count(i64),
    /// An amount in đồng.
    Money(i64),
    /// A share (0,37 shows as 37%).
    Ratio(f64),
    /// A figure the system does not hold: left empty, shaded, for staff to fill.
    ToFill,
}

/// A sheet laid out as an official form or annex: the corner blocks (issuer
/// on the left, e.g. "Biểu số …" and the receiving body on the right), the
/// centred title lines, one header row, the rows, notes, and the signature
/// blocks side by side; printed on A4 landscape, one page wide, the header
/// repeated on every page.
pub struct OfficialSheet {
    pub name: String,
    pub top_left: Vec<String>,
    pub top_right: Vec<String>,
    pub title: Vec<String>,
    pub header: Vec<String>,
    pub widths: Vec<f64>,
    pub rows: Vec<Vec<Cell>>,
    pub notes: Vec<String>,
    /// (title lines, name) of each signer, left to right.
    pub signatures: Vec<(Vec<String>, String)>,
}

/// Number formats: Excel shows the separators of the reader's locale
/// (30.000.000 and 14,3% on a Vietnamese system).
const COUNT_FORMAT: &str = "[<10]00;#,##0";
const MONEY_FORMAT: &str = "#,##0";
const RATIO_FORMAT: &str = "0.0%";

/// A workbook of official sheets.
pub fn official(sheets: &[OfficialSheet]) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{FormatAlign, FormatBorder};
    let mut wb = Workbook::new();
    let font = |f: Format| f.set_font_name("Times New Roman").set_font_size(12);
    let plain = font(Format::new());
    let bold_centre = font(Format::new().set_bold().set_align(FormatAlign::Center).set_text_wrap());
    let italic_centre = font(Format::new().set_italic().set_align(FormatAlign::Center).set_text_wrap());
    let left = font(Format::new().set_text_wrap().set_align(FormatAlign::VerticalCenter));
    let header = font(
        Format::new()
            .set_bold()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap(),
    );
    let cell =
        font(Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter));
    let count = cell.clone().set_num_format(COUNT_FORMAT);
    let money = cell.clone().set_num_format(MONEY_FORMAT);
    let ratio = cell.clone().set_num_format(RATIO_FORMAT);
    let to_fill = cell.clone().set_background_color(0xFFF2CC);
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name)?;
        let cols = s.widths.len().max(2) as u16;
        for (c, w) in s.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        let half = cols / 2;
        let mut r = 0u32;
        let corner = s.top_left.len().max(s.top_right.len());
        for i in 0..corner {
            if let Some(t) = s.top_left.get(i) {
                ws.merge_range(r, 0, r, half.saturating_sub(1), t, &if i == 0 { plain.clone() } else { left.clone() })?;
            }
            if let Some(t) = s.top_right.get(i) {
                ws.merge_range(r, half, r, cols - 1, t, &left)?;
            }
            r += 1;
        }
        if corner > 0 {
            r += 1;
        }
        for (i, t) in s.title.iter().enumerate() {
            let f = if i + 1 == s.title.len() && s.title.len() > 1 { &italic_centre } else { &bold_centre };
            ws.merge_range(r, 0, r, cols - 1, t, f)?;
            r += 1;
        }
        r += 1;
        let header_row = r;
        for (c, h) in s.header.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, h, &header)?;
        }
        ws.set_row_height(r, 32)?;
        r += 1;
        for row in &s.rows {
            for (c, v) in row.iter().enumerate() {
                let c = c as u16;
                match v {
                    Cell::Text(t) => ws.write_string_with_format(r, c, t, &cell)?,
                    Cell::Int(n) | Cell::Money(n) => ws.write_number_with_format(r, c, *n as f64, &money)?,
                    Cell::Count(n) => ws.write_number_with_format(r, c, *n as f64, &count)?,
                    Cell::Ratio(x) => ws.write_number_with_format(r, c, *x, &ratio)?,
                    Cell::ToFill => ws.write_blank(r, c, &to_fill)?,
                };
            }
            r += 1;
        }
        r += 1;
        for n in &s.notes {
            ws.merge_range(r, 0, r, cols - 1, n, &font(Format::new().set_italic()))?;
            r += 1;
        }
        if !s.signatures.is_empty() {
            r += 1;
            let per = (cols / s.signatures.len() as u16).max(1);
            for (i, (titles, name)) in s.signatures.iter().enumerate() {
                let first = i as u16 * per;
                let last = if i + 1 == s.signatures.len() { cols - 1 } else { first + per - 1 };
                let mut rr = r;
                for t in titles {
                    if first == last {
                        ws.write_string_with_format(rr, first, t, &bold_centre)?;
                    } else {
                        ws.merge_range(rr, first, rr, last, t, &bold_centre)?;
                    }
                    rr += 1;
                }
                rr += 4; // room for the signature and the seal
                if first == last {
                    ws.write_string_with_format(rr, first, name, &bold_centre)?;
                } else {
                    ws.merge_range(rr, first, rr, last, name, &bold_centre)?;
                }
            }
        }
        ws.set_paper_size(9); // A4
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(header_row, header_row)?;
        ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    }
    Ok(wb.save_to_buffer()?)
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
                    Cell::Int(n) | Cell::Count(n) | Cell::Money(n) => {
                        ws.write_number_with_format(r, c as u16, *n as f64, &number)?
                    }
                    Cell::Ratio(x) => ws.write_number(r, c as u16, *x)?,
                    Cell::ToFill => ws.write_blank(r, c as u16, &Format::new())?,
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
                Cell::Int(n) | Cell::Count(n) | Cell::Money(n) => ws.write_number(r as u32 + 1, c as u16, *n as f64)?,
                Cell::Ratio(x) => ws.write_number(r as u32 + 1, c as u16, *x)?,
                Cell::ToFill => ws.write_blank(r as u32 + 1, c as u16, &Format::new())?,
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

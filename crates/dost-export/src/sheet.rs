//! Reading XLSX sheets uploaded by staff: cells as typed values, so that
//! importers can say "row 5, column «Bắt đầu»: a number is not a date".
//!
//! A workbook is hostile until read: before anything is decoded, every part
//! of the zip is measured by decompressing it (a 2 KB file can hold gigabytes),
//! the sheet's declared size is checked against [`Limits`], and the sheet is
//! then read cell by cell, refusing any cell beyond the limits — memory never
//! grows with what the file claims, only with the cells it really holds.

use std::io::{Read, Seek};

use calamine::{DataRef, Reader, Xlsx};
use chrono::NaiveDate;
use thiserror::Error;

/// The largest sheet an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Rows, the header row included.
    pub max_rows: u32,
    pub max_columns: u32,
    /// Bytes of any one part of the workbook once decompressed.
    pub max_part_bytes: u64,
    /// Bytes of the whole workbook once decompressed.
    pub max_total_bytes: u64,
}

/// 100.000 rows of 60 columns: a large department's year fits with room.
pub const LIMITS: Limits =
    Limits { max_rows: 100_001, max_columns: 60, max_part_bytes: 400 << 20, max_total_bytes: 600 << 20 };

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SheetError {
    #[error("Tệp không phải bảng tính Excel (.xlsx) đọc được.")]
    NotXlsx,
    #[error("Bảng tính không có trang nào.")]
    NoSheet,
    #[error("Bảng tính không có dòng dữ liệu nào dưới dòng tiêu đề.")]
    Empty,
    #[error(
        "Bảng tính quá lớn: mỗi lần nhập tối đa {} dòng và {max_columns} cột. Hãy chia thành nhiều tệp nhỏ hơn.",
        dost_domain::format::int(i64::from(*max_rows) - 1)
    )]
    TooBig { max_rows: u32, max_columns: u32 },
    #[error("Tệp bảng tính giải nén ra quá lớn (có thể là tệp hỏng hoặc tệp độc hại), nên không được đọc.")]
    Inflated,
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

/// Decompresses every part of the zip without keeping it, refusing the file
/// when a part or the whole is larger than the limits allow.
fn measure<R: Read + Seek>(reader: R, limits: &Limits) -> Result<(), SheetError> {
    let mut zip = zip::ZipArchive::new(reader).map_err(|_| SheetError::NotXlsx)?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|_| SheetError::NotXlsx)?;
        if entry.size() > limits.max_part_bytes {
            return Err(SheetError::Inflated);
        }
        let n = std::io::copy(&mut entry.take(limits.max_part_bytes + 1), &mut std::io::sink())
            .map_err(|_| SheetError::NotXlsx)?;
        total += n;
        if n > limits.max_part_bytes || total > limits.max_total_bytes {
            return Err(SheetError::Inflated);
        }
    }
    Ok(())
}

fn value(cell: &DataRef<'_>) -> Value {
    match cell {
        DataRef::Empty => Value::Empty,
        DataRef::String(s) if s.trim().is_empty() => Value::Empty,
        DataRef::SharedString(s) if s.trim().is_empty() => Value::Empty,
        DataRef::String(s) => Value::Text(s.trim().to_string()),
        DataRef::SharedString(s) => Value::Text(s.trim().to_string()),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Bool(b) => Value::Text(b.to_string()),
        DataRef::DateTime(d) => d.as_datetime().map(|x| Value::Date(x.date())).unwrap_or(Value::Empty),
        DataRef::DateTimeIso(s) => NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
            .map(Value::Date)
            .unwrap_or(Value::Text(s.clone())),
        DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Text(e.to_string()),
    }
}

/// The first sheet within the default [`LIMITS`]: header row (texts) and
/// data rows; data row `i` is the sheet's row `i + 2`, blank rows included.
pub fn read(bytes: &[u8]) -> Result<(Vec<String>, Vec<Vec<Value>>), SheetError> {
    read_within(std::io::Cursor::new(bytes), &LIMITS)
}

/// The first sheet of a workbook file within the default [`LIMITS`].
pub fn read_file(path: &std::path::Path) -> Result<(Vec<String>, Vec<Vec<Value>>), SheetError> {
    let file = std::fs::File::open(path).map_err(|_| SheetError::NotXlsx)?;
    read_within(std::io::BufReader::new(file), &LIMITS)
}

/// The first sheet, read cell by cell within `limits`.
pub fn read_within<R: Read + Seek>(
    mut reader: R,
    limits: &Limits,
) -> Result<(Vec<String>, Vec<Vec<Value>>), SheetError> {
    measure(&mut reader, limits)?;
    reader.rewind().map_err(|_| SheetError::NotXlsx)?;
    let mut book: Xlsx<_> = Xlsx::new(reader).map_err(|_| SheetError::NotXlsx)?;
    let name = book.sheet_names().first().cloned().ok_or(SheetError::NoSheet)?;
    let too_big = SheetError::TooBig { max_rows: limits.max_rows, max_columns: limits.max_columns };
    let mut cells = book.worksheet_cells_reader(&name).map_err(|_| SheetError::NotXlsx)?;
    // the declared size, refused before a single cell is read
    let declared = cells.dimensions();
    if declared.end.0 >= limits.max_rows || declared.end.1 >= limits.max_columns {
        return Err(too_big);
    }
    let mut rows: Vec<Vec<Value>> = Vec::new();
    // …and every cell, since a file may declare one size and hold another
    while let Some(cell) = cells.next_cell().map_err(|_| SheetError::NotXlsx)? {
        let (r, c) = cell.get_position();
        if r >= limits.max_rows || c >= limits.max_columns {
            return Err(too_big);
        }
        let v = value(cell.get_value());
        if v == Value::Empty {
            continue;
        }
        let (r, c) = (r as usize, c as usize);
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        if rows[r].len() <= c {
            rows[r].resize(c + 1, Value::Empty);
        }
        rows[r][c] = v;
    }
    let mut rows = rows.into_iter();
    let header: Vec<String> = rows
        .next()
        .ok_or(SheetError::Empty)?
        .into_iter()
        .map(|v| match v {
            Value::Text(t) => t,
            Value::Number(n) => n.to_string(),
            Value::Date(d) => d.to_string(),
            Value::Empty => String::new(),
        })
        .collect();
    // blank rows stay (so row numbers match what Excel shows) except at the end
    let mut data: Vec<Vec<Value>> = rows.collect();
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
    use std::io::Write;

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

    /// A minimal workbook whose sheet XML is `sheet` (with its `<dimension>`).
    fn workbook_with(sheet: &str) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut out);
        let opt = zip::write::SimpleFileOptions::default();
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string(),
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
            ),
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string(),
            ),
            ("xl/worksheets/sheet1.xml", sheet.to_string()),
        ];
        for (name, text) in parts {
            z.start_file(name, opt).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        }
        z.finish().unwrap();
        out.into_inner()
    }

    fn sheet_xml(dimension: &str, cells: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>"#
        )
    }

    #[test]
    fn a_cell_at_the_last_address_of_the_grid_is_refused_without_allocating_the_grid() {
        // one cell at XFD1048576, the dimension honest about it: 2 KB that
        // would have asked for rows × columns of cells
        let far = sheet_xml(
            "A1:XFD1048576",
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        );
        let bytes = workbook_with(&far);
        assert!(bytes.len() < 4096);
        assert!(matches!(read(&bytes), Err(SheetError::TooBig { .. })));
        // the same cell behind a dimension that lies
        let lying = sheet_xml(
            "A1:B2",
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        );
        assert!(matches!(read(&workbook_with(&lying)), Err(SheetError::TooBig { .. })));
        // a dimension claiming the whole grid, with two honest cells
        let claims = sheet_xml(
            "A1:XFD1048576",
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row>"#,
        );
        assert!(matches!(read(&workbook_with(&claims)), Err(SheetError::TooBig { .. })));
        // too many columns in an ordinary row
        let wide = sheet_xml("A1:BZ1", r#"<row r="1"><c r="BZ1"><v>1</v></c></row>"#);
        assert!(matches!(read(&workbook_with(&wide)), Err(SheetError::TooBig { .. })));
        // the message says what the limits are, in Vietnamese
        let msg = read(&workbook_with(&far)).unwrap_err().to_string();
        assert!(msg.contains("100.000 dòng") && msg.contains("60 cột"), "{msg}");
    }

    #[test]
    fn a_part_that_inflates_beyond_the_limits_is_refused_before_it_is_decoded() {
        let padding = " ".repeat(3 << 20);
        let big = sheet_xml(
            "A1:A2",
            &format!(r#"<row r="1"><c r="A1"><v>1</v></c></row>{padding}<row r="2"><c r="A2"><v>2</v></c></row>"#),
        );
        let bytes = workbook_with(&big);
        assert!(bytes.len() < 64 * 1024, "compresses well: {}", bytes.len());
        let small = Limits { max_part_bytes: 1 << 20, max_total_bytes: 2 << 20, ..LIMITS };
        assert_eq!(read_within(std::io::Cursor::new(&bytes), &small).unwrap_err(), SheetError::Inflated);
        assert!(read(&bytes).is_ok(), "within the default limits it is an ordinary sheet");
    }
}

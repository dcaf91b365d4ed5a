//! The one import page of the back office: the upload (its session and token
//! checked before the body is read, the file streamed within the limit), the
//! template to fill in, and the outcome: what was imported, or the problems
//! by row and column (the first 200, with the total). Nothing is imported
//! while any row is wrong.

use askama::Template;
use axum::response::Response;
use dost_app::import::{Checked, RowError};
use dost_domain::format;
use dost_domain::registers::Column;
use dost_export::xlsx::{Cell, table};

use super::extract::StaffUpload;
use super::{IMPORT_MAX_BYTES, Staff, StaffPage, download, no_store_checked};
use crate::WebError;

/// An import's upload.
pub type Upload = StaffUpload<IMPORT_MAX_BYTES>;

/// Where an import lives.
pub struct Import {
    pub title: String,
    pub back: String,
    pub action: String,
    pub template_url: String,
    /// Whether the person may ask to import the valid rows only.
    pub partial: bool,
}

#[derive(Template)]
#[template(path = "staff/sheet_import.html")]
struct ImportTemplate<'a> {
    page: StaffPage,
    i: &'a Import,
    form_error: Option<String>,
    summary: Option<String>,
    imported: usize,
    errors: Vec<RowError>,
    /// Problems not listed (formatted), empty when all are.
    more_errors: String,
}

/// The import page before anything is uploaded.
pub fn empty(staff: &Staff, i: &Import) -> Result<Response, WebError> {
    render(staff, i, None, None, Vec::new(), String::new())
}

/// The person's mistake with the file itself (none, not a workbook, the wrong template).
pub fn refused(staff: &Staff, i: &Import, message: String) -> Result<Response, WebError> {
    render(staff, i, Some(message), None, Vec::new(), String::new())
}

/// The problems found in the rows.
pub fn problems<R>(staff: &Staff, i: &Import, c: Checked<R>) -> Result<Response, WebError> {
    let summary = format!(
        "Chưa nhập dòng nào: có {} lỗi trong {} dòng. Hãy sửa rồi tải lên lại.",
        format::int(c.total_errors as i64),
        format::int(c.data_rows as i64)
    );
    let more = unlisted(c.total_errors, c.errors.len());
    render(staff, i, None, Some(summary), c.errors, more)
}

/// The valid rows were imported (as asked); the others are listed.
pub fn partly(
    staff: &Staff,
    i: &Import,
    imported: usize,
    errors: Vec<RowError>,
    total_errors: usize,
    rows: usize,
) -> Result<Response, WebError> {
    let t = ImportTemplate {
        page: StaffPage::new(staff, i.title.clone(), &i.back),
        i,
        form_error: None,
        summary: Some(format!(
            "Đã nhập {} trên {} dòng; các dòng lỗi dưới đây chưa được nhập.",
            format::int(imported as i64),
            format::int(rows as i64)
        )),
        imported,
        more_errors: unlisted(total_errors, errors.len()),
        errors,
    };
    Ok(no_store_checked(t.render()?, total_errors > 0))
}

/// What was imported.
pub fn imported(staff: &Staff, i: &Import, n: usize) -> Result<Response, WebError> {
    let t = ImportTemplate {
        page: StaffPage::new(staff, i.title.clone(), &i.back),
        i,
        form_error: None,
        summary: Some(format!("Đã nhập {} bản ghi.", format::int(n as i64))),
        imported: n,
        errors: Vec::new(),
        more_errors: String::new(),
    };
    Ok(no_store_checked(t.render()?, false))
}

/// The count of problems not listed, as the page writes it (empty: none).
fn unlisted(total: usize, listed: usize) -> String {
    match total.saturating_sub(listed) {
        0 => String::new(),
        n => format::int(n as i64),
    }
}

fn render(
    staff: &Staff,
    i: &Import,
    form_error: Option<String>,
    summary: Option<String>,
    errors: Vec<RowError>,
    more_errors: String,
) -> Result<Response, WebError> {
    let failed = form_error.is_some() || summary.is_some();
    let t = ImportTemplate {
        page: StaffPage::new(staff, i.title.clone(), &i.back),
        i,
        form_error,
        summary,
        imported: 0,
        errors,
        more_errors,
    };
    Ok(no_store_checked(t.render()?, failed))
}

/// The uploaded workbook's temporary file, or what is wrong with the upload.
pub fn workbook(upload: &Upload) -> Result<std::path::PathBuf, String> {
    match &upload.file {
        None => Err("Hãy chọn tệp XLSX.".into()),
        Some(f) if f.size == 0 => Err("Tệp trống.".into()),
        Some(f) => Ok(f.file.path().to_path_buf()),
    }
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The template to fill in: the columns' labels and one example row.
pub fn template(columns: &[Column], example: &[&str], file_name: &str) -> Result<Response, WebError> {
    let widths: Vec<(&str, f64)> = columns.iter().map(|c| (c.label, 24.0)).collect();
    let row = example.iter().map(|s| Cell::Text((*s).to_string())).collect();
    let bytes = table("Mẫu nhập", &widths, &[row]).map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(download(bytes, XLSX, file_name))
}

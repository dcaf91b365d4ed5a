//! What every XLSX import of the back office shares: the upload (with its
//! CSRF token), the header check against the template, typed cells, and the
//! page reporting problems by row and column. Nothing is imported while any
//! row is wrong.

use askama::Template;
use axum::extract::Multipart;
use axum::response::Response;
use dost_domain::format;
use dost_domain::registers::Input;
use dost_domain::text::fold;
use dost_export::sheet::{self, Value};

use super::{Staff, StaffPage, no_store_checked};
use crate::WebError;

/// Where an import lives.
pub struct Import {
    pub title: String,
    pub back: String,
    pub action: String,
    pub template_url: String,
}

/// A problem: (row as Excel shows it, column label, message).
pub type RowError = (usize, &'static str, String);

#[derive(Template)]
#[template(path = "staff/sheet_import.html")]
struct ImportTemplate<'a> {
    page: StaffPage,
    i: &'a Import,
    form_error: Option<String>,
    summary: Option<String>,
    imported: usize,
    errors: Vec<RowError>,
}

/// The import page: empty, with a problem, or with the outcome.
pub fn page(
    staff: &Staff,
    i: &Import,
    form_error: Option<String>,
    imported: Option<usize>,
    errors: Vec<RowError>,
    rows: usize,
) -> Result<Response, WebError> {
    let failed = form_error.is_some() || !errors.is_empty();
    let summary = if !errors.is_empty() {
        Some(format!(
            "Chưa nhập dòng nào: có {} lỗi trong {} dòng. Hãy sửa rồi tải lên lại.",
            format::int(errors.len() as i64),
            format::int(rows as i64)
        ))
    } else {
        imported.map(|n| format!("Đã nhập {} bản ghi.", format::int(n as i64)))
    };
    let t = ImportTemplate {
        page: StaffPage::new(staff, i.title.clone(), "/quan-tri/so"),
        i,
        form_error,
        summary,
        imported: imported.unwrap_or(0),
        errors,
    };
    Ok(no_store_checked(t.render()?, failed))
}

/// A sheet's data rows.
pub type Rows = Vec<Vec<Value>>;

/// Reads the upload; checks the CSRF token and the template's header row.
/// `Ok(Err(message))` is the person's mistake, to show on the page.
pub async fn read(staff: &Staff, mut multipart: Multipart, labels: &[&str]) -> Result<Result<Rows, String>, WebError> {
    let (mut csrf, mut file) = (String::new(), Vec::new());
    let bad = |_| WebError::BadRequest("Không đọc được dữ liệu tải lên.".into());
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.map_err(bad)?,
            "file" => file = field.bytes().await.map_err(bad)?.to_vec(),
            _ => {}
        }
    }
    staff.check_csrf(&csrf)?;
    if file.is_empty() {
        return Ok(Err("Hãy chọn tệp XLSX.".into()));
    }
    let (header, rows) = match sheet::read(&file) {
        Ok(x) => x,
        Err(e) => return Ok(Err(e.to_string())),
    };
    for (i, label) in labels.iter().enumerate() {
        if header.get(i).map(|h| fold(h)) != Some(fold(label)) {
            return Ok(Err(format!(
                "Cột {} phải là «{label}» (hãy dùng tệp mẫu); trong tệp là «{}».",
                i + 1,
                header.get(i).cloned().unwrap_or_default()
            )));
        }
    }
    Ok(Ok(rows))
}

/// A cell as the domain's parser takes it.
pub fn input(row: &[Value], i: usize) -> Input {
    match row.get(i) {
        None | Some(Value::Empty) => Input::Empty,
        Some(Value::Text(t)) => Input::Text(t.clone()),
        Some(Value::Number(x)) => Input::Number(*x),
        Some(Value::Date(d)) => Input::Date(*d),
    }
}

/// Rows with something in them.
pub fn count(rows: &Rows) -> usize {
    rows.iter().filter(|r| !sheet::is_blank(r)).count()
}

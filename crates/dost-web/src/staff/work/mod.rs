//! The department's work recorded by its units: verifications (Chi cục
//! TĐC), dossiers (the one-stop desk), their cycle rules and the holidays
//! working-day deadlines count, and their imports from spreadsheets.

pub mod cycles;
pub mod dossiers;
pub mod holidays;
pub mod imports;
pub mod receipt;
pub mod verifications;

use askama::Template;
use axum::response::{Redirect, Response};
use chrono::NaiveDate;

use super::page::FormField as Field;
use super::{Staff, StaffPage, no_store_checked};
use crate::WebError;

/// A field of a form.
pub(crate) fn field(name: &'static str, label: &'static str, value: &str, placeholder: &'static str) -> Field {
    Field { name, label, value: value.into(), placeholder, options: Vec::new(), error: None }
}

/// A date typed as dd/mm/yyyy.
pub(crate) fn date(s: &str) -> Option<NaiveDate> {
    dost_domain::format::parse_date(s)
}

/// A form page with the errors next to their fields (422 when there are some).
pub(crate) fn form_page(
    staff: &Staff,
    heading: &'static str,
    action: &str,
    fields: Vec<Field>,
    message: Option<String>,
) -> Result<Response, WebError> {
    let has_errors = fields.iter().any(|f| f.error.is_some());
    let t = verifications::FormTemplate {
        page: StaffPage::new(staff, heading, action),
        heading,
        action: action.to_string(),
        form_error: has_errors.then(|| "Chưa lưu: hãy sửa các ô báo lỗi.".to_string()),
        message,
        fields,
    };
    Ok(no_store_checked(t.render()?, has_errors))
}

/// The inspection form moved to its register.
pub async fn inspection_form(_staff: Staff) -> Redirect {
    Redirect::permanent("/quan-tri/so/kiem-tra/moi")
}

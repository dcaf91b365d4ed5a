//! An error of a staff page, shown inside the staff layout with its menu and
//! a way back, with the same status.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

use super::{Staff, StaffPage};
use crate::http::error::{Shown, title};
use crate::http::respond::with_status;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "staff/error.html")]
struct ErrorTemplate<'a> {
    page: StaffPage,
    status: u16,
    message: &'a str,
}

pub fn render(_state: &AppState, staff: &Staff, status: StatusCode, message: &str) -> Result<Response, WebError> {
    let page = StaffPage::new(staff, title(status), "");
    let html = ErrorTemplate { page, status: status.as_u16(), message }.render()?;
    let mut r = with_status(html, status);
    r.extensions_mut().insert(Shown { message: message.to_string() });
    Ok(r)
}

//! Importing tasks from a spreadsheet (the form's parser for every row; the
//! valid rows only when asked), with the template to fill in.

use axum::extract::State;
use axum::response::Response;
use dost_export::xlsx::{Cell, table};

use super::super::sheet_import::{self as sheet, Import, Upload};
use super::super::{Staff, download};
use crate::{AppState, WebError};

fn place() -> Import {
    Import {
        title: "Nhập nhiệm vụ KH&CN từ bảng tính".into(),
        back: "/quan-tri/nhiem-vu".into(),
        action: "/quan-tri/nhiem-vu/nhap".into(),
        template_url: "/quan-tri/nhiem-vu/mau-nhap.xlsx".into(),
        partial: true,
    }
}

pub async fn form(staff: Staff) -> Result<Response, WebError> {
    sheet::empty(&staff, &place())
}

pub async fn template(_staff: Staff) -> Result<Response, WebError> {
    use dost_app::import::tasks::{COLUMNS, EXAMPLE, WIDTHS};
    let columns: Vec<(&str, f64)> = COLUMNS.iter().map(|c| c.label).zip(WIDTHS).collect();
    let row = EXAMPLE.iter().map(|s| Cell::Text((*s).to_string())).collect();
    let bytes = table("Nhiệm vụ", &columns, &[row]).map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(download(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "mau-nhap-nhiem-vu.xlsx"))
}

pub async fn import(State(state): State<AppState>, upload: Upload) -> Result<Response, WebError> {
    let place = place();
    let staff = &upload.staff;
    let file = match sheet::workbook(&upload) {
        Ok(f) => f,
        Err(m) => return sheet::refused(staff, &place, m),
    };
    let only_valid = upload.fields.get("only_valid").is_some_and(|v| v == "1");
    let mut checked = match dost_app::import::tasks::check_file(&state.db, file).await? {
        Ok(c) => c,
        Err(refused) => return sheet::refused(staff, &place, refused.0),
    };
    if !checked.ok() && !only_valid {
        return sheet::problems(staff, &place, checked);
    }
    let rows = std::mem::take(&mut checked.rows);
    let written = dost_app::import::tasks::write(
        &state.db,
        &staff.actor(),
        state.clock.now(),
        rows,
        staff.user.unit_id,
        |_, _| {},
    )
    .await?;
    for (row, code) in written.taken {
        checked.problem(row, "Mã số", format!("mã «{code}» vừa được người khác ghi"));
    }
    if written.imported > 0 {
        state.refresh().await?;
    }
    if checked.ok() {
        return sheet::imported(staff, &place, written.imported);
    }
    sheet::partly(staff, &place, written.imported, checked.errors, checked.total_errors, checked.data_rows)
}

//! XLSX imports of verifications and dossiers, with their templates: the
//! rules of the forms apply to every row (see `dost_app::import`).

use axum::extract::State;
use axum::response::Response;

use super::super::Staff;
use super::super::sheet_import::{self as sheet, Import, Upload};
use crate::{AppState, WebError};

fn verification_place() -> Import {
    Import {
        title: "Nhập kết quả kiểm định phương tiện đo từ bảng tính".into(),
        back: "/quan-tri/so-lieu/kiem-dinh".into(),
        action: "/quan-tri/kiem-dinh/nhap".into(),
        template_url: "/quan-tri/kiem-dinh/mau-nhap.xlsx".into(),
        partial: false,
    }
}

pub async fn verification_template(_staff: Staff) -> Result<Response, WebError> {
    use dost_app::import::verifications::{COLUMNS, EXAMPLE};
    sheet::template(COLUMNS, EXAMPLE, "mau-nhap-kiem-dinh.xlsx")
}

pub async fn verification_form(staff: Staff) -> Result<Response, WebError> {
    sheet::empty(&staff, &verification_place())
}

pub async fn verification_import(State(state): State<AppState>, upload: Upload) -> Result<Response, WebError> {
    let place = verification_place();
    let file = match sheet::workbook(&upload) {
        Ok(f) => f,
        Err(m) => return sheet::refused(&upload.staff, &place, m),
    };
    let checked = match dost_app::import::verifications::check_file(
        &state.db,
        file,
        dost_domain::format::vn_date(state.clock.now()),
    )
    .await?
    {
        Ok(c) => c,
        Err(refused) => return sheet::refused(&upload.staff, &place, refused.0),
    };
    if !checked.ok() {
        return sheet::problems(&upload.staff, &place, checked);
    }
    let items: Vec<_> = checked.rows.into_iter().map(|(_, v)| v).collect();
    let mut tx = state.begin(&upload.staff.actor()).await?;
    dost_store::work::insert_verifications(&mut tx, &items).await?;
    state.commit(tx).await?;
    sheet::imported(&upload.staff, &place, items.len())
}

fn dossier_place() -> Import {
    Import {
        title: "Nhập hồ sơ thủ tục hành chính từ bảng tính".into(),
        back: "/quan-tri/ho-so".into(),
        action: "/quan-tri/ho-so/nhap".into(),
        template_url: "/quan-tri/ho-so/mau-nhap.xlsx".into(),
        partial: false,
    }
}

pub async fn dossier_template(_staff: Staff) -> Result<Response, WebError> {
    use dost_app::import::dossiers::{COLUMNS, EXAMPLE};
    sheet::template(COLUMNS, EXAMPLE, "mau-nhap-ho-so.xlsx")
}

pub async fn dossier_form(staff: Staff) -> Result<Response, WebError> {
    sheet::empty(&staff, &dossier_place())
}

pub async fn dossier_import(State(state): State<AppState>, upload: Upload) -> Result<Response, WebError> {
    let place = dossier_place();
    let file = match sheet::workbook(&upload) {
        Ok(f) => f,
        Err(m) => return sheet::refused(&upload.staff, &place, m),
    };
    let checked = match dost_app::import::dossiers::check_file(&state.db, file).await? {
        Ok(c) => c,
        Err(refused) => return sheet::refused(&upload.staff, &place, refused.0),
    };
    if !checked.ok() {
        return sheet::problems(&upload.staff, &place, checked);
    }
    let items: Vec<_> = checked.rows.into_iter().map(|(_, d)| d).collect();
    let mut tx = state.begin(&upload.staff.actor()).await?;
    dost_store::work::insert_dossiers(&mut tx, &items).await?;
    state.commit(tx).await?;
    sheet::imported(&upload.staff, &place, items.len())
}

//! The receipt the one-stop desk prints for a dossier (Giấy tiếp nhận hồ sơ
//! và hẹn trả kết quả): the code, the procedure, the dates, and a QR code
//! linking to the dossier's public status page.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use dost_domain::format;

use super::super::{Staff, no_store};
use crate::http::VnPath;
use crate::http::query::encode;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "staff/receipt.html")]
struct ReceiptTemplate {
    parent_org: String,
    org: String,
    code: String,
    applicant: String,
    procedure: String,
    received: String,
    due: String,
    days: String,
    lookup: String,
    /// The lookup secret, printed for the applicant.
    pin: String,
    qr_svg: String,
    clerk: String,
    place_date: String,
}

/// `GET /quan-tri/ho-so/{id}/giay-tiep-nhan`: the printable receipt.
pub async fn receipt(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<i64>,
) -> Result<Response, WebError> {
    let d = dost_store::work::dossier(&state.db, id).await?.ok_or(WebError::NotFound)?;
    let site = state.layout.get().site.clone();
    let lookup = format!("{}/tra-cuu-ho-so", state.config.base_url);
    let link = format!("{lookup}?ma={}&pin={}", encode(&d.code), encode(&d.lookup_pin));
    let qr_svg = qrcode::QrCode::new(link.as_bytes())
        .map(|c| c.render::<qrcode::render::svg::Color>().min_dimensions(140, 140).quiet_zone(true).build())
        .map_err(|e| WebError::Internal(format!("QR: {e}")))?;
    let unit = if d.calendar_days { "ngày" } else { "ngày làm việc" };
    let t = ReceiptTemplate {
        parent_org: site.parent_org.to_uppercase(),
        org: site.org.to_uppercase(),
        applicant: d.applicant.clone(),
        procedure: d.procedure.clone(),
        received: format::date(d.received_on),
        due: format::date(d.due()),
        days: format!("{} {unit}", format::count(d.working_days)),
        lookup,
        pin: d.lookup_pin.clone(),
        qr_svg,
        clerk: staff.user.display_name.clone(),
        place_date: format!(
            "ngày {} tháng {} năm {}",
            d.received_on.format("%d"),
            d.received_on.format("%m"),
            d.received_on.format("%Y")
        ),
        code: d.code,
    };
    Ok(no_store(t.render()?))
}

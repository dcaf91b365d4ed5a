//! What falls due soon: instruments to re-verify (by owner, to notify them)
//! and radiation licences about to expire.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Duration;
use dost_domain::access::Action;
use dost_domain::format;
use dost_domain::organisation::{DOSSIERS, VERIFICATIONS};

use super::{Staff, StaffPage, no_store};
use crate::http::query::StaffQuery;
use crate::{AppState, WebError};

/// An owner of instruments due, with what falls due.
pub struct Owner {
    pub name: String,
    pub items: Vec<String>,
}

/// A radiation licence about to expire, as shown.
pub struct LicenceRow {
    pub applicant: String,
    pub procedure: String,
    pub dossier_code: String,
    pub until: String,
}

#[derive(Template)]
#[template(path = "staff/due_soon.html")]
struct DueTemplate {
    page: StaffPage,
    on: String,
    days: i64,
    form_error: Option<String>,
    owners: Vec<Owner>,
    instruments_total: usize,
    licences: Vec<LicenceRow>,
    show_instruments: bool,
    show_licences: bool,
}

pub async fn page(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let today = format::vn_date(state.clock.now());
    let mut form_error = None;
    let on = match q.get("ngay-xem").map(|s| s.trim()) {
        None | Some("") => today,
        Some(s) => format::parse_date(s).unwrap_or_else(|| {
            form_error = Some(format!("Ngày «{s}» không hợp lệ; hãy nhập theo mẫu 01/10/2020."));
            today
        }),
    };
    let days = match q.get("so-ngay").map(|s| s.trim()) {
        None | Some("") => 60,
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=730).contains(&n) => n,
            _ => {
                form_error = Some("Số ngày phải từ 1 đến 730.".into());
                60
            }
        },
    };
    let until = on + Duration::days(days);
    // records of the verifying unit and of the one-stop desk: only theirs (and the leaders')
    let show_instruments = staff.may_keep(Action::Read, VERIFICATIONS);
    let show_licences = staff.may_keep(Action::Read, DOSSIERS);
    let instruments =
        if show_instruments { dost_store::work::instruments_due(&state.db, on, until).await? } else { Vec::new() };
    let total = instruments.len();
    let mut owners: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for i in instruments {
        owners.entry(format!("{} ({})", i.owner, i.district)).or_default().push(format!(
            "{}, số {}: hết hiệu lực kiểm định ngày {}",
            i.type_name,
            i.serial,
            format::date(i.valid_until)
        ));
    }
    let licences = if show_licences {
        dost_store::work::licences_expiring(&state.db, on, until)
            .await?
            .into_iter()
            .map(|l| LicenceRow {
                until: format::date(l.licence_until),
                applicant: l.applicant,
                procedure: l.procedure,
                dossier_code: l.dossier_code,
            })
            .collect()
    } else {
        Vec::new()
    };
    let t = DueTemplate {
        page: StaffPage::new(&staff, "Sắp đến hạn", "/quan-tri/sap-den-han"),
        on: format::date(on),
        days,
        form_error: form_error.clone(),
        owners: owners.into_iter().map(|(name, items)| Owner { name, items }).collect(),
        instruments_total: total,
        licences,
        show_instruments,
        show_licences,
    };
    let mut r = no_store(t.render()?);
    if form_error.is_some() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

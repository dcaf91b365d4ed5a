//! The period report disclosed on the portal with one action: the DOCX the
//! report page offers is kept in the media library (its text read for
//! search) and listed under "Công khai" → "Báo cáo định kỳ" for its period.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use dost_domain::access::{Action, Resource};
use dost_domain::format;
use dost_domain::registers::{DISCLOSURES, Value};

use super::extract::StaffPairs;
use super::report_page::{Choice, only_choices, report_for};
use crate::http::cookies::random_hex;
use crate::{AppState, WebError};

/// `POST /quan-tri/bao-cao/cong-khai`: the report of the chosen period, disclosed.
pub async fn disclose(
    State(state): State<AppState>,
    StaffPairs { staff, pairs }: StaffPairs,
) -> Result<Response, WebError> {
    staff.require(Action::Write, Resource::Keeps(&DISCLOSURES.kind()))?;
    only_choices(&pairs, &[], "")?;
    let today = format::vn_date(state.clock.now());
    let c = Choice::read(&pairs.0, today);
    let report = report_for(&state, &staff, &c).await?.map_err(WebError::BadRequest)?.report;
    let period = report.period.label();
    let title = format!("Báo cáo kết quả hoạt động khoa học và công nghệ {period}");
    // the document is made and read off the async threads
    let made = tokio::task::spawn_blocking(move || {
        dost_export::report::docx(&report).map(|bytes| {
            let text = dost_export::doc_text::text_of(&bytes);
            (bytes, text, report.period.to.year())
        })
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let (bytes, text, year) = made;
    let name = format!("bao-cao-{}-{}.docx", format::date(today).replace('/', ""), random_hex(3));
    let dir = state.config.uploads_dir.join("tai-lieu");
    tokio::fs::create_dir_all(&dir).await?;
    tokio::fs::write(dir.join(&name), &bytes).await?;
    let record = dost_store::media::Media {
        id: 0,
        kind: "tai-lieu".into(),
        file_path: format!("tai-lieu/{name}"),
        thumb_path: None,
        original_name: name.clone(),
        mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document".into(),
        size_bytes: bytes.len() as i64,
        width: 0,
        height: 0,
        alt: String::new(),
        uploaded_at: 0,
    };
    let row = vec![
        Value::Text("bao_cao".into()),
        Value::Text(title),
        Value::Text(period),
        Value::Int(i64::from(year)),
        Value::Date(today),
        Value::Text(String::new()),
        Value::Text(format!("/tep/tai-lieu/{name}")),
    ];
    let owners: Vec<String> =
        staff.org.keepers(&DISCLOSURES.kind(), staff.today).into_iter().map(str::to_string).collect();
    let saved = async {
        let mut tx = state.begin(&staff.actor()).await?;
        let id = dost_store::media::insert(&mut tx, &record).await?;
        dost_store::media::set_body_text(&mut tx, id, &text).await?;
        let ids = dost_store::registers::insert(&mut tx, &DISCLOSURES, &[row]).await?;
        let waits = super::publication::publish_if_allowed(&mut tx, &staff, &DISCLOSURES, &owners, &ids).await?;
        state.commit(tx).await.map(|()| waits)
    };
    match saved.await {
        Err(e) => {
            let _ = tokio::fs::remove_file(dir.join(&name)).await;
            Err(e)
        }
        // it waits for approval: the office's list of what waits says so
        Ok(true) => Ok(Redirect::to("/quan-tri/so/cong-khai").into_response()),
        Ok(false) => Ok(Redirect::to(&format!("/cong-khai?nam={year}")).into_response()),
    }
}

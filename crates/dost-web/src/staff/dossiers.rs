//! The one-stop desk's dossiers (`/quan-tri/ho-so`): the working list, one
//! dossier with its steps (hand-overs, supplement requests, apologies with a
//! new date) and the result handed back; the domain rules decide the due date.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use dost_domain::calendar::Holidays;
use dost_domain::dossiers::{
    DossierState, Step, apply_step, check_return, grants_licence, licence_valid_until, renews_licence, timeliness,
};
use dost_domain::format;
use dost_domain::registers::{Column, FieldKind, Input, Value, parse};
use dost_store::work::Dossier;

use super::form::{date, get, pairs};
use super::{Staff, StaffPage, flash, no_store_checked};
use crate::portal::{VnPath, parse_query};
use crate::{AppState, WebError};

/// (id, code, procedure, applicant, received, due, returned, status)
type ListRow = (i64, String, String, String, String, String, String, String);

#[derive(Template)]
#[template(path = "staff/dossiers.html")]
struct ListTemplate {
    page: StaffPage,
    from: String,
    to: String,
    open_only: bool,
    form_error: Option<String>,
    rows: Vec<ListRow>,
}

/// The department's leaders and the units handling dossiers.
async fn require_see(state: &AppState, staff: &Staff) -> Result<(), WebError> {
    if matches!(staff.role(), dost_domain::roles::Role::Administrator | dost_domain::roles::Role::Leadership) {
        return Ok(());
    }
    super::work_forms::require_dossier_desk(state, staff).await
}

pub async fn list(State(state): State<AppState>, staff: Staff, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    require_see(&state, &staff).await?;
    let q = parse_query(raw.as_deref())?;
    let today = format::vn_date(state.clock.now());
    let mut form_error = None;
    let mut pick = |k: &str, default: NaiveDate| match q.get(k).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => default,
        Some(s) => date(s).unwrap_or_else(|| {
            form_error = Some(format!("Ngày «{s}» không hợp lệ; hãy nhập theo mẫu 30/09/2020."));
            default
        }),
    };
    let from = pick("tu", NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today));
    let to = pick("den", today);
    if to < from && form_error.is_none() {
        form_error = Some("Ngày kết thúc của kỳ không được trước ngày bắt đầu.".into());
    }
    let open_only = q.get("mo").is_some_and(|v| v == "1");
    let rows = if form_error.is_some() {
        Vec::new()
    } else {
        dost_store::work::dossiers(&state.db, from, to, open_only).await?
    };
    let t = ListTemplate {
        page: StaffPage::new(&staff, "Hồ sơ thủ tục hành chính", "/quan-tri/so"),
        from: format::date(from),
        to: format::date(to),
        open_only,
        form_error: form_error.clone(),
        rows: rows
            .into_iter()
            .map(|d| {
                let status = timeliness(d.due(), d.returned_on, today).label().to_string();
                (
                    d.id,
                    d.code.clone(),
                    d.procedure.clone(),
                    d.applicant.clone(),
                    format::date(d.received_on),
                    format::date(d.due()),
                    d.returned_on.map(format::date).unwrap_or_default(),
                    status,
                )
            })
            .collect(),
    };
    Ok(no_store_checked(t.render()?, form_error.is_some()))
}

#[derive(Template)]
#[template(path = "staff/dossier.html")]
struct DetailTemplate {
    page: StaffPage,
    d: Dossier,
    facts: Vec<(&'static str, String)>,
    events: Vec<(String, String, String, String, String)>,
    steps: Vec<(&'static str, &'static str)>,
    channels: Vec<(&'static str, &'static str, bool)>,
    form_error: Option<String>,
    licence: bool,
}

type Events = Vec<(String, NaiveDate, String, String, Option<NaiveDate>)>;

async fn load(state: &AppState, id: i64) -> Result<(Dossier, DossierState, Holidays, Events), WebError> {
    let d = dost_store::work::dossier(&state.db, id).await?.ok_or(WebError::NotFound)?;
    let events = dost_store::work::dossier_events(&state.db, id).await?;
    let asked = events.iter().rposition(|e| e.0 == Step::SupplementRequest.code());
    let back = events.iter().rposition(|e| e.0 == Step::SupplementReceived.code());
    let st = DossierState {
        received: d.received_on,
        due: d.due(),
        returned: d.returned_on,
        last_step: events.last().map(|e| e.1),
        working_days: u32::try_from(d.working_days).unwrap_or(0),
        awaiting_supplement: asked.is_some_and(|a| back.is_none_or(|b| b < a)),
        promised: dost_store::work::dossier_promise(&state.db, id).await?,
    };
    let holidays = Holidays::new(dost_store::work::holidays(&state.db).await?);
    Ok((d, st, holidays, events))
}

async fn detail_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    form_error: Option<String>,
    message: Option<String>,
) -> Result<Response, WebError> {
    let (d, st, _, events) = load(state, id).await?;
    let today = format::vn_date(state.clock.now());
    let events = events
        .into_iter()
        .map(|(kind, on, who, note, due)| {
            (
                format::date(on),
                Step::parse(&kind).map(Step::label).unwrap_or("Bước khác").to_string(),
                who,
                note,
                due.map(format::date).unwrap_or_default(),
            )
        })
        .collect();
    let mut page = StaffPage::new(staff, format!("Hồ sơ {}", d.code), "/quan-tri/so");
    page.flash = message;
    let mut facts = vec![
        ("Hình thức nộp", dost_domain::dossiers::channel_label(&d.channel).to_string()),
        ("Ngày nhận đủ hồ sơ", format::date(d.received_on)),
        (
            "Hạn giải quyết",
            match d.new_due_on {
                Some(_) => format!("{} (hạn ban đầu {})", format::date(d.due()), format::date(d.due_on)),
                None => format::date(d.due()),
            },
        ),
        (
            "Tình trạng",
            if st.awaiting_supplement && d.returned_on.is_none() {
                "Đang chờ tổ chức, cá nhân bổ sung hồ sơ".to_string()
            } else {
                timeliness(d.due(), d.returned_on, today).label().to_string()
            },
        ),
    ];
    if let Some(p) = st.promised {
        facts.push(("Ngày hẹn trả (theo thư xin lỗi)", format::date(p)));
    }
    if let Some(r) = d.returned_on {
        facts.push(("Ngày trả kết quả", format!("{}: {}", format::date(r), d.result)));
    }
    if d.amount > 0 {
        facts.push(("Kinh phí hỗ trợ", format::money(d.amount)));
    }
    if let Some(l) = d.licence_until {
        facts.push(("Giấy phép có hiệu lực đến", format::date(l)));
    }
    let channels = dost_domain::dossiers::CHANNELS.iter().map(|(c, l)| (*c, *l, *c == d.channel)).collect();
    let t = DetailTemplate {
        page,
        facts,
        channels,
        licence: grants_licence(&d.area, &d.procedure_code),
        d,
        events,
        steps: Step::ALL.iter().map(|s| (s.code(), s.label())).collect(),
        form_error: form_error.clone(),
    };
    Ok(no_store_checked(t.render()?, form_error.is_some()))
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<i64>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    require_see(&state, &staff).await?;
    let q = parse_query(raw.as_deref())?;
    detail_page(&state, &staff, id, None, flash(q.get("tb").map(String::as_str))).await
}

/// A form posted by the one-stop desk (role, unit and CSRF checked).
async fn posted(state: &AppState, staff: &Staff, body: &Bytes) -> Result<Vec<(String, String)>, WebError> {
    super::work_forms::require_dossier_desk(state, staff).await?;
    let p = pairs(body)?;
    staff.check_csrf(&get(&p, "csrf"))?;
    Ok(p)
}

/// `POST /quan-tri/ho-so/{id}/buoc`: one step.
pub async fn step(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let p = posted(&state, &staff, &body).await?;
    let (_, st, holidays, _) = load(&state, id).await?;
    let Some(kind) = Step::parse(&get(&p, "kind")) else {
        return Err(WebError::BadRequest("Bước xử lý không hợp lệ.".into()));
    };
    let Some(on) = date(&get(&p, "on")) else {
        return detail_page(&state, &staff, id, Some("Ngày của bước phải theo dạng dd/mm/yyyy.".into()), None).await;
    };
    let new_date = match get(&p, "new_date").as_str() {
        "" => None,
        s => match date(s) {
            Some(d) => Some(d),
            None => {
                let m = "Ngày hẹn trả mới phải theo dạng dd/mm/yyyy.".to_string();
                return detail_page(&state, &staff, id, Some(m), None).await;
            }
        },
    };
    let effect = match apply_step(&holidays, &st, kind, on, new_date) {
        Ok(e) => e,
        Err(e) => return detail_page(&state, &staff, id, Some(e.to_string()), None).await,
    };
    let who = match get(&p, "who") {
        w if w.is_empty() => staff.user.display_name.clone(),
        w => w,
    };
    let mut tx = state.begin(&staff.actor()).await?;
    let recorded =
        dost_store::work::add_dossier_event(&mut tx, id, (kind.code(), on), &who, &get(&p, "note"), effect).await?;
    if !recorded {
        drop(tx);
        return detail_page(&state, &staff, id, Some("Hồ sơ vừa được trả kết quả; không ghi thêm bước.".into()), None)
            .await;
    }
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}?tb=da-luu")).into_response())
}

/// The result as typed: (day, result, amount, licence valid until), or what is wrong.
fn read_result(
    p: &[(String, String)],
    d: &Dossier,
    st: &DossierState,
) -> Result<(NaiveDate, String, i64, Option<NaiveDate>), String> {
    let on = date(&get(p, "on")).ok_or("Ngày trả kết quả phải theo dạng dd/mm/yyyy.")?;
    check_return(st, on).map_err(|e| e.to_string())?;
    let result = get(p, "result");
    if result.is_empty() {
        return Err("Hãy ghi kết quả (số, ngày văn bản trả lời).".into());
    }
    let money = Column { name: "amount", label: "Kinh phí", kind: FieldKind::Money, required: false };
    let amount = match parse(&money, &Input::typed(&get(p, "amount")), &Default::default()) {
        Ok(Value::Int(n)) => n,
        _ => return Err("Kinh phí phải là số đồng không âm, ví dụ 30.000.000.".into()),
    };
    if amount > 0 && !d.with_money {
        return Err("Thủ tục này không có kinh phí hỗ trợ.".into());
    }
    if !grants_licence(&d.area, &d.procedure_code) {
        return Ok((on, result, amount, None));
    }
    let renewing = match get(p, "old_expiry").as_str() {
        "" if renews_licence(&d.procedure_code) => {
            return Err("Gia hạn giấy phép: hãy ghi ngày hết hạn của giấy phép cũ.".into());
        }
        "" => None,
        s => Some(date(s).ok_or("Ngày hết hạn giấy phép cũ phải theo dạng dd/mm/yyyy.")?),
    };
    Ok((on, result, amount, Some(licence_valid_until(on, renewing))))
}

/// `POST /quan-tri/ho-so/{id}/tra`: the result handed back.
pub async fn give_back(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let p = posted(&state, &staff, &body).await?;
    let (d, st, _, _) = load(&state, id).await?;
    let (on, result, amount, licence) = match read_result(&p, &d, &st) {
        Ok(x) => x,
        Err(m) => return detail_page(&state, &staff, id, Some(m), None).await,
    };
    let mut tx = state.begin(&staff.actor()).await?;
    if !dost_store::work::return_dossier(&mut tx, id, on, &result, amount, licence).await? {
        return detail_page(&state, &staff, id, Some("Hồ sơ đã trả kết quả trước đó.".into()), None).await;
    }
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}?tb=da-luu")).into_response())
}

/// `POST /quan-tri/ho-so/{id}/sua`: who filed it and how it came in.
pub async fn edit(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let p = posted(&state, &staff, &body).await?;
    let applicant = get(&p, "applicant");
    let channel = get(&p, "channel");
    if applicant.is_empty() {
        return detail_page(&state, &staff, id, Some("Hãy ghi tổ chức, cá nhân nộp hồ sơ.".into()), None).await;
    }
    if !dost_domain::dossiers::CHANNELS.iter().any(|c| c.0 == channel) {
        return Err(WebError::BadRequest("Hình thức nộp không hợp lệ.".into()));
    }
    let mut tx = state.begin(&staff.actor()).await?;
    if !dost_store::work::update_dossier_info(&mut tx, id, &applicant, &channel).await? {
        return Err(WebError::NotFound);
    }
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}?tb=da-luu")).into_response())
}

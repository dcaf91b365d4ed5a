//! `/quan-tri/don-vi`: the department's units and their duties, kept by the
//! administrator as dated data — a unit added from a day, closed on a day
//! with the unit that continues its records, a kind of record given to a
//! unit from a day or taken from it. Every change is audited; a refusal is
//! shown next to its field.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use dost_domain::format;
use dost_domain::organisation::{Organisation, UNIT_KINDS, record_kinds};
use dost_store::organisation::NewUnit;
use serde::Deserialize;

use super::extract::StaffForm;
use super::{Opt, Staff, StaffPage};
use crate::http::query::StaffQuery;
use crate::http::respond::{no_store, with_status};
use crate::{AppState, WebError};

/// A unit as the page lists it.
pub struct UnitView {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent: String,
    pub dates: String,
    pub successor: String,
    pub open: bool,
    /// (kind's name, dates) of each duty.
    pub duties: Vec<DutyView>,
}

pub struct DutyView {
    pub kind: String,
    pub name: String,
    pub dates: String,
    pub open: bool,
}

/// What was typed in one of the forms, and its errors by field.
#[derive(Default)]
pub struct Typed {
    pub form: &'static str,
    pub values: Vec<(&'static str, String)>,
    pub errors: Vec<(&'static str, String)>,
}

impl Typed {
    pub fn value(&self, form: &str, field: &str) -> String {
        if self.form != form {
            return String::new();
        }
        self.values.iter().find(|v| v.0 == field).map(|v| v.1.clone()).unwrap_or_default()
    }

    pub fn error(&self, form: &str, field: &str) -> Option<String> {
        if self.form != form {
            return None;
        }
        self.errors.iter().find(|e| e.0 == field).map(|e| e.1.clone())
    }
}

#[derive(Template)]
#[template(path = "staff/units.html")]
struct UnitsTemplate {
    page: StaffPage,
    units: Vec<UnitView>,
    kinds: Vec<Opt>,
    record_kinds: Vec<Opt>,
    open_units: Vec<Opt>,
    all_units: Vec<Opt>,
    t: Typed,
}

fn dates(from: NaiveDate, to: Option<NaiveDate>) -> String {
    match to {
        Some(to) => format!("{} – {}", format::date(from), format::date(to)),
        None => format!("từ {}", format::date(from)),
    }
}

fn view(org: &Organisation, today: NaiveDate) -> Vec<UnitView> {
    let kinds = record_kinds();
    org.units
        .iter()
        .map(|u| UnitView {
            code: u.code.clone(),
            name: u.name.clone(),
            kind: UNIT_KINDS.iter().find(|k| k.0 == u.kind).map(|k| k.1).unwrap_or(&u.kind).to_string(),
            parent: u.parent.clone().unwrap_or_default(),
            dates: dates(u.from, u.to),
            successor: u.successor.clone().unwrap_or_default(),
            open: u.open_on(today),
            duties: org
                .duties
                .iter()
                .filter(|d| d.unit == u.code)
                .map(|d| DutyView {
                    kind: d.kind.clone(),
                    name: kinds.iter().find(|k| k.0 == d.kind).map(|k| k.1.clone()).unwrap_or_else(|| d.kind.clone()),
                    dates: dates(d.from, d.to),
                    open: d.on(today),
                })
                .collect(),
        })
        .collect()
}

async fn render(state: &AppState, staff: &Staff, t: Typed, flash: Option<&str>) -> Result<Response, WebError> {
    let org = dost_store::organisation::load(&state.db).await?;
    let today = state.today();
    let opts = |items: Vec<(String, String)>, chosen: &str| -> Vec<Opt> {
        items.into_iter().map(|(value, label)| Opt { selected: value == chosen, value, label }).collect()
    };
    let open: Vec<(String, String)> =
        org.units_on(today).map(|u| (u.code.clone(), format!("{} – {}", u.code, u.name))).collect();
    let all: Vec<(String, String)> =
        org.units.iter().map(|u| (u.code.clone(), format!("{} – {}", u.code, u.name))).collect();
    let has_errors = !t.errors.is_empty();
    let page = UnitsTemplate {
        page: StaffPage::new(staff, "Đơn vị và nhiệm vụ", "/quan-tri/don-vi").with_flash(flash),
        units: view(&org, today),
        kinds: opts(UNIT_KINDS.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(), &t.value("them", "kind")),
        record_kinds: opts(record_kinds(), &t.value("giao", "kind")),
        open_units: opts(open, ""),
        all_units: opts(all, ""),
        t,
    };
    let html = page.render()?;
    Ok(if has_errors { with_status(html, StatusCode::UNPROCESSABLE_ENTITY) } else { no_store(html) })
}

pub async fn page(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    render(&state, &staff, Typed::default(), q.value("tb")).await
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    format::parse_date(s.trim())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddForm {
    code: String,
    name: String,
    #[serde(default)]
    name_en: String,
    kind: String,
    #[serde(default)]
    parent: String,
    from: String,
    #[serde(default)]
    symbol: String,
    #[serde(default)]
    head_title: String,
}

/// `POST /quan-tri/don-vi/them`: a new unit from a day.
pub async fn add(
    State(state): State<AppState>,
    StaffForm { staff, form }: StaffForm<AddForm>,
) -> Result<Response, WebError> {
    let org = dost_store::organisation::load(&state.db).await?;
    let code = dost_domain::organisation::unit_code(&form.code);
    let mut t = Typed {
        form: "them",
        values: vec![
            ("code", form.code.clone()),
            ("name", form.name.clone()),
            ("name_en", form.name_en.clone()),
            ("kind", form.kind.clone()),
            ("parent", form.parent.clone()),
            ("from", form.from.clone()),
            ("symbol", form.symbol.clone()),
            ("head_title", form.head_title.clone()),
        ],
        errors: Vec::new(),
    };
    let parent = Some(form.parent.trim().to_string()).filter(|p| !p.is_empty());
    let from = parse_day(&form.from);
    t.errors = org.check_new_unit(&code, &form.name, &form.kind, parent.as_deref(), from);
    if !t.errors.is_empty() {
        return render(&state, &staff, t, None).await;
    }
    let u = NewUnit {
        code,
        name: form.name.trim().to_string(),
        name_en: form.name_en.trim().to_string(),
        kind: form.kind,
        parent,
        from,
        symbol: form.symbol.trim().to_string(),
        head_title: form.head_title.trim().to_string(),
    };
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::organisation::add_unit(&mut tx, &u).await?;
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/don-vi?tb=da-luu").into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseForm {
    code: String,
    on: String,
    #[serde(default)]
    successor: String,
}

/// `POST /quan-tri/don-vi/dong`: a unit closes on a day; its records go to its successor.
pub async fn close(
    State(state): State<AppState>,
    StaffForm { staff, form }: StaffForm<CloseForm>,
) -> Result<Response, WebError> {
    let org = dost_store::organisation::load(&state.db).await?;
    let mut t = Typed {
        form: "dong",
        values: vec![("code", form.code.clone()), ("on", form.on.clone()), ("successor", form.successor.clone())],
        errors: Vec::new(),
    };
    let unit = org.unit(form.code.trim());
    let on = parse_day(&form.on);
    let successor = Some(form.successor.trim().to_string()).filter(|s| !s.is_empty());
    t.errors = org.check_close(form.code.trim(), on, successor.as_deref());
    let (Some(unit), Some(on), true) = (unit, on, t.errors.is_empty()) else {
        return render(&state, &staff, t, None).await;
    };
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::organisation::close_unit(&mut tx, &unit.code, on, successor.as_deref()).await?;
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/don-vi?tb=da-luu").into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutyForm {
    unit: String,
    kind: String,
    on: String,
}

/// The duty form checked: the unit, the kind and the day.
fn checked_duty(org: &Organisation, form: &DutyForm, which: &'static str, giving: bool) -> (Typed, Option<NaiveDate>) {
    let on = parse_day(&form.on);
    let errors = org.check_duty(form.unit.trim(), &form.kind, on, giving);
    let values = vec![("unit", form.unit.clone()), ("kind", form.kind.clone()), ("on", form.on.clone())];
    (Typed { form: which, values, errors }, on)
}

/// `POST /quan-tri/don-vi/giao`: a unit keeps a kind of record from a day.
pub async fn give(
    State(state): State<AppState>,
    StaffForm { staff, form }: StaffForm<DutyForm>,
) -> Result<Response, WebError> {
    let org = dost_store::organisation::load(&state.db).await?;
    let (t, on) = checked_duty(&org, &form, "giao", true);
    let (Some(on), true) = (on, t.errors.is_empty()) else { return render(&state, &staff, t, None).await };
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::organisation::add_duty(&mut tx, form.unit.trim(), &form.kind, on).await?;
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/don-vi?tb=da-luu").into_response())
}

/// `POST /quan-tri/don-vi/thoi-giao`: a unit stops keeping a kind of record after a day.
pub async fn take_back(
    State(state): State<AppState>,
    StaffForm { staff, form }: StaffForm<DutyForm>,
) -> Result<Response, WebError> {
    let org = dost_store::organisation::load(&state.db).await?;
    let (t, on) = checked_duty(&org, &form, "thoi-giao", false);
    let (Some(on), true) = (on, t.errors.is_empty()) else { return render(&state, &staff, t, None).await };
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::organisation::end_duty(&mut tx, form.unit.trim(), &form.kind, on).await?;
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/don-vi?tb=da-luu").into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveForm {
    username: String,
    unit: String,
}

/// `POST /quan-tri/don-vi/chuyen`: a person moves to another unit from today
/// (their earlier assignment stays in the history: the audit log and the
/// reports say who was where when).
pub async fn move_person(
    State(state): State<AppState>,
    StaffForm { staff, form }: StaffForm<MoveForm>,
) -> Result<Response, WebError> {
    let mut t = Typed {
        form: "chuyen",
        values: vec![("username", form.username.clone()), ("unit", form.unit.clone())],
        errors: Vec::new(),
    };
    let username = form.username.trim().to_lowercase();
    let user = match username.is_empty() {
        true => None,
        false => dost_store::accounts::user_by_username(&state.db, &username).await?,
    };
    if user.is_none() {
        t.errors.push(("username", format!("Không có tài khoản «{}».", form.username.trim())));
    }
    let org = state.org();
    let unit = org.units_on(state.today()).find(|u| u.code == form.unit.trim());
    if unit.is_none() {
        t.errors.push(("unit", "Hãy chọn một đơn vị đang hoạt động.".into()));
    }
    let (Some(user), Some(unit), true) = (user, unit, t.errors.is_empty()) else {
        return render(&state, &staff, t, None).await;
    };
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::accounts::set_role(&mut tx, user.id, user.role, Some(unit.id)).await?;
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/don-vi?tb=da-luu").into_response())
}

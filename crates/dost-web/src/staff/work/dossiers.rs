//! The one-stop desk's dossiers (`/quan-tri/ho-so`): the working list, one
//! dossier with its steps (hand-overs, supplement requests, apologies with a
//! new date) and the result handed back; the domain rules decide the due date.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use dost_domain::calendar::Holidays;
use dost_domain::dossier_input::{self, Context};
use dost_domain::dossiers::{
    DossierState, LicenceAct, Step, apply_step, check_return, grants_licence, licence_valid_until, timeliness,
};
use dost_domain::format;
use dost_domain::registers::Input;
use dost_store::work::{Dossier, DossierEvent, NewDossier};
use serde::Deserialize;

use super::super::extract::StaffForm;
use super::super::page::FormField as Field;
use super::super::{Opt, Staff, StaffPage, flash, no_store_checked};
use super::{date, field, form_page};
use crate::http::query::StaffQuery;
use crate::http::{VnPath, encode};
use crate::{AppState, WebError};

/// A dossier in the working list, as shown.
pub struct DossierRow {
    pub id: i64,
    pub code: String,
    pub procedure: String,
    pub applicant: String,
    pub received: String,
    pub due: String,
    /// The day the result was handed back (empty while open).
    pub returned: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "staff/dossiers.html")]
struct ListTemplate {
    page: StaffPage,
    from: String,
    to: String,
    open_only: bool,
    form_error: Option<String>,
    rows: Vec<DossierRow>,
}

pub async fn list(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
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
            .map(|d| DossierRow {
                status: timeliness(d.due(), d.returned_on, today).label().to_string(),
                received: format::date(d.received_on),
                due: format::date(d.due()),
                returned: d.returned_on.map(format::date).unwrap_or_default(),
                id: d.id,
                code: d.code,
                procedure: d.procedure,
                applicant: d.applicant,
            })
            .collect(),
    };
    Ok(no_store_checked(t.render()?, form_error.is_some()))
}

/// The form of a dossier received at the desk.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct NewDossierForm {
    code: String,
    procedure: String,
    applicant: String,
    received: String,
    returned: String,
    amount: String,
}

impl NewDossierForm {
    /// What was typed for a field of the parser (the desk's form has no
    /// result text or old expiry: the parser's defaults apply).
    fn value(&self, field: &str) -> &str {
        match field {
            "code" => &self.code,
            "procedure" => &self.procedure,
            "applicant" => &self.applicant,
            "received" => &self.received,
            "returned" => &self.returned,
            "amount" => &self.amount,
            _ => "",
        }
    }
}

async fn dossier_fields(state: &AppState, p: &NewDossierForm) -> Result<Vec<Field>, WebError> {
    let procedures = dost_store::work::procedures(&state.db).await?;
    let chosen = &p.procedure;
    let mut kind = field("procedure", "Thủ tục", "", "");
    kind.options = procedures
        .iter()
        .map(|x| Opt {
            value: x.id.to_string(),
            label: format!("{} ({} ngày{})", x.name, x.working_days, if x.calendar_days { "" } else { " làm việc" }),
            selected: x.id.to_string() == *chosen,
        })
        .collect();
    Ok(vec![
        field("code", "Mã hồ sơ", &p.code, "HS-2020-0001"),
        kind,
        field("applicant", "Tổ chức, cá nhân nộp hồ sơ", &p.applicant, ""),
        field("received", "Ngày nhận đủ hồ sơ", &p.received, "dd/mm/yyyy"),
        field("returned", "Ngày trả kết quả (nếu đã trả)", &p.returned, "dd/mm/yyyy"),
        field("amount", "Kinh phí hỗ trợ (đồng, nếu có)", &p.amount, "30.000.000"),
    ])
}

const NEW_HEADING: &str = "Tiếp nhận hồ sơ thủ tục hành chính";

pub async fn new_form(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let message = q.get("han").map(|d| format!("Đã ghi hồ sơ. Hạn giải quyết theo ngày làm việc: {d}."));
    let fields = dossier_fields(&state, &NewDossierForm::default()).await?;
    form_page(&staff, NEW_HEADING, "/quan-tri/ho-so/moi", fields, message)
}

pub async fn create(
    State(state): State<AppState>,
    StaffForm { staff, form: p }: StaffForm<NewDossierForm>,
) -> Result<Response, WebError> {
    let mut fields = dossier_fields(&state, &p).await?;
    let procedures = dost_store::work::procedures(&state.db).await?;
    let holidays = dost_store::work::holidays(&state.db).await?;
    let book = dost_store::rules::rule_book(&state.db).await?;
    let mut err = |name: &str, msg: String| {
        if let Some(f) = fields.iter_mut().find(|f| f.name == name) {
            f.error.get_or_insert(msg);
        }
    };
    let list: Vec<_> = procedures.iter().map(|x| x.for_parser()).collect();
    let cx = Context { procedures: &list, holidays: &holidays, book: &book };
    let parsed = dossier_input::parse(|field| Input::typed(p.value(field)), &cx);
    if let Err(problems) = &parsed {
        for (field, m) in problems {
            err(field, format!("{}: {m}.", dossier_input::label(field)));
        }
    }
    let code = p.code.trim();
    if !code.is_empty() && dost_store::work::dossier_code_taken(&state.db, code).await? {
        err("code", format!("Mã hồ sơ «{code}» đã có."));
    }
    let d = match parsed {
        Ok(d) if fields.iter().all(|f| f.error.is_none()) => NewDossier::from_input(d, ""),
        _ => return form_page(&staff, NEW_HEADING, "/quan-tri/ho-so/moi", fields, None),
    };
    let due = d.due_on;
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::work::insert_dossiers(&mut tx, &[d]).await?;
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/ho-so/moi?han={}", encode(&format::date(due)))).into_response())
}

#[derive(Template)]
#[template(path = "staff/dossier.html")]
struct DetailTemplate {
    page: StaffPage,
    d: Dossier,
    facts: Vec<Fact>,
    events: Vec<EventRow>,
    /// The steps that may be recorded.
    steps: Vec<Opt>,
    /// How a dossier may come in, the dossier's own chosen.
    channels: Vec<Opt>,
    form_error: Option<String>,
    licence: bool,
}

/// A line of a dossier's facts.
pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

/// A step of a dossier, as shown.
pub struct EventRow {
    pub on: String,
    pub step: &'static str,
    pub who: String,
    pub note: String,
    /// The new or promised date (empty when the step gives none).
    pub new_due: String,
}

async fn load(state: &AppState, id: i64) -> Result<(Dossier, DossierState, Holidays, Vec<DossierEvent>), WebError> {
    let d = dost_store::work::dossier(&state.db, id).await?.ok_or(WebError::NotFound)?;
    let events = dost_store::work::dossier_events(&state.db, id).await?;
    let asked = events.iter().rposition(|e| e.step == Step::SupplementRequest);
    let back = events.iter().rposition(|e| e.step == Step::SupplementReceived);
    let st = DossierState {
        received: d.received_on,
        due: d.due(),
        returned: d.returned_on,
        last_step: events.last().map(|e| e.on),
        working_days: u32::try_from(d.working_days).unwrap_or(0),
        calendar_days: d.calendar_days,
        awaiting_supplement: asked.is_some_and(|a| back.is_none_or(|b| b < a)),
        promised: dost_store::work::dossier_promise(&state.db, id).await?,
        supplements_asked: events.iter().filter(|e| e.step == Step::SupplementRequest).count(),
        apologies: events.iter().filter(|e| e.step == Step::Apology).count(),
    };
    let holidays = dost_store::work::holidays(&state.db).await?;
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
        .map(|e| EventRow {
            on: format::date(e.on),
            step: e.step.label(),
            who: e.who,
            note: e.note,
            new_due: e.new_due_on.map(format::date).unwrap_or_default(),
        })
        .collect();
    let mut page = StaffPage::new(staff, format!("Hồ sơ {}", d.code), "/quan-tri/so");
    page.flash = message;
    let fact = |label, value| Fact { label, value };
    let mut facts = vec![
        fact("Hình thức nộp", dost_domain::dossiers::channel_label(&d.channel).to_string()),
        fact("Ngày nhận đủ hồ sơ", format::date(d.received_on)),
        fact(
            "Hạn giải quyết",
            match d.new_due_on {
                Some(_) => format!("{} (hạn ban đầu {})", format::date(d.due()), format::date(d.due_on)),
                None => format::date(d.due()),
            },
        ),
        fact(
            "Tình trạng",
            if st.awaiting_supplement && d.returned_on.is_none() {
                "Đang chờ tổ chức, cá nhân bổ sung hồ sơ".to_string()
            } else {
                timeliness(d.due(), d.returned_on, today).label().to_string()
            },
        ),
    ];
    if let Some(p) = st.promised {
        facts.push(fact("Ngày hẹn trả (theo thư xin lỗi)", format::date(p)));
    }
    if let Some(r) = d.returned_on {
        facts.push(fact("Ngày trả kết quả", format!("{}: {}", format::date(r), d.result)));
    }
    if d.amount > 0 {
        facts.push(fact("Kinh phí hỗ trợ", format::money(d.amount)));
    }
    if let Some(l) = d.licence_until {
        facts.push(fact("Giấy phép có hiệu lực đến", format::date(l)));
    }
    let channels = dost_domain::dossiers::CHANNELS
        .iter()
        .map(|(c, l)| Opt { value: (*c).into(), label: (*l).into(), selected: *c == d.channel })
        .collect();
    let t = DetailTemplate {
        page,
        facts,
        channels,
        licence: grants_licence(&d.area, &d.procedure_code),
        d,
        events,
        steps: Step::ALL
            .iter()
            .map(|s| Opt { value: s.code().into(), label: s.label().into(), selected: false })
            .collect(),
        form_error: form_error.clone(),
    };
    Ok(no_store_checked(t.render()?, form_error.is_some()))
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<i64>,
    q: StaffQuery,
) -> Result<Response, WebError> {
    detail_page(&state, &staff, id, None, flash(q.value("tb"))).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepForm {
    kind: String,
    on: String,
    new_date: String,
    who: String,
    note: String,
}

/// `POST /quan-tri/ho-so/{id}/buoc`: one step.
pub async fn step(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffForm { staff, form: p }: StaffForm<StepForm>,
) -> Result<Response, WebError> {
    let (_, st, holidays, _) = load(&state, id).await?;
    let Some(kind) = Step::parse(&p.kind) else {
        return Err(WebError::BadRequest("Bước xử lý không hợp lệ.".into()));
    };
    let Some(on) = date(&p.on) else {
        return detail_page(&state, &staff, id, Some("Ngày của bước phải theo dạng dd/mm/yyyy.".into()), None).await;
    };
    let new_date = match p.new_date.trim() {
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
    let who = match p.who.trim() {
        "" => staff.user.display_name.clone(),
        w => w.to_string(),
    };
    let mut tx = state.begin(&staff.actor()).await?;
    let recorded = dost_store::work::add_dossier_event(&mut tx, id, (kind, on), &who, p.note.trim(), effect).await?;
    if !recorded {
        drop(tx);
        return detail_page(&state, &staff, id, Some("Hồ sơ vừa được trả kết quả; không ghi thêm bước.".into()), None)
            .await;
    }
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/ho-so/{id}?tb=da-luu")).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultForm {
    on: String,
    result: String,
    /// Only procedures with money show it.
    #[serde(default)]
    amount: String,
    /// Only licences show it.
    #[serde(default)]
    old_expiry: String,
}

/// The result as typed: (day, result, amount, licence valid until), or what is wrong.
fn read_result(
    p: &ResultForm,
    d: &Dossier,
    st: &DossierState,
    book: &dost_domain::rules::RuleBook,
) -> Result<(NaiveDate, String, i64, Option<NaiveDate>), String> {
    let on = date(&p.on).ok_or("Ngày trả kết quả phải theo dạng dd/mm/yyyy.")?;
    check_return(st, on).map_err(|e| e.to_string())?;
    let result = p.result.trim().to_string();
    if result.is_empty() {
        return Err("Hãy ghi kết quả (số, ngày văn bản trả lời).".into());
    }
    let amount = match p.amount.trim() {
        "" => 0,
        a => format::parse_whole(a).ok_or("Kinh phí phải là số đồng không âm, ví dụ 30.000.000.")?,
    };
    if amount > 0 && !d.with_money {
        return Err("Thủ tục này không có kinh phí hỗ trợ.".into());
    }
    if !grants_licence(&d.area, &d.procedure_code) {
        return Ok((on, result, amount, None));
    }
    let old_expiry = match p.old_expiry.trim() {
        "" => None,
        s => Some(date(s).ok_or("Ngày hết hạn giấy phép cũ phải theo dạng dd/mm/yyyy.")?),
    };
    let act = LicenceAct::of(&d.procedure_code);
    let until = licence_valid_until(book, act, on, old_expiry).map_err(|e| e.to_string())?;
    Ok((on, result, amount, Some(until)))
}

/// `POST /quan-tri/ho-so/{id}/tra`: the result handed back.
pub async fn give_back(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffForm { staff, form: p }: StaffForm<ResultForm>,
) -> Result<Response, WebError> {
    let (d, st, _, _) = load(&state, id).await?;
    let book = dost_store::rules::rule_book(&state.db).await?;
    let (on, result, amount, licence) = match read_result(&p, &d, &st, &book) {
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
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InfoForm {
    applicant: String,
    channel: String,
}

pub async fn edit(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffForm { staff, form: p }: StaffForm<InfoForm>,
) -> Result<Response, WebError> {
    let applicant = p.applicant.trim().to_string();
    let channel = p.channel;
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

//! Recording verifications and dossiers: one form each, checked by the domain
//! rules (cycle in force, certificate only for a pass; due date in working days).

use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use dost_domain::calendar::Holidays;
use dost_domain::dossiers::due_date;
use dost_domain::format;
use dost_domain::metrology::{CycleRule, check_verification};
use dost_domain::roles::Permission;
use dost_store::work::{NewDossier, NewVerification};

use super::form::{get, pairs};
use super::{Opt, Staff, StaffPage, no_store};
use crate::portal::{VnPath, parse_query};
use crate::{AppState, WebError};

pub use super::registers::FormField as Field;

#[derive(Template)]
#[template(path = "staff/work_form.html")]
struct FormTemplate {
    page: StaffPage,
    heading: &'static str,
    action: String,
    form_error: Option<String>,
    message: Option<String>,
    fields: Vec<Field>,
}

fn field(name: &'static str, label: &'static str, value: &str, placeholder: &'static str) -> Field {
    Field { name, label, value: value.into(), placeholder, options: Vec::new(), error: None }
}

fn render(
    staff: &Staff,
    heading: &'static str,
    action: &str,
    fields: Vec<Field>,
    message: Option<String>,
) -> Result<Response, WebError> {
    let has_errors = fields.iter().any(|f| f.error.is_some());
    let t = FormTemplate {
        page: StaffPage::new(staff, heading, "/quan-tri/lanh-dao"),
        heading,
        action: action.to_string(),
        form_error: has_errors.then(|| "Chưa lưu: hãy sửa các ô báo lỗi.".to_string()),
        message,
        fields,
    };
    let mut r = no_store(t.render()?);
    if has_errors {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

/// Administrators, or staff of the units that keep the records.
async fn require(state: &AppState, staff: &Staff, units: &[&str]) -> Result<(), WebError> {
    staff.require(Permission::ManageTasks)?;
    if staff.role() == dost_domain::roles::Role::Administrator {
        return Ok(());
    }
    let all = dost_store::registers::units(&state.db).await?;
    if staff.unit_code(&all).is_some_and(|code| units.contains(&code)) {
        Ok(())
    } else {
        let names: Vec<&str> = all.iter().filter(|u| units.contains(&u.1.as_str())).map(|u| u.2.as_str()).collect();
        Err(WebError::Forbidden(format!("Chỉ {} mới được ghi loại hồ sơ này.", names.join(", "))))
    }
}

/// The one-stop desk and the units handling dossiers.
pub async fn require_dossier_desk(state: &AppState, staff: &Staff) -> Result<(), WebError> {
    require(state, staff, DOSSIER_UNITS).await
}

/// The units that verify instruments.
pub async fn require_verifiers(state: &AppState, staff: &Staff) -> Result<(), WebError> {
    require(state, staff, VERIFICATION_UNITS).await
}

/// Who records verifications and who receives dossiers.
const VERIFICATION_UNITS: &[&str] = &["TDC"];
const DOSSIER_UNITS: &[&str] = &["VP", "QLCN", "TDC"];

async fn verification_fields(state: &AppState, p: &[(String, String)]) -> Result<Vec<Field>, WebError> {
    let types = dost_store::work::instrument_types(&state.db).await?;
    let chosen = get(p, "type");
    let mut kind = field("type", "Loại phương tiện đo", "", "");
    kind.options = types
        .iter()
        .map(|(id, name, _, _)| Opt { value: id.to_string(), label: name.clone(), selected: id.to_string() == chosen })
        .collect();
    Ok(vec![
        kind,
        field("serial", "Số hiệu phương tiện", &get(p, "serial"), ""),
        field("model", "Kiểu (model)", &get(p, "model"), ""),
        field("maker", "Hãng, nước sản xuất", &get(p, "maker"), ""),
        field("made_year", "Năm sản xuất", &get(p, "made_year"), "2018"),
        field("owner", "Chủ sở hữu", &get(p, "owner"), "Tên cơ sở, hộ kinh doanh"),
        field("district", "Địa bàn", &get(p, "district"), "Huyện, thành phố"),
        field("date", "Ngày kiểm định", &get(p, "date"), "dd/mm/yyyy"),
        Field {
            options: vec![
                Opt { value: "dat".into(), label: "Đạt".into(), selected: get(p, "result") != "khong_dat" },
                Opt {
                    value: "khong_dat".into(), label: "Không đạt".into(), selected: get(p, "result") == "khong_dat"
                },
            ],
            ..field("result", "Kết quả", "", "")
        },
        field("certificate", "Số chứng chỉ kiểm định (để trống nếu không đạt)", &get(p, "certificate"), ""),
        field("verifier", "Kiểm định viên", &get(p, "verifier"), ""),
    ])
}

pub async fn verification_form(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    require(&state, &staff, VERIFICATION_UNITS).await?;
    let q = parse_query(raw.as_deref())?;
    let message = q.get("tb").map(|_| "Đã ghi kết quả kiểm định.".to_string());
    render(
        &staff,
        "Ghi kết quả kiểm định phương tiện đo",
        "/quan-tri/kiem-dinh/moi",
        verification_fields(&state, &[]).await?,
        message,
    )
}

/// Checks a posted verification by the rules (cycle in force, certificate
/// only for a pass and never twice); the fields with their errors when wrong.
async fn checked_verification(
    state: &AppState,
    p: &[(String, String)],
    except: Option<i64>,
) -> Result<Result<NewVerification, Vec<Field>>, WebError> {
    let mut fields = verification_fields(state, p).await?;
    let types = dost_store::work::instrument_types(&state.db).await?;
    let mut err = |name: &str, msg: String| {
        if let Some(f) = fields.iter_mut().find(|f| f.name == name) {
            f.error.get_or_insert(msg);
        }
    };
    let kind = types.iter().find(|t| t.0.to_string() == get(p, "type"));
    if kind.is_none() {
        err("type", "Hãy chọn loại phương tiện đo.".into());
    }
    for (name, label) in [("serial", "số hiệu"), ("owner", "chủ sở hữu")] {
        if get(p, name).is_empty() {
            err(name, format!("Hãy ghi {label}."));
        }
    }
    let date = NaiveDate::parse_from_str(&get(p, "date"), "%d/%m/%Y").ok();
    if date.is_none() {
        err("date", "Ngày phải theo dạng dd/mm/yyyy.".into());
    }
    let made_year = match get(p, "made_year").as_str() {
        "" => None,
        y => match y.parse::<i64>() {
            Ok(n) if (1950..=2100).contains(&n) => Some(n),
            _ => {
                err("made_year", format!("Năm sản xuất «{y}» không hợp lệ."));
                None
            }
        },
    };
    let passed = get(p, "result") != "khong_dat";
    let certificate = get(p, "certificate");
    let mut valid_until = None;
    if let (Some((_, _, _, cycles)), Some(on)) = (kind, date) {
        let rules: Vec<CycleRule> = cycles
            .iter()
            .map(|(f, m)| CycleRule { effective_from: *f, months: u32::try_from(*m).unwrap_or(0) })
            .collect();
        match check_verification(&rules, on, passed, &certificate) {
            Ok(v) => valid_until = v,
            Err(e) => err(if e.to_string().contains("chu kỳ") { "date" } else { "certificate" }, e.to_string()),
        }
    }
    if !certificate.is_empty() && dost_store::work::certificate_taken(&state.db, &certificate, except).await? {
        err("certificate", format!("Số chứng chỉ «{certificate}» đã được dùng."));
    }
    let (Some((type_id, ..)), Some(on)) = (kind, date) else {
        return Ok(Err(fields));
    };
    if fields.iter().any(|f| f.error.is_some()) {
        return Ok(Err(fields));
    }
    Ok(Ok(NewVerification {
        type_id: *type_id,
        serial: get(p, "serial"),
        model: get(p, "model"),
        maker: get(p, "maker"),
        made_year,
        owner: get(p, "owner"),
        district: get(p, "district"),
        verified_on: on,
        certificate: (!certificate.is_empty()).then_some(certificate),
        passed,
        valid_until,
        verifier: get(p, "verifier"),
    }))
}

pub async fn verification_save(State(state): State<AppState>, staff: Staff, body: Bytes) -> Result<Response, WebError> {
    require(&state, &staff, VERIFICATION_UNITS).await?;
    let p = pairs(&body)?;
    staff.check_csrf(&get(&p, "csrf"))?;
    match checked_verification(&state, &p, None).await? {
        Ok(v) => {
            let mut tx = state.begin(&staff.actor()).await?;
            dost_store::work::insert_verifications(&mut tx, &[v]).await?;
            state.commit(tx).await?;
            Ok(Redirect::to("/quan-tri/kiem-dinh/moi?tb=da-luu").into_response())
        }
        Err(fields) => render(&staff, "Ghi kết quả kiểm định phương tiện đo", "/quan-tri/kiem-dinh/moi", fields, None),
    }
}

const EDIT_HEADING: &str = "Sửa kết quả kiểm định phương tiện đo";

/// `/quan-tri/kiem-dinh/{id}`: a verification as recorded, to correct.
pub async fn verification_edit(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<i64>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    require(&state, &staff, VERIFICATION_UNITS).await?;
    let v = dost_store::work::verification(&state.db, id).await?.ok_or(WebError::NotFound)?;
    let q = parse_query(raw.as_deref())?;
    let p: Vec<(String, String)> = [
        ("type", v.type_id.to_string()),
        ("serial", v.serial),
        ("model", v.model),
        ("maker", v.maker),
        ("made_year", v.made_year.map(|y| y.to_string()).unwrap_or_default()),
        ("owner", v.owner),
        ("district", v.district),
        ("date", format::date(v.verified_on)),
        ("result", if v.passed { "dat" } else { "khong_dat" }.to_string()),
        ("certificate", v.certificate.unwrap_or_default()),
        ("verifier", v.verifier),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let message = q.get("tb").map(|_| "Đã lưu.".to_string());
    render(&staff, EDIT_HEADING, &format!("/quan-tri/kiem-dinh/{id}"), verification_fields(&state, &p).await?, message)
}

pub async fn verification_update(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    require(&state, &staff, VERIFICATION_UNITS).await?;
    let p = pairs(&body)?;
    staff.check_csrf(&get(&p, "csrf"))?;
    match checked_verification(&state, &p, Some(id)).await? {
        Ok(v) => {
            let mut tx = state.begin(&staff.actor()).await?;
            if !dost_store::work::update_verification(&mut tx, id, &v).await? {
                return Err(WebError::NotFound);
            }
            state.commit(tx).await?;
            Ok(Redirect::to(&format!("/quan-tri/kiem-dinh/{id}?tb=da-luu")).into_response())
        }
        Err(fields) => render(&staff, EDIT_HEADING, &format!("/quan-tri/kiem-dinh/{id}"), fields, None),
    }
}

async fn dossier_fields(state: &AppState, p: &[(String, String)]) -> Result<Vec<Field>, WebError> {
    let procedures = dost_store::work::procedures(&state.db).await?;
    let chosen = get(p, "procedure");
    let mut kind = field("procedure", "Thủ tục", "", "");
    kind.options = procedures
        .iter()
        .map(|(id, _, name, days, _)| Opt {
            value: id.to_string(),
            label: format!("{name} ({days} ngày làm việc)"),
            selected: id.to_string() == chosen,
        })
        .collect();
    Ok(vec![
        field("code", "Mã hồ sơ", &get(p, "code"), "HS-2020-0001"),
        kind,
        field("applicant", "Tổ chức, cá nhân nộp hồ sơ", &get(p, "applicant"), ""),
        field("received", "Ngày nhận đủ hồ sơ", &get(p, "received"), "dd/mm/yyyy"),
        field("returned", "Ngày trả kết quả (nếu đã trả)", &get(p, "returned"), "dd/mm/yyyy"),
        field("amount", "Kinh phí hỗ trợ (đồng, nếu có)", &get(p, "amount"), "30.000.000"),
    ])
}

pub async fn dossier_form(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    require(&state, &staff, DOSSIER_UNITS).await?;
    let q = parse_query(raw.as_deref())?;
    let message = q.get("han").map(|d| format!("Đã ghi hồ sơ. Hạn giải quyết theo ngày làm việc: {d}."));
    render(
        &staff,
        "Tiếp nhận hồ sơ thủ tục hành chính",
        "/quan-tri/ho-so/moi",
        dossier_fields(&state, &[]).await?,
        message,
    )
}

pub async fn dossier_save(State(state): State<AppState>, staff: Staff, body: Bytes) -> Result<Response, WebError> {
    require(&state, &staff, DOSSIER_UNITS).await?;
    let p = pairs(&body)?;
    staff.check_csrf(&get(&p, "csrf"))?;
    let mut fields = dossier_fields(&state, &p).await?;
    let procedures = dost_store::work::procedures(&state.db).await?;
    let mut err = |name: &str, msg: String| {
        if let Some(f) = fields.iter_mut().find(|f| f.name == name) {
            f.error.get_or_insert(msg);
        }
    };
    let code = get(&p, "code");
    if code.is_empty() {
        err("code", "Hãy ghi mã hồ sơ.".into());
    } else if dost_store::work::dossier_code_taken(&state.db, &code).await? {
        err("code", format!("Mã hồ sơ «{code}» đã có."));
    }
    let procedure = procedures.iter().find(|x| x.0.to_string() == get(&p, "procedure"));
    if procedure.is_none() {
        err("procedure", "Hãy chọn thủ tục.".into());
    }
    if get(&p, "applicant").is_empty() {
        err("applicant", "Hãy ghi tổ chức, cá nhân nộp hồ sơ.".into());
    }
    let received = NaiveDate::parse_from_str(&get(&p, "received"), "%d/%m/%Y").ok();
    if received.is_none() {
        err("received", "Ngày phải theo dạng dd/mm/yyyy.".into());
    }
    let returned = match get(&p, "returned").as_str() {
        "" => None,
        s => match NaiveDate::parse_from_str(s, "%d/%m/%Y") {
            Ok(d) if received.is_some_and(|r| d < r) => {
                err("returned", "Ngày trả không được trước ngày nhận.".into());
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                err("returned", "Ngày phải theo dạng dd/mm/yyyy.".into());
                None
            }
        },
    };
    let amount_text = get(&p, "amount");
    let amount: i64 = if amount_text.is_empty() {
        0
    } else {
        let digits: String = amount_text.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
        digits.parse::<i64>().ok().filter(|n| *n >= 0).unwrap_or_else(|| {
            err("amount", "Kinh phí phải là số đồng, ví dụ 30.000.000.".into());
            0
        })
    };
    if amount > 0 && procedure.is_some_and(|x| !x.4) {
        err("amount", "Thủ tục này không có kinh phí hỗ trợ.".into());
    }
    if fields.iter().any(|f| f.error.is_some()) {
        return render(&staff, "Tiếp nhận hồ sơ thủ tục hành chính", "/quan-tri/ho-so/moi", fields, None);
    }
    let (Some((pid, _, _, days, _)), Some(received)) = (procedure, received) else {
        return Err(WebError::BadRequest("Dữ liệu không hợp lệ.".into()));
    };
    let holidays = Holidays::new(dost_store::work::holidays(&state.db).await?);
    let due = due_date(&holidays, received, u32::try_from(*days).unwrap_or(0));
    let d = NewDossier {
        code,
        procedure_id: *pid,
        applicant: get(&p, "applicant"),
        received_on: received,
        due_on: due,
        returned_on: returned,
        result: if returned.is_some() { "Đã giải quyết".into() } else { String::new() },
        amount,
        licence_until: None,
        channel: String::new(),
    };
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::work::insert_dossiers(&mut tx, &[d]).await?;
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/ho-so/moi?han={}", crate::portal::encode(&format::date(due)))).into_response())
}

/// The inspection form moved to its register.
pub async fn inspection_form(_staff: Staff) -> Redirect {
    Redirect::permanent("/quan-tri/so/kiem-tra/moi")
}

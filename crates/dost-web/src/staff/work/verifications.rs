//! Recording and correcting instrument verifications, checked by the domain
//! rules (the cycle in force on the day, a certificate only for a pass, never
//! the same certificate twice). Only the verifying unit records them.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::format;
use dost_domain::metrology::VerificationKind;
use dost_domain::registers::Input;
use dost_domain::verification_input::{self, Instrument};
use dost_store::work::{InstrumentType, NewVerification};
use serde::Deserialize;

use super::super::extract::StaffForm;
use super::super::page::FormField as Field;
use super::super::{Opt, Staff, StaffPage};
use super::{field, form_page};
use crate::http::VnPath;
use crate::http::query::StaffQuery;
use crate::{AppState, WebError};

const NEW_HEADING: &str = "Ghi kết quả kiểm định phương tiện đo";
const EDIT_HEADING: &str = "Sửa kết quả kiểm định phương tiện đo";

/// The verification form as posted (and as shown again after an error).
#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct VerificationForm {
    #[serde(rename = "type")]
    kind: String,
    serial: String,
    model: String,
    maker: String,
    made_year: String,
    owner: String,
    district: String,
    date: String,
    result: String,
    certificate: String,
    verifier: String,
    /// `ban_dau`, `dinh_ky` (default) or `sau_sua_chua`.
    #[serde(default)]
    how: String,
    #[serde(default)]
    designation: String,
}

impl VerificationForm {
    fn of(v: NewVerification) -> Self {
        Self {
            kind: v.type_id.to_string(),
            serial: v.serial,
            model: v.model,
            maker: v.maker,
            made_year: v.made_year.map(|y| y.to_string()).unwrap_or_default(),
            owner: v.owner,
            district: v.district,
            date: format::date(v.verified_on),
            result: if v.passed { "dat" } else { "khong_dat" }.into(),
            certificate: v.certificate.unwrap_or_default(),
            verifier: v.verifier,
            how: v.kind,
            designation: v.designation,
        }
    }
}

fn fields(types: &[InstrumentType], f: &VerificationForm) -> Vec<Field> {
    let mut kind = field("type", "Loại phương tiện đo", "", "");
    kind.options = types
        .iter()
        .map(|t| Opt { value: t.id.to_string(), label: t.name.clone(), selected: t.id.to_string() == f.kind })
        .collect();
    let failed = f.result == "khong_dat";
    vec![
        kind,
        field("serial", "Số hiệu phương tiện", &f.serial, ""),
        field("model", "Kiểu (model)", &f.model, ""),
        field("maker", "Hãng, nước sản xuất", &f.maker, ""),
        field("made_year", "Năm sản xuất", &f.made_year, "2018"),
        field("owner", "Chủ sở hữu", &f.owner, "Tên cơ sở, hộ kinh doanh"),
        field("district", "Địa bàn", &f.district, "Huyện, thành phố"),
        field("date", "Ngày kiểm định", &f.date, "dd/mm/yyyy"),
        Field {
            options: vec![
                Opt { value: "dat".into(), label: "Đạt".into(), selected: !failed },
                Opt { value: "khong_dat".into(), label: "Không đạt".into(), selected: failed },
            ],
            ..field("result", "Kết quả", "", "")
        },
        field("certificate", "Số chứng chỉ kiểm định (để trống nếu không đạt)", &f.certificate, ""),
        field("verifier", "Kiểm định viên", &f.verifier, ""),
        field("designation", "Số thẻ, quyết định chỉ định kiểm định viên", &f.designation, ""),
        Field {
            options: VerificationKind::ALL
                .iter()
                .map(|(k, code, label)| Opt {
                    value: (*code).into(),
                    label: (*label).into(),
                    selected: f.how == *code || (f.how.is_empty() && *k == VerificationKind::Periodic),
                })
                .collect(),
            ..field("how", "Hình thức kiểm định", "", "")
        },
    ]
}

impl VerificationForm {
    /// What was typed for a field of the parser.
    fn value(&self, field: &str) -> &str {
        match field {
            "type" => &self.kind,
            "serial" => &self.serial,
            "model" => &self.model,
            "maker" => &self.maker,
            "made_year" => &self.made_year,
            "owner" => &self.owner,
            "district" => &self.district,
            "date" => &self.date,
            "result" => &self.result,
            "certificate" => &self.certificate,
            "verifier" => &self.verifier,
            "how" => &self.how,
            "designation" => &self.designation,
            _ => "",
        }
    }
}

/// Checks a posted verification with the parser the import uses (today from
/// the server's clock); the fields with their errors when wrong.
async fn checked(
    state: &AppState,
    f: &VerificationForm,
    except: Option<i64>,
) -> Result<Result<NewVerification, Vec<Field>>, WebError> {
    let types = dost_store::work::instrument_types(&state.db).await?;
    let mut out = fields(&types, f);
    let mut err = |name: &str, msg: String| {
        if let Some(x) = out.iter_mut().find(|x| x.name == name) {
            x.error.get_or_insert(msg);
        }
    };
    let instruments: Vec<Instrument> =
        types.iter().map(|t| Instrument { id: t.id, name: &t.name, cycles: &t.cycles }).collect();
    let today = format::vn_date(state.clock.now());
    let parsed = verification_input::parse(|field| Input::typed(f.value(field)), &instruments, today);
    if let Err(problems) = &parsed {
        for (field, m) in problems {
            err(field, format!("{}: {m}.", verification_input::label(field)));
        }
    }
    let certificate = f.certificate.trim();
    if !certificate.is_empty() && dost_store::work::certificate_taken(&state.db, certificate, except).await? {
        err("certificate", format!("Số chứng chỉ «{certificate}» đã được dùng."));
    }
    match parsed {
        Ok(v) if out.iter().all(|x| x.error.is_none()) => Ok(Ok(NewVerification::from(v))),
        _ => Ok(Err(out)),
    }
}

pub async fn new_form(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let message = q.get("tb").map(|_| "Đã ghi kết quả kiểm định.".to_string());
    let types = dost_store::work::instrument_types(&state.db).await?;
    form_page(&staff, NEW_HEADING, "/quan-tri/kiem-dinh/moi", fields(&types, &VerificationForm::default()), message)
}

pub async fn create(
    State(state): State<AppState>,
    StaffForm { staff, form }: StaffForm<VerificationForm>,
) -> Result<Response, WebError> {
    match checked(&state, &form, None).await? {
        Ok(v) => {
            let mut tx = state.begin(&staff.actor()).await?;
            dost_store::work::insert_verifications(&mut tx, &[v]).await?;
            state.commit(tx).await?;
            Ok(Redirect::to("/quan-tri/kiem-dinh?tb=da-luu").into_response())
        }
        Err(fields) => form_page(&staff, NEW_HEADING, "/quan-tri/kiem-dinh/moi", fields, None),
    }
}

/// `/quan-tri/kiem-dinh/{id}`: a verification as recorded, to correct.
pub async fn edit_form(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<i64>,
    q: StaffQuery,
) -> Result<Response, WebError> {
    let v = dost_store::work::verification(&state.db, id).await?.ok_or(WebError::NotFound)?;
    let types = dost_store::work::instrument_types(&state.db).await?;
    let message = q.get("tb").map(|_| "Đã lưu.".to_string());
    let action = format!("/quan-tri/kiem-dinh/{id}");
    form_page(&staff, EDIT_HEADING, &action, fields(&types, &VerificationForm::of(v)), message)
}

pub async fn update(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffForm { staff, form }: StaffForm<VerificationForm>,
) -> Result<Response, WebError> {
    match checked(&state, &form, Some(id)).await? {
        Ok(v) => {
            let mut tx = state.begin(&staff.actor()).await?;
            if !dost_store::work::update_verification(&mut tx, id, &v).await? {
                return Err(WebError::NotFound);
            }
            state.commit(tx).await?;
            Ok(Redirect::to(&format!("/quan-tri/kiem-dinh/{id}?tb=da-luu")).into_response())
        }
        Err(fields) => form_page(&staff, EDIT_HEADING, &format!("/quan-tri/kiem-dinh/{id}"), fields, None),
    }
}

#[derive(Template)]
#[template(path = "staff/work_form.html")]
pub(super) struct FormTemplate {
    pub page: StaffPage,
    pub heading: &'static str,
    pub action: String,
    pub form_error: Option<String>,
    pub message: Option<String>,
    pub fields: Vec<Field>,
}

/// A row of the unit's list.
pub struct ListRow {
    pub id: i64,
    pub on: String,
    pub kind: String,
    pub serial: String,
    pub owner: String,
    pub certificate: String,
    pub result: &'static str,
    pub valid_until: String,
}

#[derive(Template)]
#[template(path = "staff/verifications.html")]
struct ListTemplate {
    page: StaffPage,
    q: String,
    from: String,
    to: String,
    form_error: Option<String>,
    rows: Vec<ListRow>,
    cut: bool,
    can_write: bool,
}

/// Rows shown at most (the record lists and exports have them all).
const SHOWN: usize = 500;

/// `GET /quan-tri/kiem-dinh`: the verifications the unit recorded, searched
/// by serial, owner or certificate (without diacritics), each opening its
/// record for correction.
pub async fn list(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    use chrono::Datelike;
    let today = format::vn_date(state.clock.now());
    let mut form_error = None;
    let mut pick = |k: &str, default: chrono::NaiveDate| match q.get(k).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => default,
        Some(s) => super::date(s).unwrap_or_else(|| {
            form_error = Some(format!("Ngày «{s}» không hợp lệ; hãy nhập theo mẫu 30/09/2020."));
            default
        }),
    };
    let from = pick("tu", chrono::NaiveDate::from_ymd_opt(today.year() - 10, 1, 1).unwrap_or(today));
    let to = pick("den", today);
    let text = q.get("q").map(|s| s.trim().to_string()).unwrap_or_default();
    let needle = dost_domain::text::fold(&text);
    let rows = if form_error.is_some() {
        Vec::new()
    } else {
        dost_store::work::verifications_between(&state.db, from, to, 200_000).await?
    };
    let mut shown: Vec<ListRow> = rows
        .into_iter()
        .filter(|r| {
            needle.is_empty()
                || dost_domain::text::fold(&format!(
                    "{} {} {} {}",
                    r.serial,
                    r.owner,
                    r.certificate.as_deref().unwrap_or(""),
                    r.district
                ))
                .contains(&needle)
        })
        .take(SHOWN + 1)
        .map(|r| ListRow {
            id: r.id,
            on: format::date(r.verified_on),
            kind: r.type_name,
            serial: r.serial,
            owner: r.owner,
            certificate: r.certificate.unwrap_or_default(),
            result: if r.passed { "Đạt" } else { "Không đạt" },
            valid_until: r.valid_until.map(format::date).unwrap_or_default(),
        })
        .collect();
    let cut = shown.len() > SHOWN;
    shown.truncate(SHOWN);
    let mut page = StaffPage::new(&staff, "Kết quả kiểm định phương tiện đo", "/quan-tri/so");
    page.flash = q.get("tb").map(|_| "Đã ghi kết quả kiểm định.".to_string());
    let t = ListTemplate {
        page,
        q: text,
        from: format::date(from),
        to: format::date(to),
        form_error: form_error.clone(),
        rows: shown,
        cut,
        can_write: staff.may(dost_domain::access::Action::Write, super::super::VERIFICATIONS),
    };
    Ok(crate::http::respond::no_store_checked(t.render()?, form_error.is_some()))
}

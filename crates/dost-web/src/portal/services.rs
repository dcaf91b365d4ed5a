//! Public services (Nghị định 42/2022/NĐ-CP): the administrative procedures
//! from the back office's catalogue, and following a dossier by the code on
//! its receipt — the procedure, the dates and where it stands, never the
//! applicant beyond a masked name. Lookups are limited per address.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dost_domain::dossiers::{Step, pin_matches, public_name, public_status};
use dost_domain::format;
use dost_domain::registers::PROCEDURE_AREAS;
use dost_domain::text::fold;
use dost_store::work::PublicProcedure;

use crate::http::query::Query;
use crate::http::{ClientAddr, PageHeaders, VnPath};
use crate::layout::{Crumb, Layout, Meta, render_and_respond};
use crate::view::Opt;
use crate::{AppState, WebError};

/// A procedure as a page shows it.
pub struct ProcedureView {
    pub code: String,
    pub name: String,
    pub area: &'static str,
    pub time: String,
    pub level: String,
    pub fee: String,
    pub documents: Vec<String>,
    pub submit_at: String,
    pub legal_basis: Vec<String>,
    /// (file name, address) of each form to download.
    pub forms: Vec<(String, String)>,
}

fn items(s: &str) -> Vec<String> {
    s.split([';', '\n']).map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
}

fn area_label(code: &str) -> &'static str {
    PROCEDURE_AREAS.iter().find(|a| a.0 == code).map(|a| a.1).unwrap_or("Khác")
}

fn view(p: PublicProcedure) -> ProcedureView {
    let unit = if p.calendar_days { "ngày" } else { "ngày làm việc" };
    ProcedureView {
        area: area_label(&p.area),
        time: format!("{} {unit} kể từ ngày nhận đủ hồ sơ hợp lệ", format::count(p.working_days)),
        level: p.level,
        fee: if p.fee.trim().is_empty() { "Không thu phí".into() } else { p.fee },
        documents: items(&p.documents),
        submit_at: p.submit_at,
        legal_basis: items(&p.legal_basis),
        forms: items(&p.forms).into_iter().map(|f| (f.rsplit('/').next().unwrap_or_default().to_string(), f)).collect(),
        code: p.code,
        name: p.name,
    }
}

#[derive(Template)]
#[template(path = "procedures.html")]
struct ProceduresTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    q: String,
    areas: Vec<Opt>,
    rows: Vec<ProcedureView>,
}

/// `GET /thu-tuc-hanh-chinh`: the catalogue, searched without diacritics, by group.
pub async fn procedures(
    State(state): State<AppState>,
    cached: PageHeaders,
    query: Query,
) -> Result<Response, WebError> {
    let q: String = query.text("q").chars().take(200).collect();
    let area = query.text("nhom");
    let key = format!("/thu-tuc-hanh-chinh?q={}&nhom={}", fold(&q), fold(&area));
    if let Some(hit) = state.cache.get(&key) {
        return Ok(crate::layout::respond(&state, &cached, &hit));
    }
    let query = dost_domain::search::Query::of_box(&q);
    let rows = dost_store::work::public_procedures(&state.db)
        .await?
        .into_iter()
        .filter(|p| area.is_empty() || p.area == area)
        .filter(|p| {
            query.as_ref().is_none_or(|q| q.matches(&fold(&format!("{} {} {}", p.code, p.name, p.legal_basis))))
        })
        .map(view)
        .collect();
    let areas =
        PROCEDURE_AREAS.iter().map(|a| Opt { value: a.0.into(), label: a.1.into(), selected: a.0 == area }).collect();
    let mut meta = Meta::new(&state, "Thủ tục hành chính".into(), "/thu-tuc-hanh-chinh");
    meta.description = "Các thủ tục hành chính do Sở Khoa học và Công nghệ giải quyết: thời hạn, phí, thành phần hồ sơ, nơi nộp và căn cứ pháp lý".into();
    meta.breadcrumb = vec![Crumb { name: "Thủ tục hành chính".into(), url: "/thu-tuc-hanh-chinh".into() }];
    render_and_respond(
        &state,
        &cached,
        Some(key),
        &ProceduresTemplate { meta, layout: state.layout.get(), q, areas, rows },
    )
}

#[derive(Template)]
#[template(path = "procedure.html")]
struct ProcedureTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    p: ProcedureView,
}

/// `GET /thu-tuc-hanh-chinh/{code}`: one procedure.
pub async fn procedure(
    State(state): State<AppState>,
    cached: PageHeaders,
    VnPath(code): VnPath<String>,
) -> Result<Response, WebError> {
    let found = dost_store::work::public_procedures(&state.db).await?.into_iter().find(|p| p.code == code);
    let mut p = view(found.ok_or(WebError::NotFound)?);
    // each form as the library describes it: its description, kind and size
    for (label, url) in &mut p.forms {
        let stored = url.trim_start_matches("/tep/");
        if let Some(m) = dost_store::media::by_path(&state.db, stored).await? {
            let name = if m.alt.trim().is_empty() { m.original_name.clone() } else { m.alt.clone() };
            let kind = m.original_name.rsplit('.').next().unwrap_or_default().to_uppercase();
            *label = format!("{name} ({kind}, {})", dost_domain::content::file_size(m.size_bytes));
        }
    }
    let path = format!("/thu-tuc-hanh-chinh/{}", p.code);
    let mut meta = Meta::new(&state, p.name.clone(), &path);
    meta.description = format!("{}: {}; {}.", p.name, p.time, p.fee);
    meta.breadcrumb = vec![
        Crumb { name: "Thủ tục hành chính".into(), url: "/thu-tuc-hanh-chinh".into() },
        Crumb { name: p.name.clone(), url: path.clone() },
    ];
    render_and_respond(&state, &cached, Some(path), &ProcedureTemplate { meta, layout: state.layout.get(), p })
}

/// What the lookup shows of a dossier.
pub struct DossierView {
    pub code: String,
    pub procedure: String,
    pub procedure_code: String,
    pub applicant: String,
    pub received: String,
    pub due: String,
    pub new_due: Option<String>,
    pub status: &'static str,
    pub returned: Option<String>,
    pub steps: Vec<(String, &'static str)>,
}

#[derive(Template)]
#[template(path = "dossier_lookup.html")]
struct LookupTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    code: String,
    /// The lookup secret as typed.
    pin: String,
    /// The code exists: the secret is what is missing (or wrong).
    needs_pin: bool,
    error: Option<String>,
    found: Option<DossierView>,
}

/// `GET /tra-cuu-ho-so?ma=&pin=`: a dossier by the code and the lookup
/// secret on its receipt; the code alone says only that it exists.
pub async fn lookup(
    State(state): State<AppState>,
    ClientAddr(ip): ClientAddr,
    query: Query,
) -> Result<Response, WebError> {
    let now = state.clock.now();
    let code: String = query.text("ma").to_uppercase();
    let pin: String = query.text("pin").chars().take(20).collect();
    let (mut error, mut found, mut status) = (None, None, StatusCode::OK);
    let mut needs_pin = false;
    if !code.is_empty() {
        if let Err(wait) = state.lookups.admit(&state.db, &ip, now).await? {
            let minutes = (wait + 59) / 60;
            return Err(WebError::TooManyRequests(
                format!("Địa chỉ của quý vị đã tra cứu nhiều lần liên tiếp; mời thử lại sau {minutes} phút."),
                wait,
            ));
        }
        let well_formed =
            code.chars().count() <= 50 && code.chars().all(|c| c.is_ascii_alphanumeric() || "-./".contains(c));
        match well_formed {
            false => {
                error = Some("Mã hồ sơ chỉ gồm chữ, số và các dấu - . / (như trên giấy tiếp nhận).".into());
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            true => match dost_store::work::dossier_by_code(&state.db, &code).await? {
                Some(d) if !pin_matches(&d.lookup_pin, &pin) => {
                    // the code alone says only that the dossier exists
                    needs_pin = true;
                    error = Some(if pin.trim().is_empty() {
                        format!(
                            "Hồ sơ mã «{code}» có trong hệ thống. Để xem tình trạng, hãy nhập thêm mã tra cứu (6 chữ số) in trên giấy tiếp nhận."
                        )
                    } else {
                        "Mã tra cứu không đúng; hãy nhập đúng 6 chữ số in trên giấy tiếp nhận.".to_string()
                    });
                    if !pin.trim().is_empty() {
                        status = StatusCode::FORBIDDEN;
                    }
                }
                Some(d) => {
                    let events = dost_store::work::dossier_events(&state.db, d.id).await?;
                    let waiting = events.last().is_some_and(|e| e.step == Step::SupplementRequest);
                    found = Some(DossierView {
                        status: public_status(d.returned_on.is_some(), waiting),
                        applicant: public_name(&d.applicant),
                        received: format::date(d.received_on),
                        due: format::date(d.due_on),
                        new_due: d.new_due_on.filter(|n| *n != d.due_on).map(format::date),
                        returned: d.returned_on.map(format::date),
                        steps: events.iter().map(|e| (format::date(e.on), e.step.label())).collect(),
                        code: d.code,
                        procedure: d.procedure,
                        procedure_code: d.procedure_code,
                    });
                }
                None => {
                    error =
                        Some(format!("Không tìm thấy hồ sơ có mã «{code}». Hãy kiểm tra lại mã trên giấy tiếp nhận."));
                    status = StatusCode::NOT_FOUND;
                }
            },
        }
    }
    let mut meta = Meta::new(&state, "Tra cứu hồ sơ".into(), "/tra-cuu-ho-so");
    meta.description = "Tra cứu tình trạng giải quyết hồ sơ thủ tục hành chính bằng mã trên giấy tiếp nhận".into();
    meta.breadcrumb = vec![Crumb { name: "Tra cứu hồ sơ".into(), url: "/tra-cuu-ho-so".into() }];
    meta.noindex = !code.is_empty();
    let html = LookupTemplate { meta, layout: state.layout.get(), code, pin, needs_pin, error, found }.render()?;
    let mut r =
        (status, [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], html).into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

//! The S&T task register, legal documents, procedures and dossier status.

use super::answers::ItemId;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use dost_domain::dossiers::{Step, pin_matches, public_name, public_status};
use dost_domain::registers::{LEGAL_KINDS, LEGAL_STATUSES, PROCEDURE_AREAS};
use dost_domain::tasks::{Level, Stage};
use dost_store::legal::LegalDocument as Doc;
use dost_store::work::PublicProcedure;

use super::params::Params;
use super::problem::{ApiError, Problem};
use super::respond::json;
use super::types::*;
use super::{absolute, coded, list_meta};
use crate::AppState;
use crate::portal::legal::{LegalFilter, matching as legal_matching};
use crate::portal::register::{matching as task_matching, public_status as task_status, task_view};

fn month(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| format!("{:04}-{:02}", d.year(), d.month()))
}

fn links(state: &AppState, api: String, html: String) -> Links {
    Links { self_: absolute(state, &api), html: absolute(state, &html) }
}

/// The public register's tasks: by level, field, year under way, status,
/// lead organisation and words.
#[utoipa::path(get, path = "/api/v1/tasks", tag = "Nhiệm vụ KH&CN",
    params(
        ("level" = Option<String>, Query, description = "Cấp: quoc_gia, bo, tinh, co_so"),
        ("field" = Option<String>, Query, description = "Lĩnh vực (như trên trang)", max_length = 200),
        ("year" = Option<i64>, Query, description = "Năm đang thực hiện", minimum = 1990, maximum = 2100),
        ("status" = Option<String>, Query, description = "dang-thuc-hien hoặc da-nghiem-thu"),
        ("lead_org" = Option<i64>, Query, description = "Mã tổ chức chủ trì", minimum = 1),
        ("q" = Option<String>, Query, description = "Từ khóa (không cần dấu)", max_length = 200),
        super::params::PageParams,
    ),
    responses(
        (status = 200, description = "Một trang nhiệm vụ", body = TaskList),
        super::answers::ListAnswers,
    ))]
pub async fn tasks(State(state): State<AppState>, headers: HeaderMap, p: Params) -> Result<Response, ApiError> {
    p.allow(&["level", "field", "year", "status", "lead_org", "q", "page", "per_page"])?;
    let paging = p.paging()?;
    let levels: Vec<&str> = Level::ALL.iter().map(|l| l.code()).collect();
    let level = p.choice("level", &levels)?;
    let status = p.choice("status", &["dang-thuc-hien", "da-nghiem-thu"])?;
    let stages: Vec<Stage> = Stage::ALL
        .iter()
        .copied()
        .filter(|s| s.is_public() && (status.is_empty() || task_status(*s).0 == status))
        .collect();
    let filter = dost_store::tasks::Filter {
        level,
        field: p.text("field", 200)?,
        year: p.number("year", 1990..=2100)?.unwrap_or(0),
        stages,
        lead_org_id: p.number("lead_org", 1..=i64::MAX)?.unwrap_or(0),
        like: String::new(),
    };
    let rows = task_matching(&state.db, filter, &p.text("q", 200)?).await.map_err(ApiError::from)?;
    let total = rows.len() as i64;
    let items = paging
        .slice(rows)
        .into_iter()
        .map(|r| {
            let (code, label) = task_status(r.stage);
            TaskSummary {
                id: r.id,
                links: links(&state, format!("/api/v1/tasks/{}", r.id), format!("/nhiem-vu/{}", r.id)),
                level: coded(r.level.code(), r.level.label()),
                status: coded(code, label),
                start_month: month(r.start_date),
                end_month: month(r.end_date),
                code: r.code,
                title: r.title,
                field: r.field,
                lead_org: r.lead_org,
                investigator: r.investigator,
            }
        })
        .collect();
    let (meta, links) = list_meta(&state, "/api/v1/tasks", &p, paging, total);
    json(&state, &headers, &TaskList { items, meta, links })
}

/// One task: exactly what its public page shows.
#[utoipa::path(get, path = "/api/v1/tasks/{id}", tag = "Nhiệm vụ KH&CN",
    params(("id" = i64, Path, description = "Mã nhiệm vụ")),
    responses(
        (status = 200, description = "Nhiệm vụ", body = Task),
        super::answers::ItemAnswers,
    ))]
pub async fn task(State(state): State<AppState>, headers: HeaderMap, ItemId(id): ItemId) -> Result<Response, ApiError> {
    let gone = || ApiError::not_found("Không có nhiệm vụ công khai này.");
    let id = id.ok_or_else(gone)?;
    let t = dost_store::tasks::get(&state.db, id).await?.filter(|t| t.row.stage.is_public()).ok_or_else(gone)?;
    // what the page shows, field by field
    let v = task_view(&t);
    let (code, label) = task_status(t.row.stage);
    let out = Task {
        id,
        links: links(&state, format!("/api/v1/tasks/{id}"), format!("/nhiem-vu/{id}")),
        level: coded(t.row.level.code(), v.level),
        status: coded(code, label),
        start_month: month(t.row.start_date),
        end_month: month(t.row.end_date),
        code: v.code,
        title: v.title,
        task_type: v.task_type.to_string(),
        field: v.field,
        programme: v.programme,
        lead_org: v.lead_org,
        investigator: v.investigator,
        objectives: v.objectives,
        content: v.content,
        methods: v.methods,
        expected_results: v.expected,
        result: v.result,
    };
    json(&state, &headers, &out)
}

fn label(list: &[(&str, &str)], code: &str) -> Coded {
    coded(code, list.iter().find(|x| x.0 == code).map(|x| x.1).unwrap_or(""))
}

fn document(state: &AppState, d: &Doc, all: &[Doc]) -> LegalDocument {
    let reference = |x: &Doc| DocumentRef {
        id: Some(x.id),
        number: x.number.clone(),
        link: Some(absolute(state, &format!("/api/v1/legal-documents/{}", x.id))),
    };
    let replaced_by = (!d.replaced_by.trim().is_empty()).then(|| {
        all.iter().find(|x| x.number == d.replaced_by.trim()).map(reference).unwrap_or(DocumentRef {
            id: None,
            number: d.replaced_by.trim().to_string(),
            link: None,
        })
    });
    LegalDocument {
        id: d.id,
        number: d.number.clone(),
        kind: label(LEGAL_KINDS, &d.kind),
        issuer: d.issuer.clone(),
        signer: d.signer.clone(),
        issued_on: d.issued_on.to_string(),
        effective_on: d.effective_on.map(|x| x.to_string()),
        expired_on: d.expired_on.map(|x| x.to_string()),
        status: label(LEGAL_STATUSES, &d.status),
        field: d.field.clone(),
        summary: d.summary.clone(),
        file: (!d.file.is_empty()).then(|| absolute(state, &d.file)),
        replaced_by,
        replaces: all.iter().filter(|x| x.replaced_by.trim() == d.number).map(reference).collect(),
        links: links(state, format!("/api/v1/legal-documents/{}", d.id), format!("/van-ban/{}", d.id)),
    }
}

/// Legal documents: by kind, issuer, year issued, field, status and words —
/// also inside the attached PDF or DOCX.
#[utoipa::path(get, path = "/api/v1/legal-documents", tag = "Văn bản",
    params(
        ("kind" = Option<String>, Query, description = "Loại: luat, nghi_dinh, thong_tu, quyet_dinh, chi_thi, ke_hoach, cong_van, huong_dan"),
        ("issuer" = Option<String>, Query, description = "Cơ quan ban hành (như trên trang)", max_length = 200),
        ("year" = Option<i64>, Query, description = "Năm ban hành", minimum = 1945, maximum = 2100),
        ("field" = Option<String>, Query, description = "Lĩnh vực", max_length = 200),
        ("status" = Option<String>, Query, description = "con_hieu_luc, het_hieu_luc_mot_phan, het_hieu_luc, chua_hieu_luc"),
        ("q" = Option<String>, Query, description = "Từ khóa (không cần dấu), kể cả trong tệp đính kèm", max_length = 200),
        super::params::PageParams,
    ),
    responses(
        (status = 200, description = "Một trang văn bản", body = LegalDocumentList),
        super::answers::ListAnswers,
    ))]
pub async fn legal_documents(
    State(state): State<AppState>,
    headers: HeaderMap,
    p: Params,
) -> Result<Response, ApiError> {
    p.allow(&["kind", "issuer", "year", "field", "status", "q", "page", "per_page"])?;
    let paging = p.paging()?;
    let kinds: Vec<&str> = LEGAL_KINDS.iter().map(|k| k.0).collect();
    let statuses: Vec<&str> = LEGAL_STATUSES.iter().map(|k| k.0).collect();
    let (q, kind, issuer, field, status) = (
        p.text("q", 200)?,
        p.choice("kind", &kinds)?,
        p.text("issuer", 200)?,
        p.text("field", 200)?,
        p.choice("status", &statuses)?,
    );
    let year = p.number("year", 1945..=2100)?.map(|y| y as i32);
    let f = LegalFilter { q: &q, kind: &kind, issuer: &issuer, field: &field, status: &status, year };
    let (all, found) = legal_matching(&state.db, &f).await.map_err(ApiError::from)?;
    let total = found.len() as i64;
    let items = paging.slice(found).iter().map(|(d, _)| document(&state, d, &all)).collect();
    let (meta, links) = list_meta(&state, "/api/v1/legal-documents", &p, paging, total);
    json(&state, &headers, &LegalDocumentList { items, meta, links })
}

/// One legal document with its relations both ways.
#[utoipa::path(get, path = "/api/v1/legal-documents/{id}", tag = "Văn bản",
    params(("id" = i64, Path, description = "Mã văn bản")),
    responses(
        (status = 200, description = "Văn bản", body = LegalDocument),
        super::answers::ItemAnswers,
    ))]
pub async fn legal_document(
    State(state): State<AppState>,
    headers: HeaderMap,
    ItemId(id): ItemId,
) -> Result<Response, ApiError> {
    let gone = || ApiError::not_found("Không có văn bản này.");
    let id = id.ok_or_else(gone)?;
    let all = dost_store::legal::documents(&state.db).await?;
    let d = all.iter().find(|d| d.id == id).ok_or_else(gone)?;
    json(&state, &headers, &document(&state, d, &all))
}

fn procedure(state: &AppState, p: PublicProcedure) -> Procedure {
    let items = |s: &str| -> Vec<String> {
        s.split([';', '\n']).map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
    };
    let code = crate::http::encode(&p.code);
    Procedure {
        area: label(PROCEDURE_AREAS, &p.area),
        links: links(state, format!("/api/v1/procedures/{code}"), format!("/thu-tuc-hanh-chinh/{code}")),
        time_limit_days: p.working_days,
        calendar_days: p.calendar_days,
        documents: items(&p.documents),
        legal_basis: items(&p.legal_basis),
        forms: items(&p.forms).iter().map(|f| absolute(state, f)).collect(),
        code: p.code,
        name: p.name,
        level: p.level,
        fee: p.fee,
        submit_at: p.submit_at,
    }
}

/// The procedure catalogue: by group and words.
#[utoipa::path(get, path = "/api/v1/procedures", tag = "Thủ tục hành chính",
    params(
        ("area" = Option<String>, Query, description = "Nhóm: buc_xa, cong_nghe, shtt, nang_suat, khac"),
        ("q" = Option<String>, Query, description = "Từ khóa (không cần dấu)", max_length = 200),
        super::params::PageParams,
    ),
    responses(
        (status = 200, description = "Một trang thủ tục", body = ProcedureList),
        super::answers::ListAnswers,
    ))]
pub async fn procedures(State(state): State<AppState>, headers: HeaderMap, p: Params) -> Result<Response, ApiError> {
    p.allow(&["area", "q", "page", "per_page"])?;
    let paging = p.paging()?;
    let areas: Vec<&str> = PROCEDURE_AREAS.iter().map(|a| a.0).collect();
    let area = p.choice("area", &areas)?;
    let asked = dost_domain::search::Query::of_box(&p.text("q", 200)?);
    let all: Vec<PublicProcedure> = dost_store::work::public_procedures(&state.db)
        .await?
        .into_iter()
        .filter(|x| area.is_empty() || x.area == area)
        .filter(|x| {
            asked.as_ref().is_none_or(|q| {
                q.matches(&dost_domain::text::fold(&format!("{} {} {}", x.code, x.name, x.legal_basis)))
            })
        })
        .collect();
    let total = all.len() as i64;
    let items = paging.slice(all).into_iter().map(|x| procedure(&state, x)).collect();
    let (meta, links) = list_meta(&state, "/api/v1/procedures", &p, paging, total);
    json(&state, &headers, &ProcedureList { items, meta, links })
}

/// One procedure, by its code.
#[utoipa::path(get, path = "/api/v1/procedures/{code}", tag = "Thủ tục hành chính",
    params(("code" = String, Path, description = "Mã thủ tục")),
    responses(
        (status = 200, description = "Thủ tục", body = Procedure),
        super::answers::ItemAnswers,
    ))]
pub async fn procedure_by_code(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
    p: Params,
) -> Result<Response, ApiError> {
    p.allow(&[])?;
    let found = dost_store::work::public_procedures(&state.db).await?.into_iter().find(|x| x.code == code);
    let p = found.ok_or_else(|| ApiError::not_found("Không có thủ tục này."))?;
    json(&state, &headers, &procedure(&state, p))
}

/// Where a dossier stands, by the code on its receipt (lookups are limited
/// per address as on the portal).
#[utoipa::path(get, path = "/api/v1/dossiers/{code}", tag = "Thủ tục hành chính",
    params(
        ("code" = String, Path, description = "Mã hồ sơ trên giấy tiếp nhận", max_length = 50),
        ("pin" = String, Query, description = "Mã tra cứu (6 chữ số) in trên giấy tiếp nhận", max_length = 20),
    ),
    responses(
        (status = 200, description = "Tình trạng hồ sơ", body = DossierStatus),
        super::answers::ItemAnswers,
        (status = 403, description = "Thiếu hoặc sai mã tra cứu", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn dossier(
    State(state): State<AppState>,
    headers: HeaderMap,
    crate::http::ClientAddr(ip): crate::http::ClientAddr,
    Path(code): Path<String>,
    p: Params,
) -> Result<Response, ApiError> {
    p.allow(&["pin"])?;
    if let Err(wait) = state.lookups.admit(&state.db, &ip, state.clock.now()).await? {
        return Err(ApiError::too_many(wait));
    }
    let code = code.trim().to_uppercase();
    if code.is_empty()
        || code.chars().count() > 50
        || !code.chars().all(|c| c.is_ascii_alphanumeric() || "-./".contains(c))
    {
        return Err(ApiError::bad("Mã hồ sơ chỉ gồm chữ, số và các dấu - . / (như trên giấy tiếp nhận)."));
    }
    let d = dost_store::work::dossier_by_code(&state.db, &code)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("Không tìm thấy hồ sơ có mã «{code}».")))?;
    if !pin_matches(&d.lookup_pin, &p.text("pin", 20)?) {
        return Err(ApiError::forbidden(format!(
            "Hồ sơ mã «{code}» có trong hệ thống; tình trạng chỉ xem được với mã tra cứu in trên giấy tiếp nhận (tham số pin)."
        )));
    }
    let events = dost_store::work::dossier_events(&state.db, d.id).await?;
    let waiting = events.last().is_some_and(|e| e.step == Step::SupplementRequest);
    let encoded = crate::http::encode(&d.code);
    let out = DossierStatus {
        status: public_status(d.returned_on.is_some(), waiting).to_string(),
        applicant: public_name(&d.applicant),
        received_on: d.received_on.to_string(),
        due_on: d.due_on.to_string(),
        new_due_on: d.new_due_on.filter(|n| *n != d.due_on).map(|x| x.to_string()),
        returned_on: d.returned_on.map(|x| x.to_string()),
        steps: events
            .iter()
            .map(|e| DossierStep { date: e.on.to_string(), step: e.step.label().to_string() })
            .collect(),
        procedure: coded(&d.procedure_code, &d.procedure),
        links: links(&state, format!("/api/v1/dossiers/{encoded}"), format!("/tra-cuu-ho-so?ma={encoded}")),
        code: d.code,
    };
    json(&state, &headers, &out)
}

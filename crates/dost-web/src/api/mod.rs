//! The open-data API (Thông tư 22/2023/TT-BTTTT): everything the portal
//! publishes, read-only, as JSON under `/api/v1`, described by an OpenAPI
//! 3.1 document generated from the types and handlers below
//! (`/api/v1/openapi.json`) and a page for people (`/api/v1/tai-lieu`).
//! Every answer: CORS for any origin (GET only), a limit per address (429
//! with `Retry-After`), errors as problem details, ETag and Last-Modified,
//! gzip or brotli when asked.

mod answers;
mod docs_page;
mod news;
mod params;
mod problem;
mod public_info;
mod registers;
mod respond;
mod types;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use utoipa::OpenApi;

use crate::AppState;
use params::{Paging, Params};
use problem::ApiError;
use types::{Coded, ListLinks, ListMeta};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Dữ liệu mở của Sở Khoa học và Công nghệ",
        description = "Thông tin công khai trên cổng: tin bài, nhiệm vụ KH&CN, văn bản, thủ tục hành chính, tình trạng hồ sơ, lịch công tác, hỏi đáp, thống kê truy cập. Chỉ đọc; không cần đăng nhập. Ngày giờ theo ISO 8601 (giờ Việt Nam), văn bản Unicode NFC, danh sách phân trang (page, per_page ≤ 100). Lỗi theo RFC 9457 (application/problem+json).",
        version = "1",
    ),
    paths(
        news::articles, news::article, news::categories,
        registers::tasks, registers::task,
        registers::legal_documents, registers::legal_document,
        registers::procedures, registers::procedure_by_code, registers::dossier,
        public_info::schedule, public_info::questions, public_info::question_by_id, public_info::statistics,
    ),
    tags(
        (name = "Tin bài", description = "Tin bài đã đăng và chuyên mục"),
        (name = "Nhiệm vụ KH&CN", description = "Danh mục nhiệm vụ công khai (Thông tư 14/2014/TT-BKHCN)"),
        (name = "Văn bản", description = "Văn bản quy phạm pháp luật, chỉ đạo điều hành"),
        (name = "Thủ tục hành chính", description = "Danh mục thủ tục và tình trạng hồ sơ"),
        (name = "Lịch công tác", description = "Lịch công tác của lãnh đạo Sở"),
        (name = "Hỏi đáp", description = "Câu hỏi và trả lời đã đăng"),
        (name = "Thống kê truy cập", description = "Lượt truy cập cổng"),
    )
)]
pub struct ApiDoc;

/// The values a coded parameter takes, from the same lists the code checks
/// against: (path, parameter, codes).
fn coded_parameters() -> Vec<(&'static str, &'static str, Vec<&'static str>)> {
    use dost_domain::registers::{LEGAL_KINDS, LEGAL_STATUSES, PROCEDURE_AREAS};
    let codes = |l: &[(&'static str, &'static str)]| l.iter().map(|x| x.0).collect::<Vec<_>>();
    vec![
        ("/api/v1/tasks", "level", dost_domain::tasks::Level::ALL.iter().map(|l| l.code()).collect()),
        ("/api/v1/tasks", "status", vec!["dang-thuc-hien", "da-nghiem-thu"]),
        ("/api/v1/legal-documents", "kind", codes(LEGAL_KINDS)),
        ("/api/v1/legal-documents", "status", codes(LEGAL_STATUSES)),
        ("/api/v1/procedures", "area", codes(PROCEDURE_AREAS)),
        ("/api/v1/questions", "topic", codes(dost_domain::participation::TOPICS)),
    ]
}

/// The OpenAPI document (built once): generated from the handlers and
/// types, then given the coded parameters' values and the codes' patterns.
pub fn document() -> &'static serde_json::Value {
    static DOC: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
        let mut constrain = |path: &str, name: &str, key: &str, value: serde_json::Value| {
            let params = doc.pointer_mut(&format!("/paths/{}/get/parameters", path.replace('/', "~1")));
            if let Some(serde_json::Value::Array(params)) = params {
                for p in params.iter_mut().filter(|p| p["name"] == name) {
                    p["schema"][key] = value.clone();
                }
            }
        };
        for (path, name, codes) in coded_parameters() {
            constrain(path, name, "enum", serde_json::json!(codes));
        }
        constrain("/api/v1/dossiers/{code}", "code", "pattern", serde_json::json!("^[A-Za-z0-9./-]{1,50}$"));
        constrain("/api/v1/schedule", "week", "pattern", serde_json::json!("^[0-9]{4}-W[0-9]{2}$"));
        doc
    })
}

/// The data routes (each one is in the OpenAPI document; a test holds them together).
fn data_routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/api/v1/articles", get(news::articles)),
        ("/api/v1/articles/{id}", get(news::article)),
        ("/api/v1/categories", get(news::categories)),
        ("/api/v1/tasks", get(registers::tasks)),
        ("/api/v1/tasks/{id}", get(registers::task)),
        ("/api/v1/legal-documents", get(registers::legal_documents)),
        ("/api/v1/legal-documents/{id}", get(registers::legal_document)),
        ("/api/v1/procedures", get(registers::procedures)),
        ("/api/v1/procedures/{code}", get(registers::procedure_by_code)),
        ("/api/v1/dossiers/{code}", get(registers::dossier)),
        ("/api/v1/schedule", get(public_info::schedule)),
        ("/api/v1/questions", get(public_info::questions)),
        ("/api/v1/questions/{id}", get(public_info::question_by_id)),
        ("/api/v1/statistics", get(public_info::statistics)),
    ]
}

/// The paths of the data routes.
pub fn data_paths() -> Vec<&'static str> {
    data_routes().into_iter().map(|(p, _)| p).collect()
}

/// The API's routes, behind its own layers.
pub fn router(state: AppState) -> Router<AppState> {
    let mut r = Router::new();
    for (path, handler) in data_routes() {
        r = r.route(path, handler);
    }
    r.route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/v1/tai-lieu", get(docs_page::page))
        .route("/api/v1", get(|| async { axum::response::Redirect::permanent("/api/v1/tai-lieu") }))
        .route("/api/v1/{*rest}", get(not_found))
        .layer(axum::middleware::from_fn_with_state(state, gate))
}

/// `GET /api/v1/openapi.json`
async fn openapi_json(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Result<Response, ApiError> {
    respond::json(&state, &headers, document())
}

async fn not_found() -> ApiError {
    ApiError::of_status(StatusCode::NOT_FOUND)
}

/// In front of every API route: CORS (GET from any origin, nothing else),
/// the limit per address, and errors made problem details.
async fn gate(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let method = req.method().clone();
    let mut resp = if method == Method::OPTIONS {
        let mut r = StatusCode::NO_CONTENT.into_response();
        let h = r.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, HEAD, OPTIONS"));
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("If-None-Match, If-Modified-Since"));
        h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
        r
    } else if method != Method::GET && method != Method::HEAD {
        let mut r = ApiError::of_status(StatusCode::METHOD_NOT_ALLOWED).into_response();
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD, OPTIONS"));
        r
    } else {
        let (parts, body) = req.into_parts();
        let ip = crate::http::ClientAddr::of(&parts, &state.config.trusted_proxies).map(|a| a.to_string());
        let limited = match ip.as_deref() {
            Some(ip) => Some(state.api_calls.admit(&state.db, ip, state.clock.now()).await),
            None => None,
        };
        match limited {
            Some(Ok(Err(wait))) => ApiError::too_many(wait).into_response(),
            Some(Err(e)) => ApiError::from(e).into_response(),
            _ => problem_of(next.run(Request::from_parts(parts, body)).await).await,
        }
    };
    let h = resp.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("ETag, Last-Modified, Retry-After, Content-Encoding"),
    );
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    resp
}

/// An error the framework answered itself (a rejected path, a body too
/// large) made a problem detail like every other.
async fn problem_of(resp: Response) -> Response {
    let status = resp.status();
    let is_problem = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/problem+json"));
    if status.is_client_error() && !is_problem || status.is_server_error() {
        return ApiError::of_status(status).into_response();
    }
    resp
}

/// An address of this site, absolute.
pub(crate) fn absolute(state: &AppState, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_string()
    } else {
        format!("{}{path}", state.config.base_url)
    }
}

pub(crate) fn coded(code: &str, label: &str) -> Coded {
    Coded { code: code.to_string(), label: label.to_string() }
}

/// A list's meta and its links to this, the next and the previous page
/// (the same filters, in a fixed order).
pub(crate) fn list_meta(state: &AppState, path: &str, p: &Params, paging: Paging, total: i64) -> (ListMeta, ListLinks) {
    let mut keys: Vec<(&String, &String)> =
        p.0.iter().filter(|(k, v)| k.as_str() != "page" && k.as_str() != "per_page" && !v.is_empty()).collect();
    keys.sort();
    let query: String =
        keys.iter().map(|(k, v)| format!("{}={}&", crate::http::encode(k), crate::http::encode(v))).collect();
    let at = |page: i64| absolute(state, &format!("{path}?{query}page={page}&per_page={}", paging.per_page));
    let last = (total + paging.per_page - 1) / paging.per_page;
    (
        ListMeta { page: paging.page, per_page: paging.per_page, total },
        ListLinks {
            self_: at(paging.page),
            next: (paging.page < last).then(|| at(paging.page + 1)),
            prev: (paging.page > 1).then(|| at((paging.page - 1).min(last.max(1)))),
        },
    )
}

//! The media library: uploads checked by content, size and name; files stored
//! under `<data>/uploads/<group>/` with safe generated names.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::content::file_size;
use dost_domain::format;
use dost_domain::media::{check_upload, stored_name};

use super::extract::StaffUpload;
use super::{Staff, StaffPage, flash, no_store};
use crate::http::cookies::random_hex;
use crate::http::query::StaffQuery;
use crate::{AppState, WebError};

pub struct Item {
    pub url: String,
    pub thumb: String,
    pub name: String,
    pub alt: String,
    pub kind: String,
    pub info: String,
    pub is_image: bool,
}

#[derive(Template)]
#[template(path = "staff/media.html")]
struct MediaTemplate {
    page: StaffPage,
    form_error: Option<String>,
    items: Vec<Item>,
    q: String,
    kind: String,
    kinds: Vec<(&'static str, &'static str)>,
    /// How many files match, of how many in the library.
    found: usize,
    total: usize,
}

/// The kinds of file the library keeps, for the filter.
const KINDS: [(&str, &str); 3] = [("anh", "Ảnh"), ("tai-lieu", "Tài liệu"), ("video", "Video")];

/// Most files a library page lists (the search narrows the rest).
const PAGE: usize = 200;

/// The library's files of a kind whose name or description contains every
/// word of `q`, without regard to diacritics, the latest first.
pub async fn search(state: &AppState, kind: &str, q: &str) -> Result<(Vec<dost_store::media::Media>, usize), WebError> {
    let all = dost_store::media::list(&state.db, kind, 20_000, 0).await?;
    let total = all.len();
    let query = dost_domain::search::Query::of_box(q);
    let found = all
        .into_iter()
        .filter(|m| {
            query.as_ref().is_none_or(|q| {
                q.matches(&dost_domain::text::fold(&format!("{} {} {}", m.original_name, m.alt, m.file_path)))
            })
        })
        .collect();
    Ok((found, total))
}

async fn render(
    state: &AppState,
    staff: &Staff,
    form_error: Option<String>,
    flash_code: Option<&str>,
    (q, kind): (String, String),
) -> Result<String, WebError> {
    let kind = if KINDS.iter().any(|k| k.0 == kind) { kind } else { String::new() };
    let (found, total) = search(state, &kind, &q).await?;
    let count = found.len();
    let items = found
        .into_iter()
        .take(PAGE)
        .map(|m| Item {
            url: format!("/tep/{}", m.file_path),
            thumb: format!("/tep/{}", m.thumb_path.as_deref().unwrap_or(&m.file_path)),
            is_image: m.kind == "anh",
            info: format!("{} · {}", file_size(m.size_bytes), format::datetime_ts(m.uploaded_at)),
            kind: m.kind,
            name: m.original_name,
            alt: m.alt,
        })
        .collect();
    let mut page = StaffPage::new(staff, "Thư viện tệp", "/quan-tri/tep");
    page.flash = flash(flash_code);
    Ok(MediaTemplate { page, form_error, items, q, kind, kinds: KINDS.to_vec(), found: count, total }.render()?)
}

pub async fn list(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let filters = (q.text("q").chars().take(200).collect(), q.text("loai"));
    Ok(no_store(render(&state, &staff, None, q.value("tb"), filters).await?))
}

/// A picture offered by the editor's picker.
#[derive(serde::Serialize)]
pub struct Pick {
    pub url: String,
    pub thumb: String,
    pub name: String,
    pub alt: String,
    pub width: i64,
    pub height: i64,
}

/// `GET /quan-tri/tep/chon-anh?q=`: the pictures for the editor's picker
/// (JSON), searched as the library is, at most 60.
pub async fn pick(State(state): State<AppState>, _staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let text: String = q.text("q").chars().take(200).collect();
    let (found, _) = search(&state, "anh", &text).await?;
    let picks: Vec<Pick> = found
        .into_iter()
        .take(60)
        .map(|m| Pick {
            url: format!("/tep/{}", m.file_path),
            thumb: format!("/tep/{}", m.thumb_path.as_deref().unwrap_or(&m.file_path)),
            name: m.original_name,
            alt: m.alt,
            width: m.width,
            height: m.height,
        })
        .collect();
    let body = serde_json::to_string(&picks).map_err(|e| WebError::Internal(e.to_string()))?;
    use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
    Ok(([(CONTENT_TYPE, "application/json; charset=utf-8"), (CACHE_CONTROL, "no-store")], body).into_response())
}

/// Width of the smaller copy made of every picture.
pub const THUMB_WIDTH: u32 = 480;

/// Largest upload the library takes (a video; pictures and documents have lower limits).
pub const MAX_UPLOAD_BYTES: u64 = 300 * 1024 * 1024;

/// An upload to the library.
pub type LibraryUpload = StaffUpload<MAX_UPLOAD_BYTES>;

pub async fn upload(State(state): State<AppState>, upload: LibraryUpload) -> Result<Response, WebError> {
    let staff = &upload.staff;
    let alt = upload.fields.get("alt").cloned().unwrap_or_default();
    let Some(file) = upload.file else {
        return refuse(&state, staff, "Hãy chọn một tệp để tải lên.".into(), StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let kind = match check_upload(&file.name, &file.head, file.size) {
        Ok(k) => k,
        Err(e) => return refuse(&state, staff, e.to_string(), StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    if kind.group() == "anh" && alt.trim().is_empty() {
        let m = "Ảnh cần có mô tả (alt) cho người khiếm thị.".to_string();
        return refuse(&state, staff, m, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let stored = stored_name(&file.name, &random_hex(4), kind);
    let rel = format!("{}/{}", kind.group(), stored);
    let dir = state.config.uploads_dir.join(kind.group());
    // Pictures (10 MB at most) are decoded once, bounded: their size, and a smaller copy for lists.
    let (width, height, thumb) = if kind.group() == "anh" {
        let path = file.file.path().to_path_buf();
        let made = tokio::task::spawn_blocking(move || {
            let data = std::fs::read(path).map_err(|e| dost_export::images::ImageError::from(e.to_string()))?;
            let dims = dost_export::images::dimensions(&data)?;
            let thumb = dost_export::images::thumbnail(&data, THUMB_WIDTH)?;
            Ok::<_, dost_export::images::ImageError>((dims, thumb))
        })
        .await
        .unwrap_or_else(|_| Err(dost_export::images::ImageError::from("bộ giải mã ảnh dừng bất thường".to_string())));
        match made {
            Ok(((w, h), thumb)) => (i64::from(w), i64::from(h), thumb),
            Err(_) => {
                let m = "Ảnh bị hỏng hoặc không đọc được.".to_string();
                return refuse(&state, staff, m, StatusCode::UNPROCESSABLE_ENTITY).await;
            }
        }
    } else {
        (0, 0, None)
    };
    // a document's text is read once, by a child process under hard limits,
    // so search finds a word inside it; a file whose text cannot be read is
    // kept without it
    let (body_text, flash) = if kind.group() == "tai-lieu" {
        match state.config.extractor.text_of(file.file.path()).await {
            Ok(text) if text.trim().is_empty() => (String::new(), "khong-co-chu"),
            Ok(text) => (text, "da-tai-len"),
            Err(why) => {
                tracing::warn!(file = %file.name, reason = %why, "document text not read");
                (String::new(), "khong-doc-duoc-chu")
            }
        }
    } else {
        (String::new(), "da-tai-len")
    };
    tokio::fs::create_dir_all(&dir).await?;
    // the streamed temporary file is renamed into place: a reader never sees half a file
    let size = file.size;
    file.file.persist(dir.join(&stored)).map_err(|e| WebError::Io(e.error))?;
    let thumb_path = match thumb {
        Some(t) => {
            let stem = stored.rsplit_once('.').map(|(s, _)| s).unwrap_or(&stored);
            let thumb_name = format!("{stem}-nho.{}", t.extension);
            let tmp = dir.join(format!(".{thumb_name}.part"));
            tokio::fs::write(&tmp, &t.bytes).await?;
            tokio::fs::rename(&tmp, dir.join(&thumb_name)).await?;
            Some(format!("{}/{thumb_name}", kind.group()))
        }
        None => None,
    };
    let record = dost_store::media::Media {
        id: 0,
        kind: kind.group().into(),
        file_path: rel.clone(),
        thumb_path: thumb_path.clone(),
        original_name: file.name.rsplit(['/', '\\']).next().unwrap_or(&file.name).chars().take(200).collect(),
        mime: kind.mime().into(),
        size_bytes: size as i64,
        width,
        height,
        alt: alt.trim().chars().take(300).collect(),
        uploaded_at: 0,
    };
    let saved = async {
        let mut tx = state.begin(&staff.actor()).await?;
        let id = dost_store::media::insert(&mut tx, &record).await?;
        if !body_text.is_empty() {
            dost_store::media::set_body_text(&mut tx, id, &body_text).await?;
        }
        state.commit(tx).await
    };
    if let Err(e) = saved.await {
        let _ = tokio::fs::remove_file(state.config.uploads_dir.join(&rel)).await;
        if let Some(t) = thumb_path {
            let _ = tokio::fs::remove_file(state.config.uploads_dir.join(t)).await;
        }
        return Err(e);
    }
    Ok(Redirect::to(&format!("/quan-tri/tep?tb={flash}")).into_response())
}

async fn refuse(state: &AppState, staff: &Staff, msg: String, status: StatusCode) -> Result<Response, WebError> {
    let mut r = no_store(render(state, staff, Some(msg), None, Default::default()).await?);
    *r.status_mut() = status;
    Ok(r)
}

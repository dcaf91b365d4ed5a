//! What a staff handler receives, checked before it runs: a signed-in person,
//! a verified CSRF token and a strictly decoded form ([`StaffForm`],
//! [`StaffPairs`]), or an upload whose session and token were checked before
//! its body was read, streamed to a temporary file within its size limit
//! ([`StaffUpload`]). No handler reads raw bytes or checks a token itself.

use std::collections::HashMap;
use std::io::Write;

use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use serde::de::DeserializeOwned;

use super::session::{PendingStaff, Staff, stale_form};
use crate::http::form::{Pairs, form_body};
use crate::http::query::FORM_LIMIT;
use crate::http::query::parse_query_within;
use crate::{AppState, WebError};

/// The name of the CSRF field of every staff form.
pub const CSRF_FIELD: &str = "csrf";

/// Who may post: a signed-in person, or (the pages that finish signing in)
/// a session perhaps still waiting for its second factor.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Poster {
    SignedIn,
    Pending,
}

async fn staff_and_pairs(req: Request, state: &AppState, who: Poster) -> Result<(Staff, Pairs), WebError> {
    let (mut parts, body) = req.into_parts();
    let staff = match who {
        Poster::SignedIn => Staff::from_request_parts(&mut parts, state).await?,
        Poster::Pending => PendingStaff::from_request_parts(&mut parts, state).await?.0,
    };
    let bytes = form_body(Request::from_parts(parts, body), FORM_LIMIT).await?;
    let mut pairs = Pairs::parse(&bytes)?;
    let token = pairs.take(CSRF_FIELD).unwrap_or_default();
    if !staff.owns_token(&token) {
        return Err(stale_form());
    }
    Ok((staff, pairs))
}

/// A staff member's form: signed in, this session's token, decoded into `T`
/// (which refuses fields it does not know). With `PENDING`, see [`PendingForm`].
pub struct StaffForm<T, const PENDING: bool = false> {
    pub staff: Staff,
    pub form: T,
}

/// A form of the pages that finish signing in (the code, enrolment, signing
/// out): the session may still wait for its second factor; its token and
/// the strict decoding are checked as for [`StaffForm`].
pub type PendingForm<T> = StaffForm<T, true>;

impl<T: DeserializeOwned + Send, const PENDING: bool> FromRequest<AppState> for StaffForm<T, PENDING> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let who = if PENDING { Poster::Pending } else { Poster::SignedIn };
        let (staff, pairs) = staff_and_pairs(req, state, who).await?;
        Ok(Self { staff, form: pairs.decode()? })
    }
}

/// A staff member's form whose fields are data (the registers, described by
/// their columns): signed in, this session's token, the pairs as posted.
pub struct StaffPairs {
    pub staff: Staff,
    pub pairs: Pairs,
}

impl FromRequest<AppState> for StaffPairs {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (staff, pairs) = staff_and_pairs(req, state, Poster::SignedIn).await?;
        Ok(Self { staff, pairs })
    }
}

/// A file a staff member uploaded, in a temporary file of its own.
pub struct UploadedFile {
    /// The name the person's computer gave it.
    pub name: String,
    pub size: u64,
    /// The first bytes, to tell what it really is.
    pub head: Vec<u8>,
    pub file: tempfile::NamedTempFile,
}

/// An upload (`multipart/form-data`) of at most `MAX` bytes. The session and
/// the CSRF token (in the form's address, `?csrf=…`, or the `X-CSRF-Token`
/// header) are checked **before** the body is read; the file is streamed to a
/// temporary file and the upload stops as soon as it passes `MAX`.
pub struct StaffUpload<const MAX: u64> {
    pub staff: Staff,
    /// The small text fields of the form.
    pub fields: HashMap<String, String>,
    pub file: Option<UploadedFile>,
}

/// Largest text field of an upload form.
const TEXT_FIELD_LIMIT: usize = 4096;
/// Bytes kept to recognise a file by its content.
const HEAD_BYTES: usize = 64 * 1024;

impl<const MAX: u64> FromRequest<AppState> for StaffUpload<MAX> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let staff = Staff::from_request_parts(&mut parts, state).await?;
        let from_query = parse_query_within(parts.uri.query(), 4096)?.remove(CSRF_FIELD);
        let from_header = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_string);
        if !staff.owns_token(&from_query.or(from_header).unwrap_or_default()) {
            return Err(stale_form());
        }
        if parts.headers.get(axum::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
            > Some(MAX + 64 * 1024)
        {
            return Err(too_large(MAX));
        }
        let mut multipart = Multipart::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|_| WebError::BadRequest("Biểu mẫu tải lên không đúng dạng (multipart/form-data).".into()))?;
        let bad = |e: axum::extract::multipart::MultipartError| {
            if crate::http::min_rate::is_too_slow(&e) {
                WebError::TooSlow(
                    "Tệp gửi lên quá chậm (đường truyền yếu hoặc bị ngắt) nên đã dừng. Hãy thử lại.".into(),
                )
            } else {
                WebError::BadRequest("Không đọc được dữ liệu tải lên (bị ngắt giữa chừng?).".into())
            }
        };
        let tmp_dir = state.config.uploads_dir.join(".tmp");
        let mut fields = HashMap::new();
        let mut file = None;
        while let Some(mut field) = multipart.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or("").to_string();
            if let Some(original) = field.file_name().map(str::to_string) {
                if file.is_some() || original.is_empty() {
                    while field.chunk().await.map_err(bad)?.is_some() {}
                    continue;
                }
                std::fs::create_dir_all(&tmp_dir)?;
                let mut tmp = tempfile::NamedTempFile::new_in(&tmp_dir)?;
                let (mut size, mut head) = (0u64, Vec::new());
                while let Some(chunk) = field.chunk().await.map_err(bad)? {
                    size += chunk.len() as u64;
                    if size > MAX {
                        return Err(too_large(MAX));
                    }
                    if head.len() < HEAD_BYTES {
                        head.extend_from_slice(&chunk[..chunk.len().min(HEAD_BYTES - head.len())]);
                    }
                    tmp.write_all(&chunk)?;
                }
                tmp.flush()?;
                file = Some(UploadedFile { name: original, size, head, file: tmp });
            } else {
                let mut text = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(bad)? {
                    text.extend_from_slice(&chunk);
                    if text.len() > TEXT_FIELD_LIMIT {
                        return Err(WebError::PayloadTooLarge(format!("Ô «{name}» dài quá giới hạn.")));
                    }
                }
                let text = String::from_utf8(text)
                    .map_err(|_| WebError::BadRequest("Dữ liệu gửi lên không phải văn bản UTF-8.".into()))?;
                fields.insert(name, text);
            }
        }
        Ok(Self { staff, fields, file })
    }
}

fn too_large(max: u64) -> WebError {
    WebError::PayloadTooLarge(format!(
        "Tệp quá lớn: chức năng này nhận tệp tối đa {} MB.",
        dost_domain::format::int((max / (1024 * 1024)) as i64)
    ))
}

//! Videos, documents and uploaded files.

use std::path::{Component, PathBuf};
use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use dost_domain::content::Video;
use dost_domain::format;

use super::views::{VnPath, encode};
use crate::layout::{Crumb, Layout, Meta, render_and_respond};
use crate::visitors::Client;
use crate::{AppState, WebError};

/// Content type of an uploaded file by its extension; other files are not served.
fn content_type(name: &str) -> Option<(&'static str, bool)> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    // (type, download as attachment)
    Some(match ext.as_str() {
        "svg" => ("image/svg+xml", false),
        "png" => ("image/png", false),
        "jpg" | "jpeg" => ("image/jpeg", false),
        "webp" => ("image/webp", false),
        "mp4" => ("video/mp4", false),
        "webm" => ("video/webm", false),
        "pdf" => ("application/pdf", true),
        "docx" => ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", true),
        "xlsx" => ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true),
        _ => return None,
    })
}

/// Resolves a relative upload path, refusing anything that could leave the uploads folder.
fn safe_upload_path(root: &std::path::Path, rel: &str) -> Option<PathBuf> {
    if rel.is_empty() || rel.len() > 255 || rel.contains('\\') || rel.contains('\0') {
        return None;
    }
    let rel_path = std::path::Path::new(rel);
    let ok = rel_path.components().all(|c| match c {
        Component::Normal(s) => s.to_str().is_some_and(|s| {
            !s.starts_with('.') && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        }),
        _ => false,
    });
    ok.then(|| root.join(rel_path))
}

async fn send_file(path: PathBuf, download_name: Option<&str>) -> Result<Response, WebError> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
    let (ctype, attachment) = content_type(&name).ok_or(WebError::NotFound)?;
    let bytes = match tokio::fs::read(&path).await {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(WebError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let mut resp = ([(header::CONTENT_TYPE, ctype)], bytes).into_response();
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    // Uploaded files never run scripts, even an SVG opened on its own.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"),
    );
    if attachment || download_name.is_some() {
        let shown = download_name.unwrap_or(&name);
        let ascii: String = dost_domain::text::fold(shown)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
            .collect();
        let v = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", encode(shown).replace('+', "%20"));
        if let Ok(v) = HeaderValue::from_str(&v) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    Ok(resp)
}

pub async fn upload(State(state): State<AppState>, VnPath(rel): VnPath<String>) -> Result<Response, WebError> {
    let path = safe_upload_path(&state.config.uploads_dir, &rel).ok_or(WebError::NotFound)?;
    send_file(path, None).await
}

pub async fn document(State(state): State<AppState>, VnPath(id): VnPath<String>) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let doc = dost_store::portal::document_by_id(&state.db, id).await?.ok_or(WebError::NotFound)?;
    let path = safe_upload_path(&state.config.uploads_dir, &doc.file_path).ok_or(WebError::NotFound)?;
    send_file(path, Some(&doc.file_name)).await
}

#[derive(Template)]
#[template(path = "video.html")]
struct VideoTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    v: Video,
    date: String,
    others: Vec<Video>,
}

pub async fn video(
    State(state): State<AppState>,
    VnPath(id): VnPath<String>,
    client: Client,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let now = state.clock.now();
    let v = match dost_store::portal::video_by_id(&state.db, id).await? {
        Some(v) if v.published_at <= now => v,
        _ => return Err(WebError::NotFound),
    };
    state.visitors.record(&client, now);
    let mut meta = Meta::new(&state, v.title.clone(), &format!("/video/{id}"));
    meta.description = v.description.clone();
    meta.og_type = "video.other";
    meta.og_image = Some(format!("{}{}", state.config.base_url, v.poster_url));
    meta.breadcrumb = vec![Crumb { name: "Phim phổ biến kiến thức KH&CN".into(), url: format!("/video/{id}") }];
    let others =
        dost_store::portal::videos(&state.db, now, 7).await?.into_iter().filter(|o| o.id != id).take(6).collect();
    let t = VideoTemplate { meta, layout: state.layout.get(), date: format::date_ts(v.published_at), v, others };
    render_and_respond(&state, &headers, None, &t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_paths_cannot_escape() {
        let root = std::path::Path::new("/data/uploads");
        assert!(safe_upload_path(root, "anh/hop.svg").is_some());
        for bad in ["../etc/passwd", "anh/../../x", "/etc/passwd", ".env", "anh/.hidden", "a\\b", "", "anh//x.svg?"] {
            assert!(safe_upload_path(root, bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn only_known_types_are_served() {
        assert_eq!(content_type("a.PDF"), Some(("application/pdf", true)));
        assert!(content_type("a.html").is_none());
        assert!(content_type("noext").is_none());
    }
}

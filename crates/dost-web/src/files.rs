//! Uploaded files on disk: safe paths inside the uploads folder, the types
//! we serve, and sending a file to the public or to staff only.

use std::path::{Component, Path, PathBuf};

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::WebError;
use crate::http::respond::attachment;

/// Folders of the uploads that are never served at a public address.
pub const PRIVATE_FOLDERS: &[&str] = &["noi-bo", ".tmp"];

/// Content type of an uploaded file by its extension, and whether it is
/// downloaded (as an attachment) rather than shown; other files are not served.
pub fn content_type(name: &str) -> Option<(&'static str, bool)> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "svg" => ("image/svg+xml", false),
        "png" => ("image/png", false),
        "jpg" | "jpeg" => ("image/jpeg", false),
        "webp" => ("image/webp", false),
        "gif" => ("image/gif", false),
        "mp4" => ("video/mp4", false),
        "webm" => ("video/webm", false),
        "pdf" => ("application/pdf", true),
        "docx" => ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", true),
        "xlsx" => ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true),
        _ => return None,
    })
}

/// A relative upload path resolved inside `root`, refusing anything that
/// could leave it (or that names a folder rather than a file).
pub fn within(root: &Path, rel: &str) -> Option<PathBuf> {
    if rel.is_empty() || rel.len() > 255 || rel.ends_with('/') || rel.contains('\\') || rel.contains('\0') {
        return None;
    }
    let rel_path = Path::new(rel);
    let ok = rel_path.components().all(|c| match c {
        Component::Normal(s) => s.to_str().is_some_and(|s| {
            !s.starts_with('.') && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        }),
        _ => false,
    });
    ok.then(|| root.join(rel_path))
}

/// Whether a relative upload path may be served at a public address.
pub fn public(rel: &str) -> bool {
    rel.split('/').next().is_some_and(|first| !PRIVATE_FOLDERS.contains(&first))
}

/// Who a file is sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Anyone: cached for a day.
    Public,
    /// Staff who may read it: never cached by anyone else.
    Staff,
}

/// Sends a file (404 for anything that is not a readable file of a known type).
pub async fn send(path: PathBuf, download_name: Option<&str>, audience: Audience) -> Result<Response, WebError> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
    let (ctype, as_attachment) = content_type(&name).ok_or(WebError::NotFound)?;
    let bytes = match tokio::fs::read(&path).await {
        Ok(b) => b,
        // missing, a folder, not a folder on the way: all mean "no such file"
        Err(_) => return Err(WebError::NotFound),
    };
    let mut resp = ([(header::CONTENT_TYPE, ctype)], bytes).into_response();
    let h = resp.headers_mut();
    let cache = match audience {
        Audience::Public => "public, max-age=86400",
        Audience::Staff => "private, no-store",
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // Uploaded files never run scripts, even an SVG opened on its own.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"),
    );
    if as_attachment || download_name.is_some() {
        h.insert(header::CONTENT_DISPOSITION, attachment(download_name.unwrap_or(&name)));
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_paths_cannot_escape() {
        let root = Path::new("/data/uploads");
        assert!(within(root, "anh/hop.svg").is_some());
        for bad in [
            "../etc/passwd",
            "anh/../../x",
            "/etc/passwd",
            ".env",
            "anh/.hidden",
            "a\\b",
            "",
            "anh//x.svg?",
            "anh/x.png/",
        ] {
            assert!(within(root, bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn private_folders_are_never_public() {
        assert!(public("tai-lieu/a.pdf"));
        assert!(!public("noi-bo/van-ban/a.pdf"));
    }

    #[test]
    fn only_known_types_are_served() {
        assert_eq!(content_type("a.PDF"), Some(("application/pdf", true)));
        assert_eq!(content_type("a.gif"), Some(("image/gif", false)));
        assert!(content_type("a.html").is_none());
        assert!(content_type("noext").is_none());
    }
}

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

/// The folder of uploads still arriving (`<uploads>/.tmp`).
pub const TMP_FOLDER: &str = ".tmp";

/// Removes what a crash left in the folder of uploads still arriving: files
/// untouched for `older_than` (an upload in progress on another instance
/// sharing the folder writes to its file all the time). Returns how many.
pub fn sweep_leftovers(uploads: &Path, older_than: std::time::Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(uploads.join(TMP_FOLDER)) else { return 0 };
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    for e in entries.flatten() {
        let old = e
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age >= older_than);
        if old && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
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

/// Sends the upload at `rel` under `root` (404 for anything that is not a
/// regular file of a known type inside `root`), read as it is sent.
pub async fn send(
    root: &Path,
    rel: &str,
    download_name: Option<&str>,
    audience: Audience,
) -> Result<Response, WebError> {
    let path = within(root, rel).ok_or(WebError::NotFound)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
    let (ctype, as_attachment) = content_type(&name).ok_or(WebError::NotFound)?;
    let root = root.to_path_buf();
    let opened = tokio::task::spawn_blocking(move || open_inside(&root, &path))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    // missing, a folder, a link, a device, outside the folder: all mean "no such file"
    let (file, len) = opened.ok_or(WebError::NotFound)?;
    let body = axum::body::Body::from_stream(chunks(tokio::fs::File::from_std(file)));
    let mut resp = ([(header::CONTENT_TYPE, ctype)], body).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
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

/// Opens `path` for reading only if it is a regular file that really lies
/// inside `root`: the last name is opened without following a link (and
/// without waiting on a pipe), the opened file's type is checked, and its
/// real path (what the kernel says the open file is) must be under the real
/// `root`, so no link anywhere on the way leads out.
pub fn open_inside(root: &Path, path: &Path) -> Option<(std::fs::File, u64)> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    let file =
        std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    let real = std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd()))
        .or_else(|_| std::fs::canonicalize(path))
        .ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    real.starts_with(&root).then_some((file, meta.len()))
}

/// A file read in pieces of 64 KB as a body stream.
fn chunks(file: tokio::fs::File) -> impl futures_util::Stream<Item = std::io::Result<Vec<u8>>> {
    use tokio::io::AsyncReadExt;
    futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut buf = vec![0u8; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(buf), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
    })
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
    fn links_and_other_non_files_are_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("uploads");
        std::fs::create_dir_all(root.join("anh")).unwrap();
        std::fs::write(root.join("anh/that.png"), b"png").unwrap();
        std::fs::write(dir.path().join("secret.png"), b"secret").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.png"), root.join("anh/link.png")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("ra-ngoai")).unwrap();
        assert!(open_inside(&root, &root.join("anh/that.png")).is_some());
        assert!(open_inside(&root, &root.join("anh/link.png")).is_none(), "a link to a file outside");
        assert!(open_inside(&root, &root.join("ra-ngoai/secret.png")).is_none(), "a folder link on the way");
        assert!(open_inside(&root, &root.join("anh")).is_none(), "a folder");
        let fifo = std::ffi::CString::new(root.join("anh/pipe.png").to_str().unwrap()).unwrap();
        // SAFETY: a valid path for mkfifo.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        assert!(open_inside(&root, &root.join("anh/pipe.png")).is_none(), "a pipe, without waiting on it");
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

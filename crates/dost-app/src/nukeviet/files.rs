//! The old site's files: read from its `uploads/` (and `assets/`) archives,
//! the ones the articles use copied under the media folder `nukeviet/`.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Where a file of the old site goes: `uploads/news/2019_01/a.jpg` →
/// `nukeviet/news/2019_01/a.jpg` (a thumbnail: `nukeviet/thumbs/…`).
pub fn new_path(old: &str, thumb: bool) -> Option<String> {
    let old = old.trim_start_matches("./").trim_start_matches('/');
    let rel = if thumb { old.strip_prefix("assets/")? } else { old.strip_prefix("uploads/")? };
    let clean = rel.split('/').all(|p| !p.is_empty() && p != ".." && p != ".");
    clean.then(|| if thumb { format!("nukeviet/thumbs/{rel}") } else { format!("nukeviet/{rel}") })
}

/// A file copied: where it went, its size.
pub struct Copied {
    pub stored: String,
    pub size: u64,
}

/// Copies from a `.tar.gz` the files whose old paths are in `wanted`
/// (already there with the same size: left as they are); what it copied.
pub fn copy_from_archive(
    archive: &Path,
    uploads_dir: &Path,
    wanted: &HashSet<String>,
    thumbs: bool,
) -> std::io::Result<Vec<(String, Copied)>> {
    let file = std::fs::File::open(archive)?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(std::io::BufReader::new(file)));
    let mut out = Vec::new();
    for entry in tar.entries()? {
        let mut entry = entry?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let old = entry.path()?.to_string_lossy().trim_start_matches("./").to_string();
        if !wanted.contains(&old) {
            continue;
        }
        let Some(stored) = new_path(&old, thumbs) else { continue };
        let target: PathBuf = uploads_dir.join(&stored);
        let size = entry.header().size()?;
        if std::fs::metadata(&target).is_ok_and(|m| m.len() == size) {
            out.push((old, Copied { stored, size }));
            continue;
        }
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut bytes = Vec::with_capacity(size as usize);
        entry.read_to_end(&mut bytes)?;
        let partial = target.with_extension("part");
        std::fs::write(&partial, &bytes)?;
        std::fs::rename(&partial, &target)?;
        out.push((old, Copied { stored, size }));
    }
    Ok(out)
}

/// The MIME type of a file by its name.
pub fn mime_of(name: &str) -> &'static str {
    match name.rsplit('.').next().map(str::to_ascii_lowercase).as_deref() {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("pdf") => "application/pdf",
        Some("doc") => "application/msword",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xls") => "application/vnd.ms-excel",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_paths_map_under_the_media_folder_and_never_out_of_it() {
        assert_eq!(new_path("uploads/news/2019_01/a.jpg", false).as_deref(), Some("nukeviet/news/2019_01/a.jpg"));
        assert_eq!(new_path("assets/news/2019_01/a.jpg", true).as_deref(), Some("nukeviet/thumbs/news/2019_01/a.jpg"));
        assert_eq!(new_path("uploads/../etc/passwd", false), None);
        assert_eq!(new_path("etc/passwd", false), None);
    }
}

//! The old site's files: read from its `uploads/` (and `assets/`) archives,
//! the ones the articles use copied under the media folder `nukeviet/`.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use dost_store::Db;
use dost_store::audit::Actor;

use super::{Options, Report, io};
use crate::AppError;

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

/// Copies the files the articles use into the media library.
pub(super) async fn copy_used(
    db: &Db,
    o: &Options,
    report: &mut Report,
    used: &HashSet<String>,
    thumbs: &HashSet<String>,
    now: i64,
) -> Result<(), AppError> {
    report.counts.insert("tệp được bài viết dùng", used.len());
    let Some(archive) = &o.uploads else {
        if !used.is_empty() {
            report.notes.push("không có --uploads: các tệp ảnh, tài liệu chưa được chép".into());
        }
        return Ok(());
    };
    if o.dry_run {
        return Ok(());
    }
    let (a, dir, wanted) = (archive.clone(), o.uploads_dir.clone(), used.clone());
    let copied = tokio::task::spawn_blocking(move || copy_from_archive(&a, &dir, &wanted, false))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(io)?;
    let thumbs_copied = match &o.thumbs {
        Some(t) => {
            let (a, dir, wanted) = (t.clone(), o.uploads_dir.clone(), thumbs.clone());
            tokio::task::spawn_blocking(move || copy_from_archive(&a, &dir, &wanted, true))
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?
                .map_err(io)?
        }
        None => Vec::new(),
    };
    let got: HashSet<&String> = copied.iter().map(|(old, _)| old).collect();
    let mut missing: Vec<&String> = used.iter().filter(|u| !got.contains(u)).collect();
    missing.sort();
    for m in missing {
        report.notes.push(format!("tệp «{m}» bài viết dùng nhưng không có trong tệp nén uploads"));
        report.add("tệp thiếu");
    }
    let mut tx = db.begin(&Actor::command_line(), now).await?;
    let mut added = 0;
    for (old, c) in &copied {
        if dost_store::media::by_path(db, &c.stored).await?.is_some() {
            continue;
        }
        let name = c.stored.rsplit('/').next().unwrap_or_default().to_string();
        let mime = mime_of(&name);
        let thumb = thumbs_copied
            .iter()
            .find(|(t, _)| t.trim_start_matches("assets/") == old.trim_start_matches("uploads/"))
            .map(|(_, t)| t.stored.clone());
        let m = dost_store::media::Media {
            id: 0,
            kind: if mime.starts_with("image/") { "anh" } else { "tai-lieu" }.into(),
            file_path: c.stored.clone(),
            thumb_path: thumb,
            original_name: name,
            mime: mime.into(),
            size_bytes: c.size as i64,
            width: 0,
            height: 0,
            alt: String::new(),
            uploaded_at: 0,
        };
        dost_store::media::insert(&mut tx, &m).await?;
        added += 1;
        report.add("tệp chép vào thư viện");
    }
    if added > 0 {
        tx.summarise(dost_store::tx::Change::new("import", "media", None, "Chép tệp từ NukeViet"));
        tx.commit().await?;
    }
    Ok(())
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

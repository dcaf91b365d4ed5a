//! Uploaded files: what a file really is (by its first bytes, not its name),
//! the size limits and safe stored names.

use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Png,
    Jpeg,
    Webp,
    Gif,
    Pdf,
    Docx,
    Xlsx,
    Mp4,
    Webm,
}

impl FileKind {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Webp => "webp",
            Self::Gif => "gif",
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Xlsx => "xlsx",
            Self::Mp4 => "mp4",
            Self::Webm => "webm",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
            Self::Gif => "image/gif",
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Mp4 => "video/mp4",
            Self::Webm => "video/webm",
        }
    }

    /// "anh", "tai-lieu" or "video": the folder and the library's grouping.
    pub fn group(self) -> &'static str {
        match self {
            Self::Png | Self::Jpeg | Self::Webp | Self::Gif => "anh",
            Self::Pdf | Self::Docx | Self::Xlsx => "tai-lieu",
            Self::Mp4 | Self::Webm => "video",
        }
    }

    /// Largest accepted size in bytes.
    pub fn max_bytes(self) -> usize {
        match self.group() {
            "anh" => 10 * 1024 * 1024,
            "tai-lieu" => 30 * 1024 * 1024,
            _ => 300 * 1024 * 1024,
        }
    }

    fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Jpeg => &["jpg", "jpeg"],
            other => std::slice::from_ref(match other {
                Self::Png => &"png",
                Self::Webp => &"webp",
                Self::Gif => &"gif",
                Self::Pdf => &"pdf",
                Self::Docx => &"docx",
                Self::Xlsx => &"xlsx",
                Self::Mp4 => &"mp4",
                _ => &"webm",
            }),
        }
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum UploadError {
    #[error("Tệp trống.")]
    Empty,
    #[error(
        "Loại tệp không được phép. Chấp nhận: ảnh PNG, JPEG, WebP, GIF; tài liệu PDF, DOCX, XLSX; video MP4, WebM."
    )]
    UnknownType,
    #[error("Nội dung tệp không khớp với phần mở rộng «.{0}» của tên tệp.")]
    ExtensionMismatch(String),
    #[error("Tệp quá lớn: tối đa {max_mb} MB cho loại tệp này.")]
    TooLarge { max_mb: usize },
}

/// Recognises a file by its first bytes. DOCX and XLSX are ZIP files told
/// apart by the names of the parts they contain.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    let starts = |m: &[u8]| bytes.starts_with(m);
    if starts(b"\x89PNG\r\n\x1a\n") {
        Some(FileKind::Png)
    } else if starts(&[0xFF, 0xD8, 0xFF]) {
        Some(FileKind::Jpeg)
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(FileKind::Webp)
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some(FileKind::Gif)
    } else if starts(b"%PDF-") {
        Some(FileKind::Pdf)
    } else if starts(b"PK\x03\x04") {
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        if has(b"word/") {
            Some(FileKind::Docx)
        } else if has(b"xl/") {
            Some(FileKind::Xlsx)
        } else {
            None
        }
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        Some(FileKind::Mp4)
    } else if starts(&[0x1A, 0x45, 0xDF, 0xA3]) {
        Some(FileKind::Webm)
    } else {
        None
    }
}

/// Checks an upload by its first bytes (`head`) and its size: known content,
/// an extension that agrees with it, a size within limits.
pub fn check_upload(name: &str, head: &[u8], size: u64) -> Result<FileKind, UploadError> {
    if size == 0 || head.is_empty() {
        return Err(UploadError::Empty);
    }
    let kind = sniff(head).ok_or(UploadError::UnknownType)?;
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !kind.extensions().contains(&ext.as_str()) {
        return Err(UploadError::ExtensionMismatch(ext));
    }
    if size > kind.max_bytes() as u64 {
        return Err(UploadError::TooLarge { max_mb: kind.max_bytes() / (1024 * 1024) });
    }
    Ok(kind)
}

/// A safe stored name: the folded, slugged stem of the original name (no path,
/// no dots), a unique suffix, and the extension of the real content.
pub fn stored_name(original: &str, unique: &str, kind: FileKind) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = base.rsplit_once('.').map(|(s, _)| s).unwrap_or(base);
    let mut slug = crate::text::slugify(stem);
    slug.truncate(60);
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "tep" } else { slug };
    format!("{slug}-{unique}.{}", kind.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n0000";

    #[test]
    fn content_decides_not_the_name() {
        let check = |name: &str, bytes: &[u8]| check_upload(name, bytes, bytes.len() as u64);
        assert_eq!(check("anh.png", PNG), Ok(FileKind::Png));
        assert_eq!(check("ANH.PNG", PNG), Ok(FileKind::Png));
        assert_eq!(check("bao-cao.pdf", b"%PDF-1.4 ..."), Ok(FileKind::Pdf));
        // a script or an HTML page renamed .png or .pdf
        assert_eq!(check("anh.png", b"<script>alert(1)</script>"), Err(UploadError::UnknownType));
        assert_eq!(check("x.pdf", b"<html><body>"), Err(UploadError::UnknownType));
        // a real PNG named .pdf
        assert_eq!(check("x.pdf", PNG), Err(UploadError::ExtensionMismatch("pdf".into())));
        assert_eq!(check("x.png", b""), Err(UploadError::Empty));
    }

    #[test]
    fn office_files_are_told_apart() {
        assert_eq!(sniff(b"PK\x03\x04....word/document.xml"), Some(FileKind::Docx));
        assert_eq!(sniff(b"PK\x03\x04....xl/workbook.xml"), Some(FileKind::Xlsx));
        assert_eq!(sniff(b"PK\x03\x04....other"), None);
    }

    #[test]
    fn size_limits() {
        assert_eq!(check_upload("a.png", PNG, 11 * 1024 * 1024), Err(UploadError::TooLarge { max_mb: 10 }));
        assert_eq!(
            check_upload("a.mp4", b"\0\0\0\x20ftypisom", 301 * 1024 * 1024),
            Err(UploadError::TooLarge { max_mb: 300 })
        );
    }

    #[test]
    fn stored_names_are_safe() {
        assert_eq!(stored_name("../../etc/Ảnh Hội nghị.PNG", "ab12", FileKind::Png), "anh-hoi-nghi-ab12.png");
        assert_eq!(stored_name("..\\..\\x.jpeg", "ab12", FileKind::Jpeg), "x-ab12.jpg");
        assert_eq!(stored_name(".png", "ab12", FileKind::Png), "tep-ab12.png");
    }
}

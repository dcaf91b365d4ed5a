//! The text of an uploaded document (PDF or DOCX), for search: read with
//! `pdf-extract` and the DOCX's own XML, bounded in input and output; a file
//! that cannot be read gives no text rather than an error (the upload
//! stays valid, it is just not searchable inside).

use std::io::{Cursor, Read};

/// Largest file whose text is read.
pub const MAX_INPUT: usize = 30 * 1024 * 1024;
/// Most characters of text kept per file.
pub const MAX_TEXT: usize = 500_000;

/// The text of a PDF or DOCX (by its content), empty when it has none or cannot be read.
pub fn text_of(bytes: &[u8]) -> String {
    if bytes.len() > MAX_INPUT {
        return String::new();
    }
    let text = if bytes.starts_with(b"%PDF") {
        pdf(bytes)
    } else if bytes.starts_with(b"PK") {
        docx(bytes)
    } else {
        None
    };
    let mut t = text.unwrap_or_default();
    if let Some((cut, _)) = t.char_indices().nth(MAX_TEXT) {
        t.truncate(cut);
    }
    t
}

fn pdf(bytes: &[u8]) -> Option<String> {
    // the parser may panic on a malformed file: that file simply has no text
    std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes).ok()).ok().flatten()
}

fn docx(bytes: &[u8]) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let entry = zip.by_name("word/document.xml").ok()?;
    let mut xml = String::new();
    entry.take(MAX_INPUT as u64).read_to_string(&mut xml).ok()?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut out, mut in_text) = (String::new(), false);
    loop {
        match reader.read_event().ok()? {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            quick_xml::events::Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            quick_xml::events::Event::End(e) if e.name().as_ref() == "w:p" => out.push('\n'),
            quick_xml::events::Event::Text(t) if in_text => out.push_str(&t.xml10_content()),
            quick_xml::events::Event::GeneralRef(r) if in_text => out.push_str(match r.as_ref() {
                "amp" => "&",
                "lt" => "<",
                "gt" => ">",
                "quot" => "\"",
                "apos" => "'",
                _ => "",
            }),
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_files_have_no_text() {
        assert_eq!(text_of(b"%PDF-1.4 broken"), "");
        assert_eq!(text_of(b"PK\x03\x04 not a zip"), "");
        assert_eq!(text_of(b"plain"), "");
    }
}

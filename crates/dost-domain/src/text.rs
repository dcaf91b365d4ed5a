//! Vietnamese text folding and slugs.
//!
//! Folding maps every character to one lowercase character without diacritics
//! (`Đường` → `duong`, `nghệ` → `nghe`), so that a folded string has exactly as
//! many characters as the NFC original. Search highlights rely on that: a match
//! found at character `i` of the folded text is at character `i` of the original.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds one character: base letter without marks, lowercase, `đ`/`Đ` → `d`.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match FOLDED_BELOW.get(c as usize) {
        Some(&f) => f,
        None => fold_by_decomposing(c),
    }
}

/// Characters below this are folded from a table made once: Latin with
/// every Vietnamese letter (up to U+1EFF), the text folded most.
const TABLE_END: u32 = 0x1F00;
static FOLDED_BELOW: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
    (0..TABLE_END).map(|u| char::from_u32(u).map_or('\u{FFFD}', fold_by_decomposing)).collect()
});

fn fold_by_decomposing(c: char) -> char {
    match c {
        'đ' | 'Đ' => return 'd',
        c if c.is_ascii() => return c.to_ascii_lowercase(),
        _ => {}
    }
    let base = std::iter::once(c).nfd().find(|d| !is_combining_mark(*d)).unwrap_or(c);
    base.to_lowercase().next().unwrap_or(base)
}

/// Whether `s` is NFC already (the quick check; most stored text is).
fn is_nfc(s: &str) -> bool {
    unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes
}

/// Normalises to NFC: the form stored everywhere.
pub fn nfc(s: &str) -> String {
    if is_nfc(s) { s.to_string() } else { s.nfc().collect() }
}

/// Folds a whole text (after NFC), one character for one character.
pub fn fold(s: &str) -> String {
    if is_nfc(s) { s.chars().map(fold_char).collect() } else { s.nfc().map(fold_char).collect() }
}

/// A URL slug: folded, letters and digits kept, everything else a single `-`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in fold(s).chars() {
        if c == '&' || c == '\'' || c == '’' {
            // "KH&CN" → "khcn", "ngày 'vàng'" → "ngay-vang"
            continue;
        }
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// Removes tags from trusted HTML and decodes the few entities we write,
/// giving the plain text used for search and summaries.
/// The non-empty lines of a plain text, trimmed (paragraphs as typed in a textarea).
pub fn paragraphs(s: &str) -> Vec<String> {
    s.split('\n').map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the named entities HTML writers commonly produce and all numeric ones.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.bytes().take(12).position(|b| b == b';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Cuts a text to at most `max` characters on a word boundary, adding `…`.
pub fn truncate_words(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_including_d_and_double_marks() {
        assert_eq!(fold("Đường"), "duong");
        assert_eq!(fold("đo lường"), "do luong");
        assert_eq!(fold("Khoa học và Công nghệ"), "khoa hoc va cong nghe");
        assert_eq!(fold("NGHỆ ĐEN"), "nghe den");
        assert_eq!(fold("Ưu tiên ở Bảo Lạc"), "uu tien o bao lac");
    }

    #[test]
    fn folding_keeps_the_character_count_of_nfc_text() {
        for s in ["Họp đánh giá", "Trà giảo cổ lam", "kiểm định PTĐ", "İstanbul ß"] {
            assert_eq!(nfc(s).chars().count(), fold(s).chars().count(), "{s}");
        }
    }

    #[test]
    fn decomposed_input_folds_like_composed_input() {
        let decomposed: String = "Đường nghệ".nfd().collect();
        assert_eq!(fold(&decomposed), "duong nghe");
    }

    #[test]
    fn slugs_are_friendly_vietnamese() {
        assert_eq!(
            slugify("Họp đánh giá kết quả hoạt động KH&CN 9 tháng đầu năm 2020"),
            "hop-danh-gia-ket-qua-hoat-dong-khcn-9-thang-dau-nam-2020"
        );
        assert_eq!(slugify("  Tiêu chuẩn – Đo lường – Chất lượng "), "tieu-chuan-do-luong-chat-luong");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn strips_tags_and_entities() {
        assert_eq!(strip_tags("<p>Đo <b>lường</b> &amp; chất lượng</p><p>Hai</p>"), "Đo lường & chất lượng Hai");
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(decode_entities("KH&#38;CN &amp; &#x111; &lt;b&gt; & &bogus; &"), "KH&CN & đ <b> & &bogus; &");
        assert_eq!(decode_entities("&quot;cân đối&quot; &đường;"), "\"cân đối\" &đường;");
    }

    #[test]
    fn escapes_html() {
        assert_eq!(escape_html("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    #[test]
    fn truncates_on_words() {
        assert_eq!(truncate_words("một hai ba bốn", 9), "một hai…");
        assert_eq!(truncate_words("ngắn", 10), "ngắn");
    }
}

//! HTML written by staff, made safe once, when it is saved.

use std::collections::HashSet;

/// HTML that went through the sanitiser. The only ways to build one are
/// [`SafeHtml::sanitize`] and [`SafeHtml::trusted_from_store`] (for text that
/// was sanitised when it was saved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeHtml(String);

impl SafeHtml {
    /// Keeps structure (paragraphs, headings, lists, tables, links, images with
    /// alt, figures and captions); removes scripts, event handlers, styles and
    /// `javascript:` links.
    ///
    /// Normalisation (NFC) comes **first** and nothing changes the HTML after
    /// the sanitiser: composing characters after cleaning could join a tag's
    /// `>` with a following U+0338 into `≯` and turn the text after it into
    /// attributes. Combining marks the clean HTML still has right after a
    /// markup character (`<>"'=`) are written as character references, so the
    /// result stays the same under any later normalisation.
    pub fn sanitize(raw: &str) -> Self {
        let raw = crate::text::nfc(raw);
        let raw = raw.as_str();
        let tags: HashSet<&str> = [
            "p",
            "br",
            "h2",
            "h3",
            "h4",
            "strong",
            "b",
            "em",
            "i",
            "u",
            "s",
            "sub",
            "sup",
            "blockquote",
            "ul",
            "ol",
            "li",
            "a",
            "img",
            "figure",
            "figcaption",
            "table",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "th",
            "td",
            "caption",
            "hr",
            "span",
        ]
        .into_iter()
        .collect();
        let mut builder = ammonia::Builder::default();
        builder
            .tags(tags)
            .add_tag_attributes("a", ["href", "title"])
            .add_tag_attributes("img", ["src", "alt", "width", "height", "title"])
            .add_tag_attributes("td", ["colspan", "rowspan"])
            .add_tag_attributes("th", ["colspan", "rowspan", "scope"])
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(Some("noopener"));
        let mut clean = builder.clean(raw).to_string();
        // Mis-nested markup (a heading inside a heading) is written from the
        // parser's tree in a form that parses again differently: clean until
        // the text stays as it is, so saving an article twice changes nothing.
        for _ in 0..3 {
            let again = builder.clean(&clean).to_string();
            if again == clean {
                break;
            }
            clean = again;
        }
        Self(shield_marks(&clean))
    }

    /// Text read back from the database, where only sanitised HTML is written.
    pub fn trusted_from_store(s: String) -> Self {
        Self(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// Writes a combining mark that follows a markup character as a character
/// reference, so that no normalisation can fuse it with the markup.
fn shield_marks(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut prev = ' ';
    for c in html.chars() {
        if matches!(prev, '<' | '>' | '"' | '\'' | '=') && unicode_normalization::char::is_combining_mark(c) {
            out.push_str(&format!("&#x{:X};", c as u32));
        } else {
            out.push(c);
        }
        prev = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combining_marks_cannot_break_tags_open() {
        use crate::text::nfc;
        // U+0338 after ">" composes to "≯": the tag would lose its end and
        // the text after it would become attributes
        let attacks = [
            "<p>a</p>\u{338} onmouseover=alert(1) x",
            "<a href=\"/x\">\u{338} style=position:fixed onmouseover=alert(1)>t</a>",
            "<p title=\"a\u{338}\" onmouseover=alert(1)>t</p>",
            "<p title='a\u{338}' onmouseover=alert(1)>t</p>",
            "<p title=\u{338}\"x\" onmouseover=alert(1)>t</p>",
            "<\u{338}p onmouseover=alert(1)>t</p>",
            "<p>&#x338;<b>x</b>&#x338; onmouseover=alert(1)</p>",
            "<img src=\"/a.png\" alt=\"a\">\u{301}\u{338}<p onclick=x>t</p>",
        ];
        for raw in attacks {
            let out = SafeHtml::sanitize(raw).into_string();
            // stable under normalisation, and normalising creates no markup
            assert_eq!(nfc(&out), out, "{raw:?} → {out:?}");
            let again = SafeHtml::sanitize(&nfc(&out)).into_string();
            assert_eq!(again, out, "{raw:?}");
            for bad in ["onmouseover=", "onclick=", "style="] {
                let in_tag = out.split('<').skip(1).any(|t| t.split('>').next().unwrap_or("").contains(bad));
                assert!(!in_tag, "{bad} became an attribute: {out}");
            }
        }
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let s = SafeHtml::sanitize(
            "<p onclick=\"x()\">Chào<script>alert(1)</script></p><a href=\"javascript:alert(1)\">a</a>\
             <img src=x onerror=alert(1) alt=\"ảnh\"><iframe src=\"https://evil\"></iframe><p style=\"color:red\">đỏ</p>",
        );
        let out = s.as_str();
        for bad in ["onclick", "<script", "alert(1)", "javascript:", "onerror", "<iframe", "style="] {
            assert!(!out.contains(bad), "{bad} survived: {out}");
        }
        assert!(out.contains("<p>Chào</p>") && out.contains("alt=\"ảnh\"") && out.contains("<p>đỏ</p>"), "{out}");
    }

    #[test]
    fn structure_is_kept() {
        let raw = "<h2>Mục</h2><ul><li>một</li></ul><table><tbody><tr><td colspan=\"2\">ô</td></tr></tbody></table>\
                   <figure><img src=\"/tep/anh/a.png\" alt=\"Ảnh\"><figcaption>Chú thích</figcaption></figure>\
                   <a href=\"https://khcn.example.vn\">liên kết</a>";
        let out = SafeHtml::sanitize(raw).into_string();
        for good in [
            "<h2>Mục</h2>",
            "<li>một</li>",
            "colspan=\"2\"",
            "<figcaption>Chú thích</figcaption>",
            "src=\"/tep/anh/a.png\"",
            "rel=\"noopener\"",
        ] {
            assert!(out.contains(good), "{good} lost: {out}");
        }
    }
}

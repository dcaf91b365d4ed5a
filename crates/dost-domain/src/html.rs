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
    pub fn sanitize(raw: &str) -> Self {
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
        let clean = ammonia::Builder::default()
            .tags(tags)
            .add_tag_attributes("a", ["href", "title"])
            .add_tag_attributes("img", ["src", "alt", "width", "height", "title"])
            .add_tag_attributes("td", ["colspan", "rowspan"])
            .add_tag_attributes("th", ["colspan", "rowspan", "scope"])
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(Some("noopener"))
            .clean(raw)
            .to_string();
        Self(crate::text::nfc(&clean))
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

#[cfg(test)]
mod tests {
    use super::*;

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

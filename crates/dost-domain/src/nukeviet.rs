//! How a NukeViet 4 news site maps onto dost, as pure rules: its statuses,
//! its text escaping, its embedded videos, and every address form its
//! articles, categories, tags and feeds were published under (so that each
//! old address can answer with a permanent redirect).

use crate::text::decode_entities;
use crate::workflow::Status;

/// A NukeViet status, as dost's workflow status and, when it is not a
/// plain correspondence, the reason to report.
pub fn status(code: i64) -> (Status, Option<String>) {
    let (base, locked) = if code > 20 { (code - 21, true) } else { (code, false) };
    let (s, note): (Status, Option<&str>) = match base {
        1 => (Status::Published, None),
        // waits for its publication time: published with that time in dost
        2 => (Status::Published, None),
        0 => (Status::Unpublished, Some("bài bị đình chỉ (status 0) được nhập ở trạng thái gỡ xuống")),
        3 => (Status::Archived, None),
        4 => (Status::Draft, None),
        5 | 7 | 8 | 10 => (Status::Submitted, None),
        6 | 9 => (Status::Returned, None),
        _ => (Status::Draft, Some("trạng thái không rõ, nhập làm bản nháp")),
    };
    if locked {
        let why =
            format!("bài bị khóa vì chuyên mục bị đình chỉ (status {code}, gốc {base}); nhập ở trạng thái gỡ xuống");
        return (Status::Unpublished, Some(why));
    }
    (s, note.map(str::to_string))
}

/// Text NukeViet stored escaped (titles, authors, alt texts, tags): decoded once.
pub fn decoded(stored: &str) -> String {
    decode_entities(stored).trim().to_string()
}

/// A lead (hometext): plain text whose line breaks were stored as `<br />`.
pub fn lead(stored: &str) -> String {
    let text = stored.replace("<br />", "\n").replace("<br/>", "\n").replace("<br>", "\n");
    decode_entities(&text).lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The YouTube video id of an embed address, if it is one.
fn youtube_id(src: &str) -> Option<&str> {
    let rest = src
        .split("youtube.com/embed/")
        .nth(1)
        .or_else(|| src.split("youtube-nocookie.com/embed/").nth(1))
        .or_else(|| src.split("youtu.be/").nth(1))?;
    let id = rest.split(['?', '&', '"', '\'', '/']).next()?;
    (!id.is_empty() && id.len() <= 20 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .then_some(id)
}

/// Embedded YouTube players (`<iframe src=".../embed/ID">`), which dost's
/// article bodies do not carry, written as links to the video; how many.
pub fn youtube_as_links(html: &str) -> (String, usize) {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut n = 0;
    while let Some(i) = rest.to_ascii_lowercase().find("<iframe") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.to_ascii_lowercase().find("</iframe>").map(|e| e + "</iframe>".len()).unwrap_or(tail.len());
        let tag = &tail[..end];
        match youtube_id(tag) {
            Some(id) => {
                n += 1;
                out.push_str(&format!(
                    "<p><a href=\"https://www.youtube.com/watch?v={id}\">Xem video trên YouTube</a></p>"
                ));
            }
            None => out.push_str(tag),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    (out, n)
}

/// Where a NukeViet site lived: its news module's name and language.
#[derive(Debug, Clone)]
pub struct Site {
    /// The news module's name in addresses (`news`).
    pub module: String,
    pub lang: String,
}

/// What an old address pointed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Old {
    /// An article: its NukeViet id and alias.
    Article {
        id: i64,
        alias: String,
    },
    Category(String),
    Tag(String),
    /// The site's feed, or a category's.
    Feed(Option<String>),
    /// The news module's home.
    Home,
}

/// Reads `<alias>-<id>.html` (or without `.html`, as `op=` has it).
fn article_segment(s: &str) -> Option<(String, i64)> {
    let s = s.strip_suffix(".html").unwrap_or(s);
    let (alias, id) = s.rsplit_once('-')?;
    let id: i64 = id.parse().ok()?;
    (!alias.is_empty() && id > 0).then(|| (alias.to_string(), id))
}

/// What an `op` value (or the path after the module) names.
fn op(site: &Site, segments: &[&str]) -> Option<Old> {
    match segments {
        [] => Some(Old::Home),
        ["rss"] => Some(Old::Feed(None)),
        ["rss", cat] => Some(Old::Feed(Some((*cat).to_string()))),
        ["tag", alias] => Some(Old::Tag((*alias).to_string())),
        [_cat, art] if art.ends_with(".html") || !art.starts_with("page-") && article_segment(art).is_some() => {
            article_segment(art).map(|(alias, id)| Old::Article { id, alias })
        }
        [cat] | [cat, _] if !cat.is_empty() && *cat != site.module => {
            // a category, or one of its pages (`page-2`)
            Some(Old::Category((*cat).to_string()))
        }
        _ => None,
    }
}

/// Reads an old address (path and query): `None` when it is not one of
/// NukeViet's forms for the news module.
pub fn parse_old(site: &Site, path: &str, query: &str) -> Option<Old> {
    let path = percent_decode(path);
    let path = path.trim_end_matches('/');
    if path == "/index.php" || path.is_empty() && !query.is_empty() {
        let get = |k: &str| {
            query.split('&').find_map(|p| {
                let (key, v) = p.split_once('=').unwrap_or((p, ""));
                (key == k).then(|| percent_decode(&v.replace('+', " ")))
            })
        };
        if get("nv").as_deref() != Some(site.module.as_str()) {
            return None;
        }
        if get("language").is_some_and(|l| l != site.lang) {
            return None;
        }
        let op_value = get("op").unwrap_or_default();
        let segments: Vec<&str> = op_value.split('/').filter(|s| !s.is_empty()).collect();
        return op(site, &segments);
    }
    let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.first() == Some(&"index.php") {
        segments.remove(0);
    }
    if segments.first() == Some(&site.lang.as_str()) {
        segments.remove(0);
    }
    if segments.first() == Some(&site.module.as_str()) {
        segments.remove(0);
        return op(site, &segments);
    }
    // the news module as the site's home module: no module in the address
    match segments.as_slice() {
        [_, art] if art.ends_with(".html") => op(site, &segments),
        ["rss", ..] | ["tag", _] => op(site, &segments),
        // a category, or one of its pages (the caller knows which aliases were categories)
        [cat] => Some(Old::Category((*cat).to_string())),
        [cat, page] if page.starts_with("page-") => Some(Old::Category((*cat).to_string())),
        _ => None,
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site { module: "news".into(), lang: "vi".into() }
    }

    #[test]
    fn statuses_map_onto_the_workflow() {
        assert_eq!(status(1).0, Status::Published);
        assert_eq!(status(4).0, Status::Draft);
        assert_eq!(status(5).0, Status::Submitted);
        assert_eq!(status(3).0, Status::Archived);
        let (s, why) = status(22);
        assert_eq!(s, Status::Unpublished);
        assert!(why.unwrap().contains("chuyên mục bị đình chỉ"));
        assert!(status(99).1.is_some());
    }

    #[test]
    fn escaped_text_is_decoded_once() {
        assert_eq!(decoded("Sở KH&amp;CN&#x3A; &quot;x&quot;"), "Sở KH&CN: \"x\"");
        assert_eq!(decoded("&amp;amp;"), "&amp;", "once, not twice");
        assert_eq!(lead("Dòng một<br />Dòng &quot;hai&quot;"), "Dòng một Dòng \"hai\"");
    }

    #[test]
    fn youtube_players_become_links() {
        let (html, n) = youtube_as_links(
            "<p>a</p><iframe width=\"560\" src=\"https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0\"></iframe><iframe src=\"https://evil.example/x\"></iframe>",
        );
        assert_eq!(n, 1);
        assert!(html.contains("https://www.youtube.com/watch?v=dQw4w9WgXcQ"));
        assert!(html.contains("evil.example"), "other frames are left for the sanitiser");
    }

    #[test]
    fn every_old_address_form_is_read() {
        let s = site();
        let art = Some(Old::Article { id: 18, alias: "quyet-dinh".into() });
        assert_eq!(parse_old(&s, "/van-ban/quyet-dinh-18.html", ""), art);
        assert_eq!(parse_old(&s, "/index.php/van-ban/quyet-dinh-18.html", ""), art);
        assert_eq!(parse_old(&s, "/news/van-ban/quyet-dinh-18.html", ""), art);
        assert_eq!(parse_old(&s, "/vi/news/van-ban/quyet-dinh-18.html", ""), art);
        assert_eq!(parse_old(&s, "/index.php", "language=vi&nv=news&op=van-ban/quyet-dinh-18"), art);
        assert_eq!(parse_old(&s, "/index.php", "nv=news&op=van-ban"), Some(Old::Category("van-ban".into())));
        assert_eq!(parse_old(&s, "/news/van-ban/", ""), Some(Old::Category("van-ban".into())));
        assert_eq!(parse_old(&s, "/news/van-ban/page-2", ""), Some(Old::Category("van-ban".into())));
        assert_eq!(parse_old(&s, "/index.php", "language=vi&nv=news&op=rss"), Some(Old::Feed(None)));
        assert_eq!(parse_old(&s, "/news/rss/van-ban/", ""), Some(Old::Feed(Some("van-ban".into()))));
        assert_eq!(parse_old(&s, "/news/tag/kh-cn-cao-b%E1%BA%B1ng", ""), Some(Old::Tag("kh-cn-cao-bằng".into())));
        assert_eq!(parse_old(&s, "/index.php", "language=en&nv=news&op=x"), None, "another language");
        assert_eq!(parse_old(&s, "/index.php", "nv=users"), None, "another module");
        assert_eq!(parse_old(&s, "/index.php/van-ban/", ""), Some(Old::Category("van-ban".into())));
        assert_eq!(parse_old(&s, "/quan-tri/so/x", ""), None, "not an old form");
    }
}

//! Parser of `articles.txt`: the demo articles, written for this project.
//!
//! Format: articles separated by a line `===`; header lines `key: value`, a
//! blank line, then the body (paragraphs separated by blank lines, `## ` for a
//! subheading, `- ` for list items, `[hinh: KIND | caption]` for a picture).

use dost_domain::text::escape_html;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoArticle {
    pub title: String,
    pub categories: Vec<String>,
    pub date: String,
    pub author: String,
    pub source: String,
    pub tags: Vec<String>,
    pub featured: bool,
    /// (kind, caption)
    pub image: Option<(String, String)>,
    pub lead: String,
    pub body: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("demo article {index}: {problem}")]
pub struct ParseError {
    pub index: usize,
    pub problem: String,
}

fn split_list(v: &str) -> Vec<String> {
    v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

fn image(v: &str) -> Option<(String, String)> {
    let (kind, caption) = v.split_once('|')?;
    Some((kind.trim().to_string(), caption.trim().to_string()))
}

pub fn parse(text: &str) -> Result<Vec<DemoArticle>, ParseError> {
    let mut out = Vec::new();
    for (index, chunk) in text.split("\n===\n").enumerate() {
        let chunk = chunk.trim_start_matches("===\n").trim();
        if chunk.is_empty() {
            continue;
        }
        let err = |problem: &str| ParseError { index, problem: problem.to_string() };
        let (header, body) = chunk.split_once("\n\n").ok_or_else(|| err("no blank line after the header"))?;
        let mut a = DemoArticle { body: body.trim().to_string(), ..Default::default() };
        for line in header.lines() {
            let (k, v) = line.split_once(':').ok_or_else(|| err("header line without ':'"))?;
            let v = v.trim();
            match k.trim() {
                "title" => a.title = v.into(),
                "categories" => a.categories = split_list(v),
                "date" => a.date = v.into(),
                "author" => a.author = v.into(),
                "source" => a.source = v.into(),
                "tags" => a.tags = split_list(v),
                "featured" => a.featured = v == "yes",
                "image" => a.image = image(v),
                "lead" => a.lead = v.into(),
                "slug" => {}
                other => return Err(err(&format!("unknown header {other}"))),
            }
        }
        if a.title.is_empty() || a.categories.is_empty() || a.date.is_empty() || a.lead.is_empty() {
            return Err(err("title, categories, date and lead are required"));
        }
        out.push(a);
    }
    Ok(out)
}

/// Turns a demo body into HTML. `picture(kind, caption)` gives the `<figure>`.
pub fn body_html(body: &str, mut picture: impl FnMut(&str, &str) -> String) -> String {
    let mut html = String::new();
    for block in body.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
        let mut list_open = false;
        let mut para: Vec<&str> = Vec::new();
        let flush_para = |para: &mut Vec<&str>, html: &mut String| {
            if !para.is_empty() {
                html.push_str(&format!("<p>{}</p>\n", escape_html(&para.join(" "))));
                para.clear();
            }
        };
        for line in block.lines().map(str::trim) {
            if let Some(item) = line.strip_prefix("- ") {
                flush_para(&mut para, &mut html);
                if !list_open {
                    html.push_str("<ul>\n");
                    list_open = true;
                }
                html.push_str(&format!("<li>{}</li>\n", escape_html(item)));
                continue;
            }
            if list_open {
                html.push_str("</ul>\n");
                list_open = false;
            }
            if let Some(h) = line.strip_prefix("## ") {
                flush_para(&mut para, &mut html);
                html.push_str(&format!("<h2>{}</h2>\n", escape_html(h)));
            } else if let Some(inner) = line.strip_prefix("[hinh:").and_then(|l| l.strip_suffix(']')) {
                flush_para(&mut para, &mut html);
                if let Some((kind, caption)) = image(inner) {
                    html.push_str(&picture(&kind, &caption));
                }
            } else {
                para.push(line);
            }
        }
        flush_para(&mut para, &mut html);
        if list_open {
            html.push_str("</ul>\n");
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_demo_articles_parse() {
        let all = parse(include_str!("articles.txt")).unwrap();
        assert!(all.len() >= 40, "{}", all.len());
        assert!(all.iter().any(|a| a.title == "Họp đánh giá kết quả hoạt động KH&CN 9 tháng đầu năm 2020"));
    }

    #[test]
    fn bodies_become_html() {
        let html = body_html("Một <đoạn>.\n\n## Tiêu đề\n- a\n- b\n\n[hinh: lab | Chú thích]", |k, c| {
            format!("<figure>{k}{c}</figure>")
        });
        assert_eq!(
            html,
            "<p>Một &lt;đoạn&gt;.</p>\n<h2>Tiêu đề</h2>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<figure>labChú thích</figure>"
        );
    }

    #[test]
    fn missing_fields_are_reported() {
        assert!(parse("===\ntitle: x\n\nbody").is_err());
    }
}

//! Renderers of the period report: DOCX in the official format of Nghị định
//! 30/2020 (Phụ lục I), HTML with every figure linkable to its records,
//! Markdown, and the XLSX annex (one sheet per table, and the sources).

mod annex;
mod docx;
mod statistics;

pub use annex::annex;
pub use docx::{DocxError, docx};
pub use statistics::statistics;

use dost_domain::report::{Block, Report, Span};

fn escape(s: &str) -> String {
    dost_domain::text::escape_html(s)
}

/// The report as an HTML fragment. `link(n)` gives the address of the records
/// behind the report's n-th figure (in the order of `Report::figures`).
pub fn html(r: &Report, link: impl Fn(usize) -> Option<String>) -> String {
    let mut n = 0usize;
    let mut spans = |spans: &[Span]| -> String {
        let mut out = String::new();
        for s in spans {
            match s {
                Span::Text(t) => out.push_str(&escape(t)),
                Span::Figure { text, source } => {
                    let title = format!("{} — {} bản ghi", source.rule, source.record_count());
                    match link(n) {
                        Some(href) => out.push_str(&format!(
                            "<a class=\"figure\" href=\"{}\" title=\"{}\">{}</a>",
                            escape(&href),
                            escape(&title),
                            escape(text)
                        )),
                        None => out.push_str(&format!(
                            "<span class=\"figure\" title=\"{}\">{}</span>",
                            escape(&title),
                            escape(text)
                        )),
                    }
                    n += 1;
                }
            }
        }
        out
    };
    let mut out = String::new();
    out.push_str(&format!("<p class=\"report-intro\">{}</p>\n", spans(&r.intro)));
    for s in &r.sections {
        out.push_str(&format!("<h2>{}</h2>\n", escape(&s.title)));
        let mut in_list = false;
        for b in &s.blocks {
            let bullet = matches!(b, Block::Bullet(_));
            if in_list && !bullet {
                out.push_str("</ul>\n");
                in_list = false;
            }
            match b {
                Block::Heading(h) => out.push_str(&format!("<h3>{}</h3>\n", escape(h))),
                Block::Paragraph(x) => out.push_str(&format!("<p>{}</p>\n", spans(x))),
                Block::Bullet(x) => {
                    if !in_list {
                        out.push_str("<ul>\n");
                        in_list = true;
                    }
                    out.push_str(&format!("<li>{}</li>\n", spans(x)));
                }
                Block::Table { title, header, rows, .. } => {
                    out.push_str(&format!(
                        "<table class=\"data-table\"><caption>{}</caption><thead><tr>",
                        escape(title)
                    ));
                    for h in header {
                        out.push_str(&format!("<th scope=\"col\">{}</th>", escape(h)));
                    }
                    out.push_str("</tr></thead><tbody>");
                    for row in rows {
                        out.push_str("<tr>");
                        for c in row {
                            out.push_str(&format!("<td>{}</td>", spans(std::slice::from_ref(c))));
                        }
                        out.push_str("</tr>");
                    }
                    out.push_str("</tbody></table>\n");
                }
            }
        }
        if in_list {
            out.push_str("</ul>\n");
        }
    }
    out
}

/// The report as Markdown (figures in bold).
pub fn markdown(r: &Report) -> String {
    let line = |spans: &[Span]| -> String {
        spans
            .iter()
            .map(|s| match s {
                Span::Text(t) => t.clone(),
                Span::Figure { text, .. } => format!("**{text}**"),
            })
            .collect()
    };
    let m = &r.meta;
    let mut out = format!(
        "{}  \n**{}**\n\n{}\n\n*{}, {}*\n\n# BÁO CÁO\n\n**{}**\n\n{}\n\n",
        m.parent_org,
        m.org,
        m.number,
        m.place,
        date_words(m.date),
        m.summary,
        line(&r.intro)
    );
    for s in &r.sections {
        out.push_str(&format!("## {}\n\n", s.title));
        for b in &s.blocks {
            match b {
                Block::Heading(h) => out.push_str(&format!("\n### {h}\n\n")),
                Block::Paragraph(x) => out.push_str(&format!("\n{}\n\n", line(x))),
                Block::Bullet(x) => out.push_str(&format!("- {}\n", line(x))),
                Block::Table { title, header, rows, .. } => {
                    out.push_str(&format!(
                        "\n*{title}*\n\n| {} |\n|{}\n",
                        header.join(" | "),
                        "---|".repeat(header.len())
                    ));
                    for row in rows {
                        out.push_str(&format!("| {} |\n", row.iter().map(Span::text).collect::<Vec<_>>().join(" | ")));
                    }
                    out.push('\n');
                }
            }
        }
        out.push('\n');
    }
    out.push_str(&format!("**{}**\n\n{}\n\n", m.signer_title.replace('\n', "**  \n**"), m.signer_name));
    out.push_str("*Nơi nhận:*\n\n");
    for rcp in &m.recipients {
        out.push_str(&format!("- {rcp}\n"));
    }
    out
}

/// "ngày 06 tháng 10 năm 2020", "ngày 28 tháng 9 năm 2020", "ngày 15 tháng 02
/// năm 2021": a leading zero only for days 1–9 and months 1–2 (Nghị định
/// 30/2020, Phụ lục I).
pub fn date_words(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let month = if d.month() <= 2 { format!("{:02}", d.month()) } else { d.month().to_string() };
    format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
}

#[cfg(test)]
mod date_tests {
    use super::date_words;
    use chrono::NaiveDate;

    #[test]
    fn date_words_pad_only_early_days_and_the_first_two_months() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(date_words(d(2020, 10, 6)), "ngày 06 tháng 10 năm 2020");
        assert_eq!(date_words(d(2020, 9, 28)), "ngày 28 tháng 9 năm 2020");
        assert_eq!(date_words(d(2021, 2, 15)), "ngày 15 tháng 02 năm 2021");
        assert_eq!(date_words(d(2021, 1, 1)), "ngày 01 tháng 01 năm 2021");
        assert_eq!(date_words(d(2020, 4, 30)), "ngày 30 tháng 4 năm 2020");
    }
}

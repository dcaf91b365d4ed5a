//! Renderers of the period report: DOCX in the official format of Nghị định
//! 30/2020 (Phụ lục I), HTML with every figure linkable to its records,
//! Markdown, and the XLSX annex (one sheet per table, and the sources).

mod docx;
mod statistics;

pub use docx::{DocxError, docx};
pub use statistics::statistics;

use dost_domain::report::{Block, Report, Span};

use crate::xlsx::{Cell, ExportError, Sheet, workbook};

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
                Block::Table { title, header, rows } => {
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
                Block::Table { title, header, rows } => {
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
    out.push_str(&format!("**{}**\n\n{}\n\n", m.signer_title, m.signer_name));
    out.push_str("*Nơi nhận:*\n\n");
    for rcp in &m.recipients {
        out.push_str(&format!("- {rcp}\n"));
    }
    out
}

/// "ngày 06 tháng 10 năm 2020".
pub fn date_words(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("ngày {:02} tháng {:02} năm {}", d.day(), d.month(), d.year())
}

/// The XLSX annex: one sheet per table of the report, and «Nguồn số liệu»
/// listing every figure with its rule and the number of records behind it.
pub fn annex(r: &Report) -> Result<Vec<u8>, ExportError> {
    let mut tables = Vec::new();
    for s in &r.sections {
        for b in &s.blocks {
            if let Block::Table { title, header, rows } = b {
                tables.push((title.clone(), header.clone(), rows.clone()));
            }
        }
    }
    let widths: Vec<Vec<(String, f64)>> =
        tables.iter().map(|(_, h, _)| h.iter().map(|x| (x.clone(), 22.0)).collect()).collect();
    let column_refs: Vec<Vec<(&str, f64)>> =
        widths.iter().map(|w| w.iter().map(|(a, b)| (a.as_str(), *b)).collect()).collect();
    let names: Vec<String> = (1..=tables.len()).map(|i| format!("Biểu {i}")).collect();
    let titles: Vec<String> = tables.iter().map(|t| format!("{} ({})", t.0, r.period.label())).collect();
    let mut sheets: Vec<Sheet<'_>> = Vec::new();
    for (i, (_, _, rows)) in tables.iter().enumerate() {
        sheets.push(Sheet {
            name: &names[i],
            title: &titles[i],
            columns: &column_refs[i],
            rows: rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|c| {
                            let digits: String = c.text().chars().filter(|ch| *ch != '.').collect();
                            match (c, digits.parse::<i64>()) {
                                (Span::Figure { .. }, Ok(n)) => Cell::Int(n),
                                _ => Cell::Text(c.text().to_string()),
                            }
                        })
                        .collect()
                })
                .collect(),
        });
    }
    let sources_title = format!("Nguồn của các số liệu trong báo cáo {}", r.period.label());
    let source_columns =
        [("STT", 6.0), ("Số liệu", 30.0), ("Cách tính", 60.0), ("Số bản ghi", 12.0), ("Bảng dữ liệu", 20.0)];
    sheets.push(Sheet {
        name: "Nguồn số liệu",
        title: &sources_title,
        columns: &source_columns,
        rows: r
            .figures()
            .iter()
            .enumerate()
            .map(|(i, (text, src))| {
                vec![
                    Cell::Int(i as i64 + 1),
                    Cell::Text((*text).to_string()),
                    Cell::Text(src.rule.clone()),
                    Cell::Int(src.record_count() as i64),
                    Cell::Text(src.records.iter().map(|x| x.0).collect::<Vec<_>>().join(", ")),
                ]
            })
            .collect(),
    });
    workbook(&sheets)
}

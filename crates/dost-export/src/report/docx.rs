//! The report as a Word document in the format of Nghị định 30/2020/NĐ-CP,
//! Phụ lục I: A4; margins top and bottom 20 mm, left 30 mm, right 15 mm;
//! Times New Roman; the two-column header (issuing body, national motto);
//! "Số: …/BC-…"; place and date in italics; "BÁO CÁO" and its summary line;
//! 14 pt body, justified, first-line indent, 6 pt after each paragraph;
//! signature block and "Nơi nhận:"; page numbers at the top centre from the
//! second page. The package is written directly (WordprocessingML in a zip):
//! the few parts it needs are simpler to write than a general library's
//! model, and every setting above stays visible here.

use std::io::Write;

use dost_domain::report::{Block, Report, Span};
use thiserror::Error;
use zip::write::SimpleFileOptions;

use super::date_words;

#[derive(Debug, Error)]
#[error("không tạo được tệp DOCX: {0}")]
pub struct DocxError(String);

impl From<zip::result::ZipError> for DocxError {
    fn from(e: zip::result::ZipError) -> Self {
        DocxError(e.to_string())
    }
}

impl From<std::io::Error> for DocxError {
    fn from(e: std::io::Error) -> Self {
        DocxError(e.to_string())
    }
}

/// Twips (1/20 pt): 1 mm = 56,7 twips.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const TOP: u32 = 1134; // 20 mm
const BOTTOM: u32 = 1134; // 20 mm
const LEFT: u32 = 1701; // 30 mm
const RIGHT: u32 = 851; // 15 mm
const TEXT_W: u32 = PAGE_W - LEFT - RIGHT;
const FIRST_LINE: u32 = 567; // 1 cm
/// Left and right margin inside table cells (twips).
const CELL_MARGIN: u32 = 57;

fn x(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[derive(Clone, Copy, Default)]
struct Style {
    bold: bool,
    italic: bool,
    underline: bool,
    /// Half-points (28 = 14 pt).
    size: u32,
}

fn run(text: &str, s: Style) -> String {
    let mut pr = String::new();
    if s.bold {
        pr.push_str("<w:b/>");
    }
    if s.italic {
        pr.push_str("<w:i/>");
    }
    if s.underline {
        pr.push_str("<w:u w:val=\"single\"/>");
    }
    if s.size > 0 {
        pr.push_str(&format!("<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>", s.size));
    }
    format!("<w:r><w:rPr>{pr}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>", x(text))
}

#[derive(Clone, Copy)]
enum Align {
    Center,
    Both,
    Left,
}

fn para(runs: &str, align: Align, first_line: u32, after: u32) -> String {
    let jc = match align {
        Align::Center => "center",
        Align::Both => "both",
        Align::Left => "left",
    };
    format!(
        "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"{after}\" w:line=\"276\" w:lineRule=\"auto\"/>{}<w:jc w:val=\"{jc}\"/></w:pPr>{runs}</w:p>",
        if first_line > 0 { format!("<w:ind w:firstLine=\"{first_line}\"/>") } else { String::new() }
    )
}

/// The printed width of a line of Times New Roman Bold, in twips (from the
/// font's average advance widths: capitals 0,72 em, small letters 0,5 em,
/// spaces 0,25 em, dashes 0,33 em). Close enough to size a rule under it.
fn bold_width(text: &str, half_points: u32) -> u32 {
    let em: u32 = text
        .chars()
        .map(|c| match c {
            ' ' => 250,
            '-' | '–' | '.' | ',' => 333,
            c if c.is_uppercase() => 722,
            'm' | 'w' => 833,
            'i' | 'l' | 'j' | 't' | 'f' | 'r' => 333,
            _ => 520,
        })
        .sum();
    em * half_points * 10 / 1000
}

/// A rule `length` twips long, centred in a column `width` twips wide.
fn centred_rule(width: u32, length: u32) -> String {
    rule_line(width.saturating_sub(length.min(width)) / 2)
}

/// A short horizontal line under a centred title (a bottom border on an indented empty paragraph).
fn rule_line(indent: u32) -> String {
    format!(
        "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>\
         <w:spacing w:before=\"0\" w:after=\"120\" w:line=\"120\" w:lineRule=\"exact\"/><w:ind w:left=\"{indent}\" w:right=\"{indent}\"/></w:pPr></w:p>"
    )
}

fn cell(width: u32, content: &str, borders: bool) -> String {
    let b = if borders {
        ""
    } else {
        "<w:tcBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/></w:tcBorders>"
    };
    format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{b}</w:tcPr>{content}</w:tc>")
}

fn table(widths: &[u32], rows: &[Vec<String>], borders: bool) -> String {
    let border = if borders { "single" } else { "nil" };
    let mut out = format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblBorders>\
         <w:top w:val=\"{border}\" w:sz=\"4\"/><w:left w:val=\"{border}\" w:sz=\"4\"/><w:bottom w:val=\"{border}\" w:sz=\"4\"/>\
         <w:right w:val=\"{border}\" w:sz=\"4\"/><w:insideH w:val=\"{border}\" w:sz=\"4\"/><w:insideV w:val=\"{border}\" w:sz=\"4\"/>\
         </w:tblBorders><w:tblCellMar><w:left w:w=\"{CELL_MARGIN}\" w:type=\"dxa\"/><w:right w:w=\"{CELL_MARGIN}\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>",
        widths.iter().sum::<u32>()
    );
    for w in widths {
        out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    for r in rows {
        out.push_str("<w:tr>");
        for (i, c) in r.iter().enumerate() {
            out.push_str(&cell(widths.get(i).copied().unwrap_or(1000), c, borders));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

fn spans(s: &[Span], style: Style) -> String {
    s.iter().map(|x| run(x.text(), style)).collect()
}

fn body(r: &Report) -> String {
    let m = &r.meta;
    let plain = Style { size: 26, ..Default::default() };
    let bold13 = Style { bold: true, size: 26, ..Default::default() };
    let bold12 = Style { bold: true, size: 24, ..Default::default() };
    let normal = Style { size: 28, ..Default::default() };
    let bold = Style { bold: true, size: 28, ..Default::default() };
    let mut out = String::new();
    // The header: issuing body on the left (70 mm), the national title on
    // the right (95 mm, so that it stays on one line at 12 pt). Under the
    // motto a rule as long as the motto; under the issuer one a third of it.
    let left_w = 3969;
    let right_w = TEXT_W - left_w;
    let inner = |w: u32| w - 2 * CELL_MARGIN;
    let org = m.org.to_uppercase();
    let org_w = bold_width(org.lines().last().unwrap_or(""), 24).min(inner(left_w));
    let mut left =
        para(&run(&m.parent_org.to_uppercase(), Style { size: 24, ..Default::default() }), Align::Center, 0, 0);
    for line in org.lines() {
        left.push_str(&para(&run(line, bold12), Align::Center, 0, 0));
    }
    left.push_str(&centred_rule(inner(left_w), org_w / 3));
    let motto = "Độc lập - Tự do - Hạnh phúc";
    let right = format!(
        "{}{}{}",
        para(&run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold12), Align::Center, 0, 0),
        para(&run(motto, bold13), Align::Center, 0, 0),
        centred_rule(inner(right_w), bold_width(motto, 26))
    );
    let number = para(&run(&m.number, plain), Align::Center, 0, 0);
    let place = para(
        &run(&format!("{}, {}", m.place, date_words(m.date)), Style { italic: true, size: 28, ..Default::default() }),
        Align::Center,
        0,
        0,
    );
    out.push_str(&table(&[left_w, right_w], &[vec![left, right], vec![number, place]], false));
    out.push_str(&para("", Align::Center, 0, 120));
    out.push_str(&para(&run("BÁO CÁO", bold), Align::Center, 0, 0));
    out.push_str(&para(&run(&m.summary, bold), Align::Center, 0, 0));
    out.push_str(&rule_line(3200));
    out.push_str(&para(&spans(&r.intro, normal), Align::Both, FIRST_LINE, 120));
    for s in &r.sections {
        out.push_str(&para(&run(&s.title, bold), Align::Both, FIRST_LINE, 120));
        for b in &s.blocks {
            match b {
                Block::Heading(h) => out.push_str(&para(&run(h, bold), Align::Both, FIRST_LINE, 120)),
                Block::Paragraph(p) => out.push_str(&para(&spans(p, normal), Align::Both, FIRST_LINE, 120)),
                Block::Bullet(p) => out.push_str(&para(
                    &format!("{}{}", run("- ", normal), spans(p, normal)),
                    Align::Both,
                    FIRST_LINE,
                    120,
                )),
                Block::Table { title, header, rows, .. } => {
                    let small = Style { size: 24, ..Default::default() };
                    let italic = Style { bold: true, italic: true, size: 26, ..Default::default() };
                    out.push_str(&para(&run(title, italic), Align::Center, 0, 60));
                    let n = header.len().max(1) as u32;
                    let first = TEXT_W * 2 / (n + 1);
                    let other = (TEXT_W - first) / n.saturating_sub(1).max(1);
                    let widths: Vec<u32> = (0..n).map(|i| if i == 0 { first } else { other }).collect();
                    let mut grid = vec![
                        header
                            .iter()
                            .map(|h| para(&run(h, Style { bold: true, ..small }), Align::Center, 0, 0))
                            .collect(),
                    ];
                    for row in rows {
                        grid.push(
                            row.iter()
                                .enumerate()
                                .map(|(i, c)| {
                                    para(&run(c.text(), small), if i == 0 { Align::Left } else { Align::Center }, 0, 0)
                                })
                                .collect(),
                        );
                    }
                    out.push_str(&table(&widths, &grid, true));
                    out.push_str(&para("", Align::Both, 0, 120));
                }
            }
        }
    }
    // Signature block and the recipients.
    let mut recipients =
        para(&run("Nơi nhận:", Style { bold: true, italic: true, size: 24, ..Default::default() }), Align::Left, 0, 0);
    for rcp in &m.recipients {
        recipients.push_str(&para(
            &run(&format!("- {rcp}"), Style { size: 22, ..Default::default() }),
            Align::Left,
            0,
            0,
        ));
    }
    // "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC", then room for the signature and the seal.
    let mut sign = String::new();
    for line in m.signer_title.lines().filter(|l| !l.trim().is_empty()) {
        sign.push_str(&para(&run(&line.trim().to_uppercase(), bold), Align::Center, 0, 0));
    }
    for _ in 0..5 {
        sign.push_str(&para("", Align::Center, 0, 0));
    }
    sign.push_str(&para(&run(&m.signer_name, bold), Align::Center, 0, 0));
    out.push_str(&table(&[TEXT_W / 2, TEXT_W - TEXT_W / 2], &[vec![recipients, sign]], false));
    out.push_str(&format!(
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:headerReference w:type=\"first\" r:id=\"rIdHeaderFirst\"/>\
         <w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/><w:pgMar w:top=\"{TOP}\" w:right=\"{RIGHT}\" w:bottom=\"{BOTTOM}\" w:left=\"{LEFT}\" \
         w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/><w:titlePg/></w:sectPr>"
    ));
    out
}

const W_NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
                    xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

fn styles() -> String {
    let fonts = "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>";
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles {W_NS}>\
         <w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:lang w:val=\"vi-VN\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"120\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>\
         <w:rPr>{fonts}<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
         <w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         </w:styles>"
    )
}

fn header(page_number: bool) -> String {
    let content = if page_number {
        "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
         <w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\
         <w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
    } else {
        "<w:p/>"
    };
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:hdr {W_NS}>{content}</w:hdr>")
}

/// The report as a DOCX package.
pub fn docx(r: &Report) -> Result<Vec<u8>, DocxError> {
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {W_NS}><w:body>{}</w:body></w:document>",
        body(r)
    );
    let title = format!("Báo cáo {}", r.period.label());
    let parts: [(&str, String); 9] = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
             <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
             <Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
             <Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
             <Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
             <Override PartName=\"/word/header2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
             <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
             <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
             </Types>"
                .into(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
             <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
             <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
             <Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
             </Relationships>"
                .into(),
        ),
        (
            "word/_rels/document.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
             <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
             <Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
             <Relationship Id=\"rIdHeader\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>\
             <Relationship Id=\"rIdHeaderFirst\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header2.xml\"/>\
             </Relationships>"
                .into(),
        ),
        ("word/document.xml", document),
        ("word/styles.xml", styles()),
        (
            "word/settings.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings {W_NS}><w:defaultTabStop w:val=\"720\"/>\
                 <w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" \
                 w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
            ),
        ),
        ("word/header1.xml", header(true)),
        ("word/header2.xml", header(false)),
        (
            "docProps/core.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties \
                 xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
                 xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
                 xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator>\
                 <dc:language>vi-VN</dc:language></cp:coreProperties>",
                x(&title),
                x(&r.meta.org)
            ),
        ),
    ];
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in &parts {
            zip.start_file(*name, opts)?;
            zip.write_all(content.as_bytes())?;
        }
        zip.start_file("docProps/app.xml", opts)?;
        zip.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties \
              xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>dost</Application></Properties>",
        )?;
        zip.finish()?;
    }
    Ok(buf.into_inner())
}

//! The period report that writes itself: periods, the figures the store
//! fetches for a period (with the ids of the records behind each), and the
//! document model the composer builds from them. Renderers (DOCX, HTML,
//! XLSX, Markdown) live in `dost-export` and the web layer; nothing here
//! does I/O.

mod compose;
pub mod dashboard;
pub mod drill;
mod figures;
mod period;
mod task_history;
mod words;

pub use compose::{DIGITAL_INDICATORS, ReportOptions, TELECOM_AREA, TELECOM_INDICATORS, compose};
pub use figures::*;
pub use period::{Period, PeriodChoice, PeriodError, PeriodKind};
pub use task_history::{TaskHistory, TaskState, TaskStep, task_figures};
pub use words::{count_of, list_of};

/// Where a figure comes from: the records counted (their ids), the rule
/// applied, and the back-office list that shows exactly those records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// How the figure is computed, in words.
    pub rule: String,
    /// The records counted: (table, ids).
    pub records: Vec<(&'static str, Vec<i64>)>,
}

impl Source {
    pub fn new(rule: impl Into<String>, table: &'static str, ids: Vec<i64>) -> Self {
        Source { rule: rule.into(), records: vec![(table, ids)] }
    }

    /// How many records the figure rests on.
    pub fn record_count(&self) -> usize {
        self.records.iter().map(|r| r.1.len()).sum()
    }
}

/// A piece of text: plain words or a figure with its provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Text(String),
    Figure { text: String, source: Source },
}

impl Span {
    pub fn text(&self) -> &str {
        match self {
            Span::Text(t) | Span::Figure { text: t, .. } => t,
        }
    }
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A numbered heading inside a section ("1. …").
    Heading(String),
    Paragraph(Vec<Span>),
    /// A line starting with a dash.
    Bullet(Vec<Span>),
    Table {
        kind: TableKind,
        title: String,
        header: Vec<String>,
        rows: Vec<Vec<Span>>,
    },
}

/// What a table holds (so that what is drawn from it never reads its title).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// Verifications by field against the year's plan.
    Verifications,
    /// The centre's products: made, sold, against the plan.
    Sales,
}

/// Which part of the report a section is (Nghị định 30/2020's outline of a report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// I. The results of the period.
    Results,
    /// II. Shortcomings and their causes.
    Shortcomings,
    /// III. The next period.
    NextPeriod,
    /// IV. Proposals (staff's text only).
    Proposals,
}

/// A part of the report ("I. KẾT QUẢ …") with the units whose work it reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub part: Part,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The header, title and signature of the official document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub parent_org: String,
    pub org: String,
    /// Who reports, as a sentence names it ("Sở Khoa học và Công nghệ").
    pub author: String,
    /// "Số: …/BC-SKHCN" — the number is left blank until it is issued.
    pub number: String,
    pub place: String,
    pub date: chrono::NaiveDate,
    pub summary: String,
    pub signer_title: String,
    pub signer_name: String,
    pub recipients: Vec<String>,
}

/// Staff's edits to a report's text; the figures are not editable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edits {
    /// Replaces the opening paragraph when not empty.
    pub intro: String,
    /// Paragraphs added at the end of each part (by position).
    pub notes: Vec<String>,
    /// Text that replaces what the system proposed for a part (by position;
    /// empty: keep the proposal). Only parts II and III may be replaced: part
    /// I holds the figures.
    pub replace: Vec<String>,
    /// "Kiến nghị, đề xuất": the fourth part, when not empty.
    pub proposals: String,
}

#[cfg(test)]
mod edit_tests {
    use super::*;

    #[test]
    fn a_heading_typed_in_the_editor_is_a_heading() {
        let b = paragraphs(
            "4. Công tác khác\n## Về đo lường\na) Về chất lượng\n- Tổ chức tập huấn.\n1. Tổ chức hội thảo về đo lường.\nNội dung.",
        );
        assert_eq!(b[0], Block::Heading("4. Công tác khác".into()));
        assert_eq!(b[1], Block::Heading("Về đo lường".into()));
        assert_eq!(b[2], Block::Heading("a) Về chất lượng".into()));
        assert!(matches!(b[3], Block::Bullet(_)));
        assert!(matches!(b[4], Block::Paragraph(_)), "a numbered sentence ending with a stop is not a heading");
        assert!(matches!(b[5], Block::Paragraph(_)));
    }

    #[test]
    fn staff_replace_a_proposed_part_but_never_the_figures() {
        let part = |title: &str| Section {
            part: Part::Results,
            title: title.into(),
            blocks: vec![Block::Paragraph(vec![Span::Text("Đề xuất.".into())])],
        };
        let mut r = Report {
            meta: Meta {
                parent_org: String::new(),
                org: String::new(),
                author: String::new(),
                number: String::new(),
                place: String::new(),
                date: chrono::NaiveDate::from_ymd_opt(2020, 10, 6).unwrap(),
                summary: String::new(),
                signer_title: String::new(),
                signer_name: String::new(),
                recipients: vec![],
            },
            period: Period::named(PeriodKind::NineMonths, 2020, None).unwrap(),
            intro: vec![],
            sections: vec![part("I."), part("II."), part("III.")],
        };
        let e = Edits {
            replace: vec![String::new(), "## Về tồn tại\n- Nhân lực kiểm định còn thiếu.".into()],
            notes: vec![String::new(), "Nguyên nhân: thiết bị chuẩn chưa được hiệu chuẩn.".into()],
            ..Default::default()
        };
        assert!(e.check().is_ok());
        e.apply(&mut r);
        assert_eq!(r.sections[1].blocks.len(), 3, "the proposal replaced, then the note");
        assert_eq!(r.sections[1].blocks[0], Block::Heading("Về tồn tại".into()));
        assert_eq!(r.sections[2].blocks.len(), 1, "part III kept as proposed");
        let figures = Edits { replace: vec!["Không có gì.".into()], ..Default::default() };
        assert!(figures.check().unwrap_err().contains("không thay được"));
    }
}

/// Longest text accepted in one edit box.
pub const MAX_EDIT_CHARS: usize = 5_000;

/// Staff's text as blocks: a line "- …" is a list item; a line "## …", or a
/// short numbered line without a final stop ("4. Công tác khác", "a) Về đo
/// lường"), is a heading; any other line is a paragraph.
pub fn paragraphs(text: &str) -> Vec<Block> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            if let Some(rest) = l.strip_prefix("- ") {
                Block::Bullet(vec![Span::Text(rest.to_string())])
            } else if let Some(rest) = l.strip_prefix("## ") {
                Block::Heading(rest.trim().to_string())
            } else if is_numbered_heading(l) {
                Block::Heading(l.to_string())
            } else {
                Block::Paragraph(vec![Span::Text(l.to_string())])
            }
        })
        .collect()
}

fn is_numbered_heading(line: &str) -> bool {
    let marker = line.split_once(' ').map(|(m, _)| m).unwrap_or("");
    let numbered = (marker.ends_with('.')
        && marker[..marker.len() - 1].split('.').all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())))
        || (marker.ends_with(')')
            && marker.chars().count() == 2
            && marker.chars().next().is_some_and(|c| c.is_lowercase()))
        || (marker.ends_with('.') && marker.len() > 1 && marker[..marker.len() - 1].chars().all(|c| "IVX".contains(c)));
    numbered && line.chars().count() <= 120 && !line.ends_with(['.', ';', ':', ','])
}

impl Edits {
    /// Checks the lengths; the message names the box.
    pub fn check(&self) -> Result<(), String> {
        let too_long = |s: &str| s.chars().count() > MAX_EDIT_CHARS;
        if too_long(&self.intro) {
            return Err("Đoạn mở đầu quá dài (tối đa 5.000 ký tự).".into());
        }
        if let Some(i) = self.notes.iter().position(|n| too_long(n)) {
            return Err(format!("Ghi chú của phần {} quá dài (tối đa 5.000 ký tự).", i + 1));
        }
        if let Some(i) = self.replace.iter().position(|n| too_long(n)) {
            return Err(format!("Nội dung thay thế của phần {} quá dài (tối đa 5.000 ký tự).", i + 1));
        }
        if self.replace.first().is_some_and(|t| !t.trim().is_empty()) {
            return Err("Phần I gồm các số liệu tính từ bản ghi, không thay được; hãy thêm đoạn vào cuối phần.".into());
        }
        if too_long(&self.proposals) {
            return Err("Phần kiến nghị, đề xuất quá dài (tối đa 5.000 ký tự).".into());
        }
        Ok(())
    }

    /// Applies the edits to a composed report: the figures stay as composed.
    pub fn apply(&self, r: &mut Report) {
        if !self.intro.trim().is_empty() {
            r.intro = vec![Span::Text(self.intro.trim().to_string())];
        }
        for (section, text) in r.sections.iter_mut().zip(&self.replace).skip(1) {
            if !text.trim().is_empty() {
                section.blocks = paragraphs(text);
            }
        }
        for (section, note) in r.sections.iter_mut().zip(&self.notes) {
            section.blocks.extend(paragraphs(note));
        }
        if !self.proposals.trim().is_empty() {
            r.sections.push(Section {
                part: Part::Proposals,
                title: "IV. KIẾN NGHỊ, ĐỀ XUẤT".into(),
                blocks: paragraphs(&self.proposals),
            });
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub meta: Meta,
    pub period: Period,
    /// Opening paragraph.
    pub intro: Vec<Span>,
    pub sections: Vec<Section>,
}

impl Report {
    /// Every figure of the report, in order.
    pub fn figures(&self) -> Vec<(&str, &Source)> {
        fn take<'a>(spans: &'a [Span], out: &mut Vec<(&'a str, &'a Source)>) {
            for s in spans {
                if let Span::Figure { text, source } = s {
                    out.push((text.as_str(), source));
                }
            }
        }
        let mut out = Vec::new();
        take(&self.intro, &mut out);
        for s in &self.sections {
            for b in &s.blocks {
                match b {
                    Block::Paragraph(x) | Block::Bullet(x) => take(x, &mut out),
                    Block::Table { rows, .. } => rows.iter().for_each(|r| take(r, &mut out)),
                    Block::Heading(_) => {}
                }
            }
        }
        out
    }

    /// The whole text, as a reader sees it (tests, search, plain exports).
    pub fn plain_text(&self) -> String {
        let line = |spans: &[Span]| spans.iter().map(Span::text).collect::<String>();
        let mut out = String::new();
        out.push_str(&line(&self.intro));
        out.push('\n');
        for s in &self.sections {
            out.push_str(&s.title);
            out.push('\n');
            for b in &s.blocks {
                match b {
                    Block::Heading(h) => out.push_str(h),
                    Block::Paragraph(x) => out.push_str(&line(x)),
                    Block::Bullet(x) => {
                        out.push_str("- ");
                        out.push_str(&line(x));
                    }
                    Block::Table { title, header, rows, .. } => {
                        out.push_str(title);
                        out.push('\n');
                        out.push_str(&header.join(" | "));
                        for r in rows {
                            out.push('\n');
                            out.push_str(&r.iter().map(Span::text).collect::<Vec<_>>().join(" | "));
                        }
                    }
                }
                out.push('\n');
            }
        }
        out
    }
}

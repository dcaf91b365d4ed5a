//! The period report that writes itself: periods, the figures the store
//! fetches for a period (with the ids of the records behind each), and the
//! document model the composer builds from them. Renderers (DOCX, HTML,
//! XLSX, Markdown) live in `dost-export` and the web layer; nothing here
//! does I/O.

mod compose;
mod figures;
mod period;
mod words;

pub use compose::{ReportOptions, compose};
pub use figures::*;
pub use period::{Period, PeriodError, PeriodKind};
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
        title: String,
        header: Vec<String>,
        rows: Vec<Vec<Span>>,
    },
}

/// A part of the report ("I. KẾT QUẢ …") with the units whose work it reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The header, title and signature of the official document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub parent_org: String,
    pub org: String,
    /// "Số: …/BC-SKHCN" — the number is left blank until it is issued.
    pub number: String,
    pub place: String,
    pub date: chrono::NaiveDate,
    pub summary: String,
    pub signer_title: String,
    pub signer_name: String,
    pub recipients: Vec<String>,
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
                    Block::Table { title, header, rows } => {
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

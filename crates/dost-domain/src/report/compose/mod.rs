//! The composer: from a period's figures to the report's text. Sentences are
//! written from templates with the right form for none, one and many; every
//! number is a figure carrying the records it counts and its rule.

mod centre;
mod compare;
mod digital;
mod inspections;
mod next;
mod one_stop;
mod shortcomings;
mod standards;
mod tasks;

pub use digital::{DIGITAL_INDICATORS, TELECOM_AREA, TELECOM_INDICATORS};

use super::words::count_of;
use super::{Block, Figures, Meta, Part, Period, Report, Section, Source, Span};
use crate::format;

/// What the person asking for the report chose, and may see.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub meta: Meta,
    /// The fields of work the report has parts for (`linh-vuc:…`): those the
    /// units it covers kept during the period (see
    /// [`crate::organisation::Organisation::fields_of`]).
    pub fields: Vec<String>,
    /// The units whose own records (directives, typed targets) the report
    /// covers (codes); `None`: every unit.
    pub units: Option<Vec<String>>,
}

fn t(s: impl Into<String>) -> Span {
    Span::Text(s.into())
}

fn fig(text: String, rule: impl Into<String>, table: &'static str, ids: Vec<i64>) -> Span {
    Span::Figure { text, source: Source::new(rule, table, ids) }
}

/// A count figure: "18 hồ sơ" resting on the 18 records.
fn counted(ids: &[i64], noun: &str, rule: &str, table: &'static str) -> Span {
    fig(count_of(ids.len() as i64, noun), rule, table, ids.to_vec())
}

fn ids_of<T>(items: &[T], keep: impl Fn(&T) -> bool, id: impl Fn(&T) -> i64) -> Vec<i64> {
    items.iter().filter(|x| keep(x)).map(id).collect()
}

struct Composer<'a> {
    period: &'a Period,
    f: &'a Figures,
    fields: &'a [String],
    units: Option<&'a [String]>,
}

impl Composer<'_> {
    /// Whether the report has a part for the field of work `field`.
    fn may(&self, field: &str) -> bool {
        self.fields.iter().any(|f| f == field)
    }

    /// Whether the report covers the records of the unit `code`.
    fn of_unit(&self, code: &str) -> bool {
        self.units.is_none_or(|us| us.iter().any(|u| u == code))
    }

    /// Progress against a year's target. For a period from the start of the
    /// year: "163/440, đạt 37%". For a later quarter or any other period:
    /// "42 trong quý, lũy kế từ đầu năm 163/440, đạt 37% kế hoạch năm".
    fn progress(&self, now: (i64, &[i64]), so_far: (i64, &[i64]), plan: Option<i64>, what: &Measure<'_>) -> Vec<Span> {
        let m = if what.measure.is_empty() { String::new() } else { format!(" {}", what.measure) };
        let whole = |done: i64, ids: &[i64], suffix: &str| match plan {
            Some(p) => fig(
                format!("{}{suffix}", format::plan_vs_done_in(done, p, what.measure)),
                format!("{} từ đầu năm đến hết kỳ / chỉ tiêu kế hoạch năm", what.rule),
                what.table,
                ids.to_vec(),
            ),
            None => fig(
                format!("{}{m}", format::count(done)),
                format!("{} từ đầu năm đến hết kỳ", what.rule),
                what.table,
                ids.to_vec(),
            ),
        };
        if self.period.is_year_to_date() {
            return vec![whole(so_far.0, so_far.1, "")];
        }
        vec![
            fig(format!("{}{m}", format::count(now.0)), format!("{} trong kỳ", what.rule), what.table, now.1.to_vec()),
            t(format!(" {}, lũy kế từ đầu năm ", self.period.within())),
            whole(so_far.0, so_far.1, if plan.is_some() { " kế hoạch năm" } else { "" }),
        ]
    }
}

/// What a progress figure counts: its measure, its rule and its records' table.
struct Measure<'a> {
    measure: &'a str,
    rule: String,
    table: &'static str,
}

fn domain_label(d: &str) -> &'static str {
    match d {
        "chat_luong" => "chất lượng",
        "do_luong" => "đo lường",
        "nhan_hang" => "nhãn hàng hóa",
        "an_toan_buc_xa" => "an toàn bức xạ",
        "iso_9001" => "ISO 9001",
        "nhiem_vu_khcn" => "nhiệm vụ KH&CN",
        _ => "tiêu chuẩn, đo lường, chất lượng",
    }
}

/// "Thẩm định công nghệ" → "thẩm định công nghệ" (for the middle of a sentence).
fn first_lower(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "trong quý" → "Trong quý" (for the start of a sentence).
fn first_upper(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Builds the report of a period from its figures: I. results by area,
/// II. shortcomings the data shows, III. the next period by area (IV, the
/// proposals, is staff's text: see [`super::Edits`]).
pub fn compose(period: Period, f: &Figures, opts: &ReportOptions) -> Report {
    let c = Composer { period: &period, f, fields: &opts.fields, units: opts.units.as_deref() };
    let mut parts: Vec<(&str, Vec<Block>)> = Vec::new();
    if c.may("linh-vuc:khoa-hoc") {
        parts.push(("Công tác quản lý nhiệm vụ khoa học và công nghệ", c.tasks()));
    }
    let mut tech = Vec::new();
    if c.may("linh-vuc:cong-nghe") {
        tech.extend(c.technology());
    }
    if c.may("linh-vuc:tdc") {
        tech.extend(c.standards());
    }
    if !tech.is_empty() {
        // the heading names only the areas the report covers
        parts.push((
            match (c.may("linh-vuc:cong-nghe"), c.may("linh-vuc:tdc")) {
                (true, true) => {
                    "Quản lý công nghệ, sở hữu trí tuệ, an toàn bức xạ và tiêu chuẩn – đo lường – chất lượng"
                }
                (true, false) => "Quản lý công nghệ, sở hữu trí tuệ, an toàn bức xạ",
                _ => "Tiêu chuẩn – đo lường – chất lượng",
            },
            tech,
        ));
    }
    if c.may("linh-vuc:mot-cua") {
        parts.push(("Công tác cải cách hành chính, giải quyết thủ tục hành chính", c.one_stop()));
    }
    if c.may("linh-vuc:chuyen-doi-so") {
        parts.push(("Công tác chuyển đổi số", c.digital()));
    }
    if c.may("linh-vuc:buu-chinh-vien-thong") {
        parts.push(("Quản lý bưu chính, viễn thông", c.telecom()));
    }
    let inspections = c.inspections();
    if !inspections.is_empty() {
        parts.push(("Công tác thanh tra, kiểm tra", inspections));
    }
    if c.may("linh-vuc:ke-hoach") {
        parts.push(("Công tác kế hoạch – tài chính và tham mưu", c.planning()));
    }
    if c.may("linh-vuc:ung-dung") {
        parts.push(("Hoạt động của Trung tâm Ứng dụng tiến bộ khoa học và công nghệ", c.centre()));
    }
    if c.may("linh-vuc:thong-tin") {
        parts.push(("Công tác thông tin, tuyên truyền", c.outreach()));
    }
    if c.may("linh-vuc:quy") {
        parts.push(("Hoạt động của Quỹ phát triển khoa học và công nghệ", c.fund()));
    }
    let mut results = Vec::new();
    for (i, (title, blocks)) in parts.into_iter().enumerate() {
        results.push(Block::Heading(format!("{}. {title}", i + 1)));
        results.extend(blocks);
    }
    results.extend(c.compared());
    let mut intro = vec![t(format!(
        "{} báo cáo kết quả thực hiện nhiệm vụ {} (từ ngày {} đến ngày {}) và phương hướng, nhiệm vụ trọng tâm {} như sau:",
        opts.meta.author,
        period.label(),
        format::date(period.from),
        format::date(period.to),
        period.next_label()
    ))];
    if f.is_empty() {
        intro.push(t(" Trong kỳ báo cáo chưa có kết quả công tác nào được ghi nhận trong hệ thống; các mục dưới đây nêu rõ từng phần chưa có số liệu."));
    }
    Report {
        meta: opts.meta.clone(),
        period,
        intro,
        sections: vec![
            Section {
                part: Part::Results,
                title: format!("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ {}", period.label().to_uppercase()),
                blocks: results,
            },
            Section {
                part: Part::Shortcomings,
                title: "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN".into(),
                blocks: c.shortcomings(),
            },
            Section {
                part: Part::NextPeriod,
                title: format!("III. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM {}", period.next_label().to_uppercase()),
                blocks: c.next_period(),
            },
        ],
    }
}

#[cfg(test)]
mod tests;

//! `/quan-tri/bao-cao`: the period report for staff. Choose the period and
//! the units, preview it (every figure opens the records it counts), download
//! DOCX / XLSX / Markdown, and send a news version to the portal as a draft.
//! Unit heads get their own unit's sections only.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use dost_domain::access::{Action, Resource, sees_all_units};
use dost_domain::format;
use dost_domain::html::SafeHtml;
use dost_domain::report::{Part, Period, PeriodChoice, Report};

use super::extract::StaffPairs;
use super::work::date;
use super::{Opt, Staff, StaffPage, download, no_store, no_store_checked};
use crate::http::form::Pairs;
use crate::http::query::STAFF_QUERY_LIMIT;
use crate::http::{VnPath, encode, parse_pairs};
use crate::{AppState, WebError};
use dost_app::report::{Built, Request, build_with_text};

/// The value of a key of the report's choices (trimmed; empty when absent).
fn get(p: &[(String, String)], k: &str) -> String {
    p.iter().find(|(key, _)| key == k).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
}

/// The report's choices, read from the query (or a posted form).
pub(super) struct Choice {
    kind: String,
    year: i32,
    from: String,
    to: String,
    units: Vec<String>,
    number: String,
    signer: String,
    day: String,
    /// The reporting cut-off day ("" : the setting; "0": calendar months).
    cutoff: String,
    /// A saved revision of the text ("": the latest).
    revision: String,
    /// How the signer signs: "" (the head), "kt", "q", "tl", "tm".
    role: String,
}

impl Choice {
    pub(super) fn read(p: &[(String, String)], today: NaiveDate) -> Self {
        Choice {
            kind: get(p, "ky"),
            year: get(p, "nam").parse().unwrap_or(today.year()),
            from: get(p, "tu"),
            to: get(p, "den"),
            units: p
                .iter()
                .filter(|(k, _)| k == "don-vi")
                .map(|(_, v)| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect(),
            number: get(p, "so"),
            signer: get(p, "nguoi-ky"),
            role: get(p, "ky-thay"),
            day: get(p, "ngay"),
            cutoff: get(p, "chot"),
            revision: get(p, "phien-ban"),
        }
    }

    /// The same choices as a query string (for links and downloads).
    fn query(&self) -> String {
        let mut q = format!(
            "ky={}&nam={}&tu={}&den={}&so={}&nguoi-ky={}&ky-thay={}&ngay={}&chot={}",
            encode(&self.kind),
            self.year,
            encode(&self.from),
            encode(&self.to),
            encode(&self.number),
            encode(&self.signer),
            encode(&self.role),
            encode(&self.day),
            encode(&self.cutoff)
        );
        if !self.revision.is_empty() {
            q.push_str(&format!("&phien-ban={}", encode(&self.revision)));
        }
        for u in &self.units {
            q.push_str(&format!("&don-vi={}", encode(u)));
        }
        q
    }

    fn period(&self, cutoff: Option<u32>, today: NaiveDate) -> Result<Period, String> {
        PeriodChoice { kind: &self.kind, year: Some(self.year), from: &self.from, to: &self.to }.resolve(cutoff, today)
    }
}

/// The units this person may see in a report (`None`: all): their unit
/// first, then the units whose records it holds today (those it took over).
/// A person whose unit has closed sees none.
fn allowed(staff: &Staff) -> Option<Vec<String>> {
    if sees_all_units(&staff.who()) {
        return None;
    }
    let own = staff.unit.iter().cloned();
    Some(own.chain(staff.holds.iter().filter(|u| Some(*u) != staff.unit.as_ref()).cloned()).collect())
}

async fn request(state: &AppState, staff: &Staff, c: &Choice) -> Result<Result<Request, String>, WebError> {
    let cutoff = match c.cutoff.as_str() {
        "" => dost_app::report::cutoff_day(&state.db).await?,
        s => match s.parse::<u32>() {
            Ok(0) => None,
            Ok(d) => Some(d),
            Err(_) => return Ok(Err(format!("Ngày chốt số liệu «{s}» không hợp lệ (0 hoặc từ 2 đến 28)."))),
        },
    };
    let period = match c.period(cutoff, format::vn_date(state.clock.now())) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    let day = match c.day.as_str() {
        "" => format::vn_date(state.clock.now()),
        s => match date(s) {
            Some(d) => d,
            None => return Ok(Err(format!("Ngày ban hành «{s}» không hợp lệ."))),
        },
    };
    Ok(Ok(Request {
        period,
        units: c.units.clone(),
        allowed: allowed(staff),
        number: c.number.clone(),
        signer_name: c.signer.clone(),
        signer_role: match dost_app::report::SignerRole::parse(&c.role) {
            Some(r) => r,
            None => return Ok(Err(format!("Hình thức ký «{}» không có.", c.role))),
        },
        date: day,
        revision: match c.revision.as_str() {
            "" => None,
            r => match r.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => return Ok(Err(format!("Phiên bản «{r}» không hợp lệ."))),
            },
        },
    }))
}

#[derive(Template)]
#[template(path = "staff/report.html")]
struct ReportTemplate {
    page: StaffPage,
    kinds: Vec<Opt>,
    year: i32,
    from: String,
    to: String,
    units: Vec<Opt>,
    number: String,
    signer: String,
    roles: Vec<Opt>,
    day: String,
    cutoff: String,
    form_error: Option<String>,
    query: String,
    body: Option<String>,
    header: Option<Header>,
    can_publish: bool,
    /// The office may disclose the report under "Công khai" with one action.
    can_disclose: bool,
    /// The choices carried along by the text form (a field each).
    hidden: Vec<Carried>,
    text: Option<TextBox>,
}

/// The document's head as the preview shows it.
struct Header {
    number: String,
    place_and_date: String,
    summary: String,
    period: String,
}

/// A choice carried along as a hidden field.
struct Carried {
    name: String,
    value: String,
}

/// An edit box for the paragraphs added to one part of the report.
struct PartNote {
    index: usize,
    title: String,
    text: String,
    /// What replaces the proposed content (`None`: the part may not be replaced).
    replace: Option<String>,
}

/// A saved revision of the text.
struct RevisionLink {
    id: i64,
    author: String,
    at: String,
    applied: bool,
}

/// The edit boxes of the report's text and its revisions.
struct TextBox {
    intro: String,
    notes: Vec<PartNote>,
    proposals: String,
    revisions: Vec<RevisionLink>,
}

impl TextBox {
    fn from(b: &Built) -> Self {
        let current = b.applied.and_then(|id| b.revisions.iter().find(|r| r.id == id)).map(|r| r.edits.clone());
        let current = current.unwrap_or_default();
        // the parts of the composed report (before any proposals part)
        let parts: Vec<&str> =
            b.report.sections.iter().filter(|s| s.part != Part::Proposals).map(|s| s.title.as_str()).collect();
        TextBox {
            intro: current.intro.clone(),
            notes: parts
                .iter()
                .enumerate()
                .map(|(index, t)| PartNote {
                    index,
                    title: (*t).to_string(),
                    text: current.notes.get(index).cloned().unwrap_or_default(),
                    // part I holds the figures: only added to, never replaced
                    replace: (index > 0).then(|| current.replace.get(index).cloned().unwrap_or_default()),
                })
                .collect(),
            proposals: current.proposals,
            revisions: b
                .revisions
                .iter()
                .map(|r| RevisionLink {
                    id: r.id,
                    author: r.author.clone(),
                    at: format::datetime_ts(r.created_at),
                    applied: Some(r.id) == b.applied,
                })
                .collect(),
        }
    }
}

/// The report's choices from the query (keys repeated: several units).
fn read_query(raw: Option<&str>) -> Result<Vec<(String, String)>, WebError> {
    let raw = raw.unwrap_or("");
    if raw.len() > STAFF_QUERY_LIMIT {
        return Err(WebError::BadRequest("Địa chỉ quá dài.".into()));
    }
    parse_pairs(raw)
}

/// Refuses posted fields the report's forms do not have.
pub(super) fn only_choices(p: &Pairs, extra: &[&str], numbered: &str) -> Result<(), WebError> {
    let known =
        |k: &str| CHOICE_KEYS.contains(&k) || extra.contains(&k) || (!numbered.is_empty() && k.starts_with(numbered));
    match p.0.iter().find(|(k, _)| !known(k)) {
        Some((k, _)) => {
            Err(WebError::BadRequest(format!("Biểu mẫu gửi lên có ô không hợp lệ («{k}»). Hãy tải lại trang.")))
        }
        None => Ok(()),
    }
}

/// Builds the report, or says what is wrong with the choices.
pub(super) async fn report_for(state: &AppState, staff: &Staff, c: &Choice) -> Result<Result<Built, String>, WebError> {
    let req = match request(state, staff, c).await? {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    match build_with_text(&state.db, &req).await {
        Ok(r) => Ok(Ok(r)),
        Err(dost_app::AppError::Invalid(m)) => Ok(Err(m)),
        Err(e) => Err(e.into()),
    }
}

/// The query keys a report's choices are made of (nothing else is carried along).
const CHOICE_KEYS: [&str; 11] =
    ["ky", "nam", "tu", "den", "don-vi", "so", "nguoi-ky", "ky-thay", "ngay", "chot", "phien-ban"];

fn choice_pairs(p: &[(String, String)]) -> Vec<(String, String)> {
    p.iter().filter(|(k, _)| CHOICE_KEYS.contains(&k.as_str())).cloned().collect()
}

pub async fn page(State(state): State<AppState>, staff: Staff, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let p = read_query(raw.as_deref())?;
    let today = format::vn_date(state.clock.now());
    let c = Choice::read(&p, today);
    let asked = !p.is_empty();
    let mut text = None;
    let (body, header, form_error) = if asked {
        match report_for(&state, &staff, &c).await? {
            Ok(built) => {
                let r = &built.report;
                text = Some(TextBox::from(&built));
                let q = c.query();
                let html = dost_export::report::html(r, |n| Some(format!("/quan-tri/bao-cao/so-lieu/{n}?{q}")));
                let m = &r.meta;
                let header = Header {
                    number: m.number.clone(),
                    place_and_date: format!("{}, {}", m.place, dost_export::report::date_words(m.date)),
                    summary: m.summary.clone(),
                    period: format!("{} – {}", format::date(r.period.from), format::date(r.period.to)),
                };
                (Some(html), Some(header), None)
            }
            Err(e) => (None, None, Some(e)),
        }
    } else {
        (None, None, None)
    };
    let all_units = dost_store::registers::units(&state.db).await?;
    let mine = allowed(&staff);
    let kinds = [
        ("9-thang", "9 tháng đầu năm"),
        ("6-thang", "6 tháng đầu năm"),
        ("nam", "Cả năm"),
        ("quy-1", "Quý I"),
        ("quy-2", "Quý II"),
        ("quy-3", "Quý III"),
        ("quy-4", "Quý IV"),
        ("tuy-chon", "Tùy chọn (theo ngày)"),
    ];
    let chosen_kind = if c.kind.is_empty() { "9-thang" } else { c.kind.as_str() };
    let hidden = choice_pairs(&p).into_iter().map(|(name, value)| Carried { name, value }).collect();
    let t = ReportTemplate {
        page: StaffPage::new(&staff, "Báo cáo định kỳ", "/quan-tri/bao-cao"),
        kinds: kinds
            .iter()
            .map(|(v, l)| Opt { value: (*v).into(), label: (*l).into(), selected: *v == chosen_kind })
            .collect(),
        year: c.year,
        from: c.from.clone(),
        to: c.to.clone(),
        units: all_units
            .iter()
            .filter(|u| mine.as_ref().is_none_or(|m| m.contains(&u.1)))
            .map(|u| Opt { value: u.1.clone(), label: u.2.clone(), selected: c.units.contains(&u.1) })
            .collect(),
        number: c.number.clone(),
        signer: c.signer.clone(),
        roles: [
            ("", "Thủ trưởng ký"),
            ("kt", "KT. (cấp phó ký thay)"),
            ("q", "Q. (quyền)"),
            ("tl", "TL. (ký thừa lệnh)"),
            ("tm", "TM. (thay mặt tập thể)"),
        ]
        .iter()
        .map(|(v, l)| Opt { value: (*v).into(), label: (*l).into(), selected: c.role == *v })
        .collect(),
        day: c.day.clone(),
        cutoff: c.cutoff.clone(),
        form_error: form_error.clone(),
        query: c.query(),
        body,
        header,
        can_publish: staff.may(Action::Write, Resource::Articles),
        can_disclose: staff.may(Action::Write, Resource::Keeps(&dost_domain::registers::DISCLOSURES.kind())),
        hidden,
        text,
    };
    Ok(no_store_checked(t.render()?, form_error.is_some()))
}

#[derive(Template)]
#[template(path = "staff/report_records.html")]
struct RecordsTemplate {
    page: StaffPage,
    figure: String,
    rule: String,
    back: String,
    tables: Vec<super::records::Shown>,
    withheld: Vec<super::records::Withheld>,
    total: usize,
}

/// The report the query asks for (the choices are checked; mistakes are a 400).
async fn asked(state: &AppState, staff: &Staff, raw: Option<&str>) -> Result<(Choice, Built), WebError> {
    staff.require(Action::Read, Resource::Figures)?;
    let p = read_query(raw)?;
    let c = Choice::read(&p, format::vn_date(state.clock.now()));
    let built = report_for(state, staff, &c).await?.map_err(WebError::BadRequest)?;
    Ok((c, built))
}

/// `/quan-tri/bao-cao/so-lieu/{n}`: exactly the records behind the n-th figure.
pub async fn records(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(n): VnPath<usize>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let (c, built) = asked(&state, &staff, raw.as_deref()).await?;
    let figures = built.report.figures();
    let (text, source) = figures.get(n).ok_or(WebError::NotFound)?;
    let (tables, withheld) = super::records::open(&state, &staff, &source.records).await?;
    let t = RecordsTemplate {
        page: StaffPage::new(&staff, format!("Số liệu “{text}”"), "/quan-tri/bao-cao"),
        figure: (*text).to_string(),
        rule: source.rule.clone(),
        back: format!("/quan-tri/bao-cao?{}", c.query()),
        total: source.record_count(),
        tables,
        withheld,
    };
    Ok(no_store(t.render()?))
}

/// `/quan-tri/bao-cao/tai/{format}`: docx, xlsx (annex), thong-ke (statistics forms) or md.
pub async fn file(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(kind): VnPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let (_, built) = asked(&state, &staff, raw.as_deref()).await?;
    let report = &built.report;
    let name = format!("bao-cao-{}-{}", report.period.from.format("%Y%m%d"), report.period.to.format("%Y%m%d"));
    let internal = |e: String| WebError::Internal(e);
    Ok(match kind.as_str() {
        "docx" => download(
            dost_export::report::docx(report).map_err(|e| internal(e.to_string()))?,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            &format!("{name}.docx"),
        ),
        "xlsx" => download(
            dost_export::report::annex(report, &built.figures, |u| built.covers(u))
                .map_err(|e| internal(e.to_string()))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("{name}-phu-luc.xlsx"),
        ),
        "thong-ke" => download(
            dost_export::report::statistics(&built.figures, &report.period, |u| built.covers(u))
                .map_err(|e| internal(e.to_string()))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("{name}-bieu-thong-ke.xlsx"),
        ),
        "md" => download(
            dost_export::report::markdown(report).into_bytes(),
            "text/markdown; charset=utf-8",
            &format!("{name}.md"),
        ),
        _ => return Err(WebError::BadRequest("Định dạng tải về chỉ có docx, xlsx, thong-ke hoặc md.".into())),
    })
}

/// `POST /quan-tri/bao-cao/dang-tin`: the news version, as a draft in the editorial workflow.
pub async fn publish(
    State(state): State<AppState>,
    StaffPairs { staff, pairs }: StaffPairs,
) -> Result<Response, WebError> {
    staff.require(Action::Write, Resource::Articles)?;
    only_choices(&pairs, &[], "")?;
    let p = pairs.0;
    let c = Choice::read(&p, format::vn_date(state.clock.now()));
    let built = report_for(&state, &staff, &c).await?.map_err(WebError::BadRequest)?;
    let chart = report_chart(&built.report, &built.figures);
    let report = built.report;
    let label = report.period.label();
    let file = format!(
        "bieu-do-bao-cao-{}-{}-{}-{}.svg",
        report.period.from.format("%Y%m%d"),
        report.period.to.format("%Y%m%d"),
        state.clock.now(),
        crate::http::cookies::random_hex(3)
    );
    let dir = state.config.uploads_dir.join("anh");
    std::fs::create_dir_all(&dir)?;
    let chart_bytes = chart.len() as i64;
    std::fs::write(dir.join(&file), chart)?;
    let img = format!("/tep/anh/{file}");
    let caption = format!("Kết quả kiểm định phương tiện đo {label} so với kế hoạch năm");
    let text = dost_export::report::html(&report, |_| None);
    let body_html = format!(
        "<figure><img src=\"{img}\" alt=\"{cap}\"><figcaption>{cap}</figcaption></figure>\n{text}",
        cap = dost_domain::text::escape_html(&caption)
    );
    let layout = state.layout.get();
    let category = layout
        .tree
        .by_slug("tin-hoat-dong")
        .or_else(|| layout.tree.all.first())
        .map(|c| c.id)
        .ok_or_else(|| WebError::BadRequest("Chưa có chuyên mục nào để đăng tin.".into()))?;
    let now = state.clock.now();
    let draft = dost_store::editorial::Draft {
        title: format!("Kết quả hoạt động khoa học và công nghệ {label}"),
        slug: String::new(),
        lead: format!(
            "Sở Khoa học và Công nghệ tổng kết kết quả hoạt động {label} và triển khai nhiệm vụ {}.",
            report.period.next_label()
        ),
        body: SafeHtml::sanitize(&body_html),
        author: staff.user.display_name.clone(),
        source: "Sở KH&CN".into(),
        image_url: None,
        image_alt: String::new(),
        image_caption: String::new(),
        category_ids: vec![category],
        tags: vec!["báo cáo".into(), "kết quả hoạt động".into()],
        featured: false,
        published_at: now,
        expires_at: None,
    };
    // the chart is a file of the site like any other: it is in the media library
    let chart_record = dost_store::media::Media {
        id: 0,
        kind: "anh".into(),
        file_path: format!("anh/{file}"),
        thumb_path: None,
        original_name: file.clone(),
        mime: "image/svg+xml".into(),
        size_bytes: chart_bytes,
        width: 0,
        height: 0,
        alt: caption.clone(),
        uploaded_at: 0,
    };
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::media::insert(&mut tx, &chart_record).await?;
    let id = dost_store::editorial::create(&mut tx, draft).await?;
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/bai-viet/{id}?tb=da-tao")).into_response())
}

/// The plan-vs-done chart of the verification fields the report's table
/// shows, from the figures (the year so far against the year's plan).
fn report_chart(r: &Report, figures: &dost_domain::report::Figures) -> String {
    use dost_domain::report::{Block, TableKind};
    use dost_export::svg::{Pair, stacked_bars};
    let has_table = r
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .any(|b| matches!(b, Block::Table { kind: TableKind::Verifications, .. }));
    let pairs: Vec<Pair> = figures
        .verification
        .iter()
        .filter(|f| has_table && (!f.ytd_ids.is_empty() || f.plan.is_some()))
        .map(|f| {
            let done = f.ytd_ids.len() as i64;
            Pair { label: f.label.clone(), a: done, b: (f.plan.unwrap_or(0) - done).max(0) }
        })
        .collect();
    stacked_bars("Kiểm định phương tiện đo so với kế hoạch năm", "đã thực hiện", "còn lại theo kế hoạch", &pairs)
}

/// `POST /quan-tri/bao-cao/sua`: the text as a new revision; the figures stay computed.
pub async fn edit(
    State(state): State<AppState>,
    StaffPairs { staff, pairs }: StaffPairs,
) -> Result<Response, WebError> {
    only_choices(&pairs, &["mo-dau", "de-xuat", "thay-1", "thay-2"], "ghi-chu-")?;
    let p = pairs.0;
    let mut c = Choice::read(&p, format::vn_date(state.clock.now()));
    c.revision.clear();
    let built = report_for(&state, &staff, &c).await?.map_err(WebError::BadRequest)?;
    if built.units.is_none() && !staff.may(Action::Write, Resource::Figures) {
        return Err(WebError::Forbidden("Chỉ Lãnh đạo Sở sửa văn bản báo cáo chung của Sở.".into()));
    }
    let parts = built.report.sections.iter().filter(|s| s.part != Part::Proposals).count();
    let edits = dost_domain::report::Edits {
        intro: get(&p, "mo-dau"),
        notes: (0..parts).map(|i| get(&p, &format!("ghi-chu-{i}"))).collect(),
        replace: (0..parts).map(|i| if i == 0 { String::new() } else { get(&p, &format!("thay-{i}")) }).collect(),
        proposals: get(&p, "de-xuat"),
    };
    edits.check().map_err(WebError::BadRequest)?;
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::report::save_revision(&mut tx, &built.report.period, &built.units_key, &edits).await?;
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/bao-cao?{}", c.query())).into_response())
}

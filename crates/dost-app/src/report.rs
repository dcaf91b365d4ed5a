//! Building the period report from the database: the settings that make the
//! document's header, the units the person may see, the figures, the
//! composer. Shared by the staff pages and `dost report`.

use chrono::NaiveDate;
use dost_domain::report::{Meta, Period, Report, ReportOptions, compose};
use dost_store::Db;

use crate::AppError;

/// What is asked for.
#[derive(Debug, Clone)]
pub struct Request {
    pub period: Period,
    /// Unit codes chosen (empty: every unit the person may see).
    pub units: Vec<String>,
    /// The units the person may see (`None`: all).
    pub allowed: Option<Vec<String>>,
    /// The document number once issued (empty: left blank).
    pub number: String,
    pub signer_name: String,
    /// The date of the document.
    pub date: NaiveDate,
    /// Which saved revision of the text to use (`None`: the latest).
    pub revision: Option<i64>,
    /// Who signs: the head, or on the head's behalf (KT., Q., TL., TM.).
    pub signer_role: SignerRole,
}

/// How the document is signed (Nghị định 30/2020, Điều 13).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SignerRole {
    /// The head signs.
    #[default]
    Head,
    /// A deputy signs for the head: "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC".
    Deputy,
    /// Acting head: "Q. GIÁM ĐỐC".
    Acting,
    /// By order, the chief of office: "TL. GIÁM ĐỐC" over "CHÁNH VĂN PHÒNG".
    ByOrder,
    /// For a collective body: "TM. …".
    OnBehalf,
}

impl SignerRole {
    /// From the form's code ("", "kt", "q", "tl", "tm"); `None` for an unknown code.
    pub fn parse(code: &str) -> Option<Self> {
        Some(match code.trim() {
            "" | "ky" => Self::Head,
            "kt" => Self::Deputy,
            "q" => Self::Acting,
            "tl" => Self::ByOrder,
            "tm" => Self::OnBehalf,
            _ => return None,
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Head => "",
            Self::Deputy => "kt",
            Self::Acting => "q",
            Self::ByOrder => "tl",
            Self::OnBehalf => "tm",
        }
    }

    /// The title block over the signature, one line per "\n": "KT. GIÁM ĐỐC"
    /// over "PHÓ GIÁM ĐỐC", "TL. GIÁM ĐỐC" over "CHÁNH VĂN PHÒNG", "Q. GIÁM ĐỐC".
    pub fn title_lines(self, head: &str) -> String {
        let head = head.trim().to_uppercase();
        match self {
            Self::Head => head,
            Self::Deputy => format!("KT. {head}\nPHÓ {head}"),
            Self::Acting => format!("Q. {head}"),
            Self::ByOrder => format!("TL. {head}\nCHÁNH VĂN PHÒNG"),
            Self::OnBehalf => format!("TM. {head}\nCHỦ TỊCH"),
        }
    }
}

/// A report with the revisions of its text.
pub struct Built {
    pub report: Report,
    /// Newest first.
    pub revisions: Vec<dost_store::report::Revision>,
    /// The revision applied, if any.
    pub applied: Option<i64>,
    /// The units the report covers, as revisions are kept ("" : every unit).
    pub units_key: String,
    /// The figures the report was composed from.
    pub figures: dost_domain::report::Figures,
    /// The units covered (`None`: all).
    pub units: Option<Vec<String>>,
    /// The fields of work the report has parts for (see [`ReportOptions`]).
    pub fields: Vec<String>,
}

impl Built {
    /// Whether the report has a part for the field of work `field` (`linh-vuc:…`).
    pub fn covers(&self, field: &str) -> bool {
        self.fields.iter().any(|x| x == field)
    }
}

async fn setting(db: &Db, key: &str, default: &str) -> Result<String, AppError> {
    Ok(dost_store::portal::setting(db, key)
        .await?
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_string()))
}

/// The units the report covers, or a clear error for an unknown code.
pub async fn units(db: &Db, chosen: &[String], allowed: Option<&[String]>) -> Result<Option<Vec<String>>, AppError> {
    let known = dost_store::registers::units(db).await?;
    for c in chosen {
        if !known.iter().any(|u| u.1 == *c) {
            let codes: Vec<&str> = known.iter().map(|u| u.1.as_str()).collect();
            return Err(AppError::Invalid(format!("Không có đơn vị «{c}». Các đơn vị: {}.", codes.join(", "))));
        }
    }
    let covered = match (chosen.is_empty(), allowed) {
        (true, None) => None,
        // a unit's staff get their own unit's report unless they choose
        (true, Some(a)) => Some(a.iter().take(1).cloned().collect()),
        (false, None) => Some(chosen.to_vec()),
        (false, Some(a)) => Some(chosen.iter().filter(|c| a.contains(c)).cloned().collect()),
    };
    if covered.as_ref().is_some_and(|c| c.is_empty()) {
        return Err(AppError::Forbidden(
            "Bạn chỉ được xem báo cáo phần việc của đơn vị mình; tài khoản chưa gắn với đơn vị được chọn.".into(),
        ));
    }
    Ok(covered)
}

/// Fetches the period's figures and composes the report (with its latest text edits).
pub async fn build(db: &Db, req: &Request) -> Result<Report, AppError> {
    Ok(build_with_text(db, req).await?.report)
}

/// The report, its text revisions and the one applied.
pub async fn build_with_text(db: &Db, req: &Request) -> Result<Built, AppError> {
    let units = units(db, &req.units, req.allowed.as_deref()).await?;
    let units_key = units.as_ref().map(|u| {
        let mut u = u.clone();
        u.sort();
        u.join(",")
    });
    let figures = dost_store::report::figures(db, &req.period).await?;
    let department = setting(db, "report.issuer", "SỞ KHOA HỌC VÀ CÔNG NGHỆ").await?;
    let mut suffix = setting(db, "report.number_suffix", "BC-SKHCN").await?;
    let mut parent_org = setting(db, "report.issuer_parent", "UBND TỈNH CAO BẰNG").await?;
    let mut org = department.clone();
    let mut signer_title = setting(db, "report.signer_title", "GIÁM ĐỐC").await?;
    let mut author = "Sở Khoa học và Công nghệ".to_string();
    let mut recipients = setting(
        db,
        "report.recipients",
        "Bộ Khoa học và Công nghệ (b/c);|UBND tỉnh (b/c);|Lãnh đạo Sở;|Các phòng, đơn vị thuộc Sở;|Lưu: VT.",
    )
    .await?;
    // A unit's own report: its name under the department, its symbol, its
    // head as signer, the department as recipient.
    if let Some([only]) = units.as_deref()
        && let Some(unit) = dost_store::accounts::unit_identity(db, only).await?
    {
        parent_org = department.clone();
        org = unit.name.to_uppercase();
        author = unit.name.clone();
        if !unit.symbol.is_empty() {
            suffix = format!("BC-{}", unit.symbol);
        }
        if !unit.head_title.is_empty() {
            signer_title = unit.head_title.clone();
        }
        recipients = format!(
            "Lãnh đạo Sở (b/c);|Văn phòng Sở;|Lưu: VT, {}.",
            if unit.symbol.is_empty() { &unit.code } else { &unit.symbol }
        );
    }
    let meta = Meta {
        parent_org,
        org,
        author,
        number: if req.number.trim().is_empty() {
            format!("Số:        /{suffix}")
        } else {
            format!("Số: {}/{suffix}", req.number.trim())
        },
        place: setting(db, "report.place", "Cao Bằng").await?,
        date: req.date,
        summary: format!(
            "Kết quả hoạt động khoa học và công nghệ {}; phương hướng, nhiệm vụ {}",
            req.period.label(),
            req.period.next_label()
        ),
        signer_title: req.signer_role.title_lines(&signer_title),
        signer_name: req.signer_name.trim().to_string(),
        recipients: recipients.split('|').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
    };
    // the parts are the fields of work the units kept during the period
    let org = dost_store::organisation::load(db).await?;
    let fields = org.fields_of(units.as_deref().unwrap_or(&[]), req.period.from, req.period.to);
    let mut report =
        compose(req.period, &figures, &ReportOptions { meta, fields: fields.clone(), units: units.clone() });
    let units_key = units_key.unwrap_or_default();
    let revisions = dost_store::report::revisions(db, &req.period, &units_key).await?;
    let chosen = match req.revision {
        Some(id) => Some(
            revisions
                .iter()
                .find(|r| r.id == id)
                .ok_or_else(|| AppError::Invalid(format!("Không có phiên bản {id} của báo cáo này.")))?,
        ),
        None => revisions.first(),
    };
    let applied = chosen.map(|r| {
        r.edits.apply(&mut report);
        r.id
    });
    Ok(Built { report, revisions, applied, units_key, figures, units, fields })
}

/// The reporting cut-off day of the month (0: calendar months), a setting.
pub async fn cutoff_day(db: &Db) -> Result<Option<u32>, AppError> {
    Ok(setting(db, "report.cutoff_day", "0").await?.trim().parse::<u32>().ok().filter(|d| *d > 0))
}

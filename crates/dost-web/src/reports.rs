//! Building the period report from the database: the settings that make the
//! document's header, the units the person may see, the figures, the
//! composer. Shared by the staff pages and `dost report`.

use chrono::NaiveDate;
use dost_domain::report::{Meta, Period, Report, ReportOptions, compose};
use dost_store::Db;

use crate::WebError;

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
}

async fn setting(db: &Db, key: &str, default: &str) -> Result<String, WebError> {
    Ok(dost_store::portal::setting(db, key)
        .await?
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_string()))
}

/// The units the report covers, or a clear error for an unknown code.
pub async fn units(db: &Db, chosen: &[String], allowed: Option<&[String]>) -> Result<Option<Vec<String>>, WebError> {
    let known = dost_store::registers::units(db).await?;
    for c in chosen {
        if !known.iter().any(|u| u.1 == *c) {
            let codes: Vec<&str> = known.iter().map(|u| u.1.as_str()).collect();
            return Err(WebError::BadRequest(format!("Không có đơn vị «{c}». Các đơn vị: {}.", codes.join(", "))));
        }
    }
    Ok(match (chosen.is_empty(), allowed) {
        (true, None) => None,
        (true, Some(a)) => Some(a.to_vec()),
        (false, None) => Some(chosen.to_vec()),
        (false, Some(a)) => Some(chosen.iter().filter(|c| a.contains(c)).cloned().collect()),
    })
}

/// Fetches the period's figures and composes the report.
pub async fn build(db: &Db, req: &Request) -> Result<Report, WebError> {
    let units = units(db, &req.units, req.allowed.as_deref()).await?;
    let figures = dost_store::report::figures(db, &req.period).await?;
    let suffix = setting(db, "report.number_suffix", "BC-SKHCN").await?;
    let meta = Meta {
        parent_org: setting(db, "report.issuer_parent", "UBND TỈNH CAO BẰNG").await?,
        org: setting(db, "report.issuer", "SỞ KHOA HỌC VÀ CÔNG NGHỆ").await?,
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
        signer_title: setting(db, "report.signer_title", "GIÁM ĐỐC").await?,
        signer_name: req.signer_name.trim().to_string(),
        recipients: setting(
            db,
            "report.recipients",
            "Bộ Khoa học và Công nghệ (b/c);|UBND tỉnh (b/c);|Lãnh đạo Sở;|Các phòng, đơn vị thuộc Sở;|Lưu: VT, KHTC.",
        )
        .await?
        .split('|')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect(),
    };
    Ok(compose(req.period, &figures, &ReportOptions { meta, units }))
}

/// The reporting cut-off day of the month (0: calendar months), a setting.
pub async fn cutoff_day(db: &Db) -> Result<Option<u32>, WebError> {
    Ok(setting(db, "report.cutoff_day", "0").await?.trim().parse::<u32>().ok().filter(|d| *d > 0))
}

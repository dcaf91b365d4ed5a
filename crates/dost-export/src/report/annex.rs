//! The XLSX annex of the report: each table of the report, then the tasks by
//! level and stage, the one-stop dossiers by procedure and the inspections,
//! as official sheets ("Phụ lục n", "Kèm theo Báo cáo số …", the issuer, the
//! signature); every count, plan, rate and amount is a number cell with a
//! number format; and "Nguồn số liệu", every figure with its rule.

use dost_domain::format;
use dost_domain::report::{Block, Figures, Report};
use dost_domain::tasks::{Level, Stage};

use crate::xlsx::{Cell, ExportError, OfficialSheet, official};

/// A figure's text as a cell: "06" and "1.015" are counts, "30.000.000 đồng"
/// an amount, "37%" or "14,3%" a rate; anything else stays text.
fn cell_of(text: &str) -> Cell {
    let t = text.trim();
    if let Some(n) = t.strip_suffix(" đồng").and_then(format::parse_whole) {
        return Cell::Money(n);
    }
    if let Some(p) = t.strip_suffix('%').filter(|p| p.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.'))
        && let Ok(x) = p.replace('.', "").replace(',', ".").parse::<f64>()
    {
        return Cell::Ratio(x / 100.0);
    }
    match format::parse_whole(t) {
        Some(n) => Cell::Count(n),
        None => Cell::Text(t.to_string()),
    }
}

struct Annex<'a> {
    r: &'a Report,
    sheets: Vec<OfficialSheet>,
}

impl Annex<'_> {
    fn add(&mut self, title: &str, header: Vec<String>, widths: Vec<f64>, rows: Vec<Vec<Cell>>) {
        let m = &self.r.meta;
        let n = self.sheets.len() + 1;
        let number = m.number.trim_start_matches("Số:").trim();
        self.sheets.push(OfficialSheet {
            name: format!("Phụ lục {n}"),
            top_left: vec![m.parent_org.to_uppercase(), m.org.to_uppercase()],
            top_right: vec![],
            title: vec![
                format!("Phụ lục {n}"),
                title.to_uppercase(),
                format!("(Kèm theo Báo cáo số {number} ngày {} của {})", format::date(m.date), m.author),
            ],
            header,
            widths,
            rows,
            notes: vec![format!(
                "Kỳ báo cáo: {} (từ ngày {} đến ngày {}).",
                self.r.period.label(),
                format::date(self.r.period.from),
                format::date(self.r.period.to)
            )],
            signatures: vec![
                (vec![], String::new()),
                (m.signer_title.lines().map(str::to_string).collect(), m.signer_name.clone()),
            ],
        });
    }
}

/// The annex of a report composed from `f`; `may(unit)` says whose work the
/// reader may see.
pub fn annex(r: &Report, f: &Figures, may: impl Fn(&str) -> bool) -> Result<Vec<u8>, ExportError> {
    let mut a = Annex { r, sheets: Vec::new() };
    for s in &r.sections {
        for b in &s.blocks {
            if let Block::Table { title, header, rows, .. } = b {
                let mut widths = vec![34.0];
                widths.extend(std::iter::repeat_n(16.0, header.len().saturating_sub(1)));
                let rows = rows.iter().map(|row| row.iter().map(|c| cell_of(c.text())).collect()).collect();
                a.add(title, header.clone(), widths, rows);
            }
        }
    }
    if may("linh-vuc:khoa-hoc") {
        let (header, rows) = tasks_by_level(f);
        let mut widths = vec![30.0];
        widths.extend(std::iter::repeat_n(12.0, header.len() - 1));
        a.add("Nhiệm vụ KH&CN theo cấp và bước thực hiện vào ngày cuối kỳ", header, widths, rows);
    }
    if may("linh-vuc:mot-cua") {
        a.add(
            "Hồ sơ thủ tục hành chính theo thủ tục",
            [
                "Thủ tục",
                "Kỳ trước chuyển sang",
                "Tiếp nhận trong kỳ",
                "Trả trước hạn",
                "Trả đúng hạn",
                "Trả quá hạn",
                "Đang giải quyết cuối kỳ",
            ]
            .map(String::from)
            .to_vec(),
            vec![44.0, 13.0, 13.0, 12.0, 12.0, 12.0, 14.0],
            dossiers_by_procedure(f),
        );
    }
    let inspections = inspections_by_kind(f, &may);
    if !inspections.is_empty() {
        a.add(
            "Thanh tra, kiểm tra, khảo sát trong kỳ",
            ["Hình thức", "Lĩnh vực", "Số cuộc", "Số cơ sở", "Số vi phạm", "Tiền phạt (đồng)"]
                .map(String::from)
                .to_vec(),
            vec![22.0, 30.0, 10.0, 10.0, 12.0, 18.0],
            inspections,
        );
    }
    let mut sheets = a.sheets;
    sheets.push(OfficialSheet {
        name: "Nguồn số liệu".into(),
        top_left: vec![],
        top_right: vec![],
        title: vec![format!("NGUỒN CỦA CÁC SỐ LIỆU TRONG BÁO CÁO {}", r.period.label().to_uppercase())],
        header: ["STT", "Số liệu", "Cách tính", "Số bản ghi", "Bảng dữ liệu"].map(String::from).to_vec(),
        widths: vec![6.0, 30.0, 60.0, 12.0, 20.0],
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
        notes: vec![],
        signatures: vec![],
    });
    official(&sheets)
}

const STAGE_GROUPS: [(&str, &[Stage]); 5] = [
    ("Đề xuất, xét chọn", &[Stage::Proposed, Stage::ListApproved, Stage::Selection, Stage::Appraisal, Stage::Approved]),
    ("Đang thực hiện", &[Stage::Contracted, Stage::InProgress, Stage::InternalAcceptance]),
    ("Đã nghiệm thu", &[Stage::OfficialAcceptance, Stage::Recognized, Stage::ResultsRegistered, Stage::Settled]),
    ("Chấm dứt, không đạt", &[Stage::Terminated, Stage::Failed]),
    ("Nghiệm thu trong kỳ", &[]),
];

fn tasks_by_level(f: &Figures) -> (Vec<String>, Vec<Vec<Cell>>) {
    let mut header = vec!["Cấp nhiệm vụ".to_string()];
    header.extend(STAGE_GROUPS.iter().map(|g| g.0.to_string()));
    header.push("Tổng số".into());
    let rows = Level::ALL
        .iter()
        .map(|level| {
            let mine: Vec<_> = f.tasks.states.iter().filter(|t| t.level == *level).collect();
            let mut row = vec![Cell::Text(level.label().to_string())];
            for (_, stages) in STAGE_GROUPS {
                let n = if stages.is_empty() {
                    mine.iter().filter(|t| t.accepted_in_period).count()
                } else {
                    mine.iter().filter(|t| stages.contains(&t.stage)).count()
                };
                row.push(Cell::Count(n as i64));
            }
            row.push(Cell::Count(mine.len() as i64));
            row
        })
        .collect();
    (header, rows)
}

fn dossiers_by_procedure(f: &Figures) -> Vec<Vec<Cell>> {
    let mut names: Vec<&str> = f.dossier_flow.by_procedure.iter().map(|p| p.0.as_str()).collect();
    for d in &f.dossiers {
        if !names.contains(&d.name.as_str()) {
            names.push(&d.name);
        }
    }
    names
        .into_iter()
        .map(|name| {
            let flow = f.dossier_flow.by_procedure.iter().find(|p| p.0 == name);
            let returned = f.dossiers.iter().find(|d| d.name == name);
            vec![
                Cell::Text(name.to_string()),
                Cell::Count(flow.map(|p| p.2).unwrap_or(0)),
                Cell::Count(flow.map(|p| p.1).unwrap_or(0)),
                Cell::Count(returned.map(|d| d.early).unwrap_or(0)),
                Cell::Count(returned.map(|d| d.on_time).unwrap_or(0)),
                Cell::Count(returned.map(|d| d.late).unwrap_or(0)),
                Cell::Count(flow.map(|p| p.3).unwrap_or(0)),
            ]
        })
        .collect()
}

fn inspections_by_kind(f: &Figures, may: &impl Fn(&str) -> bool) -> Vec<Vec<Cell>> {
    let kind_label = |k: &str| match k {
        "thanh_tra" => "Thanh tra",
        "kiem_tra" => "Kiểm tra",
        "khao_sat" => "Khảo sát",
        "huong_dan" => "Hướng dẫn",
        _ => "Khác",
    };
    let mut groups: Vec<(&str, &str)> = f
        .inspections
        .iter()
        .filter(|i| if i.kind == "thanh_tra" { may("linh-vuc:thanh-tra") } else { may("linh-vuc:tdc") })
        .map(|i| (i.kind.as_str(), i.domain.as_str()))
        .collect();
    groups.sort_unstable();
    groups.dedup();
    groups
        .into_iter()
        .map(|(kind, domain)| {
            let ids = f.inspection_ids(|i| i.kind == kind && i.domain == domain);
            let of: Vec<_> = f.inspections.iter().filter(|i| ids.binary_search(&i.id).is_ok()).collect();
            vec![
                Cell::Text(kind_label(kind).into()),
                Cell::Text(domain_name(domain).into()),
                Cell::Count(ids.len() as i64),
                Cell::Count(f.distinct_subjects(&ids)),
                Cell::Count(of.iter().map(|i| i.violations).sum()),
                Cell::Money(of.iter().map(|i| i.fine).sum()),
            ]
        })
        .collect()
}

fn domain_name(d: &str) -> &'static str {
    dost_domain::registers::INSPECTION_DOMAINS.iter().find(|x| x.0 == d).map(|x| x.1).unwrap_or("Khác")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_become_number_cells() {
        assert!(matches!(cell_of("06"), Cell::Count(6)));
        assert!(matches!(cell_of("1.015"), Cell::Count(1015)));
        assert!(matches!(cell_of("30.000.000 đồng"), Cell::Money(30_000_000)));
        assert!(matches!(cell_of("14,3%"), Cell::Ratio(x) if (x - 0.143).abs() < 1e-9));
        assert!(matches!(cell_of("37%"), Cell::Ratio(x) if (x - 0.37).abs() < 1e-9));
        assert!(matches!(cell_of("Khối lượng"), Cell::Text(_)));
        assert!(matches!(cell_of("dưới 0,1%"), Cell::Text(_)));
    }
}

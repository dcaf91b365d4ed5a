//! The leadership dashboard as a view over the period's [`Figures`]: the
//! same records and the same counting rules as the report, laid out as
//! short lines and tables, each with the list of records it rests on.

use super::{Figures, drill};
use crate::format;

/// Where a line's records are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// A drill-down list (`/quan-tri/so-lieu/{area}`), of one kind ("" : all).
    Area { area: &'static str, kind: String },
    /// A register's list (`/quan-tri/so/{register}`) of one kind ("" : all).
    Register { register: &'static str, kind: String },
}

impl Link {
    /// The table whose records the link lists (for the access rule).
    pub fn table(&self) -> &'static str {
        match self {
            Link::Area { area, .. } => drill::area(area).map(|a| a.table).unwrap_or(""),
            Link::Register { register, .. } => crate::registers::find(register).map(|r| r.table).unwrap_or(""),
        }
    }
}

/// A line of text with the records behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub link: Option<Link>,
}

/// Done against the year's plan: a verification field or a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLine {
    pub label: String,
    pub done: i64,
    pub plan: Option<i64>,
    /// "hộp", "cây" for products; empty for verifications.
    pub measure: String,
    pub link: Link,
}

/// Dossiers of one procedure returned in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierLine {
    pub name: String,
    pub count: i64,
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    pub verification: Vec<PlanLine>,
    pub sales: Vec<PlanLine>,
    pub dossiers: Vec<DossierLine>,
    pub inspections: Vec<Line>,
    pub others: Vec<Line>,
    pub tasks: Vec<Line>,
}

fn line(text: String, link: Option<Link>) -> Line {
    Line { text, link }
}

fn area(area: &'static str, kind: &str) -> Option<Link> {
    Some(Link::Area { area, kind: kind.into() })
}

fn register(register: &'static str, kind: &str) -> Option<Link> {
    Some(Link::Register { register, kind: kind.into() })
}

/// The dashboard of a period whose plan year is `year`.
pub fn dashboard(f: &Figures, year: i32) -> Dashboard {
    let verification = f
        .verification
        .iter()
        .filter(|v| !v.ids.is_empty() || v.plan.is_some())
        .map(|v| PlanLine {
            label: v.label.clone(),
            done: v.ids.len() as i64,
            plan: v.plan,
            measure: String::new(),
            link: Link::Area { area: "kiem-dinh", kind: v.field.clone() },
        })
        .collect();
    let sales = f
        .sales
        .iter()
        .map(|s| PlanLine {
            label: s.name.clone(),
            done: s.quantity,
            plan: s.plan,
            measure: s.measure.clone(),
            link: Link::Register { register: "ban-hang", kind: s.product_id.to_string() },
        })
        .collect();
    let dossiers = f
        .dossiers
        .iter()
        .map(|d| DossierLine { name: d.name.clone(), count: d.ids.len() as i64, amount: d.amount })
        .collect();
    Dashboard { verification, sales, dossiers, inspections: inspections(f), others: others(f), tasks: tasks(f, year) }
}

fn inspections(f: &Figures) -> Vec<Line> {
    let radiation: i64 = f.dossiers_of("buc_xa").iter().map(|d| d.ids.len() as i64).sum();
    let subjects = |keep: &dyn Fn(&super::InspectionRecord) -> bool| f.distinct_subjects(&f.inspection_ids(keep));
    let checks =
        subjects(&|i| i.kind == "kiem_tra" && matches!(i.domain.as_str(), "chat_luong" | "do_luong" | "nhan_hang"));
    let surveys = f.inspection_ids(|i| i.kind == "khao_sat");
    vec![
        line(
            format!("Hồ sơ an toàn bức xạ, hạt nhân đã giải quyết: {}", format::count(radiation)),
            area("ho-so", "buc_xa"),
        ),
        line(
            format!("Kiểm tra chất lượng, đo lường, nhãn hàng hóa: {} cơ sở", format::count(checks)),
            area("kiem-tra", "kiem_tra"),
        ),
        line(
            match f.districts_of(&surveys) {
                districts if surveys.is_empty() || districts.is_empty() => format!(
                    "Khảo sát chất lượng sản phẩm, hàng hóa: {}",
                    if surveys.is_empty() {
                        "chưa có".to_string()
                    } else {
                        format!("{} cơ sở", format::count(f.distinct_subjects(&surveys)))
                    }
                ),
                districts => format!(
                    "Khảo sát chất lượng sản phẩm, hàng hóa: {} cơ sở ({})",
                    format::count(f.distinct_subjects(&surveys)),
                    districts.join(", ")
                ),
            },
            area("kiem-tra", "khao_sat"),
        ),
        line(
            format!(
                "Hướng dẫn về tiêu chuẩn, đo lường, chất lượng: {} cơ sở",
                format::count(subjects(&|i| i.kind == "huong_dan"))
            ),
            area("kiem-tra", "huong_dan"),
        ),
        line(
            format!(
                "Kiểm tra áp dụng TCVN ISO 9001:2015: {} cơ quan",
                format::count(subjects(&|i| i.kind == "kiem_tra" && i.domain == "iso_9001"))
            ),
            area("kiem-tra", "kiem_tra"),
        ),
        line(
            format!(
                "Thanh tra chuyên ngành: {} cuộc",
                format::count(f.inspection_ids(|i| i.kind == "thanh_tra").len() as i64)
            ),
            area("kiem-tra", "thanh_tra"),
        ),
    ]
}

fn others(f: &Figures) -> Vec<Line> {
    // (records, sum of their number) of a small register's kinds
    let get = |table: &str, kinds: &[&str]| {
        let rs = f.simple_of(table, kinds);
        (rs.len() as i64, rs.iter().map(|r| r.number).sum::<i64>())
    };
    let (articles, videos) = (f.web_articles.len() as i64, f.web_videos.len() as i64);
    let training = get("centre_services", &["tap_huan"]);
    let bulletins = get("outreach", &["ban_tin"]);
    vec![
        line(
            format!(
                "Kiểm xạ phòng và kiểm định máy X-quang: {} cơ sở",
                format::count(get("centre_services", &["kiem_xa_x_quang"]).0)
            ),
            register("dich-vu", "kiem_xa_x_quang"),
        ),
        line(
            format!("Lớp tập huấn kỹ thuật: {} lớp, {} người", format::count(training.0), format::int(training.1)),
            register("dich-vu", "tap_huan"),
        ),
        line(
            format!(
                "Tin, bài và video đăng trên Trang thông tin điện tử: {} ({} tin bài, {} video)",
                format::int(articles + videos),
                format::int(articles),
                format::int(videos)
            ),
            area("bai-dang", ""),
        ),
        line(
            format!("Chương trình truyền hình: {}", format::count(get("outreach", &["truyen_hinh"]).0)),
            register("truyen-thong", "truyen_hinh"),
        ),
        line(
            format!("Lịch KH&CN: {} cuốn", format::int(get("outreach", &["lich"]).1)),
            register("truyen-thong", "lich"),
        ),
        line(
            format!("Tài liệu Thông tin KH&CN: {} số, {} cuốn", format::count(bulletins.0), format::int(bulletins.1)),
            register("truyen-thong", "ban_tin"),
        ),
        line(
            format!(
                "Dự thảo văn bản của Quỹ phát triển KH&CN: {}",
                format::count(get("fund_cases", &["du_thao_van_ban"]).0)
            ),
            register("quy", "du_thao_van_ban"),
        ),
        line(
            format!(
                "Kế hoạch, báo cáo tham mưu cho UBND tỉnh: {}",
                format::count(get("advisory_documents", &["ke_hoach", "bao_cao"]).0)
            ),
            register("tham-muu", ""),
        ),
        line(
            format!(
                "Dự thảo văn bản quy phạm pháp luật: {}",
                format::count(get("advisory_documents", &["du_thao_vbqppl"]).0)
            ),
            register("tham-muu", "du_thao_vbqppl"),
        ),
    ]
}

fn tasks(f: &Figures, year: i32) -> Vec<Line> {
    let tf = &f.tasks;
    let n = |v: &Vec<i64>| format::count(v.len() as i64);
    [
        format!("Nhiệm vụ cấp tỉnh đang theo dõi: {}", n(&tf.provincial)),
        format!("Dự án cấp Bộ: {}; dự án nông thôn miền núi: {}", n(&tf.ministry), n(&tf.rural)),
        format!(
            "Dự án cấp quốc gia: {}; dự án cấp thiết địa phương: {}; nhiệm vụ sở hữu trí tuệ: {}",
            n(&tf.national),
            n(&tf.urgent),
            n(&tf.ip)
        ),
        format!(
            "Hội đồng tuyển chọn, giao trực tiếp nhiệm vụ bắt đầu năm {year}: {}/{}",
            n(&tf.with_council),
            n(&tf.new_tasks)
        ),
        format!("Thẩm định nội dung, kinh phí: {}/{}", n(&tf.appraised), n(&tf.new_tasks)),
        format!("Dự án nông thôn miền núi đề xuất cho năm {}: {}", year + 1, n(&tf.proposed_next)),
    ]
    .into_iter()
    .map(|text| line(text, None))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{FieldFigure, InspectionRecord};

    fn inspection(id: i64, kind: &str, domain: &str, subject: &str, district: &str) -> InspectionRecord {
        InspectionRecord {
            id,
            kind: kind.into(),
            domain: domain.into(),
            subject: subject.into(),
            district: district.into(),
            violations: 0,
            fine: 0,
        }
    }

    #[test]
    fn the_dashboard_counts_as_the_report_does() {
        let f = Figures {
            verification: vec![
                FieldFigure {
                    field: "khoi_luong".into(),
                    label: "Khối lượng".into(),
                    ids: vec![1, 2, 3],
                    ytd_ids: vec![1, 2, 3],
                    plan: Some(440),
                },
                FieldFigure { field: "dien".into(), label: "Điện".into(), ids: vec![], ytd_ids: vec![], plan: None },
            ],
            inspections: vec![
                inspection(1, "khao_sat", "chat_luong", "Cửa hàng A", "Bảo Lạc"),
                inspection(2, "khao_sat", "chat_luong", "Cửa hàng A", "Bảo Lạc"),
                inspection(3, "khao_sat", "chat_luong", "Cửa hàng B", "Bảo Lâm"),
                inspection(4, "thanh_tra", "do_luong", "Công ty C", ""),
            ],
            ..Default::default()
        };
        let d = dashboard(&f, 2020);
        // a field with neither records nor a target is left out
        assert_eq!(d.verification.len(), 1);
        assert_eq!((d.verification[0].done, d.verification[0].plan), (3, Some(440)));
        // different subjects are counted once, districts listed once in order
        let texts: Vec<&str> = d.inspections.iter().map(|l| l.text.as_str()).collect();
        assert!(texts.contains(&"Khảo sát chất lượng sản phẩm, hàng hóa: 02 cơ sở (Bảo Lâm, Bảo Lạc)"), "{texts:?}");
        assert!(texts.contains(&"Thanh tra chuyên ngành: 01 cuộc"));
        assert_eq!(d.tasks[3], line("Hội đồng tuyển chọn, giao trực tiếp nhiệm vụ bắt đầu năm 2020: 0/0".into(), None));
        // every line that lists records names a table someone keeps
        for l in d.inspections.iter().chain(&d.others) {
            assert!(!l.link.as_ref().unwrap().table().is_empty(), "{}", l.text);
        }
    }
}

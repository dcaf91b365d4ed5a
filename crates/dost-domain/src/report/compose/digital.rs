//! Digital transformation, and post and telecommunications: the duties the
//! department took over from the information and communications department
//! on 01/03/2025. Their parts appear when a unit kept the field during the
//! period (see [`crate::organisation::Organisation::fields_of`]).

use super::{Composer, fig, t};
use crate::format;
use crate::report::Block;
use crate::report::words::count_of;

/// The code prefix of the plan indicators of digital transformation.
pub const DIGITAL_INDICATORS: &str = "cds:";
/// … and of post and telecommunications.
pub const TELECOM_INDICATORS: &str = "bcvt:";
/// The area of the post and telecommunications procedures.
pub const TELECOM_AREA: &str = "buu_chinh_vien_thong";

impl Composer<'_> {
    pub(super) fn digital(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let flow = &self.f.dossier_flow;
        if !flow.received.is_empty() {
            let online = flow.received_online.len() as i64;
            let all = flow.received.len() as i64;
            out.push(Block::Paragraph(vec![
                t(format!(
                    "{}, hồ sơ thủ tục hành chính của Sở được tiếp nhận trực tuyến ",
                    super::first_upper(self.period.within())
                )),
                fig(
                    format!(
                        "{}/{} hồ sơ, đạt {}",
                        format::count(online),
                        format::count(all),
                        format::percent(online, all)
                    ),
                    "Hồ sơ tiếp nhận trong kỳ qua dịch vụ công trực tuyến / hồ sơ tiếp nhận trong kỳ",
                    "dossiers",
                    flow.received_online.clone(),
                ),
                t("."),
            ]));
        }
        let indicators = self.indicators(DIGITAL_INDICATORS);
        if indicators.is_empty() {
            out.push(Block::Paragraph(vec![t(format!(
                "Kế hoạch chuyển đổi số năm {} chưa có chỉ tiêu nào được giao trong hệ thống.",
                self.period.year()
            ))]));
        } else {
            out.push(Block::Paragraph(vec![t(format!(
                "Kết quả thực hiện các chỉ tiêu chuyển đổi số năm {} đến hết kỳ:",
                self.period.year()
            ))]));
            out.extend(indicators);
        }
        out
    }

    pub(super) fn telecom(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let procedures = self.f.dossiers_of(TELECOM_AREA);
        let ids: Vec<i64> = procedures.iter().flat_map(|d| d.ids.iter().copied()).collect();
        if ids.is_empty() {
            out.push(Block::Paragraph(vec![t(format!(
                "{}, chưa trả kết quả hồ sơ nào về bưu chính, viễn thông.",
                super::first_upper(self.period.within())
            ))]));
        } else {
            let mut p = vec![
                t(format!("{}, giải quyết ", super::first_upper(self.period.within()))),
                fig(
                    count_of(ids.len() as i64, "hồ sơ"),
                    "Hồ sơ thủ tục bưu chính, viễn thông có ngày trả kết quả trong kỳ",
                    "dossiers",
                    ids,
                ),
                t(" về bưu chính, viễn thông: "),
            ];
            for (i, d) in procedures.iter().enumerate() {
                if i > 0 {
                    p.push(t("; "));
                }
                p.push(t(format!("{} ", super::first_lower(&d.name))));
                p.push(fig(
                    count_of(d.ids.len() as i64, "hồ sơ"),
                    format!("Hồ sơ «{}» có ngày trả kết quả trong kỳ", d.name),
                    "dossiers",
                    d.ids.clone(),
                ));
            }
            p.push(t("."));
            out.push(Block::Paragraph(p));
        }
        let indicators = self.indicators(TELECOM_INDICATORS);
        if !indicators.is_empty() {
            out.push(Block::Paragraph(vec![t(format!(
                "Chỉ tiêu phát triển hạ tầng bưu chính, viễn thông năm {} đến hết kỳ:",
                self.period.year()
            ))]));
            out.extend(indicators);
        }
        out
    }

    /// One line for each typed plan indicator whose code starts with `prefix`:
    /// the latest result reported by the period's end against the year's target.
    fn indicators(&self, prefix: &str) -> Vec<Block> {
        let plans: Vec<_> =
            self.f.typed_plans.iter().filter(|p| p.code.starts_with(prefix) && self.of_unit(&p.unit_code)).collect();
        let last = plans.len().saturating_sub(1);
        plans
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let end = if i == last { "." } else { ";" };
                let mut line = vec![t(format!("{}: ", p.name))];
                match (p.achieved, p.reported_on) {
                    (Some(done), Some(on)) => {
                        line.push(fig(
                            format::plan_vs_done_in(done, p.target, &p.measure),
                            "Kết quả báo cáo gần nhất đến hết kỳ / chỉ tiêu kế hoạch năm",
                            "plan_indicators",
                            vec![p.id],
                        ));
                        line.push(t(format!(" (số liệu ngày {}){end}", format::date(on))));
                    }
                    _ => line.push(t(format!(
                        "chưa báo cáo kết quả (kế hoạch năm {} {}){end}",
                        format::count(p.target),
                        p.measure
                    ))),
                }
                Block::Bullet(line)
            })
            .collect()
    }
}

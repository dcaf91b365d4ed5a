//! Part I: one-stop dossiers through the period: received, carried over,
//! returned early, on time or late, and pending at the end (of which overdue).

use super::{Composer, counted, t};
use crate::format;
use crate::report::Block;

impl Composer<'_> {
    pub(super) fn one_stop(&self) -> Vec<Block> {
        let flow = &self.f.dossier_flow;
        let returned: Vec<i64> = self.f.dossiers.iter().flat_map(|d| d.ids.iter().copied()).collect();
        let (early, on_time, late) =
            self.f.dossiers.iter().fold((0, 0, 0), |a, d| (a.0 + d.early, a.1 + d.on_time, a.2 + d.late));
        let total = flow.received.len() + flow.carried_over.len();
        if total == 0 && returned.is_empty() {
            return vec![Block::Paragraph(vec![t(
                "Trong kỳ, Bộ phận Một cửa không tiếp nhận và không có hồ sơ thủ tục hành chính nào đang giải quyết.",
            )])];
        }
        let mut p = vec![t(format!("{}, Bộ phận Một cửa tiếp nhận ", super::first_upper(self.period.within())))];
        p.push(counted(&flow.received, "hồ sơ", "Hồ sơ thủ tục hành chính có ngày tiếp nhận trong kỳ", "dossiers"));
        if !flow.carried_over.is_empty() {
            p.push(t(" và "));
            p.push(counted(
                &flow.carried_over,
                "hồ sơ kỳ trước chuyển sang",
                "Hồ sơ tiếp nhận trước kỳ, chưa trả kết quả vào ngày đầu kỳ",
                "dossiers",
            ));
        }
        p.push(t("; đã trả kết quả "));
        p.push(counted(&returned, "hồ sơ", "Hồ sơ có ngày trả kết quả trong kỳ", "dossiers"));
        let parts: Vec<String> = [(early, "trước hạn"), (on_time, "đúng hạn"), (late, "quá hạn")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, l)| format!("{} {l}", format::count(*n)))
            .collect();
        if !parts.is_empty() {
            p.push(t(format!(", trong đó {}", parts.join(", "))));
        }
        if flow.pending.is_empty() {
            p.push(t(format!("; đến ngày {}, không còn hồ sơ nào đang giải quyết", format::date(self.period.to))));
        } else {
            p.push(t(format!("; đến ngày {} còn ", format::date(self.period.to))));
            p.push(counted(&flow.pending, "hồ sơ", "Hồ sơ chưa trả kết quả vào ngày cuối kỳ", "dossiers"));
            p.push(t(" đang giải quyết"));
        }
        if !flow.pending_overdue.is_empty() {
            p.push(t(", trong đó "));
            p.push(counted(
                &flow.pending_overdue,
                "hồ sơ",
                "Hồ sơ chưa trả kết quả, đã quá hạn giải quyết vào ngày cuối kỳ",
                "dossiers",
            ));
            p.push(t(" đã quá hạn"));
        }
        p.push(t("."));
        vec![Block::Paragraph(p)]
    }
}

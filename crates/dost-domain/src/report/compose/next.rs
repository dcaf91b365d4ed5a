//! Part II: the next period (directives, targets not reached, planned inspections).

use super::{Composer, fig, first_lower, t};
use crate::format;
use crate::report::Block;

impl Composer<'_> {
    pub(super) fn next_period(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let directives: Vec<_> = self.f.directives.iter().filter(|d| self.may(&d.unit_code)).collect();
        out.push(Block::Heading("1. Các ý kiến chỉ đạo của Lãnh đạo Sở".into()));
        if directives.is_empty() {
            out.push(Block::Paragraph(vec![t("Không có ý kiến chỉ đạo nào đang chờ thực hiện.")]));
        }
        for d in directives {
            let mut line = vec![fig(d.text.clone(), "Ý kiến chỉ đạo chưa hoàn thành", "directives", vec![d.id])];
            let mut tail = Vec::new();
            if !d.unit_name.is_empty() {
                tail.push(format!("đơn vị thực hiện: {}", d.unit_name));
            }
            if let Some(dl) = d.deadline {
                tail.push(format!("thời hạn: {}", format::date(dl)));
            }
            if !tail.is_empty() {
                line.push(t(format!(" ({})", tail.join("; "))));
            }
            line.push(t(";"));
            out.push(Block::Bullet(line));
        }
        out.push(Block::Heading(format!("2. Các chỉ tiêu kế hoạch năm {} cần tiếp tục thực hiện", self.period.year())));
        let mut remaining = Vec::new();
        if self.may("TDC") {
            for v in &self.f.verification {
                if let Some(plan) = v.plan.filter(|p| (v.ids.len() as i64) < *p) {
                    let done = v.ids.len() as i64;
                    remaining.push(Block::Bullet(vec![
                        t(format!("Kiểm định phương tiện đo {}: còn ", first_lower(&v.label))),
                        fig(
                            format!("{} phương tiện", format::int(plan - done)),
                            "Chỉ tiêu kế hoạch năm trừ số đã kiểm định",
                            "verifications",
                            v.ids.clone(),
                        ),
                        t(format!(" (đã thực hiện {});", format::plan_vs_done(done, plan))),
                    ]));
                }
            }
        }
        if self.may("TTUD") {
            for s in &self.f.sales {
                if let Some(plan) = s.plan.filter(|p| s.quantity < *p) {
                    remaining.push(Block::Bullet(vec![
                        t(format!("Tiêu thụ {}: còn ", first_lower(&s.name))),
                        fig(
                            format!("{} {}", format::int(plan - s.quantity), s.measure),
                            "Chỉ tiêu kế hoạch năm trừ số đã tiêu thụ",
                            "sales",
                            s.ids.clone(),
                        ),
                        t(format!(" (đã thực hiện {});", format::plan_vs_done(s.quantity, plan))),
                    ]));
                }
            }
        }
        for p in self.f.typed_plans.iter().filter(|p| self.may(&p.unit_code)) {
            let done = p.achieved.unwrap_or(0);
            if done < p.target {
                remaining.push(Block::Bullet(vec![
                    t(format!("{}: còn ", p.name)),
                    fig(
                        format!("{} {}", format::int(p.target - done), p.measure),
                        "Chỉ tiêu kế hoạch năm trừ kết quả đơn vị ghi nhận",
                        "plan_indicators",
                        vec![p.id],
                    ),
                    t(format!(" (đã thực hiện {});", format::plan_vs_done(done, p.target))),
                ]));
            }
        }
        let any_target = self.f.verification.iter().any(|v| v.plan.is_some())
            || self.f.sales.iter().any(|s| s.plan.is_some())
            || !self.f.typed_plans.is_empty();
        if remaining.is_empty() {
            out.push(Block::Paragraph(vec![t(if any_target {
                "Các chỉ tiêu kế hoạch năm đã hoàn thành."
            } else {
                "Chưa có chỉ tiêu kế hoạch năm nào được giao."
            })]));
        }
        out.extend(remaining);
        let planned = &self.f.tasks.planned_inspections;
        if !planned.is_empty() && self.may("QLKH") {
            out.push(Block::Heading("3. Thanh tra, kiểm tra nhiệm vụ KH&CN theo kế hoạch".into()));
            for (id, title) in planned {
                out.push(Block::Bullet(vec![
                    t("Thanh tra, kiểm tra việc thực hiện nhiệm vụ "),
                    fig(
                        format!("«{title}»"),
                        "Nhiệm vụ có kế hoạch thanh tra, kiểm tra sau kỳ báo cáo",
                        "tasks",
                        vec![*id],
                    ),
                    t(";"),
                ]));
            }
        }
        out
    }
}

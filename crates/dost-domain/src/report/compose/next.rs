//! Part III: the next period — directives still to carry out, what remains
//! of the year's targets (or, in the year report, next year's plan), task
//! inspections planned.

use super::shortcomings::end_of;
use super::{Composer, fig, t};
use crate::format;
use crate::report::{Block, PeriodKind};

impl Composer<'_> {
    pub(super) fn next_period(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let mut n = 0;
        let mut heading = |out: &mut Vec<Block>, title: String| {
            n += 1;
            out.push(Block::Heading(format!("{n}. {title}")));
        };
        let directives: Vec<_> = self.f.directives.iter().filter(|d| self.of_unit(&d.unit_code)).collect();
        heading(&mut out, "Thực hiện các ý kiến chỉ đạo của Lãnh đạo Sở".into());
        if directives.is_empty() {
            out.push(Block::Paragraph(vec![t(format!(
                "Đến ngày {}, không có ý kiến chỉ đạo nào đang chờ thực hiện.",
                format::date(self.period.to)
            ))]));
        }
        for (i, d) in directives.iter().enumerate() {
            let mut line = vec![fig(
                d.text.clone(),
                "Ý kiến chỉ đạo đã giao đến ngày cuối kỳ, chưa hoàn thành vào ngày đó",
                "directives",
                vec![d.id],
            )];
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
            line.push(t(end_of(i, directives.len())));
            out.push(Block::Bullet(line));
        }
        let year = self.period.year();
        if matches!(self.period.kind, Some((PeriodKind::Year, _))) {
            heading(&mut out, format!("Thực hiện kế hoạch năm {}", year + 1));
            let next: Vec<_> = self.f.next_year.iter().filter(|p| self.of_unit(&p.unit_code)).collect();
            if next.is_empty() {
                out.push(Block::Paragraph(vec![t(format!(
                    "Chỉ tiêu kế hoạch năm {} chưa được ghi nhận trong hệ thống.",
                    year + 1
                ))]));
            }
            for (i, p) in next.iter().enumerate() {
                out.push(Block::Bullet(vec![
                    t(format!("{}: ", p.name)),
                    fig(
                        format!("{} {}", format::count(p.target), p.measure),
                        format!("Chỉ tiêu kế hoạch năm {}", year + 1),
                        "plan_indicators",
                        vec![p.id],
                    ),
                    t(end_of(i, next.len())),
                ]));
            }
        } else {
            let targets = self.targets();
            if !targets.is_empty() {
                heading(&mut out, format!("Hoàn thành các chỉ tiêu kế hoạch năm {year}"));
                let remaining: Vec<_> = targets.iter().filter(|g| g.done < g.plan).collect();
                if remaining.is_empty() {
                    out.push(Block::Paragraph(vec![t(format!(
                        "Các chỉ tiêu kế hoạch năm {year} đã hoàn thành; tiếp tục duy trì kết quả."
                    ))]));
                }
                for (i, g) in remaining.iter().enumerate() {
                    out.push(Block::Bullet(vec![
                        t(format!("{}: thực hiện thêm ", g.what)),
                        fig(
                            format!("{} {}", format::count(g.plan - g.done), g.measure),
                            "Chỉ tiêu kế hoạch năm trừ kết quả từ đầu năm đến hết kỳ",
                            g.table,
                            g.ids.clone(),
                        ),
                        t(format!(
                            " để đạt kế hoạch năm (lũy kế đã thực hiện {}){}",
                            format::plan_vs_done(g.done, g.plan),
                            end_of(i, remaining.len())
                        )),
                    ]));
                }
            }
        }
        let planned = &self.f.tasks.planned_inspections;
        if !planned.is_empty() && self.may("linh-vuc:khoa-hoc") {
            heading(&mut out, "Thanh tra, kiểm tra nhiệm vụ KH&CN theo kế hoạch".into());
            for (i, (id, title, on)) in planned.iter().enumerate() {
                out.push(Block::Bullet(vec![
                    t("Thanh tra, kiểm tra việc thực hiện nhiệm vụ "),
                    fig(
                        format!("“{title}”"),
                        "Nhiệm vụ có kế hoạch thanh tra, kiểm tra sau kỳ báo cáo",
                        "tasks",
                        vec![*id],
                    ),
                    t(format!(" vào ngày {}{}", format::date(*on), end_of(i, planned.len()))),
                ]));
            }
        }
        out
    }
}

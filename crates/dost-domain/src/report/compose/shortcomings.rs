//! Part II: the shortcomings the data shows — targets behind the pace of
//! the year (or missed, in the year report), dossiers returned late or
//! overdue, directives past their deadline, tasks running past their end.
//! Staff add the causes.

use super::{Composer, counted, fig, first_lower, t};
use crate::format;
use crate::report::{Block, PeriodKind, Span};

/// A target and how far it got by the period's end.
pub(super) struct Progress<'a> {
    pub what: String,
    pub done: i64,
    pub plan: i64,
    pub measure: &'a str,
    pub table: &'static str,
    pub ids: Vec<i64>,
}

impl Composer<'_> {
    /// Every target the report's units carry, with what was done by the end.
    pub(super) fn targets(&self) -> Vec<Progress<'_>> {
        let mut out = Vec::new();
        if self.may("linh-vuc:tdc") {
            for v in self.f.verification.iter().filter(|v| v.plan.is_some()) {
                out.push(Progress {
                    what: format!("Kiểm định phương tiện đo {}", first_lower(&v.label)),
                    done: v.ytd_ids.len() as i64,
                    plan: v.plan.unwrap_or(0),
                    measure: "phương tiện",
                    table: "verifications",
                    ids: v.ytd_ids.clone(),
                });
            }
        }
        if self.may("linh-vuc:ung-dung") {
            for s in self.f.sales.iter().filter(|s| s.plan.is_some()) {
                out.push(Progress {
                    what: format!("Tiêu thụ {}", first_lower(&s.name)),
                    done: s.ytd_quantity,
                    plan: s.plan.unwrap_or(0),
                    measure: &s.measure,
                    table: "sales",
                    ids: s.ytd_ids.clone(),
                });
            }
        }
        for p in self.f.typed_plans.iter().filter(|p| self.of_unit(&p.unit_code)) {
            out.push(Progress {
                what: p.name.clone(),
                done: p.achieved.unwrap_or(0),
                plan: p.target,
                measure: &p.measure,
                table: "plan_indicators",
                ids: vec![p.id],
            });
        }
        out
    }

    pub(super) fn shortcomings(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let year_end = matches!(self.period.kind, Some((PeriodKind::Year, _)));
        let elapsed = self.period.elapsed_permille();
        let behind: Vec<_> =
            self.targets().into_iter().filter(|g| g.plan > 0 && g.done * 1000 < elapsed * g.plan).collect();
        for (i, g) in behind.iter().enumerate() {
            let mut line = vec![
                t(format!("{} mới thực hiện ", g.what)),
                fig(
                    format::plan_vs_done_in(g.done, g.plan, g.measure),
                    "Kết quả từ đầu năm đến hết kỳ / chỉ tiêu kế hoạch năm",
                    g.table,
                    g.ids.clone(),
                ),
            ];
            if year_end {
                line.push(t(", không hoàn thành kế hoạch năm"));
            }
            line.push(t(end_of(i, behind.len())));
            out.push(Block::Bullet(line));
        }
        if self.may("linh-vuc:mot-cua") {
            let late: Vec<i64> = self.f.dossiers.iter().filter(|d| d.late > 0).flat_map(|d| d.ids.clone()).collect();
            let late_count: i64 = self.f.dossiers.iter().map(|d| d.late).sum();
            if late_count > 0 {
                out.push(Block::Paragraph(vec![
                    t("Còn "),
                    Span::Figure {
                        text: format!("{} hồ sơ", format::count(late_count)),
                        source: crate::report::Source::new(
                            "Hồ sơ trả kết quả trong kỳ sau hạn giải quyết (trong các thủ tục có hồ sơ trả muộn)",
                            "dossiers",
                            late,
                        ),
                    },
                    t(" thủ tục hành chính trả kết quả quá hạn."),
                ]));
            }
            let overdue = &self.f.dossier_flow.pending_overdue;
            if !overdue.is_empty() {
                out.push(Block::Paragraph(vec![
                    t(format!("Đến ngày {}, ", format::date(self.period.to))),
                    counted(overdue, "hồ sơ", "Hồ sơ chưa trả kết quả, đã quá hạn vào ngày cuối kỳ", "dossiers"),
                    t(" đã quá hạn giải quyết nhưng chưa trả kết quả."),
                ]));
            }
        }
        let late_directives: Vec<i64> = self
            .f
            .directives
            .iter()
            .filter(|d| self.of_unit(&d.unit_code) && d.deadline.is_some_and(|dl| dl < self.period.to))
            .map(|d| d.id)
            .collect();
        if !late_directives.is_empty() {
            out.push(Block::Paragraph(vec![
                counted(
                    &late_directives,
                    "ý kiến chỉ đạo",
                    "Ý kiến chỉ đạo chưa hoàn thành, đã quá thời hạn vào ngày cuối kỳ",
                    "directives",
                ),
                t(" của Lãnh đạo Sở đã quá thời hạn nhưng chưa hoàn thành."),
            ]));
        }
        if self.may("linh-vuc:khoa-hoc") && !self.f.tasks.overdue.is_empty() {
            out.push(Block::Paragraph(vec![
                counted(
                    &self.f.tasks.overdue,
                    "nhiệm vụ KH&CN",
                    "Nhiệm vụ đang thực hiện vào ngày cuối kỳ, đã qua thời hạn kết thúc (kể cả gia hạn)",
                    "tasks",
                ),
                t(" đã hết thời gian thực hiện theo hợp đồng nhưng chưa đánh giá, nghiệm thu."),
            ]));
        }
        if out.is_empty() {
            out.push(Block::Paragraph(vec![t(format!(
                "Số liệu ghi nhận trong hệ thống đến ngày {} không cho thấy chỉ tiêu nào chậm so với tiến độ, \
                 hồ sơ nào trả kết quả quá hạn, ý kiến chỉ đạo nào quá hạn hay nhiệm vụ nào chậm tiến độ.",
                format::date(self.period.to)
            ))]));
        } else if !behind.is_empty() {
            out.insert(
                0,
                Block::Paragraph(vec![t(if year_end {
                    "Các chỉ tiêu kế hoạch năm chưa hoàn thành:".to_string()
                } else {
                    format!(
                        "Đến ngày {}, khi đã qua {} thời gian của năm, các chỉ tiêu kế hoạch năm sau còn chậm so với tiến độ:",
                        format::date(self.period.to),
                        format::percent(elapsed, 1000)
                    )
                })]),
            );
        }
        out
    }
}

/// ";" after each item of a list, "." after the last.
pub(super) fn end_of(i: usize, n: usize) -> &'static str {
    if i + 1 == n { "." } else { ";" }
}

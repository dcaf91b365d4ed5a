//! Part I.1: the S&T tasks under way on the period's last day, new tasks'
//! councils and appraisals (cumulative from the start of the year), tasks
//! accepted, recognised, extended or terminated in the period, proposals.

use super::{Composer, counted, fig, first_upper, t};
use crate::format;
use crate::report::{Block, Span};

impl Composer<'_> {
    pub(super) fn tasks(&self) -> Vec<Block> {
        let tf = &self.f.tasks;
        let year = self.period.year();
        let mut out = Vec::new();
        let groups: [(&[i64], &str, &str); 5] = [
            (
                &tf.provincial,
                "nhiệm vụ KH&CN cấp tỉnh",
                "Nhiệm vụ cấp tỉnh (trừ sở hữu trí tuệ) ở bước ký hợp đồng, đang thực hiện hoặc nghiệm thu cơ sở vào ngày cuối kỳ",
            ),
            (&tf.ministry, "dự án cấp Bộ", "Dự án cấp Bộ đang thực hiện vào ngày cuối kỳ"),
            (
                &tf.rural,
                "dự án thuộc Chương trình nông thôn miền núi",
                "Dự án nông thôn miền núi đang thực hiện vào ngày cuối kỳ",
            ),
            (&tf.national, "dự án cấp quốc gia", "Dự án cấp quốc gia đang thực hiện vào ngày cuối kỳ"),
            (
                &tf.urgent,
                "dự án cấp thiết ở địa phương sử dụng ngân sách trung ương",
                "Dự án cấp thiết địa phương đang thực hiện vào ngày cuối kỳ",
            ),
        ];
        let present: Vec<_> = groups.iter().filter(|g| !g.0.is_empty()).collect();
        if present.is_empty() {
            out.push(Block::Paragraph(vec![t(format!(
                "Đến ngày {}, không có nhiệm vụ khoa học và công nghệ nào đang thực hiện.",
                format::date(self.period.to)
            ))]));
        } else {
            let mut p = vec![t("Theo dõi, quản lý ")];
            for (i, (ids, noun, rule)) in present.iter().enumerate() {
                if i > 0 {
                    p.push(t(if i + 1 == present.len() { " và " } else { "; " }));
                }
                p.push(counted(ids, noun, rule, "tasks"));
            }
            p.push(t(format!(" đang triển khai thực hiện đến ngày {}.", format::date(self.period.to))));
            out.push(Block::Paragraph(p));
        }
        let n = tf.new_tasks.len() as i64;
        if n == 0 {
            out.push(Block::Paragraph(vec![t(format!(
                "Đến ngày {}, chưa có nhiệm vụ KH&CN cấp tỉnh bắt đầu thực hiện năm {year} được UBND tỉnh phê duyệt danh mục.",
                format::date(self.period.to)
            ))]));
        } else {
            let mut p = vec![
                t("Đối với "),
                counted(
                    &tf.new_tasks,
                    &format!("nhiệm vụ cấp tỉnh bắt đầu thực hiện năm {year}"),
                    "Nhiệm vụ cấp tỉnh (trừ sở hữu trí tuệ) bắt đầu trong năm kế hoạch, có danh mục được phê duyệt đến ngày cuối kỳ",
                    "tasks",
                ),
                t(" đã được UBND tỉnh phê duyệt danh mục: "),
            ];
            p.extend(self.held(
                "đã tổ chức hội đồng tuyển chọn, giao trực tiếp cho",
                (&tf.with_council, &tf.with_council_in_period),
                n,
                "Nhiệm vụ mới có hội đồng tuyển chọn hoặc giao trực tiếp đã họp",
            ));
            p.push(t("; "));
            p.extend(self.held(
                "đã thẩm định nội dung và kinh phí",
                (&tf.appraised, &tf.appraised_in_period),
                n,
                "Nhiệm vụ mới có hội đồng thẩm định nội dung, kinh phí đã họp",
            ));
            p.push(t("."));
            out.push(Block::Paragraph(p));
        }
        out.push(Block::Paragraph(self.milestones()));
        if !tf.proposed_next.is_empty() {
            out.push(Block::Paragraph(vec![
                t("Tham mưu UBND tỉnh đề xuất với Bộ Khoa học và Công nghệ "),
                counted(
                    &tf.proposed_next,
                    &format!("dự án thuộc Chương trình nông thôn miền núi thực hiện từ năm {}", year + 1),
                    "Dự án nông thôn miền núi ở bước đề xuất vào ngày cuối kỳ, bắt đầu năm sau",
                    "tasks",
                ),
                t("."),
            ]));
        }
        out
    }

    /// "đã tổ chức … 07/07 nhiệm vụ" (cumulative), with how many within the
    /// period when it does not start with the year.
    fn held(&self, lead: &str, (so_far, now): (&[i64], &[i64]), of: i64, rule: &str) -> Vec<Span> {
        let mut out = vec![
            t(format!("{lead} ")),
            fig(
                format!("{}/{}", format::count(so_far.len() as i64), format::count(of)),
                format!("{rule} đến ngày cuối kỳ / số nhiệm vụ mới"),
                "tasks",
                so_far.to_vec(),
            ),
            t(" nhiệm vụ"),
        ];
        if !self.period.is_year_to_date() && !now.is_empty() {
            out.push(t(", trong đó "));
            out.push(counted(now, &format!("nhiệm vụ {}", self.period.within()), &format!("{rule} trong kỳ"), "tasks"));
        }
        out
    }

    /// Tasks accepted, recognised, extended or terminated in the period.
    fn milestones(&self) -> Vec<Span> {
        let tf = &self.f.tasks;
        let kinds: [(&[i64], &str, &str); 4] = [
            (&tf.accepted, "đánh giá, nghiệm thu", "Nhiệm vụ có bước đánh giá, nghiệm thu trong kỳ"),
            (&tf.recognised, "công nhận kết quả", "Nhiệm vụ có quyết định công nhận kết quả trong kỳ"),
            (&tf.extended, "gia hạn thời gian thực hiện", "Nhiệm vụ được gia hạn trong kỳ"),
            (&tf.terminated, "chấm dứt", "Nhiệm vụ bị chấm dứt trong kỳ"),
        ];
        let done: Vec<_> = kinds.iter().filter(|k| !k.0.is_empty()).collect();
        let within = self.period.within();
        if done.is_empty() {
            return vec![t(format!(
                "{}, không có nhiệm vụ nào được đánh giá, nghiệm thu, công nhận kết quả, gia hạn hay chấm dứt.",
                first_upper(within)
            ))];
        }
        let mut p = vec![t(format!("{}, đã ", first_upper(within)))];
        for (i, (ids, verb, rule)) in done.iter().enumerate() {
            if i > 0 {
                p.push(t(if i + 1 == done.len() { " và " } else { "; " }));
            }
            p.push(t(format!("{verb} ")));
            p.push(counted(ids, "nhiệm vụ", rule, "tasks"));
        }
        p.push(t("."));
        p
    }
}

//! Part 1: the S&T tasks under way, new tasks' councils and appraisals, proposals.

use super::{Composer, counted, fig, t};
use crate::format;
use crate::report::Block;

impl Composer<'_> {
    pub(super) fn tasks(&self) -> Vec<Block> {
        let tf = &self.f.tasks;
        let year = self.period.year();
        let mut out = Vec::new();
        let groups: [(&[i64], &str, &str); 6] = [
            (
                &tf.provincial,
                "nhiệm vụ KH&CN cấp tỉnh",
                "Nhiệm vụ cấp tỉnh đang thực hiện (đã ký hợp đồng, đang thực hiện, đang đánh giá cơ sở), trừ nhiệm vụ sở hữu trí tuệ",
            ),
            (&tf.ministry, "dự án cấp Bộ", "Dự án cấp Bộ đang thực hiện"),
            (&tf.rural, "dự án thuộc Chương trình nông thôn miền núi", "Dự án nông thôn miền núi đang thực hiện"),
            (&tf.national, "dự án cấp quốc gia", "Dự án cấp quốc gia đang thực hiện"),
            (
                &tf.urgent,
                "dự án cấp thiết ở địa phương sử dụng ngân sách trung ương",
                "Dự án cấp thiết địa phương đang thực hiện",
            ),
            (&tf.ip, "nhiệm vụ về sở hữu trí tuệ", "Nhiệm vụ cấp tỉnh lĩnh vực sở hữu trí tuệ đang thực hiện"),
        ];
        let present: Vec<_> = groups.iter().filter(|g| !g.0.is_empty()).collect();
        if present.is_empty() {
            out.push(Block::Paragraph(vec![t("Trong kỳ không có nhiệm vụ khoa học và công nghệ nào đang thực hiện.")]));
        } else {
            let mut p = vec![t("Theo dõi, quản lý ")];
            for (i, (ids, noun, rule)) in present.iter().enumerate() {
                if i > 0 {
                    p.push(t(if i + 1 == present.len() { " và " } else { "; " }));
                }
                p.push(counted(ids, noun, rule, "tasks"));
            }
            p.push(t(" đang triển khai thực hiện."));
            out.push(Block::Paragraph(p));
        }
        let n = tf.new_tasks.len() as i64;
        if n == 0 {
            out.push(Block::Paragraph(vec![t(format!(
                "Chưa có nhiệm vụ KH&CN cấp tỉnh bắt đầu thực hiện năm {year} được phê duyệt."
            ))]));
        } else {
            let ratio = |ids: &[i64]| format!("{}/{}", format::count(ids.len() as i64), format::count(n));
            out.push(Block::Paragraph(vec![
                t("Đối với "),
                counted(
                    &tf.new_tasks,
                    &format!("nhiệm vụ cấp tỉnh bắt đầu thực hiện năm {year}"),
                    "Nhiệm vụ cấp tỉnh (trừ sở hữu trí tuệ) có ngày bắt đầu trong năm kế hoạch",
                    "tasks",
                ),
                t(" đã được UBND tỉnh phê duyệt: đã tổ chức hội đồng tuyển chọn, giao trực tiếp cho "),
                fig(
                    ratio(&tf.with_council),
                    "Nhiệm vụ mới có hội đồng tuyển chọn hoặc giao trực tiếp họp trong kỳ / số nhiệm vụ mới",
                    "tasks",
                    tf.with_council.clone(),
                ),
                t(" nhiệm vụ; thẩm định nội dung và kinh phí "),
                fig(
                    ratio(&tf.appraised),
                    "Nhiệm vụ mới có hội đồng thẩm định nội dung, kinh phí họp trong kỳ / số nhiệm vụ mới",
                    "tasks",
                    tf.appraised.clone(),
                ),
                t(" nhiệm vụ."),
            ]));
        }
        if !tf.proposed_next.is_empty() {
            out.push(Block::Paragraph(vec![
                t("Đề xuất với Bộ Khoa học và Công nghệ "),
                counted(
                    &tf.proposed_next,
                    &format!("dự án thuộc Chương trình nông thôn miền núi thực hiện từ năm {}", year + 1),
                    "Dự án nông thôn miền núi ở giai đoạn đề xuất, bắt đầu năm sau",
                    "tasks",
                ),
                t("."),
            ]));
        }
        out
    }
}

//! Technology, intellectual property, radiation safety, and standards –
//! metrology – quality (verifications against the plan, guidance, ISO 9001).

use super::{Composer, against_plan, counted, fig, first_lower, ids_of, t};
use crate::format;
use crate::report::Block;
use crate::report::words::count_of;

impl Composer<'_> {
    /// Technology, IP and radiation safety (Phòng Quản lý chuyên ngành).
    pub(super) fn technology(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let tech = self.f.dossiers_of("cong_nghe");
        if tech.is_empty() {
            out.push(Block::Paragraph(vec![t(
                "Trong kỳ chưa có hồ sơ thẩm định, có ý kiến về công nghệ dự án đầu tư.",
            )]));
        } else {
            let mut p = vec![t("Về quản lý công nghệ: ")];
            for (i, d) in tech.iter().enumerate() {
                if i > 0 {
                    p.push(t("; "));
                }
                p.push(t(format!("{} ", first_lower(&d.name))));
                p.push(counted(
                    &d.ids,
                    "hồ sơ",
                    &format!("Hồ sơ thủ tục «{}» trả kết quả trong kỳ", d.name),
                    "dossiers",
                ));
            }
            p.push(t("."));
            out.push(Block::Paragraph(p));
        }
        let support = self.f.dossiers_of("shtt");
        let mut p = vec![t("Về sở hữu trí tuệ: ")];
        if support.is_empty() {
            p.push(t("chưa có hồ sơ đề nghị hỗ trợ xác lập quyền sở hữu công nghiệp được giải quyết trong kỳ."));
        } else {
            for (i, d) in support.iter().enumerate() {
                if i > 0 {
                    p.push(t("; "));
                }
                p.push(t(format!("{}: ", first_lower(&d.name))));
                p.push(counted(
                    &d.ids,
                    "hồ sơ",
                    &format!("Hồ sơ thủ tục «{}» trả kết quả trong kỳ", d.name),
                    "dossiers",
                ));
                p.push(t(", kinh phí hỗ trợ "));
                p.push(fig(format::money(d.amount), "Tổng kinh phí hỗ trợ của các hồ sơ", "dossiers", d.ids.clone()));
            }
            p.push(t("."));
        }
        out.push(Block::Paragraph(p));
        let radiation = self.f.dossiers_of("buc_xa");
        let ids: Vec<i64> = radiation.iter().flat_map(|d| d.ids.iter().copied()).collect();
        if ids.is_empty() {
            out.push(Block::Paragraph(vec![t(
                "Về an toàn bức xạ, hạt nhân: chưa có hồ sơ nào được giải quyết trong kỳ.",
            )]));
        } else {
            let (early, on_time, late) =
                radiation.iter().fold((0, 0, 0), |a, d| (a.0 + d.early, a.1 + d.on_time, a.2 + d.late));
            let mut p = vec![
                t("Về an toàn bức xạ, hạt nhân: tiếp nhận và giải quyết "),
                counted(&ids, "hồ sơ", "Hồ sơ thủ tục an toàn bức xạ, hạt nhân trả kết quả trong kỳ", "dossiers"),
                t(" ("),
            ];
            for (i, d) in radiation.iter().enumerate() {
                if i > 0 {
                    p.push(t("; "));
                }
                p.push(t(format!("{}: ", first_lower(&d.name))));
                p.push(fig(
                    format::count(d.ids.len() as i64),
                    format!("Hồ sơ thủ tục «{}»", d.name),
                    "dossiers",
                    d.ids.clone(),
                ));
            }
            let parts: Vec<String> = [(early, "trước hạn"), (on_time, "đúng hạn"), (late, "quá hạn")]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, l)| format!("{} {l}", format::count(*n)))
                .collect();
            p.push(t(format!("), trong đó {}.", parts.join(", "))));
            out.push(Block::Paragraph(p));
        }
        out
    }

    /// Standards, metrology and quality (Chi cục TĐC).
    pub(super) fn standards(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let v = &self.f.verification;
        if v.iter().all(|x| x.ids.is_empty()) {
            out.push(Block::Paragraph(vec![t("Chưa có phương tiện đo nào được kiểm định trong kỳ.")]));
        } else {
            let mut p = vec![t("Kiểm định phương tiện đo so với kế hoạch năm: ")];
            let shown: Vec<_> = v.iter().filter(|x| !x.ids.is_empty() || x.plan.is_some()).collect();
            for (i, x) in shown.iter().enumerate() {
                if i > 0 {
                    p.push(t("; "));
                }
                p.push(t(format!("{} ", first_lower(&x.label))));
                p.push(fig(
                    against_plan(x.ids.len() as i64, x.plan),
                    format!(
                        "Phương tiện đo lĩnh vực {} kiểm định trong kỳ / chỉ tiêu kế hoạch năm",
                        first_lower(&x.label)
                    ),
                    "verifications",
                    x.ids.clone(),
                ));
            }
            p.push(t("."));
            out.push(Block::Paragraph(p));
            out.push(Block::Table {
                title: "Kết quả kiểm định phương tiện đo".into(),
                header: vec!["Lĩnh vực".into(), "Kế hoạch năm".into(), "Đã thực hiện".into(), "Tỷ lệ".into()],
                rows: shown
                    .iter()
                    .map(|x| {
                        let done = x.ids.len() as i64;
                        vec![
                            t(x.label.clone()),
                            t(x.plan.map(format::int).unwrap_or_default()),
                            fig(
                                format::int(done),
                                format!("Phương tiện đo lĩnh vực {} kiểm định trong kỳ", first_lower(&x.label)),
                                "verifications",
                                x.ids.clone(),
                            ),
                            t(x.plan.map(|p| format::percent(done, p)).unwrap_or_default()),
                        ]
                    })
                    .collect(),
            });
        }
        let support = self.f.dossiers_of("nang_suat");
        for d in support {
            out.push(Block::Paragraph(vec![
                t(format!("{}: ", d.name)),
                counted(&d.ids, "hồ sơ", &format!("Hồ sơ thủ tục «{}» trả kết quả trong kỳ", d.name), "dossiers"),
                t(", kinh phí hỗ trợ "),
                fig(format::money(d.amount), "Tổng kinh phí hỗ trợ của các hồ sơ", "dossiers", d.ids.clone()),
                t("."),
            ]));
        }
        let ins = &self.f.inspections;
        let guidance = ids_of(ins, |i| i.kind == "huong_dan", |i| i.id);
        let iso = ids_of(ins, |i| i.kind == "kiem_tra" && i.domain == "iso_9001", |i| i.id);
        let mut p = Vec::new();
        if !guidance.is_empty() {
            p.extend([
                t("Hướng dẫn "),
                fig(
                    count_of(self.f.distinct_subjects(&guidance), "cơ sở"),
                    "Số cơ sở khác nhau được hướng dẫn trong kỳ",
                    "inspections",
                    guidance,
                ),
                t(" về tiêu chuẩn, đo lường, chất lượng. "),
            ]);
        }
        if !iso.is_empty() {
            p.extend([
                t("Kiểm tra việc áp dụng hệ thống quản lý chất lượng TCVN ISO 9001:2015 tại "),
                fig(
                    count_of(self.f.distinct_subjects(&iso), "cơ quan hành chính nhà nước"),
                    "Số cơ quan khác nhau được kiểm tra ISO 9001 trong kỳ",
                    "inspections",
                    iso,
                ),
                t("."),
            ]);
        }
        if !p.is_empty() {
            out.push(Block::Paragraph(p));
        }
        out
    }
}

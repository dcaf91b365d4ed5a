//! Technology, intellectual property, radiation safety, and standards –
//! metrology – quality (verifications against the plan, guidance, ISO 9001).

use super::{Composer, Measure, counted, fig, first_lower, first_upper, ids_of, t};
use crate::format;
use crate::report::words::count_of;
use crate::report::{Block, TableKind};

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
                // "thẩm định công nghệ 02 dự án đầu tư": the count before what is counted
                let name = first_lower(&d.name);
                let (verb, noun) = match name.strip_suffix(" dự án đầu tư") {
                    Some(verb) => (verb.to_string(), "dự án đầu tư"),
                    None => (name.clone(), "hồ sơ"),
                };
                p.push(t(format!("{verb} ")));
                p.push(counted(&d.ids, noun, &format!("Hồ sơ thủ tục “{}” trả kết quả trong kỳ", d.name), "dossiers"));
            }
            p.push(t("."));
            out.push(Block::Paragraph(p));
        }
        let support = self.f.dossiers_of("shtt");
        let mut p = vec![t("Về sở hữu trí tuệ: ")];
        p.extend(self.ip_tasks());
        if support.is_empty() {
            p.push(t("chưa có hồ sơ đề nghị hỗ trợ xác lập quyền sở hữu công nghiệp được giải quyết trong kỳ."));
        } else {
            for (i, d) in support.iter().enumerate() {
                if i > 0 {
                    p.push(t("; "));
                }
                p.push(t(format!("thực hiện thủ tục {} đối với ", first_lower(&d.name))));
                p.push(counted(
                    &d.ids,
                    "hồ sơ",
                    &format!("Hồ sơ thủ tục “{}” trả kết quả trong kỳ", d.name),
                    "dossiers",
                ));
                p.push(t(" với kinh phí hỗ trợ "));
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
            // "gồm: <thủ tục> 06 hồ sơ; …" (procedure names may hold parentheses of their own)
            let mut p = vec![
                t("Về an toàn bức xạ, hạt nhân: tiếp nhận và giải quyết "),
                counted(&ids, "hồ sơ", "Hồ sơ thủ tục an toàn bức xạ, hạt nhân trả kết quả trong kỳ", "dossiers"),
                t(", gồm: "),
            ];
            for (i, d) in radiation.iter().enumerate() {
                if i > 0 {
                    p.push(t("; "));
                }
                p.push(t(format!("{} ", first_lower(&d.name))));
                p.push(counted(&d.ids, "hồ sơ", &format!("Hồ sơ thủ tục “{}”", d.name), "dossiers"));
            }
            let parts: Vec<String> = [(early, "trước hạn"), (on_time, "đúng hạn"), (late, "quá hạn")]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, l)| format!("{l} {}", count_of(*n, "hồ sơ")))
                .collect();
            p.push(t(format!("; đã trả kết quả {}.", parts.join(", "))));
            out.push(Block::Paragraph(p));
        }
        out
    }

    /// Standards, metrology and quality (Chi cục TĐC).
    pub(super) fn standards(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let v = &self.f.verification;
        if v.iter().all(|x| x.ytd_ids.is_empty()) {
            out.push(Block::Paragraph(vec![t("Từ đầu năm đến hết kỳ, chưa có phương tiện đo nào được kiểm định.")]));
        } else {
            let mut p = vec![t("Kiểm định phương tiện đo so với kế hoạch năm: ")];
            let shown: Vec<_> = v.iter().filter(|x| !x.ytd_ids.is_empty() || x.plan.is_some()).collect();
            for (i, x) in shown.iter().enumerate() {
                if i > 0 {
                    p.push(t("; "));
                }
                p.push(t(format!("{} ", first_lower(&x.label))));
                let what = Measure {
                    measure: "",
                    rule: format!("Phương tiện đo lĩnh vực {} được kiểm định", first_lower(&x.label)),
                    table: "verifications",
                };
                p.extend(self.progress(
                    (x.ids.len() as i64, &x.ids),
                    (x.ytd_ids.len() as i64, &x.ytd_ids),
                    x.plan,
                    &what,
                ));
            }
            p.push(t("."));
            out.push(Block::Paragraph(p));
            let cumulative = !self.period.is_year_to_date();
            let mut header = vec!["Lĩnh vực".to_string(), "Kế hoạch năm".into()];
            if cumulative {
                header.push(first_upper(self.period.within()));
            }
            header.extend(["Lũy kế từ đầu năm".to_string(), "Tỷ lệ so với kế hoạch".into()]);
            out.push(Block::Table {
                kind: TableKind::Verifications,
                title: "Kết quả kiểm định phương tiện đo".into(),
                header,
                rows: shown
                    .iter()
                    .map(|x| {
                        let done = x.ytd_ids.len() as i64;
                        let label = first_lower(&x.label);
                        let mut row = vec![t(x.label.clone()), t(x.plan.map(format::count).unwrap_or_default())];
                        if cumulative {
                            row.push(fig(
                                format::count(x.ids.len() as i64),
                                format!("Phương tiện đo lĩnh vực {label} kiểm định trong kỳ"),
                                "verifications",
                                x.ids.clone(),
                            ));
                        }
                        row.push(fig(
                            format::count(done),
                            format!("Phương tiện đo lĩnh vực {label} kiểm định từ đầu năm đến hết kỳ"),
                            "verifications",
                            x.ytd_ids.clone(),
                        ));
                        row.push(t(x.plan.map(|p| format::percent(done, p)).unwrap_or_default()));
                        row
                    })
                    .collect(),
            });
        }
        let support = self.f.dossiers_of("nang_suat");
        for d in support {
            out.push(Block::Paragraph(vec![
                t(format!("{}: ", d.name)),
                counted(&d.ids, "hồ sơ", &format!("Hồ sơ thủ tục “{}” trả kết quả trong kỳ", d.name), "dossiers"),
                t(" với kinh phí hỗ trợ "),
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

impl Composer<'_> {
    /// "theo dõi 04 nhiệm vụ … về sở hữu trí tuệ đang thực hiện; tổ chức hội
    /// đồng tuyển chọn, giao trực tiếp 01/01 nhiệm vụ … bắt đầu năm 2020; ".
    fn ip_tasks(&self) -> Vec<crate::report::Span> {
        let tf = &self.f.tasks;
        let mut p = Vec::new();
        if !tf.ip.is_empty() {
            p.extend([
                t("theo dõi, quản lý "),
                counted(
                    &tf.ip,
                    "nhiệm vụ KH&CN cấp tỉnh về sở hữu trí tuệ",
                    "Nhiệm vụ cấp tỉnh lĩnh vực sở hữu trí tuệ đang thực hiện vào ngày cuối kỳ",
                    "tasks",
                ),
                t(" đang thực hiện; "),
            ]);
        }
        if !tf.new_ip.is_empty() {
            p.extend([
                t("tổ chức hội đồng tuyển chọn, giao trực tiếp "),
                fig(
                    format!(
                        "{}/{}",
                        format::count(tf.ip_with_council.len() as i64),
                        format::count(tf.new_ip.len() as i64)
                    ),
                    "Nhiệm vụ sở hữu trí tuệ bắt đầu trong năm có hội đồng tuyển chọn, giao trực tiếp đã họp / số nhiệm vụ đó",
                    "tasks",
                    tf.ip_with_council.clone(),
                ),
                t(format!(" nhiệm vụ về sở hữu trí tuệ bắt đầu thực hiện năm {}; ", self.period.year())),
            ]);
        }
        p
    }
}

//! Inspections: checks and surveys of the Chi cục, formal inspections of the Thanh tra.

use super::{Composer, counted, domain_label, fig, ids_of, t};
use crate::format;
use crate::report::Block;
use crate::report::words::{count_of, list_of};

impl Composer<'_> {
    /// Checks and surveys of the Chi cục, formal inspections of the Thanh tra.
    pub(super) fn inspections(&self) -> Vec<Block> {
        let ins = &self.f.inspections;
        let mut out = Vec::new();
        if self.may("linh-vuc:tdc") {
            let checks = ids_of(
                ins,
                |i| i.kind == "kiem_tra" && matches!(i.domain.as_str(), "chat_luong" | "do_luong" | "nhan_hang"),
                |i| i.id,
            );
            let survey = ids_of(ins, |i| i.kind == "khao_sat", |i| i.id);
            let mut p = Vec::new();
            if checks.is_empty() {
                p.push(t("Chưa tiến hành kiểm tra chất lượng, đo lường, nhãn hàng hóa trong kỳ. "));
            } else {
                p.extend([
                    t("Kiểm tra về chất lượng, đo lường, nhãn hàng hóa tại "),
                    fig(
                        count_of(self.f.distinct_subjects(&checks), "cơ sở sản xuất, kinh doanh"),
                        "Số cơ sở khác nhau được kiểm tra về chất lượng, đo lường, nhãn hàng hóa",
                        "inspections",
                        checks,
                    ),
                    t(". "),
                ]);
            }
            if !survey.is_empty() {
                // "thành phố Cao Bằng": the kind of place in lower case inside a sentence
                let districts: Vec<String> = self
                    .f
                    .districts_of(&survey)
                    .into_iter()
                    .map(|d| match d.split_once(' ') {
                        Some((w, rest)) if matches!(w, "Thành" | "Huyện" | "Thị") => {
                            format!("{} {rest}", super::first_lower(w))
                        }
                        _ => d,
                    })
                    .collect();
                p.extend([
                    t("Khảo sát chất lượng sản phẩm, hàng hóa tại "),
                    fig(
                        count_of(self.f.distinct_subjects(&survey), "cơ sở"),
                        "Số cơ sở khác nhau được khảo sát trong kỳ",
                        "inspections",
                        survey,
                    ),
                    t(format!(
                        " trên địa bàn {} ({}).",
                        count_of(districts.len() as i64, "huyện, thành phố"),
                        list_of(&districts)
                    )),
                ]);
            }
            out.push(Block::Paragraph(p));
        }
        if self.may("linh-vuc:thanh-tra") {
            let formal = ids_of(ins, |i| i.kind == "thanh_tra", |i| i.id);
            if formal.is_empty() {
                out.push(Block::Paragraph(vec![t("Trong kỳ chưa tiến hành cuộc thanh tra chuyên ngành nào.")]));
            } else {
                let violations: i64 = ins.iter().filter(|i| formal.contains(&i.id)).map(|i| i.violations).sum();
                let fine: i64 = ins.iter().filter(|i| formal.contains(&i.id)).map(|i| i.fine).sum();
                let mut domains: Vec<&str> =
                    ins.iter().filter(|i| formal.contains(&i.id)).map(|i| domain_label(&i.domain)).collect();
                domains.sort();
                domains.dedup();
                let mut p = vec![
                    t("Tiến hành "),
                    counted(&formal, "cuộc thanh tra chuyên ngành", "Các cuộc thanh tra trong kỳ", "inspections"),
                    t(format!(" về {}", list_of(&domains.iter().map(|d| d.to_string()).collect::<Vec<_>>()))),
                ];
                if violations > 0 {
                    p.push(t(format!("; phát hiện {} vi phạm, xử phạt ", format::count(violations))));
                    p.push(fig(
                        format::money(fine),
                        "Tổng tiền phạt của các cuộc thanh tra",
                        "inspections",
                        formal.clone(),
                    ));
                } else {
                    p.push(t("; chưa phát hiện vi phạm"));
                }
                p.push(t("."));
                out.push(Block::Paragraph(p));
            }
        }
        out
    }
}

//! Planning and advice, the applied S&T centre, outreach, the S&T fund.

use super::{Composer, counted, fig, first_lower, t};
use crate::format;
use crate::report::words::{count_of, list_of};
use crate::report::{Block, Source, Span};

impl Composer<'_> {
    pub(super) fn planning(&self) -> Vec<Block> {
        let plans = self.f.simple_of("advisory_documents", &["ke_hoach", "bao_cao"]);
        let drafts = self.f.simple_of("advisory_documents", &["du_thao_vbqppl"]);
        let mut out = Vec::new();
        if plans.is_empty() {
            out.push(Block::Paragraph(vec![t("Trong kỳ chưa có kế hoạch, báo cáo trình UBND tỉnh.")]));
        } else {
            let ids: Vec<i64> = plans.iter().map(|r| r.id).collect();
            out.push(Block::Paragraph(vec![
                t("Tham mưu xây dựng, trình UBND tỉnh "),
                counted(
                    &ids,
                    "kế hoạch, báo cáo",
                    "Kế hoạch, báo cáo tham mưu UBND tỉnh trình trong kỳ",
                    "advisory_documents",
                ),
                t(":"),
            ]));
            for r in plans {
                out.push(Block::Bullet(vec![t(format!("{};", r.title))]));
            }
        }
        if !drafts.is_empty() {
            let ids: Vec<i64> = drafts.iter().map(|r| r.id).collect();
            let titles: Vec<String> = drafts.iter().map(|r| r.title.clone()).collect();
            out.push(Block::Paragraph(vec![
                t("Xây dựng "),
                counted(
                    &ids,
                    "dự thảo văn bản quy phạm pháp luật",
                    "Dự thảo văn bản quy phạm pháp luật trình trong kỳ",
                    "advisory_documents",
                ),
                t(format!(": {}.", titles.join("; "))),
            ]));
        }
        out
    }

    pub(super) fn centre(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let sold: Vec<_> = self.f.sales.iter().filter(|s| !s.ids.is_empty() || s.plan.is_some()).collect();
        if sold.iter().all(|s| s.ids.is_empty()) {
            out.push(Block::Paragraph(vec![t("Chưa ghi nhận sản phẩm nào được tiêu thụ trong kỳ.")]));
        } else {
            let mut p = vec![t("Sản xuất, tiêu thụ sản phẩm so với kế hoạch năm: ")];
            for (i, s) in sold.iter().enumerate() {
                if i > 0 {
                    p.push(t("; "));
                }
                p.push(t(format!("{} ", first_lower(&s.name))));
                p.push(fig(
                    match s.plan {
                        Some(plan) => format::plan_vs_done_in(s.quantity, plan, &s.measure),
                        None => format!("{} {}", format::int(s.quantity), s.measure),
                    },
                    format!("Tổng số lượng {} tiêu thụ trong kỳ / chỉ tiêu kế hoạch năm", first_lower(&s.name)),
                    "sales",
                    s.ids.clone(),
                ));
            }
            let revenue: i64 = sold.iter().map(|s| s.revenue).sum();
            let all: Vec<i64> = sold.iter().flat_map(|s| s.ids.iter().copied()).collect();
            p.push(t("; tổng doanh thu "));
            p.push(fig(format::money(revenue), "Tổng doanh thu các lần bán trong kỳ", "sales", all));
            p.push(t("."));
            out.push(Block::Paragraph(p));
            out.push(Block::Table {
                title: "Sản xuất, tiêu thụ sản phẩm của Trung tâm".into(),
                header: vec![
                    "Sản phẩm".into(),
                    "Đơn vị tính".into(),
                    "Kế hoạch năm".into(),
                    "Đã tiêu thụ".into(),
                    "Tỷ lệ".into(),
                ],
                rows: sold
                    .iter()
                    .map(|s| {
                        vec![
                            t(s.name.clone()),
                            t(s.measure.clone()),
                            t(s.plan.map(format::int).unwrap_or_default()),
                            fig(
                                format::int(s.quantity),
                                format!("Tổng số lượng {} tiêu thụ trong kỳ", first_lower(&s.name)),
                                "sales",
                                s.ids.clone(),
                            ),
                            t(s.plan.map(|p| format::percent(s.quantity, p)).unwrap_or_default()),
                        ]
                    })
                    .collect(),
            });
        }
        let trainings = self.f.simple_of("centre_services", &["tap_huan"]);
        let xray = self.f.simple_of("centre_services", &["kiem_xa_x_quang"]);
        let mut p = Vec::new();
        if !trainings.is_empty() {
            let ids: Vec<i64> = trainings.iter().map(|r| r.id).collect();
            let people: i64 = trainings.iter().map(|r| r.number).sum();
            p.extend([
                t("Tổ chức "),
                counted(&ids, "lớp tập huấn kỹ thuật", "Lớp tập huấn trong kỳ", "centre_services"),
                t(" cho "),
                fig(
                    format!("{} lượt người", format::int(people)),
                    "Tổng số người tham dự các lớp tập huấn",
                    "centre_services",
                    ids,
                ),
                t(". "),
            ]);
        }
        if !xray.is_empty() {
            let ids: Vec<i64> = xray.iter().map(|r| r.id).collect();
            p.extend([
                t("Kiểm xạ phòng X-quang và kiểm định máy X-quang tại "),
                counted(&ids, "cơ sở y tế", "Dịch vụ kiểm xạ, kiểm định X-quang thực hiện trong kỳ", "centre_services"),
                t("."),
            ]);
        }
        if !p.is_empty() {
            out.push(Block::Paragraph(p));
        }
        out
    }

    pub(super) fn outreach(&self) -> Vec<Block> {
        let mut p = Vec::new();
        let posts = self.f.web_articles.len() + self.f.web_videos.len();
        p.push(t(if posts == 0 {
            "Chưa đăng tin, bài hay video nào trên Trang thông tin điện tử của Sở"
        } else {
            "Đăng tải "
        }));
        if posts > 0 {
            p.push(Span::Figure {
                text: count_of(posts as i64, "tin, bài và video"),
                source: Source {
                    rule: "Tin, bài đã xuất bản và video đăng trên Trang thông tin điện tử trong kỳ".into(),
                    records: vec![("articles", self.f.web_articles.clone()), ("videos", self.f.web_videos.clone())],
                },
            });
            p.push(t(" trên Trang thông tin điện tử của Sở"));
        }
        let tv = self.f.simple_of("outreach", &["truyen_hinh"]);
        if !tv.is_empty() {
            let ids: Vec<i64> = tv.iter().map(|r| r.id).collect();
            p.push(t("; phối hợp xây dựng "));
            p.push(counted(
                &ids,
                "chương trình truyền hình",
                "Chương trình truyền hình phát sóng trong kỳ",
                "outreach",
            ));
        }
        let calendars = self.f.simple_of("outreach", &["lich"]);
        if !calendars.is_empty() {
            let ids: Vec<i64> = calendars.iter().map(|r| r.id).collect();
            let copies: i64 = calendars.iter().map(|r| r.number).sum();
            p.push(t("; phát hành "));
            p.push(fig(
                format!("{} cuốn", format::int(copies)),
                "Tổng số bản in Lịch KH&CN phát hành trong kỳ",
                "outreach",
                ids,
            ));
            p.push(t(" Lịch Khoa học và Công nghệ"));
        }
        let bulletins = self.f.simple_of("outreach", &["ban_tin"]);
        if !bulletins.is_empty() {
            let ids: Vec<i64> = bulletins.iter().map(|r| r.id).collect();
            let copies: i64 = bulletins.iter().map(|r| r.number).sum();
            p.push(t("; xuất bản "));
            p.push(counted(&ids, "số Tài liệu Thông tin KH&CN", "Số tài liệu, bản tin phát hành trong kỳ", "outreach"));
            p.push(t(" ("));
            p.push(fig(format!("{} cuốn", format::int(copies)), "Tổng số bản in tài liệu, bản tin", "outreach", ids));
            p.push(t(")"));
        }
        let handbooks = self.f.simple_of("outreach", &["so_tay"]);
        if !handbooks.is_empty() {
            let titles: Vec<String> = handbooks.iter().map(|r| first_lower(&r.title)).collect();
            p.push(t(format!("; {}", list_of(&titles))));
        }
        p.push(t("."));
        vec![Block::Paragraph(p)]
    }

    /// "Quỹ đã cho vay 01 hồ sơ với số tiền …; …" over the kinds of a table
    /// that have records (empty when none has).
    pub(super) fn money_by_kind(
        &self,
        table: &'static str,
        kinds: &[(&str, &str)],
        lead: &str,
        with_count: bool,
    ) -> Vec<Span> {
        let mut p = Vec::new();
        for (kind, label) in kinds {
            let recs = self.f.simple_of(table, &[kind]);
            if recs.is_empty() {
                continue;
            }
            let ids: Vec<i64> = recs.iter().map(|r| r.id).collect();
            let amount: i64 = recs.iter().map(|r| r.number).sum();
            p.push(t(if p.is_empty() { format!("{lead}{label} ") } else { format!("; {label} ") }));
            if with_count {
                p.push(counted(&ids, "hồ sơ", &format!("Hồ sơ {label} của Quỹ có quyết định trong kỳ"), table));
                p.push(t(" với số tiền "));
            }
            p.push(fig(format::money(amount), format!("Tổng số tiền {label} trong kỳ"), table, ids));
        }
        if !p.is_empty() {
            p.push(t("."));
        }
        p
    }

    pub(super) fn fund(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let kinds =
            [("tai_tro", "tài trợ"), ("ho_tro", "hỗ trợ"), ("cho_vay", "cho vay"), ("bao_lanh", "bảo lãnh vốn vay")];
        let cases = self.money_by_kind("fund_cases", &kinds, "Quỹ đã ", true);
        out.push(Block::Paragraph(if cases.is_empty() {
            vec![t("Trong kỳ, Quỹ chưa có quyết định tài trợ, hỗ trợ, cho vay hay bảo lãnh vốn vay nào.")]
        } else {
            cases
        }));
        let moves = [("giai_ngan", "giải ngân"), ("thu_goc", "thu hồi nợ gốc"), ("thu_lai", "thu lãi")];
        let money = self.money_by_kind("fund_movements", &moves, "Trong kỳ, Quỹ đã ", false);
        if !money.is_empty() {
            out.push(Block::Paragraph(money));
        }
        let drafts = self.f.simple_of("fund_cases", &["du_thao_van_ban"]);
        if !drafts.is_empty() {
            let ids: Vec<i64> = drafts.iter().map(|r| r.id).collect();
            let titles: Vec<String> = drafts.iter().map(|r| r.title.clone()).collect();
            out.push(Block::Paragraph(vec![
                t("Xây dựng "),
                counted(&ids, "dự thảo văn bản", "Dự thảo văn bản của Quỹ trong kỳ", "fund_cases"),
                t(format!(": {}.", titles.join("; "))),
            ]));
        }
        out
    }
}

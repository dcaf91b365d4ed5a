//! Planning and advice, the applied S&T centre, outreach, the S&T fund.

use super::{Composer, Measure, counted, fig, first_lower, first_upper, t};
use crate::format;
use crate::report::TableKind;
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
            let last = plans.len().saturating_sub(1);
            for (i, r) in plans.iter().enumerate() {
                out.push(Block::Bullet(vec![t(format!("{}{}", r.title, if i == last { "." } else { ";" }))]));
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
                t(format!(" gồm {}.", titles.join("; "))),
            ]));
        }
        let tf = &self.f.tasks;
        let new: Vec<i64> = tf.new_tasks.iter().chain(&tf.new_ip).copied().collect();
        if !new.is_empty() {
            let appraised: Vec<i64> = tf.appraised.iter().chain(&tf.ip_appraised).copied().collect();
            out.push(Block::Paragraph(vec![
                t("Chủ trì, phối hợp với các phòng chuyên môn thẩm định nội dung, kinh phí "),
                fig(
                    format!("{}/{}", format::count(appraised.len() as i64), format::count(new.len() as i64)),
                    "Nhiệm vụ cấp tỉnh bắt đầu trong năm (kể cả sở hữu trí tuệ) đã thẩm định nội dung, kinh phí / số nhiệm vụ đó",
                    "tasks",
                    appraised,
                ),
                t(format!(" nhiệm vụ KH&CN bắt đầu thực hiện năm {}.", self.period.year())),
            ]));
        }
        out
    }

    pub(super) fn centre(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let sold: Vec<_> = self.f.sales.iter().filter(|s| !s.ytd_ids.is_empty() || s.plan.is_some()).collect();
        if sold.iter().all(|s| s.ytd_ids.is_empty()) {
            out.push(Block::Paragraph(vec![t("Từ đầu năm đến hết kỳ, chưa ghi nhận sản phẩm nào được tiêu thụ.")]));
        } else {
            let mut p = vec![t("Sản xuất, tiêu thụ sản phẩm so với kế hoạch năm: ")];
            for (i, s) in sold.iter().enumerate() {
                if i > 0 {
                    p.push(t("; "));
                }
                p.push(t(format!("{} ", first_lower(&s.name))));
                let what = Measure {
                    measure: &s.measure,
                    rule: format!("Tổng số lượng {} tiêu thụ", first_lower(&s.name)),
                    table: "sales",
                };
                p.extend(self.progress((s.quantity, &s.ids), (s.ytd_quantity, &s.ytd_ids), s.plan, &what));
            }
            let revenue: i64 = sold.iter().map(|s| s.revenue).sum();
            let all: Vec<i64> = sold.iter().flat_map(|s| s.ids.iter().copied()).collect();
            p.push(t(format!("; doanh thu {} ", self.period.within())));
            p.push(fig(format::money(revenue), "Tổng doanh thu các lần bán trong kỳ", "sales", all));
            p.push(t("."));
            out.push(Block::Paragraph(p));
            let cumulative = !self.period.is_year_to_date();
            let mut header = vec!["Sản phẩm".to_string(), "Đơn vị tính".into(), "Kế hoạch năm".into()];
            if cumulative {
                header.push(first_upper(self.period.within()));
            }
            header.extend(["Lũy kế từ đầu năm".to_string(), "Tỷ lệ so với kế hoạch".into()]);
            out.push(Block::Table {
                kind: TableKind::Sales,
                title: "Sản xuất, tiêu thụ sản phẩm của Trung tâm".into(),
                header,
                rows: sold
                    .iter()
                    .map(|s| {
                        let name = first_lower(&s.name);
                        let mut row = vec![
                            t(s.name.clone()),
                            t(s.measure.clone()),
                            t(s.plan.map(format::count).unwrap_or_default()),
                        ];
                        if cumulative {
                            row.push(fig(
                                format::count(s.quantity),
                                format!("Tổng số lượng {name} tiêu thụ trong kỳ"),
                                "sales",
                                s.ids.clone(),
                            ));
                        }
                        row.push(fig(
                            format::count(s.ytd_quantity),
                            format!("Tổng số lượng {name} tiêu thụ từ đầu năm đến hết kỳ"),
                            "sales",
                            s.ytd_ids.clone(),
                        ));
                        row.push(t(s.plan.map(|p| format::percent(s.ytd_quantity, p)).unwrap_or_default()));
                        row
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
            let first = bulletins[0].number;
            if bulletins.iter().all(|b| b.number == first) {
                p.push(t(", mỗi số "));
                p.push(fig(
                    format!("{} cuốn", format::int(first)),
                    "Số bản in mỗi số tài liệu, bản tin",
                    "outreach",
                    ids,
                ));
            } else {
                p.push(t(", tổng cộng "));
                p.push(fig(
                    format!("{} cuốn", format::int(copies)),
                    "Tổng số bản in tài liệu, bản tin",
                    "outreach",
                    ids,
                ));
            }
        }
        let handbooks = self.f.simple_of("outreach", &["so_tay"]);
        if !handbooks.is_empty() {
            let titles: Vec<String> = handbooks.iter().map(|r| first_lower(&r.title)).collect();
            p.push(t(format!("; biên soạn {}", list_of(&titles))));
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

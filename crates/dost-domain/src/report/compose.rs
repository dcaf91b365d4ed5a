//! The composer: from a period's figures to the report's text. Sentences are
//! written from templates with the right form for none, one and many; every
//! number is a figure carrying the records it counts and its rule.

use super::words::{count_of, list_of};
use super::{Block, Figures, Meta, Period, Report, Section, Source, Span};
use crate::format;

/// What the person asking for the report chose, and may see.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub meta: Meta,
    /// The units whose work the report covers (codes); `None`: every unit.
    pub units: Option<Vec<String>>,
}

fn t(s: impl Into<String>) -> Span {
    Span::Text(s.into())
}

fn fig(text: String, rule: impl Into<String>, table: &'static str, ids: Vec<i64>) -> Span {
    Span::Figure { text, source: Source::new(rule, table, ids) }
}

/// A count figure: "18 hồ sơ" resting on the 18 records.
fn counted(ids: &[i64], noun: &str, rule: &str, table: &'static str) -> Span {
    fig(count_of(ids.len() as i64, noun), rule, table, ids.to_vec())
}

/// "163/440 (đạt 37%)", or the count alone when there is no target.
fn against_plan(done: i64, plan: Option<i64>) -> String {
    match plan {
        Some(p) => format::plan_vs_done(done, p),
        None => format::int(done),
    }
}

fn ids_of<T>(items: &[T], keep: impl Fn(&T) -> bool, id: impl Fn(&T) -> i64) -> Vec<i64> {
    items.iter().filter(|x| keep(x)).map(id).collect()
}

struct Composer<'a> {
    period: &'a Period,
    f: &'a Figures,
    units: Option<&'a [String]>,
}

impl Composer<'_> {
    fn may(&self, unit: &str) -> bool {
        self.units.is_none_or(|us| us.iter().any(|u| u == unit))
    }

    fn simple(&self, table: &str, kinds: &[&str]) -> Vec<&super::SimpleRecord> {
        self.f.simple.iter().filter(|r| r.table == table && kinds.contains(&r.kind.as_str())).collect()
    }

    fn tasks(&self) -> Vec<Block> {
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

    fn dossiers_of(&self, area: &str) -> Vec<&super::ProcedureFigure> {
        self.f.dossiers.iter().filter(|d| d.area == area).collect()
    }

    /// Technology, IP and radiation safety (Phòng Quản lý chuyên ngành).
    fn technology(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let tech = self.dossiers_of("cong_nghe");
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
        let support = self.dossiers_of("shtt");
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
        let radiation = self.dossiers_of("buc_xa");
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
    fn standards(&self) -> Vec<Block> {
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
        let support = self.dossiers_of("nang_suat");
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
                    count_of(distinct_subjects(ins, &guidance), "cơ sở"),
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
                    count_of(distinct_subjects(ins, &iso), "cơ quan hành chính nhà nước"),
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

    /// Checks and surveys of the Chi cục, formal inspections of the Thanh tra.
    fn inspections(&self) -> Vec<Block> {
        let ins = &self.f.inspections;
        let mut out = Vec::new();
        if self.may("TDC") {
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
                        count_of(distinct_subjects(ins, &checks), "cơ sở sản xuất, kinh doanh"),
                        "Số cơ sở khác nhau được kiểm tra về chất lượng, đo lường, nhãn hàng hóa",
                        "inspections",
                        checks,
                    ),
                    t(". "),
                ]);
            }
            if !survey.is_empty() {
                let mut districts: Vec<String> = ins
                    .iter()
                    .filter(|i| survey.binary_search(&i.id).is_ok() && !i.district.is_empty())
                    .map(|i| i.district.clone())
                    .collect();
                districts.sort();
                districts.dedup();
                p.extend([
                    t("Khảo sát chất lượng sản phẩm, hàng hóa tại "),
                    fig(
                        count_of(distinct_subjects(ins, &survey), "cơ sở"),
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
        if self.may("TTRA") {
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

    fn planning(&self) -> Vec<Block> {
        let plans = self.simple("advisory_documents", &["ke_hoach", "bao_cao"]);
        let drafts = self.simple("advisory_documents", &["du_thao_vbqppl"]);
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

    fn centre(&self) -> Vec<Block> {
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
        let trainings = self.simple("centre_services", &["tap_huan"]);
        let xray = self.simple("centre_services", &["kiem_xa_x_quang"]);
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

    fn outreach(&self) -> Vec<Block> {
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
        let tv = self.simple("outreach", &["truyen_hinh"]);
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
        let calendars = self.simple("outreach", &["lich"]);
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
        let bulletins = self.simple("outreach", &["ban_tin"]);
        if !bulletins.is_empty() {
            let ids: Vec<i64> = bulletins.iter().map(|r| r.id).collect();
            let copies: i64 = bulletins.iter().map(|r| r.number).sum();
            p.push(t("; xuất bản "));
            p.push(counted(&ids, "số Tài liệu Thông tin KH&CN", "Số tài liệu, bản tin phát hành trong kỳ", "outreach"));
            p.push(t(" ("));
            p.push(fig(format!("{} cuốn", format::int(copies)), "Tổng số bản in tài liệu, bản tin", "outreach", ids));
            p.push(t(")"));
        }
        let handbooks = self.simple("outreach", &["so_tay"]);
        if !handbooks.is_empty() {
            let titles: Vec<String> = handbooks.iter().map(|r| first_lower(&r.title)).collect();
            p.push(t(format!("; {}", list_of(&titles))));
        }
        p.push(t("."));
        vec![Block::Paragraph(p)]
    }

    /// "Quỹ đã cho vay 01 hồ sơ với số tiền …; …" over the kinds of a table
    /// that have records (empty when none has).
    fn money_by_kind(&self, table: &'static str, kinds: &[(&str, &str)], lead: &str, with_count: bool) -> Vec<Span> {
        let mut p = Vec::new();
        for (kind, label) in kinds {
            let recs = self.simple(table, &[kind]);
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

    fn fund(&self) -> Vec<Block> {
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
        let drafts = self.simple("fund_cases", &["du_thao_van_ban"]);
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

    fn next_period(&self) -> Vec<Block> {
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

/// How many different subjects the records (ids in ascending order, as the store gives them) concern.
fn distinct_subjects(ins: &[super::InspectionRecord], ids: &[i64]) -> i64 {
    let mut subjects: Vec<&str> =
        ins.iter().filter(|i| ids.binary_search(&i.id).is_ok()).map(|i| i.subject.as_str()).collect();
    subjects.sort_unstable();
    subjects.dedup();
    subjects.len() as i64
}

fn domain_label(d: &str) -> &'static str {
    match d {
        "chat_luong" => "chất lượng",
        "do_luong" => "đo lường",
        "nhan_hang" => "nhãn hàng hóa",
        "an_toan_buc_xa" => "an toàn bức xạ",
        "iso_9001" => "ISO 9001",
        "nhiem_vu_khcn" => "nhiệm vụ KH&CN",
        _ => "tiêu chuẩn, đo lường, chất lượng",
    }
}

/// "Thẩm định công nghệ" → "thẩm định công nghệ" (for the middle of a sentence).
fn first_lower(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Builds the report of a period from its figures.
pub fn compose(period: Period, f: &Figures, opts: &ReportOptions) -> Report {
    let c = Composer { period: &period, f, units: opts.units.as_deref() };
    let mut parts: Vec<(&str, Vec<Block>)> = Vec::new();
    if c.may("QLKH") {
        parts.push(("Công tác quản lý nhiệm vụ khoa học và công nghệ", c.tasks()));
    }
    let mut tech = Vec::new();
    if c.may("QLCN") {
        tech.extend(c.technology());
    }
    if c.may("TDC") {
        tech.extend(c.standards());
    }
    if !tech.is_empty() {
        parts.push(("Quản lý công nghệ, sở hữu trí tuệ, an toàn bức xạ và tiêu chuẩn – đo lường – chất lượng", tech));
    }
    let inspections = c.inspections();
    if !inspections.is_empty() {
        parts.push(("Công tác thanh tra, kiểm tra", inspections));
    }
    if c.may("KHTC") {
        parts.push(("Công tác kế hoạch – tài chính và tham mưu", c.planning()));
    }
    if c.may("TTUD") {
        parts.push(("Hoạt động của Trung tâm Ứng dụng tiến bộ khoa học và công nghệ", c.centre()));
    }
    if c.may("TTTT") {
        parts.push(("Công tác thông tin, tuyên truyền", c.outreach()));
    }
    if c.may("QUY") {
        parts.push(("Hoạt động của Quỹ phát triển khoa học và công nghệ", c.fund()));
    }
    let mut results = Vec::new();
    for (i, (title, blocks)) in parts.into_iter().enumerate() {
        results.push(Block::Heading(format!("{}. {title}", i + 1)));
        results.extend(blocks);
    }
    let mut intro = vec![t(format!(
        "Sở Khoa học và Công nghệ báo cáo kết quả hoạt động khoa học và công nghệ {} ({} – {}) và phương hướng, nhiệm vụ {} như sau:",
        period.label(),
        format::date(period.from),
        format::date(period.to),
        period.next_label()
    ))];
    if f.is_empty() {
        intro.push(t(" Trong kỳ báo cáo chưa có kết quả công tác nào được ghi nhận trong hệ thống; các mục dưới đây nêu rõ từng phần chưa có số liệu."));
    }
    Report {
        meta: opts.meta.clone(),
        period,
        intro,
        sections: vec![
            Section {
                title: format!("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ {}", period.label().to_uppercase()),
                blocks: results,
            },
            Section {
                title: format!("II. PHƯƠNG HƯỚNG, NHIỆM VỤ {}", period.next_label().to_uppercase()),
                blocks: c.next_period(),
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{
        DirectiveItem, FieldFigure, InspectionRecord, PeriodKind, ProcedureFigure, ProductFigure, SimpleRecord,
        TypedPlan,
    };
    use chrono::NaiveDate;

    fn meta() -> Meta {
        Meta {
            parent_org: "UBND TỈNH CAO BẰNG".into(),
            org: "SỞ KHOA HỌC VÀ CÔNG NGHỆ".into(),
            number: "Số:      /BC-SKHCN".into(),
            place: "Cao Bằng".into(),
            date: NaiveDate::from_ymd_opt(2020, 10, 6).unwrap(),
            summary: "Kết quả hoạt động KH&CN".into(),
            signer_title: "GIÁM ĐỐC".into(),
            signer_name: "".into(),
            recipients: vec![],
        }
    }

    fn period() -> Period {
        Period::named(PeriodKind::NineMonths, 2020, None).unwrap()
    }

    fn all() -> ReportOptions {
        ReportOptions { meta: meta(), units: None }
    }

    fn ids(n: i64) -> Vec<i64> {
        (1..=n).collect()
    }

    fn dossier(area: &str, code: &str, name: &str, n: i64, amount: i64) -> ProcedureFigure {
        ProcedureFigure {
            area: area.into(),
            code: code.into(),
            name: name.into(),
            ids: ids(n),
            amount,
            early: n,
            on_time: 0,
            late: 0,
        }
    }

    fn text(f: &Figures, opts: &ReportOptions) -> String {
        compose(period(), f, opts).plain_text()
    }

    #[test]
    fn an_empty_period_gives_an_honest_report() {
        let r = text(&Figures::default(), &all());
        assert!(r.contains("chưa có kết quả công tác nào được ghi nhận"));
        assert!(r.contains("Trong kỳ không có nhiệm vụ khoa học và công nghệ nào đang thực hiện."));
        assert!(r.contains("Chưa có phương tiện đo nào được kiểm định trong kỳ."));
        assert!(
            r.contains("về an toàn bức xạ, hạt nhân: chưa có hồ sơ nào")
                || r.contains("Về an toàn bức xạ, hạt nhân: chưa có hồ sơ nào")
        );
        assert!(r.contains("Chưa đăng tin, bài hay video nào trên Trang thông tin điện tử của Sở."));
        assert!(r.contains("Chưa có chỉ tiêu kế hoạch năm nào được giao."));
        assert!(r.contains("Quỹ chưa có quyết định"));
        assert!(r.contains("Không có ý kiến chỉ đạo nào đang chờ thực hiện."));
    }

    #[test]
    fn one_and_many_records_are_counted_in_words_and_figures() {
        let f = Figures {
            dossiers: vec![
                dossier("shtt", "ho_tro_shcn", "Hỗ trợ xác lập quyền sở hữu công nghiệp", 1, 30_000_000),
                dossier("buc_xa", "bx_cap_moi", "Cấp giấy phép tiến hành công việc bức xạ", 6, 0),
                dossier("buc_xa", "bx_gia_han", "Gia hạn giấy phép tiến hành công việc bức xạ", 12, 0),
            ],
            ..Default::default()
        };
        let r = compose(period(), &f, &all());
        let s = r.plain_text();
        assert!(
            s.contains("hỗ trợ xác lập quyền sở hữu công nghiệp: 01 hồ sơ, kinh phí hỗ trợ 30.000.000 đồng."),
            "{s}"
        );
        assert!(s.contains("tiếp nhận và giải quyết 18 hồ sơ (cấp giấy phép tiến hành công việc bức xạ: 06; gia hạn giấy phép tiến hành công việc bức xạ: 12), trong đó 18 trước hạn."), "{s}");
        let eighteen = r.figures().into_iter().find(|(t, _)| *t == "18 hồ sơ").unwrap().1;
        assert_eq!(eighteen.record_count(), 18, "the figure names its 18 records");
    }

    #[test]
    fn plan_reached_and_not_reached_with_one_rounding_rule() {
        let f = Figures {
            verification: vec![
                FieldFigure {
                    field: "khoi_luong".into(), label: "Khối lượng".into(), ids: ids(163), plan: Some(440)
                },
                FieldFigure {
                    field: "cong_to_dien".into(),
                    label: "Công tơ điện".into(),
                    ids: ids(500),
                    plan: Some(3500),
                },
                FieldFigure { field: "taximet".into(), label: "Taximét".into(), ids: ids(150), plan: Some(150) },
            ],
            sales: vec![ProductFigure {
                code: "nghe_den".into(),
                name: "Tinh bột nghệ đen".into(),
                measure: "lọ".into(),
                ids: ids(9),
                quantity: 216,
                revenue: 21_600_000,
                plan: Some(250),
            }],
            ..Default::default()
        };
        let s = text(&f, &all());
        assert!(s.contains("khối lượng 163/440 (đạt 37%)"), "{s}");
        assert!(s.contains("công tơ điện 500/3.500 (đạt 14,3%)"));
        assert!(s.contains("taximét 150/150 (đạt 100%)"));
        assert!(s.contains("tinh bột nghệ đen 216/250 lọ (đạt 86,4%); tổng doanh thu 21.600.000 đồng."));
        // what remains goes into the next period; a reached target does not
        assert!(
            s.contains("Kiểm định phương tiện đo khối lượng: còn 277 phương tiện (đã thực hiện 163/440 (đạt 37%));")
        );
        assert!(!s.contains("Kiểm định phương tiện đo taximét: còn"));
        assert!(s.contains("Tiêu thụ tinh bột nghệ đen: còn 34 lọ"));
    }

    #[test]
    fn a_unit_sees_only_its_own_sections() {
        let f = Figures {
            dossiers: vec![dossier("buc_xa", "bx_cap_moi", "Cấp giấy phép tiến hành công việc bức xạ", 3, 0)],
            inspections: vec![InspectionRecord {
                id: 1,
                kind: "thanh_tra".into(),
                domain: "do_luong".into(),
                subject: "Cửa hàng A".into(),
                district: "Hòa An".into(),
                violations: 2,
                fine: 7_500_000,
            }],
            simple: vec![SimpleRecord {
                table: "outreach",
                id: 4,
                kind: "truyen_hinh".into(),
                title: "Số 1".into(),
                number: 0,
            }],
            directives: vec![
                DirectiveItem {
                    id: 1,
                    text: "Việc của thanh tra".into(),
                    unit_code: "TTRA".into(),
                    unit_name: "Thanh tra Sở".into(),
                    deadline: None,
                },
                DirectiveItem {
                    id: 2,
                    text: "Việc của phòng khác".into(),
                    unit_code: "QLCN".into(),
                    unit_name: "Phòng QLCN".into(),
                    deadline: None,
                },
            ],
            typed_plans: vec![TypedPlan {
                id: 9,
                name: "Mô hình".into(),
                measure: "mô hình".into(),
                target: 3,
                achieved: Some(1),
                unit_code: "TTUD".into(),
            }],
            ..Default::default()
        };
        let mine = ReportOptions { meta: meta(), units: Some(vec!["TTRA".into()]) };
        let s = text(&f, &mine);
        assert!(
            s.contains(
                "Tiến hành 01 cuộc thanh tra chuyên ngành về đo lường; phát hiện 02 vi phạm, xử phạt 7.500.000 đồng."
            ),
            "{s}"
        );
        assert!(s.contains("Việc của thanh tra"));
        for leak in ["bức xạ", "truyền hình", "Việc của phòng khác", "Mô hình", "Kiểm tra về chất lượng"]
        {
            assert!(!s.contains(leak), "«{leak}» belongs to another unit: {s}");
        }
        let everyone = text(&f, &all());
        assert!(everyone.contains("Việc của phòng khác") && everyone.contains("Mô hình: còn 2 mô hình"));
    }
}

//! The composer's rules, on hand-made figures.

use super::*;
use crate::report::{
    DirectiveItem, FieldFigure, InspectionRecord, PeriodKind, ProcedureFigure, ProductFigure, SimpleRecord, TypedPlan,
};
use chrono::NaiveDate;

fn meta() -> Meta {
    Meta {
        parent_org: "UBND TỈNH CAO BẰNG".into(),
        org: "SỞ KHOA HỌC VÀ CÔNG NGHỆ".into(),
        author: "Sở Khoa học và Công nghệ".into(),
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
    ReportOptions { meta: meta(), fields: FIELDS_2020.iter().map(|f| f.to_string()).collect(), units: None }
}

fn only(unit: &str) -> ReportOptions {
    ReportOptions { fields: vec![field_of(unit).into()], units: Some(vec![unit.into()]), ..all() }
}

fn field(code: &str, label: &str, now: i64, so_far: i64, plan: Option<i64>) -> FieldFigure {
    FieldFigure { field: code.into(), label: label.into(), ids: ids(now), ytd_ids: ids(so_far), plan }
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
    assert!(r.contains("Đến ngày 30/09/2020, không có nhiệm vụ khoa học và công nghệ nào đang thực hiện."));
    assert!(r.contains("Từ đầu năm đến hết kỳ, chưa có phương tiện đo nào được kiểm định."));
    assert!(
        r.contains("về an toàn bức xạ, hạt nhân: chưa có hồ sơ nào")
            || r.contains("Về an toàn bức xạ, hạt nhân: chưa có hồ sơ nào")
    );
    assert!(r.contains("Chưa đăng tin, bài hay video nào trên Trang thông tin điện tử của Sở."));
    assert!(!r.contains("chỉ tiêu kế hoạch năm 2020 đã hoàn thành"), "no targets: nothing is said to be reached");
    assert!(r.contains("Quỹ chưa có quyết định"));
    assert!(r.contains("Đến ngày 30/09/2020, không có ý kiến chỉ đạo nào đang chờ thực hiện."));
    assert!(r.contains("không cho thấy chỉ tiêu nào chậm so với tiến độ"));
    assert!(!r.contains("00") && !r.contains(" 0%"), "no zero written as 00 or 0%: {r}");
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
        s.contains("thực hiện thủ tục hỗ trợ xác lập quyền sở hữu công nghiệp đối với 01 hồ sơ với kinh phí hỗ trợ 30.000.000 đồng."),
        "{s}"
    );
    assert!(s.contains("tiếp nhận và giải quyết 18 hồ sơ, gồm: cấp giấy phép tiến hành công việc bức xạ 06 hồ sơ; gia hạn giấy phép tiến hành công việc bức xạ 12 hồ sơ; đã trả kết quả trước hạn 18 hồ sơ."), "{s}");
    let eighteen = r.figures().into_iter().find(|(t, _)| *t == "18 hồ sơ").unwrap().1;
    assert_eq!(eighteen.record_count(), 18, "the figure names its 18 records");
}

fn centre(now: i64, so_far: i64) -> ProductFigure {
    ProductFigure {
        product_id: 1,
        code: "nghe_den".into(),
        name: "Tinh bột nghệ đen".into(),
        measure: "lọ".into(),
        ids: ids(9),
        quantity: now,
        revenue: now * 100_000,
        ytd_ids: ids(12),
        ytd_quantity: so_far,
        plan: Some(250),
    }
}

#[test]
fn plan_reached_and_not_reached_with_one_rounding_rule() {
    let f = Figures {
        verification: vec![
            field("khoi_luong", "Khối lượng", 163, 163, Some(440)),
            field("cong_to_dien", "Công tơ điện", 500, 500, Some(3500)),
            field("taximet", "Taximét", 150, 150, Some(150)),
        ],
        sales: vec![centre(216, 216)],
        ..Default::default()
    };
    let s = text(&f, &all());
    assert!(s.contains("khối lượng 163/440, đạt 37%"), "{s}");
    assert!(s.contains("công tơ điện 500/3.500, đạt 14,3%"));
    assert!(s.contains("taximét 150/150, đạt 100%"));
    assert!(s.contains("tinh bột nghệ đen 216/250 lọ, đạt 86,4%; doanh thu trong kỳ 21.600.000 đồng."), "{s}");
    // what remains goes into the next period, without nested parentheses; a reached target does not
    assert!(
        s.contains("Kiểm định phương tiện đo khối lượng: thực hiện thêm 277 phương tiện để đạt kế hoạch năm (lũy kế đã thực hiện 163/440, đạt 37%);"),
        "{s}"
    );
    assert!(!s.contains("taximét: thực hiện thêm"));
    assert!(s.contains("Tiêu thụ tinh bột nghệ đen: thực hiện thêm 34 lọ"));
    assert!(!s.contains("))"), "no nested parentheses: {s}");
    // behind the pace of the year (75% of it gone) is a shortcoming; ahead of it is not
    assert!(s.contains("Đến ngày 30/09/2020, khi đã qua 74,8% thời gian của năm, các chỉ tiêu kế hoạch năm sau còn chậm so với tiến độ:"), "{s}");
    assert!(s.contains("- Kiểm định phương tiện đo khối lượng mới thực hiện 163/440 phương tiện, đạt 37%;"), "{s}");
    assert!(!s.contains("Tiêu thụ tinh bột nghệ đen mới thực hiện"), "86,4% is ahead of 75%");
}

#[test]
fn a_quarter_gives_its_own_figure_and_the_year_so_far_against_the_plan() {
    let q3 = Period::named(PeriodKind::Quarter(3), 2020, None).unwrap();
    let f = Figures {
        verification: vec![field("khoi_luong", "Khối lượng", 42, 163, Some(440))],
        sales: vec![centre(50, 216)],
        ..Default::default()
    };
    let s = compose(q3, &f, &all()).plain_text();
    assert!(s.contains("khối lượng 42 trong quý, lũy kế từ đầu năm 163/440, đạt 37% kế hoạch năm"), "{s}");
    assert!(
        s.contains("tinh bột nghệ đen 50 lọ trong quý, lũy kế từ đầu năm 216/250 lọ, đạt 86,4% kế hoạch năm"),
        "{s}"
    );
    assert!(s.contains("thực hiện thêm 277 phương tiện"), "what remains counts from January: {s}");
    assert!(s.contains("Lĩnh vực | Kế hoạch năm | Trong quý | Lũy kế từ đầu năm | Tỷ lệ so với kế hoạch"), "{s}");
}

#[test]
fn the_year_report_assesses_missed_targets_and_looks_to_next_years_plan() {
    let year = Period::named(PeriodKind::Year, 2020, None).unwrap();
    let mut f = Figures {
        verification: vec![field("khoi_luong", "Khối lượng", 400, 400, Some(440))],
        next_year: vec![crate::report::PlanTarget {
            id: 31,
            name: "Kiểm định phương tiện đo khối lượng".into(),
            measure: "phương tiện".into(),
            target: 460,
            unit_code: "TDC".into(),
        }],
        ..Default::default()
    };
    let s = compose(year, &f, &all()).plain_text();
    assert!(s.contains("Kiểm định phương tiện đo khối lượng mới thực hiện 400/440 phương tiện, đạt 90,9%, không hoàn thành kế hoạch năm."), "{s}");
    assert!(s.contains("Thực hiện kế hoạch năm 2021"));
    assert!(s.contains("- Kiểm định phương tiện đo khối lượng: 460 phương tiện."), "{s}");
    assert!(
        !s.contains("cần tiếp tục") && !s.contains("thực hiện thêm"),
        "this year's targets are not carried on: {s}"
    );
    f.next_year.clear();
    let s = compose(year, &f, &all()).plain_text();
    assert!(s.contains("Chỉ tiêu kế hoạch năm 2021 chưa được ghi nhận trong hệ thống."));
}

#[test]
fn every_sentence_holds_for_the_data_it_was_given() {
    // a unit with no targets of its own is not told its targets are reached
    let f =
        Figures { verification: vec![field("khoi_luong", "Khối lượng", 3, 3, Some(440))], ..Default::default() };
    for unit in ["TTRA", "QLKH", "TTTT"] {
        let s = text(&f, &only(unit));
        assert!(!s.contains("đã hoàn thành"), "{unit}: {s}");
        assert!(!s.contains("khối lượng"), "{unit} sees another unit's target: {s}");
    }
    // all targets reached: said so, only then
    let reached =
        Figures { verification: vec![field("taximet", "Taximét", 150, 150, Some(150))], ..Default::default() };
    assert!(text(&reached, &only("TDC")).contains("Các chỉ tiêu kế hoạch năm 2020 đã hoàn thành"));
    assert!(!text(&f, &only("TDC")).contains("đã hoàn thành"));
    // one bulletin print run per issue, only when they are equal
    let bulletin = |n: i64, copies: i64| SimpleRecord {
        table: "outreach",
        id: n,
        kind: "ban_tin".into(),
        title: format!("Số {n}"),
        number: copies,
    };
    let same = Figures { simple: vec![bulletin(1, 500), bulletin(2, 500), bulletin(3, 500)], ..Default::default() };
    assert!(text(&same, &all()).contains("xuất bản 03 số Tài liệu Thông tin KH&CN, mỗi số 500 cuốn"));
    let mixed = Figures { simple: vec![bulletin(1, 500), bulletin(2, 300)], ..Default::default() };
    let s = text(&mixed, &all());
    assert!(s.contains("02 số Tài liệu Thông tin KH&CN, tổng cộng 800 cuốn") && !s.contains("mỗi số"), "{s}");
    // lists end with a stop; quotation marks are Vietnamese
    let plans = Figures {
        simple: vec![
            SimpleRecord {
                table: "advisory_documents",
                id: 1,
                kind: "ke_hoach".into(),
                title: "Kế hoạch A".into(),
                number: 0,
            },
            SimpleRecord {
                table: "advisory_documents",
                id: 2,
                kind: "bao_cao".into(),
                title: "Báo cáo B".into(),
                number: 0,
            },
        ],
        ..Default::default()
    };
    let s = text(&plans, &all());
    assert!(s.contains("- Kế hoạch A;\n- Báo cáo B.\n"), "{s}");
    assert!(!s.contains('«') && !s.contains("::"), "{s}");
}

#[test]
fn technology_counts_the_projects_before_naming_them() {
    let f = Figures {
        dossiers: vec![
            dossier("cong_nghe", "tdcn", "Thẩm định công nghệ dự án đầu tư", 2, 0),
            dossier("cong_nghe", "ykcn", "Có ý kiến về công nghệ dự án đầu tư", 4, 0),
        ],
        ..Default::default()
    };
    let s = text(&f, &all());
    assert!(
        s.contains(
            "Về quản lý công nghệ: thẩm định công nghệ 02 dự án đầu tư; có ý kiến về công nghệ 04 dự án đầu tư."
        ),
        "{s}"
    );
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
                given_on: NaiveDate::from_ymd_opt(2020, 9, 1).unwrap(),
            },
            DirectiveItem {
                id: 2,
                text: "Việc của phòng khác".into(),
                unit_code: "QLCN".into(),
                unit_name: "Phòng QLCN".into(),
                deadline: None,
                given_on: NaiveDate::from_ymd_opt(2020, 9, 1).unwrap(),
            },
        ],
        typed_plans: vec![TypedPlan {
            id: 9,
            code: "mo_hinh".into(),
            name: "Mô hình".into(),
            measure: "mô hình".into(),
            target: 3,
            achieved: Some(1),
            reported_on: NaiveDate::from_ymd_opt(2020, 9, 30),
            unit_code: "TTUD".into(),
        }],
        ..Default::default()
    };
    let mine = only("TTRA");
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
        assert!(!s.contains(leak), "“{leak}” belongs to another unit: {s}");
    }
    let everyone = text(&f, &all());
    assert!(everyone.contains("Việc của phòng khác") && everyone.contains("Mô hình: thực hiện thêm 02 mô hình"));
}

fn indicator(id: i64, code: &str, name: &str, target: i64, achieved: Option<i64>, unit: &str) -> TypedPlan {
    TypedPlan {
        id,
        code: code.into(),
        name: name.into(),
        measure: "thủ tục".into(),
        target,
        achieved,
        reported_on: achieved.and(NaiveDate::from_ymd_opt(2026, 9, 30)),
        unit_code: unit.into(),
    }
}

#[test]
fn the_merged_department_reports_digital_transformation_and_telecommunications() {
    let period = Period::named(PeriodKind::NineMonths, 2026, None).unwrap();
    let mut fields: Vec<String> =
        FIELDS_2020.iter().filter(|f| **f != "linh-vuc:thanh-tra").map(|f| f.to_string()).collect();
    fields.extend(["linh-vuc:chuyen-doi-so".to_string(), "linh-vuc:buu-chinh-vien-thong".to_string()]);
    let opts = ReportOptions { fields, ..all() };
    let f = Figures {
        dossiers: vec![dossier("buu_chinh_vien_thong", "bc_giay_phep", "Cấp giấy phép bưu chính", 3, 0)],
        dossier_flow: crate::report::DossierFlow { received: ids(8), received_online: ids(6), ..Default::default() },
        typed_plans: vec![
            indicator(
                1,
                "cds:dvc_toan_trinh",
                "Thủ tục cung cấp dịch vụ công trực tuyến toàn trình",
                40,
                Some(34),
                "CDS",
            ),
            indicator(2, "cds:ho_so_so_hoa", "Thủ tục số hóa hồ sơ, kết quả", 60, None, "CDS"),
            indicator(3, "bcvt:diem_bc", "Điểm phục vụ bưu chính mới", 5, Some(2), "BCVT"),
        ],
        ..Default::default()
    };
    let s = compose(period, &f, &opts).plain_text();
    let dx = s.find("Công tác chuyển đổi số").expect("a digital transformation part");
    let post = s.find("Quản lý bưu chính, viễn thông").expect("a post and telecommunications part");
    assert!(dx < post);
    assert!(s.contains("được tiếp nhận trực tuyến 06/08 hồ sơ, đạt 75%."), "{s}");
    assert!(
        s.contains(
            "Thủ tục cung cấp dịch vụ công trực tuyến toàn trình: 34/40 thủ tục, đạt 85% (số liệu ngày 30/09/2026);"
        ),
        "{s}"
    );
    assert!(s.contains("Thủ tục số hóa hồ sơ, kết quả: chưa báo cáo kết quả (kế hoạch năm 60 thủ tục)."), "{s}");
    assert!(s.contains("giải quyết 03 hồ sơ về bưu chính, viễn thông: cấp giấy phép bưu chính 03 hồ sơ."), "{s}");
    assert!(s.contains("Điểm phục vụ bưu chính mới: 02/05 thủ tục, đạt 40%"), "{s}");
    assert!(!s.contains("thanh tra chuyên ngành"), "no inspectorate in 2026: {s}");
    // the 2020 department had neither part
    let old = text(&f, &all());
    assert!(!old.contains("Công tác chuyển đổi số") && !old.contains("Quản lý bưu chính"), "{old}");
    // a unit's own report keeps only its indicators
    let cds = ReportOptions { fields: vec!["linh-vuc:chuyen-doi-so".into()], units: Some(vec!["CDS".into()]), ..all() };
    let mine = compose(period, &f, &cds).plain_text();
    assert!(mine.contains("1. Công tác chuyển đổi số") && !mine.contains("Điểm phục vụ bưu chính"), "{mine}");
}

/// The fields of work the 2020 department's units kept (migration 0028's seed).
const FIELDS_2020: [&str; 9] = [
    "linh-vuc:khoa-hoc",
    "linh-vuc:cong-nghe",
    "linh-vuc:tdc",
    "linh-vuc:mot-cua",
    "linh-vuc:thanh-tra",
    "linh-vuc:ke-hoach",
    "linh-vuc:ung-dung",
    "linh-vuc:thong-tin",
    "linh-vuc:quy",
];

/// The field a 2020 unit kept.
fn field_of(unit: &str) -> &'static str {
    let units = ["QLKH", "QLCN", "TDC", "VP", "TTRA", "KHTC", "TTUD", "TTTT", "QUY"];
    units.iter().position(|u| *u == unit).map(|i| FIELDS_2020[i]).unwrap_or("linh-vuc:khong-co")
}

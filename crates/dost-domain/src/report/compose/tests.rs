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
    assert!(s.contains("hỗ trợ xác lập quyền sở hữu công nghiệp: 01 hồ sơ, kinh phí hỗ trợ 30.000.000 đồng."), "{s}");
    assert!(s.contains("tiếp nhận và giải quyết 18 hồ sơ (cấp giấy phép tiến hành công việc bức xạ: 06; gia hạn giấy phép tiến hành công việc bức xạ: 12), trong đó 18 trước hạn."), "{s}");
    let eighteen = r.figures().into_iter().find(|(t, _)| *t == "18 hồ sơ").unwrap().1;
    assert_eq!(eighteen.record_count(), 18, "the figure names its 18 records");
}

#[test]
fn plan_reached_and_not_reached_with_one_rounding_rule() {
    let f = Figures {
        verification: vec![
            FieldFigure { field: "khoi_luong".into(), label: "Khối lượng".into(), ids: ids(163), plan: Some(440) },
            FieldFigure {
                field: "cong_to_dien".into(), label: "Công tơ điện".into(), ids: ids(500), plan: Some(3500)
            },
            FieldFigure { field: "taximet".into(), label: "Taximét".into(), ids: ids(150), plan: Some(150) },
        ],
        sales: vec![ProductFigure {
            product_id: 1,
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
    assert!(s.contains("Kiểm định phương tiện đo khối lượng: còn 277 phương tiện (đã thực hiện 163/440 (đạt 37%));"));
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

//! The leadership dashboard: every figure of the reference period, the
//! period deciding what is counted, and each figure's list of records.

use dost_domain::roles::Role;
use dost_store::Db;

use crate::support::*;

async fn count(db: &Db, sql: &'static str) -> i64 {
    scalar(db, sql).await
}

#[tokio::test]
async fn the_leadership_dashboard_shows_every_figure_of_the_reference_period() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    add_user(&app, "bientap", Role::Editor).await;
    assert_eq!(sign_in(&app, "bientap").await.get("/quan-tri/lanh-dao").await.status, 403);
    let leader = sign_in(&app, "lanhdao").await;
    let page = leader.get("/quan-tri/lanh-dao?tu=01/01/2020&den=30/09/2020").await;
    assert_eq!(page.status, 200);
    let text = dost_domain::text::strip_tags(&page.body);
    for figure in [
        "163/440, đạt 37%",
        "44/486, đạt 9,1%",
        "316/750, đạt 42,1%",
        "06/150, đạt 4%",
        "11/1.015, đạt 1,1%",
        "500/3.500, đạt 14,3%",
        "6.832/15.520, đạt 44%",
        "168/750, đạt 22,4%",
        "216/250, đạt 86,4%",
        "154/700, đạt 22%",
        "Hồ sơ an toàn bức xạ, hạt nhân đã giải quyết: 18",
        "Thẩm định công nghệ dự án đầu tư 02",
        "Có ý kiến về công nghệ dự án đầu tư 04",
        "Hỗ trợ xác lập quyền sở hữu công nghiệp 01 30.000.000 đồng",
        "Hỗ trợ nâng cao năng suất, chất lượng 01 70.000.000 đồng",
        "Kiểm tra chất lượng, đo lường, nhãn hàng hóa: 54 cơ sở",
        "Khảo sát chất lượng sản phẩm, hàng hóa: 88 cơ sở (Bảo Lâm, Bảo Lạc, Thành phố Cao Bằng)",
        "Hướng dẫn về tiêu chuẩn, đo lường, chất lượng: 08 cơ sở",
        "Kiểm tra áp dụng TCVN ISO 9001:2015: 13 cơ quan",
        "Thanh tra chuyên ngành: 03 cuộc",
        "Kiểm xạ phòng và kiểm định máy X-quang: 07 cơ sở",
        "Chương trình truyền hình: 09",
        "Lịch KH&CN: 2.000 cuốn",
        "Tài liệu Thông tin KH&CN: 03 số, 1.500 cuốn",
        "Dự thảo văn bản của Quỹ phát triển KH&CN: 02",
        "Dự thảo văn bản quy phạm pháp luật: 01",
        "Nhiệm vụ cấp tỉnh đang theo dõi: 23",
        "Dự án cấp Bộ: 01; dự án nông thôn miền núi: 07",
        "Dự án cấp quốc gia: 01; dự án cấp thiết địa phương: 01; nhiệm vụ sở hữu trí tuệ: 04",
        "Hội đồng tuyển chọn, giao trực tiếp nhiệm vụ bắt đầu năm 2020: 07/07",
        "Thẩm định nội dung, kinh phí: 03/07",
        "Dự án nông thôn miền núi đề xuất cho năm 2021: 02",
    ] {
        assert!(text.contains(figure), "dashboard lacks «{figure}»");
    }
    // the same figures, counted here with our own SQL
    let mass = count(&app.db, "SELECT COUNT(*) FROM verifications v JOIN instruments i ON i.id = v.instrument_id \
        JOIN instrument_types t ON t.id = i.type_id WHERE t.field = 'khoi_luong' AND v.verified_on BETWEEN '2020-01-01' AND '2020-09-30'").await;
    assert_eq!(mass, 163);
    let surveys = count(&app.db, "SELECT COUNT(DISTINCT subject) FROM inspections WHERE kind = 'khao_sat' AND on_date BETWEEN '2020-01-01' AND '2020-09-30'").await;
    assert_eq!(surveys, 88);
    let tea = count(
        &app.db,
        "SELECT CAST(SUM(s.quantity) AS BIGINT) FROM sales s JOIN products p ON p.id = s.product_id \
        WHERE p.code = 'tra_giao_co_lam' AND s.on_date BETWEEN '2020-01-01' AND '2020-09-30'",
    )
    .await;
    assert_eq!(tea, 6_832);
    // the directives given on 28/09/2020 are open at the period's end, with their units
    assert!(text.contains("Hoàn thiện kế hoạch năm 2021 Phòng Kế hoạch – Tài chính 10/12/2020"));
}

#[tokio::test]
async fn the_period_decides_what_is_counted_and_bad_periods_are_refused() {
    let app = spawn(true).await;
    add_user(&app, "truongphong", Role::UnitHead).await;
    let head = sign_in(&app, "truongphong").await;
    let q4 = dost_domain::text::strip_tags(&head.get("/quan-tri/lanh-dao?tu=01/10/2020&den=31/12/2020").await.body);
    assert!(q4.contains("01/440, đạt 0,2%"), "one mass verification in October");
    assert!(q4.contains("10/15.520, đạt 0,1%"), "ten boxes of tea in October");
    let reversed = head.get("/quan-tri/lanh-dao?tu=30/09/2020&den=01/01/2020").await;
    assert_eq!(reversed.status, 422);
    assert!(
        reversed.body.contains("Ngày kết thúc của kỳ báo cáo (01/01/2020) không được trước ngày bắt đầu (30/09/2020).")
    );
    let bad = head.get("/quan-tri/lanh-dao?tu=31/02/2020").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Ngày «31/02/2020» không hợp lệ"));
}

#[tokio::test]
async fn dashboard_figures_drill_down_to_exactly_the_records_counted() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let leader = sign_in(&app, "lanhdao").await;
    // (an ampersand in an attribute may be written `&amp;` or `&#38;`)
    let dash = leader.get("/quan-tri/lanh-dao?tu=01/01/2020&den=30/09/2020").await.body.replace("&#38;", "&amp;");
    let link = "/quan-tri/so-lieu/kiem-dinh?tu=01%2F01%2F2020&amp;den=30%2F09%2F2020&amp;loai=khoi_luong";
    assert!(dash.contains(&format!("<a href=\"{link}\">163/440, đạt 37%</a>")), "the figure links to its records");
    let rows = |body: &str| body.split("<tbody>").nth(1).unwrap().matches("<tr>").count();
    let mass = leader.get(&link.replace("&amp;", "&")).await;
    assert_eq!(mass.status, 200);
    assert_eq!(rows(&mass.body), 163);
    let radiation = leader.get("/quan-tri/so-lieu/ho-so?tu=01/01/2020&den=30/09/2020&loai=buc_xa").await;
    assert_eq!(rows(&radiation.body), 18);
    // each dossier's timeliness, as the period's figures count them
    let nine = dost_domain::report::Period::named(dost_domain::report::PeriodKind::NineMonths, 2020, None).unwrap();
    let figures = dost_store::report::figures(&app.db, &nine).await.unwrap();
    let radiation_figures = figures.dossiers_of("buc_xa");
    let sum = |f: fn(&dost_domain::report::ProcedureFigure) -> i64| radiation_figures.iter().map(|d| f(d)).sum::<i64>();
    let (early, on_time, late) = (sum(|d| d.early), sum(|d| d.on_time), sum(|d| d.late));
    assert_eq!(early + on_time + late, 18);
    assert!(early > 0, "the demo returns some radiation dossiers early");
    for (label, n) in [("Trước hạn", early), ("Đúng hạn", on_time), ("Quá hạn", late)] {
        assert_eq!(radiation.body.matches(&format!("<td>{label}</td>")).count() as i64, n, "{label}");
    }
    let surveys = leader.get("/quan-tri/so-lieu/kiem-tra?tu=01/01/2020&den=30/09/2020&loai=khao_sat").await;
    assert_eq!(rows(&surveys.body), 88);
    // the same list as CSV and XLSX
    let csv = leader
        .client
        .get(format!(
            "{}/quan-tri/so-lieu/kiem-dinh?tu=01/01/2020&den=30/09/2020&loai=khoi_luong&dinh-dang=csv",
            app.base
        ))
        .header("Cookie", &leader.cookie)
        .send()
        .await
        .unwrap();
    let text = csv.text().await.unwrap();
    assert_eq!(text.lines().count(), 164, "header and 163 rows");
    let xlsx = leader
        .client
        .get(format!("{}/quan-tri/so-lieu/ho-so?tu=01/01/2020&den=30/09/2020&dinh-dang=xlsx", app.base))
        .header("Cookie", &leader.cookie)
        .send()
        .await
        .unwrap();
    let path = app.data.path().join("hs.xlsx");
    std::fs::write(&path, xlsx.bytes().await.unwrap()).unwrap();
    let out = python(
        "import sys, openpyxl; ws = openpyxl.load_workbook(sys.argv[1]).active; print(ws.max_row - 3)",
        path.to_str().unwrap(),
    );
    assert_eq!(out.trim(), "26", "18 radiation + 6 technology + 2 support dossiers");
    // bad input
    assert_eq!(leader.get("/quan-tri/so-lieu/khong-co").await.status, 404);
    assert_eq!(leader.get("/quan-tri/so-lieu/kiem-dinh?loai=vang").await.status, 400);
    assert_eq!(leader.get("/quan-tri/so-lieu/kiem-dinh?dinh-dang=pdf").await.status, 400);
}

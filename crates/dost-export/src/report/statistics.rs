//! Statistics forms of Thông tư 15/2018/TT-BKHCN that fall out of the same
//! figures as the period report: 04/KHCN-NV (S&T tasks), 08/KHCN-SHTT
//! (intellectual property), 09/KHCN-TDC (standards, metrology, quality) and
//! 10/KHCN-NLAT (radiation and nuclear safety). Each sheet lists the
//! indicators the department records, with the reporting period; the other
//! forms (organisations, staff, spending, cooperation, transfer, enterprises)
//! need data the system does not hold.

use dost_domain::report::{Figures, Period};

use crate::xlsx::{Cell, ExportError, Sheet, workbook};

type Rows = Vec<Vec<Cell>>;

fn row(code: &str, name: &str, unit: &str, value: i64) -> Vec<Cell> {
    vec![Cell::Text(code.into()), Cell::Text(name.into()), Cell::Text(unit.into()), Cell::Int(value)]
}

fn tasks(f: &Figures) -> Rows {
    let t = &f.tasks;
    let n = |v: &Vec<i64>| v.len() as i64;
    vec![
        row("01", "Nhiệm vụ KH&CN cấp tỉnh đang thực hiện", "nhiệm vụ", n(&t.provincial) + n(&t.ip)),
        row("01.1", "Trong đó: lĩnh vực sở hữu trí tuệ", "nhiệm vụ", n(&t.ip)),
        row("02", "Dự án cấp Bộ đang thực hiện trên địa bàn", "dự án", n(&t.ministry)),
        row("03", "Dự án thuộc Chương trình nông thôn miền núi", "dự án", n(&t.rural)),
        row("04", "Dự án cấp quốc gia", "dự án", n(&t.national)),
        row("05", "Dự án cấp thiết địa phương sử dụng ngân sách trung ương", "dự án", n(&t.urgent)),
        row("06", "Nhiệm vụ cấp tỉnh mới bắt đầu trong năm", "nhiệm vụ", n(&t.new_tasks)),
        row("06.1", "Trong đó: đã có hội đồng tuyển chọn, giao trực tiếp trong kỳ", "nhiệm vụ", n(&t.with_council)),
        row("06.2", "Trong đó: đã thẩm định nội dung, kinh phí trong kỳ", "nhiệm vụ", n(&t.appraised)),
    ]
}

fn procedures<'a>(f: &'a Figures, area: &str) -> impl Iterator<Item = &'a dost_domain::report::ProcedureFigure> {
    let area = area.to_string();
    f.dossiers.iter().filter(move |d| d.area == area)
}

fn ip(f: &Figures) -> Rows {
    let mut rows = Vec::new();
    for (i, d) in procedures(f, "shtt").enumerate() {
        rows.push(row(&format!("{:02}", 2 * i + 1), &format!("{} – số hồ sơ", d.name), "hồ sơ", d.ids.len() as i64));
        rows.push(row(&format!("{:02}", 2 * i + 2), &format!("{} – kinh phí", d.name), "đồng", d.amount));
    }
    if rows.is_empty() {
        rows.push(row("01", "Hồ sơ hỗ trợ xác lập quyền sở hữu công nghiệp", "hồ sơ", 0));
    }
    rows
}

fn standards(f: &Figures) -> Rows {
    let mut rows = Vec::new();
    for (i, v) in f.verification.iter().enumerate() {
        rows.push(row(
            &format!("01.{}", i + 1),
            &format!("Phương tiện đo được kiểm định – {}", v.label.to_lowercase()),
            "phương tiện",
            v.ids.len() as i64,
        ));
    }
    let subjects = |pred: &dyn Fn(&dost_domain::report::InspectionRecord) -> bool| {
        let mut s: Vec<&str> = f.inspections.iter().filter(|i| pred(i)).map(|i| i.subject.as_str()).collect();
        s.sort_unstable();
        s.dedup();
        s.len() as i64
    };
    rows.push(row(
        "02",
        "Cơ sở được kiểm tra về chất lượng, đo lường, nhãn hàng hóa",
        "cơ sở",
        subjects(&|i| i.kind == "kiem_tra" && matches!(i.domain.as_str(), "chat_luong" | "do_luong" | "nhan_hang")),
    ));
    rows.push(row(
        "03",
        "Cơ sở được khảo sát chất lượng sản phẩm, hàng hóa",
        "cơ sở",
        subjects(&|i| i.kind == "khao_sat"),
    ));
    rows.push(row(
        "04",
        "Cơ quan được kiểm tra áp dụng TCVN ISO 9001",
        "cơ quan",
        subjects(&|i| i.domain == "iso_9001"),
    ));
    rows.push(row(
        "05",
        "Cơ sở được hướng dẫn về tiêu chuẩn, đo lường, chất lượng",
        "cơ sở",
        subjects(&|i| i.kind == "huong_dan"),
    ));
    // the Chi cục's own checks and surveys (formal inspections belong to the Thanh tra)
    let checks: Vec<_> = f.inspections.iter().filter(|i| matches!(i.kind.as_str(), "kiem_tra" | "khao_sat")).collect();
    rows.push(row("06", "Số vi phạm phát hiện qua kiểm tra", "vi phạm", checks.iter().map(|i| i.violations).sum()));
    rows.push(row("07", "Tiền phạt qua kiểm tra", "đồng", checks.iter().map(|i| i.fine).sum()));
    for d in procedures(f, "nang_suat") {
        rows.push(row("08", &format!("{} – số hồ sơ", d.name), "hồ sơ", d.ids.len() as i64));
        rows.push(row("08.1", &format!("{} – kinh phí", d.name), "đồng", d.amount));
    }
    rows
}

fn radiation(f: &Figures, with_inspections: bool) -> Rows {
    let mut rows: Rows = procedures(f, "buc_xa")
        .enumerate()
        .map(|(i, d)| row(&format!("{:02}", i + 1), &d.name, "hồ sơ", d.ids.len() as i64))
        .collect();
    if with_inspections {
        let n = f.inspections.iter().filter(|i| i.kind == "thanh_tra" && i.domain == "an_toan_buc_xa").count();
        rows.push(row(&format!("{:02}", rows.len() + 1), "Cuộc thanh tra an toàn bức xạ", "cuộc", n as i64));
    }
    rows
}

/// The forms as one workbook; `may(unit)` says whether the person may see a unit's work.
pub fn statistics(f: &Figures, period: &Period, may: impl Fn(&str) -> bool) -> Result<Vec<u8>, ExportError> {
    let columns = [("Mã số", 8.0), ("Chỉ tiêu", 60.0), ("Đơn vị tính", 14.0), ("Số lượng", 14.0)];
    let forms: [(&str, &str, &str, Rows); 4] = [
        ("04-KHCN-NV", "Biểu 04/KHCN-NV: Nhiệm vụ khoa học và công nghệ", "QLKH", tasks(f)),
        ("08-KHCN-SHTT", "Biểu 08/KHCN-SHTT: Sở hữu trí tuệ", "QLCN", ip(f)),
        ("09-KHCN-TDC", "Biểu 09/KHCN-TDC: Tiêu chuẩn, đo lường, chất lượng", "TDC", standards(f)),
        ("10-KHCN-NLAT", "Biểu 10/KHCN-NLAT: An toàn bức xạ và hạt nhân", "QLCN", radiation(f, may("TTRA"))),
    ];
    let titles: Vec<String> = forms.iter().map(|x| format!("{} ({})", x.1, period.label())).collect();
    let sheets: Vec<Sheet<'_>> = forms
        .into_iter()
        .zip(&titles)
        .filter(|((_, _, unit, _), _)| may(unit))
        .map(|((name, _, _, rows), title)| Sheet { name, title, columns: &columns, rows })
        .collect();
    workbook(&sheets)
}

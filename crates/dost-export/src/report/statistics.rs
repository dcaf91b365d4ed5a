//! Statistics forms of Thông tư 15/2018/TT-BKHCN that fall out of the same
//! figures as the period report: 04/KHCN-NV (S&T tasks), 08/KHCN-SHTT
//! (intellectual property), 09/KHCN-TDC (standards, metrology, quality) and
//! 10/KHCN-NLAT (radiation and nuclear safety). Each sheet lists the
//! indicators the department records, with the reporting period; the other
//! forms (organisations, staff, spending, cooperation, transfer, enterprises)
//! need data the system does not hold.
//!
//! Each form is laid out as the official one: "Biểu số …, ban hành kèm theo
//! Thông tư số 15/2018/TT-BKHCN", the receiving date, the reporting and the
//! receiving bodies; the rows; and the footer (người lập biểu, người kiểm tra
//! biểu, thủ trưởng đơn vị). A cell whose figure the system does not hold is
//! left empty and shaded for staff to fill, never guessed.

use dost_domain::format;
use dost_domain::report::{Figures, Period, PeriodKind, TaskState};
use dost_domain::tasks::Level;
use dost_domain::text::fold;

use crate::xlsx::{Cell, ExportError, OfficialSheet, official};

type Rows = Vec<Vec<Cell>>;

fn row(code: &str, name: &str, unit: &str, value: i64) -> Vec<Cell> {
    vec![Cell::Text(code.into()), Cell::Text(name.into()), Cell::Text(unit.into()), Cell::Int(value)]
}

/// The fields of science of the form, and words that recognise a task's field.
const FIELDS: [(&str, &[&str]); 6] = [
    ("Khoa học tự nhiên", &["tu nhien", "sinh hoc", "hoa hoc", "vat ly", "toan"]),
    ("Khoa học kỹ thuật và công nghệ", &["ky thuat", "cong nghe", "cong nghiep", "che bien", "vat lieu", "moi truong"]),
    ("Khoa học y, dược", &["y te", "y hoc", "y duoc", "duoc", "suc khoe"]),
    ("Khoa học nông nghiệp", &["nong nghiep", "lam nghiep", "thuy san", "chan nuoi", "trong trot", "nong"]),
    ("Khoa học xã hội", &["xa hoi", "kinh te", "giao duc", "quan ly", "so huu tri tue", "phap luat"]),
    ("Khoa học nhân văn", &["nhan van", "lich su", "van hoa", "ngon ngu", "nghe thuat"]),
];

/// The form's field of a task's field: the one field whose words it holds
/// ("Công nghệ sinh học" is technology), `None` when none or several match
/// ("Khoa học xã hội và nhân văn"): staff then classify it.
fn field_of(task_field: &str) -> Option<usize> {
    let f = fold(task_field);
    if f.contains("cong nghe sinh hoc") {
        return Some(1);
    }
    let hits: Vec<usize> =
        FIELDS.iter().enumerate().filter(|(_, (_, words))| words.iter().any(|w| f.contains(w))).map(|x| x.0).collect();
    match hits[..] {
        [one] => Some(one),
        _ => None,
    }
}

/// The levels of the form and the task levels each gathers.
const LEVELS: [(&str, &[Level]); 4] = [
    ("Nhiệm vụ cấp quốc gia", &[Level::National, Level::UrgentLocal, Level::RuralMountain]),
    ("Nhiệm vụ cấp bộ", &[Level::Ministry]),
    ("Nhiệm vụ cấp tỉnh", &[Level::Provincial]),
    ("Nhiệm vụ cấp cơ sở", &[Level::Grassroots]),
];

/// One row of form 04: tasks carried out in the period (running at its end
/// or accepted in it), by field, new or continuing, accepted, budget.
fn task_row(code: &str, name: &str, tasks: &[&TaskState]) -> Vec<Cell> {
    let n = |keep: &dyn Fn(&TaskState) -> bool| Cell::Count(tasks.iter().filter(|t| keep(t)).count() as i64);
    let mut row = vec![Cell::Text(code.into()), Cell::Text(name.into()), n(&|_| true)];
    let all_known = tasks.iter().all(|t| field_of(&t.field).is_some());
    for i in 0..FIELDS.len() {
        row.push(if all_known { n(&|t| field_of(&t.field) == Some(i)) } else { Cell::ToFill });
    }
    row.push(n(&|t| t.starts_this_year));
    row.push(n(&|t| !t.starts_this_year));
    row.push(n(&|t| t.accepted_in_period));
    row.push(Cell::Money(tasks.iter().map(|t| t.budget).sum::<i64>() / 1_000_000));
    row
}

fn tasks(f: &Figures) -> Rows {
    let carried: Vec<&TaskState> =
        f.tasks.states.iter().filter(|t| t.stage.is_running() || t.accepted_in_period).collect();
    let mut rows = vec![task_row("01", "Tổng số", &carried)];
    for (i, (name, levels)) in LEVELS.iter().enumerate() {
        let mine: Vec<&TaskState> = carried.iter().copied().filter(|t| levels.contains(&t.level)).collect();
        rows.push(task_row(&format!("{:02}", i + 2), name, &mine));
    }
    rows
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

/// The official frame of a form.
fn form(
    (name, number, title): (&str, &str, &str),
    period: &Period,
    header: &[&str],
    widths: &[f64],
    rows: Rows,
    notes: Vec<String>,
) -> OfficialSheet {
    let when = match period.kind {
        Some((PeriodKind::Year, y)) => format!("Năm {y}"),
        _ => format!(
            "Kỳ: {} (biểu năm, lập cho kỳ đã chọn từ {} đến {})",
            period.label(),
            format::date(period.from),
            format::date(period.to)
        ),
    };
    let mut notes = notes;
    notes.push("Ô tô màu: hệ thống không có số liệu này; đơn vị báo cáo điền.".into());
    OfficialSheet {
        name: name.into(),
        top_left: vec![
            format!("Biểu số: {number}"),
            "Ban hành kèm theo Thông tư số 15/2018/TT-BKHCN".into(),
            "Ngày nhận báo cáo: ........................".into(),
        ],
        top_right: vec![
            "Đơn vị báo cáo: Sở Khoa học và Công nghệ".into(),
            "Đơn vị nhận báo cáo: Bộ Khoa học và Công nghệ".into(),
        ],
        title: vec![title.to_uppercase(), when],
        header: header.iter().map(|h| h.to_string()).collect(),
        widths: widths.to_vec(),
        rows,
        notes,
        signatures: vec![
            (vec!["Người lập biểu".into(), "(Ký, ghi rõ họ tên)".into()], String::new()),
            (vec!["Người kiểm tra biểu".into(), "(Ký, ghi rõ họ tên)".into()], String::new()),
            (vec!["Thủ trưởng đơn vị".into(), "(Ký, đóng dấu, ghi rõ họ tên)".into()], String::new()),
        ],
    }
}

/// The forms as one workbook; `may(unit)` says whether the person may see a unit's work.
pub fn statistics(f: &Figures, period: &Period, may: impl Fn(&str) -> bool) -> Result<Vec<u8>, ExportError> {
    let columns = ["Mã số", "Chỉ tiêu", "Đơn vị tính", "Số lượng"];
    let widths = [8.0, 60.0, 14.0, 14.0];
    let mut task_header = vec!["Mã số", "Chỉ tiêu", "Tổng số"];
    task_header.extend(FIELDS.iter().map(|f| f.0));
    task_header.extend(["Mới", "Chuyển tiếp", "Đã nghiệm thu", "Kinh phí (triệu đồng)"]);
    let mut task_widths = vec![7.0, 26.0, 9.0];
    task_widths.extend([11.0; 6]);
    task_widths.extend([9.0, 10.0, 11.0, 13.0]);
    let mut sheets = Vec::new();
    if may("linh-vuc:khoa-hoc") {
        sheets.push(form(
            ("04-KHCN-NV", "04/KHCN-NV", "Nhiệm vụ khoa học và công nghệ"),
            period,
            &task_header,
            &task_widths,
            tasks(f),
            vec![
                "Nhiệm vụ thực hiện trong kỳ: đang thực hiện vào ngày cuối kỳ hoặc được nghiệm thu trong kỳ. \
                 Cấp quốc gia gồm cả dự án thuộc Chương trình nông thôn miền núi và dự án cấp thiết địa phương."
                    .into(),
            ],
        ));
    }
    let simple: [(&str, &str, &str, &str, Rows); 3] = [
        ("08-KHCN-SHTT", "08/KHCN-SHTT", "Sở hữu trí tuệ", "linh-vuc:cong-nghe", ip(f)),
        ("09-KHCN-TDC", "09/KHCN-TDC", "Tiêu chuẩn, đo lường, chất lượng", "linh-vuc:tdc", standards(f)),
        (
            "10-KHCN-NLAT",
            "10/KHCN-NLAT",
            "An toàn bức xạ và hạt nhân",
            "linh-vuc:cong-nghe",
            radiation(f, may("linh-vuc:thanh-tra")),
        ),
    ];
    for (name, number, title, unit, rows) in simple {
        if may(unit) {
            sheets.push(form((name, number, title), period, &columns, &widths, rows, vec![]));
        }
    }
    official(&sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_fields_are_classified_only_when_unambiguous() {
        assert_eq!(field_of("Nông nghiệp"), Some(3));
        assert_eq!(field_of("Chăn nuôi – thú y"), Some(3));
        assert_eq!(field_of("Y dược"), Some(2));
        assert_eq!(field_of("Công nghệ sinh học"), Some(1));
        assert_eq!(field_of("Công nghiệp chế biến"), Some(1));
        assert_eq!(field_of("Khoa học xã hội và nhân văn"), None, "two fields: staff decide");
        assert_eq!(field_of("Vũ trụ"), None);
    }
}

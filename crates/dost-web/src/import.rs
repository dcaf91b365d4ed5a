//! Importing S&T tasks from an XLSX sheet: every row is checked first and the
//! problems reported by row and column; nothing is imported while any row is
//! wrong, unless the person asks for the valid rows only.

use chrono::NaiveDate;
use dost_domain::tasks::{Level, Method, TaskType};
use dost_domain::text::fold;
use dost_export::sheet::{self, Value};
use dost_export::xlsx::{Cell, table};
use dost_store::Db;
use dost_store::audit::Actor;
use dost_store::tasks::NewTask;

use crate::WebError;

/// The template's columns (documented in the README), with widths.
pub const COLUMNS: [(&str, f64); 17] = [
    ("Mã số", 16.0),
    ("Tên nhiệm vụ", 50.0),
    ("Cấp", 18.0),
    ("Loại", 18.0),
    ("Lĩnh vực", 18.0),
    ("Chương trình", 24.0),
    ("Phương thức", 16.0),
    ("Tổ chức chủ trì", 30.0),
    ("Chủ nhiệm", 24.0),
    ("Thành viên", 30.0),
    ("Bắt đầu", 12.0),
    ("Kết thúc", 12.0),
    ("Tổng kinh phí (đồng)", 18.0),
    ("Ngân sách nhà nước (đồng)", 18.0),
    ("Mục tiêu", 40.0),
    ("Nội dung", 40.0),
    ("Kết quả dự kiến", 40.0),
];

/// The template to fill in, with one example row.
pub fn template() -> Result<Vec<u8>, WebError> {
    let example = [
        "CB.ĐT.01-2026",
        "Nghiên cứu quy trình nhân giống lan kim tuyến bằng nuôi cấy mô",
        "Cấp tỉnh",
        "Đề tài",
        "Nông nghiệp",
        "",
        "Tuyển chọn",
        "Trung tâm Ứng dụng tiến bộ KH&CN Cao Bằng",
        "ThS. Nông Văn A",
        "KS. Hoàng Thị B; CN. Lý Văn C",
        "01/07/2026",
        "30/06/2028",
        "1.200.000.000",
        "1.000.000.000",
        "Xây dựng quy trình nhân giống",
        "Thu thập mẫu; nuôi cấy; thử nghiệm",
        "Quy trình được công nhận; 5.000 cây giống",
    ];
    table("Nhiệm vụ", &COLUMNS, &[example.iter().map(|s| Cell::Text((*s).to_string())).collect()])
        .map_err(|e| WebError::Internal(e.to_string()))
}

/// One problem in the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Row number as Excel shows it.
    pub row: usize,
    pub column: &'static str,
    pub message: String,
}

/// What an import found and did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub rows: usize,
    pub valid: usize,
    pub imported: usize,
    pub errors: Vec<RowError>,
}

fn text(v: Option<&Value>) -> Result<String, String> {
    match v {
        None | Some(Value::Empty) => Ok(String::new()),
        Some(Value::Text(t)) => Ok(t.clone()),
        Some(Value::Number(n)) if n.fract() == 0.0 => Ok(format!("{}", *n as i64)),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(Value::Date(_)) => Err("ô này cần chữ, không phải ngày tháng".into()),
    }
}

fn date(v: Option<&Value>) -> Result<Option<NaiveDate>, String> {
    match v {
        None | Some(Value::Empty) => Ok(None),
        Some(Value::Date(d)) => Ok(Some(*d)),
        Some(Value::Text(t)) => NaiveDate::parse_from_str(t, "%d/%m/%Y")
            .map(Some)
            .map_err(|_| format!("«{t}» không phải ngày theo dạng dd/mm/yyyy")),
        Some(Value::Number(n)) => Err(format!("«{n}» là một số, ô này cần ngày (dd/mm/yyyy)")),
    }
}

fn amount(v: Option<&Value>) -> Result<i64, String> {
    match v {
        None | Some(Value::Empty) => Ok(0),
        Some(Value::Number(n)) if *n < 0.0 => Err("số tiền không được âm".into()),
        Some(Value::Number(n)) if n.fract() != 0.0 => Err("số tiền phải là số đồng nguyên".into()),
        Some(Value::Number(n)) => Ok(*n as i64),
        Some(Value::Text(t)) => {
            let digits: String = t.chars().filter(|c| !matches!(c, '.' | ' ' | ',')).collect();
            if t.trim_start().starts_with('-') {
                return Err("số tiền không được âm".into());
            }
            digits.parse::<i64>().map_err(|_| format!("«{t}» không phải số tiền"))
        }
        Some(Value::Date(_)) => Err("ô này cần số tiền, không phải ngày tháng".into()),
    }
}

fn choice<T: Copy>(
    v: &str,
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Option<T> {
    let f = fold(v.trim());
    all.iter().copied().find(|x| fold(code(*x)) == f || fold(label(*x)) == f)
}

/// Checks every row; returns the tasks of the valid rows and the problems.
pub async fn check(db: &Db, bytes: &[u8], unit_id: Option<i64>) -> Result<(Vec<(usize, NewTask)>, Outcome), WebError> {
    let (header, rows) = sheet::read(bytes).map_err(|e| WebError::BadRequest(e.to_string()))?;
    for (i, (name, _)) in COLUMNS.iter().enumerate() {
        if header.get(i).map(|h| fold(h)) != Some(fold(name)) {
            return Err(WebError::BadRequest(format!(
                "Cột {} phải là «{name}» (hãy dùng tệp mẫu); trong tệp là «{}».",
                i + 1,
                header.get(i).cloned().unwrap_or_default()
            )));
        }
    }
    let existing: std::collections::HashSet<String> =
        dost_store::tasks::list(db, &Default::default()).await?.into_iter().map(|t| t.code).collect();
    let mut seen = std::collections::HashMap::new();
    let mut out = Outcome { rows: rows.iter().filter(|r| !sheet::is_blank(r)).count(), ..Default::default() };
    let mut tasks = Vec::new();
    for (i, r) in rows.iter().enumerate().filter(|(_, r)| !sheet::is_blank(r)) {
        let row_no = i + 2;
        let before = out.errors.len();
        let mut err =
            |col: usize, message: String| out.errors.push(RowError { row: row_no, column: COLUMNS[col].0, message });
        let mut t = |col: usize| {
            text(r.get(col)).unwrap_or_else(|m| {
                err(col, m);
                String::new()
            })
        };
        let code = t(0);
        let title = t(1);
        let level_s = t(2);
        let type_s = t(3);
        let field = t(4);
        let programme = t(5);
        let method_s = t(6);
        let lead_org = t(7);
        let investigator = t(8);
        let members = t(9);
        let objectives = t(14);
        let content = t(15);
        let expected = t(16);
        let mut need = |col: usize, v: &str| {
            if v.is_empty() {
                err(col, "ô này không được để trống".into());
            }
        };
        need(0, &code);
        need(1, &title);
        need(7, &lead_org);
        need(8, &investigator);
        if !code.is_empty() {
            if existing.contains(&code) {
                err(0, format!("mã «{code}» đã có trong hệ thống"));
            } else if let Some(first) = seen.insert(code.clone(), row_no) {
                err(0, format!("mã «{code}» trùng với dòng {first}"));
            }
        }
        let level = choice(&level_s, Level::ALL, Level::code, Level::label);
        if level.is_none() {
            err(
                2,
                format!(
                    "cấp «{level_s}» không có; dùng: Cấp quốc gia, Cấp Bộ, Cấp tỉnh, Chương trình nông thôn miền núi, Cấp cơ sở"
                ),
            );
        }
        let kind = if type_s.is_empty() {
            Some(TaskType::Research)
        } else {
            choice(&type_s, TaskType::ALL, TaskType::code, TaskType::label)
        };
        if kind.is_none() {
            err(3, format!("loại «{type_s}» không có; dùng: Đề tài, Dự án sản xuất thử nghiệm, Dự án KH&CN, Đề án"));
        }
        let method = if method_s.is_empty() {
            Some(Method::Selection)
        } else {
            choice(&method_s, Method::ALL, Method::code, Method::label)
        };
        if method.is_none() {
            err(6, format!("phương thức «{method_s}» không có; dùng: Tuyển chọn, Giao trực tiếp"));
        }
        let start = date(r.get(10)).unwrap_or_else(|m| {
            err(10, m);
            None
        });
        let end = date(r.get(11)).unwrap_or_else(|m| {
            err(11, m);
            None
        });
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            err(11, "ngày kết thúc trước ngày bắt đầu".into());
        }
        let total = amount(r.get(12)).unwrap_or_else(|m| {
            err(12, m);
            0
        });
        let state = amount(r.get(13)).unwrap_or_else(|m| {
            err(13, m);
            0
        });
        if state > total {
            err(13, "phần ngân sách nhà nước lớn hơn tổng kinh phí".into());
        }
        if out.errors.len() > before {
            continue;
        }
        out.valid += 1;
        tasks.push((
            row_no,
            NewTask {
                code,
                title,
                level: level.unwrap_or(Level::Provincial),
                task_type: kind.unwrap_or(TaskType::Research),
                field,
                programme,
                method: method.unwrap_or(Method::Selection),
                lead_org,
                investigator,
                members: members.split(';').map(|m| m.trim().to_string()).filter(|m| !m.is_empty()).collect(),
                unit_id,
                start_date: start,
                end_date: end,
                budget_total: total,
                budget_state: state,
                budget_lump_sum: 0,
                budget_years: Vec::new(),
                objectives,
                content,
                methods: String::new(),
                expected_results: expected,
                products: String::new(),
                approved_year: None,
            },
        ));
    }
    Ok((tasks, out))
}

/// Checks, then imports (all rows, or only the valid ones when asked and
/// there are problems). `progress(done, total)` is called as rows are written.
pub async fn run(
    db: &Db,
    bytes: &[u8],
    unit_id: Option<i64>,
    only_valid: bool,
    actor: &Actor,
    now: i64,
    mut progress: impl FnMut(usize, usize),
) -> Result<Outcome, WebError> {
    let (tasks, mut out) = check(db, bytes, unit_id).await?;
    if !out.errors.is_empty() && !only_valid {
        return Ok(out);
    }
    let total = tasks.len();
    let mut tx = db.begin(actor, now).await?;
    for (i, (row, t)) in tasks.iter().enumerate() {
        match dost_store::tasks::create(&mut tx, t).await? {
            Some(_) => out.imported += 1,
            None => out.errors.push(RowError {
                row: *row,
                column: "Mã số",
                message: format!("mã «{}» vừa được người khác ghi", t.code),
            }),
        }
        progress(i + 1, total);
    }
    if out.imported > 0 {
        tx.summarise(dost_store::Change::new(
            "import",
            "task",
            None,
            format!("Nhập {} nhiệm vụ từ bảng tính", out.imported),
        ));
        tx.commit().await?;
    }
    Ok(out)
}

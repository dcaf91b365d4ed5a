//! A new S&T task as people give it — typed in the form or read from a row
//! of a spreadsheet — checked by one parser, so that the form and the import
//! can never disagree. Problems are reported per field, all at once.

use chrono::NaiveDate;

use crate::registers::Input;
use crate::tasks::{Level, Method, TaskType};

/// The fields of a new task, by the names the form and the import use.
pub const FIELDS: [(&str, &str); 18] = [
    ("code", "Mã số"),
    ("title", "Tên nhiệm vụ"),
    ("level", "Cấp"),
    ("type", "Loại"),
    ("field", "Lĩnh vực"),
    ("programme", "Chương trình"),
    ("method", "Phương thức"),
    ("lead_org", "Tổ chức chủ trì"),
    ("investigator", "Chủ nhiệm"),
    ("members", "Thành viên"),
    ("start", "Bắt đầu"),
    ("end", "Kết thúc"),
    ("budget", "Tổng kinh phí (đồng)"),
    ("state", "Ngân sách nhà nước (đồng)"),
    ("objectives", "Mục tiêu"),
    ("content", "Nội dung"),
    ("expected", "Kết quả dự kiến"),
    ("methods", "Phương pháp nghiên cứu"),
];

/// The label of a field (its column in the template).
pub fn label(field: &str) -> &'static str {
    FIELDS.iter().find(|f| f.0 == field).map(|f| f.1).unwrap_or("")
}

/// A new task, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskInput {
    pub code: String,
    pub title: String,
    pub level: Level,
    pub task_type: TaskType,
    pub field: String,
    pub programme: String,
    pub method: Method,
    pub lead_org: String,
    pub investigator: String,
    pub members: Vec<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub budget_total: i64,
    pub budget_state: i64,
    pub objectives: String,
    pub content: String,
    pub methods: String,
    pub expected: String,
}

pub use crate::cells::Problems;
use crate::cells::{amount, choice, date, text};

/// Checks a new task. `input(field)` gives what was typed or read for a field.
pub fn parse(input: impl Fn(&'static str) -> Input) -> Result<TaskInput, Problems> {
    let mut problems: Problems = Vec::new();
    let mut t = |field: &'static str| {
        text(&input(field)).unwrap_or_else(|e| {
            problems.push((field, e));
            String::new()
        })
    };
    let (code, title, level_s, type_s) = (t("code"), t("title"), t("level"), t("type"));
    let (field, programme, method_s) = (t("field"), t("programme"), t("method"));
    let (lead_org, investigator, members) = (t("lead_org"), t("investigator"), t("members"));
    let (objectives, content, methods, expected) = (t("objectives"), t("content"), t("methods"), t("expected"));
    for (name, value) in [("code", &code), ("title", &title), ("lead_org", &lead_org), ("investigator", &investigator)]
    {
        if value.is_empty() {
            problems.push((name, "chưa được ghi".into()));
        }
    }
    for (name, value, max) in [("code", &code, 60), ("title", &title, 500)] {
        if value.chars().count() > max {
            problems.push((name, format!("dài quá {max} ký tự")));
        }
    }
    let level = choice(&level_s, Level::ALL, Level::code, Level::label);
    if level.is_none() {
        problems.push((
            "level",
            format!(
                "cấp «{level_s}» không có; dùng: Cấp quốc gia, Cấp Bộ, Cấp tỉnh, Chương trình nông thôn miền núi, Cấp cơ sở"
            ),
        ));
    }
    let task_type = if type_s.is_empty() {
        Some(TaskType::Research)
    } else {
        choice(&type_s, TaskType::ALL, TaskType::code, TaskType::label)
    };
    if task_type.is_none() {
        problems.push((
            "type",
            format!("loại «{type_s}» không có; dùng: Đề tài, Dự án sản xuất thử nghiệm, Dự án KH&CN, Đề án"),
        ));
    }
    let method = if method_s.is_empty() {
        Some(Method::Selection)
    } else {
        choice(&method_s, Method::ALL, Method::code, Method::label)
    };
    if method.is_none() {
        problems.push(("method", format!("phương thức «{method_s}» không có; dùng: Tuyển chọn, Giao trực tiếp")));
    }
    let mut day = |field: &'static str| {
        date(&input(field)).unwrap_or_else(|e| {
            problems.push((field, e));
            None
        })
    };
    let (start, end) = (day("start"), day("end"));
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        problems.push(("end", "ngày kết thúc trước ngày bắt đầu".into()));
    }
    let mut money = |field: &'static str| {
        amount(&input(field)).unwrap_or_else(|e| {
            problems.push((field, e));
            0
        })
    };
    let (budget_total, budget_state) = (money("budget"), money("state"));
    if budget_state > budget_total {
        problems.push(("state", "phần ngân sách nhà nước lớn hơn tổng kinh phí".into()));
    }
    let (Some(level), Some(task_type), Some(method), true) = (level, task_type, method, problems.is_empty()) else {
        return Err(problems);
    };
    Ok(TaskInput {
        code,
        title,
        level,
        task_type,
        field,
        programme,
        method,
        lead_org,
        investigator,
        members: members.split([';', '\n']).map(|m| m.trim().to_string()).filter(|m| !m.is_empty()).collect(),
        start,
        end,
        budget_total,
        budget_state,
        objectives,
        content,
        methods,
        expected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&'static str) -> Input + 'a {
        move |k| Input::typed(pairs.iter().find(|(f, _)| *f == k).map(|(_, v)| *v).unwrap_or(""))
    }

    #[test]
    fn the_form_and_the_sheet_read_the_same_task() {
        let form = [
            ("code", "CB.ĐT.01-2026"),
            ("title", "Nhân giống lan kim tuyến"),
            ("level", "cap_tinh"),
            ("type", "de_tai"),
            ("method", "tuyen_chon"),
            ("lead_org", "Trung tâm Ứng dụng"),
            ("investigator", "ThS. Nông Văn A"),
            ("members", "KS. B\nCN. C"),
            ("start", "01/07/2026"),
            ("end", "30/06/2028"),
            ("budget", "1.200.000.000"),
            ("state", "1.000.000.000"),
        ];
        let a = parse(typed(&form)).unwrap();
        // the same task as a sheet writes it: labels, numbers, real dates, "; " between members
        let sheet = |k: &'static str| match k {
            "level" => Input::Text("Cấp tỉnh".into()),
            "type" => Input::Text("Đề tài".into()),
            "method" => Input::Text("Tuyển chọn".into()),
            "members" => Input::Text("KS. B; CN. C".into()),
            "start" => Input::Date(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()),
            "end" => Input::Date(NaiveDate::from_ymd_opt(2028, 6, 30).unwrap()),
            "budget" => Input::Number(1_200_000_000.0),
            "state" => Input::Number(1_000_000_000.0),
            other => typed(&form)(other),
        };
        assert_eq!(parse(sheet).unwrap(), a);
        assert_eq!(a.members, vec!["KS. B", "CN. C"]);
        assert_eq!((a.budget_total, a.budget_state), (1_200_000_000, 1_000_000_000));
    }

    #[test]
    fn every_problem_is_named_with_its_field_at_once() {
        let bad = [("level", "cap_xa"), ("start", "31/02/2026"), ("budget", "1.5"), ("state", "-3")];
        let problems = parse(typed(&bad)).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.0).collect();
        for f in ["code", "title", "lead_org", "investigator", "level", "start", "budget", "state"] {
            assert!(fields.contains(&f), "{f} missing from {problems:?}");
        }
        // "1.5" is not fifteen
        assert!(problems.iter().any(|(f, m)| *f == "budget" && m.contains("1.5")));
    }
}

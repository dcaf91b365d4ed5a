//! S&T tasks from a spreadsheet, read by the same parser as the form
//! (`dost_domain::task_input`), never with a code already used.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use dost_domain::registers::{Column, FieldKind};
use dost_domain::task_input::{self, FIELDS, TaskInput};
use dost_store::Db;
use dost_store::audit::Actor;
use dost_store::tasks::NewTask;

use super::{Checked, Refused, check};
use crate::AppError;

/// The template's columns, in order (every field of the form but the methods).
pub const COLUMNS: &[Column] = &{
    const fn col(i: usize) -> Column {
        let name = FIELDS[i].0;
        // the fields a task cannot be without (the parser says so row by row too)
        let required = super::verifications::const_eq(name, "code") || super::verifications::const_eq(name, "title");
        Column { name, label: FIELDS[i].1, kind: FieldKind::Text, required }
    }
    [
        col(0),
        col(1),
        col(2),
        col(3),
        col(4),
        col(5),
        col(6),
        col(7),
        col(8),
        col(9),
        col(10),
        col(11),
        col(12),
        col(13),
        col(14),
        col(15),
        col(16),
    ]
};

/// Column widths of the template.
pub const WIDTHS: [f64; 17] =
    [16.0, 50.0, 18.0, 18.0, 18.0, 24.0, 16.0, 30.0, 24.0, 30.0, 12.0, 12.0, 18.0, 18.0, 40.0, 40.0, 40.0];

/// The template's example row.
pub const EXAMPLE: [&str; 17] = [
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

/// Checks every row of the workbook.
pub async fn check_file(db: &Db, file: PathBuf) -> Result<Result<Checked<TaskInput>, Refused>, AppError> {
    let existing: HashSet<String> = dost_store::tasks::codes(db).await?.into_iter().collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    check(file, COLUMNS, move |at, row| {
        let t = task_input::parse(|field| row.get(field))
            .map_err(|ps| ps.into_iter().map(|(field, m)| (task_input::label(field), m)).collect::<Vec<_>>())?;
        if existing.contains(&t.code) {
            return Err(vec![(task_input::label("code"), format!("mã «{}» đã có trong hệ thống", t.code))]);
        }
        if let Some(first) = seen.insert(t.code.clone(), at) {
            return Err(vec![(task_input::label("code"), format!("mã «{}» trùng với dòng {first}", t.code))]);
        }
        Ok(t)
    })
    .await
}

/// What an import wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub imported: usize,
    /// Rows whose code someone else took between the check and the write.
    pub taken: Vec<(usize, String)>,
}

/// Writes checked tasks in one change (one audit entry), managed by
/// `unit_id`; `progress(done, total)` is called as rows are written.
pub async fn write(
    db: &Db,
    actor: &Actor,
    now: i64,
    rows: Vec<(usize, TaskInput)>,
    unit_id: Option<i64>,
    mut progress: impl FnMut(usize, usize),
) -> Result<Written, AppError> {
    let total = rows.len();
    let mut out = Written::default();
    let mut tx = db.begin(actor, now).await?;
    for (i, (row, t)) in rows.into_iter().enumerate() {
        let code = t.code.clone();
        match dost_store::tasks::create(&mut tx, &NewTask::from_input(t, unit_id)).await? {
            Some(_) => out.imported += 1,
            None => out.taken.push((row, code)),
        }
        progress(i + 1, total);
    }
    if out.imported > 0 {
        tx.summarise(dost_store::Change::new(
            "import",
            "task",
            None,
            format!("Nhập {} nhiệm vụ từ bảng tính", dost_domain::format::int(out.imported as i64)),
        ));
        tx.commit().await?;
    }
    Ok(out)
}

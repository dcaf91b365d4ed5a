//! The drill-down catalogue in SQL: for every table a figure can count, the
//! columns its records are listed with, described as data and read by name.
//! The report's figures, the dashboard's lists and their downloads all show
//! records through this one description.

use chrono::NaiveDate;
use dost_domain::dossiers::Timeliness;
use dost_domain::format;
use dost_domain::registers as reg;
use dost_domain::tasks::Level;

use crate::db::on_pool;
use crate::{Db, Engine, Result};

/// Records listed for people: what they are, a header and one row of text per record.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub label: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Record>,
}

#[derive(Debug, Clone)]
pub struct Record {
    pub id: i64,
    pub cells: Vec<String>,
}

/// How a column's value is shown.
#[derive(Clone, Copy)]
enum Show {
    Text,
    Date,
    /// A whole number (`1.500`).
    Int,
    /// Đồng (`30.000.000 đồng`); nothing for zero.
    Money,
    /// A code shown by its label.
    Choice(&'static [(&'static str, &'static str)]),
    Level,
    /// Seconds since 1970, shown as the day in Vietnam.
    Timestamp,
    /// A verification's result.
    Passed,
    /// `som`, `dung`, `tre` or `cho` (a dossier against its due date).
    Timeliness,
}

struct Col {
    header: &'static str,
    sql: &'static str,
    show: Show,
}

const fn col(header: &'static str, sql: &'static str, show: Show) -> Col {
    Col { header, sql, show }
}

/// How a table's records are listed: the rows' source, their id, their order.
struct Listing {
    from: &'static str,
    id: &'static str,
    order: &'static str,
    cols: &'static [Col],
}

use Show::*;

/// Early / on time / late as `dossiers::timeliness` decides, in SQL.
const TIMELINESS: &str = "CASE WHEN d.returned_on IS NULL THEN 'cho' \
    WHEN d.returned_on < COALESCE(d.new_due_on, d.due_on) THEN 'som' \
    WHEN d.returned_on = COALESCE(d.new_due_on, d.due_on) THEN 'dung' ELSE 'tre' END";

fn listing(table: &str) -> Option<Listing> {
    let l = |from, id, order, cols| Some(Listing { from, id, order, cols });
    match table {
        "verifications" => l(
            "verifications v JOIN instruments i ON i.id = v.instrument_id JOIN instrument_types t ON t.id = i.type_id",
            "v.id",
            "v.verified_on, v.id",
            const {
                &[
                    col("Ngày", "v.verified_on", Date),
                    col("Số chứng chỉ", "v.certificate", Text),
                    col("Loại phương tiện", "t.name", Text),
                    col("Số hiệu", "i.serial", Text),
                    col("Chủ sở hữu", "i.owner", Text),
                    col("Địa bàn", "i.district", Text),
                    col("Kết quả", "v.passed", Passed),
                    col("Hiệu lực đến", "v.valid_until", Date),
                ]
            },
        ),
        "dossiers" => l(
            "dossiers d JOIN procedures pr ON pr.id = d.procedure_id",
            "d.id",
            "d.returned_on, d.id",
            const {
                &[
                    col("Mã hồ sơ", "d.code", Text),
                    col("Thủ tục", "pr.name", Text),
                    col("Tổ chức, cá nhân", "d.applicant", Text),
                    col("Ngày nhận", "d.received_on", Date),
                    col("Hạn giải quyết", "COALESCE(d.new_due_on, d.due_on)", Date),
                    col("Ngày trả", "d.returned_on", Date),
                    col("Tình trạng", TIMELINESS, Timeliness),
                    col("Kinh phí", "d.amount", Money),
                    col("Giấy phép có hiệu lực đến", "d.licence_until", Date),
                ]
            },
        ),
        "inspections" => l(
            "inspections",
            "id",
            "on_date, id",
            const {
                &[
                    col("Ngày", "on_date", Date),
                    col("Hình thức", "kind", Choice(reg::INSPECTION_KINDS)),
                    col("Lĩnh vực", "domain", Choice(reg::INSPECTION_DOMAINS)),
                    col("Đối tượng", "subject", Text),
                    col("Địa bàn", "district", Text),
                    col("Nội dung", "findings", Text),
                ]
            },
        ),
        "sales" => l(
            "sales s JOIN products p ON p.id = s.product_id",
            "s.id",
            "s.on_date, s.id",
            const {
                &[
                    col("Ngày", "s.on_date", Date),
                    col("Sản phẩm", "p.name", Text),
                    col("Số lượng", "s.quantity", Int),
                    col("Doanh thu", "s.revenue", Money),
                ]
            },
        ),
        "centre_services" => l(
            "centre_services",
            "id",
            "on_date, id",
            const {
                &[
                    col("Ngày", "on_date", Date),
                    col("Loại", "kind", Choice(reg::SERVICE_KINDS)),
                    col("Nơi thực hiện", "place", Text),
                    col("Số người", "participants", Int),
                ]
            },
        ),
        "outreach" => l(
            "outreach",
            "id",
            "on_date, id",
            const {
                &[
                    col("Ngày", "on_date", Date),
                    col("Loại", "kind", Choice(reg::OUTREACH_KINDS)),
                    col("Tên, số", "title", Text),
                    col("Số bản in", "copies", Int),
                ]
            },
        ),
        "fund_cases" => l(
            "fund_cases",
            "id",
            "on_date, id",
            const {
                &[
                    col("Ngày", "on_date", Date),
                    col("Loại", "kind", Choice(reg::FUND_KINDS)),
                    col("Nội dung", "title", Text),
                    col("Số tiền", "amount", Money),
                ]
            },
        ),
        "fund_movements" => l(
            "fund_movements",
            "id",
            "on_date, id",
            const {
                &[
                    col("Ngày", "on_date", Date),
                    col("Loại", "kind", Choice(reg::FUND_MOVEMENTS)),
                    col("Ghi chú", "note", Text),
                    col("Số tiền", "amount", Money),
                ]
            },
        ),
        "advisory_documents" => l(
            "advisory_documents",
            "id",
            "on_date, id",
            const {
                &[
                    col("Ngày", "on_date", Date),
                    col("Loại", "kind", Choice(reg::ADVISORY_KINDS)),
                    col("Tên văn bản", "title", Text),
                ]
            },
        ),
        "directives" => l(
            "directives",
            "id",
            "meeting_date, id",
            const {
                &[
                    col("Ngày họp", "meeting_date", Date),
                    col("Nội dung", "text", Text),
                    col("Thời hạn", "deadline", Date),
                ]
            },
        ),
        "tasks" => l(
            "tasks",
            "id",
            "start_date, id",
            const {
                &[
                    col("Bắt đầu", "start_date", Date),
                    col("Mã số", "code", Text),
                    col("Tên nhiệm vụ", "title", Text),
                    col("Cấp", "level", Level),
                ]
            },
        ),
        "plan_indicators" => l(
            "plan_indicators",
            "id",
            "id",
            const { &[col("Năm", "year", Int), col("Chỉ tiêu", "name", Text), col("Kế hoạch", "target", Int)] },
        ),
        "articles" => l(
            "articles",
            "id",
            "published_at, id",
            const { &[col("Ngày đăng", "published_at", Timestamp), col("Tiêu đề", "title", Text)] },
        ),
        "videos" => l(
            "videos",
            "id",
            "published_at, id",
            const { &[col("Ngày đăng", "published_at", Timestamp), col("Video", "title", Text)] },
        ),
        _ => None,
    }
}

fn choice_label(options: &[(&str, &str)], code: String) -> String {
    options.iter().find(|o| o.0 == code).map(|o| o.1.to_string()).unwrap_or(code)
}

/// Reads column `c{i}` of a row as the column shows it (on either engine).
macro_rules! cell {
    ($row:expr, $i:expr, $show:expr) => {{
        use sqlx::Row;
        let name = format!("c{}", $i);
        let name = name.as_str();
        match $show {
            Text => $row.try_get::<Option<String>, _>(name)?.unwrap_or_default(),
            Date => $row.try_get::<Option<NaiveDate>, _>(name)?.map(format::date).unwrap_or_default(),
            Int => $row.try_get::<Option<i64>, _>(name)?.map(format::int).unwrap_or_default(),
            Money => $row.try_get::<Option<i64>, _>(name)?.filter(|n| *n != 0).map(format::money).unwrap_or_default(),
            Choice(options) => choice_label(options, $row.try_get::<Option<String>, _>(name)?.unwrap_or_default()),
            Level => {
                let code = $row.try_get::<Option<String>, _>(name)?.unwrap_or_default();
                Level::parse(&code).map(|l| l.label().to_string()).unwrap_or(code)
            }
            Timestamp => $row.try_get::<Option<i64>, _>(name)?.map(format::date_ts).unwrap_or_default(),
            Passed => match $row.try_get::<Option<bool>, _>(name)? {
                Some(true) => "Đạt".into(),
                Some(false) => "Không đạt".into(),
                None => String::new(),
            },
            Timeliness => match $row.try_get::<Option<String>, _>(name)?.as_deref() {
                Some("som") => Timeliness::Early.label().into(),
                Some("dung") => Timeliness::OnTime.label().into(),
                Some("tre") => Timeliness::Late.label().into(),
                _ => Timeliness::Pending.label().into(),
            },
        }
    }};
}

/// What the records of a table are, in a heading.
pub fn label(table: &str) -> &'static str {
    match table {
        "verifications" => "Kết quả kiểm định",
        "dossiers" => "Hồ sơ thủ tục hành chính",
        "inspections" => "Thanh tra, kiểm tra, khảo sát, hướng dẫn",
        "sales" => "Tiêu thụ sản phẩm",
        "centre_services" => "Tập huấn, dịch vụ",
        "outreach" => "Thông tin, tuyên truyền",
        "fund_cases" => "Hồ sơ của Quỹ",
        "fund_movements" => "Giải ngân, thu hồi vốn của Quỹ",
        "advisory_documents" => "Văn bản tham mưu",
        "directives" => "Ý kiến chỉ đạo",
        "tasks" => "Nhiệm vụ KH&CN",
        "plan_indicators" => "Chỉ tiêu kế hoạch",
        "articles" => "Tin, bài",
        "videos" => "Video",
        _ => "Bản ghi",
    }
}

/// The records of `table` with these ids, in the table's order. Unknown tables give nothing.
pub async fn records(db: &Db, table: &str, ids: &[i64]) -> Result<Records> {
    let Some(l) = listing(table) else { return Ok(Records { label: label(table), ..Default::default() }) };
    let header = l.cols.iter().map(|c| c.header).collect();
    if ids.is_empty() {
        return Ok(Records { label: label(table), header, rows: Vec::new() });
    }
    // every id in one parameter (a JSON array), so one query keeps one order
    let within = match db.engine() {
        Engine::Sqlite => "SELECT value FROM json_each($1)",
        Engine::Postgres => "SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS json))",
    };
    let select: Vec<String> = l.cols.iter().enumerate().map(|(i, c)| format!("{} AS c{i}", c.sql)).collect();
    let sql = format!(
        "SELECT {} AS id, {} FROM {} WHERE {} IN ({within}) ORDER BY {}",
        l.id,
        select.join(", "),
        l.from,
        l.id,
        l.order
    );
    let list = format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
    let rows: Vec<Record> = on_pool!(db, pool => {
        let mut out = Vec::with_capacity(ids.len());
        for row in sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(&list).fetch_all(pool).await? {
            use sqlx::Row;
            let mut cells = Vec::with_capacity(l.cols.len());
            for (i, c) in l.cols.iter().enumerate() {
                cells.push(cell!(row, i, c.show));
            }
            out.push(Record { id: row.try_get("id")?, cells });
        }
        out
    });
    Ok(Records { label: label(table), header, rows })
}

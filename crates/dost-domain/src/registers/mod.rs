//! Registers of the department's simpler work records — annual plan
//! indicators, the applied S&T centre's sales and services, outreach output,
//! S&T fund cases and advisory documents — described as data: one
//! description drives the list, the form, the checks, the export and the
//! import of each, so every register behaves the same way.

use chrono::NaiveDate;

use crate::text::fold;

/// What a column holds, and so how it is typed in, checked and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// A calendar date, typed dd/mm/yyyy.
    Date,
    /// A whole number of things (never negative).
    Count,
    /// Money in whole đồng (never negative).
    Money,
    /// A year such as 2020.
    Year,
    /// A whole number that may be left empty (a loan's rate or term).
    OptionalNumber,
    /// One of a fixed list: (code stored, label shown).
    Choice(&'static [(&'static str, &'static str)]),
    /// A product of the applied S&T centre (its id).
    Product,
    /// A unit of the department (its id), optional.
    Unit,
    /// A case of the S&T fund (its id).
    FundCase,
    /// A plan indicator whose result is typed (its id).
    PlanIndicator,
    /// Yes or no.
    YesNo,
}

pub struct Column {
    /// The database column (a fixed name: never taken from input).
    pub name: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub required: bool,
}

pub struct Register {
    /// The path segment under `/quan-tri/so/`.
    pub slug: &'static str,
    pub table: &'static str,
    pub title: &'static str,
    /// The column the period filter applies to.
    pub date_column: Option<&'static str>,
    /// The column the kind filter applies to.
    pub kind_column: Option<&'static str>,
    /// Columns that together may not repeat (checked before saving).
    pub unique: &'static [&'static str],
    pub columns: &'static [Column],
}

const fn col(name: &'static str, label: &'static str, kind: FieldKind, required: bool) -> Column {
    Column { name, label, kind, required }
}

pub const SERVICE_KINDS: &[(&str, &str)] = &[
    ("tap_huan", "Tập huấn kỹ thuật"),
    ("kiem_xa_x_quang", "Kiểm xạ phòng, kiểm định máy X-quang"),
    ("dich_vu_khac", "Dịch vụ khác"),
];

pub const OUTREACH_KINDS: &[(&str, &str)] = &[
    ("truyen_hinh", "Chương trình truyền hình"),
    ("lich", "Lịch KH&CN"),
    ("ban_tin", "Tài liệu, bản tin thông tin KH&CN"),
    ("so_tay", "Sổ tay"),
    ("phat_thanh", "Chương trình phát thanh"),
];

pub const FUND_KINDS: &[(&str, &str)] = &[
    ("tai_tro", "Tài trợ"),
    ("ho_tro", "Hỗ trợ"),
    ("cho_vay", "Cho vay"),
    ("bao_lanh", "Bảo lãnh vốn vay"),
    ("du_thao_van_ban", "Dự thảo văn bản của Quỹ"),
];

pub const FUND_MOVEMENTS: &[(&str, &str)] =
    &[("giai_ngan", "Giải ngân"), ("thu_goc", "Thu hồi nợ gốc"), ("thu_lai", "Thu lãi")];

pub const ADVISORY_KINDS: &[(&str, &str)] =
    &[("ke_hoach", "Kế hoạch"), ("bao_cao", "Báo cáo"), ("du_thao_vbqppl", "Dự thảo văn bản quy phạm pháp luật")];

pub const SUBJECT_KINDS: &[(&str, &str)] =
    &[("doanh_nghiep", "Cơ sở sản xuất, kinh doanh"), ("co_quan", "Cơ quan hành chính"), ("co_so_y_te", "Cơ sở y tế")];

pub const INSPECTION_DOMAINS: &[(&str, &str)] = &[
    ("chat_luong", "Chất lượng"),
    ("do_luong", "Đo lường"),
    ("nhan_hang", "Nhãn hàng hóa"),
    ("an_toan_buc_xa", "An toàn bức xạ"),
    ("iso_9001", "ISO 9001"),
    ("nhiem_vu_khcn", "Nhiệm vụ KH&CN"),
    ("tieu_chuan_do_luong_chat_luong", "Tiêu chuẩn – đo lường – chất lượng"),
];

pub const INSPECTION_KINDS: &[(&str, &str)] =
    &[("thanh_tra", "Thanh tra"), ("kiem_tra", "Kiểm tra"), ("khao_sat", "Khảo sát"), ("huong_dan", "Hướng dẫn")];

pub const VERIFICATION_FIELDS: &[(&str, &str)] = &[
    ("khoi_luong", "Khối lượng"),
    ("dung_tich", "Dung tích"),
    ("ap_suat", "Áp suất"),
    ("taximet", "Taximét"),
    ("dien_tu_truong", "Điện – điện từ trường"),
    ("cong_to_dien", "Công tơ điện"),
];

/// The name of a verification field (its code when unknown is "Khác").
pub fn field_label(code: &str) -> &'static str {
    VERIFICATION_FIELDS.iter().find(|x| x.0 == code).map(|x| x.1).unwrap_or("Khác")
}

pub const PROCEDURE_AREAS: &[(&str, &str)] = &[
    ("buc_xa", "An toàn bức xạ, hạt nhân"),
    ("cong_nghe", "Công nghệ"),
    ("shtt", "Sở hữu trí tuệ"),
    ("nang_suat", "Năng suất, chất lượng"),
    ("khac", "Khác"),
];

pub const RULE_SCOPES: &[(&str, &str)] = &[
    ("quoc_gia", "Quốc gia (nhiệm vụ cấp quốc gia, cấp bộ; thủ tục)"),
    ("tinh", "Tỉnh (nhiệm vụ cấp tỉnh, cấp cơ sở)"),
];

pub const REGISTERS: &[Register] = &[
    Register {
        slug: "quy-dinh",
        table: "rule_versions",
        title: "Quy định áp dụng (tham số theo văn bản pháp luật, có ngày hiệu lực)",
        date_column: Some("effective_from"),
        kind_column: Some("key"),
        unique: &["key", "scope", "effective_from"],
        columns: &[
            col("key", "Tham số", FieldKind::Choice(&crate::rules::PARAMETERS), true),
            col("scope", "Phạm vi", FieldKind::Choice(RULE_SCOPES), true),
            col("effective_from", "Có hiệu lực từ ngày", FieldKind::Date, true),
            col("value", "Giá trị (ví dụ 7-9; 2/3; 12)", FieldKind::Text, true),
            col("basis", "Căn cứ pháp lý (văn bản, điều, khoản)", FieldKind::Text, true),
        ],
    },
    Register {
        slug: "thu-tuc",
        table: "procedures",
        title: "Danh mục thủ tục hành chính",
        date_column: None,
        kind_column: Some("area"),
        unique: &["code"],
        columns: &[
            col("code", "Mã thủ tục", FieldKind::Text, true),
            col("name", "Tên thủ tục", FieldKind::Text, true),
            col("area", "Nhóm", FieldKind::Choice(PROCEDURE_AREAS), true),
            col("working_days", "Thời hạn giải quyết (số ngày)", FieldKind::Count, true),
            col("calendar_days", "Thời hạn tính theo ngày (không phải ngày làm việc)", FieldKind::YesNo, false),
            col("with_money", "Có kinh phí hỗ trợ", FieldKind::YesNo, false),
            col("level", "Cấp thực hiện", FieldKind::Text, false),
            col("fee", "Phí, lệ phí", FieldKind::Text, false),
            col("documents", "Thành phần hồ sơ (các mục cách nhau bằng dấu ;)", FieldKind::Text, false),
            col("submit_at", "Nơi tiếp nhận hồ sơ", FieldKind::Text, false),
            col("legal_basis", "Căn cứ pháp lý (các văn bản cách nhau bằng dấu ;)", FieldKind::Text, false),
            col(
                "forms",
                "Mẫu đơn, tờ khai (địa chỉ tệp trong thư viện tệp, ví dụ /tep/tai-lieu/…; cách nhau bằng dấu ;)",
                FieldKind::Text,
                false,
            ),
        ],
    },
    public::SCHEDULE,
    public::LEGAL_DOCUMENTS,
    public::DISCLOSURES,
    public::DRAFTS,
    public::ABOUT,
    public::LEADERS,
    public::UNITS,
    Register {
        slug: "loai-phuong-tien",
        table: "instrument_types",
        title: "Danh mục loại phương tiện đo",
        date_column: None,
        kind_column: Some("field"),
        unique: &["code"],
        columns: &[
            col("code", "Mã loại", FieldKind::Text, true),
            col("name", "Tên loại phương tiện đo", FieldKind::Text, true),
            col("field", "Lĩnh vực", FieldKind::Choice(VERIFICATION_FIELDS), true),
        ],
    },
    Register {
        slug: "san-pham",
        table: "products",
        title: "Danh mục sản phẩm của Trung tâm",
        date_column: None,
        kind_column: None,
        unique: &["code"],
        columns: &[
            col("code", "Mã sản phẩm", FieldKind::Text, true),
            col("name", "Tên sản phẩm", FieldKind::Text, true),
            col("measure", "Đơn vị tính", FieldKind::Text, true),
        ],
    },
    Register {
        slug: "kiem-tra",
        table: "inspections",
        title: "Thanh tra, kiểm tra, khảo sát, hướng dẫn",
        date_column: Some("on_date"),
        kind_column: Some("kind"),
        unique: &[],
        columns: &[
            col("kind", "Hình thức", FieldKind::Choice(INSPECTION_KINDS), true),
            col("domain", "Lĩnh vực", FieldKind::Choice(INSPECTION_DOMAINS), true),
            col("on_date", "Ngày", FieldKind::Date, true),
            col("subject", "Đối tượng (cơ sở, cơ quan)", FieldKind::Text, true),
            col("subject_kind", "Loại đối tượng", FieldKind::Choice(SUBJECT_KINDS), true),
            col("district", "Địa bàn", FieldKind::Text, false),
            col("findings", "Kết luận, kiến nghị", FieldKind::Text, false),
            col("violations", "Số vi phạm", FieldKind::Count, false),
            col("fine", "Tiền phạt (đồng)", FieldKind::Money, false),
            col("follow_up", "Theo dõi, xử lý sau kiểm tra", FieldKind::Text, false),
        ],
    },
    Register {
        slug: "ke-hoach",
        table: "plan_indicators",
        title: "Chỉ tiêu kế hoạch năm",
        date_column: None,
        kind_column: None,
        unique: &["year", "code"],
        columns: &[
            col("year", "Năm", FieldKind::Year, true),
            col("unit_id", "Đơn vị thực hiện", FieldKind::Unit, false),
            col("code", "Mã chỉ tiêu", FieldKind::Text, true),
            col("name", "Tên chỉ tiêu", FieldKind::Text, true),
            col("measure", "Đơn vị tính", FieldKind::Text, true),
            col("target", "Chỉ tiêu kế hoạch", FieldKind::Count, true),
        ],
    },
    Register {
        slug: "ket-qua-chi-tieu",
        table: "plan_results",
        title: "Kết quả chỉ tiêu kế hoạch (chỉ tiêu không có sổ ghi nhận)",
        date_column: Some("reported_on"),
        kind_column: Some("indicator_id"),
        unique: &["indicator_id", "reported_on"],
        columns: &[
            col("indicator_id", "Chỉ tiêu", FieldKind::PlanIndicator, true),
            col("reported_on", "Ngày báo cáo kết quả", FieldKind::Date, true),
            col("achieved", "Kết quả lũy kế đến ngày báo cáo", FieldKind::Count, true),
            col("note", "Ghi chú", FieldKind::Text, false),
        ],
    },
    Register {
        slug: "ban-hang",
        table: "sales",
        title: "Sản xuất, tiêu thụ sản phẩm của Trung tâm",
        date_column: Some("on_date"),
        kind_column: Some("product_id"),
        unique: &[],
        columns: &[
            col("product_id", "Sản phẩm", FieldKind::Product, true),
            col("on_date", "Ngày", FieldKind::Date, true),
            col("quantity", "Số lượng", FieldKind::Count, true),
            col("revenue", "Doanh thu (đồng)", FieldKind::Money, false),
        ],
    },
    Register {
        slug: "dich-vu",
        table: "centre_services",
        title: "Tập huấn, dịch vụ của Trung tâm",
        date_column: Some("on_date"),
        kind_column: Some("kind"),
        unique: &[],
        columns: &[
            col("kind", "Loại", FieldKind::Choice(SERVICE_KINDS), true),
            col("on_date", "Ngày", FieldKind::Date, true),
            col("place", "Nơi thực hiện", FieldKind::Text, true),
            col("participants", "Số người tham dự", FieldKind::Count, false),
            col("note", "Ghi chú", FieldKind::Text, false),
        ],
    },
    Register {
        slug: "truyen-thong",
        table: "outreach",
        title: "Thông tin, tuyên truyền",
        date_column: Some("on_date"),
        kind_column: Some("kind"),
        unique: &[],
        columns: &[
            col("kind", "Loại sản phẩm", FieldKind::Choice(OUTREACH_KINDS), true),
            col("on_date", "Ngày phát hành", FieldKind::Date, true),
            col("title", "Tên, số", FieldKind::Text, true),
            col("copies", "Số bản in", FieldKind::Count, false),
        ],
    },
    Register {
        slug: "quy",
        table: "fund_cases",
        title: "Hồ sơ của Quỹ phát triển KH&CN",
        date_column: Some("on_date"),
        kind_column: Some("kind"),
        unique: &[],
        columns: &[
            col("kind", "Loại", FieldKind::Choice(FUND_KINDS), true),
            col("on_date", "Ngày quyết định", FieldKind::Date, true),
            col("title", "Nội dung", FieldKind::Text, true),
            col("applicant", "Tổ chức, cá nhân đề nghị", FieldKind::Text, false),
            col("amount", "Số tiền (đồng)", FieldKind::Money, false),
            col("rate_permille", "Lãi suất (‰/năm, nếu cho vay)", FieldKind::OptionalNumber, false),
            col("term_months", "Thời hạn (tháng, nếu cho vay)", FieldKind::OptionalNumber, false),
            col("decision", "Số quyết định", FieldKind::Text, false),
            col("status", "Tình trạng giải ngân, thu hồi", FieldKind::Text, false),
        ],
    },
    Register {
        slug: "quy-giai-ngan",
        table: "fund_movements",
        title: "Giải ngân, thu hồi vốn của Quỹ",
        date_column: Some("on_date"),
        kind_column: Some("kind"),
        unique: &[],
        columns: &[
            col("case_id", "Hồ sơ của Quỹ", FieldKind::FundCase, true),
            col("kind", "Loại", FieldKind::Choice(FUND_MOVEMENTS), true),
            col("on_date", "Ngày", FieldKind::Date, true),
            col("amount", "Số tiền (đồng)", FieldKind::Money, true),
            col("note", "Ghi chú", FieldKind::Text, false),
        ],
    },
    Register {
        slug: "tham-muu",
        table: "advisory_documents",
        title: "Văn bản tham mưu cho UBND tỉnh",
        date_column: Some("on_date"),
        kind_column: Some("kind"),
        unique: &[],
        columns: &[
            col("kind", "Loại văn bản", FieldKind::Choice(ADVISORY_KINDS), true),
            col("on_date", "Ngày trình", FieldKind::Date, true),
            col("title", "Tên văn bản", FieldKind::Text, true),
            col("unit_id", "Đơn vị soạn thảo", FieldKind::Unit, false),
        ],
    },
];

pub fn find(slug: &str) -> Option<&'static Register> {
    REGISTERS.iter().find(|r| r.slug == slug)
}

impl Register {
    /// The kind of record it keeps (who keeps it is the organisation's data).
    pub fn kind(&self) -> String {
        crate::organisation::register_kind(self.slug)
    }
}

/// A typed value of one column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Int(i64),
    Date(NaiveDate),
    Bool(bool),
    Null,
}

/// A cell as typed in a form or read from a sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Input {
    /// A form's text: empty when blank.
    pub fn typed(s: &str) -> Self {
        let s = s.trim();
        if s.is_empty() { Input::Empty } else { Input::Text(s.to_string()) }
    }
}

/// Something referred to by id (a product, a unit, a fund case): (id, code, name).
pub type Reference = (i64, String, String);

/// The lists references are read against and shown from.
#[derive(Debug, Clone, Default)]
pub struct Refs {
    pub products: Vec<Reference>,
    pub units: Vec<Reference>,
    pub fund_cases: Vec<Reference>,
    pub plan_indicators: Vec<Reference>,
}

impl Refs {
    fn of(&self, kind: FieldKind) -> (&[Reference], &'static str) {
        match kind {
            FieldKind::Product => (&self.products, "sản phẩm"),
            FieldKind::FundCase => (&self.fund_cases, "hồ sơ của Quỹ"),
            FieldKind::PlanIndicator => (&self.plan_indicators, "chỉ tiêu kế hoạch"),
            _ => (&self.units, "đơn vị"),
        }
    }
}

fn number(input: &Input, what: &str) -> Result<i64, String> {
    match input {
        Input::Number(n) if *n < 0.0 => Err(format!("{what} không được âm")),
        Input::Number(n) if n.fract() != 0.0 => Err(format!("{what} phải là số nguyên")),
        Input::Number(n) if *n > 1e15 => Err(format!("{what} quá lớn")),
        Input::Number(n) => Ok(*n as i64),
        Input::Text(t) if t.trim_start().starts_with('-') => Err(format!("{what} không được âm")),
        // dots only as thousands separators: 30.000.000, never 1.5
        Input::Text(t) => crate::format::parse_whole(t).ok_or_else(|| format!("«{t}» không phải một số nguyên")),
        Input::Date(_) => Err("ô này cần một số, không phải ngày tháng".into()),
        Input::Empty => Ok(0),
    }
}

fn reference(t: &str, refs: &[Reference], what: &str) -> Result<Value, String> {
    let f = fold(t.trim());
    refs.iter()
        .find(|(id, code, name)| id.to_string() == t.trim() || fold(code) == f || fold(name) == f)
        .map(|(id, _, _)| Value::Int(*id))
        .ok_or_else(|| format!("không có {what} «{t}» trong danh mục"))
}

/// Checks and types one cell; the error is a Vietnamese sentence fragment
/// ready to follow the column's name.
pub fn parse(column: &Column, input: &Input, refs: &Refs) -> Result<Value, String> {
    if *input == Input::Empty {
        if column.required {
            return Err("chưa được ghi".into());
        }
        return Ok(match column.kind {
            FieldKind::Text => Value::Text(String::new()),
            FieldKind::Count | FieldKind::Money => Value::Int(0),
            FieldKind::YesNo => Value::Bool(false),
            _ => Value::Null,
        });
    }
    let as_text = || match input {
        Input::Text(t) => Ok(t.clone()),
        Input::Number(n) if n.fract() == 0.0 => Ok(format!("{}", *n as i64)),
        Input::Number(n) => Ok(n.to_string()),
        _ => Err("ô này cần chữ, không phải ngày tháng".to_string()),
    };
    match column.kind {
        FieldKind::Text => {
            let t = as_text()?;
            if t.chars().count() > 1000 {
                return Err("quá dài (tối đa 1.000 ký tự)".into());
            }
            Ok(Value::Text(t))
        }
        FieldKind::Date => match input {
            Input::Date(d) => Ok(Value::Date(*d)),
            Input::Text(t) => crate::format::parse_date(t)
                .map(Value::Date)
                .ok_or_else(|| format!("«{t}» không phải ngày theo dạng dd/mm/yyyy")),
            Input::Number(n) => Err(format!("«{n}» là một số, ô này cần ngày (dd/mm/yyyy)")),
            Input::Empty => Ok(Value::Null),
        },
        FieldKind::Count => number(input, "số lượng").map(Value::Int),
        FieldKind::OptionalNumber => number(input, "giá trị").map(Value::Int),
        FieldKind::Money => number(input, "số tiền").map(Value::Int),
        FieldKind::Year => match number(input, "năm")? {
            y @ 2000..=2100 => Ok(Value::Int(y)),
            y => Err(format!("năm {y} không hợp lệ")),
        },
        FieldKind::Choice(options) => {
            let t = as_text()?;
            let f = fold(t.trim());
            options
                .iter()
                .find(|(code, label)| *code == t.trim() || fold(label) == f)
                .map(|(code, _)| Value::Text((*code).to_string()))
                .ok_or_else(|| {
                    let names: Vec<&str> = options.iter().map(|o| o.1).collect();
                    format!("«{t}» không có trong danh mục ({})", names.join("; "))
                })
        }
        FieldKind::Product | FieldKind::Unit | FieldKind::FundCase | FieldKind::PlanIndicator => {
            let (list, what) = refs.of(column.kind);
            reference(&as_text()?, list, what)
        }
        FieldKind::YesNo => match fold(as_text()?.trim()).as_str() {
            "co" | "1" | "x" | "true" => Ok(Value::Bool(true)),
            "khong" | "0" | "false" => Ok(Value::Bool(false)),
            other => Err(format!("«{other}» phải là «Có» hoặc «Không»")),
        },
    }
}

/// Checks a whole record: the typed values, or every problem by column name.
pub fn parse_record(
    columns: &[Column],
    input: impl Fn(&Column) -> Input,
    refs: &Refs,
) -> Result<Vec<Value>, Vec<(&'static str, String)>> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for c in columns {
        match parse(c, &input(c), refs) {
            Ok(v) => values.push(v),
            Err(e) => errors.push((c.name, e)),
        }
    }
    if errors.is_empty() { Ok(values) } else { Err(errors) }
}

/// Checks a whole record of a register: the typed values, then the rules
/// that tie columns together (a rule version's value must have its key's form).
pub fn parse_register(
    r: &Register,
    input: impl Fn(&Column) -> Input,
    refs: &Refs,
) -> Result<Vec<Value>, Vec<(&'static str, String)>> {
    let mut values = parse_record(r.columns, input, refs)?;
    public::check(r, &mut values)?;
    if r.table == "rule_versions" {
        let text = |name: &str| {
            r.columns.iter().position(|c| c.name == name).and_then(|i| match &values[i] {
                Value::Text(t) => Some(t.clone()),
                _ => None,
            })
        };
        if let (Some(key), Some(value)) = (text("key"), text("value"))
            && let Err(e) = crate::rules::check_version(&key, value.trim())
        {
            return Err(vec![("value", e.to_string().trim_end_matches('.').to_string())]);
        }
    }
    Ok(values)
}

/// How a value is shown in lists, forms and exports.
pub fn show(column: &Column, value: &Value, refs: &Refs) -> String {
    let name_of = |refs: &[Reference], id: i64| {
        refs.iter().find(|r| r.0 == id).map(|r| r.2.clone()).unwrap_or_else(|| id.to_string())
    };
    match (column.kind, value) {
        (_, Value::Null) => String::new(),
        (FieldKind::Money | FieldKind::Count, Value::Int(n)) => crate::format::int(*n),
        (FieldKind::Product | FieldKind::Unit | FieldKind::FundCase | FieldKind::PlanIndicator, Value::Int(id)) => {
            name_of(refs.of(column.kind).0, *id)
        }
        (FieldKind::Choice(options), Value::Text(code)) => {
            options.iter().find(|o| o.0 == code).map(|o| o.1.to_string()).unwrap_or_else(|| code.clone())
        }
        (_, Value::Int(n)) => n.to_string(),
        (_, Value::Bool(b)) => if *b { "Có" } else { "Không" }.to_string(),
        (_, Value::Date(d)) => crate::format::date(*d),
        (_, Value::Text(t)) => t.clone(),
    }
}

mod progress;
mod public;
pub use progress::{Progress, progress_source};
pub use public::{
    ABOUT_KINDS, DISCLOSURE_KINDS, DISCLOSURES, DRAFTS, LEGAL_DOCUMENTS, LEGAL_KINDS, LEGAL_STATUSES, needs_approval,
    record_unit_column, shown_on_portal,
};

#[cfg(test)]
mod tests;

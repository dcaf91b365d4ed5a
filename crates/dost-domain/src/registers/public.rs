//! Registers whose records the portal publishes (Nghị định 42/2022): the
//! leaders' schedule, the legal documents, the disclosures, the drafts open
//! for comment and the organisation (introduction, leaders, units), with the
//! rules that tie their columns together.

use super::{Column, FieldKind, Register, Value, col};

/// Kinds of legal document.
pub const LEGAL_KINDS: &[(&str, &str)] = &[
    ("luat", "Luật"),
    ("nghi_dinh", "Nghị định"),
    ("thong_tu", "Thông tư"),
    ("quyet_dinh", "Quyết định"),
    ("chi_thi", "Chỉ thị"),
    ("ke_hoach", "Kế hoạch"),
    ("cong_van", "Công văn"),
    ("huong_dan", "Hướng dẫn"),
];

/// Whether a legal document is in force.
pub const LEGAL_STATUSES: &[(&str, &str)] = &[
    ("con_hieu_luc", "Còn hiệu lực"),
    ("het_hieu_luc_mot_phan", "Hết hiệu lực một phần"),
    ("het_hieu_luc", "Hết hiệu lực toàn bộ"),
    ("chua_hieu_luc", "Chưa có hiệu lực"),
];

const SCHEDULE_COLUMNS: &[Column] = &[
    col("day", "Ngày", FieldKind::Date, true),
    col("at_time", "Giờ (hh:mm)", FieldKind::Text, true),
    col("leader", "Lãnh đạo", FieldKind::Text, true),
    col("content", "Nội dung", FieldKind::Text, true),
    col("chair", "Chủ trì", FieldKind::Text, false),
    col("attendees", "Thành phần", FieldKind::Text, false),
    col("place", "Địa điểm", FieldKind::Text, false),
    col("state", "Tình trạng", FieldKind::Choice(crate::schedule::STATES), true),
];

pub const SCHEDULE: Register = Register {
    slug: "lich-cong-tac",
    table: "schedule_entries",
    title: "Lịch công tác của lãnh đạo Sở",
    date_column: Some("day"),
    kind_column: Some("state"),
    unique: &["day", "at_time", "leader"],
    columns: SCHEDULE_COLUMNS,
};

const LEGAL_COLUMNS: &[Column] = &[
    col("number", "Số, ký hiệu", FieldKind::Text, true),
    col("kind", "Loại văn bản", FieldKind::Choice(LEGAL_KINDS), true),
    col("issuer", "Cơ quan ban hành", FieldKind::Text, true),
    col("signer", "Người ký", FieldKind::Text, false),
    col("issued_on", "Ngày ban hành", FieldKind::Date, true),
    col("effective_on", "Ngày có hiệu lực", FieldKind::Date, false),
    col("expired_on", "Ngày hết hiệu lực", FieldKind::Date, false),
    col("replaced_by", "Được thay thế bởi (số, ký hiệu văn bản)", FieldKind::Text, false),
    col("field", "Lĩnh vực", FieldKind::Text, false),
    col("summary", "Trích yếu", FieldKind::Text, true),
    col("status", "Tình trạng hiệu lực", FieldKind::Choice(LEGAL_STATUSES), true),
    col("file", "Tệp đính kèm (địa chỉ trong thư viện tệp, ví dụ /tep/tai-lieu/…)", FieldKind::Text, false),
];

pub const LEGAL_DOCUMENTS: Register = Register {
    slug: "van-ban",
    table: "legal_documents",
    title: "Văn bản quy phạm pháp luật, văn bản chỉ đạo điều hành",
    date_column: Some("issued_on"),
    kind_column: Some("kind"),
    unique: &["number"],
    columns: LEGAL_COLUMNS,
};

/// What is disclosed.
pub const DISCLOSURE_KINDS: &[(&str, &str)] = &[
    ("ke_hoach", "Kế hoạch, chiến lược"),
    ("bao_cao", "Báo cáo định kỳ"),
    ("du_toan", "Công khai dự toán ngân sách"),
    ("quyet_toan", "Công khai quyết toán ngân sách"),
];

const DISCLOSURE_COLUMNS: &[Column] = &[
    col("kind", "Loại", FieldKind::Choice(DISCLOSURE_KINDS), true),
    col("title", "Tên tài liệu", FieldKind::Text, true),
    col("period", "Kỳ (ví dụ: năm 2020, 9 tháng đầu năm 2020)", FieldKind::Text, true),
    col("year", "Năm", FieldKind::Year, true),
    col("published_on", "Ngày công khai", FieldKind::Date, true),
    col("summary", "Tóm tắt", FieldKind::Text, false),
    col("file", "Tệp đính kèm (địa chỉ trong thư viện tệp, ví dụ /tep/tai-lieu/…)", FieldKind::Text, false),
];

pub const DISCLOSURES: Register = Register {
    slug: "cong-khai",
    table: "disclosures",
    title: "Công khai kế hoạch, báo cáo, ngân sách",
    date_column: Some("published_on"),
    kind_column: Some("kind"),
    unique: &["kind", "title", "period"],
    columns: DISCLOSURE_COLUMNS,
};

const DRAFT_COLUMNS: &[Column] = &[
    col("title", "Tên dự thảo", FieldKind::Text, true),
    col("unit_id", "Đơn vị soạn thảo", FieldKind::Unit, true),
    col("opens_on", "Lấy ý kiến từ ngày", FieldKind::Date, true),
    col("closes_on", "Đến hết ngày", FieldKind::Date, true),
    col("summary", "Tóm tắt nội dung, điểm cần góp ý", FieldKind::Text, false),
    col("file", "Tệp dự thảo (địa chỉ trong thư viện tệp, ví dụ /tep/tai-lieu/…)", FieldKind::Text, false),
    col("result", "Tổng hợp, tiếp thu, giải trình ý kiến (đăng sau khi hết hạn góp ý)", FieldKind::Text, false),
];

/// Drafts open for public comment; each is kept by its drafting unit.
pub const DRAFTS: Register = Register {
    slug: "du-thao",
    table: "drafts",
    title: "Dự thảo lấy ý kiến",
    date_column: Some("opens_on"),
    kind_column: None,
    unique: &["title"],
    columns: DRAFT_COLUMNS,
};

/// Parts of the department's introduction.
pub const ABOUT_KINDS: &[(&str, &str)] = &[
    ("ten_co_quan", "Tên cơ quan"),
    ("vi_tri_chuc_nang", "Vị trí và chức năng"),
    ("nhiem_vu", "Nhiệm vụ và quyền hạn (mỗi dòng một nhiệm vụ)"),
    ("gio_lam_viec", "Giờ làm việc"),
    ("ban_do", "Bản đồ (đường dẫn đến bản đồ trực tuyến)"),
];

pub const ABOUT: Register = Register {
    slug: "gioi-thieu",
    table: "about_sections",
    title: "Giới thiệu cơ quan (tiếng Việt và tiếng Anh)",
    date_column: None,
    kind_column: Some("kind"),
    unique: &["kind", "position"],
    columns: &[
        col("kind", "Phần", FieldKind::Choice(ABOUT_KINDS), true),
        col("position", "Thứ tự", FieldKind::Count, false),
        col("body", "Nội dung tiếng Việt", FieldKind::Text, true),
        col("body_en", "Nội dung tiếng Anh", FieldKind::Text, false),
    ],
};

pub const LEADERS: Register = Register {
    slug: "lanh-dao-so",
    table: "leaders",
    title: "Lãnh đạo Sở",
    date_column: None,
    kind_column: None,
    unique: &["name"],
    columns: &[
        col("name", "Họ và tên", FieldKind::Text, true),
        col("post", "Chức vụ", FieldKind::Text, true),
        col("post_en", "Chức vụ (tiếng Anh)", FieldKind::Text, false),
        col("portfolio", "Lĩnh vực phụ trách", FieldKind::Text, false),
        col("portfolio_en", "Lĩnh vực phụ trách (tiếng Anh)", FieldKind::Text, false),
        col("phone", "Điện thoại", FieldKind::Text, false),
        col("email", "Thư điện tử", FieldKind::Text, false),
        col("rank", "Thứ tự", FieldKind::Count, false),
    ],
};

pub const UNITS: Register = Register {
    slug: "don-vi",
    table: "units",
    title: "Cơ cấu tổ chức (các phòng, đơn vị)",
    date_column: None,
    kind_column: Some("kind"),
    unique: &["code"],
    columns: &[
        col("code", "Mã đơn vị", FieldKind::Text, true),
        col("name", "Tên đơn vị", FieldKind::Text, true),
        col("name_en", "Tên tiếng Anh", FieldKind::Text, false),
        col("kind", "Loại", FieldKind::Choice(crate::organisation::UNIT_KINDS), true),
        col("position", "Thứ tự", FieldKind::Count, false),
        col("head", "Người đứng đầu (họ tên, chức vụ)", FieldKind::Text, false),
        col("phone", "Điện thoại", FieldKind::Text, false),
        col("email", "Thư điện tử", FieldKind::Text, false),
        col("duties", "Chức năng, nhiệm vụ", FieldKind::Text, false),
        col("duties_en", "Chức năng, nhiệm vụ (tiếng Anh)", FieldKind::Text, false),
    ],
};

/// Whether the register's records show on the portal only as approved: a new
/// record once it is approved, a change to a published record once the
/// change is approved (the content registers, the introduction, the leaders
/// and the procedure catalogue).
pub fn needs_approval(r: &Register) -> bool {
    [SCHEDULE.table, LEGAL_DOCUMENTS.table, DISCLOSURES.table, DRAFTS.table, ABOUT.table, LEADERS.table, "procedures"]
        .contains(&r.table)
}

/// The column naming the unit that keeps each record, where a record is
/// kept by one unit rather than by every unit keeping the register: a draft
/// is changed and approved only within its drafting unit (and by leaders and
/// editors).
pub fn record_unit_column(r: &Register) -> Option<&'static str> {
    (r.table == DRAFTS.table).then_some("unit_id")
}

/// Whether the portal shows the register's records (a change to them must
/// drop the cached public pages).
pub fn shown_on_portal(r: &Register) -> bool {
    [
        SCHEDULE.table,
        LEGAL_DOCUMENTS.table,
        DISCLOSURES.table,
        DRAFTS.table,
        ABOUT.table,
        LEADERS.table,
        UNITS.table,
        "procedures",
    ]
    .contains(&r.table)
}

fn at(r: &Register, name: &str) -> Option<usize> {
    r.columns.iter().position(|c| c.name == name)
}

/// The rules of these registers beyond each value's type: a schedule's time
/// is written one way ("08:30"); a legal document's file is in the media
/// library and it is not out of force before it was issued.
pub(super) fn check(r: &Register, values: &mut [Value]) -> Result<(), Vec<(&'static str, String)>> {
    if r.table == SCHEDULE.table
        && let Some(i) = at(r, "at_time")
        && let Value::Text(t) = &values[i]
    {
        match crate::schedule::parse_time(t) {
            Some(hhmm) => values[i] = Value::Text(hhmm),
            None => return Err(vec![("at_time", format!("«{t}» không phải giờ trong ngày (ví dụ 08:00 hoặc 14h30)"))]),
        }
    }
    if [LEGAL_DOCUMENTS.table, DISCLOSURES.table, DRAFTS.table].contains(&r.table) {
        let mut errors = Vec::new();
        if let Some(i) = at(r, "file")
            && let Value::Text(f) = &values[i]
            && !f.trim().is_empty()
            && (!f.starts_with("/tep/tai-lieu/") || f.contains(".."))
        {
            errors.push((
                "file",
                "Tệp đính kèm phải là một tài liệu trong thư viện tệp (bắt đầu bằng /tep/tai-lieu/)".into(),
            ));
        }
        if let (Some(a), Some(b)) = (at(r, "issued_on"), at(r, "expired_on"))
            && let (Value::Date(issued), Value::Date(expired)) = (&values[a], &values[b])
            && expired < issued
        {
            errors.push(("expired_on", "Ngày hết hiệu lực không thể trước ngày ban hành".into()));
        }
        if let (Some(a), Some(b)) = (at(r, "opens_on"), at(r, "closes_on"))
            && let (Value::Date(opens), Value::Date(closes)) = (&values[a], &values[b])
            && closes < opens
        {
            errors.push(("closes_on", "Hạn góp ý không thể trước ngày bắt đầu lấy ý kiến".into()));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
    }
    if r.table == "procedures"
        && let Some(i) = at(r, "forms")
        && let Value::Text(forms) = &values[i]
        && forms
            .split(';')
            .map(str::trim)
            .any(|f| !f.is_empty() && (!f.starts_with("/tep/tai-lieu/") || f.contains("..")))
    {
        return Err(vec![(
            "forms",
            "Mỗi mẫu đơn phải là một tài liệu trong thư viện tệp (bắt đầu bằng /tep/tai-lieu/), cách nhau bằng dấu ;"
                .into(),
        )]);
    }
    Ok(())
}

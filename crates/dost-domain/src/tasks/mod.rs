//! S&T tasks (nhiệm vụ KH&CN): their legal lifecycle, councils and the rules
//! the law sets for them (Luật KH&CN 2013, Nghị định 08/2014, Thông tư
//! 07/2014, 03/2017, 04/2015, 14/2014). Pure rules, no I/O.

use thiserror::Error;

macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|x| x.code() == s)
            }
        }
    };
}

coded_enum! {
    /// Level of a task.
    Level {
        National => ("quoc_gia", "Cấp quốc gia"),
        UrgentLocal => ("cap_thiet_dia_phuong", "Dự án cấp thiết địa phương (kinh phí Trung ương)"),
        Ministry => ("cap_bo", "Cấp Bộ"),
        RuralMountain => ("nong_thon_mien_nui", "Chương trình nông thôn miền núi"),
        Provincial => ("cap_tinh", "Cấp tỉnh"),
        Grassroots => ("cap_co_so", "Cấp cơ sở"),
    }
}

coded_enum! {
    /// Kind of a task's deadline (kept in `task_deadlines.kind`).
    DeadlineKind {
        ContractEnd => ("ket_thuc_hop_dong", "Kết thúc hợp đồng, nộp hồ sơ nghiệm thu"),
        PeriodicReport => ("bao_cao_dinh_ky", "Nộp báo cáo định kỳ"),
        Acceptance => ("nghiem_thu", "Nghiệm thu"),
        InfoRegistration => ("dang_ky_thong_tin", "Đăng ký thông tin nhiệm vụ đang tiến hành (Thông tư 14/2014/TT-BKHCN)"),
        ResultRegistration => ("dang_ky_ket_qua", "Đăng ký, giao nộp kết quả nhiệm vụ (Thông tư 14/2014/TT-BKHCN)"),
    }
}

/// The registration duties of Thông tư 14/2014/TT-BKHCN a step starts: the
/// information on a running task within 30 days of the contract, the results
/// registered and deposited within 30 days of the acceptance.
pub fn registration_duty(to: Stage, on: chrono::NaiveDate) -> Option<(DeadlineKind, chrono::NaiveDate)> {
    let within = |kind| on.checked_add_days(chrono::Days::new(30)).map(|due| (kind, due));
    match to {
        Stage::Contracted => within(DeadlineKind::InfoRegistration),
        Stage::OfficialAcceptance => within(DeadlineKind::ResultRegistration),
        _ => None,
    }
}

/// The fields of science and technology a task is filed under, as the
/// department's lists name them (a task may add another; the list offers
/// every field already used besides these).
pub const RESEARCH_FIELDS: [&str; 14] = [
    "Nông nghiệp",
    "Lâm nghiệp",
    "Chăn nuôi – thú y",
    "Thủy sản",
    "Công nghiệp chế biến",
    "Công nghệ sinh học",
    "Công nghệ thông tin",
    "Y dược",
    "Môi trường",
    "Năng lượng",
    "Khoa học xã hội và nhân văn",
    "Tiêu chuẩn – đo lường – chất lượng",
    "Sở hữu trí tuệ",
    "Xây dựng – giao thông",
];

/// The code of a task's field for the rules that depend on it (the field is
/// typed as a label; its code is kept with the task): intellectual property
/// tasks are reported apart.
pub fn field_code(label: &str) -> &'static str {
    match crate::text::fold(label.trim()).as_str() {
        "so huu tri tue" | "shtt" => "so_huu_tri_tue",
        _ => "",
    }
}

coded_enum! {
    /// Kind of task.
    TaskType {
        Research => ("de_tai", "Đề tài"),
        PilotProduction => ("du_an_sxtn", "Dự án sản xuất thử nghiệm"),
        Project => ("du_an", "Dự án KH&CN"),
        Scheme => ("de_an", "Đề án"),
    }
}

coded_enum! {
    /// How the lead organisation was chosen.
    Method {
        Selection => ("tuyen_chon", "Tuyển chọn"),
        DirectAssignment => ("giao_truc_tiep", "Giao trực tiếp"),
    }
}

coded_enum! {
    /// The stages of the lifecycle, in order.
    Stage {
        Proposed => ("de_xuat", "Đề xuất đặt hàng"),
        ListApproved => ("phe_duyet_danh_muc", "Danh mục được phê duyệt"),
        Selection => ("tuyen_chon", "Tuyển chọn, giao trực tiếp"),
        Appraisal => ("tham_dinh", "Thẩm định nội dung, kinh phí"),
        Approved => ("phe_duyet", "Phê duyệt thực hiện"),
        Contracted => ("ky_hop_dong", "Ký hợp đồng"),
        InProgress => ("dang_thuc_hien", "Đang thực hiện"),
        InternalAcceptance => ("nghiem_thu_co_so", "Nghiệm thu cơ sở"),
        OfficialAcceptance => ("nghiem_thu", "Đánh giá, nghiệm thu"),
        Recognized => ("cong_nhan", "Công nhận kết quả"),
        ResultsRegistered => ("dang_ky_ket_qua", "Đăng ký, lưu giữ kết quả"),
        Settled => ("thanh_ly", "Thanh lý hợp đồng"),
        Terminated => ("cham_dut", "Chấm dứt"),
        Failed => ("khong_dat", "Không đạt: không công nhận, thu hồi kinh phí"),
    }
}

coded_enum! {
    /// Things recorded against a task: a move to the next stage, or an event
    /// while it runs.
    EventKind {
        Advance => ("chuyen_buoc", "Chuyển bước"),
        Check => ("kiem_tra", "Kiểm tra định kỳ"),
        Adjust => ("dieu_chinh", "Điều chỉnh"),
        Extend => ("gia_han", "Gia hạn"),
        Terminate => ("cham_dut", "Chấm dứt"),
    }
}

coded_enum! {
    /// Documents that evidence a step.
    DocKind {
        Decision => ("quyet_dinh", "Quyết định"),
        Minutes => ("bien_ban", "Biên bản"),
        Contract => ("hop_dong", "Hợp đồng"),
        Report => ("bao_cao", "Báo cáo"),
        Certificate => ("giay_chung_nhan", "Giấy chứng nhận"),
        Letter => ("cong_van", "Công văn"),
    }
}

impl Stage {
    /// Position in the lifecycle (Terminated sits apart).
    fn order(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The stage that follows, if any.
    pub fn next(self) -> Option<Stage> {
        match self {
            Stage::Settled | Stage::Terminated | Stage::Failed => None,
            s => Self::ALL.get(s.order() + 1).copied().filter(|n| !matches!(n, Stage::Terminated | Stage::Failed)),
        }
    }

    /// The task is being carried out (it is "under monitoring").
    pub fn is_running(self) -> bool {
        matches!(self, Stage::Contracted | Stage::InProgress | Stage::InternalAcceptance)
    }

    /// Whether the public register lists the task (art. 23 Thông tư 14/2014:
    /// tasks being carried out and finished ones).
    pub fn is_public(self) -> bool {
        self.order() >= Stage::Approved.order() && !matches!(self, Stage::Terminated | Stage::Failed)
    }

    /// Whether the result summary may be published.
    pub fn is_accepted(self) -> bool {
        self.order() >= Stage::Recognized.order() && !matches!(self, Stage::Terminated | Stage::Failed)
    }

    /// The document a move into this stage must be evidenced by.
    pub fn evidence(self) -> DocKind {
        match self {
            Stage::Contracted | Stage::Settled => DocKind::Contract,
            Stage::Selection | Stage::Appraisal | Stage::InternalAcceptance | Stage::OfficialAcceptance => {
                DocKind::Minutes
            }
            Stage::ResultsRegistered => DocKind::Certificate,
            _ => DocKind::Decision,
        }
    }
}

/// A document cited as evidence: number, date, signer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub kind: DocKind,
    pub number: String,
    pub date: chrono::NaiveDate,
    pub signer: String,
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum TaskError {
    #[error("Không thể chuyển từ «{from}» sang «{to}»: các bước phải đi lần lượt ({expected}).")]
    OutOfOrder { from: &'static str, to: &'static str, expected: &'static str },
    #[error("Nhiệm vụ đã «{0}», không ghi thêm bước nào được nữa.")]
    Closed(&'static str),
    #[error("«{event}» chỉ ghi được khi nhiệm vụ đang thực hiện (hiện đang ở bước «{stage}»).")]
    NotRunning { event: &'static str, stage: &'static str },
    #[error("Cần ghi số văn bản làm căn cứ.")]
    NoDocumentNumber,
    #[error("Ngày văn bản ({doc}) không được sau ngày ghi nhận ({on}).")]
    DocumentAfterEvent { doc: String, on: String },
    #[error("Gia hạn phải có ngày kết thúc mới, sau ngày kết thúc hiện tại.")]
    BadExtension,
    #[error(
        "Ngày của bước ({on}) không được trước bước đã ghi gần nhất ({last}); hãy ghi các bước theo thứ tự thời gian."
    )]
    BeforeLastStep { on: String, last: String },
    #[error(
        "Hội đồng đánh giá “Không đạt”: nhiệm vụ không được công nhận kết quả; hãy ghi “Chấm dứt” (không đạt, thu hồi kinh phí theo hợp đồng)."
    )]
    FailedNotRecognised,
    #[error(
        "Gia hạn vượt quy định ({basis}): tối đa {count} lần, tổng cộng {months} tháng (đã gia hạn {done} lần, {done_months} tháng; lần này {asked} tháng)."
    )]
    ExtensionLimit { basis: String, count: u32, months: u32, done: u32, done_months: u32, asked: u32 },
}

/// What is known of a task, beyond its stage, when a step is recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepContext {
    /// The acceptance council's conclusion, once voted.
    pub rating: Option<Rating>,
    /// The day of the latest step recorded.
    pub last_step: Option<chrono::NaiveDate>,
    /// The end in the contract, and the end as extended.
    pub planned_end: Option<chrono::NaiveDate>,
    pub extended_end: Option<chrono::NaiveDate>,
    /// Extensions recorded so far.
    pub extensions: u32,
    /// The rule in force: (at most so many extensions, at most so many months in all, its basis).
    pub extension_limit: Option<(u32, u32, String)>,
}

/// Whole months from `a` to `b`, a part of a month counting as one.
pub fn months_between(a: chrono::NaiveDate, b: chrono::NaiveDate) -> u32 {
    use chrono::Datelike;
    if b <= a {
        return 0;
    }
    let m = (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32;
    let m = if b.day() > a.day() { m + 1 } else { m };
    m.max(0) as u32
}

/// Checks a step against the task's history and the rules in force, then
/// [`record`]: steps in date order; after a "Không đạt" acceptance only the
/// closing of the failed task; extensions within the limit of the rule.
pub fn record_step(
    ctx: &StepContext,
    stage: Stage,
    kind: EventKind,
    evidence: &Evidence,
    on: chrono::NaiveDate,
    new_end: Option<chrono::NaiveDate>,
) -> Result<Stage, TaskError> {
    if let Some(last) = ctx.last_step.filter(|l| on < *l) {
        return Err(TaskError::BeforeLastStep { on: crate::format::date(on), last: crate::format::date(last) });
    }
    if stage == Stage::OfficialAcceptance && ctx.rating == Some(Rating::Fail) {
        return match kind {
            EventKind::Advance => Err(TaskError::FailedNotRecognised),
            EventKind::Terminate => check_evidence(evidence, on).map(|_| Stage::Failed),
            _ => Err(TaskError::NotRunning { event: kind.label(), stage: stage.label() }),
        };
    }
    let next = record(stage, kind, None, evidence, on)?;
    if kind == EventKind::Extend {
        let current = ctx.extended_end.or(ctx.planned_end);
        let Some(new_end) = new_end.filter(|n| current.is_none_or(|c| *n > c)) else {
            return Err(TaskError::BadExtension);
        };
        if let (Some((count, months, basis)), Some(planned)) = (&ctx.extension_limit, ctx.planned_end) {
            let done_months = months_between(planned, current.unwrap_or(planned));
            let total = months_between(planned, new_end);
            if ctx.extensions + 1 > *count || total > *months {
                return Err(TaskError::ExtensionLimit {
                    basis: basis.clone(),
                    count: *count,
                    months: *months,
                    done: ctx.extensions,
                    done_months,
                    asked: total - done_months,
                });
            }
        }
    }
    Ok(next)
}

/// A step's document: numbered, and not dated after the step.
fn check_evidence(evidence: &Evidence, on: chrono::NaiveDate) -> Result<(), TaskError> {
    if evidence.number.trim().is_empty() {
        return Err(TaskError::NoDocumentNumber);
    }
    if evidence.date > on {
        return Err(TaskError::DocumentAfterEvent {
            doc: crate::format::date(evidence.date),
            on: crate::format::date(on),
        });
    }
    Ok(())
}

/// Checks a move into `to` (the next stage, or a running-time event) and
/// returns the stage after it.
pub fn record(
    stage: Stage,
    kind: EventKind,
    to: Option<Stage>,
    evidence: &Evidence,
    on: chrono::NaiveDate,
) -> Result<Stage, TaskError> {
    if matches!(stage, Stage::Settled | Stage::Terminated | Stage::Failed) {
        return Err(TaskError::Closed(stage.label()));
    }
    check_evidence(evidence, on)?;
    match kind {
        EventKind::Advance => {
            let expected = stage.next().ok_or(TaskError::Closed(stage.label()))?;
            match to {
                Some(t) if t == expected => Ok(t),
                Some(t) => {
                    Err(TaskError::OutOfOrder { from: stage.label(), to: t.label(), expected: expected.label() })
                }
                None => Ok(expected),
            }
        }
        EventKind::Check | EventKind::Adjust | EventKind::Extend => {
            if stage.is_running() {
                Ok(stage)
            } else {
                Err(TaskError::NotRunning { event: kind.label(), stage: stage.label() })
            }
        }
        EventKind::Terminate => {
            if stage.order() >= Stage::Approved.order() && stage.order() < Stage::OfficialAcceptance.order() {
                Ok(Stage::Terminated)
            } else {
                Err(TaskError::NotRunning { event: kind.label(), stage: stage.label() })
            }
        }
    }
}

mod councils;
mod money;

pub use councils::*;
pub use money::*;

/// Days until a due date (negative when overdue).
pub fn days_left(due: chrono::NaiveDate, today: chrono::NaiveDate) -> i64 {
    (due - today).num_days()
}

#[cfg(test)]
mod tests;

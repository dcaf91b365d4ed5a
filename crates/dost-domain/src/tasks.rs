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

// ---------- councils ----------

coded_enum! {
    CouncilKind {
        Identification => ("xac_dinh", "Hội đồng tư vấn xác định nhiệm vụ"),
        Selection => ("tuyen_chon", "Hội đồng tuyển chọn"),
        DirectAssignment => ("giao_truc_tiep", "Hội đồng giao trực tiếp"),
        Appraisal => ("tham_dinh", "Tổ thẩm định nội dung, kinh phí"),
        Acceptance => ("nghiem_thu", "Hội đồng đánh giá, nghiệm thu"),
    }
}

coded_enum! {
    MemberRole {
        Chair => ("chu_tich", "Chủ tịch"),
        ViceChair => ("pho_chu_tich", "Phó Chủ tịch"),
        Reviewer => ("phan_bien", "Ủy viên phản biện"),
        Secretary => ("thu_ky", "Ủy viên thư ký"),
        Member => ("uy_vien", "Ủy viên"),
    }
}

impl CouncilKind {
    /// Required number of reviewers.
    fn reviewers(self) -> usize {
        match self {
            CouncilKind::Appraisal => 0,
            _ => 2,
        }
    }
}

/// A proposed council member with what is known about their ties to the task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seat {
    pub person_id: i64,
    pub name: String,
    pub role: MemberRole,
    /// The person's organisation (to compare with the lead organisation).
    pub organisation_id: Option<i64>,
    /// The member declared a family tie (spouse, parent, child, sibling) with
    /// the investigator or a participant.
    pub relative: bool,
}

/// What a council may not include: the people of the task, their relatives,
/// its lead organisation and, for a selection, every applicant organisation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaskParties {
    pub investigator_id: Option<i64>,
    pub participant_ids: Vec<i64>,
    pub lead_org_id: Option<i64>,
    /// Organisations that applied in the selection (besides the lead one).
    pub applicant_org_ids: Vec<i64>,
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CouncilError {
    #[error("{kind} phải có từ {min} đến {max} thành viên (đang có {n}).")]
    Size { kind: &'static str, min: usize, max: usize, n: usize },
    #[error("Hội đồng phải có đúng một Chủ tịch.")]
    Chair,
    #[error("Hội đồng phải có đúng một Ủy viên thư ký.")]
    Secretary,
    #[error("Hội đồng phải có Phó Chủ tịch (theo quy định áp dụng vào ngày họp).")]
    ViceChair,
    #[error("{kind} phải có {need} ủy viên phản biện (đang có {n}).")]
    Reviewers { kind: &'static str, need: usize, n: usize },
    #[error("{0} có tên hai lần trong hội đồng.")]
    Duplicate(String),
    #[error("{name} không được tham gia hội đồng vì {why}.")]
    Conflict { name: String, why: &'static str },
    #[error("Hội đồng chỉ họp khi có mặt ít nhất {need}/{of} thành viên (có mặt {present}).")]
    Quorum { need: usize, of: usize, present: usize },
    #[error("Phiên họp phải có Chủ tịch hoặc Phó Chủ tịch hội đồng.")]
    NoChair,
    #[error("Phiên họp phải có đủ các ủy viên phản biện.")]
    ReviewerAbsent,
}

/// Checks a council's composition and conflicts of interest; every problem
/// is reported. `(min, max)` is the size the rule in force allows
/// ([`crate::rules::RuleBook::council_size`]).
pub fn check_council(
    kind: CouncilKind,
    (min, max): (usize, usize),
    seats: &[Seat],
    parties: &TaskParties,
) -> Vec<CouncilError> {
    check_council_with(kind, (min, max), false, seats, parties)
}

/// [`check_council`], with a vice-chair required when the rule in force asks
/// ([`crate::rules::RuleBook::needs_vice_chair`]).
pub fn check_council_with(
    kind: CouncilKind,
    (min, max): (usize, usize),
    vice_chair: bool,
    seats: &[Seat],
    parties: &TaskParties,
) -> Vec<CouncilError> {
    let mut errors = Vec::new();
    if seats.len() < min || seats.len() > max {
        errors.push(CouncilError::Size { kind: kind.label(), min, max, n: seats.len() });
    }
    let count = |r: MemberRole| seats.iter().filter(|s| s.role == r).count();
    if count(MemberRole::Chair) != 1 {
        errors.push(CouncilError::Chair);
    }
    if count(MemberRole::Secretary) != 1 {
        errors.push(CouncilError::Secretary);
    }
    if vice_chair && count(MemberRole::ViceChair) == 0 {
        errors.push(CouncilError::ViceChair);
    }
    let need = kind.reviewers();
    if need > 0 && count(MemberRole::Reviewer) != need {
        errors.push(CouncilError::Reviewers { kind: kind.label(), need, n: count(MemberRole::Reviewer) });
    }
    for (i, s) in seats.iter().enumerate() {
        if seats[..i].iter().any(|o| o.person_id == s.person_id) {
            errors.push(CouncilError::Duplicate(s.name.clone()));
        }
        let why = if parties.investigator_id == Some(s.person_id) {
            Some("là chủ nhiệm nhiệm vụ")
        } else if parties.participant_ids.contains(&s.person_id) {
            Some("tham gia thực hiện nhiệm vụ")
        } else if s.relative {
            Some("có quan hệ gia đình với người thực hiện nhiệm vụ")
        } else if s.organisation_id.is_some() && s.organisation_id == parties.lead_org_id {
            Some("thuộc tổ chức chủ trì nhiệm vụ")
        } else if s.organisation_id.is_some_and(|o| parties.applicant_org_ids.contains(&o)) {
            Some("thuộc tổ chức đăng ký tham gia tuyển chọn")
        } else {
            None
        };
        if let Some(why) = why {
            errors.push(CouncilError::Conflict { name: s.name.clone(), why });
        }
    }
    errors
}

coded_enum! {
    /// A member's vote at acceptance, and the council's conclusion.
    Rating {
        Excellent => ("xuat_sac", "Xuất sắc"),
        Pass => ("dat", "Đạt"),
        Fail => ("khong_dat", "Không đạt"),
    }
}

/// Whether a meeting may conclude: at least `share` of the members present
/// (e.g. 2/3, from the rule in force), the chair or the vice-chair among
/// them, and every reviewer. `present` holds the roles of those present.
pub fn check_quorum(
    members: &[MemberRole],
    present: &[MemberRole],
    (num, den): (usize, usize),
) -> Result<(), CouncilError> {
    let need = (members.len() * num).div_ceil(den.max(1));
    if present.len() < need {
        return Err(CouncilError::Quorum { need, of: members.len(), present: present.len() });
    }
    if !present.iter().any(|r| matches!(r, MemberRole::Chair | MemberRole::ViceChair)) {
        return Err(CouncilError::NoChair);
    }
    let reviewers = |roles: &[MemberRole]| roles.iter().filter(|r| **r == MemberRole::Reviewer).count();
    if reviewers(present) < reviewers(members) {
        return Err(CouncilError::ReviewerAbsent);
    }
    Ok(())
}

/// The acceptance council's conclusion from the votes of the members
/// present (absent members are left out; Thông tư 11/2014/TT-BKHCN):
/// "Xuất sắc" when at least three quarters vote Xuất sắc and nobody votes
/// Không đạt; "Đạt" when at least three quarters vote Đạt or better;
/// otherwise "Không đạt". `None` without votes.
pub fn acceptance_result(votes: &[Rating]) -> Option<Rating> {
    if votes.is_empty() {
        return None;
    }
    let n = votes.len();
    let three_quarters = (3 * n).div_ceil(4);
    let excellent = votes.iter().filter(|v| **v == Rating::Excellent).count();
    let fail = votes.iter().filter(|v| **v == Rating::Fail).count();
    Some(if excellent >= three_quarters && fail == 0 {
        Rating::Excellent
    } else if n - fail >= three_quarters {
        Rating::Pass
    } else {
        Rating::Fail
    })
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum MoneyError {
    #[error("Đợt cấp {asked} vượt phần kinh phí còn lại của hợp đồng ({left}).")]
    BeyondContract { asked: String, left: String },
    #[error("Số đã cấp {paid} vượt số dự kiến của đợt ({planned}).")]
    BeyondInstalment { paid: String, planned: String },
    #[error("Kinh phí được quyết toán ({approved}) không được vượt giá trị hợp đồng ({value}).")]
    ApprovedBeyondContract { approved: String, value: String },
}

/// A new instalment planned: the instalments together stay within the contract.
pub fn check_instalment(value: i64, planned: &[i64], asked: i64) -> Result<(), MoneyError> {
    let left = value - planned.iter().sum::<i64>();
    if asked > left {
        return Err(MoneyError::BeyondContract {
            asked: crate::format::money(asked),
            left: crate::format::money(left.max(0)),
        });
    }
    Ok(())
}

/// A payment of an instalment: not more than the instalment planned.
pub fn check_payment(planned: i64, paid: i64) -> Result<(), MoneyError> {
    if paid > planned {
        return Err(MoneyError::BeyondInstalment {
            paid: crate::format::money(paid),
            planned: crate::format::money(planned),
        });
    }
    Ok(())
}

/// The settlement of a contract: what is still to be paid to the lead
/// organisation (positive) or recovered from it (negative), the amount
/// approved at settlement against what was paid.
pub fn settlement(value: i64, paid: i64, approved: i64) -> Result<i64, MoneyError> {
    if approved > value {
        return Err(MoneyError::ApprovedBeyondContract {
            approved: crate::format::money(approved),
            value: crate::format::money(value),
        });
    }
    Ok(approved - paid)
}

/// Days until a due date (negative when overdue).
pub fn days_left(due: chrono::NaiveDate, today: chrono::NaiveDate) -> i64 {
    (due - today).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn ev(n: &str, d: NaiveDate) -> Evidence {
        Evidence { kind: DocKind::Decision, number: n.into(), date: d, signer: "Chủ tịch UBND tỉnh".into() }
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, m, day).unwrap()
    }

    #[test]
    fn the_lifecycle_goes_step_by_step() {
        let mut s = Stage::Proposed;
        let mut seen = vec![s];
        while let Some(n) = s.next() {
            s = record(s, EventKind::Advance, Some(n), &ev("01/QĐ", d(1, 2)), d(1, 3)).unwrap();
            seen.push(s);
        }
        assert_eq!(s, Stage::Settled);
        assert_eq!(seen.len(), 12);
        assert!(!seen.contains(&Stage::Terminated));
    }

    #[test]
    fn skipping_a_stage_is_refused_with_the_expected_one() {
        let e = record(Stage::Selection, EventKind::Advance, Some(Stage::Approved), &ev("1", d(1, 1)), d(1, 1))
            .unwrap_err();
        assert_eq!(
            e,
            TaskError::OutOfOrder {
                from: "Tuyển chọn, giao trực tiếp",
                to: "Phê duyệt thực hiện",
                expected: "Thẩm định nội dung, kinh phí"
            }
        );
        assert!(e.to_string().contains("lần lượt"));
        assert!(record(Stage::Settled, EventKind::Advance, None, &ev("1", d(1, 1)), d(1, 1)).is_err());
        assert!(record(Stage::Terminated, EventKind::Check, None, &ev("1", d(1, 1)), d(1, 1)).is_err());
    }

    #[test]
    fn evidence_is_required_and_dated_before_the_step() {
        assert_eq!(
            record(Stage::Proposed, EventKind::Advance, None, &ev(" ", d(1, 1)), d(1, 1)),
            Err(TaskError::NoDocumentNumber)
        );
        assert!(matches!(
            record(Stage::Proposed, EventKind::Advance, None, &ev("5", d(3, 1)), d(2, 1)),
            Err(TaskError::DocumentAfterEvent { .. })
        ));
    }

    #[test]
    fn checks_adjustments_and_extensions_only_while_running() {
        for k in [EventKind::Check, EventKind::Adjust, EventKind::Extend] {
            assert_eq!(record(Stage::InProgress, k, None, &ev("1", d(1, 1)), d(1, 1)), Ok(Stage::InProgress));
            assert!(record(Stage::Appraisal, k, None, &ev("1", d(1, 1)), d(1, 1)).is_err());
        }
        assert_eq!(
            record(Stage::InProgress, EventKind::Terminate, None, &ev("1", d(1, 1)), d(1, 1)),
            Ok(Stage::Terminated)
        );
        assert!(record(Stage::Recognized, EventKind::Terminate, None, &ev("1", d(1, 1)), d(1, 1)).is_err());
    }

    #[test]
    fn what_the_public_register_shows() {
        assert!(!Stage::Proposed.is_public() && !Stage::Appraisal.is_public());
        assert!(Stage::Approved.is_public() && Stage::InProgress.is_public() && Stage::Settled.is_public());
        assert!(!Stage::Terminated.is_public());
        assert!(!Stage::OfficialAcceptance.is_accepted() && Stage::Recognized.is_accepted());
    }

    fn seat(id: i64, role: MemberRole, org: i64) -> Seat {
        Seat { person_id: id, name: format!("Người {id}"), role, organisation_id: Some(org), relative: false }
    }

    fn selection_council() -> Vec<Seat> {
        vec![
            seat(1, MemberRole::Chair, 10),
            seat(2, MemberRole::ViceChair, 11),
            seat(3, MemberRole::Reviewer, 12),
            seat(4, MemberRole::Reviewer, 13),
            seat(5, MemberRole::Secretary, 14),
            seat(6, MemberRole::Member, 15),
            seat(7, MemberRole::Member, 16),
        ]
    }

    #[test]
    fn a_well_formed_council_passes() {
        let parties = TaskParties {
            investigator_id: Some(99),
            participant_ids: vec![98],
            lead_org_id: Some(50),
            applicant_org_ids: vec![],
        };
        assert_eq!(check_council(CouncilKind::Selection, (7, 9), &selection_council(), &parties), vec![]);
    }

    #[test]
    fn council_size_and_roles() {
        let parties = TaskParties::default();
        let mut small = selection_council();
        small.pop();
        assert!(matches!(
            check_council(CouncilKind::Selection, (7, 9), &small, &parties)[..],
            [CouncilError::Size { min: 7, max: 9, n: 6, .. }]
        ));
        // a national acceptance council needs nine; a province's rule may allow seven
        let book = crate::rules::RuleBook::shipped();
        let on = NaiveDate::from_ymd_opt(2020, 6, 1).unwrap();
        let national = book.council_size(CouncilKind::Acceptance, crate::rules::Scope::National, on).unwrap();
        let provincial = book.council_size(CouncilKind::Acceptance, crate::rules::Scope::Provincial, on).unwrap();
        assert!(matches!(
            check_council(CouncilKind::Acceptance, national, &selection_council(), &parties)[..],
            [CouncilError::Size { n: 7, .. }]
        ));
        assert_eq!(check_council(CouncilKind::Acceptance, provincial, &selection_council(), &parties), vec![]);
        let mut two_chairs = selection_council();
        two_chairs[6].role = MemberRole::Chair;
        assert!(check_council(CouncilKind::Selection, (7, 9), &two_chairs, &parties).contains(&CouncilError::Chair));
        let mut no_vice = selection_council();
        no_vice[1].role = MemberRole::Member;
        assert!(check_council(CouncilKind::Selection, (7, 9), &no_vice, &parties).is_empty(), "not required");
        assert_eq!(
            check_council_with(CouncilKind::Selection, (7, 9), true, &no_vice, &parties),
            vec![CouncilError::ViceChair]
        );
        let mut one_reviewer = selection_council();
        one_reviewer[3].role = MemberRole::Member;
        assert!(
            check_council(CouncilKind::Selection, (7, 9), &one_reviewer, &parties).contains(&CouncilError::Reviewers {
                kind: "Hội đồng tuyển chọn",
                need: 2,
                n: 1
            })
        );
    }

    #[test]
    fn conflicts_of_interest_are_named() {
        let parties = TaskParties {
            investigator_id: Some(3),
            participant_ids: vec![6],
            lead_org_id: Some(16),
            applicant_org_ids: vec![11],
        };
        let mut seats = selection_council();
        seats[4].relative = true;
        let errors = check_council(CouncilKind::Selection, (7, 9), &seats, &parties);
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            text,
            vec![
                "Người 2 không được tham gia hội đồng vì thuộc tổ chức đăng ký tham gia tuyển chọn.",
                "Người 3 không được tham gia hội đồng vì là chủ nhiệm nhiệm vụ.",
                "Người 5 không được tham gia hội đồng vì có quan hệ gia đình với người thực hiện nhiệm vụ.",
                "Người 6 không được tham gia hội đồng vì tham gia thực hiện nhiệm vụ.",
                "Người 7 không được tham gia hội đồng vì thuộc tổ chức chủ trì nhiệm vụ.",
            ]
        );
    }

    #[test]
    fn steps_in_date_order_a_failed_task_closes_and_extensions_keep_to_the_rule() {
        let on = d(6, 1);
        let ctx = StepContext { last_step: Some(d(5, 10)), ..Default::default() };
        assert!(matches!(
            record_step(&ctx, Stage::InProgress, EventKind::Check, &ev("1", d(5, 1)), d(5, 9), None),
            Err(TaskError::BeforeLastStep { .. })
        ));
        assert_eq!(
            record_step(&ctx, Stage::InProgress, EventKind::Check, &ev("1", on), on, None),
            Ok(Stage::InProgress)
        );
        // "Không đạt": no recognition; the failed task is closed, its result never public
        let failed = StepContext { rating: Some(Rating::Fail), ..Default::default() };
        assert_eq!(
            record_step(&failed, Stage::OfficialAcceptance, EventKind::Advance, &ev("1", on), on, None),
            Err(TaskError::FailedNotRecognised)
        );
        let closed = record_step(&failed, Stage::OfficialAcceptance, EventKind::Terminate, &ev("1", on), on, None);
        assert_eq!(closed, Ok(Stage::Failed));
        assert!(!Stage::Failed.is_accepted() && !Stage::Failed.is_public() && Stage::Failed.next().is_none());
        let passed = StepContext { rating: Some(Rating::Pass), ..Default::default() };
        assert_eq!(
            record_step(&passed, Stage::OfficialAcceptance, EventKind::Advance, &ev("1", on), on, None),
            Ok(Stage::Recognized)
        );
        // extensions: once, 12 months in all (the rule in force)
        let running = StepContext {
            planned_end: Some(d(6, 30)),
            extension_limit: Some((1, 12, "Thông tư 04/2015/TT-BKHCN".into())),
            ..Default::default()
        };
        let extend =
            |ctx: &StepContext, to| record_step(ctx, Stage::InProgress, EventKind::Extend, &ev("1", on), on, to);
        assert_eq!(extend(&running, Some(NaiveDate::from_ymd_opt(2021, 6, 30).unwrap())), Ok(Stage::InProgress));
        assert!(matches!(
            extend(&running, Some(NaiveDate::from_ymd_opt(2021, 7, 31).unwrap())),
            Err(TaskError::ExtensionLimit { asked: 14, .. })
        ));
        let once = StepContext { extensions: 1, extended_end: Some(d(12, 31)), ..running.clone() };
        assert!(matches!(
            extend(&once, Some(NaiveDate::from_ymd_opt(2021, 3, 31).unwrap())),
            Err(TaskError::ExtensionLimit { done: 1, done_months: 7, .. })
        ));
        assert_eq!(extend(&running, Some(d(6, 1))), Err(TaskError::BadExtension));
        assert_eq!(months_between(d(6, 30), d(12, 31)), 7);
        assert_eq!(months_between(d(6, 30), d(12, 30)), 6);
    }

    #[test]
    fn registration_duties_and_field_codes() {
        assert_eq!(registration_duty(Stage::Contracted, d(3, 1)), Some((DeadlineKind::InfoRegistration, d(3, 31))));
        assert_eq!(
            registration_duty(Stage::OfficialAcceptance, d(6, 15)),
            Some((DeadlineKind::ResultRegistration, d(7, 15)))
        );
        assert_eq!(registration_duty(Stage::InProgress, d(3, 1)), None);
        assert_eq!(field_code(" sở hữu trí tuệ "), "so_huu_tri_tue");
        assert_eq!(field_code("SỞ HỮU TRÍ TUỆ"), "so_huu_tri_tue");
        assert_eq!(field_code("Nông nghiệp"), "");
    }

    #[test]
    fn money_stays_within_the_contract_and_settlement_reconciles() {
        assert_eq!(check_instalment(900, &[540], 360), Ok(()));
        assert_eq!(
            check_instalment(900_000_000, &[540_000_000], 400_000_000),
            Err(MoneyError::BeyondContract { asked: "400.000.000 đồng".into(), left: "360.000.000 đồng".into() })
        );
        assert!(check_payment(100, 101).is_err() && check_payment(100, 100).is_ok());
        assert_eq!(settlement(900, 540, 800), Ok(260), "still to pay");
        assert_eq!(settlement(900, 900, 850), Ok(-50), "to recover");
        assert!(settlement(900, 0, 901).is_err());
    }

    #[test]
    fn a_meeting_needs_its_quorum_its_chair_and_its_reviewers() {
        use MemberRole::*;
        let members = [Chair, ViceChair, Reviewer, Reviewer, Secretary, Member, Member, Member, Member];
        assert_eq!(check_quorum(&members, &members, (2, 3)), Ok(()));
        // six of nine is two thirds
        assert_eq!(check_quorum(&members, &[ViceChair, Reviewer, Reviewer, Secretary, Member, Member], (2, 3)), Ok(()));
        assert_eq!(
            check_quorum(&members, &[Chair, Reviewer, Reviewer, Secretary, Member], (2, 3)),
            Err(CouncilError::Quorum { need: 6, of: 9, present: 5 })
        );
        assert_eq!(
            check_quorum(&members, &[Reviewer, Reviewer, Secretary, Member, Member, Member], (2, 3)),
            Err(CouncilError::NoChair)
        );
        assert_eq!(
            check_quorum(&members, &[Chair, Reviewer, Secretary, Member, Member, Member, Member], (2, 3)),
            Err(CouncilError::ReviewerAbsent)
        );
    }

    #[test]
    fn acceptance_rating_rule() {
        use Rating::*;
        assert_eq!(acceptance_result(&[]), None);
        assert_eq!(acceptance_result(&[Excellent; 9]), Some(Excellent));
        // 7 of 9 excellent (≥ 3/4 = 7), nobody fails
        assert_eq!(
            acceptance_result(&[
                Excellent, Excellent, Excellent, Excellent, Excellent, Excellent, Excellent, Pass, Pass
            ]),
            Some(Excellent)
        );
        // 6 of 9 excellent is not enough
        assert_eq!(
            acceptance_result(&[Excellent, Excellent, Excellent, Excellent, Excellent, Excellent, Pass, Pass, Pass]),
            Some(Pass)
        );
        // one fail vote stops "excellent"
        assert_eq!(
            acceptance_result(&[
                Excellent, Excellent, Excellent, Excellent, Excellent, Excellent, Excellent, Excellent, Fail
            ]),
            Some(Pass)
        );
        // 3 fails of 9: only 6 pass or better, below 7
        assert_eq!(acceptance_result(&[Pass, Pass, Pass, Pass, Pass, Pass, Fail, Fail, Fail]), Some(Fail));
        assert_eq!(acceptance_result(&[Pass, Pass, Pass, Pass, Pass, Pass, Pass, Fail, Fail]), Some(Pass));
    }

    #[test]
    fn deadline_arithmetic() {
        assert_eq!(days_left(d(3, 1), d(2, 27)), 3, "2020 is a leap year");
        assert_eq!(days_left(d(1, 1), d(1, 11)), -10);
    }

    #[test]
    fn codes_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.code()), Some(*s));
        }
        assert_eq!(Level::parse("cap_tinh"), Some(Level::Provincial));
        assert_eq!(Rating::Pass.label(), "Đạt");
    }
}

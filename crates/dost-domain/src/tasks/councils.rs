//! Councils of a task: kinds, roles, composition and conflicts of interest,
//! quorum, and the acceptance rating.

use thiserror::Error;

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
    /// An expert in the task's field (scientist or technology expert), as
    /// opposed to a manager or a user of the results.
    pub expert: bool,
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
    #[error("{kind} phải có ít nhất {need} thành viên là chuyên gia trong lĩnh vực của nhiệm vụ (đang có {n}).")]
    Experts { kind: &'static str, need: usize, n: usize },
}

/// What the rule in force on the day asks of a council besides its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Composition {
    /// A vice-chair is required.
    pub vice_chair: bool,
    /// The least share of experts (numerator, denominator); `None`: no rule.
    pub experts: Option<(usize, usize)>,
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
    check_council_with(kind, (min, max), Composition::default(), seats, parties)
}

/// [`check_council`], with what the rule in force asks of its composition
/// ([`crate::rules::RuleBook::composition`]): a vice-chair, a share of experts.
pub fn check_council_with(
    kind: CouncilKind,
    (min, max): (usize, usize),
    rule: Composition,
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
    if rule.vice_chair && count(MemberRole::ViceChair) == 0 {
        errors.push(CouncilError::ViceChair);
    }
    if let Some((a, b)) = rule.experts {
        // at least a/b of the members, rounded up (6 of 9 for two thirds)
        let need = (seats.len() * a).div_ceil(b.max(1));
        let n = seats.iter().filter(|s| s.expert).count();
        if n < need {
            errors.push(CouncilError::Experts { kind: kind.label(), need, n });
        }
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

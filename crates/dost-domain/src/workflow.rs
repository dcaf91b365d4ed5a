//! The editorial workflow: draft → submitted → (returned | approved) →
//! published (scheduled when its time is in the future) → unpublished /
//! archived. Which role may take which action is data (`workflow_rules`),
//! checked by the caller; this module knows only the arrows.

use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    Submitted,
    Returned,
    Approved,
    Published,
    Unpublished,
    Archived,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Draft,
        Status::Submitted,
        Status::Returned,
        Status::Approved,
        Status::Published,
        Status::Unpublished,
        Status::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Returned => "returned",
            Self::Approved => "approved",
            Self::Published => "published",
            Self::Unpublished => "unpublished",
            Self::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The state's Vietnamese name; a published article whose time has not
    /// come yet is "scheduled".
    pub fn label(self, scheduled: bool) -> &'static str {
        match self {
            Self::Draft => "Bản nháp",
            Self::Submitted => "Chờ duyệt",
            Self::Returned => "Trả lại",
            Self::Approved => "Đã duyệt",
            Self::Published if scheduled => "Đã hẹn giờ đăng",
            Self::Published => "Đã đăng",
            Self::Unpublished => "Đã gỡ",
            Self::Archived => "Lưu trữ",
        }
    }

    /// Whether the author (not only editors) may still change the text.
    pub fn author_may_edit(self) -> bool {
        matches!(self, Self::Draft | Self::Returned)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Submit,
    Return,
    Approve,
    Publish,
    Unpublish,
    Archive,
    Reopen,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Submit,
        Action::Return,
        Action::Approve,
        Action::Publish,
        Action::Unpublish,
        Action::Archive,
        Action::Reopen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Return => "return",
            Self::Approve => "approve",
            Self::Publish => "publish",
            Self::Unpublish => "unpublish",
            Self::Archive => "archive",
            Self::Reopen => "reopen",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Submit => "Gửi duyệt",
            Self::Return => "Trả lại để sửa",
            Self::Approve => "Duyệt",
            Self::Publish => "Đăng bài",
            Self::Unpublish => "Gỡ bài",
            Self::Archive => "Lưu trữ",
            Self::Reopen => "Mở lại thành bản nháp",
        }
    }

    /// The state an action leads to from `from`, if the arrow exists.
    pub fn apply(self, from: Status) -> Result<Status, WorkflowError> {
        use Status::*;
        let to = match (self, from) {
            (Action::Submit, Draft | Returned) => Submitted,
            (Action::Return, Submitted | Approved) => Returned,
            (Action::Approve, Submitted) => Approved,
            (Action::Publish, Approved) => Published,
            (Action::Unpublish, Published) => Unpublished,
            (Action::Archive, Published | Unpublished) => Archived,
            (Action::Reopen, Unpublished | Archived) => Draft,
            _ => return Err(WorkflowError::NotAllowedFrom { action: self.label(), from: from.label(false) }),
        };
        Ok(to)
    }

    /// A returned article must say why.
    pub fn needs_note(self) -> bool {
        self == Action::Return
    }
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum WorkflowError {
    #[error("Không thể «{action}» một bài đang ở trạng thái «{from}».")]
    NotAllowedFrom { action: &'static str, from: &'static str },
    #[error("Vai trò của bạn không được phép «{0}» bài viết ở chuyên mục này.")]
    RoleMayNot(&'static str),
    #[error("Khi trả lại bài, hãy ghi rõ ý kiến để người viết sửa.")]
    NoteRequired,
    #[error("Bạn không tự duyệt bài do mình viết hoặc vừa sửa: cần người khác duyệt (trừ khi quy trình cho phép rõ).")]
    OwnText,
}

/// The actions available from a state (before role rules are applied).
pub fn actions_from(from: Status) -> Vec<Action> {
    Action::ALL.into_iter().filter(|a| a.apply(from).is_ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn every_allowed_arrow() {
        let allowed = [
            (Action::Submit, Draft, Submitted),
            (Action::Submit, Returned, Submitted),
            (Action::Return, Submitted, Returned),
            (Action::Return, Approved, Returned),
            (Action::Approve, Submitted, Approved),
            (Action::Publish, Approved, Published),
            (Action::Unpublish, Published, Unpublished),
            (Action::Archive, Published, Archived),
            (Action::Archive, Unpublished, Archived),
            (Action::Reopen, Unpublished, Draft),
            (Action::Reopen, Archived, Draft),
        ];
        for (a, from, to) in allowed {
            assert_eq!(a.apply(from), Ok(to), "{a:?} from {from:?}");
        }
        // every other pair is refused with a clear message
        let mut refused = 0;
        for a in Action::ALL {
            for from in Status::ALL {
                if !allowed.iter().any(|(x, f, _)| *x == a && *f == from) {
                    let e = a.apply(from).unwrap_err();
                    assert!(e.to_string().starts_with("Không thể «"), "{e}");
                    refused += 1;
                }
            }
        }
        assert_eq!(refused, 7 * 7 - allowed.len());
    }

    #[test]
    fn a_draft_cannot_skip_review() {
        assert!(Action::Publish.apply(Draft).is_err());
        assert!(Action::Approve.apply(Draft).is_err());
        assert_eq!(actions_from(Draft), vec![Action::Submit]);
        assert_eq!(actions_from(Submitted), vec![Action::Return, Action::Approve]);
    }

    #[test]
    fn labels() {
        assert_eq!(Published.label(true), "Đã hẹn giờ đăng");
        assert_eq!(Status::parse("approved"), Some(Approved));
        assert_eq!(Action::parse("publish"), Some(Action::Publish));
    }
}

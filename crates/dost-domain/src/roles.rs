//! Staff roles and what each may do. Route handlers ask [`allows`]; the
//! editorial workflow's arrows are configured separately (see `workflow`).

use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Administrator,
    Leadership,
    UnitHead,
    UnitStaff,
    Editor,
    Reviewer,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::Administrator, Role::Leadership, Role::UnitHead, Role::UnitStaff, Role::Editor, Role::Reviewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Administrator => "administrator",
            Self::Leadership => "leadership",
            Self::UnitHead => "unit_head",
            Self::UnitStaff => "unit_staff",
            Self::Editor => "editor",
            Self::Reviewer => "reviewer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The Vietnamese name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Administrator => "Quản trị hệ thống",
            Self::Leadership => "Lãnh đạo Sở",
            Self::UnitHead => "Trưởng/phó phòng, đơn vị",
            Self::UnitStaff => "Chuyên viên",
            Self::Editor => "Biên tập viên",
            Self::Reviewer => "Người duyệt bài",
        }
    }
}

/// Things a staff page lets someone do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// See the dashboard and one's own work.
    Dashboard,
    /// Write articles and edit drafts.
    WriteArticles,
    /// See every article in the back office, whatever its state.
    SeeAllArticles,
    /// Edit an article in any state (a revision is kept).
    EditAnyArticle,
    /// Categories, tags, sidebar blocks, featured items.
    ManageSite,
    /// Upload and manage files.
    ManageMedia,
    /// Accounts and roles.
    ManageUsers,
    /// Read the audit log.
    ReadAudit,
    /// Visitor statistics and their export.
    SeeStatistics,
    /// See S&T tasks in the back office.
    SeeTasks,
    /// Record S&T tasks and their steps (for the staff's own unit).
    ManageTasks,
    /// The leadership dashboard: every unit's plan-vs-done and counts.
    SeeDepartment,
}

/// The permission table.
pub fn allows(role: Role, p: Permission) -> bool {
    use Permission::*;
    use Role::*;
    match role {
        Administrator => true,
        Leadership => matches!(p, Dashboard | SeeAllArticles | SeeStatistics | ReadAudit | SeeTasks | SeeDepartment),
        UnitHead => matches!(
            p,
            Dashboard | WriteArticles | SeeAllArticles | SeeStatistics | SeeTasks | ManageTasks | SeeDepartment
        ),
        UnitStaff => matches!(p, Dashboard | WriteArticles | SeeTasks | ManageTasks),
        Editor => matches!(
            p,
            Dashboard | WriteArticles | SeeAllArticles | EditAnyArticle | ManageSite | ManageMedia | SeeStatistics
        ),
        Reviewer => matches!(p, Dashboard | SeeAllArticles),
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum AccountError {
    #[error("Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới, từ 3 đến 40 ký tự.")]
    BadUsername,
    #[error("Mật khẩu phải có ít nhất 10 ký tự.")]
    PasswordTooShort,
    #[error("Mật khẩu quá dài (tối đa 200 ký tự).")]
    PasswordTooLong,
    #[error("Vai trò không hợp lệ. Các vai trò: administrator, leadership, unit_head, unit_staff, editor, reviewer.")]
    BadRole,
}

pub fn check_username(u: &str) -> Result<(), AccountError> {
    let ok = (3..=40).contains(&u.len())
        && u.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok { Ok(()) } else { Err(AccountError::BadUsername) }
}

pub fn check_password(p: &str) -> Result<(), AccountError> {
    match p.chars().count() {
        n if n < 10 => Err(AccountError::PasswordTooShort),
        n if n > 200 => Err(AccountError::PasswordTooLong),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn permission_table() {
        assert!(allows(Role::Administrator, Permission::ManageUsers));
        assert!(!allows(Role::Editor, Permission::ManageUsers));
        assert!(allows(Role::Editor, Permission::ManageMedia));
        assert!(!allows(Role::UnitStaff, Permission::SeeAllArticles));
        assert!(allows(Role::Leadership, Permission::ReadAudit));
        assert!(!allows(Role::Reviewer, Permission::WriteArticles));
    }

    #[test]
    fn usernames_and_passwords() {
        assert!(check_username("nguyen.van-a_1").is_ok());
        for bad in ["ab", "Nguyen", "nguyễn", "a b", &"a".repeat(41)] {
            assert!(check_username(bad).is_err(), "{bad}");
        }
        assert_eq!(check_password("ngắn"), Err(AccountError::PasswordTooShort));
        assert!(check_password("mật khẩu đủ dài").is_ok());
    }
}

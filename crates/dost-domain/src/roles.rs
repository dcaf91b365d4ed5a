//! Staff roles and the rules of account names and passwords. What each role
//! may do is the access table (`access::may`); the editorial workflow's
//! arrows are configured separately (see `workflow`).

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
    fn usernames_and_passwords() {
        assert!(check_username("nguyen.van-a_1").is_ok());
        for bad in ["ab", "Nguyen", "nguyễn", "a b", &"a".repeat(41)] {
            assert!(check_username(bad).is_err(), "{bad}");
        }
        assert_eq!(check_password("ngắn"), Err(AccountError::PasswordTooShort));
        assert!(check_password("mật khẩu đủ dài").is_ok());
    }
}

//! Instrument verification (kiểm định phương tiện đo): cycles that change
//! with the rules (the cycle in force on the verification date applies),
//! validity, and what falls due.

use chrono::{Months, NaiveDate};
use thiserror::Error;

/// A verification cycle in force from a date (e.g. taximeters: 12 months under
/// Thông tư 07/2019, 18 months from 15/10/2024).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CycleRule {
    pub effective_from: NaiveDate,
    pub months: u32,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum MetrologyError {
    #[error("Chưa có chu kỳ kiểm định nào áp dụng cho loại phương tiện này vào ngày {0}.")]
    NoRule(String),
    #[error("Phương tiện không đạt thì không được cấp số chứng chỉ kiểm định.")]
    CertificateForFailure,
    #[error("Phương tiện đạt cần có số chứng chỉ kiểm định.")]
    NoCertificate,
    #[error("Ngày kiểm định {0} chưa tới; không ghi kết quả kiểm định cho ngày trong tương lai.")]
    InFuture(String),
}

/// How an instrument came to be verified (Luật Đo lường 2011, Điều 17).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerificationKind {
    Initial,
    Periodic,
    AfterRepair,
}

impl VerificationKind {
    pub const ALL: [(VerificationKind, &'static str, &'static str); 3] = [
        (VerificationKind::Initial, "ban_dau", "Kiểm định ban đầu"),
        (VerificationKind::Periodic, "dinh_ky", "Kiểm định định kỳ"),
        (VerificationKind::AfterRepair, "sau_sua_chua", "Kiểm định sau sửa chữa"),
    ];

    pub fn code(self) -> &'static str {
        Self::ALL.iter().find(|x| x.0 == self).map(|x| x.1).unwrap_or("dinh_ky")
    }

    pub fn label(self) -> &'static str {
        Self::ALL.iter().find(|x| x.0 == self).map(|x| x.2).unwrap_or("")
    }

    /// From a code or a label, whole ("Kiểm định định kỳ") or short
    /// ("Định kỳ"), with or without diacritics (forms and spreadsheets).
    pub fn parse(s: &str) -> Option<Self> {
        let f = crate::text::fold(s.trim());
        let short = |label: &str| crate::text::fold(label).strip_prefix("kiem dinh ").map(|x| x == f).unwrap_or(false);
        Self::ALL.iter().find(|x| x.1 == s.trim() || crate::text::fold(x.2) == f || short(x.2)).map(|x| x.0)
    }
}

/// [`check_verification`], and never a verification dated after `today`.
pub fn check_verification_on(
    rules: &[CycleRule],
    on: NaiveDate,
    today: NaiveDate,
    passed: bool,
    certificate: &str,
) -> Result<Option<NaiveDate>, MetrologyError> {
    if on > today {
        return Err(MetrologyError::InFuture(crate::format::date(on)));
    }
    check_verification(rules, on, passed, certificate)
}

/// The cycle in force on `on`.
pub fn cycle_on(rules: &[CycleRule], on: NaiveDate) -> Result<u32, MetrologyError> {
    rules
        .iter()
        .filter(|r| r.effective_from <= on)
        .max_by_key(|r| r.effective_from)
        .map(|r| r.months)
        .ok_or_else(|| MetrologyError::NoRule(crate::format::date(on)))
}

/// The last day a verification done on `on` is valid (the day before the
/// same date `months` later).
pub fn valid_until(on: NaiveDate, months: u32) -> NaiveDate {
    on.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt()).unwrap_or(on)
}

/// Checks a verification record: a pass has a certificate, a failure has none.
/// Returns the validity end for a pass.
pub fn check_verification(
    rules: &[CycleRule],
    on: NaiveDate,
    passed: bool,
    certificate: &str,
) -> Result<Option<NaiveDate>, MetrologyError> {
    match (passed, certificate.trim().is_empty()) {
        (true, true) => Err(MetrologyError::NoCertificate),
        (false, false) => Err(MetrologyError::CertificateForFailure),
        (false, true) => Ok(None),
        (true, false) => Ok(Some(valid_until(on, cycle_on(rules, on)?))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verification_is_never_dated_in_the_future_and_has_a_kind() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let rules = [CycleRule { effective_from: d(2013, 11, 15), months: 12 }];
        assert_eq!(
            check_verification_on(&rules, d(2026, 12, 1), d(2026, 11, 30), true, "C-1"),
            Err(MetrologyError::InFuture("01/12/2026".into()))
        );
        assert_eq!(
            check_verification_on(&rules, d(2026, 11, 30), d(2026, 11, 30), true, "C-1"),
            Ok(Some(d(2027, 11, 29)))
        );
        // history before the first rule the department recorded has no cycle: it adds an earlier rule
        assert!(matches!(check_verification(&rules, d(2012, 5, 1), true, "C-2"), Err(MetrologyError::NoRule(_))));
        let older = [CycleRule { effective_from: d(2005, 1, 1), months: 24 }, rules[0]];
        assert_eq!(check_verification(&older, d(2012, 5, 1), true, "C-2"), Ok(Some(d(2014, 4, 30))));
        assert_eq!(VerificationKind::parse("Kiểm định sau sửa chữa"), Some(VerificationKind::AfterRepair));
        assert_eq!(VerificationKind::parse("ban_dau"), Some(VerificationKind::Initial));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn taximeter() -> Vec<CycleRule> {
        vec![
            CycleRule { effective_from: d(2019, 7, 1), months: 12 },
            CycleRule { effective_from: d(2024, 10, 15), months: 18 },
        ]
    }

    #[test]
    fn the_rule_in_force_on_the_day_applies() {
        assert_eq!(cycle_on(&taximeter(), d(2020, 5, 1)), Ok(12));
        assert_eq!(cycle_on(&taximeter(), d(2024, 10, 14)), Ok(12));
        assert_eq!(cycle_on(&taximeter(), d(2024, 10, 15)), Ok(18));
        assert!(cycle_on(&taximeter(), d(2018, 1, 1)).is_err());
    }

    #[test]
    fn a_rule_change_between_two_verifications() {
        let first = check_verification(&taximeter(), d(2024, 3, 10), true, "KĐ-001").unwrap();
        assert_eq!(first, Some(d(2025, 3, 9)), "12 months under the old rule");
        let second = check_verification(&taximeter(), d(2025, 3, 5), true, "KĐ-002").unwrap();
        assert_eq!(second, Some(d(2026, 9, 4)), "18 months under the new rule");
    }

    #[test]
    fn failures_get_no_certificate() {
        assert_eq!(check_verification(&taximeter(), d(2020, 5, 1), false, ""), Ok(None));
        assert_eq!(
            check_verification(&taximeter(), d(2020, 5, 1), false, "KĐ-9"),
            Err(MetrologyError::CertificateForFailure)
        );
        assert_eq!(check_verification(&taximeter(), d(2020, 5, 1), true, " "), Err(MetrologyError::NoCertificate));
    }

    #[test]
    fn month_ends_are_handled() {
        assert_eq!(valid_until(d(2020, 1, 31), 1), d(2020, 2, 28), "29/02/2020 minus a day");
        assert_eq!(valid_until(d(2019, 8, 31), 60), d(2024, 8, 30));
    }
}

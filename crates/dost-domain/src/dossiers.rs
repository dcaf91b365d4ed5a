//! Administrative dossiers (hồ sơ thủ tục hành chính): legal deadlines in
//! working days, the early / on time / late status, and radiation licences.

use chrono::{Months, NaiveDate};

use crate::calendar::Holidays;

/// How a dossier was finished against its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeliness {
    Early,
    OnTime,
    Late,
    /// Not returned yet and not due.
    Pending,
    /// Not returned yet and past due.
    Overdue,
}

impl Timeliness {
    pub fn label(self) -> &'static str {
        match self {
            Self::Early => "Trước hạn",
            Self::OnTime => "Đúng hạn",
            Self::Late => "Quá hạn",
            Self::Pending => "Đang giải quyết",
            Self::Overdue => "Đang giải quyết, đã quá hạn",
        }
    }
}

/// The legal due date: `days` working days after receipt.
pub fn due_date(holidays: &Holidays, received: NaiveDate, days: u32) -> NaiveDate {
    holidays.add_working_days(received, days)
}

/// The status of a dossier given its (possibly re-set, after an apology) due date.
pub fn timeliness(due: NaiveDate, returned: Option<NaiveDate>, today: NaiveDate) -> Timeliness {
    match returned {
        Some(r) if r < due => Timeliness::Early,
        Some(r) if r == due => Timeliness::OnTime,
        Some(_) => Timeliness::Late,
        None if today > due => Timeliness::Overdue,
        None => Timeliness::Pending,
    }
}

/// Radiation work licences are valid 3 years (Nghị định 142/2020); a renewal
/// runs from the old licence's expiry, not from the day it is granted.
pub fn licence_valid_until(granted: NaiveDate, renewing: Option<NaiveDate>) -> NaiveDate {
    let start = renewing.unwrap_or(granted);
    let end = start.checked_add_months(Months::new(36)).unwrap_or(start);
    if renewing.is_some() { end } else { end.pred_opt().unwrap_or(end) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::known_holidays;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn deadlines_skip_weekends_and_tet() {
        let h = Holidays::new(known_holidays().into_iter().map(|(x, _)| x));
        // a 10-working-day procedure received on Monday 20/01/2020 straddles Tết Canh Tý
        assert_eq!(due_date(&h, d(2020, 1, 20), 10), d(2020, 2, 10));
    }

    #[test]
    fn early_on_time_late() {
        let due = d(2020, 3, 10);
        assert_eq!(timeliness(due, Some(d(2020, 3, 9)), d(2020, 4, 1)), Timeliness::Early);
        assert_eq!(timeliness(due, Some(due), d(2020, 4, 1)), Timeliness::OnTime);
        assert_eq!(timeliness(due, Some(d(2020, 3, 11)), d(2020, 4, 1)), Timeliness::Late);
        assert_eq!(timeliness(due, None, d(2020, 3, 10)), Timeliness::Pending);
        assert_eq!(timeliness(due, None, d(2020, 3, 11)), Timeliness::Overdue);
    }

    #[test]
    fn licences_last_three_years_and_renewals_run_from_the_old_expiry() {
        assert_eq!(licence_valid_until(d(2020, 3, 15), None), d(2023, 3, 14));
        // renewed early, on 01/02/2023, of a licence expiring 14/03/2023
        assert_eq!(licence_valid_until(d(2023, 2, 1), Some(d(2023, 3, 14))), d(2026, 3, 14));
    }
}

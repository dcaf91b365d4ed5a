//! Working days: weekends and Vietnamese public holidays (including the lunar
//! Tết and substituted days) are excluded. Holidays are data, per year, kept
//! in the database; this module only counts.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The days off of one or more years (public holidays and substituted days).
#[derive(Debug, Clone, Default)]
pub struct Holidays(HashSet<NaiveDate>);

impl Holidays {
    pub fn new(days: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self(days.into_iter().collect())
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.0.contains(&d)
    }

    /// The `n`-th working day after `from` (the day of receipt is not counted).
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days after `from` up to and including `to` (0 when `to` ≤ `from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d += Duration::days(1);
            if self.is_working_day(d) {
                n += 1;
            }
        }
        n
    }
}

/// Days off decided for 2019–2021 and 2024–2026 (Bộ Luật Lao động; the
/// government's announcements for Tết and substituted days), seeded as data.
pub fn known_holidays() -> Vec<(NaiveDate, &'static str)> {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
    let mut v = vec![
        (d(2019, 1, 1), "Tết Dương lịch"),
        (d(2019, 2, 4), "Tết Nguyên đán Kỷ Hợi"),
        (d(2019, 2, 5), "Tết Nguyên đán Kỷ Hợi"),
        (d(2019, 2, 6), "Tết Nguyên đán Kỷ Hợi"),
        (d(2019, 2, 7), "Tết Nguyên đán Kỷ Hợi"),
        (d(2019, 2, 8), "Tết Nguyên đán Kỷ Hợi"),
        (d(2019, 4, 15), "Giỗ Tổ Hùng Vương (nghỉ bù)"),
        (d(2019, 4, 29), "Nghỉ hoán đổi dịp 30/4"),
        (d(2019, 4, 30), "Ngày Chiến thắng"),
        (d(2019, 5, 1), "Quốc tế Lao động"),
        (d(2019, 9, 2), "Quốc khánh"),
        (d(2020, 1, 1), "Tết Dương lịch"),
        (d(2020, 1, 23), "Tết Nguyên đán Canh Tý"),
        (d(2020, 1, 24), "Tết Nguyên đán Canh Tý"),
        (d(2020, 1, 27), "Tết Nguyên đán Canh Tý"),
        (d(2020, 1, 28), "Tết Nguyên đán Canh Tý"),
        (d(2020, 1, 29), "Tết Nguyên đán Canh Tý"),
        (d(2020, 4, 2), "Giỗ Tổ Hùng Vương"),
        (d(2020, 4, 30), "Ngày Chiến thắng"),
        (d(2020, 5, 1), "Quốc tế Lao động"),
        (d(2020, 9, 2), "Quốc khánh"),
        (d(2021, 1, 1), "Tết Dương lịch"),
        (d(2021, 2, 10), "Tết Nguyên đán Tân Sửu"),
        (d(2021, 2, 11), "Tết Nguyên đán Tân Sửu"),
        (d(2021, 2, 12), "Tết Nguyên đán Tân Sửu"),
        (d(2021, 2, 15), "Tết Nguyên đán Tân Sửu"),
        (d(2021, 2, 16), "Tết Nguyên đán Tân Sửu"),
        (d(2021, 4, 21), "Giỗ Tổ Hùng Vương"),
        (d(2021, 4, 30), "Ngày Chiến thắng"),
        (d(2021, 5, 3), "Quốc tế Lao động (nghỉ bù)"),
        (d(2021, 9, 2), "Quốc khánh"),
        (d(2021, 9, 3), "Quốc khánh"),
    ];
    v.sort();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn vn() -> Holidays {
        Holidays::new(known_holidays().into_iter().map(|(d, _)| d))
    }

    #[test]
    fn weekends_are_skipped() {
        let h = Holidays::default();
        // Friday 02/10/2020 + 1 working day = Monday 05/10/2020
        assert_eq!(h.add_working_days(d(2020, 10, 2), 1), d(2020, 10, 5));
        assert_eq!(h.add_working_days(d(2020, 10, 5), 5), d(2020, 10, 12));
        assert_eq!(h.add_working_days(d(2020, 10, 5), 0), d(2020, 10, 5));
    }

    #[test]
    fn tet_is_skipped() {
        // received Wednesday 22/01/2020, Tết Canh Tý off 23–29/01: 3 working days end on 03/02
        assert_eq!(vn().add_working_days(d(2020, 1, 22), 3), d(2020, 2, 3));
        // without the holidays it would be Monday 27/01
        assert_eq!(Holidays::default().add_working_days(d(2020, 1, 22), 3), d(2020, 1, 27));
    }

    #[test]
    fn substituted_days_are_skipped() {
        // 01/05/2021 fell on a Saturday: Monday 03/05 was given instead
        assert!(!vn().is_working_day(d(2021, 5, 3)));
        assert_eq!(vn().add_working_days(d(2021, 4, 29), 1), d(2021, 5, 4));
    }

    #[test]
    fn counting_between_two_days() {
        let h = vn();
        assert_eq!(h.working_days_between(d(2020, 1, 22), d(2020, 2, 3)), 3);
        assert_eq!(h.working_days_between(d(2020, 2, 3), d(2020, 1, 22)), 0);
    }
}

//! Working days: weekends and Vietnamese public holidays (including the lunar
//! Tết and substituted days) are excluded. Holidays are data, per year, kept
//! in the database; this module only counts.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The days off of one or more years (public holidays and substituted days),
/// and the weekend days worked in exchange for a swapped day off.
#[derive(Debug, Clone, Default)]
pub struct Holidays {
    off: HashSet<NaiveDate>,
    worked: HashSet<NaiveDate>,
}

impl Holidays {
    pub fn new(days: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self { off: days.into_iter().collect(), worked: HashSet::new() }
    }

    /// With the Saturdays (or Sundays) worked in exchange for a swapped day off.
    pub fn with_worked_days(mut self, days: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.worked.extend(days);
        self
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.worked.contains(&d) {
            return true;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.off.contains(&d)
    }

    /// The end of a time limit counted in calendar days: `n` days after
    /// `from`; when that day is not a working day, the next working day
    /// (Bộ luật Dân sự 2015, Điều 148, khoản 5).
    pub fn add_calendar_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from + Duration::days(i64::from(n));
        while !self.is_working_day(d) {
            d += Duration::days(1);
        }
        d
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

/// One day of the shipped calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    pub day: NaiveDate,
    pub name: &'static str,
    /// A weekend day worked in exchange for a swapped day off.
    pub worked: bool,
    pub source: &'static str,
}

/// Vietnam's days off for 2019–2027 as announced (and the weekend days worked
/// in exchange), with their sources: `data/holidays.tsv`, shipped to the
/// database by migration 0012.
pub fn shipped_days() -> Vec<CalendarDay> {
    include_str!("../data/holidays.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            let day = NaiveDate::parse_from_str(f.next()?, "%Y-%m-%d").ok()?;
            let kind = f.next()?;
            Some(CalendarDay { day, worked: kind == "lam_bu", name: f.next()?, source: f.next().unwrap_or("") })
        })
        .collect()
}

/// The shipped days off, as (day, name).
pub fn known_holidays() -> Vec<(NaiveDate, &'static str)> {
    shipped_days().into_iter().filter(|d| !d.worked).map(|d| (d.day, d.name)).collect()
}

/// The shipped calendar: the days off and the weekend days worked.
pub fn shipped() -> Holidays {
    let days = shipped_days();
    Holidays::new(days.iter().filter(|d| !d.worked).map(|d| d.day))
        .with_worked_days(days.iter().filter(|d| d.worked).map(|d| d.day))
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
    fn a_swapped_saturday_is_worked_and_calendar_days_end_on_a_working_day() {
        // 2019: Monday 29/04 off in exchange for Saturday 04/05 worked
        let h = vn().with_worked_days([d(2019, 5, 4)]);
        assert!(!h.is_working_day(d(2019, 4, 29)) && h.is_working_day(d(2019, 5, 4)));
        // Friday 26/04/2019 + 1 working day: 29/04, 30/04, 01/05 off → Thursday 02/05
        assert_eq!(h.add_working_days(d(2019, 4, 26), 1), d(2019, 5, 2));
        // Friday 03/05 + 1 working day is the Saturday worked
        assert_eq!(h.add_working_days(d(2019, 5, 3), 1), d(2019, 5, 4));
        // 15 calendar days from 15/01/2020 end on 30/01/2020 (the first working day after Tết)
        assert_eq!(vn().add_calendar_days(d(2020, 1, 15), 15), d(2020, 1, 30));
        assert_eq!(vn().add_calendar_days(d(2020, 3, 2), 10), d(2020, 3, 12));
    }

    #[test]
    fn the_shipped_calendar_covers_2019_to_2027_and_tet_2026() {
        let days = shipped_days();
        for y in 2019..=2027 {
            assert!(days.iter().any(|x| x.day.year() == y && x.name.starts_with("Tết Nguyên đán")), "{y}");
            assert!(days.iter().any(|x| x.day == d(y, 9, 2) || x.name.contains("Quốc khánh") && x.day.year() == y));
        }
        assert!(days.iter().all(|x| !x.source.is_empty()), "every day has its source");
        // Tết Bính Ngọ 2026: Monday 16/02 to Friday 20/02 off
        let h = shipped();
        for day in 16..=20 {
            assert!(!h.is_working_day(d(2026, 2, day)), "{day}/02/2026");
        }
        // a 5-working-day procedure received on Thursday 12/02/2026 is due on Thursday 26/02
        assert_eq!(h.add_working_days(d(2026, 2, 12), 5), d(2026, 2, 26));
        // Quốc khánh 2026: 01–02/09 off, Monday 31/08 swapped for Saturday 22/08
        assert!(!h.is_working_day(d(2026, 9, 1)) && !h.is_working_day(d(2026, 8, 31)));
        assert!(h.is_working_day(d(2026, 8, 22)));
    }

    #[test]
    fn counting_between_two_days() {
        let h = vn();
        assert_eq!(h.working_days_between(d(2020, 1, 22), d(2020, 2, 3)), 3);
        assert_eq!(h.working_days_between(d(2020, 2, 3), d(2020, 1, 22)), 0);
    }
}

//! Reporting periods: quarter, 6 months, 9 months, year or any dates, with
//! the reporting cut-off convention (e.g. 15/12 of the previous year to 14/9)
//! as an option.

use chrono::{Datelike, Months, NaiveDate};
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    Quarter(u32),
    SixMonths,
    NineMonths,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Set when the period was chosen by name (its label and the next period follow).
    pub kind: Option<(PeriodKind, i32)>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum PeriodError {
    #[error("Ngày kết thúc của kỳ báo cáo ({to}) không được trước ngày bắt đầu ({from}).")]
    EndBeforeStart { from: String, to: String },
    #[error("Kỳ báo cáo không hợp lệ: {0}.")]
    Bad(String),
}

fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate, PeriodError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| PeriodError::Bad(format!("{d}/{m}/{y}")))
}

/// A period as a form or an address gives it (the report, the dashboard and
/// the record lists all read it so): a named kind of a year (`9-thang`,
/// `6-thang`, `nam`, `quy-1` … `quy-4`) or two dates `dd/mm/yyyy`; dates left
/// empty run from the first day of today's year to today.
#[derive(Debug, Clone, Copy, Default)]
pub struct PeriodChoice<'a> {
    pub kind: &'a str,
    pub year: Option<i32>,
    pub from: &'a str,
    pub to: &'a str,
}

impl PeriodChoice<'_> {
    /// The period chosen, or what is wrong with the choice (in Vietnamese).
    pub fn resolve(&self, cutoff_day: Option<u32>, today: NaiveDate) -> Result<Period, String> {
        let year = self.year.unwrap_or(today.year());
        let named = |k: PeriodKind| Period::named(k, year, cutoff_day).map_err(|e| e.to_string());
        match self.kind.trim() {
            "9-thang" => named(PeriodKind::NineMonths),
            "6-thang" => named(PeriodKind::SixMonths),
            "nam" => named(PeriodKind::Year),
            "quy-1" => named(PeriodKind::Quarter(1)),
            "quy-2" => named(PeriodKind::Quarter(2)),
            "quy-3" => named(PeriodKind::Quarter(3)),
            "quy-4" => named(PeriodKind::Quarter(4)),
            "" | "tuy-chon" => {
                let day = |s: &str, default: NaiveDate| match s.trim() {
                    "" => Ok(default),
                    s => crate::format::parse_date(s)
                        .ok_or_else(|| format!("Ngày «{s}» không hợp lệ; hãy nhập theo mẫu 30/09/2020.")),
                };
                let from = day(self.from, NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today))?;
                let to = day(self.to, today)?;
                Period::recognise(from, to).map_err(|e| e.to_string())
            }
            other => Err(format!("Kỳ báo cáo «{other}» không có.")),
        }
    }
}

impl Period {
    /// Any dates, both included.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, PeriodError> {
        if to < from {
            return Err(PeriodError::EndBeforeStart { from: crate::format::date(from), to: crate::format::date(to) });
        }
        Ok(Period { from, to, kind: None })
    }

    /// A named period of a year. With `cutoff_day` (e.g. 15), a period runs
    /// from that day of the month before its first month to the day before
    /// it in its last month: 9 months of 2020 = 15/12/2019 – 14/09/2020.
    pub fn named(kind: PeriodKind, year: i32, cutoff_day: Option<u32>) -> Result<Self, PeriodError> {
        let (first, last) = match kind {
            PeriodKind::Quarter(q @ 1..=4) => (3 * q - 2, 3 * q),
            PeriodKind::Quarter(q) => return Err(PeriodError::Bad(format!("quý {q}"))),
            PeriodKind::SixMonths => (1, 6),
            PeriodKind::NineMonths => (1, 9),
            PeriodKind::Year => (1, 12),
        };
        let (from, to) = match cutoff_day {
            None | Some(0) => {
                let start = ymd(year, first, 1)?;
                let end = start.checked_add_months(Months::new(last - first + 1)).and_then(|d| d.pred_opt());
                (start, end.ok_or_else(|| PeriodError::Bad(year.to_string()))?)
            }
            Some(day @ 2..=28) => {
                let start = ymd(year, first, day)?
                    .checked_sub_months(Months::new(1))
                    .ok_or_else(|| PeriodError::Bad(year.to_string()))?;
                (start, ymd(year, last, day - 1)?)
            }
            Some(day) => return Err(PeriodError::Bad(format!("ngày chốt số liệu {day} (chọn từ 2 đến 28)"))),
        };
        Ok(Period { from, to, kind: Some((kind, year)) })
    }

    /// Recognises a named period from its dates (calendar months).
    pub fn recognise(from: NaiveDate, to: NaiveDate) -> Result<Self, PeriodError> {
        let p = Period::new(from, to)?;
        let y = from.year();
        for kind in [
            PeriodKind::NineMonths,
            PeriodKind::SixMonths,
            PeriodKind::Year,
            PeriodKind::Quarter(1),
            PeriodKind::Quarter(2),
            PeriodKind::Quarter(3),
            PeriodKind::Quarter(4),
        ] {
            if let Ok(n) = Period::named(kind, y, None)
                && n.from == from
                && n.to == to
            {
                return Ok(n);
            }
        }
        Ok(p)
    }

    /// "9 tháng đầu năm 2020", "quý III năm 2020", "từ 01/02/2020 đến 15/05/2020".
    pub fn label(&self) -> String {
        match self.kind {
            Some((PeriodKind::Quarter(q), y)) => format!("quý {} năm {y}", roman(q)),
            Some((PeriodKind::SixMonths, y)) => format!("6 tháng đầu năm {y}"),
            Some((PeriodKind::NineMonths, y)) => format!("9 tháng đầu năm {y}"),
            Some((PeriodKind::Year, y)) => format!("năm {y}"),
            None => format!("từ ngày {} đến ngày {}", crate::format::date(self.from), crate::format::date(self.to)),
        }
    }

    /// What comes next: "quý IV năm 2020", "6 tháng cuối năm 2020", "năm 2021".
    pub fn next_label(&self) -> String {
        match self.kind {
            Some((PeriodKind::Quarter(4), y)) => format!("quý I năm {}", y + 1),
            Some((PeriodKind::Quarter(q), y)) => format!("quý {} năm {y}", roman(q + 1)),
            Some((PeriodKind::SixMonths, y)) => format!("6 tháng cuối năm {y}"),
            Some((PeriodKind::NineMonths, y)) => format!("quý IV năm {y}"),
            Some((PeriodKind::Year, y)) => format!("năm {}", y + 1),
            None => "thời gian tới".into(),
        }
    }

    /// The plan year the period reports against (the year of its last day).
    pub fn year(&self) -> i32 {
        self.to.year()
    }

    /// The first day of the plan year the period belongs to: figures "lũy kế
    /// từ đầu năm" run from it (with the cut-off convention, 15/12 of the
    /// year before).
    pub fn year_start(&self) -> NaiveDate {
        let start = match self.kind {
            Some((PeriodKind::Quarter(q), _)) if q > 1 => {
                self.from.checked_sub_months(Months::new(3 * (q - 1))).unwrap_or(self.from)
            }
            Some(_) => self.from,
            None => NaiveDate::from_ymd_opt(self.to.year(), 1, 1).unwrap_or(self.from),
        };
        start.min(self.from)
    }

    /// Whether the period runs from the start of its plan year (its figures
    /// are then the year's so far).
    pub fn is_year_to_date(&self) -> bool {
        self.from == self.year_start()
    }

    /// The part of the plan year elapsed at the period's end (0 to 1000, in tenths of a percent).
    pub fn elapsed_permille(&self) -> i64 {
        let start = self.year_start();
        let end = start.checked_add_months(Months::new(12)).unwrap_or(start);
        let total = (end - start).num_days().max(1);
        ((self.to - start).num_days() + 1).clamp(0, total) * 1000 / total
    }

    /// "trong quý", "trong 6 tháng", "trong kỳ".
    pub fn within(&self) -> &'static str {
        match self.kind {
            Some((PeriodKind::Quarter(_), _)) => "trong quý",
            Some((PeriodKind::Year, _)) => "trong năm",
            _ => "trong kỳ",
        }
    }

    /// The same period one year earlier (for "so với cùng kỳ năm trước").
    pub fn year_before(&self) -> Option<Period> {
        let from = self.from.checked_sub_months(Months::new(12))?;
        let to = self.to.checked_sub_months(Months::new(12))?;
        Some(Period { from, to, kind: self.kind.map(|(k, y)| (k, y - 1)) })
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.from && d <= self.to
    }
}

pub fn roman(n: u32) -> &'static str {
    ["", "I", "II", "III", "IV", "V", "VI", "VII"].get(n as usize).copied().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn named_periods_and_their_labels() {
        let p = Period::named(PeriodKind::NineMonths, 2020, None).unwrap();
        assert_eq!((p.from, p.to), (d(2020, 1, 1), d(2020, 9, 30)));
        assert_eq!(p.label(), "9 tháng đầu năm 2020");
        assert_eq!(p.next_label(), "quý IV năm 2020");
        let q = Period::named(PeriodKind::Quarter(3), 2020, None).unwrap();
        assert_eq!((q.from, q.to), (d(2020, 7, 1), d(2020, 9, 30)));
        assert_eq!(q.label(), "quý III năm 2020");
        let y = Period::named(PeriodKind::Year, 2020, None).unwrap();
        assert_eq!(y.to, d(2020, 12, 31));
        assert_eq!(y.next_label(), "năm 2021");
        assert_eq!(Period::recognise(d(2020, 1, 1), d(2020, 6, 30)).unwrap().label(), "6 tháng đầu năm 2020");
        assert_eq!(
            Period::recognise(d(2020, 2, 1), d(2020, 5, 15)).unwrap().label(),
            "từ ngày 01/02/2020 đến ngày 15/05/2020"
        );
    }

    #[test]
    fn the_cut_off_convention_moves_the_dates() {
        let p = Period::named(PeriodKind::NineMonths, 2020, Some(15)).unwrap();
        assert_eq!((p.from, p.to), (d(2019, 12, 15), d(2020, 9, 14)));
        let q = Period::named(PeriodKind::Quarter(1), 2021, Some(15)).unwrap();
        assert_eq!((q.from, q.to), (d(2020, 12, 15), d(2021, 3, 14)));
        assert!(Period::named(PeriodKind::Year, 2020, Some(31)).is_err());
    }

    #[test]
    fn the_year_so_far_behind_each_period() {
        let q3 = Period::named(PeriodKind::Quarter(3), 2020, None).unwrap();
        assert_eq!(q3.year_start(), d(2020, 1, 1));
        assert!(!q3.is_year_to_date());
        assert_eq!(q3.elapsed_permille(), 748, "274 of 366 days");
        let q3c = Period::named(PeriodKind::Quarter(3), 2020, Some(15)).unwrap();
        assert_eq!(q3c.year_start(), d(2019, 12, 15));
        let nine = Period::named(PeriodKind::NineMonths, 2020, None).unwrap();
        assert!(nine.is_year_to_date());
        let odd = Period::new(d(2020, 7, 1), d(2020, 12, 31)).unwrap();
        assert_eq!(odd.year_start(), d(2020, 1, 1));
        assert_eq!(Period::new(d(2019, 11, 1), d(2020, 2, 1)).unwrap().year_start(), d(2019, 11, 1));
        let before = nine.year_before().unwrap();
        assert_eq!(
            (before.from, before.to, before.label()),
            (d(2019, 1, 1), d(2019, 9, 30), "9 tháng đầu năm 2019".into())
        );
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        let e = Period::new(d(2020, 9, 30), d(2020, 1, 1)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Ngày kết thúc của kỳ báo cáo (01/01/2020) không được trước ngày bắt đầu (30/09/2020)."
        );
    }

    #[test]
    fn one_parser_reads_every_choice_of_period() {
        let today = d(2020, 10, 6);
        let choice = |kind, year, from, to| PeriodChoice { kind, year, from, to }.resolve(None, today);
        assert_eq!(choice("quy-3", Some(2020), "", "").unwrap().label(), "quý III năm 2020");
        assert_eq!(choice("9-thang", None, "", "").unwrap().to, d(2020, 9, 30), "this year by default");
        // dates left out: from the first day of the year to today
        let ytd = choice("", None, "", "").unwrap();
        assert_eq!((ytd.from, ytd.to), (d(2020, 1, 1), today));
        assert_eq!(choice("tuy-chon", None, " 01/07/2020 ", "30/09/2020").unwrap().label(), "quý III năm 2020");
        assert_eq!(
            choice("", None, "31/02/2020", "").unwrap_err(),
            "Ngày «31/02/2020» không hợp lệ; hãy nhập theo mẫu 30/09/2020."
        );
        assert!(choice("", None, "30/09/2020", "01/01/2020").unwrap_err().contains("không được trước ngày bắt đầu"));
        assert_eq!(choice("quy-5", None, "", "").unwrap_err(), "Kỳ báo cáo «quy-5» không có.");
    }
}

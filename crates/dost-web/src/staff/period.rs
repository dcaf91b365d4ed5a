//! The period a staff page is asked about (`ky`, `nam`, `tu`, `den`), read by
//! the domain's one period parser; a wrong choice is shown on the page, which
//! falls back to the year so far.

use chrono::{Datelike, NaiveDate};
use dost_domain::report::{Period, PeriodChoice};

use crate::http::query::StaffQuery;

/// The period chosen in the address, or the year so far with the reason the
/// choice was refused.
pub fn chosen(q: &StaffQuery, today: NaiveDate) -> (Period, Option<String>) {
    let (kind, year, from, to) = (q.text("ky"), q.text("nam"), q.text("tu"), q.text("den"));
    let year = match year.as_str() {
        "" => Ok(None),
        y => y
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .map(Some)
            .ok_or(format!("Năm «{y}» không hợp lệ.")),
    };
    let asked = year.and_then(|year| PeriodChoice { kind: &kind, year, from: &from, to: &to }.resolve(None, today));
    match asked {
        Ok(p) => (p, None),
        Err(e) => (year_so_far(today), Some(e)),
    }
}

/// From the first day of today's year to today.
pub fn year_so_far(today: NaiveDate) -> Period {
    let start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    Period { from: start, to: today, kind: None }
}

/// The period as the address carries it, percent-encoded (`tu=…&den=…`).
pub fn query(p: &Period) -> String {
    use dost_domain::format::date;
    format!("tu={}&den={}", crate::http::encode(&date(p.from)), crate::http::encode(&date(p.to)))
}

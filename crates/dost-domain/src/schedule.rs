//! The leaders' weekly schedule (lịch công tác): weeks by their ISO number,
//! times of day as people type them, and what may happen to an entry.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// What became of an entry (a change is shown as such on the portal).
pub const STATES: &[(&str, &str)] =
    &[("theo_lich", "Theo lịch"), ("doi_gio", "Đổi giờ hoặc địa điểm"), ("hoan", "Hoãn"), ("huy", "Hủy")];

/// A time of day as typed ("8h", "8:00", "08.00", "8h30", "14 giờ") in
/// the form the schedule shows and sorts ("08:00"); `None` when it is not one.
pub fn parse_time(s: &str) -> Option<String> {
    let t = s.trim().to_lowercase().replace("giờ", "h").replace(' ', "");
    let (h, m) = match t.find([':', 'h', '.']) {
        Some(i) => (&t[..i], t[i + 1..].trim_end_matches("phút")),
        None => (t.as_str(), ""),
    };
    let h: u32 = h.parse().ok()?;
    let m: u32 = if m.is_empty() { 0 } else { m.parse().ok()? };
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// A week, Monday to Sunday, named by its ISO year and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week {
    pub monday: NaiveDate,
}

impl Week {
    pub fn of(day: NaiveDate) -> Self {
        Self { monday: day - Duration::days(i64::from(day.weekday().num_days_from_monday())) }
    }

    /// From "2020-W38".
    pub fn parse(s: &str) -> Option<Self> {
        let (y, w) = s.trim().split_once("-W").or_else(|| s.trim().split_once("-w"))?;
        NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, Weekday::Mon).map(|monday| Self { monday })
    }

    pub fn code(self) -> String {
        let w = self.monday.iso_week();
        format!("{}-W{:02}", w.year(), w.week())
    }

    pub fn sunday(self) -> NaiveDate {
        self.monday + Duration::days(6)
    }

    pub fn days(self) -> impl Iterator<Item = NaiveDate> {
        (0..7).map(move |i| self.monday + Duration::days(i))
    }

    pub fn previous(self) -> Self {
        Self { monday: self.monday - Duration::days(7) }
    }

    pub fn next(self) -> Self {
        Self { monday: self.monday + Duration::days(7) }
    }

    /// "Tuần 38 (từ 14/09/2020 đến 20/09/2020)".
    pub fn label(self) -> String {
        format!(
            "Tuần {} (từ {} đến {})",
            self.monday.iso_week().week(),
            crate::format::date(self.monday),
            crate::format::date(self.sunday())
        )
    }
}

/// The day's name in Vietnamese ("Thứ Hai", …, "Chủ nhật").
pub fn weekday_name(d: NaiveDate) -> &'static str {
    ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
        [d.weekday().num_days_from_monday() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn times_are_read_as_people_type_them() {
        assert_eq!(parse_time("8h").as_deref(), Some("08:00"));
        assert_eq!(parse_time(" 8:30 ").as_deref(), Some("08:30"));
        assert_eq!(parse_time("14 giờ").as_deref(), Some("14:00"));
        assert_eq!(parse_time("14h30").as_deref(), Some("14:30"));
        assert_eq!(parse_time("07.45").as_deref(), Some("07:45"));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("sáng"), None);
    }

    #[test]
    fn weeks_run_monday_to_sunday_by_their_iso_number() {
        let w = Week::of(d(2020, 9, 17));
        assert_eq!(w.monday, d(2020, 9, 14));
        assert_eq!(w.code(), "2020-W38");
        assert_eq!(Week::parse("2020-W38"), Some(w));
        assert_eq!(w.label(), "Tuần 38 (từ 14/09/2020 đến 20/09/2020)");
        assert_eq!(w.next().code(), "2020-W39");
        assert_eq!(Week::parse("2020-W54"), None);
        assert_eq!(Week::parse("tuần 3"), None);
        assert_eq!(Week::of(d(2021, 1, 1)).code(), "2020-W53");
        assert_eq!(weekday_name(d(2020, 9, 20)), "Chủ nhật");
    }
}

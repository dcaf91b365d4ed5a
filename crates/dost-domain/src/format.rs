//! Vietnamese formatting: `30.000.000 đồng`, `14,3%`, `06/10/2020`, `163/440, đạt 37%`.
//!
//! **Rounding rule** (one rule, used everywhere): a percentage is rounded half
//! away from zero to one decimal place and a trailing `,0` is dropped, so
//! 163/440 = 37,045…% → `37%` and 500/3.500 = 14,285…% → `14,3%`.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

/// Vietnam's time zone (UTC+7, no daylight saving time).
pub fn vn_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset")
}

/// Local date-time in Vietnam for a Unix timestamp (seconds).
pub fn vn_datetime(ts: i64) -> DateTime<FixedOffset> {
    let utc = Utc.timestamp_opt(ts, 0).single().unwrap_or_default();
    utc.with_timezone(&vn_offset())
}

/// Local calendar day in Vietnam for a Unix timestamp.
pub fn vn_date(ts: i64) -> NaiveDate {
    vn_datetime(ts).date_naive()
}

/// Unix timestamp of a local Vietnamese date and time.
pub fn vn_timestamp(date: NaiveDate, hour: u32, minute: u32) -> i64 {
    let naive = date.and_hms_opt(hour, minute, 0).unwrap_or_default();
    vn_offset().from_local_datetime(&naive).single().map(|d| d.timestamp()).unwrap_or_default()
}

/// `8958466` → `8.958.466`.
pub fn int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Counts as written in official Vietnamese reports: two digits at least
/// (`07`, `03/07`), thousands separated (`1.015`).
/// Reads a whole, non-negative number as people type it in Vietnam: plain
/// digits (`30000000`) or dot-grouped thousands (`30.000.000`), spaces
/// allowed. Anything else (a decimal `1.5`, a comma, a sign) is refused —
/// the one reading of amounts and counts everywhere (forms and imports).
pub fn parse_whole(text: &str) -> Option<i64> {
    let compact: String = text.chars().filter(|c| !matches!(c, ' ' | '\u{a0}')).collect();
    if compact.is_empty() || !compact.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let groups: Vec<&str> = compact.split('.').collect();
    let grouped = groups.len() == 1
        || (!groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped {
        return None;
    }
    groups.concat().parse::<i64>().ok()
}

/// Counts as official reports write them: `01` … `09`, `18`, `2.000`; none is `0`.
pub fn count(n: i64) -> String {
    if (1..10).contains(&n) { format!("0{n}") } else { int(n) }
}

/// `30000000` → `30.000.000 đồng`.
pub fn money(dong: i64) -> String {
    format!("{} đồng", int(dong))
}

/// Percentage of `part` in `whole` in tenths of a percent, rounded half away
/// from zero; `None` when `whole` is zero.
pub fn percent_tenths(part: i64, whole: i64) -> Option<i64> {
    if whole == 0 {
        return None;
    }
    let num = i128::from(part) * 1000;
    let den = i128::from(whole);
    let q = num / den;
    let r = num % den;
    let rounded = if (r.abs() * 2) >= den.abs() { q + num.signum() * den.signum() } else { q };
    i64::try_from(rounded).ok()
}

/// `14,3%`, `37%`; `—` when there is no plan to compare with.
pub fn percent(part: i64, whole: i64) -> String {
    match percent_tenths(part, whole) {
        None => "—".to_string(),
        // something done never reads as nothing
        Some(0) if part > 0 => "dưới 0,1%".to_string(),
        Some(t) if t % 10 == 0 => format!("{}%", int(t / 10)),
        Some(t) => format!("{},{}%", int(t / 10), (t % 10).abs()),
    }
}

/// `163/440, đạt 37%`, `03/07, đạt 42,9%` (a comma, so that it can stand
/// inside parentheses).
pub fn plan_vs_done(done: i64, plan: i64) -> String {
    plan_vs_done_in(done, plan, "")
}

/// With the unit of measure after the figures: `6.832/15.520 hộp, đạt 44%`.
pub fn plan_vs_done_in(done: i64, plan: i64, measure: &str) -> String {
    let measure = if measure.is_empty() { String::new() } else { format!(" {measure}") };
    format!("{}/{}{measure}, đạt {}", count(done), count(plan), percent(done, plan))
}

/// `06/10/2020`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `06/10/2020` for a Unix timestamp, in Vietnam's time.
pub fn date_ts(ts: i64) -> String {
    date(vn_date(ts))
}

/// `06/10/2020 15:00`.
pub fn datetime_ts(ts: i64) -> String {
    vn_datetime(ts).format("%d/%m/%Y %H:%M").to_string()
}

/// ISO 8601 with the +07:00 offset, for `<time datetime>` and Open Graph.
pub fn iso_ts(ts: i64) -> String {
    vn_datetime(ts).to_rfc3339()
}

/// RFC 2822, for RSS.
pub fn rfc2822_ts(ts: i64) -> String {
    vn_datetime(ts).to_rfc2822()
}

/// Vietnamese weekday and date: `Thứ ba, 06/10/2020`.
pub fn long_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    let day = match d.weekday() {
        chrono::Weekday::Mon => "Thứ hai",
        chrono::Weekday::Tue => "Thứ ba",
        chrono::Weekday::Wed => "Thứ tư",
        chrono::Weekday::Thu => "Thứ năm",
        chrono::Weekday::Fri => "Thứ sáu",
        chrono::Weekday::Sat => "Thứ bảy",
        chrono::Weekday::Sun => "Chủ nhật",
    };
    format!("{day}, {}", date(d))
}

/// Parses a date typed as `dd/mm/yyyy` (spaces around ignored). `None` when
/// it is not a real date. Every form and import reads dates with this.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y").ok()
}

/// Parses a date typed as `dd/mm/yyyy`, optionally followed by `HH:MM`
/// (Vietnam time), into a Unix timestamp. `None` when it is not a real date.
pub fn parse_datetime(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date_part, time_part) = match s.split_once(' ') {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let date = parse_date(date_part)?;
    let (h, m) = match time_part {
        None | Some("") => (0, 0),
        Some(t) => {
            let (h, m) = t.split_once(':')?;
            (h.parse::<u32>().ok().filter(|h| *h < 24)?, m.parse::<u32>().ok().filter(|m| *m < 60)?)
        }
    };
    Some(vn_timestamp(date, h, m))
}

/// `dd/mm/yyyy HH:MM` for a form field.
pub fn datetime_input(ts: i64) -> String {
    datetime_ts(ts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_dates_are_parsed_in_vietnam_time() {
        let ts = parse_datetime("06/10/2020 15:00").unwrap();
        assert_eq!(datetime_ts(ts), "06/10/2020 15:00");
        assert_eq!(date_ts(parse_datetime("29/02/2020").unwrap()), "29/02/2020");
        for bad in ["30/02/2020", "2020-10-06", "06/10/2020 25:00", "06/10/2020 10:61", "", "hôm nay", "06/10/2020 10"]
        {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
    }

    #[test]
    fn thousands_use_dots() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1015), "1.015");
        assert_eq!(int(8_958_466), "8.958.466");
        assert_eq!(int(-30_000), "-30.000");
    }

    #[test]
    fn money_in_dong() {
        assert_eq!(money(30_000_000), "30.000.000 đồng");
        assert_eq!(money(70_000_000), "70.000.000 đồng");
    }

    #[test]
    fn whole_numbers_read_one_way() {
        assert_eq!(parse_whole("30.000.000"), Some(30_000_000));
        assert_eq!(parse_whole("30000000"), Some(30_000_000));
        assert_eq!(parse_whole(" 1 500 "), Some(1500));
        for bad in ["1.5", "1,5", "-3", "", "12.34.567", ".500", "1.0000", "abc", "3e6"] {
            assert_eq!(parse_whole(bad), None, "{bad}");
        }
    }

    #[test]
    fn counts_have_two_digits() {
        assert_eq!(count(7), "07");
        assert_eq!(count(0), "0");
        assert_eq!(count(23), "23");
        assert_eq!(count(3500), "3.500");
    }

    #[test]
    fn one_rounding_rule_for_the_seed_figures() {
        assert_eq!(plan_vs_done(163, 440), "163/440, đạt 37%");
        assert_eq!(plan_vs_done(500, 3500), "500/3.500, đạt 14,3%");
        assert_eq!(percent(1, 20_000), "dưới 0,1%", "something done never reads 0%");
        assert_eq!(percent(0, 2000), "0%");
        assert_eq!(plan_vs_done(6, 150), "06/150, đạt 4%");
        assert_eq!(percent(168, 750), "22,4%");
        assert_eq!(percent(216, 250), "86,4%");
        assert_eq!(percent(154, 700), "22%");
        assert_eq!(percent(11, 1015), "1,1%");
        assert_eq!(percent(1, 0), "—");
        // half away from zero: 1/8 = 12,5% exactly; 1/16 = 6,25% → 6,3%
        assert_eq!(percent(1, 16), "6,3%");
        assert_eq!(percent(3, 2), "150%");
    }

    #[test]
    fn dates_are_day_month_year_in_vietnam_time() {
        let d = NaiveDate::from_ymd_opt(2020, 10, 6).unwrap();
        assert_eq!(date(d), "06/10/2020");
        // 2020-10-05 18:30 UTC is already 06/10/2020 01:30 in Vietnam
        let ts = vn_timestamp(d, 1, 30);
        assert_eq!(date_ts(ts), "06/10/2020");
        assert_eq!(datetime_ts(ts), "06/10/2020 01:30");
        assert_eq!(long_date(d), "Thứ ba, 06/10/2020");
        assert!(iso_ts(ts).ends_with("+07:00"));
    }
}

//! Periods written as people write them (`30m`, `6h`, `1d`, `2w`) and the
//! rules of a schedule that survives restarts: the next run is due one
//! period after the newest run that exists, not after the process started;
//! what is kept is bounded by count and by age.

/// Seconds in a period written `30m`, `6h`, `1d` or `2w` (a bare number is
/// hours, as the flag used to be). `None` for anything else or zero.
pub fn parse_period(text: &str) -> Option<i64> {
    let t = text.trim().to_ascii_lowercase();
    let (number, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t.as_str(), "h"),
    };
    let n: i64 = number.parse().ok().filter(|n| *n > 0)?;
    let unit = match unit.trim() {
        "s" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return None,
    };
    n.checked_mul(unit)
}

/// A period as people read it (`1 ngày`, `6 giờ`, `30 phút`).
pub fn period_words(secs: i64) -> String {
    match secs {
        s if s % 86_400 == 0 => format!("{} ngày", s / 86_400),
        s if s % 3600 == 0 => format!("{} giờ", s / 3600),
        s if s % 60 == 0 => format!("{} phút", s / 60),
        s => format!("{s} giây"),
    }
}

/// When the next run is due: one period after the newest run (now when
/// there is none, or when it is overdue).
pub fn next_due(newest: Option<i64>, every: i64, now: i64) -> i64 {
    match newest {
        Some(at) => (at + every).max(now),
        None => now,
    }
}

/// Which runs to remove, given their times newest first: beyond the `keep`
/// newest, and older than `max_age` seconds (when set); the newest is
/// always kept.
pub fn to_remove(times_newest_first: &[i64], keep: usize, max_age: Option<i64>, now: i64) -> Vec<usize> {
    times_newest_first
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(i, at)| *i >= keep.max(1) || max_age.is_some_and(|age| now - **at > age))
        .map(|(i, _)| i)
        .collect()
}

/// Bytes a new copy of `expected` bytes needs free before it is written:
/// its size and a quarter more (it may have grown), and 64 MB for the
/// database and the system to go on working.
pub fn room_needed(expected: u64) -> u64 {
    (expected.saturating_mul(5) / 4).saturating_add(64 * 1024 * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_written_as_people_write_them() {
        assert_eq!(parse_period("30m"), Some(1800));
        assert_eq!(parse_period("6h"), Some(21_600));
        assert_eq!(parse_period("1d"), Some(86_400));
        assert_eq!(parse_period(" 2W "), Some(1_209_600));
        assert_eq!(parse_period("24"), Some(86_400), "a bare number is hours");
        for bad in ["", "0", "0d", "d", "1y", "-1h", "1.5h"] {
            assert_eq!(parse_period(bad), None, "{bad}");
        }
        assert_eq!(period_words(86_400), "1 ngày");
        assert_eq!(period_words(1800), "30 phút");
    }

    #[test]
    fn the_next_run_counts_from_the_newest_one() {
        let day = 86_400;
        assert_eq!(next_due(None, day, 1000), 1000, "none yet: now");
        assert_eq!(next_due(Some(0), day, 3600), day, "a restart does not push it back");
        assert_eq!(next_due(Some(0), day, 2 * day), 2 * day, "overdue: now");
    }

    #[test]
    fn a_copy_needs_its_size_and_a_margin() {
        let mb = 1024 * 1024;
        assert_eq!(room_needed(400 * mb), 564 * mb);
        assert_eq!(room_needed(0), 64 * mb);
        assert!(room_needed(u64::MAX) > u64::MAX / 4, "no overflow");
    }

    #[test]
    fn what_is_kept_is_bounded_by_count_and_age() {
        let day = 86_400;
        let times = [10 * day, 9 * day, 8 * day, 2 * day];
        assert_eq!(to_remove(&times, 3, None, 10 * day), vec![3]);
        assert_eq!(to_remove(&times, 7, Some(5 * day), 10 * day), vec![3]);
        assert_eq!(to_remove(&times, 7, Some(day / 2), 10 * day), vec![1, 2, 3]);
        assert_eq!(to_remove(&[0], 1, Some(1), 10 * day), Vec::<usize>::new(), "the newest stays");
    }
}

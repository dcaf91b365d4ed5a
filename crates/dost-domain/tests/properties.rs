//! Properties that hold for every input, not only the examples of the unit
//! tests: folding, slugs, the money parser and working days.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use dost_domain::calendar::Holidays;
use dost_domain::format::{int, parse_whole};
use dost_domain::text::{fold, nfc, slugify};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Vietnamese-looking text: letters with every tone and hook, spaces, digits, punctuation.
fn vietnamese() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "[a-zA-Z0-9 ,.&'đĐăâêôơưĂÂÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ–-]{0,60}",
    )
    .expect("a valid pattern")
}

fn day() -> impl Strategy<Value = NaiveDate> {
    (0i64..3650).prop_map(|n| NaiveDate::from_ymd_opt(2019, 1, 1).expect("a date") + Duration::days(n))
}

proptest! {
    #[test]
    fn folding_keeps_one_character_for_one_and_removes_every_mark(s in vietnamese()) {
        let folded = fold(&s);
        prop_assert_eq!(folded.chars().count(), nfc(&s).chars().count());
        prop_assert!(folded.chars().all(|c| !unicode_normalization::char::is_combining_mark(c)));
        prop_assert!(!folded.contains('đ') && !folded.chars().any(|c| c.is_uppercase()));
        // the same whichever normal form the text came in
        prop_assert_eq!(fold(&s.nfd().collect::<String>()), folded.clone());
        prop_assert_eq!(fold(&folded), folded);
    }

    #[test]
    fn slugs_are_plain_lowercase_words_joined_by_single_dashes(s in vietnamese()) {
        let slug = slugify(&s);
        prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        prop_assert_eq!(slugify(&slug), slug.clone());
    }

    #[test]
    fn money_written_the_vietnamese_way_reads_back(n in 0i64..1_000_000_000_000_000) {
        prop_assert_eq!(parse_whole(&int(n)), Some(n));
        prop_assert_eq!(parse_whole(&n.to_string()), Some(n));
        // a decimal part is never silently dropped or multiplied
        prop_assert_eq!(parse_whole(&format!("{n},5")), None);
    }

    #[test]
    fn the_nth_working_day_is_a_working_day_n_working_days_on(
        from in day(),
        n in 0u32..400,
        off in proptest::collection::vec(day(), 0..40),
    ) {
        let h = Holidays::new(off.clone());
        let due = h.add_working_days(from, n);
        prop_assert!(due >= from);
        prop_assert_eq!(h.working_days_between(from, due), i64::from(n));
        if n > 0 {
            prop_assert!(h.is_working_day(due));
            prop_assert!(!matches!(due.weekday(), Weekday::Sat | Weekday::Sun) && !off.contains(&due));
            // one more working day lands later
            prop_assert!(h.add_working_days(from, n + 1) > due);
        }
    }
}

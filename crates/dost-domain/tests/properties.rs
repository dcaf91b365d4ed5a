//! Properties that hold for every input, not only the examples of the unit
//! tests: folding, slugs, the money parser, working days, the HTML
//! sanitiser, search highlighting and report periods.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use dost_domain::calendar::Holidays;
use dost_domain::format::{int, parse_whole};
use dost_domain::html::SafeHtml;
use dost_domain::report::{Period, PeriodKind};
use dost_domain::search::{Query, highlight};
use dost_domain::text::{escape_html, fold, nfc, slugify};
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

/// Hostile HTML: scripts, handlers, `javascript:` links, styles, frames,
/// comments, entities and combining marks right after markup.
fn hostile_html() -> impl Strategy<Value = String> {
    let pieces = vec![
        "<p>",
        "</p>",
        "<script>",
        "</script>",
        "<a href=\"javascript:alert(1)\">",
        "<a href=\"/tin-tuc\">",
        "</a>",
        "<img src=x onerror=alert(1)>",
        "<b onclick=\"x()\">",
        "</b>",
        "<style>",
        "</style>",
        "<iframe src=\"//x\">",
        "<svg onload=1>",
        "<h2>",
        "</h2>",
        "<!--",
        "-->",
        "\u{0338}",
        "\u{0301}",
        ">",
        "<",
        "\"",
        "'",
        "=",
        "&amp;",
        "&#x3C;",
        "Đo lường ",
        "chữ ",
    ];
    proptest::collection::vec(proptest::sample::select(pieces), 0..30).prop_map(|v| v.concat())
}

fn named_kind() -> impl Strategy<Value = PeriodKind> {
    prop_oneof![
        (1u32..=4).prop_map(PeriodKind::Quarter),
        Just(PeriodKind::SixMonths),
        Just(PeriodKind::NineMonths),
        Just(PeriodKind::Year),
    ]
}

fn cutoff() -> impl Strategy<Value = Option<u32>> {
    prop_oneof![Just(None), (2u32..=28).prop_map(Some)]
}

proptest! {
    #[test]
    fn sanitised_html_has_no_script_and_stays_as_it_is(raw in hostile_html()) {
        let clean = SafeHtml::sanitize(&raw);
        let lower = clean.as_str().to_lowercase();
        // text is escaped, so every '<' left opens a real tag
        for tag in lower.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")) {
            for bad in ["script", "style", "iframe", "svg"] {
                prop_assert!(!tag.trim_start_matches('/').starts_with(bad), "<{tag}> in {}", clean.as_str());
            }
            prop_assert!(!tag.contains("javascript:") && !tag.contains(" on"), "<{tag}> in {}", clean.as_str());
        }
        // cleaning again changes nothing, and neither does normalising
        let again = SafeHtml::sanitize(clean.as_str());
        prop_assert_eq!(again.as_str(), clean.as_str());
        prop_assert_eq!(nfc(clean.as_str()), clean.as_str());
    }

    #[test]
    fn highlighting_only_adds_balanced_marks_to_the_escaped_text(words in vietnamese(), text in vietnamese()) {
        if let Ok(Some(q)) = Query::parse(&words) {
            let marked = highlight(&q, &text);
            prop_assert_eq!(marked.matches("<mark>").count(), marked.matches("</mark>").count());
            prop_assert_eq!(marked.replace("<mark>", "").replace("</mark>", ""), escape_html(&nfc(&text)));
        }
    }

    #[test]
    fn a_named_period_lies_in_its_plan_year(kind in named_kind(), year in 2000i32..2100, cut in cutoff()) {
        let p = Period::named(kind, year, cut).unwrap();
        prop_assert!(p.from <= p.to);
        prop_assert!(p.year_start() <= p.from);
        prop_assert!((0..=1000).contains(&p.elapsed_permille()));
        prop_assert_eq!(p.is_year_to_date(), !matches!(kind, PeriodKind::Quarter(2..=4)));
    }

    #[test]
    fn the_quarters_tile_the_year(year in 2000i32..2100, cut in cutoff()) {
        let q = |n| Period::named(PeriodKind::Quarter(n), year, cut).unwrap();
        let whole = Period::named(PeriodKind::Year, year, cut).unwrap();
        prop_assert_eq!(q(1).from, whole.from);
        prop_assert_eq!(q(4).to, whole.to);
        for n in 1..4 {
            prop_assert_eq!(q(n).to.succ_opt(), Some(q(n + 1).from));
            prop_assert_eq!(q(n + 1).year_start(), whole.from);
        }
    }
}

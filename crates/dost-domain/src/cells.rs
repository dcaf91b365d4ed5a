//! What a person gave for one field — typed in a form or read from a cell of
//! a spreadsheet — read as text, a date, an amount of money or a year, with
//! the problem in Vietnamese (lower case, no final stop: the caller puts
//! the field's label before it). Every record kind's parser reads its
//! fields with these, so a form and its import can never disagree.

use chrono::NaiveDate;

use crate::format::parse_whole;
use crate::registers::Input;
use crate::text::fold;

/// Problems, each with the field it belongs to.
pub type Problems = Vec<(&'static str, String)>;

/// Text (NFC, trimmed); a whole number written in a cell reads as its digits.
pub fn text(input: &Input) -> Result<String, String> {
    match input {
        Input::Empty => Ok(String::new()),
        Input::Text(t) => Ok(crate::text::nfc(t.trim())),
        Input::Number(n) if n.fract() == 0.0 => Ok(format!("{}", *n as i64)),
        Input::Number(n) => Ok(n.to_string()),
        Input::Date(_) => Err("ô này cần chữ, không phải ngày tháng".into()),
    }
}

/// A day as dd/mm/yyyy or a real date cell; `None` when empty.
pub fn date(input: &Input) -> Result<Option<NaiveDate>, String> {
    match input {
        Input::Empty => Ok(None),
        Input::Date(d) => Ok(Some(*d)),
        Input::Text(t) => {
            crate::format::parse_date(t).map(Some).ok_or_else(|| format!("«{t}» không phải ngày theo dạng dd/mm/yyyy"))
        }
        Input::Number(n) => Err(format!("«{n}» là một số, ô này cần ngày (dd/mm/yyyy)")),
    }
}

/// Whole đồng, never negative (`30.000.000` or a number cell); 0 when empty.
pub fn amount(input: &Input) -> Result<i64, String> {
    match input {
        Input::Empty => Ok(0),
        Input::Number(n) if *n < 0.0 => Err("số tiền không được âm".into()),
        Input::Number(n) if n.fract() != 0.0 => Err("số tiền phải là số đồng nguyên".into()),
        Input::Number(n) if *n > 1e15 => Err("số tiền quá lớn".into()),
        Input::Number(n) => Ok(*n as i64),
        Input::Text(t) if t.trim_start().starts_with('-') => Err("số tiền không được âm".into()),
        Input::Text(t) => parse_whole(t).ok_or_else(|| format!("«{t}» không phải số đồng (ví dụ 1.500.000.000)")),
        Input::Date(_) => Err("ô này cần số tiền, không phải ngày tháng".into()),
    }
}

/// A year between 1950 and 2100; `None` when empty.
pub fn year(input: &Input) -> Result<Option<i64>, String> {
    let bad = |s: String| format!("«{s}» không phải năm (từ 1950 đến 2100)");
    let n = match input {
        Input::Empty => return Ok(None),
        Input::Number(n) if n.fract() == 0.0 => *n as i64,
        Input::Number(n) => return Err(bad(n.to_string())),
        Input::Text(t) => t.trim().parse::<i64>().map_err(|_| bad(t.trim().to_string()))?,
        Input::Date(d) => return Err(bad(crate::format::date(*d))),
    };
    if (1950..=2100).contains(&n) { Ok(Some(n)) } else { Err(bad(n.to_string())) }
}

/// One of `all`, by its code or its label (with or without diacritics).
pub fn choice<T: Copy>(
    v: &str,
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Option<T> {
    let f = fold(v.trim());
    all.iter().copied().find(|x| fold(code(*x)) == f || fold(label(*x)) == f)
}

/// A message of the domain ("Phương tiện đạt cần …") as a field's problem.
pub fn problem(message: impl std::fmt::Display) -> String {
    let m = message.to_string();
    let m = m.trim_end_matches('.');
    let mut c = m.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_checked_the_same_from_a_form_and_a_cell() {
        assert_eq!(year(&Input::typed("2018")), Ok(Some(2018)));
        assert_eq!(year(&Input::Number(2018.0)), Ok(Some(2018)));
        assert_eq!(year(&Input::Empty), Ok(None));
        for bad in [Input::typed("1800"), Input::Number(1800.0), Input::Number(2018.5), Input::typed("năm ngoái")] {
            assert!(year(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_domain_sentence_becomes_a_field_problem() {
        assert_eq!(problem("Phương tiện đạt cần có số chứng chỉ."), "phương tiện đạt cần có số chứng chỉ");
    }
}

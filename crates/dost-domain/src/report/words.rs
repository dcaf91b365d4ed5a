//! Vietnamese phrasing for counts and lists: "chưa có … nào", "01 hồ sơ",
//! "18 hồ sơ"; named items listed when few.

use crate::format;

/// "01 hồ sơ", "18 hồ sơ", "2.000 cuốn" (counts below 10 are written with two digits,
/// as official reports do).
pub fn count_of(n: i64, noun: &str) -> String {
    format!("{} {noun}", format::count(n))
}

/// "A", "A và B", "A, B và C".
pub fn list_of(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} và {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_lists() {
        assert_eq!(count_of(1, "hồ sơ"), "01 hồ sơ");
        assert_eq!(count_of(18, "hồ sơ"), "18 hồ sơ");
        assert_eq!(count_of(2000, "cuốn"), "2.000 cuốn");
        assert_eq!(
            list_of(&["Bảo Lạc".into(), "Bảo Lâm".into(), "thành phố Cao Bằng".into()]),
            "Bảo Lạc, Bảo Lâm và thành phố Cao Bằng"
        );
        assert_eq!(list_of(&["A".into()]), "A");
    }
}

//! The 5-star rating of articles: one vote per visitor, 1 to 5 points.

use crate::content::InputError;

/// A valid score, 1 to 5 stars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score(u8);

impl Score {
    pub fn parse(raw: &str) -> Result<Self, InputError> {
        match raw.trim().parse::<u8>() {
            Ok(n @ 1..=5) => Ok(Self(n)),
            _ => Err(InputError::BadScore),
        }
    }

    pub fn value(self) -> i64 {
        i64::from(self.0)
    }
}

/// What the article page says about its rating.
pub fn summary(points: i64, votes: i64) -> String {
    format!("Tổng số điểm của bài viết là: {} trong {} đánh giá", crate::format::int(points), crate::format::int(votes))
}

/// Average in tenths of a star, for the star display (0 when nobody voted).
pub fn average_tenths(points: i64, votes: i64) -> i64 {
    if votes == 0 { 0 } else { (points * 10 + votes / 2) / votes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_to_five() {
        assert_eq!(Score::parse("1").map(Score::value), Ok(1));
        assert_eq!(Score::parse(" 5 ").map(Score::value), Ok(5));
        for bad in ["0", "6", "-1", "4.5", "", "năm", "255", "256"] {
            assert_eq!(Score::parse(bad), Err(InputError::BadScore), "{bad}");
        }
    }

    #[test]
    fn summary_text_and_average() {
        assert_eq!(summary(0, 0), "Tổng số điểm của bài viết là: 0 trong 0 đánh giá");
        assert_eq!(summary(1234, 300), "Tổng số điểm của bài viết là: 1.234 trong 300 đánh giá");
        assert_eq!(average_tenths(9, 2), 45);
        assert_eq!(average_tenths(0, 0), 0);
    }
}

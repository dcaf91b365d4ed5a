//! Pagination arithmetic shared by every list.

/// One page of a list: which slice to fetch and how to link to the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

impl Paging {
    /// The largest page number we accept in a URL; anything above is refused.
    pub const MAX_PAGE: u32 = 100_000;

    pub fn new(page: u32, per_page: u32) -> Self {
        Self { page: page.clamp(1, Self::MAX_PAGE), per_page: per_page.max(1) }
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    pub fn limit(&self) -> i64 {
        i64::from(self.per_page)
    }

    /// Number of pages for `total` items (at least 1, so an empty list has a page).
    pub fn pages(&self, total: i64) -> u32 {
        let per = i64::from(self.per_page);
        u32::try_from(((total + per - 1) / per).max(1)).unwrap_or(u32::MAX)
    }
}

/// Parses a `trang` query value: absent means page 1; anything that is not a
/// page number in range is an error the caller turns into a 400.
pub fn parse_page(raw: Option<&str>) -> Result<u32, crate::content::InputError> {
    match raw {
        None | Some("") => Ok(1),
        Some(s) => match s.parse::<u32>() {
            Ok(n) if (1..=Paging::MAX_PAGE).contains(&n) => Ok(n),
            _ => Err(crate::content::InputError::BadPage),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_page_counts() {
        let p = Paging::new(3, 10);
        assert_eq!(p.offset(), 20);
        assert_eq!(p.pages(0), 1);
        assert_eq!(p.pages(10), 1);
        assert_eq!(p.pages(11), 2);
    }

    #[test]
    fn page_numbers_are_validated() {
        assert_eq!(parse_page(None), Ok(1));
        assert_eq!(parse_page(Some("2")), Ok(2));
        assert!(parse_page(Some("0")).is_err());
        assert!(parse_page(Some("-1")).is_err());
        assert!(parse_page(Some("abc")).is_err());
        assert!(parse_page(Some("99999999999")).is_err());
    }
}

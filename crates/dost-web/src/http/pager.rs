//! Links to the pages of a list.

use dost_domain::page::Paging;

pub struct PageLink {
    pub number: u32,
    pub url: String,
    pub current: bool,
}

/// Links to other pages of a list.
pub struct Pager {
    pub page: u32,
    pub pages: u32,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The first and the last page, when they are not among the numbered links.
    pub first: Option<String>,
    pub last: Option<String>,
    pub links: Vec<PageLink>,
}

impl Pager {
    /// `base` is the list's address with its query so far (ending in `?` or `&`).
    pub fn new(paging: Paging, total: i64, base: &str) -> Self {
        let pages = paging.pages(total);
        let page = paging.page;
        let url =
            |n: u32| if n == 1 { base.trim_end_matches(['?', '&']).to_string() } else { format!("{base}trang={n}") };
        let from = page.saturating_sub(3).max(1);
        let to = (page + 3).min(pages);
        Self {
            page,
            pages,
            prev: (page > 1).then(|| url(page - 1)),
            next: (page < pages).then(|| url(page + 1)),
            first: (from > 1).then(|| url(1)),
            last: (to < pages).then(|| url(pages)),
            links: (from..=to).map(|n| PageLink { number: n, url: url(n), current: n == page }).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_links() {
        let p = Pager::new(Paging::new(2, 10), 35, "/tin?");
        assert_eq!(p.pages, 4);
        assert_eq!(p.prev.as_deref(), Some("/tin"));
        assert_eq!(p.next.as_deref(), Some("/tin?trang=3"));
        assert_eq!(p.links.len(), 4);
        assert_eq!((p.first, p.last), (None, None), "both among the numbered links");
        let far = Pager::new(Paging::new(10, 10), 500, "/tin?");
        assert_eq!(far.first.as_deref(), Some("/tin"));
        assert_eq!(far.last.as_deref(), Some("/tin?trang=50"));
    }
}

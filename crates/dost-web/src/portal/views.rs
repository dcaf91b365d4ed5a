//! View models shared by portal pages.

use dost_domain::content::ArticleSummary;
use dost_domain::format;

/// An article in a list.
pub struct Item {
    pub url: String,
    pub title: String,
    pub lead: String,
    pub image_url: Option<String>,
    pub date: String,
    pub iso: String,
    pub category: String,
}

impl From<ArticleSummary> for Item {
    fn from(a: ArticleSummary) -> Self {
        Self {
            url: a.path(),
            date: format::date_ts(a.published_at),
            iso: format::iso_ts(a.published_at),
            title: a.title,
            lead: a.lead,
            image_url: a.image_url,
            category: a.category_name,
        }
    }
}

pub fn items(list: Vec<ArticleSummary>) -> Vec<Item> {
    list.into_iter().map(Item::from).collect()
}

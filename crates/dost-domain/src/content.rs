//! Portal content: categories, articles and the input rules around them.

use thiserror::Error;

/// Bad input from a visitor, with the Vietnamese message they will see.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum InputError {
    #[error("Số trang không hợp lệ.")]
    BadPage,
    #[error("Điểm đánh giá phải là một số nguyên từ 1 đến 5.")]
    BadScore,
    #[error("Từ khóa tìm kiếm quá dài (tối đa {max} ký tự).")]
    QueryTooLong { max: usize },
    #[error("Địa chỉ không hợp lệ.")]
    BadAddress,
}

/// A category of the portal's menu. Categories form a tree through `parent_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub position: i64,
    pub show_in_menu: bool,
    pub show_on_home: bool,
}

/// The whole category tree, loaded once and kept in memory.
#[derive(Debug, Clone, Default)]
pub struct CategoryTree {
    pub all: Vec<Category>,
}

impl CategoryTree {
    pub fn new(mut all: Vec<Category>) -> Self {
        all.sort_by_key(|c| (c.position, c.id));
        Self { all }
    }

    pub fn by_slug(&self, slug: &str) -> Option<&Category> {
        self.all.iter().find(|c| c.slug == slug)
    }

    pub fn by_id(&self, id: i64) -> Option<&Category> {
        self.all.iter().find(|c| c.id == id)
    }

    pub fn roots(&self) -> impl Iterator<Item = &Category> {
        self.all.iter().filter(|c| c.parent_id.is_none())
    }

    pub fn children(&self, id: i64) -> impl Iterator<Item = &Category> {
        self.all.iter().filter(move |c| c.parent_id == Some(id))
    }

    /// The category and its ancestors, root first (for breadcrumbs).
    pub fn path(&self, id: i64) -> Vec<&Category> {
        let mut out = Vec::new();
        let mut cur = self.by_id(id);
        while let Some(c) = cur {
            if out.iter().any(|o: &&Category| o.id == c.id) {
                break; // a cycle in bad data must not hang the page
            }
            out.push(c);
            cur = c.parent_id.and_then(|p| self.by_id(p));
        }
        out.reverse();
        out
    }

    /// The category's id and all its descendants' ids.
    pub fn subtree_ids(&self, id: i64) -> Vec<i64> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            let cur = out[i];
            for c in self.children(cur) {
                if !out.contains(&c.id) {
                    out.push(c.id);
                }
            }
            i += 1;
        }
        out
    }
}

/// Paths that categories may not take as slugs, because the portal uses them.
pub const RESERVED_SLUGS: &[&str] = &[
    "tim-kiem",
    "rss",
    "rss.xml",
    "sitemap.xml",
    "robots.txt",
    "static",
    "tep",
    "in",
    "danh-gia",
    "healthz",
    "quan-tri",
    "video",
    "tai-lieu",
    "nhiem-vu",
    "thong-ke",
    "lien-he",
    "api",
    "van-ban",
    "du-thao",
    "hoi-dap",
    "gioi-thieu",
    "en",
    "cong-khai",
    "lich-cong-tac",
    "thu-tuc-hanh-chinh",
    "tra-cuu-ho-so",
    "index.php",
];

/// Article URLs look like `/{category}/{slug}-{id}.html`; this splits the last part.
pub fn parse_article_segment(segment: &str) -> Option<(&str, i64)> {
    let stem = segment.strip_suffix(".html")?;
    let (slug, id) = stem.rsplit_once('-').unwrap_or(("", stem));
    let id: i64 = id.parse().ok().filter(|n| *n > 0)?;
    Some((slug, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(id: i64, parent: Option<i64>, slug: &str) -> Category {
        Category {
            id,
            parent_id: parent,
            slug: slug.into(),
            name: slug.into(),
            description: String::new(),
            position: id,
            show_in_menu: true,
            show_on_home: true,
        }
    }

    #[test]
    fn breadcrumb_path_and_subtree() {
        let t = CategoryTree::new(vec![cat(1, None, "tin-tuc"), cat(2, Some(1), "khcn"), cat(3, Some(2), "sau")]);
        let path: Vec<_> = t.path(3).iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(path, ["tin-tuc", "khcn", "sau"]);
        assert_eq!(t.subtree_ids(1), vec![1, 2, 3]);
        assert_eq!(t.subtree_ids(3), vec![3]);
    }

    #[test]
    fn a_cycle_in_categories_does_not_hang() {
        let t = CategoryTree::new(vec![cat(1, Some(2), "a"), cat(2, Some(1), "b")]);
        assert_eq!(t.path(1).len(), 2);
        assert_eq!(t.subtree_ids(1).len(), 2);
    }

    #[test]
    fn article_segments() {
        assert_eq!(parse_article_segment("hop-danh-gia-12.html"), Some(("hop-danh-gia", 12)));
        assert_eq!(parse_article_segment("12.html"), Some(("", 12)));
        assert_eq!(parse_article_segment("hop-danh-gia-0.html"), None);
        assert_eq!(parse_article_segment("hop-danh-gia-x.html"), None);
        assert_eq!(parse_article_segment("hop-danh-gia-12"), None);
        assert_eq!(parse_article_segment("a-99999999999999999999.html"), None);
    }
}

/// An article as listed: enough for a title link with date, picture and lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSummary {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub image_url: Option<String>,
    pub image_alt: String,
    pub published_at: i64,
    pub category_slug: String,
    pub category_name: String,
}

impl ArticleSummary {
    /// The article's canonical path: `/{category}/{slug}-{id}.html`.
    pub fn path(&self) -> String {
        article_path(&self.category_slug, &self.slug, self.id)
    }
}

pub fn article_path(category_slug: &str, slug: &str, id: i64) -> String {
    format!("/{category_slug}/{slug}-{id}.html")
}

/// Publication state of an article (the editorial workflow's states).
pub use crate::workflow::Status as ArticleStatus;

/// A whole article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub lead: String,
    /// Trusted HTML: written by the project's own code or sanitised on save.
    pub body_html: String,
    pub author: String,
    pub source: String,
    pub image_url: Option<String>,
    pub image_alt: String,
    pub image_caption: String,
    pub image_width: i64,
    pub image_height: i64,
    pub status: ArticleStatus,
    pub featured: bool,
    pub primary_category_id: i64,
    pub published_at: i64,
    pub updated_at: i64,
    /// When the article leaves the portal by itself, if ever.
    pub expires_at: Option<i64>,
    pub rating_points: i64,
    pub rating_votes: i64,
    /// Increases with every save; an edit based on an older version is a conflict.
    pub version: i64,
    pub review_note: String,
    pub created_by: Option<i64>,
    /// Who last changed the text (approving one's own text needs a rule that says so).
    pub edited_by: Option<i64>,
}

impl Article {
    /// Visible to the public at `now`: published, its time has come, not expired.
    pub fn is_public(&self, now: i64) -> bool {
        self.status == ArticleStatus::Published && self.published_at <= now && self.expires_at.is_none_or(|e| e > now)
    }

    /// Published with a time still to come.
    pub fn is_scheduled(&self, now: i64) -> bool {
        self.status == ArticleStatus::Published && self.published_at > now
    }
}

/// A sidebar block, configured in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub id: i64,
    pub kind: BlockKind,
    pub title: String,
    pub position: i64,
    /// Kind-specific setting: the category slug of a category block, the
    /// document kind of a documents block.
    pub config: String,
    pub max_items: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Videos,
    Category,
    Documents,
    Tasks,
    Stats,
}

impl BlockKind {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "videos" => Self::Videos,
            "category" => Self::Category,
            "documents" => Self::Documents,
            "tasks" => Self::Tasks,
            "stats" => Self::Stats,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Videos => "videos",
            Self::Category => "category",
            Self::Documents => "documents",
            Self::Tasks => "tasks",
            Self::Stats => "stats",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Video {
    pub id: i64,
    pub title: String,
    pub description: String,
    /// An embeddable player address (https only), for videos hosted elsewhere.
    pub embed_url: Option<String>,
    /// An uploaded file served by the portal.
    pub file_url: Option<String>,
    pub poster_url: String,
    pub duration: String,
    pub published_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub file_path: String,
    pub file_name: String,
    pub mime: String,
    pub size_bytes: i64,
    pub published_at: i64,
}

/// A row of the public list of S&T tasks (the full register comes later).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicTask {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub level: String,
    pub lead_org: String,
    pub investigator: String,
    pub start_year: i64,
    pub end_year: i64,
    pub status: String,
}

/// Human-readable file size: `1,2 MB`, `35 KB`.
pub fn file_size(bytes: i64) -> String {
    if bytes >= 1_000_000 {
        let tenths = (bytes + 50_000) / 100_000;
        if tenths % 10 == 0 { format!("{} MB", tenths / 10) } else { format!("{},{} MB", tenths / 10, tenths % 10) }
    } else {
        format!("{} KB", (bytes + 999) / 1000)
    }
}

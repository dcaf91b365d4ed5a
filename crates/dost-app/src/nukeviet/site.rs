//! What the first pass over the dump keeps of a NukeViet news module: every
//! table but the article bodies (those come in the second pass, in batches).

use std::collections::HashMap;

use super::dump::Row;

/// The tables of one news module: `<prefix>_<lang>_<module>_…`.
#[derive(Debug, Clone)]
pub struct Tables {
    pub prefix: String,
}

impl Tables {
    pub fn name(&self, suffix: &str) -> String {
        format!("{}_{suffix}", self.prefix)
    }
}

#[derive(Debug, Clone)]
pub struct Category {
    pub catid: i64,
    pub parentid: i64,
    pub title: String,
    pub alias: String,
    pub description: String,
    pub sort: i64,
    pub weight: i64,
    pub status: i64,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub id: i64,
    pub catid: i64,
    pub listcatid: Vec<i64>,
    pub author: String,
    pub sourceid: i64,
    pub addtime: i64,
    pub edittime: i64,
    pub status: i64,
    pub publtime: i64,
    pub exptime: i64,
    pub title: String,
    pub alias: String,
    pub hometext: String,
    pub homeimgfile: String,
    pub homeimgalt: String,
    pub homeimgthumb: i64,
    pub hitstotal: i64,
    pub total_rating: i64,
    pub click_rating: i64,
}

/// Everything but the bodies.
#[derive(Debug, Default)]
pub struct Site {
    pub categories: Vec<Category>,
    pub articles: Vec<Article>,
    pub sources: HashMap<i64, (String, String)>,
    /// Article id → the tags as typed.
    pub tags: HashMap<i64, Vec<String>>,
    /// Tag alias → its text.
    pub tag_names: HashMap<String, String>,
    /// Article ids in a block group that is chosen by hand (not added by default).
    pub featured: Vec<i64>,
    manual_blocks: Vec<i64>,
    block_rows: Vec<(i64, i64)>,
    tag_ids: HashMap<i64, (String, String)>,
}

impl Site {
    /// Keeps a row of one of the module's tables.
    pub fn take(&mut self, t: &Tables, table: &str, r: &Row<'_>) {
        if table == t.name("cat") {
            self.categories.push(Category {
                catid: r.int("catid"),
                parentid: r.int("parentid"),
                title: r.text("title"),
                alias: r.text("alias"),
                description: r.text("description"),
                sort: r.int("sort"),
                weight: r.int("weight"),
                status: r.int("status"),
            });
        } else if table == t.name("rows") {
            self.articles.push(Article {
                id: r.int("id"),
                catid: r.int("catid"),
                listcatid: r.text("listcatid").split(',').filter_map(|c| c.trim().parse().ok()).collect(),
                author: r.text("author"),
                sourceid: r.int("sourceid"),
                addtime: r.int("addtime"),
                edittime: r.int("edittime"),
                status: r.int("status"),
                publtime: r.int("publtime"),
                exptime: r.int("exptime"),
                title: r.text("title"),
                alias: r.text("alias"),
                hometext: r.text("hometext"),
                homeimgfile: r.text("homeimgfile"),
                homeimgalt: r.text("homeimgalt"),
                homeimgthumb: r.int("homeimgthumb"),
                hitstotal: r.int("hitstotal"),
                total_rating: r.int("total_rating"),
                click_rating: r.int("click_rating"),
            });
        } else if table == t.name("sources") {
            self.sources.insert(r.int("sourceid"), (r.text("title"), r.text("link")));
        } else if table == t.name("tags") {
            self.tag_ids.insert(r.int("tid"), (r.text("alias"), r.text("keywords")));
        } else if table == t.name("tags_id") {
            self.tags.entry(r.int("id")).or_default().push(r.text("keyword"));
        } else if table == t.name("block_cat") {
            if r.int("adddefault") == 0 {
                self.manual_blocks.push(r.int("bid"));
            }
        } else if table == t.name("block") {
            self.block_rows.push((r.int("bid"), r.int("id")));
        }
    }

    /// Joins what the tables say across each other, once all are read.
    pub fn finish(&mut self) {
        self.featured =
            self.block_rows.iter().filter(|(bid, _)| self.manual_blocks.contains(bid)).map(|(_, id)| *id).collect();
        self.featured.sort_unstable();
        self.featured.dedup();
        for (alias, keywords) in self.tag_ids.values() {
            self.tag_names.insert(alias.clone(), keywords.clone());
        }
        self.categories.sort_by_key(|c| (c.sort, c.weight, c.catid));
        self.articles.sort_by_key(|a| a.id);
    }

    /// Whether a table is one the first pass reads.
    pub fn wanted(t: &Tables, table: &str) -> bool {
        ["cat", "rows", "sources", "tags", "tags_id", "block_cat", "block"].iter().any(|s| table == t.name(s))
    }
}

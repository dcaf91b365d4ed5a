//! Finds the published articles a query matches: every one of them (the
//! count shown is true), in rank order. The word index says which articles
//! hold a word and how (see [`dost_domain::search::Tier`]). Memory keeps the
//! published articles (oldest first: see [`published`]), which of them each
//! looked-up word is in and where it stands in titles (compressed bitmaps of
//! their places), the articles of each category, and the ranked answer to
//! each recent query. When the content changes these are not dropped: the
//! articles changed since (stamped with the content version that published
//! the change, migration 0027) are read and each kept bitmap is patched with
//! them (see [`patch`]); past a few hundred changes, or too many holes,
//! everything is made again.

mod kept;
mod patch;
mod published;
mod rank;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use dost_domain::content::CategoryTree;
use dost_domain::search::Query;
use dost_store::search_index::{Field, Words, ids, in_titles};
use dost_store::{Db, StoreError};
use roaring::RoaringBitmap;

use self::kept::Memo;
pub use self::kept::{PerVersion, Versioned};
pub use self::published::InTitle;
use self::published::Published;
use self::rank::Ranked;

/// Ranked answers kept at most (queries), and their bitmaps' bytes at most.
const KEPT_QUERIES: usize = 1024;
const KEPT_ANSWER_BYTES: usize = 32 << 20;
/// Word lookups kept at most, and their bitmaps' bytes at most (a word in
/// every one of 100.000 articles takes about 13 KB).
const KEPT_LOOKUPS: usize = 8192;
const KEPT_LOOKUP_BYTES: usize = 32 << 20;
/// Categories kept at most, and their bitmaps' bytes at most.
const KEPT_CATEGORIES: usize = 1024;
const KEPT_CATEGORY_BYTES: usize = 8 << 20;
/// Past this many changed articles, everything is made again.
const PATCH_LIMIT: i64 = 500;

/// One question to the index of whole texts: which articles hold the word (whole, or as a beginning).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Lookup {
    words: Words,
    term: String,
}

/// The key of what is kept for one content version.
type Key = (i64, i64);

fn key(version: i64) -> Key {
    (version, 0)
}

pub struct Finder {
    published: PerVersion<Published>,
    answers: Memo<Vec<String>, Arc<Ranked>>,
    lookups: Memo<Lookup, Arc<RoaringBitmap>>,
    /// Where each looked-up word stands in titles.
    titles: Memo<String, Arc<InTitle>>,
    /// The articles of each category and its sub-categories.
    categories: Memo<i64, Arc<RoaringBitmap>>,
    /// The categories' parents the category bitmaps were made under.
    tree: Mutex<Vec<(i64, Option<i64>)>>,
    /// One request at a time brings what is kept to a new content version.
    advancing: tokio::sync::Mutex<()>,
    /// How often what is kept was patched, and made again.
    patches: AtomicU64,
    rebuilds: AtomicU64,
}

impl Default for Finder {
    fn default() -> Self {
        Self {
            published: PerVersion::default(),
            answers: Memo::new(KEPT_QUERIES, KEPT_ANSWER_BYTES),
            lookups: Memo::new(KEPT_LOOKUPS, KEPT_LOOKUP_BYTES),
            titles: Memo::new(KEPT_LOOKUPS, KEPT_LOOKUP_BYTES),
            categories: Memo::new(KEPT_CATEGORIES, KEPT_CATEGORY_BYTES),
            tree: Mutex::new(Vec::new()),
            advancing: tokio::sync::Mutex::new(()),
            patches: AtomicU64::new(0),
            rebuilds: AtomicU64::new(0),
        }
    }
}

/// Where the finder looks: the database, the content version the caller
/// knows, the time, and the categories.
#[derive(Clone, Copy)]
pub struct At<'a> {
    pub db: &'a Db,
    pub version: i64,
    pub now: i64,
    pub tree: &'a CategoryTree,
}

/// A page of what a query finds.
pub struct Page {
    /// How many articles match, on every page.
    pub total: usize,
    /// The ids on this page, best first.
    pub ids: Vec<i64>,
}

impl Page {
    /// How many `ids` there are, and `take` of them after the first `skip`.
    fn of(ids: impl Iterator<Item = i64>, (skip, take): (usize, usize)) -> Self {
        let mut page = Page { total: 0, ids: Vec::with_capacity(take.min(100)) };
        for id in ids {
            if page.total >= skip && page.ids.len() < take {
                page.ids.push(id);
            }
            page.total += 1;
        }
        page
    }
}

fn parents(tree: &CategoryTree) -> Vec<(i64, Option<i64>)> {
    let mut p: Vec<(i64, Option<i64>)> = tree.all.iter().map(|c| (c.id, c.parent_id)).collect();
    p.sort_unstable();
    p
}

impl Finder {
    /// How many times what is kept was patched with changed articles, and
    /// made again from the database (for `/metrics`).
    pub fn patches_and_rebuilds(&self) -> (u64, u64) {
        (self.patches.load(Ordering::Relaxed), self.rebuilds.load(Ordering::Relaxed))
    }

    /// The published articles as of `at.version`, what is kept brought to
    /// that version first (patched, or dropped and made again).
    async fn current(&self, at: At<'_>) -> Result<Arc<Published>, StoreError> {
        if let Some((v, p)) = self.published.latest()
            && v == key(at.version)
        {
            return Ok(p);
        }
        let _one = self.advancing.lock().await;
        let latest = self.published.latest();
        match latest {
            Some((v, p)) if v == key(at.version) => return Ok(p),
            Some((v, p)) if v.0 < at.version => {
                let changes = dost_store::portal::articles_changed(at.db, v.0, at.version, PATCH_LIMIT).await?;
                if let Some(next) = changes.and_then(|c| self.patched(&p, &c, at)) {
                    return Ok(next);
                }
            }
            _ => {}
        }
        let made = Arc::new(Published::new(dost_store::portal::public_dates(at.db).await?));
        self.rebuilds.fetch_add(1, Ordering::Relaxed);
        *self.tree.lock().unwrap_or_else(|e| e.into_inner()) = parents(at.tree);
        self.published.set(key(at.version), made.clone());
        Ok(made)
    }

    /// Brings what is kept to `at.version` with `changes`; `None` when it is
    /// better made again.
    fn patched(
        &self,
        old: &Published,
        changes: &[dost_store::portal::ChangedArticle],
        at: At<'_>,
    ) -> Option<Arc<Published>> {
        let moved: Vec<published::Changed> = changes
            .iter()
            .map(|c| published::Changed {
                id: c.id,
                now: c.published.then_some(published::Article {
                    id: c.id,
                    published_at: c.published_at,
                    expires_at: c.expires_at,
                }),
            })
            .collect();
        let (next, remap, left) = old.changed(&moved);
        if next.holes() > next.len() / 4 + 16 {
            return None;
        }
        let tree = parents(at.tree);
        let same_tree = *self.tree.lock().unwrap_or_else(|e| e.into_inner()) == tree;
        let added = patch::Added::of(&next, changes, at.tree);
        let k = key(at.version);
        self.lookups.carry(k, |lookup, places| Some(Arc::new(added.bitmap(places, &left, &remap, |a| a.has(lookup)))));
        self.titles.carry(k, |term, in_title| Some(Arc::new(added.in_title(in_title, &left, &remap, term))));
        self.categories.carry(k, |category, places| {
            same_tree.then(|| Arc::new(added.bitmap(places, &left, &remap, |a| a.in_category(*category))))
        });
        *self.tree.lock().unwrap_or_else(|e| e.into_inner()) = tree;
        let next = Arc::new(next);
        self.published.set(k, next.clone());
        self.patches.fetch_add(1, Ordering::Relaxed);
        Some(next)
    }

    /// The places (in `published`) of the articles the index gives for `lookup`.
    async fn places(
        &self,
        at: At<'_>,
        published: &Published,
        lookup: &Lookup,
    ) -> Result<Arc<RoaringBitmap>, StoreError> {
        let terms = std::slice::from_ref(&lookup.term);
        let make = async { Ok(Arc::new(published.places(&ids(at.db, Field::Text, lookup.words, terms).await?))) };
        self.lookups.get_or(key(at.version), lookup, make).await
    }

    /// Where `term` stands in the titles of published articles.
    async fn in_titles(&self, at: At<'_>, published: &Published, term: &String) -> Result<Arc<InTitle>, StoreError> {
        let make = async { Ok(Arc::new(published.in_title(&in_titles(at.db, term).await?))) };
        self.titles.get_or(key(at.version), term, make).await
    }

    /// The articles the public may see at `at.now` that match `query` and
    /// that `keep(id, published_at)` keeps, best first: how many, and `take`
    /// of them after the first `skip`.
    pub async fn find(
        &self,
        at: At<'_>,
        query: &Query,
        keep: impl Fn(i64, i64) -> bool,
        window: (usize, usize),
    ) -> Result<Page, StoreError> {
        let published = self.current(at).await?;
        let rank = async { Ok::<_, StoreError>(Arc::new(rank::rank(self, at, query, published.clone()).await?)) };
        let ranked = self.answers.get_or(key(at.version), &query.terms, rank).await?;
        let shown = ranked
            .iter()
            .filter(|m| m.found.published_at <= at.now && m.expires_at.is_none_or(|e| e > at.now))
            .filter(|m| keep(m.found.id, m.found.published_at))
            .map(|m| m.found.id);
        Ok(Page::of(shown, window))
    }

    /// The articles of a category and its sub-categories the public may see
    /// at `at.now`, newest first: how many, and `take` of them after the
    /// first `skip`. A page deep in the list costs a pass in memory, not a
    /// walk of the index past every article before it.
    pub async fn in_category(&self, at: At<'_>, category_id: i64, window: (usize, usize)) -> Result<Page, StoreError> {
        let published = self.current(at).await?;
        let read = async {
            Ok::<_, StoreError>(Arc::new(
                published.places(&dost_store::portal::ids_in_subtree(at.db, category_id).await?),
            ))
        };
        let places = self.categories.get_or(key(at.version), &category_id, read).await?;
        let shown = places
            .iter()
            .rev()
            .filter_map(|place| published.at(place))
            .filter(|a| a.published_at <= at.now && a.expires_at.is_none_or(|e| e > at.now))
            .map(|a| a.id);
        Ok(Page::of(shown, window))
    }
}

#[cfg(test)]
mod tests;

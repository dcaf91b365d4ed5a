//! Patching kept bitmaps with the articles that changed: the old places of
//! the changed articles are taken out, the places moved as the published
//! articles moved ([`Remap`]), and each changed article that is published is
//! put back where its words (read from its folded text exactly as the word
//! index was fed them) say it belongs. The result is what a fresh lookup
//! would give (tested against one in `tests.rs`).

use std::collections::{BTreeSet, HashMap};

use dost_domain::content::CategoryTree;
use dost_domain::search::{index_words, title_of_index_text};
use dost_store::portal::ChangedArticle;
use dost_store::search_index::Words;
use roaring::RoaringBitmap;

use super::Lookup;
use super::published::{InTitle, Published, Remap};

/// A changed article that is published, with what decides where it belongs.
pub(crate) struct One {
    place: u32,
    words: BTreeSet<String>,
    /// Where each word stands in the title (bit 0: the first word; past the 63rd not marked).
    title: HashMap<String, u64>,
    /// Its categories and all their ancestors.
    categories: BTreeSet<i64>,
}

impl One {
    /// Whether the index would give this article for `lookup`.
    pub(crate) fn has(&self, lookup: &Lookup) -> bool {
        match lookup.words {
            Words::Whole => self.words.contains(&lookup.term),
            Words::Beginnings => {
                self.words.range(lookup.term.clone()..).next().is_some_and(|w| w.starts_with(&lookup.term))
            }
        }
    }

    pub(crate) fn in_category(&self, category: i64) -> bool {
        self.categories.contains(&category)
    }
}

/// The changed articles that are published, at their new places.
pub(crate) struct Added(Vec<One>);

impl Added {
    pub(crate) fn of(published: &Published, changes: &[ChangedArticle], tree: &CategoryTree) -> Self {
        let parent: HashMap<i64, Option<i64>> = tree.all.iter().map(|c| (c.id, c.parent_id)).collect();
        let ones = changes
            .iter()
            .filter(|c| c.published)
            .filter_map(|c| {
                let place = published.place_of(c.id)?;
                let words =
                    index_words(&c.search_text).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect();
                let mut title: HashMap<String, u64> = HashMap::new();
                for (i, w) in
                    index_words(title_of_index_text(&c.search_text)).split(' ').filter(|w| !w.is_empty()).enumerate()
                {
                    let mask = title.entry(w.to_string()).or_insert(0);
                    if i < 63 {
                        *mask |= 1 << i;
                    }
                }
                let mut categories = BTreeSet::new();
                for &start in &c.categories {
                    let mut at = Some(start);
                    // a loop in the tree (never made by the forms) stops at the first repeat
                    while let Some(id) = at.filter(|id| categories.insert(*id)) {
                        at = parent.get(&id).copied().flatten();
                    }
                }
                Some(One { place, words, title, categories })
            })
            .collect();
        Self(ones)
    }

    /// `places` with the changed articles taken out, moved, and put back where `belongs` says.
    pub(crate) fn bitmap(
        &self,
        places: &RoaringBitmap,
        left: &[u32],
        remap: &Remap,
        belongs: impl Fn(&One) -> bool,
    ) -> RoaringBitmap {
        let mut out = places.clone();
        for p in left {
            out.remove(*p);
        }
        let mut out = remap.bitmap(&out);
        for one in self.0.iter().filter(|o| belongs(o)) {
            out.insert(one.place);
        }
        out
    }

    /// Where `term` stands in titles, after the change.
    pub(crate) fn in_title(&self, old: &InTitle, left: &[u32], remap: &Remap, term: &str) -> InTitle {
        let mut pairs: Vec<(u32, u64)> = old
            .places
            .iter()
            .zip(old.masks.iter().copied())
            .filter(|(p, _)| left.binary_search(p).is_err())
            .map(|(p, m)| (remap.place(p), m))
            .collect();
        for one in &self.0 {
            if let Some(mask) = one.title.get(term) {
                pairs.push((one.place, *mask));
            }
        }
        pairs.sort_unstable_by_key(|p| p.0);
        let places = RoaringBitmap::from_sorted_iter(pairs.iter().map(|p| p.0)).unwrap_or_default();
        InTitle { places: std::sync::Arc::new(places), masks: pairs.into_iter().map(|p| p.1).collect() }
    }
}

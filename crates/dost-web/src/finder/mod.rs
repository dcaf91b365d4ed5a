//! Finds the published articles a query matches: every one of them (the
//! count shown is true), in rank order. The word index says which articles
//! hold a word and how (see [`dost_domain::search::Tier`]). Per content
//! version, memory keeps the published articles newest first, which of them
//! each looked-up word is in (a compressed bitmap of their places in that
//! order), and the ranked answer to each recent query: a new query made of
//! words seen before is a few intersections of bitmaps, a word not seen yet
//! one lookup in the index, and a query asked again a pass over its list.

mod kept;
mod published;

use std::sync::Arc;

use dost_domain::search::{Found, Query, Tier};
use dost_store::search_index::{Field, Words, follows, ids, in_titles};
use futures_util::future::try_join_all;
use roaring::RoaringBitmap;

use self::kept::{Memo, PerVersion};
use self::published::InTitle;
use self::published::Published;
use crate::{AppState, WebError};

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

/// One published article a query matches, whether or not it shows now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Match {
    found: Found,
    expires_at: Option<i64>,
}

/// One question to the index of whole texts: which articles hold the word (whole, or as a beginning).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Lookup {
    words: Words,
    term: String,
}

pub struct Finder {
    published: PerVersion<Published>,
    /// The other sections' texts the search box also counts (see `portal::search`).
    pub(crate) sections: PerVersion<Vec<crate::portal::search::Section>>,
    answers: Memo<Vec<String>, Arc<Ranked>>,
    lookups: Memo<Lookup, Arc<RoaringBitmap>>,
    /// Where each looked-up word stands in titles.
    titles: Memo<String, Arc<InTitle>>,
    /// The articles of each category and its sub-categories.
    categories: Memo<i64, Arc<RoaringBitmap>>,
}

impl Default for Finder {
    fn default() -> Self {
        Self {
            published: PerVersion::default(),
            sections: PerVersion::default(),
            answers: Memo::new(KEPT_QUERIES, KEPT_ANSWER_BYTES),
            lookups: Memo::new(KEPT_LOOKUPS, KEPT_LOOKUP_BYTES),
            titles: Memo::new(KEPT_LOOKUPS, KEPT_LOOKUP_BYTES),
            categories: Memo::new(KEPT_CATEGORIES, KEPT_CATEGORY_BYTES),
        }
    }
}

impl Finder {
    /// The published articles as of the content version `version`.
    async fn published(&self, state: &AppState, version: (i64, i64)) -> Result<Arc<Published>, WebError> {
        let make = async { Ok::<_, WebError>(Published::new(dost_store::portal::public_dates(&state.db).await?)) };
        self.published.get(version, make).await
    }

    /// The places (in `published`) of the articles the index gives for `lookup`.
    async fn places(
        &self,
        state: &AppState,
        version: (i64, i64),
        published: &Published,
        lookup: &Lookup,
    ) -> Result<Arc<RoaringBitmap>, WebError> {
        let terms = std::slice::from_ref(&lookup.term);
        let make = async {
            Ok::<_, WebError>(Arc::new(published.places(&ids(&state.db, Field::Text, lookup.words, terms).await?)))
        };
        self.lookups.get_or(version, lookup, make).await
    }

    /// Where `term` stands in the titles of published articles.
    async fn in_titles(
        &self,
        state: &AppState,
        version: (i64, i64),
        published: &Published,
        term: &String,
    ) -> Result<Arc<InTitle>, WebError> {
        let make = async { Ok::<_, WebError>(Arc::new(published.in_title(&in_titles(&state.db, term).await?))) };
        self.titles.get_or(version, term, make).await
    }
}

/// A page of what a query finds.
pub struct Page {
    /// How many articles match, on every page.
    pub total: usize,
    /// The ids on this page, best first.
    pub ids: Vec<i64>,
}

/// The articles the public may see now that match `query` and that
/// `keep(id, published_at)` keeps, best first: how many, and `take` of them
/// after the first `skip`.
pub async fn find(
    state: &AppState,
    query: &Query,
    keep: impl Fn(i64, i64) -> bool,
    (skip, take): (usize, usize),
) -> Result<Page, WebError> {
    let version = state.cache.version();
    let rank = async { Ok::<_, WebError>(Arc::new(rank(state, query, version).await?)) };
    let ranked = state.finder.answers.get_or(version, &query.terms, rank).await?;
    let now = state.clock.now();
    let shown = ranked
        .iter()
        .filter(|m| m.found.published_at <= now && m.expires_at.is_none_or(|e| e > now))
        .filter(|m| keep(m.found.id, m.found.published_at))
        .map(|m| m.found.id);
    Ok(Page::of(shown, (skip, take)))
}

/// The articles of a category and its sub-categories the public may see
/// now, newest first: how many, and `take` of them after the first `skip`.
/// Which articles a category holds is kept per content version (a bitmap of
/// places, so read newest first), so a page deep in the list costs a pass in
/// memory, not a walk of the index past every article before it.
pub async fn in_category(state: &AppState, category_id: i64, window: (usize, usize)) -> Result<Page, WebError> {
    let version = state.cache.version();
    let published = state.finder.published(state, version).await?;
    let read = async {
        Ok::<_, WebError>(Arc::new(
            published.places(&dost_store::portal::ids_in_subtree(&state.db, category_id).await?),
        ))
    };
    let places = state.finder.categories.get_or(version, &category_id, read).await?;
    let now = state.clock.now();
    let shown = places
        .iter()
        .filter_map(|place| published.at(place))
        .filter(|a| a.published_at <= now && a.expires_at.is_none_or(|e| e > now))
        .map(|a| a.id);
    Ok(Page::of(shown, window))
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

/// Every published article matching `query`, ranked: each word looked up
/// alone (so a word serves every query it is in), whether the words stand
/// together in a title worked out from where each stands there.
async fn rank(state: &AppState, query: &Query, version: (i64, i64)) -> Result<Ranked, WebError> {
    let terms = &query.terms;
    let published = state.finder.published(state, version).await?;
    let f = &state.finder;
    let each = |words| terms.iter().map(move |t| Lookup { words, term: t.clone() });
    let lookups: Vec<Lookup> = each(Words::Beginnings).chain(each(Words::Whole)).collect();
    let (sets, titles) = tokio::try_join!(
        try_join_all(lookups.iter().map(|l| f.places(state, version, &published, l))),
        try_join_all(terms.iter().map(|t| f.in_titles(state, version, &published, t))),
    )?;
    let n = terms.len();
    let in_title = all(&titles.iter().map(|t| t.places.clone()).collect::<Vec<_>>());
    let tiers = Tiers {
        matched: all(&sets[..n]),
        whole: all(&sets[n..]),
        phrase: (n > 1).then(|| together(&in_title, &titles)),
        in_title,
    };
    Ok(tiers.ranked(published))
}

/// Those of `candidates` (titles holding every word) where the words stand
/// next to each other as typed.
fn together(candidates: &RoaringBitmap, words: &[Arc<InTitle>]) -> RoaringBitmap {
    let mut cursors: Vec<_> = words.iter().map(|w| w.places.iter().zip(w.masks.iter().copied()).peekable()).collect();
    candidates
        .iter()
        .filter(|&place| {
            let masks: Vec<u64> = cursors
                .iter_mut()
                .map(|cursor| {
                    while cursor.next_if(|(p, _)| *p < place).is_some() {}
                    cursor.peek().filter(|(p, _)| *p == place).map_or(0, |(_, mask)| *mask)
                })
                .collect();
            follows(masks)
        })
        .collect()
}

/// The articles in every one of `sets`.
fn all(sets: &[Arc<RoaringBitmap>]) -> RoaringBitmap {
    let mut by_size: Vec<&RoaringBitmap> = sets.iter().map(|s| &**s).collect();
    by_size.sort_by_key(|s| s.len());
    let mut iter = by_size.into_iter();
    let mut common = iter.next().cloned().unwrap_or_default();
    for s in iter {
        common &= s;
    }
    common
}

/// What the index says of a query's matches, as places in [`Published`].
struct Tiers {
    /// Every word starts a word of the text.
    matched: RoaringBitmap,
    /// Every word is a whole word of the text.
    whole: RoaringBitmap,
    /// Every word is a whole word of the title.
    in_title: RoaringBitmap,
    /// The words stand together in the title (`None`: one word, so the title's is the phrase).
    phrase: Option<RoaringBitmap>,
}

impl Tiers {
    /// The matches best tier first, newest first within a tier: places
    /// already run newest first, so each tier is read off in order, unsorted.
    fn ranked(self, published: Arc<Published>) -> Ranked {
        let in_title = self.in_title & &self.matched;
        let phrase = self.phrase.map_or_else(|| in_title.clone(), |p| p & &in_title);
        let in_title = in_title - &phrase;
        let whole = (self.whole & &self.matched) - &phrase - &in_title;
        let beginnings = self.matched - &phrase - &in_title - &whole;
        let tiers = [
            (phrase, Tier::PhraseInTitle),
            (in_title, Tier::InTitle),
            (whole, Tier::WholeWords),
            (beginnings, Tier::Beginnings),
        ];
        Ranked { published, tiers }
    }
}

/// The ranked answer to a query: its tiers as bitmaps (a few kilobytes
/// however many articles match), read in order when a page is asked for.
pub(super) struct Ranked {
    published: Arc<Published>,
    tiers: [(RoaringBitmap, Tier); 4],
}

impl Ranked {
    /// The matches, best first.
    fn iter(&self) -> impl Iterator<Item = Match> + '_ {
        self.tiers.iter().flat_map(move |(places, tier)| {
            places.iter().filter_map(move |place| {
                let a = self.published.at(place)?;
                Some(Match {
                    found: Found { id: a.id, published_at: a.published_at, tier: *tier },
                    expires_at: a.expires_at,
                })
            })
        })
    }

    pub(super) fn weight(&self) -> usize {
        self.tiers.iter().map(|(places, _)| places.serialized_size()).sum()
    }
}

#[cfg(test)]
mod tests;

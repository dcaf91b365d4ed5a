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

use std::sync::{Arc, Mutex};

use dost_domain::search::{Found, Query, Tier};
use dost_store::search_index::{Field, Words, ids};
use futures_util::future::try_join_all;
use roaring::RoaringBitmap;

use self::kept::{Kept, PerVersion};
use self::published::Published;
use crate::{AppState, WebError};

/// Ranked answers kept at most (queries), and their matches at most (32 bytes each).
const KEPT_QUERIES: usize = 256;
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

/// One question to the word index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Lookup {
    field: Field,
    words: Words,
    terms: Vec<String>,
}

pub struct Finder {
    published: PerVersion<Published>,
    /// The other sections' texts the search box also counts (see `portal::search`).
    pub(crate) sections: PerVersion<Vec<crate::portal::search::Section>>,
    answers: Mutex<Kept<Vec<String>, Arc<Vec<Match>>>>,
    lookups: Mutex<Kept<Lookup, Arc<RoaringBitmap>>>,
    /// The articles of each category and its sub-categories.
    categories: Mutex<Kept<i64, Arc<RoaringBitmap>>>,
}

impl Default for Finder {
    fn default() -> Self {
        Self {
            published: PerVersion::default(),
            sections: PerVersion::default(),
            answers: Mutex::new(Kept::new(KEPT_QUERIES, KEPT_ANSWER_BYTES)),
            lookups: Mutex::new(Kept::new(KEPT_LOOKUPS, KEPT_LOOKUP_BYTES)),
            categories: Mutex::new(Kept::new(KEPT_CATEGORIES, KEPT_CATEGORY_BYTES)),
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
        if let Some(places) = self.lookups().get(version, lookup) {
            return Ok(places);
        }
        let found = ids(&state.db, lookup.field, lookup.words, &lookup.terms).await?;
        let places = Arc::new(published.places(&found));
        self.lookups().put(version, lookup.clone(), places.clone());
        Ok(places)
    }

    fn answers(&self) -> std::sync::MutexGuard<'_, Kept<Vec<String>, Arc<Vec<Match>>>> {
        self.answers.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn categories(&self) -> std::sync::MutexGuard<'_, Kept<i64, Arc<RoaringBitmap>>> {
        self.categories.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lookups(&self) -> std::sync::MutexGuard<'_, Kept<Lookup, Arc<RoaringBitmap>>> {
        self.lookups.lock().unwrap_or_else(|e| e.into_inner())
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
    let kept = state.finder.answers().get(version, &query.terms);
    let ranked = match kept {
        Some(ranked) => ranked,
        None => {
            let ranked = Arc::new(rank(state, query, version).await?);
            state.finder.answers().put(version, query.terms.clone(), ranked.clone());
            ranked
        }
    };
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
    let kept = state.finder.categories().get(version, &category_id);
    let places = match kept {
        Some(places) => places,
        None => {
            let ids = dost_store::portal::ids_in_subtree(&state.db, category_id).await?;
            let places = Arc::new(published.places(&ids));
            state.finder.categories().put(version, category_id, places.clone());
            places
        }
    };
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
/// alone (so a word serves every query it is in), the phrase in titles as a
/// whole.
async fn rank(state: &AppState, query: &Query, version: (i64, i64)) -> Result<Vec<Match>, WebError> {
    let terms = &query.terms;
    let published = state.finder.published(state, version).await?;
    let each = |field, words| terms.iter().map(move |t| Lookup { field, words, terms: vec![t.clone()] });
    let mut lookups: Vec<Lookup> = each(Field::Text, Words::Beginnings)
        .chain(each(Field::Text, Words::Whole))
        .chain(each(Field::Title, Words::Whole))
        .collect();
    if terms.len() > 1 {
        lookups.push(Lookup { field: Field::Title, words: Words::Phrase, terms: terms.clone() });
    }
    let sets = try_join_all(lookups.iter().map(|l| state.finder.places(state, version, &published, l))).await?;
    let n = terms.len();
    let tiers = Tiers {
        matched: all(&sets[..n]),
        whole: all(&sets[n..2 * n]),
        in_title: all(&sets[2 * n..3 * n]),
        phrase: sets.get(3 * n).map(|p| (**p).clone()),
    };
    Ok(tiers.ranked(&published))
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
    fn ranked(self, published: &Published) -> Vec<Match> {
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
        let mut out = Vec::with_capacity(tiers.iter().map(|(s, _)| s.len() as usize).sum());
        for (places, tier) in tiers {
            out.extend(places.iter().filter_map(|place| {
                let a = published.at(place)?;
                Some(Match { found: Found { id: a.id, published_at: a.published_at, tier }, expires_at: a.expires_at })
            }));
        }
        out
    }
}

#[cfg(test)]
mod tests;

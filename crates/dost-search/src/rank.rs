//! The ranked answer to a query, from the kept word bitmaps: each word
//! looked up alone (so a word serves every query it is in), whether the
//! words stand together in a title worked out from where each stands there,
//! the tiers read off newest first with no sort.

use std::sync::Arc;

use dost_domain::search::{Found, Query, Tier};
use dost_store::StoreError;
use dost_store::search_index::{Words, follows};
use futures_util::future::try_join_all;
use roaring::RoaringBitmap;

use super::published::{InTitle, Published};
use super::{At, Finder, Lookup};

/// One published article a query matches, whether or not it shows now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Match {
    pub found: Found,
    pub expires_at: Option<i64>,
}

/// Every published article matching `query`, ranked.
pub(crate) async fn rank(
    f: &Finder,
    at: At<'_>,
    query: &Query,
    published: Arc<Published>,
) -> Result<Ranked, StoreError> {
    let terms = &query.terms;
    let each = |words| terms.iter().map(move |t| Lookup { words, term: t.clone() });
    let lookups: Vec<Lookup> = each(Words::Beginnings).chain(each(Words::Whole)).collect();
    let (sets, titles) = tokio::try_join!(
        try_join_all(lookups.iter().map(|l| f.places(at, &published, l))),
        try_join_all(terms.iter().map(|t| f.in_titles(at, &published, t))),
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
pub(crate) fn together(candidates: &RoaringBitmap, words: &[Arc<InTitle>]) -> RoaringBitmap {
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
pub(crate) fn all(sets: &[Arc<RoaringBitmap>]) -> RoaringBitmap {
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
pub(crate) struct Tiers {
    /// Every word starts a word of the text.
    pub matched: RoaringBitmap,
    /// Every word is a whole word of the text.
    pub whole: RoaringBitmap,
    /// Every word is a whole word of the title.
    pub in_title: RoaringBitmap,
    /// The words stand together in the title (`None`: one word, so the title's is the phrase).
    pub phrase: Option<RoaringBitmap>,
}

impl Tiers {
    /// The matches best tier first, newest first within a tier: places run
    /// oldest first, so each tier is read off backwards, unsorted.
    pub(crate) fn ranked(self, published: Arc<Published>) -> Ranked {
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
pub(crate) struct Ranked {
    published: Arc<Published>,
    tiers: [(RoaringBitmap, Tier); 4],
}

impl Ranked {
    /// The matches, best first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Match> + '_ {
        self.tiers.iter().flat_map(move |(places, tier)| {
            places.iter().rev().filter_map(move |place| {
                let a = self.published.at(place)?;
                Some(Match {
                    found: Found { id: a.id, published_at: a.published_at, tier: *tier },
                    expires_at: a.expires_at,
                })
            })
        })
    }

    pub(crate) fn weight(&self) -> usize {
        self.tiers.iter().map(|(places, _)| places.serialized_size()).sum()
    }
}

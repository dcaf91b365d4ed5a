//! The published articles of one content version, newest first (then the
//! later id): an article's place in this order is its number in the
//! finder's bitmaps, so reading a bitmap in order reads newest first.

use std::collections::HashMap;

use roaring::RoaringBitmap;

/// One published article, whether or not it shows now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Article {
    pub id: i64,
    pub published_at: i64,
    pub expires_at: Option<i64>,
}

/// Where a word stands in the titles of published articles.
pub(super) struct InTitle {
    /// The articles whose title has the word whole (their places).
    pub places: std::sync::Arc<RoaringBitmap>,
    /// Where it stands in each (see [`dost_store::search_index::in_titles`]), in the order of `places`.
    pub masks: Vec<u64>,
}

pub(super) struct Published {
    newest_first: Vec<Article>,
    place_of: HashMap<i64, u32>,
}

impl Published {
    /// From (id, published_at, expires_at) rows in any order.
    pub(super) fn new(rows: Vec<(i64, i64, Option<i64>)>) -> Self {
        let mut newest_first: Vec<Article> =
            rows.into_iter().map(|(id, published_at, expires_at)| Article { id, published_at, expires_at }).collect();
        newest_first.sort_unstable_by(|a, b| b.published_at.cmp(&a.published_at).then(b.id.cmp(&a.id)));
        // Past u32::MAX articles the rest have no place (and are not found):
        // four billion articles is not a department's portal.
        newest_first.truncate(u32::MAX as usize);
        let place_of = newest_first.iter().zip(0u32..).map(|(a, place)| (a.id, place)).collect();
        Self { newest_first, place_of }
    }

    /// The places of the published ones among `ids` (others are left out).
    pub(super) fn places(&self, ids: &[i64]) -> RoaringBitmap {
        let mut places: Vec<u32> = ids.iter().filter_map(|id| self.place_of.get(id).copied()).collect();
        places.sort_unstable();
        places.dedup();
        RoaringBitmap::from_sorted_iter(places).unwrap_or_default()
    }

    /// [`InTitle`] from (id, mask) pairs in any order (articles not published left out).
    pub(super) fn in_title(&self, found: &[(i64, u64)]) -> InTitle {
        let mut pairs: Vec<(u32, u64)> =
            found.iter().filter_map(|(id, mask)| Some((*self.place_of.get(id)?, *mask))).collect();
        pairs.sort_unstable();
        pairs.dedup_by_key(|p| p.0);
        let places = RoaringBitmap::from_sorted_iter(pairs.iter().map(|p| p.0)).unwrap_or_default();
        InTitle { places: std::sync::Arc::new(places), masks: pairs.into_iter().map(|p| p.1).collect() }
    }

    pub(super) fn at(&self, place: u32) -> Option<&Article> {
        self.newest_first.get(place as usize)
    }
}

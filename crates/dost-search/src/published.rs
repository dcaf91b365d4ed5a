//! The published articles, oldest first (then the lower id): an article's
//! place in this order is its number in the finder's bitmaps, so reading a
//! bitmap backwards reads newest first, and a new article (the newest)
//! takes the next place without moving any other. An article that stops
//! being published leaves a hole; one published at an earlier time than
//! others moves the places after it up by one, and every kept bitmap is
//! remapped the same way (see [`Remap`]).

use std::collections::HashMap;

use roaring::RoaringBitmap;

/// One published article, whether or not it shows now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Article {
    pub id: i64,
    pub published_at: i64,
    pub expires_at: Option<i64>,
}

impl Article {
    fn key(&self) -> (i64, i64) {
        (self.published_at, self.id)
    }
}

/// A place: the article there, or a hole where one was.
#[derive(Debug, Clone, Copy)]
struct Entry {
    article: Article,
    present: bool,
}

/// Where a word stands in the titles of published articles.
pub struct InTitle {
    /// The articles whose title has the word whole (their places).
    pub places: std::sync::Arc<RoaringBitmap>,
    /// Where it stands in each (see [`dost_store::search_index::in_titles`]), in the order of `places`.
    pub masks: Vec<u64>,
}

pub struct Published {
    oldest_first: Vec<Entry>,
    place_of: HashMap<i64, u32>,
    holes: usize,
}

/// How the places of one set of published articles move in the next: the
/// old places at or after each point move up by one for every point at or
/// before them (the points in the old numbering, ascending).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Remap {
    pub inserted_before: Vec<u32>,
}

impl Remap {
    #[cfg(test)]
    pub fn is_identity(&self) -> bool {
        self.inserted_before.is_empty()
    }

    /// The new place of old place `p`.
    pub fn place(&self, p: u32) -> u32 {
        p + self.inserted_before.partition_point(|&at| at <= p) as u32
    }

    /// `bitmap` with its places moved; only those at or after the first
    /// point are read and written again.
    pub fn bitmap(&self, bitmap: &RoaringBitmap) -> RoaringBitmap {
        let Some(&first) = self.inserted_before.first() else { return bitmap.clone() };
        let mut low = bitmap.clone();
        low.remove_range(first..);
        let mut rest = bitmap.iter();
        rest.advance_to(first);
        let high = RoaringBitmap::from_sorted_iter(rest.map(|p| self.place(p))).unwrap_or_default();
        low | high
    }
}

/// A change to one article: published now as `Some`, or not (any more).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Changed {
    pub id: i64,
    pub now: Option<Article>,
}

impl Published {
    /// From (id, published_at, expires_at) rows in any order.
    pub fn new(rows: Vec<(i64, i64, Option<i64>)>) -> Self {
        let mut articles: Vec<Article> =
            rows.into_iter().map(|(id, published_at, expires_at)| Article { id, published_at, expires_at }).collect();
        articles.sort_unstable_by_key(Article::key);
        // Past u32::MAX articles the rest have no place (and are not found):
        // four billion articles is not a department's portal.
        articles.truncate(u32::MAX as usize);
        let oldest_first: Vec<Entry> = articles.into_iter().map(|article| Entry { article, present: true }).collect();
        let place_of = oldest_first.iter().zip(0u32..).map(|(e, place)| (e.article.id, place)).collect();
        Self { oldest_first, place_of, holes: 0 }
    }

    /// Places, holes included.
    pub fn len(&self) -> usize {
        self.oldest_first.len()
    }

    /// Places left empty by articles no longer published.
    pub fn holes(&self) -> usize {
        self.holes
    }

    /// The place of a published article.
    pub fn place_of(&self, id: i64) -> Option<u32> {
        self.place_of.get(&id).copied()
    }

    /// The places of the published ones among `ids` (others are left out).
    pub fn places(&self, ids: &[i64]) -> RoaringBitmap {
        let mut places: Vec<u32> = ids.iter().filter_map(|id| self.place_of.get(id).copied()).collect();
        places.sort_unstable();
        places.dedup();
        RoaringBitmap::from_sorted_iter(places).unwrap_or_default()
    }

    /// [`InTitle`] from (id, mask) pairs in any order (articles not published left out).
    pub fn in_title(&self, found: &[(i64, u64)]) -> InTitle {
        let mut pairs: Vec<(u32, u64)> =
            found.iter().filter_map(|(id, mask)| Some((*self.place_of.get(id)?, *mask))).collect();
        pairs.sort_unstable();
        pairs.dedup_by_key(|p| p.0);
        let places = RoaringBitmap::from_sorted_iter(pairs.iter().map(|p| p.0)).unwrap_or_default();
        InTitle { places: std::sync::Arc::new(places), masks: pairs.into_iter().map(|p| p.1).collect() }
    }

    /// The article at `place` (none at a hole).
    pub fn at(&self, place: u32) -> Option<&Article> {
        self.oldest_first.get(place as usize).filter(|e| e.present).map(|e| &e.article)
    }

    /// The published articles after `changes`: a changed article whose date
    /// is the same keeps its place; otherwise it leaves its place (a hole)
    /// and, when still published, takes the place its date gives it. Returns
    /// them, how the places moved, and the old places of every changed
    /// article (whose words must be looked at again).
    pub fn changed(&self, changes: &[Changed]) -> (Published, Remap, Vec<u32>) {
        let mut entries = self.oldest_first.clone();
        let mut place_of = self.place_of.clone();
        let mut holes = self.holes;
        let mut left = Vec::new();
        let mut moved = Vec::new();
        for c in changes {
            let Some(p) = place_of.get(&c.id).copied() else {
                moved.extend(c.now);
                continue;
            };
            left.push(p);
            match c.now {
                Some(a) if a.key() == entries[p as usize].article.key() => entries[p as usize].article = a,
                now => {
                    place_of.remove(&c.id);
                    entries[p as usize].present = false;
                    holes += 1;
                    moved.extend(now);
                }
            }
        }
        left.sort_unstable();
        let mut added: Vec<Article> = moved;
        added.sort_unstable_by_key(Article::key);
        added.dedup_by_key(|a| a.id);
        // where each goes among the old places (ascending, as `added` is)
        let points: Vec<u32> =
            added.iter().map(|a| entries.partition_point(|e| e.article.key() < a.key()) as u32).collect();
        let old_len = entries.len() as u32;
        let mut merged = Vec::with_capacity(entries.len() + added.len());
        let mut next = 0usize;
        for (a, &at) in added.iter().zip(&points) {
            merged.extend_from_slice(&entries[next..at as usize]);
            next = at as usize;
            merged.push(Entry { article: *a, present: true });
        }
        merged.extend_from_slice(&entries[next..]);
        let remap = Remap { inserted_before: points.iter().copied().filter(|&p| p < old_len).collect() };
        if added.is_empty() {
            return (Published { oldest_first: merged, place_of, holes }, remap, left);
        }
        place_of.clear();
        place_of.extend(merged.iter().zip(0u32..).filter(|(e, _)| e.present).map(|(e, place)| (e.article.id, place)));
        (Published { oldest_first: merged, place_of, holes }, remap, left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids_newest_first(p: &Published) -> Vec<i64> {
        (0..p.len() as u32).rev().filter_map(|place| p.at(place)).map(|a| a.id).collect()
    }

    #[test]
    fn a_change_keeps_every_other_article_in_order() {
        let p = Published::new(vec![(1, 10, None), (2, 20, None), (3, 30, None), (4, 40, None)]);
        assert_eq!(ids_newest_first(&p), [4, 3, 2, 1]);
        // a new newest article takes the next place: nothing moves
        let (q, remap, left) =
            p.changed(&[Changed { id: 5, now: Some(Article { id: 5, published_at: 50, expires_at: None }) }]);
        assert!(remap.is_identity() && left.is_empty());
        // an article edited without a new date keeps its place
        let (same, remap, left) =
            q.changed(&[Changed { id: 2, now: Some(Article { id: 2, published_at: 20, expires_at: Some(99) }) }]);
        assert!(remap.is_identity() && same.holes() == 0);
        assert_eq!(left, vec![1]);
        assert_eq!(same.at(1).and_then(|a| a.expires_at), Some(99));
        assert_eq!(ids_newest_first(&q), [5, 4, 3, 2, 1]);
        assert_eq!(q.place_of(5), Some(4));
        // one unpublished, one moved back in time: a hole, and the later places move up
        let (r, remap, left) = q.changed(&[
            Changed { id: 3, now: None },
            Changed { id: 4, now: Some(Article { id: 4, published_at: 15, expires_at: None }) },
        ]);
        assert_eq!(ids_newest_first(&r), [5, 2, 4, 1]);
        assert_eq!(r.holes(), 2, "the places 3 and 4 had");
        assert_eq!(left, vec![2, 3]);
        let old: RoaringBitmap = [0u32, 1, 4].into_iter().collect();
        let moved: Vec<i64> = remap.bitmap(&old).iter().filter_map(|p| r.at(p)).map(|a| a.id).collect();
        assert_eq!(moved, [1, 2, 5], "the same articles after the move");
    }
}

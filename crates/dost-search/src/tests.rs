use std::collections::HashSet;
use std::sync::Arc;

use dost_domain::content::{Category, CategoryTree};
use dost_domain::search::{Found, Tier, index_words, order, title_of_index_text};
use dost_store::portal::ChangedArticle;
use dost_store::search_index::Words;
use roaring::RoaringBitmap;

use super::Lookup;
use super::patch::Added;
use super::published::{InTitle, Published};
use super::rank::{Match, Tiers, all, together};

/// A small generator, so the test is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn ids_where(rows: &[(i64, i64, Option<i64>)], rng: &mut Lcg, in_100: u64) -> Vec<i64> {
    rows.iter().filter(|_| rng.below(100) < in_100).map(|r| r.0).collect()
}

#[test]
fn tiers_read_off_in_order_rank_as_sorting_would() {
    let mut rng = Lcg(7);
    // Ids not in date order, dates with ties, and ids the index gives that are not published.
    let rows: Vec<(i64, i64, Option<i64>)> =
        (1..=500).map(|id| (id * 3, rng.below(60) as i64, (id % 7 == 0).then_some(99))).collect();
    let published = Arc::new(Published::new(rows.clone()));
    for (single, shares) in [(true, [90, 60, 20, 10]), (false, [70, 50, 30, 10]), (false, [5, 5, 5, 5])] {
        let mut sets: Vec<Vec<i64>> = shares.iter().map(|&s| ids_where(&rows, &mut rng, s)).collect();
        sets[0].extend([1, 2, 4]); // drafts: not published, never found
        let [matched, whole, in_title, phrase] = sets.clone().try_into().expect("four sets");
        let tiers = Tiers {
            matched: published.places(&matched),
            whole: published.places(&whole),
            in_title: published.places(&in_title),
            phrase: (!single).then(|| published.places(&phrase)),
        };
        let got: Vec<Match> = tiers.ranked(published.clone()).iter().collect();

        let set = |v: &Vec<i64>| v.iter().copied().collect::<HashSet<i64>>();
        let (whole, in_title, phrase) = (set(&whole), set(&in_title), set(&phrase));
        let mut expected: Vec<Found> = rows
            .iter()
            .filter(|r| matched.contains(&r.0))
            .map(|&(id, published_at, _)| {
                let title = in_title.contains(&id);
                let phrase = if single { title } else { title && phrase.contains(&id) };
                Found { id, published_at, tier: Tier::of(phrase, title, whole.contains(&id)) }
            })
            .collect();
        order(&mut expected);
        assert_eq!(got.iter().map(|m| m.found).collect::<Vec<_>>(), expected);
        let expires = |id: i64| rows.iter().find(|r| r.0 == id).and_then(|r| r.2);
        assert!(got.iter().all(|m| m.expires_at == expires(m.found.id)), "each match carries its end of showing");
    }
}

#[test]
fn a_word_in_no_published_article_matches_nothing() {
    let published = Published::new(vec![(1, 10, None), (2, 20, None)]);
    assert!(published.places(&[3, 4]).is_empty());
    let no = Arc::new(published.places(&[]));
    let yes = Arc::new(published.places(&[1, 2]));
    assert!(all(&[yes.clone(), no]).is_empty());
    assert_eq!(all(&[yes]).len(), 2);
}

#[test]
fn words_together_in_a_title_are_told_from_words_apart() {
    // titles: 10 "khoa hoc moi", 20 "hoc khoa", 30 "khoa va hoc", 40 "hoc" only
    let published = Published::new([10, 20, 30, 40].map(|id| (id, id, None)).to_vec());
    let khoa = Arc::new(published.in_title(&[(30, 0b1), (10, 0b1), (20, 0b10)]));
    let hoc = Arc::new(published.in_title(&[(40, 0b1), (20, 0b1), (10, 0b10), (30, 0b100)]));
    let both = all(&[khoa.places.clone(), hoc.places.clone()]);
    let together_ids = |words: &[Arc<InTitle>]| -> Vec<i64> {
        together(&both, words).iter().filter_map(|p| published.at(p)).map(|a| a.id).collect()
    };
    assert_eq!(together_ids(&[khoa.clone(), hoc.clone()]), vec![10]);
    assert_eq!(together_ids(&[hoc, khoa]), vec![20], "in the order typed");
}

/// An article of the generated site: (id, published, date, folded text, categories).
#[derive(Clone)]
struct Doc {
    id: i64,
    published: bool,
    at: i64,
    text: String,
    categories: Vec<i64>,
}

const WORDS: [&str; 12] = ["khoa", "hoc", "cong", "nghe", "do", "luong", "khcn", "nong", "thon", "kh", "cn", "tra"];

fn text(rng: &mut Lcg) -> String {
    let mut t = String::new();
    for line in 0..2 {
        for _ in 0..(1 + rng.below(6)) {
            t.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
            t.push(' ');
        }
        if line == 0 {
            t.push('\n');
        }
    }
    t
}

fn tree() -> CategoryTree {
    let cat = |id: i64, parent: Option<i64>| Category {
        id,
        parent_id: parent,
        slug: format!("c{id}"),
        name: format!("C{id}"),
        description: String::new(),
        position: id,
        show_in_menu: true,
        show_on_home: true,
    };
    CategoryTree::new(vec![cat(1, None), cat(2, Some(1)), cat(3, Some(2)), cat(4, None)])
}

/// What the word index and the categories would say, computed afresh.
fn fresh_lookup(docs: &[Doc], l: &Lookup) -> Vec<i64> {
    docs.iter()
        .filter(|d| {
            index_words(&d.text).split(' ').any(|w| match l.words {
                Words::Whole => w == l.term,
                Words::Beginnings => !w.is_empty() && w.starts_with(&l.term),
            })
        })
        .map(|d| d.id)
        .collect()
}

fn fresh_title(docs: &[Doc], term: &str) -> Vec<(i64, u64)> {
    docs.iter()
        .filter_map(|d| {
            let mask = index_words(title_of_index_text(&d.text))
                .split(' ')
                .enumerate()
                .filter(|(i, w)| *w == term && *i < 63)
                .fold(0u64, |m, (i, _)| m | 1 << i);
            (mask != 0).then_some((d.id, mask))
        })
        .collect()
}

fn fresh_category(docs: &[Doc], tree: &CategoryTree, c: i64) -> Vec<i64> {
    let under = |mut at: Option<i64>| {
        while let Some(id) = at {
            if id == c {
                return true;
            }
            at = tree.all.iter().find(|x| x.id == id).and_then(|x| x.parent_id);
        }
        false
    };
    docs.iter().filter(|d| d.categories.iter().any(|k| under(Some(*k)))).map(|d| d.id).collect()
}

fn published_of(docs: &[Doc]) -> Published {
    Published::new(docs.iter().filter(|d| d.published).map(|d| (d.id, d.at, None)).collect())
}

/// Ids of a bitmap, newest first, as search reads it.
fn newest_first(p: &Published, b: &RoaringBitmap) -> Vec<i64> {
    b.iter().rev().filter_map(|place| p.at(place)).map(|a| a.id).collect()
}

#[test]
fn patched_bitmaps_are_what_a_fresh_lookup_gives() {
    let mut rng = Lcg(11);
    let tree = tree();
    let mut docs: Vec<Doc> = (1..=300)
        .map(|id| Doc {
            id,
            published: rng.below(10) < 8,
            at: rng.below(1000) as i64,
            text: text(&mut rng),
            categories: vec![1 + rng.below(4) as i64],
        })
        .collect();
    let lookups: Vec<Lookup> = WORDS
        .iter()
        .flat_map(|w| [Words::Whole, Words::Beginnings].map(|words| Lookup { words, term: w.to_string() }))
        .chain([Lookup { words: Words::Beginnings, term: "k".into() }])
        .collect();
    let mut published = published_of(&docs);
    let mut bitmaps: Vec<RoaringBitmap> = lookups.iter().map(|l| published.places(&fresh_lookup(&docs, l))).collect();
    let mut titles: Vec<InTitle> = WORDS.iter().map(|w| published.in_title(&fresh_title(&docs, w))).collect();
    let mut cats: Vec<RoaringBitmap> = (1..=4).map(|c| published.places(&fresh_category(&docs, &tree, c))).collect();
    for round in 0..40 {
        // a few edits: new text, a new date (back in time too), unpublished, published, new articles
        let mut changed = Vec::new();
        for _ in 0..(1 + rng.below(4)) {
            let i = rng.below(docs.len() as u64) as usize;
            match rng.below(5) {
                0 => docs[i].text = text(&mut rng),
                1 => docs[i].at = rng.below(1200) as i64,
                2 => docs[i].published = !docs[i].published,
                3 => docs[i].categories = vec![1 + rng.below(4) as i64],
                _ => {
                    let id = docs.len() as i64 + 1;
                    let at = if round % 2 == 0 { 2000 + round } else { rng.below(1200) as i64 };
                    docs.push(Doc { id, published: true, at, text: text(&mut rng), categories: vec![3] });
                    changed.push(docs.len() - 1);
                    continue;
                }
            }
            changed.push(i);
        }
        let changes: Vec<ChangedArticle> = changed
            .iter()
            .map(|&i| ChangedArticle {
                id: docs[i].id,
                published: docs[i].published,
                published_at: docs[i].at,
                expires_at: None,
                search_text: docs[i].text.clone(),
                categories: docs[i].categories.clone(),
            })
            .collect();
        let moved: Vec<super::published::Changed> = changes
            .iter()
            .map(|c| super::published::Changed {
                id: c.id,
                now: c.published.then_some(super::published::Article {
                    id: c.id,
                    published_at: c.published_at,
                    expires_at: None,
                }),
            })
            .collect();
        let (next, remap, left) = published.changed(&moved);
        let added = Added::of(&next, &changes, &tree);
        bitmaps = lookups.iter().zip(&bitmaps).map(|(l, b)| added.bitmap(b, &left, &remap, |a| a.has(l))).collect();
        titles = WORDS.iter().zip(&titles).map(|(w, t)| added.in_title(t, &left, &remap, w)).collect();
        cats = (1..=4).zip(&cats).map(|(c, b)| added.bitmap(b, &left, &remap, |a| a.in_category(c))).collect();
        published = next;

        let fresh = published_of(&docs);
        for (l, b) in lookups.iter().zip(&bitmaps) {
            let expected = newest_first(&fresh, &fresh.places(&fresh_lookup(&docs, l)));
            assert_eq!(newest_first(&published, b), expected, "round {round}: {l:?}");
        }
        for (w, t) in WORDS.iter().zip(&titles) {
            let expected = fresh.in_title(&fresh_title(&docs, w));
            let pairs = |p: &Published, t: &InTitle| -> Vec<(i64, u64)> {
                t.places.iter().zip(&t.masks).filter_map(|(place, m)| Some((p.at(place)?.id, *m))).rev().collect()
            };
            assert_eq!(pairs(&published, t), pairs(&fresh, &expected), "round {round}: title {w}");
        }
        for (c, b) in (1..=4).zip(&cats) {
            let expected = newest_first(&fresh, &fresh.places(&fresh_category(&docs, &tree, c)));
            assert_eq!(newest_first(&published, b), expected, "round {round}: category {c}");
        }
    }
}

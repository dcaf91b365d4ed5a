use std::collections::HashSet;

use dost_domain::search::order;

use super::*;

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

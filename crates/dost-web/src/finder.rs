//! Finds the published articles a query matches: every one of them (the
//! count shown is true), in rank order. The word index says which articles
//! hold the words and how (see [`dost_domain::search::Tier`]); when each
//! article shows is kept in memory per content version, and so is the ranked
//! answer to each recent query: a query asked again (the next page, the same
//! words from another visitor) costs a pass over its list in memory, a new
//! query a few index lookups however many articles match.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, RwLock};

use dost_domain::search::{Found, Query, Tier, order};
use dost_store::search_index::{Field, Words, ids};

use crate::{AppState, WebError};

/// When a published article shows: (published_at, expires_at).
type Shows = (i64, Option<i64>);
/// [`Shows`] of every published article, as of a content version.
type Versioned = ((i64, i64), Arc<HashMap<i64, Shows>>);

/// Ranked answers kept at most (queries).
const KEPT_QUERIES: usize = 256;
/// Matches kept at most over all kept answers (about 32 bytes each).
const KEPT_MATCHES: usize = 1_000_000;

/// One published article a query matches, whether or not it shows now.
#[derive(Debug, Clone, Copy)]
struct Match {
    found: Found,
    expires_at: Option<i64>,
}

/// The ranked answers of recent queries, all of one content version.
#[derive(Default)]
struct Answers {
    version: (i64, i64),
    by_terms: HashMap<Vec<String>, Arc<Vec<Match>>>,
    oldest_first: VecDeque<Vec<String>>,
    matches: usize,
}

impl Answers {
    fn get(&mut self, version: (i64, i64), terms: &[String]) -> Option<Arc<Vec<Match>>> {
        if self.version != version {
            *self = Answers { version, ..Answers::default() };
        }
        self.by_terms.get(terms).cloned()
    }

    fn put(&mut self, version: (i64, i64), terms: Vec<String>, answer: Arc<Vec<Match>>) {
        if self.version != version || answer.len() > KEPT_MATCHES || self.by_terms.contains_key(&terms) {
            return;
        }
        while self.by_terms.len() >= KEPT_QUERIES || self.matches + answer.len() > KEPT_MATCHES {
            let Some(old) = self.oldest_first.pop_front() else { break };
            if let Some(gone) = self.by_terms.remove(&old) {
                self.matches -= gone.len();
            }
        }
        self.matches += answer.len();
        self.oldest_first.push_back(terms.clone());
        self.by_terms.insert(terms, answer);
    }
}

#[derive(Default)]
pub struct Finder {
    dates: RwLock<Option<Versioned>>,
    answers: Mutex<Answers>,
}

impl Finder {
    /// When each published article shows, as of the content version `version`.
    async fn dates(&self, state: &AppState, version: (i64, i64)) -> Result<Arc<HashMap<i64, Shows>>, WebError> {
        if let Some((v, d)) = self.dates.read().unwrap_or_else(|e| e.into_inner()).as_ref()
            && *v == version
        {
            return Ok(d.clone());
        }
        let rows = dost_store::portal::public_dates(&state.db).await?;
        let dates: Arc<HashMap<i64, Shows>> = Arc::new(rows.into_iter().map(|(id, p, e)| (id, (p, e))).collect());
        *self.dates.write().unwrap_or_else(|e| e.into_inner()) = Some((version, dates.clone()));
        Ok(dates)
    }

    fn answers(&self) -> std::sync::MutexGuard<'_, Answers> {
        self.answers.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Every article the public may see now that matches `query` and that
/// `keep(id, published_at)` keeps, best first.
pub async fn find(state: &AppState, query: &Query, keep: impl Fn(i64, i64) -> bool) -> Result<Vec<Found>, WebError> {
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
    Ok(ranked
        .iter()
        .filter(|m| m.found.published_at <= now && m.expires_at.is_none_or(|e| e > now))
        .filter(|m| keep(m.found.id, m.found.published_at))
        .map(|m| m.found)
        .collect())
}

/// Every published article matching `query`, ranked, from the word index.
async fn rank(state: &AppState, query: &Query, version: (i64, i64)) -> Result<Vec<Match>, WebError> {
    let terms = &query.terms;
    let db = &state.db;
    let phrase =
        async { if terms.len() > 1 { ids(db, Field::Title, Words::Phrase, terms).await.map(Some) } else { Ok(None) } };
    let (dates, matched, whole, in_title, phrase) = tokio::try_join!(
        async { state.finder.dates(state, version).await },
        async { Ok(ids(db, Field::Text, Words::Beginnings, terms).await?) },
        async { Ok(ids(db, Field::Text, Words::Whole, terms).await?) },
        async { Ok(ids(db, Field::Title, Words::Whole, terms).await?) },
        async { Ok::<_, WebError>(phrase.await?) },
    )?;
    let whole: HashSet<i64> = whole.into_iter().collect();
    let in_title: HashSet<i64> = in_title.into_iter().collect();
    let phrase: Option<HashSet<i64>> = phrase.map(|p| p.into_iter().collect());
    let mut found: Vec<Found> = matched
        .into_iter()
        .filter_map(|id| {
            let &(published_at, _) = dates.get(&id)?;
            let title = in_title.contains(&id);
            let tier = Tier::of(phrase.as_ref().map_or(title, |p| p.contains(&id)), title, whole.contains(&id));
            Some(Found { id, published_at, tier })
        })
        .collect();
    order(&mut found);
    Ok(found.into_iter().map(|found| Match { found, expires_at: dates.get(&found.id).and_then(|d| d.1) }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(n: usize) -> Arc<Vec<Match>> {
        let m = Match { found: Found { id: 1, published_at: 0, tier: Tier::Beginnings }, expires_at: None };
        Arc::new(vec![m; n])
    }

    fn terms(t: &str) -> Vec<String> {
        vec![t.to_string()]
    }

    #[test]
    fn answers_are_kept_per_content_version() {
        let mut a = Answers::default();
        assert!(a.get((1, 1), &terms("khoa")).is_none());
        a.put((1, 1), terms("khoa"), answer(3));
        assert_eq!(a.get((1, 1), &terms("khoa")).map(|r| r.len()), Some(3));
        assert!(a.get((1, 2), &terms("khoa")).is_none(), "a new content version forgets every answer");
        a.put((1, 1), terms("khoa"), answer(3));
        assert!(a.get((1, 2), &terms("khoa")).is_none(), "an answer of an older version is not kept");
    }

    #[test]
    fn the_oldest_answers_make_room() {
        let mut a = Answers::default();
        assert!(a.get((1, 1), &terms("a")).is_none());
        a.put((1, 1), terms("a"), answer(KEPT_MATCHES / 2));
        a.put((1, 1), terms("b"), answer(KEPT_MATCHES / 2));
        a.put((1, 1), terms("c"), answer(10));
        assert!(a.get((1, 1), &terms("a")).is_none());
        assert!(a.get((1, 1), &terms("b")).is_some() && a.get((1, 1), &terms("c")).is_some());
        assert!(a.matches <= KEPT_MATCHES);
        a.put((1, 1), terms("huge"), answer(KEPT_MATCHES + 1));
        assert!(a.get((1, 1), &terms("huge")).is_none(), "an answer over the whole budget is not kept");
    }
}

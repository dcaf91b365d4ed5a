//! Finds the published articles a query matches: every one of them (the
//! count shown is true), in rank order. The word index says which articles
//! hold the words and how (see [`dost_domain::search::Tier`]); when each
//! article shows is kept in memory per content version, so a query costs a
//! few index lookups however many articles match.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

use dost_domain::search::{Found, Query, Tier, order};
use dost_store::search_index::{Field, Words, ids};

use crate::{AppState, WebError};

/// (published_at, expires_at) of every published article.
type Dates = HashMap<i64, (i64, Option<i64>)>;
/// [`Dates`] as of a content version.
type Versioned = ((i64, i64), Arc<Dates>);

#[derive(Default)]
pub struct Finder {
    dates: RwLock<Option<Versioned>>,
}

impl Finder {
    /// When each published article shows, as of the content version `version`.
    async fn dates(&self, state: &AppState, version: (i64, i64)) -> Result<Arc<Dates>, WebError> {
        if let Some((v, d)) = self.dates.read().unwrap_or_else(|e| e.into_inner()).as_ref()
            && *v == version
        {
            return Ok(d.clone());
        }
        let rows = dost_store::portal::public_dates(&state.db).await?;
        let dates: Arc<Dates> = Arc::new(rows.into_iter().map(|(id, p, e)| (id, (p, e))).collect());
        *self.dates.write().unwrap_or_else(|e| e.into_inner()) = Some((version, dates.clone()));
        Ok(dates)
    }
}

/// Every article the public may see now that matches `query` and that
/// `keep(id, published_at)` keeps, best first.
pub async fn find(state: &AppState, query: &Query, keep: impl Fn(i64, i64) -> bool) -> Result<Vec<Found>, WebError> {
    let now = state.clock.now();
    let terms = &query.terms;
    let db = &state.db;
    let phrase =
        async { if terms.len() > 1 { ids(db, Field::Title, Words::Phrase, terms).await.map(Some) } else { Ok(None) } };
    let (dates, matched, whole, in_title, phrase) = tokio::try_join!(
        async { state.finder.dates(state, state.cache.version()).await },
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
            let &(published_at, expires_at) = dates.get(&id)?;
            let shows = published_at <= now && expires_at.is_none_or(|e| e > now);
            (shows && keep(id, published_at)).then(|| {
                let title = in_title.contains(&id);
                let tier = Tier::of(phrase.as_ref().map_or(title, |p| p.contains(&id)), title, whole.contains(&id));
                Found { id, published_at, tier }
            })
        })
        .collect();
    order(&mut found);
    Ok(found)
}

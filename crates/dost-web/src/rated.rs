//! A star vote changes one page: the article's cached page is dropped (on
//! the instance that took the vote at once, on the others at their next
//! poll of the database, every 2 seconds), never the whole page cache.

use std::collections::HashMap;
use std::sync::Mutex;

use dost_domain::content::article_path;

use crate::{AppState, WebError};

#[derive(Default)]
pub struct Rated {
    /// The newest vote time seen, and the vote counts seen at that second
    /// (so a later vote in the same second is still noticed).
    seen: Mutex<(i64, HashMap<i64, i64>)>,
}

impl Rated {
    /// Votes before `now` are in the pages this instance will render.
    pub fn start(&self, now: i64) {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).0 = now;
    }

    /// Drops the cached pages of articles voted on since the last poll.
    pub async fn poll(&self, state: &AppState) -> Result<(), WebError> {
        let since = self.seen.lock().unwrap_or_else(|e| e.into_inner()).0;
        let rows = dost_store::portal::rated_since(&state.db, since).await?;
        if rows.is_empty() {
            return Ok(());
        }
        let layout = state.layout.get();
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let newest = rows.iter().map(|r| r.rated_at).max().unwrap_or(since);
        for r in &rows {
            if r.rated_at == seen.0 && seen.1.get(&r.id) == Some(&r.votes) {
                continue;
            }
            if let Some(cat) = layout.tree.by_id(r.category_id) {
                state.cache.forget(&article_path(&cat.slug, &r.slug, r.id));
            }
        }
        if newest > seen.0 {
            seen.1.clear();
            seen.0 = newest;
        }
        seen.1.extend(rows.iter().filter(|r| r.rated_at == newest).map(|r| (r.id, r.votes)));
        Ok(())
    }
}

//! A per-address limit on the public lookups: at most `max` in each window
//! of `window` seconds (an IPv6 client by its /64 network). On SQLite (one instance) it is counted in memory,
//! which stays bounded: past `CAP` addresses the oldest windows are
//! forgotten. On PostgreSQL, where several instances may serve, it is
//! counted in the database (windows aligned on multiples of `window`), so an
//! address gets its limit once, not once per instance.

use std::collections::HashMap;
use std::sync::Mutex;

const CAP: usize = 50_000;

pub struct Limiter {
    /// Names the limit in the shared count.
    scope: &'static str,
    max: u32,
    window: i64,
    seen: Mutex<HashMap<String, (i64, u32)>>,
}

impl Limiter {
    pub fn new(scope: &'static str, max: u32, window: i64) -> Self {
        Self { scope, max, window, seen: Mutex::new(HashMap::new()) }
    }

    /// Counts one request of `who` at `now` where every instance sees it;
    /// `Err(seconds)` to wait when over the limit.
    pub async fn admit(
        &self,
        db: &dost_store::Db,
        who: &str,
        now: i64,
    ) -> Result<Result<(), i64>, dost_store::StoreError> {
        let who = &super::client::limit_key(who);
        if db.engine() == dost_store::Engine::Sqlite {
            return Ok(self.check(who, now));
        }
        let start = now - now.rem_euclid(self.window.max(1));
        let hits = dost_store::limits::hit(db, self.scope, who, start).await?;
        Ok(if hits > i64::from(self.max) { Err(start + self.window - now) } else { Ok(()) })
    }

    /// Counts one request of `who` at `now`; `Err(seconds)` to wait when over the limit.
    pub fn check(&self, who: &str, now: i64) -> Result<(), i64> {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() >= CAP && !seen.contains_key(who) {
            let window = self.window;
            seen.retain(|_, (start, _)| now - *start < window);
        }
        let entry = seen.entry(who.to_string()).or_insert((now, 0));
        if now - entry.0 >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.max {
            return Err(self.window - (now - entry.0));
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_over_its_limit_waits_for_the_next_window() {
        let l = Limiter::new("test", 2, 60);
        assert!(l.check("a", 0).is_ok() && l.check("a", 1).is_ok());
        assert_eq!(l.check("a", 10), Err(50));
        assert!(l.check("b", 10).is_ok(), "another address is not affected");
        assert!(l.check("a", 60).is_ok(), "a new window");
    }
}

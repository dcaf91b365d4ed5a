//! A per-address limit on the public lookups: at most `max` in each window
//! of `window` seconds. Memory stays bounded: past `CAP` addresses the
//! oldest windows are forgotten.

use std::collections::HashMap;
use std::sync::Mutex;

const CAP: usize = 50_000;

pub struct Limiter {
    max: u32,
    window: i64,
    seen: Mutex<HashMap<String, (i64, u32)>>,
}

impl Limiter {
    pub fn new(max: u32, window: i64) -> Self {
        Self { max, window, seen: Mutex::new(HashMap::new()) }
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
        let l = Limiter::new(2, 60);
        assert!(l.check("a", 0).is_ok() && l.check("a", 1).is_ok());
        assert_eq!(l.check("a", 10), Err(50));
        assert!(l.check("b", 10).is_ok(), "another address is not affected");
        assert!(l.check("a", 60).is_ok(), "a new window");
    }
}

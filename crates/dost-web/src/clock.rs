use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// The time the application believes it is. Tests move it forward to check
/// visit windows and day/month rollovers without waiting.
#[derive(Clone, Default, Debug)]
pub struct Clock {
    offset: Arc<AtomicI64>,
}

impl Clock {
    /// Unix seconds.
    pub fn now(&self) -> i64 {
        let sys = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default();
        sys + self.offset.load(Ordering::Relaxed)
    }

    /// Moves the clock by `secs` (tests only need this).
    pub fn advance(&self, secs: i64) {
        self.offset.fetch_add(secs, Ordering::Relaxed);
    }
}

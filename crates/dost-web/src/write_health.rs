//! Whether writes reach the database: the last failure of a write (and why:
//! a full disk, the database gone) against the last success. `/readyz` and
//! `/metrics` report it; while writes fail, `/readyz` probes with a small
//! bookkeeping write at most every few seconds, so the answer turns back by
//! itself once space returns.

use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use dost_store::StoreError;

/// Why writes fail, as people and machines read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    DiskFull,
    Database,
}

impl Cause {
    pub fn code(self) -> &'static str {
        match self {
            Self::DiskFull => "disk_full",
            Self::Database => "database",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Self::DiskFull => "ổ đĩa của máy chủ cơ sở dữ liệu đã đầy",
            Self::Database => "cơ sở dữ liệu báo lỗi khi ghi",
        }
    }

    /// The cause of a failed write, when it says the database cannot write
    /// (a refusal for the data's sake — a duplicate, a busy lock — does not).
    pub fn of(e: &StoreError) -> Option<Self> {
        match e {
            StoreError::DiskFull => Some(Self::DiskFull),
            StoreError::Database(_) | StoreError::Connection(_) => Some(Self::Database),
            _ => None,
        }
    }
}

#[derive(Default)]
pub struct WriteHealth {
    /// When a write last succeeded (Unix seconds).
    last_success: AtomicI64,
    /// When and why a write last failed.
    last_failure: Mutex<Option<(i64, Cause)>>,
    failures: AtomicU64,
    /// When `/readyz` last probed.
    last_probe: AtomicI64,
}

impl WriteHealth {
    pub fn succeeded(&self, now: i64) {
        self.last_success.fetch_max(now, Ordering::Relaxed);
        let mut f = self.last_failure.lock().unwrap_or_else(|e| e.into_inner());
        if f.is_some_and(|(at, _)| at <= now) {
            *f = None;
        }
    }

    pub fn failed(&self, now: i64, cause: Cause) {
        self.failures.fetch_add(1, Ordering::Relaxed);
        *self.last_failure.lock().unwrap_or_else(|e| e.into_inner()) = Some((now, cause));
    }

    /// Records what a write gave.
    pub fn record<T>(&self, now: i64, result: &Result<T, StoreError>) {
        match result {
            Ok(_) => self.succeeded(now),
            Err(e) => {
                if let Some(c) = Cause::of(e) {
                    tracing::warn!(error = %e, cause = c.code(), "a write failed");
                    self.failed(now, c);
                }
            }
        }
    }

    /// Records what a write made through the web layer gave.
    pub fn record_web<T>(&self, now: i64, result: &Result<T, crate::WebError>) {
        match result {
            Ok(_) => self.succeeded(now),
            Err(e) => self.note(now, e),
        }
    }

    /// Records an error a handler met, when it says writes fail.
    pub fn note(&self, now: i64, e: &crate::WebError) {
        if let crate::WebError::Store(e) = e
            && let Some(c) = Cause::of(e)
        {
            tracing::warn!(error = %e, cause = c.code(), "a write failed");
            self.failed(now, c);
        }
    }

    /// Why writes are failing now, if they are (the last write failed).
    pub fn failing(&self) -> Option<Cause> {
        self.last_failure.lock().unwrap_or_else(|e| e.into_inner()).map(|(_, c)| c)
    }

    pub fn failures_total(&self) -> u64 {
        self.failures.load(Ordering::Relaxed)
    }

    /// Whether a probe is due: writes have been failing for `every` seconds
    /// and none was probed in the last `every` seconds.
    pub fn probe_due(&self, now: i64, every: i64) -> bool {
        let failed_at = self.last_failure.lock().unwrap_or_else(|e| e.into_inner()).map(|(at, _)| at);
        if failed_at.is_none_or(|at| now - at < every) {
            return false;
        }
        let last = self.last_probe.load(Ordering::Relaxed);
        now - last >= every && self.last_probe.compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_success_after_a_failure_clears_it() {
        let h = WriteHealth::default();
        assert_eq!(h.failing(), None);
        h.failed(10, Cause::DiskFull);
        assert_eq!(h.failing(), Some(Cause::DiskFull));
        h.succeeded(9);
        assert_eq!(h.failing(), Some(Cause::DiskFull), "an older success says nothing");
        h.succeeded(11);
        assert_eq!(h.failing(), None);
        assert_eq!(h.failures_total(), 1);
        h.record(12, &Err::<(), _>(StoreError::Busy));
        assert_eq!(h.failing(), None, "a busy lock is not a failing disk");
    }
}

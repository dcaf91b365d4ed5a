//! Time spent waiting for a database connection, from the pool's own report
//! of every acquisition (sqlx's `sqlx::pool::acquire` events, turned on by
//! `dost_store` at TRACE level): the binary adds [`PoolWaits`] to its
//! subscriber with [`filter`], and `/metrics` shows the histogram.

use std::sync::Mutex;

use tracing::field::{Field, Visit};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Context, Layer};

use crate::metrics::Histogram;

/// Where sqlx reports how long an acquisition took.
const TARGET: &str = "sqlx::pool::acquire";

static WAITS: Mutex<Histogram> = Mutex::new(Histogram::new());

/// Counts each acquisition the pool reports into the histogram.
pub struct PoolWaits;

/// Lets [`PoolWaits`] see the pool's reports (whatever the log level).
pub fn filter() -> Targets {
    Targets::new().with_target(TARGET, tracing::Level::TRACE)
}

struct Waited(Option<f64>);

impl Visit for Waited {
    fn record_f64(&mut self, field: &Field, value: f64) {
        if field.name() == "acquired_after_secs" {
            self.0 = Some(value);
        }
    }

    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}

impl<S: tracing::Subscriber> Layer<S> for PoolWaits {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() != TARGET {
            return;
        }
        let mut waited = Waited(None);
        event.record(&mut waited);
        if let Some(secs) = waited.0 {
            WAITS.lock().unwrap_or_else(|e| e.into_inner()).observe(secs);
        }
    }
}

/// The waits so far.
pub(crate) fn snapshot() -> Histogram {
    WAITS.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

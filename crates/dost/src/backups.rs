//! Scheduled backups of a running server (`dost serve --backup-every 1d`):
//! an archive in `<data>/backups` one period after the newest archive there
//! (so a server restarted every day still backs up daily), kept by count
//! and age. The time is the application's clock; the schedule looks at it
//! at least every `poll` (a minute), so a changed clock or a backup taken by
//! hand is noticed.

use std::path::PathBuf;
use std::time::Duration;

use dost_store::Db;

/// The settings of the schedule.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Seconds between backups.
    pub every: i64,
    pub retention: dost_app::backup::Retention,
    /// How often the schedule looks at the clock.
    pub poll: Duration,
}

/// What to say at start: how old the newest backup is.
pub fn report_at_start(data_dir: &std::path::Path, every: i64, now: i64) {
    let dir = data_dir.join("backups");
    match dost_app::backup::newest(&dir) {
        Some((at, bytes)) => {
            let age = now - at;
            let words = dost_domain::schedule_rules::period_words(age.max(0) / 60 * 60);
            if age > 2 * every {
                tracing::warn!(age_secs = age, bytes, "the newest backup is {words} old: more than two periods");
            } else {
                tracing::info!(age_secs = age, bytes, "the newest backup is {words} old");
            }
        }
        None => tracing::warn!(folder = %dir.display(), "no backup yet; the first one is taken now"),
    }
}

/// Starts the schedule.
pub fn schedule(
    state: dost_web::AppState,
    db: Db,
    database_url: Option<String>,
    data_dir: PathBuf,
    s: Schedule,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let dir = data_dir.join("backups");
        loop {
            let now = state.clock.now();
            let newest = dost_app::backup::newest(&dir).map(|(at, _)| at);
            let due = dost_domain::schedule_rules::next_due(newest, s.every, now);
            if due > now {
                let wait = Duration::from_secs((due - now) as u64).min(s.poll);
                tokio::time::sleep(wait).await;
                continue;
            }
            // several instances on one database and data folder: the first to claim
            // the run takes it (after a failure, a new claim is possible ten polls later)
            let retry = (s.poll.as_secs() as i64 * 10).max(60);
            let slot = format!("{}:{}", newest.unwrap_or(0), now / retry);
            match dost_store::content::claim_setting(&db, "job:backup", &slot, now).await {
                Ok(true) => {}
                Ok(false) => {
                    tokio::time::sleep(s.poll).await;
                    continue;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "could not claim the scheduled backup");
                    tokio::time::sleep(s.poll).await;
                    continue;
                }
            }
            let uploads = crate::uploads_dir(&data_dir);
            let made =
                dost_app::backup::scheduled(&db, database_url.as_deref(), &uploads, &dir, s.retention, now).await;
            state.metrics.job("backup", made.is_ok());
            match made {
                Ok(path) => tracing::info!(file = %path.display(), "scheduled backup written"),
                Err(e) => {
                    tracing::error!(error = %e, "scheduled backup failed");
                    tokio::time::sleep(s.poll * 10).await;
                }
            }
        }
    })
}

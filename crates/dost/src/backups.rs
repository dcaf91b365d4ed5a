//! Scheduled backups of a running server (`dost serve --backup-every H`):
//! an archive in `<data>/backups` every H hours, the newest N kept.

use std::path::PathBuf;
use std::time::Duration;

use dost_store::Db;

/// Starts the schedule; the first backup is taken one period after start.
pub fn schedule(
    state: dost_web::AppState,
    db: Db,
    database_url: Option<String>,
    data_dir: PathBuf,
    every: Duration,
    keep: usize,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        let dir = data_dir.join("backups");
        loop {
            tick.tick().await;
            // several instances on one database: the first to claim the period takes it
            let now = state.clock.now();
            let slot = (now / every.as_secs().max(1) as i64).to_string();
            match dost_store::content::claim_setting(&db, "job:backup", &slot, now).await {
                Ok(true) => {}
                Ok(false) => continue,
                Err(e) => {
                    tracing::warn!(error = %e, "could not claim the scheduled backup");
                    continue;
                }
            }
            let uploads = crate::uploads_dir(&data_dir);
            let made = dost_app::backup::scheduled(&db, database_url.as_deref(), &uploads, &dir, keep).await;
            state.metrics.job("backup", made.is_ok());
            match made {
                Ok(path) => tracing::info!(file = %path.display(), "scheduled backup written"),
                Err(e) => tracing::error!(error = %e, "scheduled backup failed"),
            }
        }
    })
}

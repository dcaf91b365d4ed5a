//! The dost application: opening the database, loading demo data and running
//! the web server. `main.rs` only parses the command line.

pub mod backups;
pub mod demo;
#[cfg(feature = "nukeviet")]
pub mod moving;
pub mod units;
pub mod users;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use dost_store::Db;
use dost_web::{AppState, Config};

/// Opens the database named by `database_url` (PostgreSQL) or the SQLite file
/// in `data_dir`, and brings its schema up to date.
pub async fn open_db(database_url: Option<&str>, data_dir: &Path) -> anyhow::Result<Db> {
    let db = Db::open(database_url, data_dir).await?;
    if let Err(e) = dost_store::migrate::run(&db).await {
        db.close().await;
        return Err(e.into());
    }
    let reindexed = dost_store::search_index::refresh_words(&db).await?;
    if reindexed > 0 {
        tracing::info!(articles = reindexed, "articles indexed again for the new way of feeding words");
    }
    Ok(db)
}

/// Loads the demo data when the database is empty. Returns whether it did.
pub async fn load_demo_if_empty(db: &Db, data_dir: &Path) -> anyhow::Result<bool> {
    if !dost_store::portal::is_empty(db).await? {
        return Ok(false);
    }
    let n = demo::load(db, &uploads_dir(data_dir), now()).await?;
    tracing::info!(articles = n, "demo data loaded");
    Ok(true)
}

/// Most articles `dost demo --articles` adds in one run.
pub const MAX_BULK_ARTICLES: usize = 1_000_000;

/// Adds `count` generated articles (see [`demo::bulk`]), loading the demo
/// data first when the database is empty. Returns how many were added.
pub async fn add_demo_articles(db: &Db, data_dir: &Path, count: usize) -> anyhow::Result<usize> {
    anyhow::ensure!(count <= MAX_BULK_ARTICLES, "--articles: tối đa {MAX_BULK_ARTICLES} bài mỗi lần");
    load_demo_if_empty(db, data_dir).await?;
    Ok(demo::bulk::add(db, count, now()).await?)
}

pub fn uploads_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("uploads")
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default()
}

/// Raises the soft limit of open files to the hard limit (every connection
/// is a file: with a soft limit of 128, idle connections starve the rest).
/// Returns the limit now in force.
pub fn raise_open_files() -> Option<u64> {
    let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit read and write the struct we own.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return None;
        }
        if lim.rlim_cur < lim.rlim_max {
            let raised = libc::rlimit { rlim_cur: lim.rlim_max, rlim_max: lim.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                return Some(raised.rlim_cur);
            }
        }
    }
    Some(lim.rlim_cur)
}

/// Settings of `dost serve`.
pub struct ServeOptions {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub base_url: Option<String>,
    pub trusted_proxies: dost_web::TrustedProxies,
    pub flush_every: Duration,
    pub smtp: Option<dost_app::digest::Smtp>,
    /// Timeouts and caps of client connections.
    pub limits: dost_web::ConnectionLimits,
    /// Open-data API requests one address may make in a minute.
    pub api_per_minute: u32,
    /// The program run as `PROGRAM extract-text` to read uploaded documents
    /// (default: this binary).
    pub extractor: Option<PathBuf>,
    /// `/metrics` is served on a listener of its own (see `dost serve --metrics-listen`).
    pub metrics_listener: bool,
}

/// Builds the application state for a database.
pub async fn state(db: Db, opts: &ServeOptions, bound: SocketAddr) -> anyhow::Result<AppState> {
    let base_url = opts.base_url.clone().unwrap_or_else(|| format!("http://{bound}")).trim_end_matches('/').to_string();
    let config = Config {
        base_url,
        uploads_dir: uploads_dir(&opts.data_dir),
        trusted_proxies: opts.trusted_proxies.clone(),
        flush_every: opts.flush_every,
        smtp: opts.smtp.clone(),
        limits: opts.limits,
        api_per_minute: opts.api_per_minute,
        extractor: match &opts.extractor {
            Some(p) => dost_app::documents::Extractor::new(p.clone(), Default::default()),
            None => dost_app::documents::Extractor::this_binary(),
        },
        metrics_listener: opts.metrics_listener,
        backups_dir: opts.data_dir.join("backups"),
    };
    dost_web::sweep_uploads(&config.uploads_dir).await;
    Ok(AppState::new(db, config).await?)
}

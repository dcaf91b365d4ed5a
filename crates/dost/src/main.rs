//! `dost`: the web system of a provincial Department of Science and Technology.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

mod import_command;

use anyhow::Context;
use clap::{Parser, Subcommand};
use import_command::ImportCommand;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::prelude::*;

#[derive(Parser)]
#[command(name = "dost", version, about = "Cổng thông tin và hệ thống quản lý của Sở Khoa học và Công nghệ")]
struct Cli {
    /// Folder for the SQLite file and uploaded files.
    #[arg(long, env = "DOST_DATA", default_value = "./data", global = true)]
    data: PathBuf,
    /// PostgreSQL address (postgres://…); without it the embedded SQLite file is used.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    database_url: Option<String>,
    /// How log lines are written: text, or json (one object a line, with the request's id).
    #[arg(long, env = "DOST_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"], global = true)]
    log_format: String,
    #[command(flatten)]
    smtp: SmtpArgs,
    #[command(subcommand)]
    command: Command,
}

/// Where the daily reminder digest is sent from.
#[derive(clap::Args)]
struct SmtpArgs {
    /// SMTP relay for the reminder digest (none: no e-mail is sent).
    #[arg(long, env = "DOST_SMTP_HOST", global = true)]
    smtp_host: Option<String>,
    #[arg(long, env = "DOST_SMTP_PORT", default_value_t = 25, global = true)]
    smtp_port: u16,
    #[arg(long, env = "DOST_SMTP_FROM", default_value = "Sở KH&CN <khong-tra-loi@localhost>", global = true)]
    smtp_from: String,
    #[arg(long, env = "DOST_SMTP_USER", global = true)]
    smtp_user: Option<String>,
    #[arg(long, env = "DOST_SMTP_PASSWORD", global = true, hide_env_values = true)]
    smtp_password: Option<String>,
}

impl SmtpArgs {
    fn config(&self) -> Option<dost_app::digest::Smtp> {
        self.smtp_host.as_ref().map(|host| dost_app::digest::Smtp {
            host: host.clone(),
            port: self.smtp_port,
            from: self.smtp_from.clone(),
            username: self.smtp_user.clone(),
            password: self.smtp_password.clone(),
        })
    }
}

#[derive(Subcommand)]
enum Command {
    /// Start the web server.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "DOST_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Serve `/metrics` (Prometheus) on this address only, e.g.
        /// 127.0.0.1:9464; the public listener then never answers it.
        #[arg(long, env = "DOST_METRICS_LISTEN")]
        metrics_listen: Option<SocketAddr>,
        /// Public address of the site, for canonical links and feeds (default: http://<listen>).
        #[arg(long, env = "DOST_BASE_URL")]
        base_url: Option<String>,
        /// Load the demo data when the database is empty.
        #[arg(long)]
        demo: bool,
        /// Behind your own reverse proxy: take the client address from
        /// X-Forwarded-For, read from the right. Without a value the immediate
        /// peer is the proxy; or name the proxies (addresses or networks,
        /// comma-separated), e.g. `--trust-proxy 127.0.0.1,10.0.0.0/8`.
        #[arg(long, env = "DOST_TRUST_PROXY", num_args = 0..=1, default_missing_value = "")]
        trust_proxy: Option<String>,
        /// Seconds between writes of visitor counts.
        #[arg(long, env = "DOST_STATS_FLUSH_SECS", default_value_t = 5)]
        stats_flush_secs: u64,
        /// Simultaneous connections one address may hold (trusted proxies are not counted).
        #[arg(long, env = "DOST_MAX_CONNECTIONS_PER_ADDRESS", default_value_t = 64)]
        max_connections_per_address: usize,
        /// Seconds a client has to send a request's headers.
        #[arg(long, env = "DOST_HEADER_TIMEOUT_SECS", default_value_t = 15)]
        header_timeout_secs: u64,
        /// Seconds a whole request (its body included) may take; uploads are
        /// governed by --upload-min-kbps instead.
        #[arg(long, env = "DOST_REQUEST_TIMEOUT_SECS", default_value_t = 120)]
        request_timeout_secs: u64,
        /// An upload must bring at least this many KB a second over each
        /// --upload-window-secs (a slower one is cut with 408).
        #[arg(long, env = "DOST_UPLOAD_MIN_KBPS", default_value_t = 32)]
        upload_min_kbps: u64,
        #[arg(long, env = "DOST_UPLOAD_WINDOW_SECS", default_value_t = 30)]
        upload_window_secs: u64,
        /// Seconds open requests get to finish on shutdown before their connections are dropped.
        #[arg(long, env = "DOST_SHUTDOWN_GRACE_SECS", default_value_t = 10)]
        shutdown_grace_secs: u64,
        /// Open-data API requests (/api/v1) one address may make in a minute.
        #[arg(long, env = "DOST_API_PER_MINUTE", default_value_t = 300)]
        api_per_minute: u32,
        /// Take a backup into <data>/backups one period after the newest one
        /// there: `30m`, `6h`, `1d`, `1w` (a bare number is hours; none: no
        /// scheduled backups).
        #[arg(long, env = "DOST_BACKUP_EVERY")]
        backup_every: Option<String>,
        /// How many scheduled backups to keep (the oldest are removed).
        #[arg(long, env = "DOST_BACKUP_KEEP", default_value_t = 7)]
        backup_keep: usize,
        /// Remove scheduled backups older than this (`30d`, `8w`); the newest always stays.
        #[arg(long, env = "DOST_BACKUP_MAX_AGE")]
        backup_max_age: Option<String>,
    },
    /// Write a consistent backup (database and uploaded files) while the server runs.
    Backup {
        /// The archive to write (.tar.gz).
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into an empty data folder (SQLite) or an empty database (PostgreSQL).
    Restore {
        /// The archive written by `dost backup`.
        file: PathBuf,
    },
    /// Copy this SQLite database into an empty PostgreSQL database (moving
    /// to several instances); uploaded files stay in the data folder.
    Copy {
        /// The PostgreSQL database to fill, e.g. postgres://dost@127.0.0.1/dost.
        #[arg(long)]
        to: String,
    },
    /// Create or update the database schema.
    Migrate,
    /// Print the text of a PDF or DOCX, under hard limits (run by the server
    /// in a child process for each uploaded document; not for people).
    #[command(hide = true)]
    ExtractText {
        /// Address space this process may use, in bytes.
        #[arg(long, default_value_t = 768 * 1024 * 1024)]
        memory_bytes: u64,
        /// CPU seconds this process may use.
        #[arg(long, default_value_t = 20)]
        cpu_secs: u64,
        file: PathBuf,
    },
    /// Load the demo data into an empty database.
    Demo {
        /// Also add this many generated articles (3–5 KB each, for measuring
        /// at scale); allowed on a database that has data.
        #[arg(long)]
        articles: Option<usize>,
    },
    /// Send today's reminder digest now (normally sent by the server each morning).
    Digest {
        /// Public address of the site, for the link in the e-mail.
        #[arg(long, env = "DOST_BASE_URL", default_value = "http://127.0.0.1:8080")]
        base_url: String,
    },
    /// Manage staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// The department's units and their duties (dated).
    #[command(subcommand)]
    Unit(dost::units::Command),
    /// Import records from a spreadsheet.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write the period report (DOCX per Nghị định 30/2020, XLSX annex, HTML or Markdown).
    Report {
        /// First day of the period (YYYY-MM-DD or dd/mm/yyyy).
        #[arg(long)]
        from: String,
        /// Last day of the period.
        #[arg(long)]
        to: String,
        /// docx, xlsx (annex), thong-ke (statistics forms of Thông tư 15/2018), html or md.
        #[arg(long, default_value = "docx")]
        format: String,
        /// File to write.
        #[arg(long)]
        out: PathBuf,
        /// Only these units (their codes, comma-separated).
        #[arg(long, value_delimiter = ',')]
        units: Vec<String>,
        /// The document number, once issued.
        #[arg(long, default_value = "")]
        number: String,
        /// Who signs.
        #[arg(long, default_value = "")]
        signer: String,
        /// How: "" (the head), kt (a deputy for the head), q (acting), tl (by order), tm (on behalf).
        #[arg(long = "sign-as", default_value = "")]
        sign_as: String,
        /// Date of the document (default: today).
        #[arg(long)]
        date: Option<String>,
    },
}

fn cli_date(s: &str) -> anyhow::Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y"))
        .with_context(|| format!("ngày «{s}» không hợp lệ (dùng YYYY-MM-DD hoặc dd/mm/yyyy)"))
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add {
        #[arg(long)]
        username: String,
        /// administrator, leadership, unit_head, unit_staff, editor or reviewer
        #[arg(long)]
        role: String,
        /// Unit code (see `dost unit list`).
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        display_name: Option<String>,
        #[arg(long, default_value = "")]
        email: String,
        /// Read the password from standard input (one line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List accounts.
    List,
    /// Lock an account and end its sessions.
    Disable { username: String },
    /// Unlock an account.
    Enable { username: String },
    /// Set a new password (read from standard input) and end every session.
    Reset {
        username: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

impl From<UserCommand> for dost::users::Command {
    fn from(c: UserCommand) -> Self {
        match c {
            UserCommand::Add { username, role, unit, display_name, email, .. } => {
                Self::Add { username, role, unit, display_name, email }
            }
            UserCommand::List => Self::List,
            UserCommand::Disable { username } => Self::Disable(username),
            UserCommand::Enable { username } => Self::Enable(username),
            UserCommand::Reset { username, .. } => Self::Reset(username),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

fn main() {
    let cli = Cli::parse();
    // the child that reads an untrusted document: no runtime, no log, limits first
    if let Command::ExtractText { memory_bytes, cpu_secs, file } = &cli.command {
        std::process::exit(dost_app::documents::child::run(file, *memory_bytes, *cpu_secs));
    }
    let ran = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(anyhow::Error::from)
        .and_then(|rt| rt.block_on(run(cli)));
    // a failure is one line, in the words of its causes (never a backtrace)
    if let Err(e) = ran {
        eprintln!("dost: lỗi: {e:#}");
        std::process::exit(1);
    }
}

/// A panic caught by the server (a request's task, a blocking job) is one log
/// line with where and why, not a backtrace.
fn one_line_panics() {
    std::panic::set_hook(Box::new(|info| {
        let (at, why) = dost_app::documents::panic_line(info);
        tracing::error!(at = %at, reason = %why, "panic");
    }));
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // the log as asked, and the pool's waits for /metrics whatever the log level
    use dost_web::pool_waits::{PoolWaits, filter as waits};
    // colours only on a terminal: a file or journald gets plain text
    use std::io::IsTerminal;
    let ansi = std::io::stdout().is_terminal();
    let log = || tracing_subscriber::fmt::layer().with_ansi(ansi);
    match cli.log_format.as_str() {
        "json" => tracing_subscriber::registry()
            .with(log().json().with_current_span(true).with_filter(filter))
            .with(PoolWaits.with_filter(waits()))
            .init(),
        _ => tracing_subscriber::registry().with(log().with_filter(filter)).with(PoolWaits.with_filter(waits())).init(),
    }
    one_line_panics();
    let url = cli.database_url.as_deref().filter(|u| !u.is_empty());
    match cli.command {
        Command::ExtractText { .. } => unreachable!("handled before the runtime starts"),
        Command::Migrate => {
            let db = dost::open_db(url, &cli.data).await?;
            println!("Cơ sở dữ liệu đã được cập nhật ({:?}).", db.engine());
        }
        Command::Demo { articles: Some(n) } => {
            let db = dost::open_db(url, &cli.data).await?;
            let added = dost::add_demo_articles(&db, &cli.data, n).await?;
            println!("Đã thêm {added} bài viết mẫu.");
        }
        Command::Demo { articles: None } => {
            let db = dost::open_db(url, &cli.data).await?;
            if dost::load_demo_if_empty(&db, &cli.data).await? {
                println!("Đã nạp dữ liệu mẫu.");
            } else {
                anyhow::bail!("Cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống.");
            }
        }
        Command::Digest { base_url } => {
            let db = dost::open_db(url, &cli.data).await?;
            let smtp = cli.smtp.config().context("cần khai báo máy chủ thư: --smtp-host hoặc DOST_SMTP_HOST")?;
            let today = dost_domain::format::vn_date(chrono::Utc::now().timestamp());
            let n = dost_app::digest::send(&db, &smtp, today, base_url.trim_end_matches('/')).await?;
            println!("Đã gửi {n} thư nhắc hạn.");
        }
        Command::Import(cmd) => import_command::run(cmd, url, &cli.data).await?,
        Command::Report { from, to, format, out, units, number, signer, sign_as, date } => {
            let started = std::time::Instant::now();
            let step = |what: &str| eprintln!("[{:>6.2} s] {what}", started.elapsed().as_secs_f64());
            if !matches!(format.as_str(), "docx" | "xlsx" | "thong-ke" | "html" | "md") {
                anyhow::bail!("định dạng «{format}» không có; chọn docx, xlsx, thong-ke, html hoặc md");
            }
            let period = dost_domain::report::Period::recognise(cli_date(&from)?, cli_date(&to)?)?;
            let db = dost::open_db(url, &cli.data).await?;
            step("Đọc số liệu và soạn báo cáo…");
            let today = dost_domain::format::vn_date(chrono::Utc::now().timestamp());
            let req = dost_app::report::Request {
                period,
                units,
                allowed: None,
                number,
                signer_name: signer,
                date: date.as_deref().map(cli_date).transpose()?.unwrap_or(today),
                revision: None,
                signer_role: dost_app::report::SignerRole::parse(&sign_as)
                    .ok_or_else(|| anyhow::anyhow!("hình thức ký «{sign_as}» không có; chọn kt, q, tl hoặc tm"))?,
            };
            let built = dost_app::report::build_with_text(&db, &req).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let report = &built.report;
            step(&format!("Đã soạn: {} số liệu. Đang ghi {format}…", report.figures().len()));
            let bytes = match format.as_str() {
                "docx" => dost_export::report::docx(report)?,
                "xlsx" => dost_export::report::annex(report, &built.figures, |u| built.covers(u))?,
                "thong-ke" => dost_export::report::statistics(&built.figures, &report.period, |u| built.covers(u))?,
                "md" => dost_export::report::markdown(report).into_bytes(),
                _ => format!(
                    "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Báo cáo {}</title></head><body>{}</body></html>",
                    report.period.label(),
                    dost_export::report::html(report, |_| None)
                )
                .into_bytes(),
            };
            std::fs::write(&out, bytes).with_context(|| format!("không ghi được {}", out.display()))?;
            step(&format!("Đã ghi {}", out.display()));
            db.close().await;
        }
        Command::Backup { out } => {
            // the database as it is: a backup before an upgrade must not be upgraded
            let db = dost_store::Db::open(url, &cli.data).await?;
            let s = dost_app::backup::create(&db, url, &dost::uploads_dir(&cli.data), &out).await?;
            println!("Đã sao lưu ({}, {} tệp tải lên) vào {}", s.engine, s.files, out.display());
            db.close().await;
        }
        Command::Restore { file } => {
            let s = dost_app::backup::restore(&file, url, &cli.data).await?;
            // the restored schema is brought up to this version's
            dost::open_db(url, &cli.data).await?.close().await;
            println!("Đã khôi phục ({}, {} tệp tải lên) từ {}", s.engine, s.files, file.display());
        }
        Command::Copy { to } => {
            if !to.starts_with("postgres://") && !to.starts_with("postgresql://") {
                anyhow::bail!("--to phải là địa chỉ PostgreSQL (postgres://…)");
            }
            let from = dost::open_db(url, &cli.data).await?;
            let target = dost::open_db(Some(&to), &cli.data).await?;
            let copied = dost_store::copy::sqlite_to_postgres(&from, &target).await?;
            let rows: u64 = copied.rows.values().sum();
            println!(
                "Đã chép {} dòng của {} bảng và lập chỉ mục tìm kiếm cho {} bài viết sang PostgreSQL. \
                 Chạy dost với DATABASE_URL={to} và cùng thư mục dữ liệu (tệp tải lên ở đó).",
                rows,
                copied.rows.len(),
                copied.indexed
            );
            from.close().await;
            target.close().await;
        }
        Command::User(cmd) => {
            let db = dost::open_db(url, &cli.data).await?;
            dost::users::run(&db, cmd.into()).await?;
        }
        Command::Unit(cmd) => {
            let db = dost::open_db(url, &cli.data).await?;
            dost::units::run(&db, cmd).await?;
            db.close().await;
        }
        Command::Serve {
            listen,
            metrics_listen,
            base_url,
            demo,
            trust_proxy,
            stats_flush_secs,
            max_connections_per_address,
            header_timeout_secs,
            request_timeout_secs,
            upload_min_kbps,
            upload_window_secs,
            shutdown_grace_secs,
            api_per_minute,
            backup_every,
            backup_keep,
            backup_max_age,
        } => {
            let period = |flag: &str, v: &str| {
                dost_domain::schedule_rules::parse_period(v)
                    .with_context(|| format!("{flag} «{v}» không hợp lệ: viết như 30m, 6h, 1d, 1w"))
            };
            // the earlier name of the setting (hours) is still read
            let backup_every = backup_every.or_else(|| std::env::var("DOST_BACKUP_EVERY_HOURS").ok());
            let backup_every = backup_every.as_deref().map(|v| period("--backup-every", v)).transpose()?;
            let backup_max_age = backup_max_age.as_deref().map(|v| period("--backup-max-age", v)).transpose()?;
            let db = dost::open_db(url, &cli.data).await?;
            if demo {
                dost::load_demo_if_empty(&db, &cli.data).await?;
            }
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("không mở được địa chỉ {listen} để phục vụ"))?;
            let bound = listener.local_addr()?;
            let opts = dost::ServeOptions {
                listen,
                data_dir: cli.data.clone(),
                base_url,
                trusted_proxies: dost_web::TrustedProxies::parse(trust_proxy.as_deref())
                    .map_err(|e| anyhow::anyhow!("--trust-proxy: {e}"))?,
                flush_every: Duration::from_secs(stats_flush_secs.max(1)),
                smtp: cli.smtp.config(),
                limits: dost_web::ConnectionLimits {
                    header_read: Duration::from_secs(header_timeout_secs.max(1)),
                    request: Duration::from_secs(request_timeout_secs.max(1)),
                    per_address: max_connections_per_address.max(1),
                    shutdown_grace: Duration::from_secs(shutdown_grace_secs),
                    upload: dost_web::MinRate {
                        bytes_per_sec: upload_min_kbps.max(1) * 1024,
                        window: Duration::from_secs(upload_window_secs.max(1)),
                    },
                    ..Default::default()
                },
                api_per_minute: api_per_minute.max(1),
                extractor: None,
                metrics_listener: metrics_listen.is_some(),
            };
            let state = dost::state(db.clone(), &opts, bound).await?;
            let backups = backup_every.map(|every| {
                dost::backups::report_at_start(&cli.data, every, state.clock.now());
                let schedule = dost::backups::Schedule {
                    every,
                    retention: dost_app::backup::Retention { keep: backup_keep, max_age: backup_max_age },
                    poll: Duration::from_secs(60),
                };
                dost::backups::schedule(state.clone(), db.clone(), url.map(str::to_string), cli.data.clone(), schedule)
            });
            let metrics = match metrics_listen {
                Some(addr) => {
                    let l = tokio::net::TcpListener::bind(addr)
                        .await
                        .with_context(|| format!("không mở được địa chỉ số liệu giám sát {addr}"))?;
                    tracing::info!(address = %addr, "metrics listener");
                    Some(tokio::spawn(dost_web::metrics::serve_metrics(l, state.clone())))
                }
                None => None,
            };
            match dost::raise_open_files() {
                Some(n) if n < 4096 => tracing::warn!(open_files = n, "the open-file limit is low (LimitNOFILE=65536)"),
                Some(n) => tracing::info!(open_files = n, "open-file limit"),
                None => {}
            }
            tracing::info!(address = %bound, engine = ?db.engine(), "dost is serving");
            dost_web::serve(listener, state, shutdown_signal()).await?;
            if let Some(b) = backups {
                b.abort();
            }
            if let Some(m) = metrics {
                m.abort();
            }
            db.close().await;
        }
    }
    Ok(())
}

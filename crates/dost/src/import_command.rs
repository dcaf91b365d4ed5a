//! `dost import tasks` and `dost import nukeviet`: the command line's side
//! of the imports (the checks and writes are `dost_app`'s).

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum ImportCommand {
    /// S&T tasks from an XLSX sheet laid out like the template (see the README).
    Tasks {
        file: PathBuf,
        /// When some rows are wrong, import the valid rows anyway.
        #[arg(long)]
        only_valid: bool,
        /// The code of the unit the tasks belong to (see `dost unit list`).
        #[arg(long)]
        unit: Option<String>,
    },
    /// A NukeViet 4 news site from its mysqldump or live database (categories, articles, files; old addresses redirect).
    Nukeviet(NukevietArgs),
}

#[derive(clap::Args)]
pub struct NukevietArgs {
    /// The `mysqldump` file of the old site.
    #[arg(long, required_unless_present = "mysql_url", conflicts_with = "mysql_url")]
    dump: Option<PathBuf>,
    /// Or the old site's live database: `mysql://user:password@host:3306/database`.
    #[arg(long, env = "DOST_NUKEVIET_MYSQL_URL")]
    mysql_url: Option<String>,
    /// The old site's `uploads/` folder as .tar.gz.
    #[arg(long)]
    uploads: Option<PathBuf>,
    /// The old site's `assets/` (thumbnails) as .tar.gz.
    #[arg(long)]
    thumbs: Option<PathBuf>,
    /// Table prefix (found in the dump when not given).
    #[arg(long)]
    prefix: Option<String>,
    /// The data language of the news module.
    #[arg(long, default_value = "vi")]
    lang: String,
    /// The news module's data name.
    #[arg(long, default_value = "news")]
    module: String,
    /// The old site's address (absolute links to its files are rewritten).
    #[arg(long)]
    old_base_url: Option<String>,
    /// Show what would happen; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Where to write the report.
    #[arg(long, default_value = "nukeviet-import-report.txt")]
    report: PathBuf,
}

/// Runs an import against the database at `url` (or the data folder's SQLite).
pub async fn run(cmd: ImportCommand, url: Option<&str>, data: &Path) -> anyhow::Result<()> {
    match cmd {
        #[cfg(not(feature = "nukeviet"))]
        ImportCommand::Nukeviet(_) => {
            anyhow::bail!("bản dost này được dựng không có phần chuyển từ NukeViet (tính năng «nukeviet»)")
        }
        #[cfg(feature = "nukeviet")]
        ImportCommand::Nukeviet(n) => {
            let db = dost::open_db(url, data).await?;
            let opts = dost_app::nukeviet::Options {
                source: match (n.dump, n.mysql_url) {
                    (Some(dump), _) => dost_app::nukeviet::Source::Dump(dump),
                    (None, Some(url)) => dost_app::nukeviet::Source::Mysql(url),
                    (None, None) => anyhow::bail!("cần --dump hoặc --mysql-url"),
                },
                uploads: n.uploads,
                thumbs: n.thumbs,
                prefix: n.prefix,
                lang: n.lang,
                module: n.module,
                old_base_url: n.old_base_url,
                dry_run: n.dry_run,
                uploads_dir: dost::uploads_dir(data),
            };
            dost::moving::run(&db, opts, n.report).await?;
            db.close().await;
        }
        ImportCommand::Tasks { file, only_valid, unit } => {
            let db = dost::open_db(url, data).await?;
            let unit_id = match unit {
                None => None,
                Some(code) => Some(
                    dost_store::accounts::units(&db)
                        .await?
                        .into_iter()
                        .find(|u| u.code.eq_ignore_ascii_case(&code))
                        .with_context(|| format!("không có đơn vị «{code}»"))?
                        .id,
                ),
            };
            let now = chrono::Utc::now().timestamp();
            let actor = dost_store::audit::Actor::command_line();
            let progress = |done: usize, total: usize| {
                use std::io::Write;
                let width = 30;
                let filled = (done * width).checked_div(total).unwrap_or(width);
                eprint!("\r[{}{}] {done}/{total}", "#".repeat(filled), " ".repeat(width - filled));
                let _ = std::io::stderr().flush();
            };
            let checked = match dost_app::import::tasks::check_file(&db, file.clone()).await? {
                Ok(c) => c,
                Err(refused) => anyhow::bail!("{}", refused.0),
            };
            for e in &checked.errors {
                println!("Dòng {}, cột «{}»: {}", e.row, e.column, e.message);
            }
            if checked.total_errors > checked.errors.len() {
                println!("… và {} lỗi khác.", checked.total_errors - checked.errors.len());
            }
            let valid = checked.rows.len();
            if !checked.ok() && !only_valid {
                anyhow::bail!("chưa nhập dòng nào vì có dòng lỗi; sửa tệp hoặc dùng --only-valid");
            }
            let out = dost_app::import::tasks::write(&db, &actor, now, checked.rows, unit_id, progress).await?;
            eprintln!();
            for (row, code) in &out.taken {
                println!("Dòng {row}: mã «{code}» vừa được người khác ghi");
            }
            println!("Đã nhập {} trên {} dòng ({valid} dòng hợp lệ).", out.imported, checked.data_rows);
        }
    }
    Ok(())
}

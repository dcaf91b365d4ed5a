//! `dost import nukeviet`: the command's side of moving a NukeViet site —
//! the progress bar on standard error, the report printed and written.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use dost_app::nukeviet::{Options, import};
use dost_store::Db;

/// Draws `[#####     ] 45% (pass 1/2)` at most every percent.
fn progress_bar() -> Arc<dost_app::nukeviet::Progress> {
    let last = AtomicU64::new(u64::MAX);
    Arc::new(move |pass: &str, read: u64, total: u64| {
        let pct = (read * 100).checked_div(total).unwrap_or(100).min(100);
        let key = pct + if pass.starts_with('2') { 1000 } else { 0 };
        if last.swap(key, Ordering::Relaxed) == key {
            return;
        }
        let filled = (pct / 4) as usize;
        eprint!("\r[{}{}] {pct:>3}% (lượt đọc {pass})", "#".repeat(filled), " ".repeat(25 - filled));
        let _ = std::io::stderr().flush();
    })
}

/// Runs the move and prints its report (also written to `report_file`).
pub async fn run(db: &Db, opts: Options, report_file: PathBuf) -> anyhow::Result<()> {
    let dry = opts.dry_run;
    let report = import(db, opts, progress_bar()).await?;
    eprintln!();
    let text = report.render(dry);
    print!("{text}");
    std::fs::write(&report_file, &text)?;
    println!("Báo cáo đã ghi vào {}", report_file.display());
    Ok(())
}

//! `dost unit …`: the department's units and their duties from the command
//! line, for scripts and for the tests (the same as Quản trị → Đơn vị).

use anyhow::{Context, bail};
use chrono::NaiveDate;
use dost_domain::organisation::{record_kinds, unit_code};
use dost_store::Db;
use dost_store::audit::Actor;
use dost_store::organisation::{self, NewUnit};

#[derive(clap::Subcommand)]
pub enum Command {
    /// The units, with their dates, successors and duties.
    List,
    /// Add a unit.
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// van_phong, phong, thanh_tra, chi_cuc, trung_tam or quy.
        #[arg(long, default_value = "phong")]
        kind: String,
        /// The unit it belongs to (its code).
        #[arg(long)]
        parent: Option<String>,
        /// Its first day (YYYY-MM-DD or dd/mm/yyyy).
        #[arg(long)]
        from: String,
        #[arg(long, default_value = "")]
        name_en: String,
        /// The symbol in its documents' numbers (e.g. CĐS).
        #[arg(long, default_value = "")]
        symbol: String,
        /// The title of its head (e.g. TRƯỞNG PHÒNG).
        #[arg(long, default_value = "")]
        head_title: String,
    },
    /// Give a unit the keeping of kinds of record from a day (see `dost unit kinds`).
    Keeps {
        #[arg(long)]
        code: String,
        /// Kinds, comma-separated (e.g. kiem-dinh,so:kiem-tra).
        #[arg(long, value_delimiter = ',')]
        records: Vec<String>,
        #[arg(long)]
        from: String,
    },
    /// A unit stops keeping kinds of record after a day.
    Drops {
        #[arg(long)]
        code: String,
        #[arg(long, value_delimiter = ',')]
        records: Vec<String>,
        /// Its last day of keeping them.
        #[arg(long)]
        on: String,
    },
    /// Close a unit on a day (its last), naming who continues its records.
    Close {
        #[arg(long)]
        code: String,
        #[arg(long)]
        on: String,
        #[arg(long)]
        successor: Option<String>,
    },
    /// The kinds of record a unit may keep.
    Kinds,
}

fn day(s: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y"))
        .with_context(|| format!("ngày «{s}» không hợp lệ (dùng YYYY-MM-DD hoặc dd/mm/yyyy)"))
}

/// Stops with the problems found, in one line (the same words as the form's).
fn refuse(problems: Vec<dost_domain::organisation::Problem>) -> anyhow::Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    let said: Vec<String> = problems.into_iter().map(|p| p.1.trim_end_matches('.').to_string()).collect();
    bail!("{}", said.join("; "))
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default()
}

pub async fn run(db: &Db, cmd: Command) -> anyhow::Result<()> {
    let org = organisation::load(db).await?;
    let actor = Actor::command_line();
    match cmd {
        Command::List => {
            for u in &org.units {
                let to = u.to.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default();
                let then = u.successor.as_deref().map(|s| format!(" → {s}")).unwrap_or_default();
                println!("{:<8} {:<52} {:<10} {} – {to}{then}", u.code, u.name, u.kind, u.from.format("%d/%m/%Y"));
                for d in org.duties.iter().filter(|d| d.unit == u.code) {
                    let to = d.to.map(|x| x.format("%d/%m/%Y").to_string()).unwrap_or_default();
                    println!("         giữ {:<28} {} – {to}", d.kind, d.from.format("%d/%m/%Y"));
                }
            }
        }
        Command::Kinds => {
            for (k, name) in record_kinds() {
                println!("{k:<32} {name}");
            }
        }
        Command::Add { code, name, kind, parent, from, name_en, symbol, head_title } => {
            let code = unit_code(&code);
            let from = day(&from)?;
            refuse(org.check_new_unit(&code, &name, &kind, parent.as_deref(), Some(from)))?;
            let u = NewUnit {
                code: code.clone(),
                name: name.trim().to_string(),
                name_en,
                kind,
                parent,
                from: Some(from),
                symbol,
                head_title,
            };
            let mut tx = db.begin(&actor, now()).await?;
            organisation::add_unit(&mut tx, &u).await?;
            tx.commit().await?;
            println!("Đã thêm đơn vị {code} – {} từ {}.", u.name, from.format("%d/%m/%Y"));
        }
        Command::Keeps { code, records, from } => {
            let from = day(&from)?;
            for k in &records {
                refuse(org.check_duty(&code, k, Some(from), true))?;
            }
            let mut tx = db.begin(&actor, now()).await?;
            for k in &records {
                organisation::add_duty(&mut tx, &code, k, from).await?;
            }
            tx.commit().await?;
            println!("Đơn vị {code} giữ {} từ {}.", records.join(", "), from.format("%d/%m/%Y"));
        }
        Command::Drops { code, records, on } => {
            let on = day(&on)?;
            for k in &records {
                refuse(org.check_duty(&code, k, Some(on), false))?;
            }
            let mut tx = db.begin(&actor, now()).await?;
            for k in &records {
                organisation::end_duty(&mut tx, &code, k, on).await?;
            }
            tx.commit().await?;
            println!("Đơn vị {code} thôi giữ {} sau ngày {}.", records.join(", "), on.format("%d/%m/%Y"));
        }
        Command::Close { code, on, successor } => {
            let on = day(&on)?;
            refuse(org.check_close(&code, Some(on), successor.as_deref()))?;
            let mut tx = db.begin(&actor, now()).await?;
            organisation::close_unit(&mut tx, &code, on, successor.as_deref()).await?;
            tx.commit().await?;
            let then = successor.map(|s| format!("; hồ sơ của đơn vị do {s} tiếp tục")).unwrap_or_default();
            println!("Đã đóng đơn vị {code} sau ngày {}{then}.", on.format("%d/%m/%Y"));
        }
    }
    Ok(())
}

//! Public holidays kept as data (working-day deadlines count them).

use chrono::NaiveDate;

use crate::db::on_pool;
use crate::row::row;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};

/// Holidays kept as data (seeded with the known years; staff add more).
/// The calendar of days off, with the weekend days worked in exchange for a
/// swapped day off (`working`).
pub async fn holidays(db: &Db) -> Result<dost_domain::calendar::Holidays> {
    let rows: Vec<(NaiveDate, bool)> =
        on_pool!(db, p => sqlx::query_as("SELECT day, working FROM holidays ORDER BY day").fetch_all(p).await?);
    let (worked, off): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.1);
    Ok(dost_domain::calendar::Holidays::new(off.into_iter().map(|r| r.0))
        .with_worked_days(worked.into_iter().map(|r| r.0)))
}

/// Adds holidays that are not there yet (the demo and the built-in years).
pub async fn add_holidays(tx: &mut Tx, days: &[(NaiveDate, &str)]) -> Result<()> {
    let mut added = 0;
    on_tx!(tx, c => {
        for (d, name) in days {
            added += sqlx::query("INSERT INTO holidays (day, name) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING")
                .bind(d).bind(*name).execute(&mut *c).await?.rows_affected();
        }
    });
    tx.audit(Change::new("import", "holiday", None, format!("Thêm {added} ngày nghỉ lễ, Tết")));
    Ok(())
}

row! {
    /// A public holiday.
    #[derive(Debug, Clone)]
    pub struct Holiday {
        pub day: NaiveDate,
        pub name: String,
    }
}

/// The holidays of one year.
pub async fn holidays_of(db: &Db, year: i32) -> Result<Vec<Holiday>> {
    let (a, b) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31));
    Ok(on_pool!(db, p => sqlx::query_as("SELECT day, name FROM holidays WHERE day >= $1 AND day <= $2 ORDER BY day")
        .bind(a).bind(b).fetch_all(p).await?))
}

/// Adds (or renames) a holiday, or removes it when `name` is `None`.
pub async fn set_holiday(tx: &mut Tx, day: NaiveDate, name: Option<&str>) -> Result<()> {
    on_tx!(tx, c => match name {
        Some(n) => {
            sqlx::query("INSERT INTO holidays (day, name) VALUES ($1, $2) ON CONFLICT (day) DO UPDATE SET name = excluded.name")
                .bind(day).bind(n).execute(&mut *c).await?;
        }
        None => {
            sqlx::query("DELETE FROM holidays WHERE day = $1").bind(day).execute(&mut *c).await?;
        }
    });
    let action = if name.is_some() { "create" } else { "delete" };
    tx.audit(Change::new(action, "holiday", None, format!("{day} {}", name.unwrap_or(""))));
    Ok(())
}

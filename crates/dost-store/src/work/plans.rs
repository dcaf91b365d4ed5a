//! The annual plan's targets and typed results.

use chrono::NaiveDate;

use crate::db::on_pool;
use crate::row::row;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};

/// Sets a plan target of a year (creating the indicator if needed).
pub async fn add_plan(
    tx: &mut Tx,
    year: i64,
    unit_id: Option<i64>,
    code: &str,
    (name, measure): (&str, &str),
    target: i64,
) -> Result<i64> {
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO plan_indicators (year, unit_id, code, name, measure, target) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (year, code) DO UPDATE SET target = excluded.target RETURNING id"
    ).bind(year).bind(unit_id).bind(code).bind(name).bind(measure).bind(target).fetch_one(&mut *c).await?);
    tx.audit(Change::new("update", "plan_indicator", Some(id), format!("Kế hoạch {year}: {name} {target}")));
    Ok(id)
}

row! {
    /// A plan indicator of a year with its target.
    #[derive(Debug, Clone)]
    pub struct PlanIndicator {
        pub id: i64,
        pub code: String,
        pub name: String,
        pub measure: String,
        pub target: i64,
        /// The unit's name (empty when none is given).
        pub unit: String,
    }
}

/// A year's plan indicators, by unit.
pub async fn plan_indicators(db: &Db, year: i64) -> Result<Vec<PlanIndicator>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT pi.id, pi.code, pi.name, pi.measure, pi.target, COALESCE(u.name, '') AS unit FROM plan_indicators pi \
         LEFT JOIN units u ON u.id = pi.unit_id WHERE pi.year = $1 ORDER BY u.position, pi.id"
    ).bind(year).fetch_all(p).await?))
}

/// Records the result of an indicator that has no record type, as reported
/// on a day (a report takes the latest on or before its last day).
pub async fn add_plan_result(tx: &mut Tx, year: i64, code: &str, reported_on: NaiveDate, achieved: i64) -> Result<()> {
    on_tx!(tx, c => {
        sqlx::query("INSERT INTO plan_results (indicator_id, reported_on, achieved) \
                     SELECT id, $1, $2 FROM plan_indicators WHERE year = $3 AND code = $4")
            .bind(reported_on).bind(achieved).bind(year).bind(code).execute(&mut *c).await?;
    });
    tx.audit(Change::new(
        "create",
        "plan_result",
        None,
        format!("Kết quả {year} {code} đến ngày {}: {achieved}", dost_domain::format::date(reported_on)),
    ));
    Ok(())
}

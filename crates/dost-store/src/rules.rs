//! The rule book: the versions shipped with the code and the department's own
//! (table `rule_versions`, kept through the register "Quy định áp dụng").

use chrono::NaiveDate;
use dost_domain::rules::{RuleBook, RuleVersion, Scope};

use crate::db::on_pool;
use crate::{Db, Result, StoreError};

/// Every rule version in force anywhere.
pub async fn rule_book(db: &Db) -> Result<RuleBook> {
    let rows: Vec<(String, String, NaiveDate, String, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT key, scope, effective_from, value, basis FROM rule_versions ORDER BY effective_from, id"
    ).fetch_all(p).await?);
    let mut own = Vec::with_capacity(rows.len());
    for (key, scope, effective_from, value, basis) in rows {
        let scope = Scope::parse(&scope).ok_or_else(|| StoreError::Invalid(format!("rule scope {scope}")))?;
        own.push(RuleVersion { key, scope, effective_from, value, basis });
    }
    Ok(RuleBook::shipped().with(own))
}

//! Inspections and checks (the demo's loader and the period's lists).

use chrono::NaiveDate;

use crate::db::on_pool;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};

pub struct NewInspection {
    pub subject: String,
    pub subject_kind: &'static str,
    pub district: String,
    pub on_date: NaiveDate,
    pub domain: &'static str,
    pub kind: &'static str,
    pub findings: String,
}

/// Records inspections (the demo's; staff use the inspections register).
pub async fn add_inspections(tx: &mut Tx, items: &[NewInspection]) -> Result<()> {
    on_tx!(tx, c => {
        for i in items {
            sqlx::query("INSERT INTO inspections (subject, subject_kind, district, on_date, domain, kind, findings) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(&i.subject).bind(i.subject_kind).bind(&i.district).bind(i.on_date).bind(i.domain).bind(i.kind).bind(&i.findings)
                .execute(&mut *c).await?;
        }
    });
    tx.audit(Change::new("import", "inspections", None, format!("Nhập {} cuộc thanh tra, kiểm tra", items.len())));
    Ok(())
}

/// Inspections in a period: (kind, domain, subject kind, distinct subjects, districts).
pub async fn inspections_summary(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, String, String, i64)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT kind, domain, subject_kind, COUNT(DISTINCT subject) FROM inspections WHERE on_date >= $1 AND on_date <= $2 \
         GROUP BY kind, domain, subject_kind ORDER BY kind, domain"
    ).bind(from).bind(to).fetch_all(p).await?))
}

/// Districts where a kind of inspection took place in a period.
pub async fn inspection_districts(db: &Db, from: NaiveDate, to: NaiveDate, kind: &str) -> Result<Vec<String>> {
    Ok(on_pool!(db, p => sqlx::query_scalar(
        "SELECT DISTINCT district FROM inspections WHERE on_date >= $1 AND on_date <= $2 AND kind = $3 ORDER BY district"
    ).bind(from).bind(to).bind(kind).fetch_all(p).await?))
}

/// Inspections in a period, optionally of one kind: (date, kind, domain, subject, district, findings).
pub async fn inspection_list(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
    kind: &str,
) -> Result<Vec<(NaiveDate, String, String, String, String, String)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT on_date, kind, domain, subject, district, findings FROM inspections \
         WHERE on_date >= $1 AND on_date <= $2 AND ($3 = '' OR kind = $3) ORDER BY on_date, id"
    ).bind(from).bind(to).bind(kind).fetch_all(p).await?))
}

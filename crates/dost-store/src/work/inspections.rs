//! Inspections and checks recorded in bulk (the demo's loader; staff use the
//! inspections register).

use chrono::NaiveDate;

use crate::Result;
use crate::tx::{Change, Tx, on_tx};

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
    tx.audit(Change::new(
        "import",
        "inspections",
        None,
        format!("Nhập {} cuộc thanh tra, kiểm tra", dost_domain::format::int(items.len() as i64)),
    ));
    Ok(())
}

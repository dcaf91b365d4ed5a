//! The applied S&T centre's products and sales, and the small record types.

use chrono::NaiveDate;

use crate::db::on_pool;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};

pub async fn add_product(tx: &mut Tx, code: &str, name: &str, measure: &str) -> Result<i64> {
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar("INSERT INTO products (code, name, measure) VALUES ($1, $2, $3) RETURNING id")
        .bind(code).bind(name).bind(measure).fetch_one(&mut *c).await?);
    tx.audit(Change::new("create", "products", Some(id), name.to_string()));
    Ok(id)
}

/// Records sales: (product, day, quantity, revenue).
pub async fn add_sales(tx: &mut Tx, items: &[(i64, NaiveDate, i64, i64)]) -> Result<()> {
    on_tx!(tx, c => {
        for (product, on, qty, revenue) in items {
            sqlx::query("INSERT INTO sales (product_id, on_date, quantity, revenue) VALUES ($1, $2, $3, $4)")
                .bind(product).bind(on).bind(qty).bind(revenue).execute(&mut *c).await?;
        }
    });
    tx.audit(Change::new(
        "import",
        "sales",
        None,
        format!("Nhập {} lần bán hàng", dost_domain::format::int(items.len() as i64)),
    ));
    Ok(())
}

/// The small record types of the demo: (table, kind, date, title or place, number).
pub async fn add_simple(tx: &mut Tx, table: &str, kind: &str, on: NaiveDate, title: &str, number: i64) -> Result<()> {
    let (sql, entity) = match table {
        "centre_services" => (
            "INSERT INTO centre_services (kind, on_date, place, participants) VALUES ($1, $2, $3, $4)",
            "centre_services",
        ),
        "outreach" => ("INSERT INTO outreach (kind, on_date, title, copies) VALUES ($1, $2, $3, $4)", "outreach"),
        "fund_cases" => ("INSERT INTO fund_cases (kind, on_date, title, amount) VALUES ($1, $2, $3, $4)", "fund_cases"),
        _ => (
            "INSERT INTO advisory_documents (kind, on_date, title, unit_id) VALUES ($1, $2, $3, NULLIF($4, 0))",
            "advisory_documents",
        ),
    };
    on_tx!(tx, c => { sqlx::query(sql).bind(kind).bind(on).bind(title).bind(number).execute(&mut *c).await?; });
    tx.audit(Change::new("create", entity, None, title.to_string()));
    Ok(())
}

/// Products of the applied S&T centre: (id, name, measure).
pub async fn products(db: &Db) -> Result<Vec<(i64, String, String)>> {
    Ok(on_pool!(db, p => sqlx::query_as("SELECT id, name, measure FROM products ORDER BY id").fetch_all(p).await?))
}

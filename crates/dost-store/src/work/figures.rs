//! Aggregate figures of a period (the leadership dashboard reads them).

use chrono::NaiveDate;

use crate::db::on_pool;
use crate::{Db, Result};

/// Verifications done in a period per field, with the year's plan target.
pub async fn verifications_by_field(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
    year: i64,
) -> Result<Vec<(String, i64, Option<i64>)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT t.field, COUNT(v.id), (SELECT target FROM plan_indicators pi WHERE pi.year = $3 AND pi.code = 'kiem_dinh:' || t.field) \
         FROM verifications v JOIN instruments i ON i.id = v.instrument_id JOIN instrument_types t ON t.id = i.type_id \
         WHERE v.verified_on >= $1 AND v.verified_on <= $2 GROUP BY t.field ORDER BY t.field"
    ).bind(from).bind(to).bind(year).fetch_all(p).await?))
}

/// Quantities sold in a period per product, with the year's plan target.
pub async fn sales_by_product(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
    year: i64,
) -> Result<Vec<(String, String, String, i64, Option<i64>)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT pr.code, pr.name, pr.measure, CAST(COALESCE(SUM(s.quantity), 0) AS BIGINT), \
         (SELECT target FROM plan_indicators pi WHERE pi.year = $3 AND pi.code = 'ban_hang:' || pr.code) \
         FROM products pr LEFT JOIN sales s ON s.product_id = pr.id AND s.on_date >= $1 AND s.on_date <= $2 \
         GROUP BY pr.id, pr.code, pr.name, pr.measure ORDER BY pr.id"
    ).bind(from).bind(to).bind(year).fetch_all(p).await?))
}

/// Dossiers finished in a period per procedure: (area, code, name, count, amount).
pub async fn dossiers_by_procedure(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, String, String, i64, i64)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT pr.area, pr.code, pr.name, COUNT(d.id), CAST(COALESCE(SUM(d.amount), 0) AS BIGINT) FROM procedures pr \
         JOIN dossiers d ON d.procedure_id = pr.id WHERE d.returned_on >= $1 AND d.returned_on <= $2 \
         GROUP BY pr.id, pr.area, pr.code, pr.name ORDER BY pr.id"
    ).bind(from).bind(to).fetch_all(p).await?))
}

/// Counts and totals of the small record types in a period: (table, kind, records, number sum).
pub async fn simple_summary(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, String, i64, i64)>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT 'centre_services', kind, COUNT(*), CAST(COALESCE(SUM(participants), 0) AS BIGINT) FROM centre_services WHERE on_date >= $1 AND on_date <= $2 GROUP BY kind \
         UNION ALL SELECT 'outreach', kind, COUNT(*), CAST(COALESCE(SUM(copies), 0) AS BIGINT) FROM outreach WHERE on_date >= $1 AND on_date <= $2 GROUP BY kind \
         UNION ALL SELECT 'fund_cases', kind, COUNT(*), CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM fund_cases WHERE on_date >= $1 AND on_date <= $2 GROUP BY kind \
         UNION ALL SELECT 'advisory_documents', kind, COUNT(*), 0 FROM advisory_documents WHERE on_date >= $1 AND on_date <= $2 GROUP BY kind"
    ).bind(from).bind(to).fetch_all(p).await?))
}

/// Seconds at 00:00 (+07:00) of a day.
fn day_start(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or(0) - 7 * 3600
}

/// Posts and videos published on the portal in a period (both days included):
/// (articles, videos).
pub async fn web_posts(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<(i64, i64)> {
    let (a, b) = (day_start(from), day_start(to) + 86_400);
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM articles WHERE status = 'published' AND published_at >= $1 AND published_at < $2), \
                (SELECT COUNT(*) FROM videos WHERE published_at >= $1 AND published_at < $2)"
    ).bind(a).bind(b).fetch_one(p).await?))
}

/// The portal's posts and videos of a period, for the drill-down: (date, kind, title, path).
pub async fn web_post_list(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<Vec<(i64, String, String, String)>> {
    let (a, b) = (day_start(from), day_start(to) + 86_400);
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT a.published_at, 'bai', a.title, c.slug || '/' || a.slug FROM articles a JOIN categories c ON c.id = a.primary_category_id \
         WHERE a.status = 'published' AND a.published_at >= $1 AND a.published_at < $2 \
         UNION ALL SELECT published_at, 'video', title, '' FROM videos WHERE published_at >= $1 AND published_at < $2 ORDER BY 1"
    ).bind(a).bind(b).fetch_all(p).await?))
}

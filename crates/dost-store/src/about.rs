//! The organisation as the portal introduces it, in Vietnamese and English
//! (kept by the office through the registers "Giới thiệu cơ quan", "Lãnh đạo
//! Sở" and "Cơ cấu tổ chức").

use crate::db::on_pool;
use crate::row::row;
use crate::{Db, Result};

row! {
    #[derive(Debug, Clone)]
    pub struct Section {
        pub kind: String,
        pub position: i64,
        pub body: String,
        pub body_en: String,
    }
}

row! {
    #[derive(Debug, Clone)]
    pub struct Leader {
        pub name: String,
        pub post: String,
        pub post_en: String,
        pub portfolio: String,
        pub portfolio_en: String,
        pub phone: String,
        pub email: String,
    }
}

row! {
    #[derive(Debug, Clone)]
    pub struct OrgUnit {
        pub code: String,
        pub name: String,
        pub name_en: String,
        pub kind: String,
        pub head: String,
        pub phone: String,
        pub email: String,
        pub duties: String,
        pub duties_en: String,
    }
}

/// The parts of the introduction, by kind and order.
pub async fn sections(db: &Db) -> Result<Vec<Section>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT kind, position, body, body_en FROM about_sections WHERE approved = TRUE ORDER BY kind, position, id"
    ).fetch_all(p).await?))
}

/// The department's leaders in order.
pub async fn leaders(db: &Db) -> Result<Vec<Leader>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT name, post, post_en, portfolio, portfolio_en, phone, email FROM leaders WHERE approved = TRUE ORDER BY rank, id"
    ).fetch_all(p).await?))
}

/// The units open on `day`, in the chart's order.
pub async fn units(db: &Db, day: chrono::NaiveDate) -> Result<Vec<OrgUnit>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT code, name, name_en, kind, head, phone, email, duties, duties_en FROM units \
         WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1) ORDER BY position, id"
    ).bind(day).fetch_all(p).await?))
}

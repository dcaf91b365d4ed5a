//! Legal documents as the portal reads them (the office keeps them through
//! the register "Văn bản"; see `dost_domain::registers`).

use chrono::NaiveDate;

use crate::db::on_pool;
use crate::row::row;
use crate::{Db, Result};

row! {
    /// A legal document.
    #[derive(Debug, Clone)]
    pub struct LegalDocument {
        pub id: i64,
        pub number: String,
        pub kind: String,
        pub issuer: String,
        pub signer: String,
        pub issued_on: NaiveDate,
        pub effective_on: Option<NaiveDate>,
        pub expired_on: Option<NaiveDate>,
        pub replaced_by: String,
        pub field: String,
        pub summary: String,
        pub status: String,
        pub file: String,
    }
}

/// Every legal document, the latest issued first.
pub async fn documents(db: &Db) -> Result<Vec<LegalDocument>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT id, number, kind, issuer, signer, issued_on, effective_on, expired_on, replaced_by, field, summary, status, file \
         FROM legal_documents WHERE approved = TRUE ORDER BY issued_on DESC, id DESC"
    ).fetch_all(p).await?))
}

/// The documents whose attached file's text contains every folded word.
pub async fn with_words_in_file(db: &Db, words: &[String]) -> Result<Vec<i64>> {
    let mut found: Option<Vec<i64>> = None;
    for w in words.iter().take(8) {
        let pattern = format!("%{}%", w.replace(['\\', '%', '_'], ""));
        let ids: Vec<i64> = on_pool!(db, p => sqlx::query_scalar(
            "SELECT d.id FROM legal_documents d JOIN media m ON '/tep/' || m.file_path = d.file WHERE m.body_text LIKE $1 AND d.approved = TRUE"
        ).bind(pattern).fetch_all(p).await?);
        found = Some(match found {
            None => ids,
            Some(prev) => prev.into_iter().filter(|i| ids.contains(i)).collect(),
        });
    }
    Ok(found.unwrap_or_default())
}

row! {
    /// A plan, report or budget disclosure.
    #[derive(Debug, Clone)]
    pub struct Disclosure {
        pub id: i64,
        pub kind: String,
        pub title: String,
        pub period: String,
        pub year: i64,
        pub published_on: NaiveDate,
        pub summary: String,
        pub file: String,
    }
}

/// The disclosures of a year (0: every year), the latest first.
pub async fn disclosures(db: &Db, year: i64) -> Result<Vec<Disclosure>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT id, kind, title, period, year, published_on, summary, file FROM disclosures \
         WHERE ($1 = 0 OR year = $1) AND approved = TRUE ORDER BY published_on DESC, id DESC"
    ).bind(year).fetch_all(p).await?))
}

/// The years with disclosures, the latest first.
pub async fn disclosure_years(db: &Db) -> Result<Vec<i64>> {
    Ok(
        on_pool!(db, p => sqlx::query_scalar("SELECT DISTINCT year FROM disclosures WHERE approved = TRUE ORDER BY year DESC").fetch_all(p).await?),
    )
}

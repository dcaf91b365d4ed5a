//! The database layer of dost: one SQL text over SQLite (embedded default) and
//! PostgreSQL (several instances). Queries use `$1` placeholders, which both
//! engines accept; timestamps are Unix seconds in BIGINT columns so that
//! comparisons and ordering mean the same on both.

pub mod about;
pub mod accounts;
pub mod article_changes;
pub mod audit;
pub mod backup;
pub mod content;
pub mod copy;
mod db;
pub mod editorial;
mod error;
pub mod legal;
pub mod limits;
pub mod media;
pub mod migrate;
pub mod moves;
pub mod organisation;
pub mod participation;
pub mod portal;
pub mod records;
pub mod registers;
pub mod report;
mod row;
pub mod rules;
pub mod schedule;
pub mod search_index;
pub mod site;
pub mod stats;
pub mod tasks;
pub mod tx;
pub mod work;

pub use db::{Db, Engine, Sqlite};
pub use error::StoreError;
pub use tx::{Change, Committed, Tx};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

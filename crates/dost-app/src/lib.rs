//! Use cases of dost that are not HTTP: what the web layer and the command
//! line both call. Errors are this crate's own ([`AppError`]); the web layer
//! maps them to responses, the command line prints them.

pub mod backup;
pub mod digest;
pub mod documents;
pub mod import;
pub mod mail;
#[cfg(feature = "nukeviet")]
pub mod nukeviet;
pub mod passwords;
pub mod report;

mod error;
pub use error::AppError;

//! The neutral HTTP layer both the portal and the back office build on:
//! errors and their pages, strict decoding of queries and forms, path
//! parameters, the client's address, cookies, pagers and downloads.
//! Nothing here knows the portal or the back office.

pub mod client;
pub mod cookies;
pub mod error;
pub mod form;
pub mod limiter;
pub mod pager;
pub mod path;
pub mod query;
pub mod rejections;
pub mod respond;
pub mod revalidate;

pub use client::ClientAddr;
pub use error::WebError;
pub use pager::Pager;
pub use path::VnPath;
pub use query::{encode, parse_pairs, parse_query};
pub use revalidate::IfNoneMatch;

//! The neutral HTTP layer both the portal and the back office build on:
//! errors and their pages, strict decoding of queries and forms, path
//! parameters, the client's address, cookies, pagers and downloads.
//! Nothing here knows the portal or the back office.

pub mod client;
pub mod cookies;
pub mod encoding;
pub mod error;
pub mod form;
pub mod limiter;
pub mod min_rate;
pub mod page_headers;
pub mod pager;
pub mod path;
pub mod query;
pub mod rejections;
pub mod respond;

pub use client::ClientAddr;
pub use error::WebError;
pub use page_headers::PageHeaders;
pub use pager::Pager;
pub use path::VnPath;
pub use query::{encode, parse_pairs, parse_query};

//! What the public sends, handled in the back office: comments on drafts
//! (the office or an editor shows or refuses each) and questions (routed to
//! a unit, answered by it, approved by a leader or an editor).

pub mod comments;
pub mod questions;

use dost_domain::text::paragraphs;

/// One tab of a list by state: (code, label, count, active).
pub struct Tab {
    pub code: &'static str,
    pub label: &'static str,
    pub count: i64,
    pub active: bool,
}

//! Pure types and rules of dost. Nothing here touches a database, a file or the
//! network: every rule is a plain function and is unit-tested directly.

pub mod access;
pub mod audit_labels;
pub mod calendar;
pub mod cells;
pub mod content;
pub mod diff;
pub mod dossier_input;
pub mod dossiers;
pub mod format;
pub mod html;
pub mod media;
pub mod metrology;
pub mod nukeviet;
pub mod organisation;
pub mod page;
pub mod participation;
pub mod rating;
pub mod registers;
pub mod report;
pub mod roles;
pub mod rules;
pub mod schedule;
pub mod schedule_rules;
pub mod search;
pub mod task_input;
pub mod tasks;
pub mod text;
pub mod totp;
pub mod verification_input;
pub mod visitors;
pub mod workflow;

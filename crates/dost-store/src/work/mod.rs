//! Records of the department's other work, and the aggregate figures the
//! leadership dashboard and the period report read (a few queries per period).

mod calendar;
mod centre;
mod directives;
mod dossiers;
mod figures;
mod inspections;
mod plans;
mod verifications;

pub use calendar::*;
pub use centre::*;
pub use directives::*;
pub use dossiers::*;
pub use figures::*;
pub use inspections::*;
pub use plans::*;
pub use verifications::*;

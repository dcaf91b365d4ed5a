//! Records of the department's other work: calendars, plans, verifications,
//! dossiers, inspections, the centre's registers, directives. (What a period
//! counts of them is `report::figures`.)

mod calendar;
mod centre;
mod directives;
mod dossiers;
mod inspections;
mod plans;
mod verifications;

pub use calendar::*;
pub use centre::*;
pub use directives::*;
pub use dossiers::*;
pub use inspections::*;
pub use plans::*;
pub use verifications::*;

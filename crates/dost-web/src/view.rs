//! Pieces of pages that the portal and the back office both draw.

/// An option of a `<select>` or a checkbox.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

//! Where a plan indicator's progress is counted from.

/// Where a plan indicator's progress comes from, by its code: verifications
/// of a field (`kiem_dinh:khoi_luong`), sales of a product
/// (`ban_hang:tra_giao_co_lam`), or the figure typed on the indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    Verifications(String),
    Sales(String),
    Typed,
}

pub fn progress_source(code: &str) -> Progress {
    match code.split_once(':') {
        Some(("kiem_dinh", field)) => Progress::Verifications(field.to_string()),
        Some(("ban_hang", product)) => Progress::Sales(product.to_string()),
        _ => Progress::Typed,
    }
}

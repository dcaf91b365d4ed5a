//! A task's money: instalments within the contract, payments within their
//! instalment, the settlement.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum MoneyError {
    #[error("Đợt cấp {asked} vượt phần kinh phí còn lại của hợp đồng ({left}).")]
    BeyondContract { asked: String, left: String },
    #[error("Số đã cấp {paid} vượt số dự kiến của đợt ({planned}).")]
    BeyondInstalment { paid: String, planned: String },
    #[error("Kinh phí được quyết toán ({approved}) không được vượt giá trị hợp đồng ({value}).")]
    ApprovedBeyondContract { approved: String, value: String },
}

/// A new instalment planned: the instalments together stay within the contract.
pub fn check_instalment(value: i64, planned: &[i64], asked: i64) -> Result<(), MoneyError> {
    let left = value - planned.iter().sum::<i64>();
    if asked > left {
        return Err(MoneyError::BeyondContract {
            asked: crate::format::money(asked),
            left: crate::format::money(left.max(0)),
        });
    }
    Ok(())
}

/// A payment of an instalment: not more than the instalment planned.
pub fn check_payment(planned: i64, paid: i64) -> Result<(), MoneyError> {
    if paid > planned {
        return Err(MoneyError::BeyondInstalment {
            paid: crate::format::money(paid),
            planned: crate::format::money(planned),
        });
    }
    Ok(())
}

/// The settlement of a contract: what is still to be paid to the lead
/// organisation (positive) or recovered from it (negative), the amount
/// approved at settlement against what was paid.
pub fn settlement(value: i64, paid: i64, approved: i64) -> Result<i64, MoneyError> {
    if approved > value {
        return Err(MoneyError::ApprovedBeyondContract {
            approved: crate::format::money(approved),
            value: crate::format::money(value),
        });
    }
    Ok(approved - paid)
}

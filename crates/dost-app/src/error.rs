use thiserror::Error;

/// What can go wrong in a use case.
#[derive(Debug, Error)]
pub enum AppError {
    /// Something the person gave is not acceptable (the message says what, in Vietnamese).
    #[error("{0}")]
    Invalid(String),
    /// The person may not have what they asked for (the message says why).
    #[error("{0}")]
    Forbidden(String),
    #[error(transparent)]
    Store(#[from] dost_store::StoreError),
    #[error("{0}")]
    Internal(String),
}

//! The core's one error type. Each kind has a stable `code` the desktop
//! shell passes to the UI, and validation errors carry the field they are about.

use crate::domain::ValidationError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Validation(#[from] ValidationError),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("The document could not be made: {0}")]
    Document(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation(_) => "validation",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Store(StoreError::InUse) => "in_use",
            Error::Store(StoreError::Import(_)) => "import",
            Error::Store(StoreError::WrongPassphrase) => "wrong_passphrase",
            Error::Store(StoreError::BackupLocked) => "backup_locked",
            Error::Store(_) => "storage",
            Error::Io(_) => "io",
            Error::Document(_) => "document",
        }
    }

    /// The form field a validation error is about.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Validation(v) => Some(&v.field),
            _ => None,
        }
    }
}

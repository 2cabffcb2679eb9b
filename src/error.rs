//! The core's one error type. Each kind has a stable `code` the desktop
//! shell passes to the UI, and validation errors carry the field they are about.

use serde::Serialize;
use ts_rs::TS;

use crate::domain::ValidationError;
use crate::store::StoreError;

/// What kind of failure an error is, as the window is told it: the UI
/// decides what to show by this (a message beside a field, the unlock
/// screen), and gets it as a TypeScript union of these names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Something typed is not acceptable; the error names the field.
    Validation,
    NotFound,
    Conflict,
    /// The data folder is in use (by another Tend, or a restore running).
    InUse,
    Import,
    WrongPassphrase,
    /// The chosen backup is encrypted and needs its passphrase.
    BackupLocked,
    /// The data is encrypted and not yet unlocked.
    Locked,
    Storage,
    Io,
    Document,
    /// The window sent what the desktop shell could not read (a defect).
    InvalidRequest,
    /// Anything else the window was thrown.
    Unknown,
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(name)) => f.write_str(&name),
            _ => write!(f, "{self:?}"),
        }
    }
}

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
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Validation(_) => ErrorCode::Validation,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::Store(StoreError::InUse) => ErrorCode::InUse,
            Error::Store(StoreError::Import(_)) => ErrorCode::Import,
            Error::Store(StoreError::WrongPassphrase) => ErrorCode::WrongPassphrase,
            Error::Store(StoreError::BackupLocked) => ErrorCode::BackupLocked,
            Error::Store(_) => ErrorCode::Storage,
            Error::Io(_) => ErrorCode::Io,
            Error::Document(_) => ErrorCode::Document,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_named_as_the_window_receives_them() {
        assert_eq!(ErrorCode::WrongPassphrase.to_string(), "wrong_passphrase");
        assert_eq!(
            serde_json::to_string(&Error::NotFound("gone".into()).code()).unwrap(),
            r#""not_found""#
        );
    }
}

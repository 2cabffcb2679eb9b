//! Validation errors name the field they are about, so the UI can show the
//! message next to it.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct ValidationError {
    /// The field's name as the UI knows it, e.g. `full_name` or `date_of_birth`.
    pub field: String,
    pub message: String,
}

impl ValidationError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

pub type Validated<T> = std::result::Result<T, ValidationError>;

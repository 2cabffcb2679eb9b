//! The one error type commands return. It reaches the UI as
//! `{ "code": "...", "message": "...", "field"?: "..." }`.

use serde::Serialize;
use tend::ErrorCode;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
        }
    }
}

impl From<tend::Error> for CommandError {
    fn from(error: tend::Error) -> Self {
        // Only the code goes to the log: messages may hold a person's name.
        log::warn!("command failed: {}", error.code());
        Self {
            code: error.code(),
            message: error.to_string(),
            field: error.field().map(str::to_string),
        }
    }
}

pub type CommandResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;
    use tend::domain::ValidationError;

    #[test]
    fn validation_errors_reach_the_ui_with_their_field() {
        let error: CommandError =
            tend::Error::from(ValidationError::new("full_name", "Name is required.")).into();
        assert_eq!(
            serde_json::to_string(&error).unwrap(),
            r#"{"code":"validation","message":"Name is required.","field":"full_name"}"#
        );
    }

    #[test]
    fn other_errors_have_no_field() {
        let error: CommandError =
            tend::Error::NotFound("That session is no longer in Tend.".into()).into();
        assert_eq!(
            serde_json::to_string(&error).unwrap(),
            r#"{"code":"not_found","message":"That session is no longer in Tend."}"#
        );
    }
}

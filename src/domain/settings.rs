//! Choices a coordinator makes once for the whole of Tend.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::validation::{Validated, ValidationError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    /// Someone enrolled who has missed this many sessions in a row is listed
    /// under "Stopped coming".
    pub stopped_coming_after: u16,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            stopped_coming_after: 3,
        }
    }
}

impl Settings {
    pub fn validated(self) -> Validated<Self> {
        if !(1..=52).contains(&self.stopped_coming_after) {
            return Err(ValidationError::new(
                "stopped_coming_after",
                "Choose a number of sessions from 1 to 52.",
            ));
        }
        Ok(self)
    }
}

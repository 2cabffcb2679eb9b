//! Choices a coordinator makes once for the whole of Tend.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::validation::{Validated, ValidationError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Settings {
    /// Someone enrolled who has missed this many sessions in a row is listed
    /// under "Stopped coming".
    pub stopped_coming_after: u16,
    /// A referral received this many days ago and not yet contacted is
    /// "waiting too long".
    #[serde(default = "default_waiting_days")]
    pub waiting_too_long_days: u16,
    /// While a referral is active (and the person consented), a progress
    /// letter is due this many weeks after the last letter.
    #[serde(default = "default_progress_weeks")]
    pub progress_every_weeks: u16,
}

fn default_waiting_days() -> u16 {
    7
}

fn default_progress_weeks() -> u16 {
    8
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            stopped_coming_after: 3,
            waiting_too_long_days: default_waiting_days(),
            progress_every_weeks: default_progress_weeks(),
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
        if !(1..=365).contains(&self.waiting_too_long_days) {
            return Err(ValidationError::new(
                "waiting_too_long_days",
                "Choose a number of days from 1 to 365.",
            ));
        }
        if !(1..=52).contains(&self.progress_every_weeks) {
            return Err(ValidationError::new(
                "progress_every_weeks",
                "Choose a number of weeks from 1 to 52.",
            ));
        }
        Ok(self)
    }
}

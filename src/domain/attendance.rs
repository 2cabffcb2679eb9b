//! An attendance mark: one participant at one session.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::{ParticipantId, SessionId};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttendanceMark {
    pub session: SessionId,
    pub participant: ParticipantId,
    pub mark: Mark,
    /// Came without being expected (not enrolled before the session).
    #[serde(default)]
    pub walk_in: bool,
    /// This was the person's first attendance at any session.
    #[serde(default)]
    pub first_visit: bool,
    #[serde(default)]
    pub note: String,
    #[ts(type = "string")]
    pub recorded_at: DateTime<Utc>,
}

impl AttendanceMark {
    /// The mark as it stays once its person is erased: a headcount with
    /// no note (the session and the random id only).
    pub fn anonymous(self) -> Self {
        Self {
            note: String::new(),
            ..self
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Present,
    Apologies,
    Absent,
}

impl Mark {
    pub fn label(self) -> &'static str {
        match self {
            Mark::Present => "Present",
            Mark::Apologies => "Apologies",
            Mark::Absent => "Absent",
        }
    }
}

impl std::str::FromStr for Mark {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "present" => Ok(Mark::Present),
            "apologies" => Ok(Mark::Apologies),
            "absent" => Ok(Mark::Absent),
            other => Err(format!(
                "\"{other}\" is not a mark: use present, apologies or absent"
            )),
        }
    }
}

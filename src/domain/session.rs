//! One occurrence of an activity on a date.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::{ActivityId, SessionId};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Session {
    pub id: SessionId,
    pub activity: ActivityId,
    pub date: NaiveDate,
    #[ts(type = "string")]
    pub start_time: NaiveTime,
    pub duration_minutes: u16,
    pub place: String,
    pub leader: String,
    pub status: SessionStatus,
    /// Set when the session was moved from its usual date or time.
    #[serde(default)]
    pub moved: Option<Moved>,
}

impl Session {
    pub fn is_cancelled(&self) -> bool {
        matches!(self.status, SessionStatus::Cancelled { .. })
    }

    /// Counted as offered in a document made on `day`: held by then (on or
    /// before it) and not cancelled. Sessions still to come are not.
    pub fn offered_by(&self, day: NaiveDate) -> bool {
        self.date <= day && !self.is_cancelled()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Moved {
    pub from: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SessionStatus {
    Planned,
    Held,
    /// Cancelled sessions stay visible and count as not offered.
    Cancelled {
        reason: String,
    },
}

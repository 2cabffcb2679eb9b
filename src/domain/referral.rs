//! A referral: who referred whom, when, why, and what has happened since.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::{ActivityId, ParticipantId, ReferralId, ReferrerId};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Referral {
    pub id: ReferralId,
    pub participant: ParticipantId,
    pub referrer: ReferrerId,
    pub received_on: NaiveDate,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub needs_and_concerns: String,
    #[serde(default)]
    pub suggested_activities: Vec<ActivityId>,
    /// Every change of status with its date, oldest first; never empty.
    pub history: Vec<StatusChange>,
    #[serde(default)]
    pub closing_reason: Option<ClosingReason>,
    /// What the participant says has changed, in their words (for letters).
    #[serde(default)]
    pub changes: String,
    /// The outcome, for the closing summary.
    #[serde(default)]
    pub outcome: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusChange {
    pub status: ReferralStatus,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    Received,
    Contacted,
    FirstAttended,
    Active,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum ClosingReason {
    Completed,
    Declined,
    DidNotEngage,
    MovedAway,
    Other { detail: String },
}

impl ReferralStatus {
    /// In words, as lists and records show it.
    pub fn words(self) -> &'static str {
        match self {
            ReferralStatus::Received => "Received",
            ReferralStatus::Contacted => "Contacted",
            ReferralStatus::FirstAttended => "First attended",
            ReferralStatus::Active => "Active",
            ReferralStatus::Closed => "Closed",
        }
    }
}

impl ClosingReason {
    /// In words, for letters and lists.
    pub fn words(&self) -> String {
        match self {
            ClosingReason::Completed => "support completed".into(),
            ClosingReason::Declined => "they decided not to take part".into(),
            ClosingReason::DidNotEngage => "they did not take up the support offered".into(),
            ClosingReason::MovedAway => "they moved away".into(),
            ClosingReason::Other { detail } => detail.clone(),
        }
    }
}

impl Referral {
    pub fn status(&self) -> ReferralStatus {
        self.history
            .last()
            .map_or(ReferralStatus::Received, |change| change.status)
    }
}

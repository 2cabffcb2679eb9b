//! A letter sent to a referrer, kept so it can be reprinted exactly as sent.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::{LetterId, ParticipantId, ReferralId, ReferrerId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LetterRecord {
    pub id: LetterId,
    pub referral: ReferralId,
    pub participant: ParticipantId,
    pub referrer: ReferrerId,
    pub kind: LetterKind,
    pub produced_on: NaiveDate,
    #[serde(default)]
    pub sent_on: Option<NaiveDate>,
    /// The letter's text as produced, so a reprint is exactly what was sent.
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LetterKind {
    Acknowledgement,
    Progress,
    Closing,
}

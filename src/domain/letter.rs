//! A letter sent to a referrer, kept so it can be reprinted exactly as sent.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::{LetterId, ParticipantId, ReferralId, ReferrerId};
use super::organisation::Organisation;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The address block, one line per line, as printed.
    #[serde(default)]
    pub recipient: Vec<String>,
    /// The letterhead as it was when the letter was produced.
    #[serde(default)]
    pub letterhead: Organisation,
    /// Coded entries for the GP record ("SNOMED CT 871731000000106 …").
    #[serde(default)]
    pub codes: Vec<String>,
    /// "Dear Dr Siân Evans,"
    #[serde(default)]
    pub salutation: String,
    /// The bold "Re:" line naming the participant.
    #[serde(default)]
    pub heading: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum LetterKind {
    Acknowledgement,
    Progress,
    Closing,
}

impl LetterKind {
    /// In words: "Acknowledgement letter".
    pub fn words(self) -> &'static str {
        match self {
            LetterKind::Acknowledgement => "Acknowledgement letter",
            LetterKind::Progress => "Progress letter",
            LetterKind::Closing => "Closing letter",
        }
    }
}

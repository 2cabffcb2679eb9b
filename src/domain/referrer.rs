//! A referrer: a person at a GP practice, link-worker service, mental health
//! team… who sends people to the group, and who gets letters back.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::ReferrerId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Referrer {
    pub id: ReferrerId,
    pub name: String,
    #[serde(default)]
    pub role: String,
    pub organisation: String,
    pub kind: ReferrerKind,
    /// The NHS ODS code of a GP practice.
    #[serde(default)]
    pub ods_code: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReferrerKind {
    GpPractice,
    LinkWorker,
    MentalHealthTeam,
    SelfReferral,
    Other,
}

//! Erasing a person (UK GDPR Article 17): what stays behind is a tombstone
//! holding no personal data — whose random id it was, when, by which
//! role, why, and how many records went — so a restore of an older backup
//! can erase them again, and a subject access request for them can say
//! only that they were erased.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::{ParticipantId, VolunteerId};
use super::names::FoldedName;
use super::staff_role::StaffRole;
use super::text::{self, LINE_MAX};
use super::validation::{Validated, ValidationError};

/// Whose record was erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[ts(export)]
pub enum ErasedPerson {
    Participant(ParticipantId),
    Volunteer(VolunteerId),
}

/// How many records went with the person; their attendance marks stay,
/// without notes and naming nobody, so past headcounts do not change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ErasedCounts {
    pub referrals: u32,
    pub letters: u32,
    pub spells: u32,
    pub access_requests: u32,
    /// Attendance marks kept as anonymous headcounts.
    pub marks_kept: u32,
    /// Rota places kept as "a volunteer".
    pub rota_kept: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Erasure {
    pub person: ErasedPerson,
    pub erased_on: NaiveDate,
    pub by: StaffRole,
    /// Why, in words that must not name them.
    pub reason: String,
    pub removed: ErasedCounts,
}

impl Erasure {
    /// The confirmation typed must be the person's full name exactly (as
    /// the record holds it, spaces at either end aside), and the reason
    /// must be given and must not name them: it is kept after they go.
    pub fn new(
        person: ErasedPerson,
        full_name: &str,
        confirm: &str,
        by: StaffRole,
        reason: &str,
        today: NaiveDate,
    ) -> Validated<Self> {
        if confirm.trim() != full_name.trim() {
            return Err(ValidationError::new(
                "confirm",
                "That is not their full name as Tend holds it. Type it exactly to erase them.",
            ));
        }
        let reason = text::required("reason", "The reason", reason, LINE_MAX)?;
        if FoldedName::new(full_name).mentioned_in(&reason) {
            return Err(ValidationError::new(
                "reason",
                "The reason is kept after they are erased, so it must not name them.",
            ));
        }
        Ok(Self {
            person,
            erased_on: today,
            by,
            reason,
            removed: ErasedCounts::default(),
        })
    }

    /// "This person's record was erased on Tuesday 1 December 2026."
    pub fn words(&self) -> String {
        format!(
            "This person's record was erased on {}.",
            super::dates::long_date(self.erased_on)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn erasure(confirm: &str, reason: &str) -> Validated<Erasure> {
        Erasure::new(
            ErasedPerson::Participant(ParticipantId::new()),
            "Zoë Ní Bhriain",
            confirm,
            StaffRole::Coordinator,
            reason,
            day(),
        )
    }

    #[test]
    fn the_confirmation_must_be_the_name_exactly() {
        let wrong = erasure("Zoe Ni Bhriain", "Asked in writing").unwrap_err();
        assert_eq!(wrong.field, "confirm");
        assert!(
            wrong.message.contains("not their full name"),
            "{}",
            wrong.message
        );
        assert!(erasure(" Zoë Ní Bhriain ", "Asked in writing").is_ok());
    }

    #[test]
    fn the_reason_is_needed_and_must_not_name_them() {
        assert_eq!(erasure("Zoë Ní Bhriain", "  ").unwrap_err().field, "reason");
        let named = erasure("Zoë Ní Bhriain", "Zoe asked by phone").unwrap_err();
        assert_eq!(named.field, "reason");
        let kept = erasure("Zoë Ní Bhriain", "Asked by phone").unwrap();
        assert_eq!(kept.reason, "Asked by phone");
        assert_eq!(
            kept.words(),
            "This person's record was erased on Tuesday 1 December 2026."
        );
    }
}

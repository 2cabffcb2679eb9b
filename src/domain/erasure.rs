//! Erasing a person (UK GDPR Article 17): what stays behind is a tombstone
//! holding no personal data — whose random id it was, when, by which
//! role, why, and how many records went — so a restore of an older backup
//! can erase them again, and a subject access request for them can say
//! only that they were erased.

use super::demographics::{Gender, age_band};
use super::outcome::{Answers, OutcomeRecord};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::activity::Enrolment;
use super::ids::{ParticipantId, VolunteerId};
use super::names::FoldedName;
use super::participant::ParticipantDetails;
use super::referral::Referral;
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

/// What an anonymised person leaves for reports, identifying nobody: the
/// age band they were in and the first half of their postcode. (Their
/// marks, spells and referrals' dates and outcomes stay beside it.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Anonymous {
    pub age_band: Option<String>,
    /// "AB7" of "AB7 8XY".
    pub postcode_district: String,
    /// As they said it, for reports by gender.
    #[serde(default)]
    pub gender: Option<Gender>,
}

impl Anonymous {
    pub fn of(details: &ParticipantDetails, on: NaiveDate) -> Self {
        Self {
            age_band: details
                .date_of_birth
                .map(|born| age_band(born, on).to_string()),
            postcode_district: postcode_district(&details.postcode),
            gender: details.gender,
        }
    }
}

/// The outward half of a UK postcode ("AB7" of "ab7 8xy" or "AB78XY").
pub fn postcode_district(postcode: &str) -> String {
    let compact: String = postcode
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_uppercase();
    if compact.len() > 3 {
        compact[..compact.len() - 3].to_string()
    } else {
        String::new()
    }
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
    /// Anonymised: referrals kept with their dates and outcomes, their
    /// words gone, and places on activities kept.
    #[serde(default)]
    pub referrals_kept: u32,
    #[serde(default)]
    pub spells_kept: u32,
    #[serde(default)]
    pub outcomes: u32,
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
    /// Anonymised rather than erased: what is kept for reports.
    #[serde(default)]
    pub anonymous: Option<Anonymous>,
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
            anonymous: None,
        })
    }

    /// Anonymised instead: what of `details` is kept for reports.
    pub fn anonymising(self, details: &ParticipantDetails) -> Self {
        Self {
            anonymous: Some(Anonymous::of(details, self.erased_on)),
            ..self
        }
    }

    /// "This person's record was erased on Tuesday 1 December 2026."
    pub fn words(&self) -> String {
        format!(
            "This person's record was {} on {}.",
            if self.anonymous.is_some() {
                "anonymised"
            } else {
                "erased"
            },
            super::dates::long_date(self.erased_on)
        )
    }

    /// A referral of theirs as an anonymisation keeps it: its dates,
    /// status history, referrer and closing reason; none of its words.
    pub fn kept_referral(referral: Referral) -> Referral {
        Referral {
            reason: String::new(),
            needs_and_concerns: String::new(),
            changes: String::new(),
            outcome: String::new(),
            ..referral
        }
    }

    /// A sitting's record as an anonymisation keeps it: the measures'
    /// answers only; what they said in their own words, and the needs,
    /// barriers and benefits noted, go.
    pub fn kept_outcome(outcome: OutcomeRecord) -> OutcomeRecord {
        let answers = Answers {
            ons4: outcome.answers.ons4,
            loneliness: outcome.answers.loneliness,
            swemwbs: outcome.answers.swemwbs,
            ..Answers::default()
        };
        OutcomeRecord { answers, ..outcome }
    }

    /// A place of theirs on an activity as an anonymisation keeps it:
    /// ended on the day, if still open, so they are expected nowhere.
    pub fn kept_spell(&self, spell: Enrolment) -> Enrolment {
        Enrolment {
            left_on: Some(spell.left_on.unwrap_or(self.erased_on)),
            buddy: None,
            ..spell
        }
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
    fn an_anonymised_person_keeps_an_age_band_and_a_postcode_district_only() {
        let details = ParticipantDetails {
            full_name: "Zoë Ní Bhriain".into(),
            date_of_birth: Some(NaiveDate::from_ymd_opt(1951, 12, 2).unwrap()),
            postcode: "ab7 8xy".into(),
            ..Default::default()
        };
        let kept = Anonymous::of(&details, day());
        assert_eq!(kept.age_band.as_deref(), Some("65–74"), "74 until tomorrow");
        assert_eq!(kept.postcode_district, "AB7");
        assert_eq!(postcode_district("CF101AA"), "CF10");
        assert_eq!(postcode_district(""), "");
        let anonymised = erasure("Zoë Ní Bhriain", "Past the retention date")
            .unwrap()
            .anonymising(&details);
        assert!(
            anonymised
                .words()
                .contains("anonymised on Tuesday 1 December 2026")
        );
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

//! A participant: a person referred to, or walking into, an activity.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::ParticipantId;
use super::text::{self, LINE_MAX, NAME_MAX, NOTE_MAX};
use super::validation::{Validated, ValidationError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Participant {
    pub id: ParticipantId,
    #[serde(flatten)]
    pub details: ParticipantDetails,
    pub created_on: NaiveDate,
}

/// Everything a person can type about a participant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ParticipantDetails {
    pub full_name: String,
    #[serde(default)]
    pub preferred_name: String,
    #[serde(default)]
    pub date_of_birth: Option<NaiveDate>,
    #[serde(default)]
    pub nhs_number: Option<NhsNumber>,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub emergency_contact: EmergencyContact,
    /// Relevant health needs and concerns, in the person's own words where possible.
    #[serde(default)]
    pub needs: String,
    #[serde(default)]
    pub access_needs: String,
    #[serde(default)]
    pub consents: Consents,
    #[serde(default)]
    pub status: ParticipantStatus,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct EmergencyContact {
    pub name: String,
    pub relationship: String,
    pub phone: String,
}

/// Separate, explicit consents, each with the date it was given or refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Consents {
    pub hold_data: Option<ConsentRecord>,
    pub share_with_referrer: Option<ConsentRecord>,
    pub contact_by_phone: Option<ConsentRecord>,
    pub contact_by_email: Option<ConsentRecord>,
}

impl Consents {
    /// The person said yes to their progress being shared with whoever
    /// referred them (no answer is not a yes).
    pub fn may_share_with_referrer(&self) -> bool {
        self.share_with_referrer.is_some_and(|c| c.given)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConsentRecord {
    pub given: bool,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantStatus {
    #[default]
    Active,
    Inactive,
    Left,
}

/// A 10-digit NHS number whose last digit passed the modulus 11 check.
#[derive(Debug, Clone, PartialEq, Eq, TS)]
#[ts(type = "string")]
pub struct NhsNumber(String);

impl NhsNumber {
    /// Accepts spaces or dashes between digits ("943 476 5919").
    pub fn parse(value: &str) -> Validated<Self> {
        let digits: String = value.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let bad = |why: &str| ValidationError::new("nhs_number", format!("NHS number {why}."));
        if digits.len() != 10 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad("must be 10 digits"));
        }
        let values: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
        let sum: u32 = values[..9]
            .iter()
            .zip((2..=10).rev())
            .map(|(d, w)| d * w)
            .sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => return Err(bad("is not valid (its check digit cannot be 10)")),
            c => c,
        };
        if check != values[9] {
            return Err(bad("is not valid: please check it for a typing mistake"));
        }
        Ok(Self(digits))
    }

    /// "943 476 5919", the way it is printed on NHS letters.
    pub fn spaced(&self) -> String {
        format!("{} {} {}", &self.0[..3], &self.0[3..6], &self.0[6..])
    }
}

impl Serialize for NhsNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Checked when read too, so a bad number cannot arrive by the back door.
impl<'de> Deserialize<'de> for NhsNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl ParticipantDetails {
    /// The name to greet someone by.
    pub fn known_as(&self) -> &str {
        if self.preferred_name.is_empty() {
            &self.full_name
        } else {
            &self.preferred_name
        }
    }

    pub fn validated(self, today: NaiveDate) -> Validated<Self> {
        if let Some(dob) = self.date_of_birth {
            if dob > today {
                return Err(ValidationError::new(
                    "date_of_birth",
                    "Date of birth cannot be in the future.",
                ));
            }
        }
        let contact = self.emergency_contact;
        Ok(Self {
            full_name: text::required("full_name", "Name", &self.full_name, NAME_MAX)?,
            preferred_name: text::optional(
                "preferred_name",
                "Preferred name",
                &self.preferred_name,
                NAME_MAX,
            )?,
            date_of_birth: self.date_of_birth,
            nhs_number: self.nhs_number,
            address: text::note("address", "Address", &self.address, 500)?,
            postcode: text::optional("postcode", "Postcode", &self.postcode, 10)?.to_uppercase(),
            phone: text::optional("phone", "Phone", &self.phone, 40)?,
            email: text::optional("email", "Email", &self.email, LINE_MAX)?,
            emergency_contact: EmergencyContact {
                name: text::optional(
                    "emergency_contact.name",
                    "Emergency contact's name",
                    &contact.name,
                    NAME_MAX,
                )?,
                relationship: text::optional(
                    "emergency_contact.relationship",
                    "Relationship",
                    &contact.relationship,
                    LINE_MAX,
                )?,
                phone: text::optional(
                    "emergency_contact.phone",
                    "Emergency contact's phone",
                    &contact.phone,
                    40,
                )?,
            },
            needs: text::note("needs", "Needs and concerns", &self.needs, NOTE_MAX)?,
            access_needs: text::note("access_needs", "Access needs", &self.access_needs, NOTE_MAX)?,
            consents: self.consents,
            status: self.status,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_number_check_digit() {
        assert_eq!(
            NhsNumber::parse("943 476 5919").unwrap().spaced(),
            "943 476 5919"
        );
        assert_eq!(
            NhsNumber::parse("401-023-2137").unwrap().spaced(),
            "401 023 2137"
        );
        let err = NhsNumber::parse("9434765918").unwrap_err();
        assert_eq!(err.field, "nhs_number");
        assert!(NhsNumber::parse("12345").is_err());
        assert!(NhsNumber::parse("94347659a9").is_err());
    }

    #[test]
    fn nhs_number_is_checked_when_decoded_too() {
        let bad: Result<NhsNumber, _> = serde_json::from_str("\"9434765918\"");
        assert!(bad.is_err());
    }

    #[test]
    fn date_of_birth_in_the_future_is_refused() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let details = ParticipantDetails {
            full_name: "Zoë Ní Bhriain".into(),
            date_of_birth: NaiveDate::from_ymd_opt(2027, 1, 1),
            ..Default::default()
        };
        assert_eq!(details.validated(today).unwrap_err().field, "date_of_birth");
    }
}

//! A participant: a person referred to, or walking into, an activity.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::demographics::{Ethnicity, Gender};
use super::ids::ParticipantId;

/// The oldest date of birth taken: anyone older is almost certainly a typing mistake.
pub const OLDEST_AGE_YEARS: u32 = 110;
use super::text::{self, LINE_MAX, NAME_MAX, NOTE_MAX};
use super::validation::{Validated, ValidationError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Participant {
    pub id: ParticipantId,
    #[serde(flatten)]
    pub details: ParticipantDetails,
    pub created_on: NaiveDate,
    /// What changed on the record, oldest first: consents given and
    /// withdrawn, details corrected, records merged into this one.
    #[serde(default)]
    pub history: Vec<RecordChange>,
}

/// One dated change to a person's record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum RecordChange {
    Consent {
        kind: ConsentKind,
        given: bool,
        on: NaiveDate,
    },
    /// Details corrected on this day; the fields, in words ("Phone").
    Details { on: NaiveDate, fields: Vec<String> },
    /// Another record of the same person was merged into this one.
    Merged {
        on: NaiveDate,
        from: ParticipantId,
        from_name: String,
    },
    /// Kept past the retention date, for this reason; asked again a year on.
    KeptPastRetention { on: NaiveDate, reason: String },
}

/// The separate things a person can consent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    HoldData,
    ShareWithReferrer,
    ContactByPhone,
    ContactBySms,
    ContactByEmail,
}

impl ConsentKind {
    pub const ALL: [ConsentKind; 5] = [
        ConsentKind::HoldData,
        ConsentKind::ShareWithReferrer,
        ConsentKind::ContactByPhone,
        ConsentKind::ContactBySms,
        ConsentKind::ContactByEmail,
    ];

    pub fn words(self) -> &'static str {
        match self {
            ConsentKind::HoldData => "Hold their details in Tend",
            ConsentKind::ShareWithReferrer => "Share progress with referrer",
            ConsentKind::ContactByPhone => "Contact by phone",
            ConsentKind::ContactBySms => "Contact by text message",
            ConsentKind::ContactByEmail => "Contact by email",
        }
    }
}

impl Participant {
    /// Every consent answer for one kind, oldest first. A record made
    /// before history was kept shows its one answer.
    pub fn consent_history(&self, kind: ConsentKind) -> Vec<ConsentRecord> {
        let mut answers: Vec<ConsentRecord> = self
            .history
            .iter()
            .filter_map(|change| match change {
                RecordChange::Consent { kind: k, given, on } if *k == kind => Some(ConsentRecord {
                    given: *given,
                    on: *on,
                }),
                _ => None,
            })
            .collect();
        if answers.is_empty() {
            answers.extend(self.details.consents.get(kind));
        }
        answers.sort_by_key(|a| a.on);
        answers
    }

    /// Records a consent given or withdrawn on a day: kept in the history,
    /// and the answer in force is the latest by date. A withdrawal dated
    /// before the consent it withdraws is refused.
    pub fn change_consent(
        &mut self,
        kind: ConsentKind,
        given: bool,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Validated<()> {
        let field = "consent_on";
        if on > today {
            return Err(ValidationError::new(
                field,
                "The date cannot be in the future.",
            ));
        }
        let history = self.consent_history(kind);
        if !given {
            match history.iter().rev().find(|a| a.given) {
                Some(last_given) if on < last_given.on => {
                    return Err(ValidationError::new(
                        field,
                        format!(
                            "Consent cannot be withdrawn before it was given ({}).",
                            super::dates::long_date(last_given.on)
                        ),
                    ));
                }
                None => {
                    return Err(ValidationError::new(
                        field,
                        "This consent was never given, so there is nothing to withdraw.",
                    ));
                }
                _ => {}
            }
        }
        if self
            .history
            .iter()
            .all(|c| !matches!(c, RecordChange::Consent { kind: k, .. } if *k == kind))
        {
            // Keep the answer held before history began as its first entry.
            for answer in &history {
                self.history.push(RecordChange::Consent {
                    kind,
                    given: answer.given,
                    on: answer.on,
                });
            }
        }
        self.history.push(RecordChange::Consent { kind, given, on });
        let latest = self.consent_history(kind).last().copied();
        self.details.consents.set(kind, latest);
        Ok(())
    }
}

/// Everything a person can type about a participant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
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
    /// For reports only, and only when the person chooses to say.
    #[serde(default)]
    pub gender: Option<Gender>,
    #[serde(default)]
    pub ethnicity: Option<Ethnicity>,
    #[serde(default)]
    pub consents: Consents,
    #[serde(default)]
    pub status: ParticipantStatus,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EmergencyContact {
    pub name: String,
    pub relationship: String,
    pub phone: String,
}

/// Separate, explicit consents, each with the date it was given or refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Consents {
    pub hold_data: Option<ConsentRecord>,
    pub share_with_referrer: Option<ConsentRecord>,
    pub contact_by_phone: Option<ConsentRecord>,
    #[serde(default)]
    pub contact_by_sms: Option<ConsentRecord>,
    pub contact_by_email: Option<ConsentRecord>,
}

impl Consents {
    /// The person said yes to their progress being shared with whoever
    /// referred them (no answer is not a yes).
    pub fn may_share_with_referrer(&self) -> bool {
        self.share_with_referrer.is_some_and(|c| c.given)
    }

    pub fn get(&self, kind: ConsentKind) -> Option<ConsentRecord> {
        match kind {
            ConsentKind::HoldData => self.hold_data,
            ConsentKind::ShareWithReferrer => self.share_with_referrer,
            ConsentKind::ContactByPhone => self.contact_by_phone,
            ConsentKind::ContactBySms => self.contact_by_sms,
            ConsentKind::ContactByEmail => self.contact_by_email,
        }
    }

    pub fn set(&mut self, kind: ConsentKind, answer: Option<ConsentRecord>) {
        let slot = match kind {
            ConsentKind::HoldData => &mut self.hold_data,
            ConsentKind::ShareWithReferrer => &mut self.share_with_referrer,
            ConsentKind::ContactByPhone => &mut self.contact_by_phone,
            ConsentKind::ContactBySms => &mut self.contact_by_sms,
            ConsentKind::ContactByEmail => &mut self.contact_by_email,
        };
        *slot = answer;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConsentRecord {
    pub given: bool,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantStatus {
    #[default]
    Active,
    Inactive,
    Left,
}

impl ParticipantStatus {
    pub fn words(self) -> &'static str {
        match self {
            ParticipantStatus::Active => "Active",
            ParticipantStatus::Inactive => "Inactive",
            ParticipantStatus::Left => "Left",
        }
    }
}

/// An NHS number: 10 digits whose last passed the modulus 11 check once
/// `parse`d or `checked`. Read from the window as it was typed (spaces and
/// dashes dropped), so a mistyped one is refused beside its field by
/// `ParticipantDetails::validated`, and a file being loaded is checked by
/// the store; it is never kept unchecked.
#[derive(Debug, Clone, PartialEq, Eq, TS)]
#[ts(export)]
#[ts(type = "string")]
pub struct NhsNumber(String);

impl NhsNumber {
    /// Accepts spaces or dashes between digits ("943 476 5919").
    pub fn parse(value: &str) -> Validated<Self> {
        let digits = Self::as_typed(value).0;
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

    /// The number as typed, spaces and dashes dropped, not yet checked.
    fn as_typed(value: &str) -> Self {
        Self(value.chars().filter(|c| !matches!(c, ' ' | '-')).collect())
    }

    /// This number, if it passes the check.
    pub fn checked(&self) -> Validated<Self> {
        Self::parse(&self.0)
    }

    /// "943 476 5919", the way it is printed on NHS letters; a number not
    /// yet checked (still being typed) as it was typed.
    pub fn spaced(&self) -> String {
        let n = &self.0;
        if n.len() == 10 && n.bytes().all(|b| b.is_ascii_digit()) {
            format!("{} {} {}", &n[..3], &n[3..6], &n[6..])
        } else {
            n.clone()
        }
    }
}

impl Serialize for NhsNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Read as typed; see `NhsNumber` for where it is checked.
impl<'de> Deserialize<'de> for NhsNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self::as_typed(&String::deserialize(deserializer)?))
    }
}

impl ParticipantDetails {
    /// What a session's leader should know about them (their access needs
    /// and their needs and concerns), when they agreed to Tend holding
    /// their details: nothing otherwise.
    pub fn leader_notes(&self) -> Vec<String> {
        if !self.consents.hold_data.is_some_and(|c| c.given) {
            return Vec::new();
        }
        [
            ("Access needs", &self.access_needs),
            ("Needs and concerns", &self.needs),
        ]
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(label, text)| format!("{label}: {}", text.trim()))
        .collect()
    }

    /// "Aoife Ní Bhriain (Daughter), 07700 900123", or "None recorded".
    pub fn emergency_contact_words(&self) -> String {
        let c = &self.emergency_contact;
        let mut words = c.name.trim().to_string();
        if !c.relationship.trim().is_empty() {
            words = if words.is_empty() {
                c.relationship.trim().to_string()
            } else {
                format!("{words} ({})", c.relationship.trim())
            };
        }
        match (words.is_empty(), c.phone.trim().is_empty()) {
            (true, true) => "None recorded".into(),
            (false, true) => format!("{words}, no phone number recorded"),
            (true, false) => c.phone.trim().to_string(),
            (false, false) => format!("{words}, {}", c.phone.trim()),
        }
    }

    /// The name to greet someone by.
    pub fn known_as(&self) -> &str {
        if self.preferred_name.is_empty() {
            &self.full_name
        } else {
            &self.preferred_name
        }
    }

    /// These details, with any field left empty here taken from `other`
    /// (how a merge keeps one record's values where both have one).
    pub fn filled_from(&self, other: &ParticipantDetails) -> ParticipantDetails {
        let text = |a: &String, b: &String| if a.is_empty() { b.clone() } else { a.clone() };
        let contact =
            if self.emergency_contact.name.is_empty() && self.emergency_contact.phone.is_empty() {
                other.emergency_contact.clone()
            } else {
                self.emergency_contact.clone()
            };
        ParticipantDetails {
            full_name: text(&self.full_name, &other.full_name),
            preferred_name: text(&self.preferred_name, &other.preferred_name),
            date_of_birth: self.date_of_birth.or(other.date_of_birth),
            nhs_number: self.nhs_number.clone().or_else(|| other.nhs_number.clone()),
            address: text(&self.address, &other.address),
            postcode: text(&self.postcode, &other.postcode),
            phone: text(&self.phone, &other.phone),
            email: text(&self.email, &other.email),
            emergency_contact: contact,
            needs: text(&self.needs, &other.needs),
            access_needs: text(&self.access_needs, &other.access_needs),
            gender: self.gender.or(other.gender),
            ethnicity: self.ethnicity.or(other.ethnicity),
            consents: self.consents.clone(),
            status: self.status,
        }
    }

    pub fn validated(self, today: NaiveDate) -> Validated<Self> {
        if let Some(dob) = self.date_of_birth {
            check_date_of_birth(dob, today)?;
        }
        if ConsentKind::ALL
            .into_iter()
            .filter_map(|kind| self.consents.get(kind))
            .any(|answer| answer.on > today)
        {
            return Err(ValidationError::new(
                "consent_on",
                "The date cannot be in the future.",
            ));
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
            nhs_number: self
                .nhs_number
                .as_ref()
                .map(NhsNumber::checked)
                .transpose()?,
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
            gender: self.gender,
            ethnicity: self.ethnicity,
            consents: self.consents,
            status: self.status,
        })
    }
}

/// A date of birth must be a day already passed and within a lifetime.
pub fn check_date_of_birth(dob: NaiveDate, today: NaiveDate) -> Validated<NaiveDate> {
    if dob > today {
        return Err(ValidationError::new(
            "date_of_birth",
            "Date of birth cannot be in the future.",
        ));
    }
    let oldest = today
        .checked_sub_months(chrono::Months::new(12 * OLDEST_AGE_YEARS))
        .unwrap_or(NaiveDate::MIN);
    if dob < oldest {
        return Err(ValidationError::new(
            "date_of_birth",
            format!(
                "That date of birth would make them over {OLDEST_AGE_YEARS}. Please check the year."
            ),
        ));
    }
    Ok(dob)
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
    fn a_mistyped_nhs_number_is_refused_beside_its_field_when_saved() {
        let typed: NhsNumber = serde_json::from_str("\"943 476 5918\"").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let details = ParticipantDetails {
            full_name: "Zoë Ní Bhriain".into(),
            nhs_number: Some(typed),
            ..Default::default()
        };
        let err = details.validated(today).unwrap_err();
        assert_eq!(err.field, "nhs_number");
        assert_eq!(
            err.message,
            "NHS number is not valid: please check it for a typing mistake."
        );
        let good: NhsNumber = serde_json::from_str("\"943-476-5919\"").unwrap();
        assert_eq!(good.checked().unwrap().spaced(), "943 476 5919");
        // Half typed, or with letters or accents in, it is shown as typed.
        for typed in ["94", "9434765919x", "ł9434765", ""] {
            let half: NhsNumber = serde_json::from_str(&format!("\"{typed}\"")).unwrap();
            assert_eq!(half.spaced(), typed.replace([' ', '-'], ""));
        }
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

    #[test]
    fn date_of_birth_over_110_years_ago_is_refused_with_a_reason() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let err =
            check_date_of_birth(NaiveDate::from_ymd_opt(1916, 11, 30).unwrap(), today).unwrap_err();
        assert!(err.message.contains("over 110"), "{}", err.message);
        assert!(check_date_of_birth(NaiveDate::from_ymd_opt(1916, 12, 1).unwrap(), today).is_ok());
    }

    fn zoe() -> Participant {
        Participant {
            id: ParticipantId::new(),
            details: ParticipantDetails {
                full_name: "Zoë Ní Bhriain".into(),
                ..Default::default()
            },
            created_on: NaiveDate::from_ymd_opt(2026, 3, 3).unwrap(),
            history: vec![],
        }
    }

    #[test]
    fn consent_changes_are_kept_and_the_latest_is_in_force() {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let mut p = zoe();
        p.change_consent(ConsentKind::ShareWithReferrer, true, day(3, 3), day(12, 1))
            .unwrap();
        p.change_consent(
            ConsentKind::ShareWithReferrer,
            false,
            day(6, 10),
            day(12, 1),
        )
        .unwrap();
        assert!(!p.details.consents.may_share_with_referrer());
        assert_eq!(
            p.consent_history(ConsentKind::ShareWithReferrer),
            vec![
                ConsentRecord {
                    given: true,
                    on: day(3, 3)
                },
                ConsentRecord {
                    given: false,
                    on: day(6, 10)
                }
            ]
        );
    }

    #[test]
    fn a_consent_cannot_be_withdrawn_before_it_was_given() {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let mut p = zoe();
        p.change_consent(ConsentKind::ShareWithReferrer, true, day(3, 3), day(12, 1))
            .unwrap();
        let err = p
            .change_consent(ConsentKind::ShareWithReferrer, false, day(3, 1), day(12, 1))
            .unwrap_err();
        assert!(
            err.message.contains("before it was given"),
            "{}",
            err.message
        );
        assert!(
            p.details.consents.may_share_with_referrer(),
            "nothing changed"
        );
        let err = p
            .change_consent(ConsentKind::ContactByEmail, false, day(3, 1), day(12, 1))
            .unwrap_err();
        assert!(err.message.contains("never given"), "{}", err.message);
    }
}

//! When a new record may be someone Tend already holds. One rule, used by
//! adding a person, referral intake, walk-ins, imports and merging.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::names::{FoldedName, email_key, phone_key};
use super::participant::ParticipantDetails;
use super::volunteer::VolunteerDetails;

/// What the rule compares of a person.
#[derive(Debug, Clone)]
pub struct PersonKeys {
    pub name: FoldedName,
    pub date_of_birth: Option<NaiveDate>,
    pub nhs_number: Option<String>,
    pub phone: String,
    pub email: String,
}

impl PersonKeys {
    pub fn of(details: &ParticipantDetails) -> Self {
        PersonKeys {
            name: FoldedName::new(&details.full_name),
            date_of_birth: details.date_of_birth,
            nhs_number: details.nhs_number.as_ref().map(|n| n.spaced()),
            phone: phone_key(&details.phone),
            email: email_key(&details.email),
        }
    }
}

impl PersonKeys {
    /// A volunteer's keys: a name, a phone and an email only.
    pub fn of_volunteer(details: &VolunteerDetails) -> Self {
        PersonKeys {
            name: FoldedName::new(&details.full_name),
            date_of_birth: None,
            nhs_number: None,
            phone: phone_key(&details.phone),
            email: email_key(&details.email),
        }
    }

    /// Surely the same person, as a subject access reply needs before it
    /// includes a volunteer's record: the same name and the same phone or
    /// email. A name alone could put someone else's details in the reply.
    pub fn surely_same(&self, other: &PersonKeys) -> bool {
        self.name.same_as(&other.name)
            && ((self.phone.len() >= 6 && self.phone == other.phone)
                || (!self.email.is_empty() && self.email == other.email))
    }
}

/// Why two records may be one person, in the words a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum LookAlikeReason {
    SameNhsNumber,
    SameName,
    SameDateOfBirth,
    SamePhone,
    SameEmail,
}

impl LookAlikeReason {
    pub fn words(self) -> &'static str {
        match self {
            LookAlikeReason::SameNhsNumber => "the same NHS number",
            LookAlikeReason::SameName => "the same name",
            LookAlikeReason::SameDateOfBirth => "the same date of birth and a similar name",
            LookAlikeReason::SamePhone => "the same phone number and a similar name",
            LookAlikeReason::SameEmail => "the same email address and a similar name",
        }
    }
}

/// A look-alike is the same NHS number, or the same name (folded), or the
/// same date of birth, phone or email with a close name. The strongest
/// reason is given.
pub fn look_alike(new: &PersonKeys, existing: &PersonKeys) -> Option<LookAlikeReason> {
    if new.nhs_number.is_some() && new.nhs_number == existing.nhs_number {
        return Some(LookAlikeReason::SameNhsNumber);
    }
    if new.name.same_as(&existing.name) {
        return Some(LookAlikeReason::SameName);
    }
    // The cheap comparisons first: a close name counts only beside one of these.
    let reason = if new.date_of_birth.is_some() && new.date_of_birth == existing.date_of_birth {
        LookAlikeReason::SameDateOfBirth
    } else if new.phone.len() >= 6 && new.phone == existing.phone {
        LookAlikeReason::SamePhone
    } else if !new.email.is_empty() && new.email == existing.email {
        LookAlikeReason::SameEmail
    } else {
        return None;
    };
    new.name.close_to(&existing.name).then_some(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_participant_is_surely_a_volunteer_only_by_name_and_a_contact() {
        let person = PersonKeys::of(&ParticipantDetails {
            full_name: "Zoë Ní Bhriain".into(),
            phone: "07700 900123".into(),
            ..Default::default()
        });
        let volunteer = |name: &str, phone: &str| {
            PersonKeys::of_volunteer(&VolunteerDetails {
                full_name: name.into(),
                phone: phone.into(),
                ..Default::default()
            })
        };
        assert!(person.surely_same(&volunteer("Zoe Ni Bhriain", "+44 7700 900123")));
        assert!(!person.surely_same(&volunteer("Zoe Ni Bhriain", "")));
        assert!(!person.surely_same(&volunteer("Zoe Bhriain", "07700 900123")));
    }
    use crate::domain::NhsNumber;

    fn person(name: &str, born: Option<(i32, u32, u32)>) -> ParticipantDetails {
        ParticipantDetails {
            full_name: name.into(),
            date_of_birth: born.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            ..Default::default()
        }
    }

    fn check(a: &ParticipantDetails, b: &ParticipantDetails) -> Option<LookAlikeReason> {
        look_alike(&PersonKeys::of(a), &PersonKeys::of(b))
    }

    #[test]
    fn a_folded_name_alone_is_a_look_alike() {
        let zoe = person("Zoë Ní Bhriain", Some((1951, 6, 14)));
        assert_eq!(
            check(&person("Zoe Ni Bhriain", None), &zoe),
            Some(LookAlikeReason::SameName)
        );
    }

    #[test]
    fn a_close_name_needs_something_else_to_match() {
        let zoe = person("Zoë Ní Bhriain", Some((1951, 6, 14)));
        let typo = person("Zoe Ni Bhrian", Some((1951, 6, 14)));
        assert_eq!(check(&typo, &zoe), Some(LookAlikeReason::SameDateOfBirth));
        assert_eq!(
            check(&person("Zoe Ni Bhrian", Some((1960, 1, 1))), &zoe),
            None
        );
        let mut rang = person("Zoe Ni Bhrian", None);
        rang.phone = "+44 7700 900123".into();
        let mut known = zoe.clone();
        known.phone = "07700 900123".into();
        assert_eq!(check(&rang, &known), Some(LookAlikeReason::SamePhone));
    }

    #[test]
    fn the_same_nhs_number_is_a_look_alike_whatever_the_name() {
        let mut a = person("Bethan Rees", None);
        let mut b = person("Megan Llewelyn", None);
        a.nhs_number = NhsNumber::parse("943 476 5919").ok();
        b.nhs_number = NhsNumber::parse("9434765919").ok();
        assert_eq!(check(&a, &b), Some(LookAlikeReason::SameNhsNumber));
    }
}

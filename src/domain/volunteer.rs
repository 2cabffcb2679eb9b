//! Volunteers, the roles they can fill and the checks they hold.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::activity::Day;
use super::dates;
use super::ids::{RoleId, VolunteerId};
use super::rota::{Conflict, qualification_gap};
use super::text::{self, LINE_MAX, NAME_MAX, NOTE_MAX};
use super::validation::{Validated, ValidationError};

/// A role a session needs: walk leader, back marker, first aider…
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Role {
    pub id: RoleId,
    pub name: String,
    /// A qualification someone must hold, in date, to fill this role
    /// ("First aid certificate"); empty when none is needed.
    #[serde(default)]
    pub qualification: String,
    /// The qualification is needed for safety (a first aider's
    /// certificate): without it, in date, nobody is put on in this role,
    /// whatever the reason given.
    #[serde(default)]
    pub required_for_safety: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Volunteer {
    pub id: VolunteerId,
    #[serde(flatten)]
    pub details: VolunteerDetails,
    /// Left the group; kept for the history of past rotas.
    #[serde(default)]
    pub archived: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VolunteerDetails {
    pub full_name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub roles: Vec<RoleId>,
    #[serde(default)]
    pub qualifications: Vec<Qualification>,
    #[serde(default)]
    pub dbs: Option<DbsRecord>,
    /// The weekdays they are usually free.
    #[serde(default)]
    pub usual_days: Vec<Day>,
    #[serde(default)]
    pub away: Vec<DateRange>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Qualification {
    pub name: String,
    pub issued_on: NaiveDate,
    #[serde(default)]
    pub expires_on: Option<NaiveDate>,
}

/// Only what the DBS code of practice allows to be kept: never the
/// certificate's contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DbsRecord {
    pub level: String,
    pub certificate_number: String,
    pub seen_on: NaiveDate,
    pub seen_by: String,
    pub update_service: bool,
    pub recheck_due: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl DateRange {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// Something that runs out: a qualification, or the DBS recheck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expiry {
    pub what: String,
    pub on: NaiveDate,
}

impl VolunteerDetails {
    pub fn validated(self) -> Validated<Self> {
        let full_name = text::required("full_name", "Name", &self.full_name, NAME_MAX)?;
        if self.roles.is_empty() {
            return Err(ValidationError::new(
                "roles",
                "Choose at least one role they can fill.",
            ));
        }
        let mut roles = self.roles;
        roles.dedup();
        if self.usual_days.is_empty() {
            return Err(ValidationError::new(
                "usual_days",
                "Choose at least one day they are usually free; without one they could never be on the rota.",
            ));
        }
        let mut qualifications = Vec::with_capacity(self.qualifications.len());
        for q in self.qualifications {
            let name = text::required(
                "qualifications",
                "Each qualification's name",
                &q.name,
                LINE_MAX,
            )?;
            if let Some(expires) = q.expires_on
                && expires <= q.issued_on
            {
                return Err(ValidationError::new(
                    "qualifications",
                    format!(
                        "{name}: the expiry date ({}) must be after the date it was issued ({}).",
                        dates::short_date(expires),
                        dates::short_date(q.issued_on)
                    ),
                ));
            }
            qualifications.push(Qualification { name, ..q });
        }
        let dbs = self.dbs.map(DbsRecord::validated).transpose()?;
        for range in &self.away {
            if range.to < range.from {
                return Err(ValidationError::new(
                    "away",
                    format!(
                        "Away from {} cannot end before it starts ({}).",
                        dates::short_date(range.from),
                        dates::short_date(range.to)
                    ),
                ));
            }
        }
        Ok(Self {
            full_name,
            phone: text::optional("phone", "Phone", &self.phone, 40)?,
            email: text::optional("email", "Email", &self.email, LINE_MAX)?,
            roles,
            qualifications,
            dbs,
            usual_days: self.usual_days,
            away: self.away,
            notes: text::note("notes", "Notes", &self.notes, NOTE_MAX)?,
        })
    }

    /// Every date something of theirs runs out.
    pub fn expiries(&self) -> Vec<Expiry> {
        let mut found: Vec<Expiry> = self
            .qualifications
            .iter()
            .filter_map(|q| {
                q.expires_on.map(|on| Expiry {
                    what: q.name.clone(),
                    on,
                })
            })
            .collect();
        if let Some(dbs) = &self.dbs {
            found.push(Expiry {
                what: "DBS recheck".into(),
                on: dbs.recheck_due,
            });
        }
        found
    }
}

impl DbsRecord {
    /// The usual recheck: three years after the certificate was seen (28
    /// February when seen on a 29th).
    pub fn usual_recheck(seen_on: NaiveDate) -> NaiveDate {
        seen_on
            .checked_add_months(Months::new(36))
            .unwrap_or(NaiveDate::MAX)
    }

    fn validated(self) -> Validated<Self> {
        let level = text::required("dbs_level", "The DBS check level", &self.level, LINE_MAX)?;
        let certificate_number = text::required(
            "dbs_certificate_number",
            "The DBS certificate number",
            &self.certificate_number,
            20,
        )?;
        if certificate_number.len() != 12 || !certificate_number.chars().all(|c| c.is_ascii_digit())
        {
            return Err(ValidationError::new(
                "dbs_certificate_number",
                "A DBS certificate number is 12 digits, printed at the top right of the certificate.",
            ));
        }
        let seen_by = text::required(
            "dbs_seen_by",
            "Who saw the certificate",
            &self.seen_by,
            NAME_MAX,
        )?;
        if self.recheck_due <= self.seen_on {
            return Err(ValidationError::new(
                "dbs_recheck_due",
                "The recheck date must be after the date the certificate was seen.",
            ));
        }
        Ok(Self {
            level,
            certificate_number,
            seen_by,
            ..self
        })
    }
}

impl Role {
    /// What keeps `conflicts` from being overridden: a missing or expired
    /// qualification this role needs for safety.
    pub fn safety_block<'a>(&self, conflicts: &'a [Conflict]) -> Option<&'a Conflict> {
        if !self.required_for_safety {
            return None;
        }
        conflicts.iter().find(|c| {
            matches!(
                c,
                Conflict::QualificationMissing { .. } | Conflict::QualificationExpired { .. }
            )
        })
    }

    /// Why someone offering this role cannot be put on in it on `today`,
    /// when it needs a qualification for safety they do not hold in date.
    pub fn safety_warning(&self, volunteer: &VolunteerDetails, today: NaiveDate) -> Option<String> {
        if !self.required_for_safety || self.qualification.is_empty() {
            return None;
        }
        match qualification_gap(volunteer, &self.qualification, today)? {
            Conflict::QualificationExpired { .. } => Some(format!(
                "{} needs a {} for safety, and theirs has run out: they cannot be put on as {} until it is renewed.",
                self.name, self.qualification, self.name
            )),
            _ => Some(format!(
                "{} needs a {} for safety, and none is recorded: they cannot be put on as {} until it is.",
                self.name, self.qualification, self.name
            )),
        }
    }

    pub fn validated(self) -> Validated<Self> {
        Ok(Self {
            name: text::required("name", "The role's name", &self.name, NAME_MAX)?,
            qualification: text::optional(
                "qualification",
                "The qualification needed",
                &self.qualification,
                LINE_MAX,
            )?,
            ..self
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn dafydd() -> VolunteerDetails {
        VolunteerDetails {
            full_name: "Dafydd ap Gwilym".into(),
            phone: String::new(),
            email: String::new(),
            roles: vec![RoleId::new()],
            qualifications: vec![],
            dbs: None,
            usual_days: vec![Day::Tuesday],
            away: vec![],
            notes: String::new(),
        }
    }

    #[test]
    fn an_expiry_before_the_issue_date_is_refused_beside_the_qualifications() {
        let err = VolunteerDetails {
            qualifications: vec![Qualification {
                name: "First aid certificate".into(),
                issued_on: day(2026, 5, 1),
                expires_on: Some(day(2026, 4, 1)),
            }],
            ..dafydd()
        }
        .validated()
        .unwrap_err();
        assert_eq!(err.field, "qualifications");
        assert!(
            err.message
                .starts_with("First aid certificate: the expiry date"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_dbs_number_is_twelve_digits_and_its_recheck_after_it_was_seen() {
        let dbs = |number: &str, recheck: NaiveDate| VolunteerDetails {
            dbs: Some(DbsRecord {
                level: "Enhanced".into(),
                certificate_number: number.into(),
                seen_on: day(2026, 1, 10),
                seen_by: "Carys".into(),
                update_service: false,
                recheck_due: recheck,
            }),
            ..dafydd()
        };
        let short = dbs("1234", day(2029, 1, 10)).validated().unwrap_err();
        assert_eq!(short.field, "dbs_certificate_number");
        assert!(short.message.contains("12 digits"));
        let early = dbs("001234567890", day(2025, 1, 10))
            .validated()
            .unwrap_err();
        assert_eq!(early.field, "dbs_recheck_due");
        assert!(dbs("001234567890", day(2029, 1, 10)).validated().is_ok());
    }

    #[test]
    fn the_usual_dbs_recheck_is_three_years_on() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(DbsRecord::usual_recheck(day(2026, 3, 14)), day(2029, 3, 14));
        assert_eq!(DbsRecord::usual_recheck(day(2028, 2, 29)), day(2031, 2, 28));
    }
}

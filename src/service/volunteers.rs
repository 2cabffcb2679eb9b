//! Volunteers: who they are, the roles they can fill, the checks they hold,
//! and what is about to run out.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::names::FoldedName;
use crate::domain::{
    ErasedPerson, LogEntry, LoggedAction, LoggedRecord, Volunteer, VolunteerDetails, VolunteerId,
    text,
};
use crate::{Error, Result, Tend};

/// A check or qualification that runs out soon (or has run out).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ExpiryAlert {
    pub volunteer: VolunteerId,
    pub name: String,
    /// "First aid certificate", "DBS recheck"
    pub what: String,
    pub on: NaiveDate,
    /// Negative once it has run out.
    #[ts(type = "number")]
    pub days_left: i64,
}

/// How far ahead the home screen warns about expiries.
pub const EXPIRY_WARNING_DAYS: i64 = 60;

impl Tend {
    /// Everyone, archived or not, sorted by name.
    pub fn volunteers(&self) -> Result<Vec<Volunteer>> {
        let mut volunteers: Vec<Volunteer> = self.store.all()?;
        volunteers.sort_by_cached_key(|v| text::sort_key(&v.details.full_name));
        Ok(volunteers)
    }

    pub fn volunteer(&self, id: VolunteerId) -> Result<Volunteer> {
        self.store.get(&id)?.ok_or_else(|| {
            self.gone(
                ErasedPerson::Volunteer(id),
                "That volunteer is no longer in Tend.",
            )
        })
    }

    /// The volunteer with this name, by the one name rule.
    pub fn volunteer_named(&self, name: &str) -> Result<Volunteer> {
        let wanted = FoldedName::new(name);
        self.volunteers()?
            .into_iter()
            .find(|v| FoldedName::new(&v.details.full_name).same_as(&wanted))
            .ok_or_else(|| Error::NotFound(format!("No volunteer is called \"{}\".", name.trim())))
    }

    /// For each role they offer that needs a qualification for safety
    /// they do not hold in date on `today`, why they cannot be put on in it.
    pub fn safety_warnings(
        &self,
        details: &VolunteerDetails,
        today: chrono::NaiveDate,
    ) -> Result<Vec<String>> {
        Ok(self
            .roles()?
            .iter()
            .filter(|r| details.roles.contains(&r.id))
            .filter_map(|r| r.safety_warning(details, today))
            .collect())
    }

    pub fn add_volunteer(&self, details: VolunteerDetails) -> Result<Volunteer> {
        let volunteer = Volunteer {
            id: VolunteerId::new(),
            details: self.checked_volunteer(details)?,
            archived: false,
        };
        self.store.put_logged(
            &volunteer,
            &volunteer_logged(LoggedAction::VolunteerAdded, volunteer.id, None),
        )?;
        Ok(volunteer)
    }

    pub fn update_volunteer(
        &self,
        id: VolunteerId,
        details: VolunteerDetails,
    ) -> Result<Volunteer> {
        let volunteer = Volunteer {
            details: self.checked_volunteer(details)?,
            ..self.volunteer(id)?
        };
        self.store.put_logged(
            &volunteer,
            &volunteer_logged(LoggedAction::VolunteerChanged, id, None),
        )?;
        Ok(volunteer)
    }

    /// A volunteer who leaves is archived: off the lists and out of
    /// auto-fill, still named on past rotas. `archived: false` brings them back.
    pub fn archive_volunteer(&self, id: VolunteerId, archived: bool) -> Result<Volunteer> {
        let volunteer = Volunteer {
            archived,
            ..self.volunteer(id)?
        };
        let what = if archived { "archived" } else { "brought back" };
        self.store.put_logged(
            &volunteer,
            &volunteer_logged(LoggedAction::VolunteerChanged, id, Some(what)),
        )?;
        Ok(volunteer)
    }

    fn checked_volunteer(&self, details: VolunteerDetails) -> Result<VolunteerDetails> {
        let details = details.validated()?;
        let known: Vec<_> = self.roles()?.into_iter().map(|r| r.id).collect();
        if details.roles.iter().any(|r| !known.contains(r)) {
            return Err(crate::domain::ValidationError::new(
                "roles",
                "One of the roles is no longer in Tend. Choose their roles again.",
            )
            .into());
        }
        Ok(details)
    }

    /// Checks and qualifications of current volunteers that run out within
    /// 60 days of `today` (or already have), soonest first.
    pub fn expiry_alerts(&self, today: NaiveDate) -> Result<Vec<ExpiryAlert>> {
        let mut alerts: Vec<ExpiryAlert> = self
            .volunteers()?
            .into_iter()
            .filter(|v| !v.archived)
            .flat_map(|v| {
                v.details
                    .expiries()
                    .into_iter()
                    .map(move |expiry| ExpiryAlert {
                        volunteer: v.id,
                        name: v.details.full_name.clone(),
                        what: expiry.what,
                        on: expiry.on,
                        days_left: (expiry.on - today).num_days(),
                    })
            })
            .filter(|alert| alert.days_left <= EXPIRY_WARNING_DAYS)
            .collect();
        alerts.sort_by_key(|a| a.on);
        Ok(alerts)
    }
}

fn volunteer_logged(action: LoggedAction, id: VolunteerId, what: Option<&str>) -> LogEntry {
    LogEntry::new(action, Some(LoggedRecord::Volunteer(id))).with_fields(what)
}

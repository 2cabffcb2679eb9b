//! Activities, their sessions, and who is enrolled in them.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use ts_rs::TS;

use crate::domain::{
    Activity, ActivityDetails, ActivityId, Enrolment, Moved, ParticipantId, Session, SessionId,
    SessionStatus, ValidationError,
};
use crate::domain::{LogEntry, LoggedAction, dates, text};
use crate::{Error, Result, Tend};

/// What generating sessions added, and the bank holidays it left out.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct GeneratedSessions {
    pub added: Vec<Session>,
    /// "Friday 25 December 2026, Christmas Day", for "Not added: …".
    pub skipped: Vec<String>,
}

/// A planned session on a bank holiday.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct HolidaySession {
    pub session: SessionId,
    /// "Christmas Day"
    pub holiday: String,
    /// "Friday Garden Club, Friday 25 December 2026 – Christmas Day"
    pub words: String,
}

/// A session with the name of its activity, for lists.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SessionSummary {
    pub session: Session,
    pub activity_name: String,
}

impl Tend {
    pub fn activities(&self) -> Result<Vec<Activity>> {
        let mut activities: Vec<Activity> = self.store.all()?;
        activities.sort_by_cached_key(|a| text::sort_key(&a.details.name));
        Ok(activities)
    }

    /// The activities whose risk assessment is due (none yet, or over six
    /// months old).
    pub fn risk_assessments_due(&self, today: NaiveDate) -> Result<Vec<ActivityId>> {
        Ok(self
            .activities()?
            .into_iter()
            .filter(|a| a.details.risk_assessment_due(today))
            .map(|a| a.id)
            .collect())
    }

    pub fn activity(&self, id: ActivityId) -> Result<Activity> {
        self.store
            .get(&id)?
            .ok_or_else(|| Error::NotFound("That activity is no longer in Tend.".into()))
    }

    /// The activity with this name, ignoring case.
    pub fn activity_named(&self, name: &str) -> Result<Activity> {
        let activities = self.activities()?;
        let wanted = name.trim().to_lowercase();
        if let Some(found) = activities
            .iter()
            .find(|a| a.details.name.to_lowercase() == wanted)
        {
            return Ok(found.clone());
        }
        let known: Vec<&str> = activities.iter().map(|a| a.details.name.as_str()).collect();
        Err(Error::NotFound(if known.is_empty() {
            format!(
                "No activity is called \"{}\": there are no activities yet.",
                name.trim()
            )
        } else {
            format!(
                "No activity is called \"{}\". The activities are: {}.",
                name.trim(),
                known.join(", ")
            )
        }))
    }

    pub fn create_activity(&self, details: ActivityDetails) -> Result<Activity> {
        let details = details.validated()?;
        self.ensure_unique_name(&details.name, None)?;
        self.check_role_needs(&details.roles_needed)?;
        let activity = Activity {
            id: ActivityId::new(),
            details,
        };
        self.store.put(&activity)?;
        Ok(activity)
    }

    pub fn update_activity(&self, id: ActivityId, details: ActivityDetails) -> Result<Activity> {
        let details = details.validated()?;
        self.ensure_unique_name(&details.name, Some(id))?;
        self.check_role_needs(&details.roles_needed)?;
        let activity = Activity {
            details,
            ..self.activity(id)?
        };
        self.store.put(&activity)?;
        Ok(activity)
    }

    fn ensure_unique_name(&self, name: &str, except: Option<ActivityId>) -> Result<()> {
        let taken = self
            .activities()?
            .into_iter()
            .any(|a| Some(a.id) != except && a.details.name.to_lowercase() == name.to_lowercase());
        if taken {
            return Err(ValidationError::new(
                "name",
                format!("There is already an activity called \"{name}\"."),
            )
            .into());
        }
        Ok(())
    }

    /// Adds the sessions of `id`'s pattern from `from` to `to` that are not
    /// there yet, leaving out bank holidays unless the activity runs on them.
    pub fn generate_sessions(
        &self,
        id: ActivityId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<GeneratedSessions> {
        let activity = self.activity(id)?;
        let details = &activity.details;
        let existing: HashSet<NaiveDate> =
            self.store.sessions_of(id)?.iter().map(|s| s.date).collect();
        let holidays = self.settings()?.holidays;
        let mut added = Vec::new();
        let mut skipped = Vec::new();
        for date in details.recurrence.dates(from, to)? {
            if existing.contains(&date) {
                continue;
            }
            if !details.runs_on_bank_holidays
                && let Some(holiday) = holidays.on(date)
            {
                skipped.push(format!("{}, {}", dates::long_date(date), holiday.name));
                continue;
            }
            added.push(Session {
                id: SessionId::new(),
                activity: id,
                date,
                start_time: details.start_time,
                duration_minutes: details.duration_minutes,
                place: details.meeting_place.clone(),
                leader: details.leader.clone(),
                status: SessionStatus::Planned,
                moved: None,
            });
        }
        self.store.save_sessions(&added)?;
        Ok(GeneratedSessions { added, skipped })
    }

    /// Planned sessions from `today` on a bank holiday their activity does
    /// not run on (made before the holiday was known, or before a change of
    /// nation), for "Cancel these?"; none the coordinator chose to keep.
    pub fn sessions_on_bank_holidays(&self, today: NaiveDate) -> Result<Vec<HolidaySession>> {
        let holidays = self.settings()?.holidays;
        let mut found = Vec::new();
        for activity in self.activities()? {
            if activity.details.runs_on_bank_holidays {
                continue;
            }
            for session in self.store.sessions_of(activity.id)? {
                if session.date < today
                    || session.status != SessionStatus::Planned
                    || holidays.kept.contains(&session.id)
                {
                    continue;
                }
                if let Some(holiday) = holidays.on(session.date) {
                    found.push(HolidaySession {
                        session: session.id,
                        words: format!(
                            "{}, {} – {}",
                            activity.details.name,
                            dates::long_date(session.date),
                            holiday.name
                        ),
                        holiday: holiday.name,
                    });
                }
            }
        }
        Ok(found)
    }

    /// Answers "Cancel these?": cancels them (the holiday is the reason), or
    /// keeps them going ahead and stops asking.
    pub fn settle_bank_holiday_sessions(&self, cancel: bool, today: NaiveDate) -> Result<usize> {
        let listed = self.sessions_on_bank_holidays(today)?;
        if cancel {
            let mut cancelled = Vec::new();
            for found in &listed {
                cancelled.push(Session {
                    status: SessionStatus::Cancelled {
                        reason: found.holiday.clone(),
                    },
                    ..self.session(found.session)?
                });
            }
            self.store.save_sessions(&cancelled)?;
        } else {
            let mut settings = self.settings()?;
            settings
                .holidays
                .kept
                .extend(listed.iter().map(|found| found.session));
            self.save_settings(settings)?;
        }
        Ok(listed.len())
    }

    /// Cancels one session with a reason ("weather", "venue closed"); it
    /// stays on lists and registers, counted as not offered.
    pub fn cancel_session(&self, id: SessionId, reason: &str) -> Result<Session> {
        let reason = text::required("reason", "The reason", reason, text::LINE_MAX)?;
        let session = Session {
            status: SessionStatus::Cancelled { reason },
            ..self.session(id)?
        };
        self.store.save_sessions(std::slice::from_ref(&session))?;
        Ok(session)
    }

    /// A cancelled session goes ahead after all: it takes marks again.
    pub fn reinstate_session(&self, id: SessionId) -> Result<Session> {
        let session = Session {
            status: SessionStatus::Planned,
            ..self.session(id)?
        };
        self.store.save_sessions(std::slice::from_ref(&session))?;
        Ok(session)
    }

    /// Moves one session to another date or time ("venue booked that
    /// day"); its marks go with it. The first date it had is remembered.
    pub fn move_session(
        &self,
        id: SessionId,
        date: NaiveDate,
        start_time: NaiveTime,
        reason: &str,
    ) -> Result<Session> {
        let reason = text::required("reason", "The reason", reason, text::LINE_MAX)?;
        let session = self.session(id)?;
        let clash = self
            .store
            .sessions_of(session.activity)?
            .into_iter()
            .any(|s| s.date == date && s.id != id);
        if clash {
            return Err(ValidationError::new(
                "date",
                format!(
                    "There is already a session on {}. Cancel one of them instead.",
                    dates::long_date(date)
                ),
            )
            .into());
        }
        let from = session.moved.as_ref().map_or(session.date, |m| m.from);
        let moved = Session {
            date,
            start_time,
            moved: Some(Moved { from, reason }),
            ..session
        };
        self.store.save_sessions(std::slice::from_ref(&moved))?;
        Ok(moved)
    }

    pub fn sessions_of(&self, id: ActivityId) -> Result<Vec<Session>> {
        Ok(self.store.sessions_of(id)?)
    }

    pub fn session(&self, id: SessionId) -> Result<Session> {
        self.store
            .session(id)?
            .ok_or_else(|| Error::NotFound("That session is no longer in Tend.".into()))
    }

    /// The session of an activity on a date, as the command line names it.
    pub fn session_on(&self, activity: &Activity, date: NaiveDate) -> Result<Session> {
        self.store
            .sessions_of(activity.id)?
            .into_iter()
            .find(|s| s.date == date)
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "\"{}\" has no session on {}.",
                    activity.details.name,
                    dates::long_date(date)
                ))
            })
    }

    /// Sessions of every activity from `from` for `days` days, in time order.
    pub fn sessions_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<SessionSummary>> {
        let mut found = Vec::new();
        for activity in self.activities()? {
            for session in self.store.sessions_of(activity.id)? {
                if session.date >= from && session.date <= to {
                    found.push(SessionSummary {
                        session,
                        activity_name: activity.details.name.clone(),
                    });
                }
            }
        }
        found.sort_by_key(|s| (s.session.date, s.session.start_time));
        Ok(found)
    }

    /// Expects the participant at the activity from `on`. Enrolling someone
    /// already enrolled changes nothing; someone who left joins again in a
    /// new spell, and the earlier one stays on the registers it covers.
    pub fn enrol(
        &self,
        activity: ActivityId,
        participant: ParticipantId,
        on: NaiveDate,
    ) -> Result<Enrolment> {
        self.activity(activity)?;
        self.participant(participant)?;
        match self.new_spell(activity, participant, on)? {
            Ok(current) => Ok(current),
            Err(enrolment) => {
                let entry = LogEntry::about_person(LoggedAction::JoinedActivity, participant)
                    .with_fields([format!("activity {activity}")]);
                self.store.save_enrolment(&enrolment, &[entry])?;
                Ok(enrolment)
            }
        }
    }

    /// The spell someone is in now at an activity (`Ok`), or the new
    /// spell joining on `on` would start (`Err`, not yet saved). Joining
    /// again before the day they last left is refused.
    pub(super) fn new_spell(
        &self,
        activity: ActivityId,
        participant: ParticipantId,
        on: NaiveDate,
    ) -> Result<std::result::Result<Enrolment, Enrolment>> {
        let spells: Vec<Enrolment> = self
            .store
            .enrolments_for(participant)?
            .into_iter()
            .filter(|e| e.activity == activity)
            .collect();
        if let Some(current) = spells.iter().find(|e| e.left_on.is_none()) {
            return Ok(Ok(current.clone()));
        }
        if let Some(left) = spells.iter().filter_map(|e| e.left_on).max()
            && on < left
        {
            return Err(ValidationError::new(
                "joined_on",
                format!(
                    "They left on {}; joining again must be on or after that.",
                    dates::long_date(left)
                ),
            )
            .into());
        }
        Ok(Err(Enrolment {
            activity,
            participant,
            joined_on: on,
            left_on: None,
            buddy: None,
        }))
    }

    /// Records that the participant stopped going to the activity on `on`;
    /// they drop off later sign-in sheets but stay on earlier registers.
    pub fn leave_activity(
        &self,
        activity: ActivityId,
        participant: ParticipantId,
        on: NaiveDate,
    ) -> Result<Enrolment> {
        let current = self
            .store
            .enrolments_of(activity)?
            .into_iter()
            .find(|e| e.participant == participant && e.left_on.is_none())
            .ok_or_else(|| Error::NotFound("They are not enrolled in that activity.".into()))?;
        if on < current.joined_on {
            return Err(ValidationError::new(
                "left_on",
                format!(
                    "They joined on {}; the leaving date cannot be before that.",
                    dates::long_date(current.joined_on)
                ),
            )
            .into());
        }
        let left = Enrolment {
            left_on: Some(on),
            ..current
        };
        let entry = LogEntry::about_person(LoggedAction::LeftActivity, left.participant)
            .with_fields([format!("activity {}", left.activity)]);
        self.store.save_enrolment(&left, &[entry])?;
        Ok(left)
    }

    pub fn enrolments_of(&self, activity: ActivityId) -> Result<Vec<Enrolment>> {
        Ok(self.store.enrolments_of(activity)?)
    }

    pub fn enrolments_for(&self, participant: ParticipantId) -> Result<Vec<Enrolment>> {
        Ok(self.store.enrolments_for(participant)?)
    }
}

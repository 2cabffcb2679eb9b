//! Buddies: a volunteer who meets someone new at their first session at an
//! activity and goes with them. Kept on the person's place at the activity;
//! it shows on the rota, in "this week's rota" text and in the volunteer's
//! calendar file. A buddy must be free then: not archived, not away, free
//! that weekday, and not on the rota elsewhere at the same time.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Tend;
use crate::Result;
use crate::domain::{
    ActivityId, Buddy, Enrolment, LogEntry, LoggedAction, ParticipantId, SessionId, SessionStatus,
    ValidationError, VolunteerId,
};
use crate::error::Error;

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct BuddyRequest {
    pub participant: ParticipantId,
    pub activity: ActivityId,
    pub volunteer: VolunteerId,
    pub session: SessionId,
}

/// A session a buddy could meet them at, and who is free for it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BuddySession {
    pub session: SessionId,
    /// "Tuesday 8 December 2026, 10:30".
    pub when: String,
    pub volunteers: Vec<BuddyCandidate>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BuddyCandidate {
    pub volunteer: VolunteerId,
    pub name: String,
    /// Why they cannot be a buddy then; empty when they can.
    pub clashes: Vec<String>,
}

/// How many sessions ahead a buddy is offered for.
const SESSIONS_OFFERED: usize = 4;

impl Tend {
    /// The next few sessions of `activity` from `today`, each with the
    /// volunteers still volunteering, those free first.
    pub fn buddy_sessions(
        &self,
        activity: ActivityId,
        today: NaiveDate,
    ) -> Result<Vec<BuddySession>> {
        let sessions: Vec<_> = self
            .sessions_of(activity)?
            .into_iter()
            .filter(|s| s.date >= today && !matches!(s.status, SessionStatus::Cancelled { .. }))
            .take(SESSIONS_OFFERED)
            .collect();
        let (Some(first), Some(last)) = (sessions.first(), sessions.last()) else {
            return Ok(Vec::new());
        };
        let book = self.rota_book(first.date, last.date)?;
        let volunteers: Vec<_> = self
            .volunteers()?
            .into_iter()
            .filter(|v| !v.archived)
            .collect();
        Ok(sessions
            .iter()
            .map(|session| {
                let mut candidates: Vec<BuddyCandidate> = volunteers
                    .iter()
                    .map(|v| BuddyCandidate {
                        volunteer: v.id,
                        name: v.details.full_name.clone(),
                        clashes: book
                            .unavailable(v, session)
                            .iter()
                            .map(|c| c.words())
                            .collect(),
                    })
                    .collect();
                candidates.sort_by_key(|c| {
                    (
                        !c.clashes.is_empty(),
                        crate::domain::text::sort_key(&c.name),
                    )
                });
                BuddySession {
                    session: session.id,
                    when: format!(
                        "{}, {}",
                        crate::domain::dates::long_date(session.date),
                        crate::domain::dates::clock(session.start_time)
                    ),
                    volunteers: candidates,
                }
            })
            .collect())
    }

    /// Makes `volunteer` the person's buddy at `session` of `activity`.
    pub fn choose_buddy(&self, request: BuddyRequest, today: NaiveDate) -> Result<Enrolment> {
        let session = self
            .store
            .session(request.session)?
            .filter(|s| s.activity == request.activity)
            .ok_or_else(|| Error::NotFound("That session is not one of this activity's.".into()))?;
        if session.date < today || matches!(session.status, SessionStatus::Cancelled { .. }) {
            return Err(ValidationError::new(
                "buddy_session",
                "Choose a session still to come and not cancelled.",
            )
            .into());
        }
        let spell = self
            .enrolments_for(request.participant)?
            .into_iter()
            .find(|e| e.activity == request.activity && e.is_current_on(session.date))
            .ok_or_else(|| {
                ValidationError::new(
                    "buddy_session",
                    "They are not expected at this activity on that day.",
                )
            })?;
        let volunteer = self.volunteer(request.volunteer)?;
        let book = self.rota_book(session.date, session.date)?;
        let clashes: Vec<String> = book
            .unavailable(&volunteer, &session)
            .iter()
            .map(|c| c.words())
            .collect();
        if !clashes.is_empty() {
            return Err(ValidationError::new(
                "buddy_volunteer",
                format!(
                    "{} cannot be a buddy that day: {}.",
                    volunteer.details.full_name,
                    clashes.join("; ")
                ),
            )
            .into());
        }
        let chosen = Enrolment {
            buddy: Some(Buddy {
                volunteer: volunteer.id,
                session: session.id,
            }),
            ..spell
        };
        let entry = LogEntry::about_person(LoggedAction::BuddyChosen, request.participant)
            .with_fields([format!("activity {}", request.activity)]);
        self.store.save_enrolment(&chosen, &[entry])?;
        Ok(chosen)
    }

    /// No buddy for them at `activity` any more.
    pub fn drop_buddy(&self, participant: ParticipantId, activity: ActivityId) -> Result<()> {
        for spell in self.enrolments_for(participant)? {
            if spell.activity == activity && spell.buddy.is_some() {
                let entry = LogEntry::about_person(LoggedAction::BuddyChosen, participant)
                    .with_fields(["no buddy".to_string()]);
                self.store.save_enrolment(
                    &Enrolment {
                        buddy: None,
                        ..spell
                    },
                    &[entry],
                )?;
            }
        }
        Ok(())
    }
}

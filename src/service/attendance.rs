//! Who is expected at a session, and who came.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::docs::{self, SignInRow, SignInSheet};
use crate::domain::names::{FoldedName, person_rank};
use crate::domain::text;
use crate::domain::{
    Activity, AttendanceMark, Mark, Participant, ParticipantDetails, ParticipantId, Session,
    SessionId, ValidationError, dates,
};
use crate::domain::{LogEntry, LoggedAction};
use crate::{Result, Tend};

/// A session with everyone expected or marked, for ticking.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SessionRegister {
    pub session: Session,
    pub activity: Activity,
    pub rows: Vec<RegisterRow>,
    /// Marked present, but since erased: counted in the headcount, shown
    /// on no row.
    pub erased_present: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RegisterRow {
    pub participant: ParticipantId,
    pub full_name: String,
    pub preferred_name: String,
    pub mark: Option<Mark>,
    pub walk_in: bool,
    pub first_visit: bool,
    /// What the leader should know (access needs, needs and concerns),
    /// when their consent to hold details allows it.
    pub leader_notes: Vec<String>,
}

/// Who came in unexpected: someone picked from Tend, or a name typed.
#[derive(Debug, Clone, serde::Deserialize, TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WalkIn {
    Existing {
        id: ParticipantId,
    },
    /// A name typed; the person of that name when Tend has exactly one,
    /// unless `confirmed_new` says this is someone else.
    Named {
        name: String,
        #[serde(default)]
        confirmed_new: bool,
    },
}

/// The marks a session can take today, and why not the others.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MarksAllowed {
    pub marks: Vec<Mark>,
    /// "This session is on Tuesday 8 December 2026: until then only apologies can be recorded."
    pub reason: Option<String>,
}

/// Whether a session can take this mark today.
fn session_takes(session: &Session, mark: Mark, today: NaiveDate) -> crate::Result<()> {
    if session.is_cancelled() {
        return Err(ValidationError::new(
            "mark",
            "This session was cancelled, so it takes no marks. Reinstate it first if it did go ahead.",
        )
        .into());
    }
    if session.date > today && mark != Mark::Apologies {
        return Err(ValidationError::new(
            "mark",
            format!(
                "This session is on {}: until then only apologies can be recorded.",
                dates::long_date(session.date)
            ),
        )
        .into());
    }
    Ok(())
}

impl Tend {
    /// A session's marks, by whose they are.
    fn marks_by_person(&self, id: SessionId) -> Result<HashMap<ParticipantId, AttendanceMark>> {
        Ok(self
            .store
            .marks_for_session(id)?
            .into_iter()
            .map(|m| (m.participant, m))
            .collect())
    }

    pub fn session_register(&self, id: SessionId) -> Result<SessionRegister> {
        let session = self.session(id)?;
        let activity = self.activity(session.activity)?;
        let marks = self.marks_by_person(id)?;
        let mut rows: Vec<RegisterRow> = self
            .expected_or_marked(&session, &marks)?
            .into_iter()
            .map(|p| {
                let mark = marks.get(&p.id);
                RegisterRow {
                    participant: p.id,
                    leader_notes: p.details.leader_notes(),
                    full_name: p.details.full_name,
                    preferred_name: p.details.preferred_name,
                    mark: mark.map(|m| m.mark),
                    walk_in: mark.is_some_and(|m| m.walk_in),
                    first_visit: mark.is_some_and(|m| m.first_visit),
                }
            })
            .collect();
        rows.sort_by_cached_key(|r| text::sort_key(&r.full_name));
        let erased_present = marks
            .values()
            .filter(|m| {
                m.mark == Mark::Present && !rows.iter().any(|r| r.participant == m.participant)
            })
            .count();
        Ok(SessionRegister {
            session,
            activity,
            rows,
            erased_present,
        })
    }

    pub fn marks_allowed(&self, id: SessionId, today: NaiveDate) -> Result<MarksAllowed> {
        let session = self.session(id)?;
        let mut reason = None;
        let marks = [Mark::Present, Mark::Apologies, Mark::Absent]
            .into_iter()
            .filter(|mark| match session_takes(&session, *mark, today) {
                Ok(()) => true,
                Err(e) => {
                    reason = Some(e.to_string());
                    false
                }
            })
            .collect();
        Ok(MarksAllowed { marks, reason })
    }

    /// Who on the session's list matches what was typed in "Find a
    /// person" (by full or preferred name, the one name rule), best first.
    pub fn find_in_session(&self, id: SessionId, query: &str) -> Result<Vec<ParticipantId>> {
        let query = FoldedName::new(query);
        let mut found: Vec<_> = self
            .session_register(id)?
            .rows
            .into_iter()
            .filter_map(|row| {
                let full = FoldedName::new(&row.full_name);
                let preferred = FoldedName::new(&row.preferred_name);
                person_rank(&full, &preferred, &query).map(|rank| (rank, row.participant))
            })
            .collect();
        found.sort_by_key(|(rank, _)| *rank);
        Ok(found.into_iter().map(|(_, id)| id).collect())
    }

    /// Enrolled on the session's date, or already marked at it.
    fn expected_or_marked(
        &self,
        session: &Session,
        marks: &HashMap<ParticipantId, AttendanceMark>,
    ) -> Result<Vec<Participant>> {
        let mut ids: Vec<ParticipantId> = self
            .store
            .enrolments_of(session.activity)?
            .into_iter()
            .filter(|e| e.is_current_on(session.date))
            .map(|e| e.participant)
            .collect();
        ids.extend(
            marks
                .keys()
                .filter(|id| !ids.contains(id))
                .copied()
                .collect::<Vec<_>>(),
        );
        ids.into_iter()
            .filter_map(|id| self.store.get::<Participant>(&id).transpose())
            .map(|r| r.map_err(Into::into))
            .collect()
    }

    /// Records one mark; durable when this returns. A cancelled session
    /// takes no marks, and one still to come takes only apologies.
    pub fn record_attendance(
        &self,
        session: SessionId,
        participant: ParticipantId,
        mark: Mark,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<AttendanceMark> {
        let session = self.session(session)?;
        self.participant(participant)?;
        let record = self.mark_for(&session, participant, mark, false, now, today)?;
        self.store.save_mark(&record)?;
        if mark == Mark::Present {
            self.note_attendance(participant, session.date)?;
        }
        Ok(record)
    }

    /// The mark to save, checked against the session's state.
    fn mark_for(
        &self,
        session: &Session,
        participant: ParticipantId,
        mark: Mark,
        walk_in: bool,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<AttendanceMark> {
        session_takes(session, mark, today)?;
        let session_id = session.id;
        let previous = self.store.mark_of(participant, session_id)?;
        let first_visit = mark == Mark::Present && !self.attended_before(participant, session)?;
        Ok(AttendanceMark {
            session: session_id,
            participant,
            mark,
            walk_in: walk_in || previous.as_ref().is_some_and(|m| m.walk_in),
            first_visit,
            note: previous.map(|m| m.note).unwrap_or_default(),
            recorded_at: now,
        })
    }

    /// Present at any session dated before this one.
    fn attended_before(&self, participant: ParticipantId, session: &Session) -> Result<bool> {
        for mark in self.store.marks_for_participant(participant)? {
            if mark.mark == Mark::Present
                && mark.session != session.id
                && let Some(other) = self.store.session(mark.session)?
                && other.date < session.date
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Takes a mistaken mark back.
    pub fn clear_attendance(&self, session: SessionId, participant: ParticipantId) -> Result<()> {
        Ok(self.store.remove_mark(session, participant)?)
    }

    /// Someone who turned up unexpected: the person already in Tend (by
    /// the name rule), or a new one, enrolled from the session's date and
    /// marked present, all in one step.
    pub fn add_walk_in(
        &self,
        session_id: SessionId,
        who: WalkIn,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<AttendanceMark> {
        let session = self.session(session_id)?;
        let (person, new_person) = match who {
            WalkIn::Existing { id } => (self.participant(id)?, None),
            WalkIn::Named {
                name,
                confirmed_new,
            } => match self.participant_named(&name) {
                Ok(existing) if !confirmed_new => (existing, None),
                Err(crate::Error::Conflict(_)) if !confirmed_new => {
                    return Err(ValidationError::new(
                        "walk_in",
                        format!(
                            "More than one person is called {}: choose which one.",
                            name.trim()
                        ),
                    )
                    .into());
                }
                _ => {
                    let details = ParticipantDetails {
                        full_name: name,
                        ..Default::default()
                    };
                    let person = self.new_participant(details, today, confirmed_new)?;
                    (person.clone(), Some(person))
                }
            },
        };
        let spell = match &new_person {
            Some(_) => Some(crate::domain::Enrolment {
                activity: session.activity,
                participant: person.id,
                joined_on: session.date,
                left_on: None,
                buddy: None,
            }),
            None => self
                .new_spell(session.activity, person.id, session.date)?
                .err(),
        };
        let mark = self.mark_for(&session, person.id, Mark::Present, true, now, today)?;
        let log: Vec<LogEntry> = new_person
            .iter()
            .map(|p| {
                LogEntry::about_person(LoggedAction::PersonAdded, p.id).with_fields(["walk-in"])
            })
            .collect();
        self.store.add_people(
            new_person.as_slice(),
            spell.as_slice(),
            std::slice::from_ref(&mark),
            &log,
        )?;
        if let Some(person) = &new_person {
            self.people_changed(std::slice::from_ref(person), &[]);
        }
        self.note_attendance(person.id, session.date)?;
        Ok(mark)
    }

    /// The printable sign-in sheet for a session, as PDF bytes.
    pub fn sign_in_sheet(&self, id: SessionId, now: DateTime<Utc>) -> Result<Vec<u8>> {
        let register = self.session_register(id)?;
        let organisation = self.organisation()?.map(|o| o.name).unwrap_or_default();
        let session = &register.session;
        let end =
            session.start_time + chrono::Duration::minutes(i64::from(session.duration_minutes));
        let sheet = SignInSheet {
            organisation,
            activity: register.activity.details.name.clone(),
            date: dates::long_date(session.date),
            time: format!("{}–{}", dates::clock(session.start_time), dates::clock(end)),
            meeting_point: session.place.clone(),
            leader: session.leader.clone(),
            rows: register
                .rows
                .iter()
                .map(|r| SignInRow {
                    name: r.full_name.clone(),
                    known_as: r.preferred_name.clone(),
                })
                .collect(),
            blank_rows: 8,
        };
        docs::render_sign_in_sheet(&sheet, now)
    }

    /// The leader's copy: confidential, with each expected person's
    /// emergency contact and what the leader should know.
    pub fn leader_copy(&self, id: SessionId, now: DateTime<Utc>) -> Result<Vec<u8>> {
        let session = self.session(id)?;
        let activity = self.activity(session.activity)?;
        let mut people = self.expected_or_marked(&session, &self.marks_by_person(id)?)?;
        people.sort_by_cached_key(|p| text::sort_key(&p.details.full_name));
        let end =
            session.start_time + chrono::Duration::minutes(i64::from(session.duration_minutes));
        let copy = docs::LeaderCopy {
            organisation: self.organisation()?.map(|o| o.name).unwrap_or_default(),
            activity: activity.details.name,
            when: format!(
                "{}, {}–{}",
                dates::long_date(session.date),
                dates::clock(session.start_time),
                dates::clock(end)
            ),
            people: people
                .iter()
                .map(|p| docs::LeaderCopyPerson {
                    name: if p.details.preferred_name.trim().is_empty() {
                        p.details.full_name.clone()
                    } else {
                        format!("{} ({})", p.details.full_name, p.details.preferred_name)
                    },
                    emergency_contact: p.details.emergency_contact_words(),
                    notes: p.details.leader_notes(),
                })
                .collect(),
        };
        docs::render_leader_copy(&copy, now)
    }
}

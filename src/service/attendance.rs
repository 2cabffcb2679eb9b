//! Who is expected at a session, and who came.

use std::collections::HashMap;

use chrono::Utc;
use serde::Serialize;
use ts_rs::TS;

use crate::docs::{self, SignInRow, SignInSheet};
use crate::domain::text;
use crate::domain::{
    Activity, AttendanceMark, Mark, Participant, ParticipantDetails, ParticipantId, Session,
    SessionId, dates,
};
use crate::{Result, Tend};

/// A session with everyone expected or marked, for ticking.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SessionRegister {
    pub session: Session,
    pub activity: Activity,
    pub rows: Vec<RegisterRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RegisterRow {
    pub participant: ParticipantId,
    pub full_name: String,
    pub preferred_name: String,
    pub mark: Option<Mark>,
    pub walk_in: bool,
    pub first_visit: bool,
}

impl Tend {
    pub fn session_register(&self, id: SessionId) -> Result<SessionRegister> {
        let session = self.session(id)?;
        let activity = self.activity(session.activity)?;
        let marks: HashMap<ParticipantId, AttendanceMark> = self
            .store
            .marks_for_session(id)?
            .into_iter()
            .map(|m| (m.participant, m))
            .collect();
        let mut rows: Vec<RegisterRow> = self
            .expected_or_marked(&session, &marks)?
            .into_iter()
            .map(|p| {
                let mark = marks.get(&p.id);
                RegisterRow {
                    participant: p.id,
                    full_name: p.details.full_name,
                    preferred_name: p.details.preferred_name,
                    mark: mark.map(|m| m.mark),
                    walk_in: mark.is_some_and(|m| m.walk_in),
                    first_visit: mark.is_some_and(|m| m.first_visit),
                }
            })
            .collect();
        rows.sort_by_cached_key(|r| text::sort_key(&r.full_name));
        Ok(SessionRegister {
            session,
            activity,
            rows,
        })
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
            .filter_map(|id| self.store.get::<Participant>(id.as_bytes()).transpose())
            .map(|r| r.map_err(Into::into))
            .collect()
    }

    /// Records one mark; durable when this returns.
    pub fn record_attendance(
        &self,
        session: SessionId,
        participant: ParticipantId,
        mark: Mark,
    ) -> Result<AttendanceMark> {
        self.record(session, participant, mark, false)
    }

    fn record(
        &self,
        session_id: SessionId,
        participant: ParticipantId,
        mark: Mark,
        walk_in: bool,
    ) -> Result<AttendanceMark> {
        let session = self.session(session_id)?;
        self.participant(participant)?;
        let previous = self
            .store
            .marks_for_session(session_id)?
            .into_iter()
            .find(|m| m.participant == participant);
        let first_visit = mark == Mark::Present && !self.attended_before(participant, &session)?;
        let record = AttendanceMark {
            session: session_id,
            participant,
            mark,
            walk_in: walk_in || previous.as_ref().is_some_and(|m| m.walk_in),
            first_visit,
            note: previous.map(|m| m.note).unwrap_or_default(),
            recorded_at: Utc::now(),
        };
        self.store.save_mark(&record)?;
        if mark == Mark::Present {
            self.note_attendance(participant, session.date)?;
        }
        Ok(record)
    }

    /// Present at any session dated before this one.
    fn attended_before(&self, participant: ParticipantId, session: &Session) -> Result<bool> {
        for mark in self.store.marks_for_participant(participant)? {
            if mark.mark == Mark::Present && mark.session != session.id {
                if let Some(other) = self.store.session(mark.session)? {
                    if other.date < session.date {
                        return Ok(true);
                    }
                }
            }
        }
        Ok(false)
    }

    /// Takes a mistaken mark back.
    pub fn clear_attendance(&self, session: SessionId, participant: ParticipantId) -> Result<()> {
        Ok(self.store.remove_mark(session, participant)?)
    }

    /// Someone who turned up unexpected: found by name or added, enrolled from
    /// the session's date, and marked present.
    pub fn add_walk_in(&self, session_id: SessionId, name: &str) -> Result<AttendanceMark> {
        let session = self.session(session_id)?;
        let participant = match self.participant_named(name) {
            Ok(existing) => existing,
            Err(crate::Error::NotFound(_)) => self.add_participant(ParticipantDetails {
                full_name: name.to_string(),
                ..Default::default()
            })?,
            Err(other) => return Err(other),
        };
        self.enrol(session.activity, participant.id, session.date)?;
        self.record(session_id, participant.id, Mark::Present, true)
    }

    /// The printable sign-in sheet for a session, as PDF bytes.
    pub fn sign_in_sheet(&self, id: SessionId) -> Result<Vec<u8>> {
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
        docs::render_sign_in_sheet(&sheet, Utc::now())
    }
}

//! The rota: for each session the roles it needs, who fills them, the gaps,
//! and the conflicts a coordinator must see before assigning someone.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::rota::{self, Booking, Conflict};
use crate::domain::{
    Role, RoleId, RotaAssignment, RotaAssignmentId, Session, SessionId, SessionStatus,
    ValidationError, Volunteer, VolunteerId, dates, text,
};
use crate::{Error, Result, Tend};

/// One session's line on the rota.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RotaSession {
    pub session: Session,
    pub activity_name: String,
    pub slots: Vec<RotaSlot>,
    /// Slots nobody fills yet.
    pub gaps: usize,
    /// Volunteers meeting someone new there: "Dafydd ap Gwilym, meeting
    /// Eirlys at her first session".
    pub buddies: Vec<BuddyLine>,
    /// The bank holiday it falls on, when the activity does not usually
    /// run on them ("Christmas Day"): auto-fill leaves it alone.
    pub bank_holiday: Option<String>,
}

/// A buddy at a session, as the rota shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BuddyLine {
    pub volunteer: VolunteerId,
    pub volunteer_name: String,
    /// The person they meet, by the name they go by.
    pub meeting: String,
}

/// One person needed in one role; `filled` is empty for a gap.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RotaSlot {
    pub role: RoleId,
    pub role_name: String,
    pub filled: Option<FilledSlot>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FilledSlot {
    pub assignment: RotaAssignmentId,
    pub volunteer: VolunteerId,
    pub name: String,
    /// Conflicts as they stand today, in words; kept only with an override.
    pub conflicts: Vec<String>,
    pub override_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RotaPeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub sessions: Vec<RotaSession>,
    pub gaps: usize,
}

/// Someone who could be picked for a slot, with anything in the way.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Candidate {
    pub volunteer: VolunteerId,
    pub name: String,
    pub conflicts: Vec<String>,
    /// Why no reason can override their conflict: the role needs a
    /// qualification for safety that they do not hold in date.
    pub safety: Option<String>,
    /// Sessions they are on in the eight weeks before and four after.
    pub nearby_sessions: usize,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct Assignment {
    pub session: SessionId,
    pub role: RoleId,
    pub volunteer: VolunteerId,
    /// Needed when the person has a conflict: why assign them anyway.
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// The longest stretch a rota is worked out for at once.
const LONGEST_RANGE_DAYS: i64 = 366;

/// What the rota rules need about a stretch of dates, read once: sessions
/// with what they need, everyone, every role, and who is booked when.
pub(super) struct RotaBook {
    pub volunteers: HashMap<VolunteerId, Volunteer>,
    pub roles: HashMap<RoleId, Role>,
    /// In time order.
    pub sessions: Vec<BookSession>,
    bookings: HashMap<VolunteerId, Vec<Booking>>,
}

pub(super) struct BookSession {
    pub session: Session,
    pub activity_name: String,
    /// Each role with how many people it needs (none when cancelled).
    pub needs: Vec<(RoleId, usize)>,
    pub assignments: Vec<RotaAssignment>,
    /// Buddies meeting someone new there, and whom (by the name they go by).
    pub buddies: Vec<(VolunteerId, String)>,
    /// The bank holiday it falls on, when the activity does not run on them.
    pub bank_holiday: Option<String>,
}

impl BookSession {
    /// The slots of each role in need order: filled ones first, then gaps;
    /// people on a role the session no longer needs still show.
    pub fn slots(&self) -> Vec<(RoleId, Option<&RotaAssignment>)> {
        let mut slots = Vec::new();
        for (role, needed) in &self.needs {
            let filled: Vec<_> = self
                .assignments
                .iter()
                .filter(|a| a.role == *role)
                .collect();
            let count = filled.len().max(*needed);
            slots.extend((0..count).map(|i| (*role, filled.get(i).copied())));
        }
        for extra in &self.assignments {
            if !self.needs.iter().any(|(role, _)| *role == extra.role) {
                slots.push((extra.role, Some(extra)));
            }
        }
        slots
    }

    pub fn gaps(&self) -> Vec<RoleId> {
        self.slots()
            .into_iter()
            .filter(|(_, filled)| filled.is_none())
            .map(|(role, _)| role)
            .collect()
    }
}

impl RotaBook {
    /// Why `conflicts` cannot be overridden for `role`, when they cannot:
    /// "First aider needs a First aid certificate in date for safety: no
    /// reason can override this."
    pub fn safety_block(&self, role: RoleId, conflicts: &[Conflict]) -> Option<String> {
        let role = self.roles.get(&role)?;
        role.safety_block(conflicts).map(|_| {
            format!(
                "{} needs a {} in date for safety: no reason can override this.",
                role.name, role.qualification
            )
        })
    }

    pub fn role_name(&self, role: RoleId) -> String {
        self.roles
            .get(&role)
            .map_or_else(|| "(a removed role)".into(), |r| r.name.clone())
    }

    pub fn volunteer_name(&self, volunteer: VolunteerId) -> String {
        self.volunteers
            .get(&volunteer)
            .map_or_else(|| "a volunteer".into(), |v| v.details.full_name.clone())
    }

    /// What keeps `volunteer` from being at the session at all (for a
    /// buddy): being on the rota at this very session is no clash.
    pub fn unavailable(&self, volunteer: &Volunteer, session: &Session) -> Vec<Conflict> {
        let here: Vec<RotaAssignmentId> = self
            .sessions
            .iter()
            .filter(|s| s.session.id == session.id)
            .flat_map(|s| s.assignments.iter().map(|a| a.id))
            .collect();
        let bookings = self
            .bookings
            .get(&volunteer.id)
            .into_iter()
            .flatten()
            .filter(|b| !here.contains(&b.assignment));
        rota::unavailable(volunteer, session, bookings)
    }

    /// What stands in the way of `volunteer` filling `role` at the
    /// session, leaving `ignoring` (the assignment being checked) aside.
    pub fn conflicts(
        &self,
        volunteer: &Volunteer,
        role: RoleId,
        session: &Session,
        ignoring: Option<RotaAssignmentId>,
    ) -> Vec<Conflict> {
        let Some(role) = self.roles.get(&role) else {
            return vec![Conflict::CannotFillRole {
                role: "a removed role".into(),
            }];
        };
        let bookings = self
            .bookings
            .get(&volunteer.id)
            .into_iter()
            .flatten()
            .filter(|b| Some(b.assignment) != ignoring);
        rota::conflicts(volunteer, role, session, bookings)
    }

    /// Notes that `volunteer` is now booked for `role` at the session.
    pub fn book(
        &mut self,
        assignment: RotaAssignmentId,
        volunteer: VolunteerId,
        role: RoleId,
        session: &Session,
        activity_name: &str,
    ) {
        let (start, end) = rota::session_times(session);
        let label = format!(
            "{} at {} ({})",
            activity_name,
            dates::clock(session.start_time),
            self.role_name(role).to_lowercase()
        );
        self.bookings.entry(volunteer).or_default().push(Booking {
            assignment,
            start,
            end,
            label,
        });
    }

    /// How many sessions each volunteer is on in this book.
    pub fn load(&self) -> HashMap<VolunteerId, usize> {
        let mut load = HashMap::new();
        for s in &self.sessions {
            if matches!(s.session.status, SessionStatus::Cancelled { .. }) {
                continue;
            }
            for a in &s.assignments {
                *load.entry(a.volunteer).or_default() += 1;
            }
        }
        load
    }
}

pub(super) fn check_range(from: NaiveDate, to: NaiveDate) -> Result<()> {
    dates::check_order(from, to)?;
    if (to - from).num_days() > LONGEST_RANGE_DAYS {
        return Err(ValidationError::new("to", "Choose at most a year at a time.").into());
    }
    Ok(())
}

impl Tend {
    pub(super) fn rota_book(&self, from: NaiveDate, to: NaiveDate) -> Result<RotaBook> {
        let roles: HashMap<RoleId, Role> = self.roles()?.into_iter().map(|r| (r.id, r)).collect();
        let volunteers = self.volunteers()?.into_iter().map(|v| (v.id, v)).collect();
        let mut book = RotaBook {
            volunteers,
            roles,
            sessions: Vec::new(),
            bookings: HashMap::new(),
        };
        let holidays = self.settings()?.holidays;
        for activity in self.activities()? {
            let sessions: Vec<Session> = self
                .store
                .sessions_of(activity.id)?
                .into_iter()
                .filter(|s| s.date >= from && s.date <= to)
                .collect();
            if sessions.is_empty() {
                continue;
            }
            let enrolments = self.store.enrolments_of(activity.id)?;
            for session in sessions {
                let needs = if matches!(session.status, SessionStatus::Cancelled { .. }) {
                    Vec::new()
                } else {
                    let expected = enrolments
                        .iter()
                        .filter(|e| e.is_current_on(session.date))
                        .count();
                    activity
                        .details
                        .roles_needed
                        .iter()
                        .map(|need| (need.role, rota::people_needed(need, expected)))
                        .collect()
                };
                let assignments = self.store.rota_for(session.id)?;
                let mut buddies = Vec::new();
                for e in &enrolments {
                    if let Some(b) = e.buddy.filter(|b| b.session == session.id) {
                        let meeting = self
                            .store
                            .get::<crate::domain::Participant>(&e.participant)?
                            .map(|p| p.details.known_as().to_string())
                            .unwrap_or_else(|| "someone new".into());
                        buddies.push((b.volunteer, meeting));
                    }
                }
                let bank_holiday = (!activity.details.runs_on_bank_holidays)
                    .then(|| holidays.on(session.date))
                    .flatten()
                    .map(|h| h.name);
                book.sessions.push(BookSession {
                    session,
                    activity_name: activity.details.name.clone(),
                    needs,
                    assignments,
                    buddies,
                    bank_holiday,
                });
            }
        }
        book.sessions.sort_by(|a, b| {
            (a.session.date, a.session.start_time, &a.activity_name).cmp(&(
                b.session.date,
                b.session.start_time,
                &b.activity_name,
            ))
        });
        let mut booked = Vec::new();
        for s in &book.sessions {
            if matches!(s.session.status, SessionStatus::Cancelled { .. }) {
                continue;
            }
            for a in &s.assignments {
                booked.push((
                    a.id,
                    a.volunteer,
                    a.role,
                    s.session.clone(),
                    s.activity_name.clone(),
                ));
            }
        }
        for (id, volunteer, role, session, activity_name) in booked {
            book.book(id, volunteer, role, &session, &activity_name);
        }
        Ok(book)
    }

    /// The rota from `from` to `to`: every session with its slots, gaps
    /// and the conflicts of who fills them.
    pub fn rota(&self, from: NaiveDate, to: NaiveDate) -> Result<RotaPeriod> {
        check_range(from, to)?;
        let book = self.rota_book(from, to)?;
        let sessions: Vec<RotaSession> = book
            .sessions
            .iter()
            .map(|s| rota_session(&book, s))
            .collect();
        Ok(RotaPeriod {
            from,
            to,
            gaps: sessions.iter().map(|s| s.gaps).sum(),
            sessions,
        })
    }

    /// Everyone who could fill `role` at the session: those with nothing in
    /// the way first, fewest sessions nearby first; then the rest with why.
    pub fn rota_candidates(&self, session: SessionId, role: RoleId) -> Result<Vec<Candidate>> {
        let session = self.session(session)?;
        let book = self.rota_book(session.date - Days::new(56), session.date + Days::new(28))?;
        let load = book.load();
        let mut candidates: Vec<(bool, Candidate)> = book
            .volunteers
            .values()
            .filter(|v| !v.archived)
            .map(|v| {
                let conflicts = book.conflicts(v, role, &session, None);
                let can_fill = v.details.roles.contains(&role);
                (
                    can_fill,
                    Candidate {
                        volunteer: v.id,
                        name: v.details.full_name.clone(),
                        conflicts: conflicts.iter().map(Conflict::words).collect(),
                        safety: book.safety_block(role, &conflicts),
                        nearby_sessions: load.get(&v.id).copied().unwrap_or(0),
                    },
                )
            })
            .collect();
        candidates.sort_by_cached_key(|(can_fill, c)| {
            (
                !c.conflicts.is_empty(),
                !can_fill,
                c.nearby_sessions,
                text::sort_key(&c.name),
            )
        });
        Ok(candidates.into_iter().map(|(_, c)| c).collect())
    }

    /// Puts someone on the rota. With a conflict it is refused unless the
    /// coordinator gives a reason to override, which is kept with it.
    pub fn assign_volunteer(&self, request: Assignment) -> Result<RotaAssignment> {
        let session = self.session(request.session)?;
        if let SessionStatus::Cancelled { .. } = session.status {
            return Err(Error::Conflict("That session is cancelled.".into()));
        }
        let volunteer = self.volunteer(request.volunteer)?;
        let book = self.rota_book(session.date, session.date)?;
        if !book.roles.contains_key(&request.role) {
            return Err(Error::NotFound("That role is no longer in Tend.".into()));
        }
        let conflicts = book.conflicts(&volunteer, request.role, &session, None);
        if let Some(rule) = book.safety_block(request.role, &conflicts) {
            let missing = book
                .roles
                .get(&request.role)
                .and_then(|r| r.safety_block(&conflicts))
                .map(Conflict::words)
                .unwrap_or_default();
            return Err(ValidationError::new(
                "volunteer",
                format!(
                    "{} cannot be put on: {missing}. {rule}",
                    volunteer.details.full_name
                ),
            )
            .into());
        }
        let reason = text::optional(
            "override_reason",
            "The reason",
            request.override_reason.as_deref().unwrap_or(""),
            text::LINE_MAX,
        )?;
        if !conflicts.is_empty() && reason.is_empty() {
            let words: Vec<String> = conflicts.iter().map(Conflict::words).collect();
            return Err(ValidationError::new(
                "override_reason",
                format!(
                    "{}: {}. To assign them anyway, say why.",
                    volunteer.details.full_name,
                    words.join("; ")
                ),
            )
            .into());
        }
        let assignment = RotaAssignment {
            id: RotaAssignmentId::new(),
            session: session.id,
            role: request.role,
            volunteer: volunteer.id,
            override_reason: (!conflicts.is_empty()).then_some(reason),
        };
        self.store.put(&assignment)?;
        Ok(assignment)
    }

    /// Takes someone off the rota for a session.
    pub fn unassign(&self, session: SessionId, assignment: RotaAssignmentId) -> Result<()> {
        if !self
            .store
            .rota_for(session)?
            .iter()
            .any(|a| a.id == assignment)
        {
            return Err(Error::NotFound(
                "That person is no longer on the rota there.".into(),
            ));
        }
        self.store
            .remove::<RotaAssignment>(&(session, assignment))?;
        Ok(())
    }

    /// The rota for a week as plain lines to read out or paste into a
    /// message: each session, then each role with who fills it.
    pub fn rota_text(&self, from: NaiveDate, to: NaiveDate) -> Result<String> {
        let period = self.rota(from, to)?;
        let mut out = String::new();
        for s in &period.sessions {
            out.push_str(&format!(
                "{}, {} – {} ({})\n",
                dates::long_date(s.session.date),
                dates::clock(s.session.start_time),
                s.activity_name,
                s.session.place
            ));
            if let SessionStatus::Cancelled { reason } = &s.session.status {
                out.push_str(&format!("  Cancelled: {reason}\n"));
            }
            if let Some(holiday) = &s.bank_holiday {
                out.push_str(&format!("  Bank holiday: {holiday}\n"));
            }
            for slot in &s.slots {
                let who = slot
                    .filled
                    .as_ref()
                    .map_or("NEEDED – nobody yet", |f| f.name.as_str());
                out.push_str(&format!("  {}: {}\n", slot.role_name, who));
            }
            for buddy in &s.buddies {
                out.push_str(&format!(
                    "  Buddy: {}, meeting {} at their first session\n",
                    buddy.volunteer_name, buddy.meeting
                ));
            }
            out.push('\n');
        }
        if out.is_empty() {
            out.push_str("No sessions in this week.\n");
        }
        Ok(out)
    }
}

fn rota_session(book: &RotaBook, s: &BookSession) -> RotaSession {
    let slots: Vec<RotaSlot> = s
        .slots()
        .into_iter()
        .map(|(role, filled)| RotaSlot {
            role,
            role_name: book.role_name(role),
            filled: filled.map(|a| FilledSlot {
                assignment: a.id,
                volunteer: a.volunteer,
                name: book.volunteer_name(a.volunteer),
                conflicts: book
                    .volunteers
                    .get(&a.volunteer)
                    .map(|v| {
                        book.conflicts(v, a.role, &s.session, Some(a.id))
                            .iter()
                            .map(Conflict::words)
                            .collect()
                    })
                    .unwrap_or_default(),
                override_reason: a.override_reason.clone(),
            }),
        })
        .collect();
    RotaSession {
        session: s.session.clone(),
        activity_name: s.activity_name.clone(),
        gaps: slots.iter().filter(|s| s.filled.is_none()).count(),
        slots,
        buddies: s
            .buddies
            .iter()
            .map(|(volunteer, meeting)| BuddyLine {
                volunteer: *volunteer,
                volunteer_name: book.volunteer_name(*volunteer),
                meeting: meeting.clone(),
            })
            .collect(),
        bank_holiday: s.bank_holiday.clone(),
    }
}

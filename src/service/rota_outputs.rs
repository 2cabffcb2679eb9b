//! What the rota prints and exports: the month's rota as a PDF and each
//! volunteer's own calendar file.

use chrono::{DateTime, NaiveDate, Utc};

use crate::calendar::{self, CalendarEvent};
use crate::docs::{RotaRow, RotaSheet};
use crate::domain::rota::session_times;
use crate::domain::{RotaAssignment, SessionStatus, VolunteerId, dates};
use crate::{Result, Tend};

impl Tend {
    /// The rota for the month holding `first` as a printable sheet.
    pub fn rota_sheet(&self, first: NaiveDate, last: NaiveDate) -> Result<RotaSheet> {
        let period = self.rota(first, last)?;
        // Role columns: every role some session in the month uses, in the
        // order the roles list them.
        let roles: Vec<_> = self
            .roles()?
            .into_iter()
            .filter(|r| {
                period
                    .sessions
                    .iter()
                    .any(|s| s.slots.iter().any(|slot| slot.role == r.id))
            })
            .collect();
        let rows = period
            .sessions
            .iter()
            .map(|s| {
                let (start, end) = session_times(&s.session);
                RotaRow {
                    date: s.session.date.format("%a %-d %b").to_string(),
                    time: format!(
                        "{}–{}",
                        dates::clock(start.time()),
                        dates::clock(end.time())
                    ),
                    activity: s.activity_name.clone(),
                    cancelled: match &s.session.status {
                        SessionStatus::Cancelled { reason } => Some(reason.clone()),
                        _ => None,
                    },
                    cells: roles
                        .iter()
                        .map(|role| {
                            s.slots
                                .iter()
                                .filter(|slot| slot.role == role.id)
                                .map(|slot| slot.filled.as_ref().map(|f| f.name.clone()))
                                .collect()
                        })
                        .collect(),
                    buddies: s
                        .buddies
                        .iter()
                        .map(|b| (b.volunteer_name.clone(), b.meeting.clone()))
                        .collect(),
                    bank_holiday: s.bank_holiday.clone(),
                }
            })
            .collect();
        Ok(RotaSheet {
            organisation: self.organisation()?.map(|o| o.name).unwrap_or_default(),
            month: dates::month_name(first),
            roles: roles.into_iter().map(|r| r.name).collect(),
            rows,
            gaps: period.gaps,
        })
    }

    pub fn rota_pdf(
        &self,
        first: NaiveDate,
        last: NaiveDate,
        created: DateTime<Utc>,
    ) -> Result<Vec<u8>> {
        self.rota_sheet(first, last)?.to_pdf(created)
    }

    /// A volunteer's calendar file: every session they are on the rota
    /// for, past and future, cancelled ones sent as cancelled.
    pub fn volunteer_calendar(&self, id: VolunteerId, now: DateTime<Utc>) -> Result<String> {
        let volunteer = self.volunteer(id)?;
        let mine: Vec<RotaAssignment> = self
            .store
            .all::<RotaAssignment>()?
            .into_iter()
            .filter(|a| a.volunteer == id)
            .collect();
        let roles = self.roles()?;
        let mut events = Vec::with_capacity(mine.len());
        for assignment in mine {
            let Some(session) = self.store.session(assignment.session)? else {
                continue;
            };
            let activity = self.activity(session.activity)?;
            let role = roles
                .iter()
                .find(|r| r.id == assignment.role)
                .map_or("Volunteer", |r| r.name.as_str());
            let (start, end) = session_times(&session);
            let cancelled = matches!(session.status, SessionStatus::Cancelled { .. });
            let mut description = format!("{role} at {}.", activity.details.name);
            if let SessionStatus::Cancelled { reason } = &session.status {
                description.push_str(&format!("\nCancelled: {reason}"));
            }
            if let Some(moved) = &session.moved {
                description.push_str(&format!(
                    "\nMoved from {}: {}",
                    dates::long_date(moved.from),
                    moved.reason
                ));
            }
            events.push(CalendarEvent {
                uid: format!("{}@rota.tend", assignment.id),
                start,
                end,
                summary: format!("{role} – {}", activity.details.name),
                location: session.place.clone(),
                description,
                cancelled,
                sequence: u32::from(cancelled) + u32::from(session.moved.is_some()),
            });
        }
        // First sessions they meet someone new at, as their buddy.
        for activity in self.activities()? {
            for spell in self.store.enrolments_of(activity.id)? {
                let Some(buddy) = spell.buddy.filter(|b| b.volunteer == id) else {
                    continue;
                };
                let Some(session) = self.store.session(buddy.session)? else {
                    continue;
                };
                let meeting = self
                    .store
                    .get::<crate::domain::Participant>(&spell.participant)?
                    .map(|p| p.details.known_as().to_string())
                    .unwrap_or_else(|| "someone new".into());
                let (start, end) = session_times(&session);
                let cancelled = matches!(session.status, SessionStatus::Cancelled { .. });
                events.push(CalendarEvent {
                    uid: format!("{}-{}@buddy.tend", spell.participant, session.id),
                    start,
                    end,
                    summary: format!("Buddy – {}", activity.details.name),
                    location: session.place.clone(),
                    description: format!(
                        "Meeting {meeting} at their first session at {}, and going round with them.",
                        activity.details.name
                    ),
                    cancelled,
                    sequence: u32::from(cancelled) + u32::from(session.moved.is_some()),
                });
            }
        }
        events.sort_by_key(|e| e.start);
        Ok(calendar::calendar(
            &volunteer.details.full_name,
            &events,
            now,
        ))
    }
}

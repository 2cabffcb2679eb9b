//! The attendance register of an activity over a period.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::docs::{Cell, Register, RegisterColumn, RegisterLine};
use crate::domain::text;
use crate::domain::{
    ActivityId, Enrolment, Mark, Participant, ParticipantId, SessionStatus, dates,
};
use crate::{Result, Tend};

impl Tend {
    /// Everyone enrolled at some point in the period (and anyone marked),
    /// against every session in it; "offered" counts only sessions held by
    /// `today`, the day the register is made.
    pub fn register(
        &self,
        id: ActivityId,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Result<Register> {
        dates::check_order(from, to)?;
        let activity = self.activity(id)?;
        let sessions: Vec<_> = self
            .store
            .sessions_of(id)?
            .into_iter()
            .filter(|s| s.date >= from && s.date <= to)
            .collect();
        let enrolments: Vec<_> = self
            .store
            .enrolments_of(id)?
            .into_iter()
            .filter(|e| e.joined_on <= to && e.left_on.is_none_or(|left| left > from))
            .collect();
        let mut marks: HashMap<(usize, ParticipantId), Mark> = HashMap::new();
        for (column, session) in sessions.iter().enumerate() {
            for (participant, mark) in self.store.marks_at(session.id)? {
                marks.insert((column, participant), mark);
            }
        }

        let mut ids: Vec<ParticipantId> = enrolments.iter().map(|e| e.participant).collect();
        ids.extend(marks.keys().map(|(_, p)| *p));
        let mut seen = HashSet::new();
        ids.retain(|id| seen.insert(*id));
        let mut people: Vec<Participant> = ids
            .into_iter()
            .filter_map(|id| self.store.get::<Participant>(&id).transpose())
            .collect::<std::result::Result<_, _>>()?;
        people.sort_by_cached_key(|p| text::sort_key(&p.details.full_name));

        let mut enrolled: HashMap<ParticipantId, Vec<&Enrolment>> = HashMap::new();
        for enrolment in &enrolments {
            enrolled
                .entry(enrolment.participant)
                .or_default()
                .push(enrolment);
        }
        let mut present = vec![0; sessions.len()];
        for ((column, _), mark) in &marks {
            if *mark == Mark::Present {
                present[*column] += 1;
            }
        }

        let lines = people
            .iter()
            .map(|person| {
                let theirs = enrolled.get(&person.id).map_or(&[][..], Vec::as_slice);
                let enrolled_on = |date| theirs.iter().any(|e| e.is_current_on(date));
                let cells: Vec<Cell> = sessions
                    .iter()
                    .enumerate()
                    .map(|(column, session)| {
                        match (&session.status, marks.get(&(column, person.id))) {
                            (SessionStatus::Cancelled { .. }, _) => Cell::Cancelled,
                            (_, Some(Mark::Present)) => Cell::Present,
                            (_, Some(Mark::Apologies)) => Cell::Apologies,
                            (_, Some(Mark::Absent)) => Cell::Absent,
                            (_, None) if enrolled_on(session.date) => Cell::NotRecorded,
                            (_, None) => Cell::NotEnrolled,
                        }
                    })
                    .collect();
                RegisterLine {
                    name: person.details.full_name.clone(),
                    attended: cells.iter().filter(|c| **c == Cell::Present).count(),
                    offered: cells
                        .iter()
                        .zip(&sessions)
                        .filter(|(c, s)| s.offered_by(today) && **c != Cell::NotEnrolled)
                        .count(),
                    cells,
                }
            })
            .collect();

        let columns = sessions
            .iter()
            .enumerate()
            .map(|(column, session)| RegisterColumn {
                weekday: session.date.format("%a").to_string(),
                date: session.date.format("%d/%m").to_string(),
                full_date: dates::short_date(session.date),
                cancelled: matches!(session.status, SessionStatus::Cancelled { .. }),
                present: present[column],
            })
            .collect();

        Ok(Register {
            organisation: self.organisation()?.map(|o| o.name).unwrap_or_default(),
            activity: activity.details.name,
            period: format!("{} to {}", dates::long_date(from), dates::long_date(to)),
            columns,
            lines,
        })
    }
}

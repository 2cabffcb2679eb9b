//! Following people up: who has stopped coming.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::ids::IdMap;
use crate::domain::text::sort_key;
use crate::domain::{ActivityId, Mark, ParticipantId};
use crate::{Result, Tend};

/// Someone enrolled who has not been seen for a while, with what a
/// coordinator needs to ring them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StoppedComing {
    pub participant: ParticipantId,
    pub full_name: String,
    pub phone: String,
    pub activity: ActivityId,
    pub activity_name: String,
    /// `None` when they have never come since joining.
    pub last_attended: Option<NaiveDate>,
    /// Sessions in a row they have missed, up to the latest one.
    pub missed: usize,
}

impl Tend {
    /// Everyone enrolled today who has missed the last N sessions they were
    /// expected at (N from Settings). Only sessions up to `today` whose
    /// register was taken count; cancelled ones do not.
    pub fn stopped_coming(&self, today: NaiveDate) -> Result<Vec<StoppedComing>> {
        let after = self.settings()?.stopped_coming_after as usize;
        let mut found = Vec::new();
        for activity in self.activities()? {
            // The dates of the sessions held that took a register, in
            // order, and the last of them each person was present at.
            let mut taken: Vec<NaiveDate> = Vec::new();
            let mut last_present: IdMap<ParticipantId, NaiveDate> = IdMap::default();
            for session in self.sessions_of(activity.id)? {
                if !session.offered_by(today) {
                    continue;
                }
                // The compact per-session index, not every mark's record.
                let marks = self.store.marks_at(session.id)?;
                if marks.is_empty() {
                    continue;
                }
                taken.push(session.date);
                for (participant, mark) in marks {
                    if mark == Mark::Present {
                        let last = last_present.entry(participant).or_insert(session.date);
                        *last = (*last).max(session.date);
                    }
                }
            }
            taken.sort_unstable();
            for enrolment in self.enrolments_of(activity.id)? {
                if !enrolment.is_current_on(today) {
                    continue;
                }
                // Only this spell counts: presence before they joined again does not.
                let last_attended = last_present
                    .get(&enrolment.participant)
                    .copied()
                    .filter(|date| *date >= enrolment.joined_on);
                let missed_from = taken.partition_point(|date| match last_attended {
                    Some(last) => *date <= last,
                    None => *date < enrolment.joined_on,
                });
                let missed = taken.len() - missed_from;
                if missed >= after {
                    found.push(StoppedComing {
                        participant: enrolment.participant,
                        full_name: String::new(),
                        phone: String::new(),
                        activity: activity.id,
                        activity_name: activity.details.name.clone(),
                        last_attended,
                        missed,
                    });
                }
            }
        }
        // Names and phones from the people index, not each person's record.
        let ids: Vec<ParticipantId> = found.iter().map(|s| s.participant).collect();
        let contacts = self.with_people(|people| people.contacts(&ids))?;
        for stopped in &mut found {
            if let Some((name, phone)) = contacts.get(&stopped.participant) {
                stopped.full_name.clone_from(name);
                stopped.phone.clone_from(phone);
            }
        }
        found.sort_by_cached_key(|s| (sort_key(&s.activity_name), sort_key(&s.full_name)));
        Ok(found)
    }
}

//! Following people up: who has stopped coming.

use std::cmp::Reverse;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::ids::IdMap;
use crate::domain::text::sort_key;
use crate::domain::{ActivityId, Mark, ParticipantId, Session};
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

/// How long since someone in a current spell was last present.
#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    last_attended: Option<NaiveDate>,
    missed: usize,
}

impl Tend {
    /// Everyone enrolled today who has missed the last N sessions they were
    /// expected at (N from Settings). Only sessions up to `today` whose
    /// register was taken count; cancelled ones do not.
    pub fn stopped_coming(&self, today: NaiveDate) -> Result<Vec<StoppedComing>> {
        let after = self.settings()?.stopped_coming_after as usize;
        let mut found = Vec::new();
        for activity in self.activities()? {
            let mut held: Vec<Session> = self.sessions_of(activity.id)?;
            held.retain(|session| session.offered_by(today));
            held.sort_unstable_by_key(|session| Reverse(session.date));
            let spells = self.store.spells_current_on(activity.id, today)?;
            let seen = self.last_seen(&held, &spells)?;
            for (&(participant, _), seen) in spells.iter().zip(seen) {
                if seen.missed >= after {
                    found.push(StoppedComing {
                        participant,
                        full_name: String::new(),
                        phone: String::new(),
                        activity: activity.id,
                        activity_name: activity.details.name.clone(),
                        last_attended: seen.last_attended,
                        missed: seen.missed,
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

    /// For each spell (a person and the day it began), the last session
    /// it was present at and how many sessions that took a register it has
    /// missed since (or since it began). Sessions are walked newest first,
    /// and the walk stops once every spell is settled, so regulars cost a
    /// few registers' marks.
    fn last_seen(
        &self,
        newest_first: &[Session],
        spells: &[(ParticipantId, NaiveDate)],
    ) -> Result<Vec<Seen>> {
        let mut seen = vec![Seen::default(); spells.len()];
        let mut settled = vec![false; spells.len()];
        let mut unsettled = spells.len();
        // Each person's spells: the first here, any other chained on.
        let mut first_spell: IdMap<ParticipantId, usize> = IdMap::default();
        let mut next_spell: Vec<Option<usize>> = vec![None; spells.len()];
        for (n, (participant, _)) in spells.iter().enumerate() {
            next_spell[n] = first_spell.insert(*participant, n);
        }
        // Spells by the day they began, latest first.
        let mut by_beginning: Vec<usize> = (0..spells.len()).collect();
        by_beginning.sort_unstable_by_key(|&n| Reverse(spells[n].1));
        let mut begun_after = by_beginning.into_iter().peekable();
        // The dates of the registers walked so far, newest first.
        let mut taken: Vec<NaiveDate> = Vec::new();
        for session in newest_first {
            if unsettled == 0 {
                break;
            }
            // The compact per-session index, not every mark's record.
            let marks = self.store.marks_at(session.id)?;
            if marks.is_empty() {
                continue;
            }
            // Spells begun after this session have missed every register
            // walked so far: presence before they began does not count.
            while let Some(n) = begun_after.next_if(|&n| spells[n].1 > session.date) {
                if !std::mem::replace(&mut settled[n], true) {
                    seen[n].missed = taken.len();
                    unsettled -= 1;
                }
            }
            for (participant, mark) in marks {
                if mark != Mark::Present {
                    continue;
                }
                let mut spell = first_spell.get(&participant).copied();
                while let Some(n) = spell {
                    if !std::mem::replace(&mut settled[n], true) {
                        seen[n] = Seen {
                            last_attended: Some(session.date),
                            missed: taken.partition_point(|date| *date > session.date),
                        };
                        unsettled -= 1;
                    }
                    spell = next_spell[n];
                }
            }
            taken.push(session.date);
        }
        // Never present in their spell: every register since it began.
        for (seen, settled) in seen.iter_mut().zip(settled) {
            if !settled {
                seen.missed = taken.len();
            }
        }
        Ok(seen)
    }
}

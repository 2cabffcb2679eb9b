//! Following people up: who has stopped coming.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::ids::IdMap;
use crate::domain::text::sort_key;
use crate::domain::{ActivityId, Enrolment, Mark, ParticipantId, Session};
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
            held.sort_unstable_by_key(|session| std::cmp::Reverse(session.date));
            let mut spells: Vec<Enrolment> = self.enrolments_of(activity.id)?;
            spells.retain(|spell| spell.is_current_on(today));
            let seen = self.last_seen(&held, &spells)?;
            for (spell, seen) in spells.iter().zip(seen) {
                if seen.missed >= after {
                    found.push(StoppedComing {
                        participant: spell.participant,
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

    /// For each spell, the last session it was present at and how many
    /// sessions that took a register it has missed since (or since
    /// joining). Sessions are walked newest first, and the walk stops once
    /// everyone is accounted for, so regulars cost a few sessions' marks.
    fn last_seen(&self, newest_first: &[Session], spells: &[Enrolment]) -> Result<Vec<Seen>> {
        let mut seen = vec![Seen::default(); spells.len()];
        let mut waiting: IdMap<ParticipantId, Vec<usize>> = IdMap::default();
        for (n, spell) in spells.iter().enumerate() {
            waiting.entry(spell.participant).or_default().push(n);
        }
        // The dates of the registers walked so far, newest first.
        let mut taken: Vec<NaiveDate> = Vec::new();
        for session in newest_first {
            if waiting.is_empty() {
                break;
            }
            // The compact per-session index, not every mark's record.
            let marks = self.store.marks_at(session.id)?;
            if marks.is_empty() {
                continue;
            }
            // Those who joined after this session have missed every
            // register walked so far: presence before they joined does
            // not count.
            waiting.retain(|_, waiting_spells| {
                waiting_spells.retain(|&n| {
                    let joined_later = spells[n].joined_on > session.date;
                    if joined_later {
                        seen[n].missed = taken.len();
                    }
                    !joined_later
                });
                !waiting_spells.is_empty()
            });
            for (participant, mark) in marks {
                if mark != Mark::Present {
                    continue;
                }
                if let Some(found) = waiting.remove(&participant) {
                    let missed = taken.partition_point(|date| *date > session.date);
                    for n in found {
                        seen[n] = Seen {
                            last_attended: Some(session.date),
                            missed,
                        };
                    }
                }
            }
            taken.push(session.date);
        }
        // Never present in their spell: every register since joining.
        for n in waiting.into_values().flatten() {
            seen[n].missed = taken.len();
        }
        Ok(seen)
    }
}

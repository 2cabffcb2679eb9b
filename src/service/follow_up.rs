//! Following people up: who has stopped coming, and one person's own
//! attendance history.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::ids::IdMap;
use crate::domain::text::sort_key;
use crate::domain::{
    ActivityId, ConsentKind, Enrolment, Mark, Participant, ParticipantId, RecordChange, SessionId,
    Settings, dates,
};
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

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ActivityMembership {
    pub activity: ActivityId,
    pub activity_name: String,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AttendanceEntry {
    pub session: SessionId,
    pub date: NaiveDate,
    pub activity_name: String,
    pub mark: Mark,
    pub walk_in: bool,
    pub first_visit: bool,
}

/// One consent with every answer given, in words.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ConsentLine {
    pub kind: ConsentKind,
    /// "Share progress with referrer"
    pub label: String,
    /// "given 3 March 2026, withdrawn 10 June 2026", or "not asked yet"
    pub answers: String,
    /// The answer in force today.
    pub given: bool,
}

/// Everything held about a participant: their details, consents with
/// their history, referrals, the activities they belong to, every mark
/// (newest first) and what has changed on the record.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ParticipantRecord {
    pub participant: Participant,
    pub consents: Vec<ConsentLine>,
    pub referrals: Vec<crate::service::ReferralSummary>,
    pub activities: Vec<ActivityMembership>,
    pub attendance: Vec<AttendanceEntry>,
    /// "3 March 2026: details corrected (Phone)", newest first.
    pub history: Vec<String>,
}

fn consent_lines(person: &Participant) -> Vec<ConsentLine> {
    ConsentKind::ALL
        .into_iter()
        .map(|kind| {
            let answers = person.consent_history(kind);
            let words: Vec<String> = answers
                .iter()
                .map(|a| {
                    let verb = if a.given {
                        "given"
                    } else {
                        "withdrawn or refused"
                    };
                    format!("{verb} {}", dates::long_date(a.on))
                })
                .collect();
            ConsentLine {
                kind,
                label: kind.words().to_string(),
                answers: if words.is_empty() {
                    "not asked yet".into()
                } else {
                    words.join(", ")
                },
                given: person.details.consents.get(kind).is_some_and(|c| c.given),
            }
        })
        .collect()
}

fn history_lines(person: &Participant) -> Vec<String> {
    let mut lines: Vec<(NaiveDate, String)> = person
        .history
        .iter()
        .filter_map(|change| match change {
            RecordChange::Details { on, fields } => Some((
                *on,
                format!(
                    "{}: details corrected ({})",
                    dates::long_date(*on),
                    fields.join(", ")
                ),
            )),
            RecordChange::Merged { on, from_name, .. } => Some((
                *on,
                format!(
                    "{}: merged with another record of {from_name}",
                    dates::long_date(*on)
                ),
            )),
            RecordChange::Consent { .. } => None,
        })
        .collect();
    lines.push((
        person.created_on,
        format!("{}: added to Tend", dates::long_date(person.created_on)),
    ));
    lines.sort_by_key(|(on, _)| std::cmp::Reverse(*on));
    lines.into_iter().map(|(_, line)| line).collect()
}

impl Tend {
    pub fn settings(&self) -> Result<Settings> {
        Ok(self.store.settings()?)
    }

    pub fn save_settings(&self, settings: Settings) -> Result<Settings> {
        let settings = settings.validated()?;
        self.store.save_settings(&settings)?;
        Ok(settings)
    }

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

    pub fn participant_record(&self, id: ParticipantId) -> Result<ParticipantRecord> {
        let participant = self.participant(id)?;
        let names: HashMap<ActivityId, String> = self
            .activities()?
            .into_iter()
            .map(|a| (a.id, a.details.name))
            .collect();
        let name_of = |id: &ActivityId| names.get(id).cloned().unwrap_or_default();
        let mut activities: Vec<ActivityMembership> = self
            .enrolments_for(id)?
            .into_iter()
            .map(|e: Enrolment| ActivityMembership {
                activity_name: name_of(&e.activity),
                activity: e.activity,
                joined_on: e.joined_on,
                left_on: e.left_on,
            })
            .collect();
        activities.sort_by_cached_key(|a| {
            (
                a.left_on.is_some(),
                sort_key(&a.activity_name),
                std::cmp::Reverse(a.joined_on),
            )
        });
        let mut attendance = Vec::new();
        for mark in self.store.marks_for_participant(id)? {
            let session = self.session(mark.session)?;
            attendance.push(AttendanceEntry {
                session: session.id,
                date: session.date,
                activity_name: name_of(&session.activity),
                mark: mark.mark,
                walk_in: mark.walk_in,
                first_visit: mark.first_visit,
            });
        }
        attendance.sort_by_key(|a| std::cmp::Reverse(a.date));
        let referrers: HashMap<_, String> = self
            .referrers()?
            .into_iter()
            .map(|r| (r.id, r.details.display_name()))
            .collect();
        let referrals = self
            .referrals_for(id)?
            .into_iter()
            .map(|referral| crate::service::ReferralSummary {
                participant_name: participant.details.full_name.clone(),
                referrer_name: referrers
                    .get(&referral.referrer)
                    .cloned()
                    .unwrap_or_default(),
                status: referral.status(),
                waiting_days: None,
                referral,
            })
            .collect();
        Ok(ParticipantRecord {
            consents: consent_lines(&participant),
            history: history_lines(&participant),
            referrals,
            participant,
            activities,
            attendance,
        })
    }
}

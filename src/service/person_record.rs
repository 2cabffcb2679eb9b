//! Everything we hold about one person, as their record shows it:
//! details, consents with their history, referrals, activities and
//! spells, every mark, and what has changed.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::text::sort_key;
use crate::domain::{
    ActivityId, ConsentKind, Mark, Participant, ParticipantId, RecordChange, SessionId, dates,
};
use crate::{Result, Tend};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ActivityMembership {
    pub activity: ActivityId,
    pub activity_name: String,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
    /// "Dafydd ap Gwilym meets them on Tuesday 8 December 2026".
    pub buddy: Option<String>,
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
    /// Their gender and ethnicity in words, or "Not recorded".
    pub gender: String,
    pub ethnicity: String,
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
            RecordChange::KeptPastRetention { on, reason } => Some((
                *on,
                format!(
                    "{}: kept past the retention date ({reason})",
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
    /// "Dafydd ap Gwilym meets them on Tuesday 8 December 2026".
    fn buddy_words(&self, buddy: crate::domain::Buddy) -> Result<String> {
        let name = self
            .store
            .get::<crate::domain::Volunteer>(&buddy.volunteer)?
            .map_or_else(|| "A volunteer".to_string(), |v| v.details.full_name);
        Ok(match self.store.session(buddy.session)? {
            Some(session) => format!("{name} meets them on {}", dates::long_date(session.date)),
            None => format!("{name} meets them at their first session"),
        })
    }

    pub fn participant_record(&self, id: ParticipantId) -> Result<ParticipantRecord> {
        let participant = self.participant(id)?;
        let names: HashMap<ActivityId, String> = self
            .activities()?
            .into_iter()
            .map(|a| (a.id, a.details.name))
            .collect();
        let name_of = |id: &ActivityId| names.get(id).cloned().unwrap_or_default();
        let mut activities: Vec<ActivityMembership> = Vec::new();
        for e in self.enrolments_for(id)? {
            let buddy = match e.buddy {
                Some(b) => Some(self.buddy_words(b)?),
                None => None,
            };
            activities.push(ActivityMembership {
                activity_name: name_of(&e.activity),
                activity: e.activity,
                joined_on: e.joined_on,
                left_on: e.left_on,
                buddy,
            });
        }
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
        let d = &participant.details;
        let said = |words: Option<&str>| words.unwrap_or("Not recorded").to_string();
        Ok(ParticipantRecord {
            gender: said(d.gender.map(|g| g.words())),
            ethnicity: said(d.ethnicity.map(|e| e.words())),
            consents: consent_lines(&participant),
            history: history_lines(&participant),
            referrals,
            participant,
            activities,
            attendance,
        })
    }
}

//! Retention: the organisation's schedule (Tend's suggestion until it is
//! confirmed), who is past it (their last contact longer ago than the
//! schedule keeps people), and keeping someone on with a reason, asked
//! again a year later.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::ids::{IdMap, IdSet};
use crate::domain::text::sort_key;
use crate::domain::{
    LetterRecord, Participant, ParticipantId, RecordChange, RetentionSchedule, Settings,
    ValidationError,
};
use crate::domain::{LogEntry, LoggedAction};
use crate::{Result, Tend};

/// Someone whose last contact is longer ago than the schedule keeps people.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PastRetention {
    pub participant: ParticipantId,
    pub full_name: String,
    pub last_contact: NaiveDate,
}

/// What the retention review shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RetentionReview {
    pub schedule: RetentionSchedule,
    /// People kept past this date (their last contact) are due a decision.
    pub keep_people_since: NaiveDate,
    pub due: Vec<PastRetention>,
    /// "7 people are past the date your retention schedule sets".
    pub words: String,
}

/// A decision to keep someone holds for a year; then it is asked again.
const KEPT_FOR_MONTHS: u32 = 12;

impl Tend {
    /// Saves the schedule as the organisation's own, confirmed today.
    pub fn confirm_retention(
        &self,
        schedule: RetentionSchedule,
        today: NaiveDate,
    ) -> Result<Settings> {
        let settings = Settings {
            retention: RetentionSchedule {
                confirmed_on: Some(today),
                ..schedule
            },
            ..self.settings()?
        };
        self.save_settings(settings)
    }

    /// Everyone past the schedule's date today, longest ago first.
    pub fn retention_review(&self, today: NaiveDate) -> Result<RetentionReview> {
        let schedule = self.settings()?.retention;
        let since = today
            .checked_sub_months(Months::new(u32::from(schedule.people_months)))
            .unwrap_or(NaiveDate::MIN);
        // Only someone whose record is older than the date can be past it:
        // their contacts are gathered, and only those past it are read.
        let made_before = self.with_people(|people| people.made_before(since))?;
        let candidates: IdSet<ParticipantId> = made_before.iter().map(|(id, _)| *id).collect();
        let last = self.last_contacts(&candidates)?;
        let reader = self.store.reader::<Participant>()?;
        let mut due: Vec<PastRetention> = Vec::new();
        for (id, created_on) in made_before {
            let last_contact = last.get(&id).copied().unwrap_or(created_on).max(created_on);
            if last_contact >= since {
                continue;
            }
            // Only the fields the review needs are read of each person.
            let Some(person) = reader.get_as::<Retained>(&id)? else {
                continue;
            };
            if !kept_on_purpose(&person.history, today) {
                due.push(PastRetention {
                    participant: id,
                    full_name: person.full_name,
                    last_contact,
                });
            }
        }
        due.sort_by_cached_key(|d| (d.last_contact, sort_key(&d.full_name)));
        let words = match due.len() {
            0 => "Nobody is past the retention date".to_owned(),
            1 => "1 person is past the date your retention schedule sets".to_owned(),
            n => format!("{n} people are past the date your retention schedule sets"),
        };
        Ok(RetentionReview {
            schedule,
            keep_people_since: since,
            due,
            words,
        })
    }

    /// Keeps someone past the retention date, for a reason, for a year.
    pub fn keep_past_retention(
        &self,
        id: ParticipantId,
        reason: &str,
        today: NaiveDate,
    ) -> Result<Participant> {
        let reason = crate::domain::text::required(
            "keep_reason",
            "The reason for keeping them",
            reason,
            crate::domain::text::LINE_MAX,
        )?;
        let mut person = self.participant(id)?;
        if kept_on_purpose(&person.history, today) {
            return Err(ValidationError::new(
                "keep_reason",
                "They are already kept past the retention date; Tend asks again a year after that decision.",
            )
            .into());
        }
        person
            .history
            .push(RecordChange::KeptPastRetention { on: today, reason });
        self.save_participant(
            &person,
            LogEntry::about_person(LoggedAction::KeptPastRetention, id),
        )?;
        Ok(person)
    }

    /// The latest contact of each of these people: a session they were
    /// marked at, a referral received or moved on, a letter sent about them.
    fn last_contacts(&self, of: &IdSet<ParticipantId>) -> Result<IdMap<ParticipantId, NaiveDate>> {
        let mut last: IdMap<ParticipantId, NaiveDate> = IdMap::default();
        if of.is_empty() {
            return Ok(last);
        }
        let mut saw = |id: ParticipantId, on: NaiveDate| {
            if of.contains(&id) {
                keep_latest(&mut last, id, on);
            }
        };
        for activity in self.activities()? {
            // One activity's people first, in a map small enough to stay
            // in the processor's cache; then each of them once into the whole.
            let mut here: IdMap<ParticipantId, NaiveDate> = IdMap::default();
            for session in self.sessions_of(activity.id)? {
                for (participant, _) in self.store.marks_at(session.id)? {
                    keep_latest(&mut here, participant, session.date);
                }
            }
            for (participant, on) in here {
                saw(participant, on);
            }
        }
        for referral in self.store.all::<crate::domain::Referral>()? {
            saw(referral.participant, referral.received_on);
            for change in &referral.history {
                saw(referral.participant, change.on);
            }
        }
        for letter in self.store.all::<LetterRecord>()? {
            if let Some(sent) = letter.sent_on {
                saw(letter.participant, sent);
            }
        }
        Ok(last)
    }
}

/// Keeps `on` as `id`'s date when it is later than the one kept.
fn keep_latest(dates: &mut IdMap<ParticipantId, NaiveDate>, id: ParticipantId, on: NaiveDate) {
    let kept = dates.entry(id).or_insert(on);
    *kept = (*kept).max(on);
}

/// What the review reads of each person.
#[derive(Deserialize)]
struct Retained {
    full_name: String,
    #[serde(default)]
    history: Vec<RecordChange>,
}

/// A decision to keep them, made less than a year ago.
fn kept_on_purpose(history: &[RecordChange], today: NaiveDate) -> bool {
    history.iter().any(|change| match change {
        RecordChange::KeptPastRetention { on, .. } => on
            .checked_add_months(Months::new(KEPT_FOR_MONTHS))
            .is_some_and(|until| until > today),
        _ => false,
    })
}

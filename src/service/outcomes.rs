//! Outcome measures as a person's record holds them: ONS4 answers taken at
//! a date as a baseline, a review or at closing.

use chrono::NaiveDate;
use serde::Deserialize;
use ts_rs::TS;

use super::Tend;
use crate::Result;
use crate::domain::{LogEntry, LoggedAction, Ons4, OutcomeRecord, ParticipantId, Stage};

/// What the window sends when a form's answers are keyed in.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct NewOutcome {
    pub participant: ParticipantId,
    pub taken_on: NaiveDate,
    pub stage: Stage,
    pub ons4: Ons4,
}

impl Tend {
    pub fn record_outcome(&self, new: NewOutcome, today: NaiveDate) -> Result<OutcomeRecord> {
        self.participant(new.participant)?;
        let record = OutcomeRecord::new(new.participant, new.taken_on, new.stage, new.ons4, today)?;
        let entry = LogEntry::about_person(LoggedAction::OutcomeRecorded, new.participant)
            .with_fields([format!("ONS4 {}", new.stage.words().to_lowercase())]);
        self.store.put_logged(&record, &entry)?;
        Ok(record)
    }

    /// A person's measures, oldest first.
    pub fn outcomes_for(&self, participant: ParticipantId) -> Result<Vec<OutcomeRecord>> {
        let mut found: Vec<OutcomeRecord> = self
            .store
            .all::<OutcomeRecord>()?
            .into_iter()
            .filter(|o| o.participant == participant)
            .collect();
        found.sort_by_key(|o| o.taken_on);
        Ok(found)
    }
}

//! Outcome measures as a person's record holds them: ONS4 answers taken at
//! a date as a baseline, a review or at closing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Tend;
use crate::Result;
use crate::domain::instruments::{Instrument, instruments};
use crate::domain::outcome::SaidLine;
use crate::domain::{
    Answers, LogEntry, LoggedAction, OutcomeRecord, ParticipantId, Stage, ValidationError,
};

/// One sitting as a person's record shows it: the record, and what it
/// says in words.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct OutcomeView {
    pub record: OutcomeRecord,
    /// "Baseline, Tuesday 3 March 2026".
    pub heading: String,
    pub said: Vec<SaidLine>,
}

/// What the window sends when a form's answers are keyed in.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct NewOutcome {
    pub participant: ParticipantId,
    pub taken_on: NaiveDate,
    pub stage: Stage,
    #[serde(flatten)]
    pub answers: Answers,
}

impl Tend {
    pub fn record_outcome(&self, new: NewOutcome, today: NaiveDate) -> Result<OutcomeRecord> {
        self.participant(new.participant)?;
        // A follow-up is of a baseline: never dated before their first.
        if new.stage != Stage::Baseline
            && let Some(first) = self
                .outcomes_for(new.participant)?
                .iter()
                .filter(|o| o.stage == Stage::Baseline)
                .map(|o| o.taken_on)
                .min()
            && new.taken_on < first
        {
            return Err(ValidationError::new(
                "taken_on",
                format!(
                    "A review or closing comes after the baseline, taken on {}.",
                    crate::domain::dates::long_date(first)
                ),
            )
            .into());
        }
        let swemwbs = self.settings()?.outcomes.swemwbs_allowed();
        let record = OutcomeRecord::new(
            new.participant,
            new.taken_on,
            new.stage,
            new.answers,
            today,
            swemwbs,
        )?;
        // What was recorded, never the answers.
        let entry = LogEntry::about_person(LoggedAction::OutcomeRecorded, new.participant)
            .with_fields([format!("Review ({})", new.stage.words().to_lowercase())]);
        self.store.put_logged(&record, &entry)?;
        Ok(record)
    }

    /// The measures a form may ask, as the organisation's settings allow.
    pub fn instruments(&self) -> Result<Vec<Instrument>> {
        Ok(instruments(self.settings()?.outcomes.swemwbs_allowed()))
    }

    /// The large-print form for a person to fill in themselves, with every
    /// measure the organisation uses.
    pub fn paper_form(&self, created: chrono::DateTime<chrono::Utc>) -> Result<Vec<u8>> {
        let form = crate::docs::PaperForm {
            organisation: self.organisation()?.map(|o| o.name).unwrap_or_default(),
            instruments: self.instruments()?,
        };
        crate::docs::render_paper_form(&form, created)
    }

    /// A person's measures, oldest first.
    pub fn outcomes_for(&self, participant: ParticipantId) -> Result<Vec<OutcomeRecord>> {
        let mut found = self.store.outcomes_of(participant)?;
        found.sort_by_key(|o| o.taken_on);
        Ok(found)
    }

    /// Everyone's measures by person, each oldest first: one read for many
    /// people at once.
    pub(super) fn outcomes_by_person(
        &self,
    ) -> Result<std::collections::HashMap<ParticipantId, Vec<OutcomeRecord>>> {
        let mut by_person: std::collections::HashMap<_, Vec<OutcomeRecord>> = Default::default();
        for record in self.store.all::<OutcomeRecord>()? {
            by_person
                .entry(record.participant)
                .or_default()
                .push(record);
        }
        for records in by_person.values_mut() {
            records.sort_by_key(|o| o.taken_on);
        }
        Ok(by_person)
    }

    /// A person's sittings in words, oldest first.
    pub fn outcome_views(&self, participant: ParticipantId) -> Result<Vec<OutcomeView>> {
        Ok(self
            .outcomes_for(participant)?
            .into_iter()
            .map(|record| OutcomeView {
                heading: format!(
                    "{}, {}",
                    record.stage.words(),
                    crate::domain::dates::long_date(record.taken_on)
                ),
                said: record.answers.said(),
                record,
            })
            .collect())
    }
}

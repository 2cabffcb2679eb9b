//! Outcome measures keyed in from a completed paper form, and a person's
//! measures for their record.

use tauri::State;
use tend::domain::{OutcomeRecord, ParticipantId};
use tend::service::NewOutcome;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn record_outcome(
    state: State<'_, AppState>,
    outcome: NewOutcome,
) -> CommandResult<OutcomeRecord> {
    Ok(state
        .tend()?
        .record_outcome(outcome, tend::clock::today())?)
}

#[tauri::command]
pub async fn outcomes_for(
    state: State<'_, AppState>,
    participant: ParticipantId,
) -> CommandResult<Vec<OutcomeRecord>> {
    Ok(state.tend()?.outcomes_for(participant)?)
}

/// The ONS4 items: each one's key and question, as the form asks them.
#[tauri::command]
pub async fn ons4_questions() -> CommandResult<Vec<(String, String)>> {
    Ok(tend::domain::outcome::ONS4
        .iter()
        .map(|(key, question)| ((*key).to_owned(), (*question).to_owned()))
        .collect())
}

//! Outcome measures keyed in from a completed paper form, and a person's
//! measures for their record.

use tauri::{AppHandle, Runtime, State};
use tend::domain::instruments::Instrument;
use tend::domain::{OutcomeRecord, ParticipantId};
use tend::service::{NewOutcome, OutcomeView};

use super::files::{SavedFile, save_and_open};
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
) -> CommandResult<Vec<OutcomeView>> {
    Ok(state.tend()?.outcome_views(participant)?)
}

/// The measures a form may ask (SWEMWBS only once registered), with
/// their questions, answer choices and notices.
#[tauri::command]
pub async fn outcome_instruments(state: State<'_, AppState>) -> CommandResult<Vec<Instrument>> {
    Ok(state.tend()?.instruments()?)
}

/// The large-print paper form, written to the documents folder and opened.
#[tauri::command]
pub async fn save_paper_form<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    let pdf = state.tend()?.paper_form(tend::clock::now())?;
    save_and_open(
        &app,
        "How you are feeling (paper form)",
        SavedFile::Pdf,
        &pdf,
    )
}

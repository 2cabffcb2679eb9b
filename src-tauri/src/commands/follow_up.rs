//! Settings, who has stopped coming, one person's record, leaving an activity.

use tauri::State;
use tend::domain::{ParticipantId, Settings};
use tend::service::{ParticipantRecord, StoppedComing};

use super::Enrol;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> CommandResult<Settings> {
    Ok(state.tend()?.settings()?)
}

#[tauri::command]
pub async fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> CommandResult<Settings> {
    Ok(state.tend()?.save_settings(settings)?)
}

#[tauri::command]
pub async fn stopped_coming(state: State<'_, AppState>) -> CommandResult<Vec<StoppedComing>> {
    Ok(state.tend()?.stopped_coming(tend::clock::today())?)
}

#[tauri::command]
pub async fn participant_record(
    state: State<'_, AppState>,
    participant: ParticipantId,
) -> CommandResult<ParticipantRecord> {
    Ok(state.tend()?.participant_record(participant)?)
}

/// They stop going (from today unless a day is given): off later sign-in
/// sheets, still on past registers.
#[tauri::command]
pub async fn leave_activity(state: State<'_, AppState>, request: Enrol) -> CommandResult<()> {
    state.tend()?.leave_activity(
        request.activity,
        request.participant,
        request.on.unwrap_or_else(tend::clock::today),
    )?;
    Ok(())
}

//! The activity log: the organisation's (Settings → "Activity log"), one
//! person's (their record's history), and the whole of it as CSV.

use tauri::{AppHandle, Runtime, State};
use tend::domain::ParticipantId;
use tend::service::{LOG_PAGE, LogLine, log_csv};

use super::files::{SavedFile, save_and_open};
use crate::error::CommandResult;
use crate::state::AppState;

/// The newest entries, as many as the window shows at once.
#[tauri::command]
pub async fn activity_log(state: State<'_, AppState>) -> CommandResult<Vec<LogLine>> {
    Ok(state.tend()?.activity_log(None, LOG_PAGE)?)
}

/// Everything logged about one person.
#[tauri::command]
pub async fn person_log(
    state: State<'_, AppState>,
    participant: ParticipantId,
) -> CommandResult<Vec<LogLine>> {
    Ok(state.tend()?.person_log(participant)?)
}

/// The whole log as a CSV file (it names nobody: ids and field names only).
#[tauri::command]
pub async fn save_activity_log_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    let lines = state.tend()?.activity_log(None, usize::MAX)?;
    save_and_open(
        &app,
        "Tend activity log",
        SavedFile::Csv,
        log_csv(&lines).as_bytes(),
    )
}

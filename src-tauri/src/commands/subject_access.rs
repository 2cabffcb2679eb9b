//! Everything we hold about a person: the subject access reply saved as a
//! PDF to send them, or as JSON.

use tauri::{AppHandle, Runtime, State};
use tend::domain::ParticipantId;

use super::files::{SavedFile, save_and_open};
use crate::error::CommandResult;
use crate::state::AppState;

/// Saves the reply as a PDF and opens it; `None` when the person cancelled.
#[tauri::command]
pub async fn save_subject_access<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    participant: ParticipantId,
) -> CommandResult<Option<String>> {
    let reply = state
        .tend()?
        .subject_access(participant, tend::clock::today())?;
    let pdf = reply.to_pdf(tend::clock::now())?;
    save_and_open(&app, &reply.title(), SavedFile::Pdf, &pdf)
}

/// Saves the same reply as a machine-readable JSON file.
#[tauri::command]
pub async fn save_subject_access_json<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    participant: ParticipantId,
) -> CommandResult<Option<String>> {
    let reply = state
        .tend()?
        .subject_access(participant, tend::clock::today())?;
    save_and_open(
        &app,
        &reply.title(),
        SavedFile::Json,
        reply.to_json()?.as_bytes(),
    )
}

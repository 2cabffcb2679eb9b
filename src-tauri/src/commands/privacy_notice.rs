//! The privacy notice: its wording (the organisation's or Tend's), a
//! preview with the organisation's details, and the printed page.

use tauri::{AppHandle, Runtime, State};

use super::files::{SavedFile, save_and_open};
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn privacy_notice_template(state: State<'_, AppState>) -> CommandResult<String> {
    Ok(state.tend()?.privacy_notice_template()?)
}

/// Saves the wording; one that does not fill in is refused with its line.
#[tauri::command]
pub async fn save_privacy_notice_template(
    state: State<'_, AppState>,
    text: String,
) -> CommandResult<()> {
    Ok(state
        .tend()?
        .save_privacy_notice_template(&text, tend::clock::today())?)
}

#[tauri::command]
pub async fn reset_privacy_notice_template(state: State<'_, AppState>) -> CommandResult<String> {
    Ok(state.tend()?.reset_privacy_notice_template()?)
}

/// The wording filled in with the organisation's details, or where it goes wrong.
#[tauri::command]
pub async fn preview_privacy_notice(
    state: State<'_, AppState>,
    text: String,
) -> CommandResult<String> {
    Ok(state
        .tend()?
        .preview_privacy_notice(&text, tend::clock::today())?)
}

/// Saves the notice as a PDF and opens it to print; `None` when cancelled.
#[tauri::command]
pub async fn save_privacy_notice<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    let pdf = state
        .tend()?
        .privacy_notice_pdf(tend::clock::today(), tend::clock::now())?;
    save_and_open(&app, "Privacy notice", SavedFile::Pdf, &pdf)
}

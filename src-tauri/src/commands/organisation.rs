//! The organisation's details and letterhead logo.

use tauri::{AppHandle, Runtime, State};
use tend::domain::Organisation;

use super::files::pick_file;
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

#[tauri::command]
pub async fn get_organisation(state: State<'_, AppState>) -> CommandResult<Option<Organisation>> {
    Ok(state.tend()?.organisation()?)
}

#[tauri::command]
pub async fn save_organisation(
    state: State<'_, AppState>,
    organisation: Organisation,
) -> CommandResult<Organisation> {
    Ok(state.tend()?.save_organisation(organisation)?)
}

/// Asks for the letterhead logo (a PNG or JPEG) and keeps it. `None` when
/// the person cancelled; a file that is not a picture is refused.
#[tauri::command]
pub async fn choose_logo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<Organisation>> {
    let Some(path) = pick_file(&app, "Picture", &["png", "jpg", "jpeg"])? else {
        return Ok(None);
    };
    let bytes = std::fs::read(&path).map_err(|e| CommandError::from(tend::Error::from(e)))?;
    Ok(Some(state.tend()?.set_logo(&bytes)?))
}

#[tauri::command]
pub async fn remove_logo(state: State<'_, AppState>) -> CommandResult<Organisation> {
    Ok(state.tend()?.remove_logo()?)
}

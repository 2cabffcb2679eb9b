//! Who has stopped coming.

use tauri::State;
use tend::service::StoppedComing;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn stopped_coming(state: State<'_, AppState>) -> CommandResult<Vec<StoppedComing>> {
    Ok(state.tend()?.stopped_coming(tend::clock::today())?)
}

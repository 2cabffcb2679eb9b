//! The demo organisation: loading it to try Tend, and leaving it to start for real.

use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn load_demo(state: State<'_, AppState>) -> CommandResult<()> {
    Ok(state.tend()?.load_demo(tend::clock::today(), false)?)
}

#[tauri::command]
pub async fn leave_demo(state: State<'_, AppState>) -> CommandResult<()> {
    state.tend()?.leave_demo()?;
    // Everyone in the demo was removed: leave none of them on disk.
    state.replace_data(|dir| tend::Tend::compact(dir, tend::clock::now()))
}

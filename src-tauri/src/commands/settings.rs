//! Settings: how Tend follows people up and writes to referrers.

use tauri::State;
use tend::domain::Settings;
use tend::service::BankHolidaysAhead;

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

/// The nations to choose from and the bank holidays of the year ahead.
#[tauri::command]
pub async fn bank_holidays_ahead(state: State<'_, AppState>) -> CommandResult<BankHolidaysAhead> {
    Ok(state.tend()?.bank_holidays_ahead(tend::clock::today())?)
}

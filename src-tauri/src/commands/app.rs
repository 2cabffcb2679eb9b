//! The window's first question: is the data open, and whose is it.

use serde::Serialize;
use tauri::State;
use tend::ErrorCode;
use ts_rs::TS;

use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    /// The data folder is open and usable.
    pub ready: bool,
    /// Why it is not, in plain words.
    pub problem: Option<String>,
    pub has_organisation: bool,
    /// The data is the demo organisation's.
    pub demo: bool,
    pub data_dir: String,
    /// The data is encrypted and waits for its passphrase.
    pub locked: bool,
    /// The data is encrypted.
    pub encrypted: bool,
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CommandResult<AppStatus> {
    let data_dir = state.data_dir.display().to_string();
    Ok(match state.tend() {
        Ok(tend) => AppStatus {
            ready: true,
            problem: None,
            has_organisation: tend.organisation()?.is_some(),
            demo: tend.is_demo()?,
            data_dir,
            locked: false,
            encrypted: tend.is_encrypted(),
        },
        Err(e) => AppStatus {
            ready: false,
            locked: e.code == ErrorCode::Locked,
            encrypted: tend::service::is_encrypted(&state.data_dir),
            problem: Some(e.message),
            has_organisation: false,
            demo: false,
            data_dir,
        },
    })
}

//! The window's first question: is the data open, and whose is it.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

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

/// When the app started: set first thing by `run`, so the first screen's
/// time counts from the start of the process (near enough: after the
/// dynamic libraries are loaded).
static STARTED: OnceLock<Instant> = OnceLock::new();
static FIRST_SCREEN_SHOWN: AtomicBool = AtomicBool::new(false);

pub(crate) fn mark_started() {
    let _ = STARTED.set(Instant::now());
}

/// The window has drawn its first screen. Logged once, with the time since
/// start, so a slow start shows in the log; the package's install test and
/// the cold-start measurement wait for this line. Says nothing of the data.
#[tauri::command]
pub async fn first_screen_shown() -> CommandResult<()> {
    if FIRST_SCREEN_SHOWN.swap(true, Ordering::Relaxed) {
        return Ok(());
    }
    match STARTED.get() {
        Some(started) => log::info!(
            "First screen shown {} ms after start",
            started.elapsed().as_millis()
        ),
        None => log::info!("First screen shown"),
    }
    Ok(())
}

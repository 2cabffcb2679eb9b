//! The one open data folder, shared by every command.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tauri::{AppHandle, Manager, Runtime};
use tend::Tend;
use tend::domain::LetterRecord;
use tend::spreadsheet::Table;

use crate::error::{CommandError, CommandResult};

pub struct AppState {
    tend: Result<Tend, CommandError>,
    pub data_dir: PathBuf,
    /// A spreadsheet chosen for import and not yet imported or cancelled.
    pending_import: Mutex<Option<Table>>,
    /// Letters printed and not yet marked sent, exactly as printed.
    printed_letters: Mutex<Vec<LetterRecord>>,
}

/// `TEND_DATA_DIR` when set (the same folder `tend --data DIR` uses),
/// otherwise the platform's app-data folder.
fn data_dir<R: Runtime>(app: &AppHandle<R>) -> PathBuf {
    match std::env::var_os("TEND_DATA_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => app
            .path()
            .app_data_dir()
            .map(|dir| dir.join("data"))
            .unwrap_or_else(|_| PathBuf::from("tend-data")),
    }
}

impl AppState {
    /// Never fails: a folder that cannot be opened (say, Tend is already
    /// using it) is kept as the reason, which the window then shows.
    pub fn open<R: Runtime>(app: &AppHandle<R>) -> Self {
        let data_dir = data_dir(app);
        let tend = Tend::open(&data_dir).map_err(CommandError::from);
        if let Ok(tend) = &tend {
            // The People list and every search find the index ready.
            if let Err(e) = tend.warm_people_index() {
                log::warn!("People index not warmed: {}", e.code());
            }
        }
        AppState {
            tend,
            data_dir,
            pending_import: Mutex::new(None),
            printed_letters: Mutex::new(Vec::new()),
        }
    }

    pub fn is_ready(&self) -> bool {
        self.tend.is_ok()
    }

    pub fn pending_import(&self) -> MutexGuard<'_, Option<Table>> {
        self.pending_import
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub fn printed_letters(&self) -> MutexGuard<'_, Vec<LetterRecord>> {
        self.printed_letters
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub fn tend(&self) -> CommandResult<&Tend> {
        self.tend.as_ref().map_err(Clone::clone)
    }
}

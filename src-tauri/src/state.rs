//! The one open data folder, shared by every command.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::time::{Duration, Instant};

use tauri::{AppHandle, Manager, Runtime};
use tend::Tend;
use tend::domain::LetterRecord;
use tend::spreadsheet::Table;

use crate::error::{CommandError, CommandResult};

pub struct AppState {
    /// The open data; replaced whole by a restore.
    tend: RwLock<Result<Arc<Tend>, CommandError>>,
    pub data_dir: PathBuf,
    /// A backup chosen for restoring and checked, not yet restored or cancelled.
    pending_restore: Mutex<Option<PathBuf>>,
    /// How far a restore has got: (done, of).
    restore_progress: Mutex<Option<(u64, u64)>>,
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
        AppState {
            tend: RwLock::new(open_data(&data_dir)),
            data_dir,
            pending_restore: Mutex::new(None),
            restore_progress: Mutex::new(None),
            pending_import: Mutex::new(None),
            printed_letters: Mutex::new(Vec::new()),
        }
    }

    pub fn is_ready(&self) -> bool {
        self.tend().is_ok()
    }

    pub fn pending_restore(&self) -> MutexGuard<'_, Option<PathBuf>> {
        self.pending_restore
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub fn restore_progress(&self) -> Option<(u64, u64)> {
        *self
            .restore_progress
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub fn set_restore_progress(&self, progress: Option<(u64, u64)>) {
        *self
            .restore_progress
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = progress;
    }

    /// Closes the data, lets `replace` replace the folder, and opens it
    /// again, whether or not `replace` succeeded. Commands that arrive
    /// meanwhile are told Tend is busy.
    pub fn replace_data<T>(
        &self,
        replace: impl FnOnce(&Path) -> tend::Result<T>,
    ) -> CommandResult<T> {
        let mut slot = self.tend.write().unwrap_or_else(PoisonError::into_inner);
        let busy = CommandError::new(
            "in_use",
            "Tend is restoring a backup. Please wait a moment.",
        );
        let old = std::mem::replace(&mut *slot, Err(busy));
        if let Ok(old) = old {
            // Commands already running finish with the data they started with.
            let waited = Instant::now();
            while Arc::strong_count(&old) > 1 && waited.elapsed() < Duration::from_secs(30) {
                std::thread::sleep(Duration::from_millis(20));
            }
            drop(old);
        }
        let replaced = replace(&self.data_dir);
        *slot = open_data(&self.data_dir);
        Ok(replaced?)
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

    pub fn tend(&self) -> CommandResult<Arc<Tend>> {
        self.tend
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// A backup beside the data before something risky (a merge, an
    /// import); if it cannot be made, the risky thing is not done.
    pub fn backup_before(&self, what: &str) -> CommandResult<()> {
        let tend = self.tend()?;
        tend.automatic_backup(&format!("before {what}"), tend::clock::now())
            .map_err(|e| {
                CommandError::new(
                    e.code(),
                    format!(
                        "Tend could not make a backup before the {what}, so it has not done it: {e}"
                    ),
                )
            })?;
        Ok(())
    }
}

/// Opens the data folder; a folder that cannot be opened (say, Tend is
/// already using it) is kept as the reason, which the window then shows.
fn open_data(dir: &Path) -> Result<Arc<Tend>, CommandError> {
    let tend = Tend::open_upgrading(dir, tend::clock::now()).map_err(CommandError::from)?;
    // The People list and every search find the index ready.
    if let Err(e) = tend.warm_people_index() {
        log::warn!("People index not warmed: {}", e.code());
    }
    Ok(Arc::new(tend))
}

//! The one open data folder, shared by every command.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::time::{Duration, Instant};
use tend::ErrorCode;

use tauri::{AppHandle, Manager, Runtime};
use tend::Tend;
use tend::domain::LetterRecord;
use tend::service::{DataDir, EncryptionPlan};
use tend::spreadsheet::Table;
use tend::store::MasterKey;

use crate::error::{CommandError, CommandResult};

pub struct AppState {
    /// The open data; replaced whole by a restore.
    tend: RwLock<Result<Arc<Tend>, CommandError>>,
    pub data_dir: PathBuf,
    /// A backup chosen for restoring, not yet restored or cancelled, with
    /// the key that opens it when it is another data's encrypted backup.
    pending_restore: Mutex<Option<(PathBuf, Option<MasterKey>)>>,
    /// How far a long job (a restore, an erasure's compaction) has got:
    /// (done, of).
    progress: Mutex<Option<(u64, u64)>>,
    /// A spreadsheet chosen for import and not yet imported or cancelled.
    pending_import: Mutex<Option<Table>>,
    /// Letters printed and not yet marked sent, exactly as printed.
    printed_letters: Mutex<Vec<LetterRecord>>,
    /// The key of encrypted data once it is unlocked (wiped when dropped).
    key: Mutex<Option<MasterKey>>,
    /// Encryption being set up: its keys and recovery key, until the
    /// recovery key has been typed back from the printed sheet.
    pending_encryption: Mutex<Option<EncryptionPlan>>,
}

/// `TEND_DATA_DIR` when set (the same folder `tend --data DIR` uses),
/// otherwise the platform's app-data folder.
fn default_data_dir<R: Runtime>(app: &AppHandle<R>) -> PathBuf {
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
    pub fn open<R: Runtime>(app: &AppHandle<R>, data_dir: Option<PathBuf>) -> Self {
        let data_dir = data_dir.unwrap_or_else(|| default_data_dir(app));
        AppState {
            tend: RwLock::new(open_data(&data_dir, None)),
            data_dir,
            pending_restore: Mutex::new(None),
            progress: Mutex::new(None),
            pending_import: Mutex::new(None),
            printed_letters: Mutex::new(Vec::new()),
            key: Mutex::new(None),
            pending_encryption: Mutex::new(None),
        }
    }

    /// The unlocked key (a copy), if the data is encrypted and unlocked.
    pub fn key(&self) -> Option<MasterKey> {
        self.key
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(MasterKey::duplicate)
    }

    /// Opens the encrypted data with `key`, which is kept while Tend runs.
    /// Data already open (unlocked another way meanwhile: the passphrase
    /// typed while the keychain was still answering) is left as it is.
    pub fn unlocked(&self, key: MasterKey) -> CommandResult<()> {
        let mut slot = self.tend.write().unwrap_or_else(PoisonError::into_inner);
        if slot.is_ok() {
            return Ok(());
        }
        let opened = open_data(&self.data_dir, Some(&key));
        let ok = opened.as_ref().map(|_| ()).map_err(Clone::clone);
        *self.key.lock().unwrap_or_else(PoisonError::into_inner) = Some(key);
        *slot = opened;
        ok
    }

    /// The data's key from now on (it was just encrypted with it).
    pub fn set_key(&self, key: MasterKey) {
        *self.key.lock().unwrap_or_else(PoisonError::into_inner) = Some(key);
    }

    pub fn pending_encryption(&self) -> MutexGuard<'_, Option<EncryptionPlan>> {
        self.pending_encryption
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub fn is_ready(&self) -> bool {
        self.tend().is_ok()
    }

    pub fn pending_restore(&self) -> MutexGuard<'_, Option<(PathBuf, Option<MasterKey>)>> {
        self.pending_restore
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub fn progress(&self) -> Option<(u64, u64)> {
        *self.progress.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn set_progress(&self, progress: Option<(u64, u64)>) {
        *self.progress.lock().unwrap_or_else(PoisonError::into_inner) = progress;
    }

    /// Closes the data, lets `replace` replace the folder (given with its
    /// key), and opens it again, whether or not `replace` succeeded, with
    /// the key as it then is. Commands that arrive meanwhile are told Tend
    /// is busy.
    pub fn replace_data<T>(
        &self,
        replace: impl FnOnce(DataDir<'_>) -> tend::Result<T>,
    ) -> CommandResult<T> {
        let mut slot = self.tend.write().unwrap_or_else(PoisonError::into_inner);
        let busy = CommandError::new(
            ErrorCode::InUse,
            "Tend is busy restoring, erasing or tidying its data. Please wait a moment.",
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
        let key = self.key();
        let replaced = replace(DataDir::keyed(&self.data_dir, key.as_ref()));
        drop(key);
        *slot = open_data(&self.data_dir, self.key().as_ref());
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
/// already using it, or it is encrypted and not yet unlocked) is kept as
/// the reason, which the window then shows.
fn open_data(dir: &Path, key: Option<&MasterKey>) -> Result<Arc<Tend>, CommandError> {
    if key.is_none() && tend::service::is_encrypted(dir) {
        return Err(CommandError::new(
            ErrorCode::Locked,
            "This data is encrypted. Type its passphrase to open it.",
        ));
    }
    let tend = Tend::open_upgrading(DataDir::keyed(dir, key), tend::clock::now())
        .map_err(CommandError::from)?;
    // The People list and every search find the index ready.
    if let Err(e) = tend.warm_people_index() {
        log::warn!("People index not warmed: {}", e.code());
    }
    Ok(Arc::new(tend))
}

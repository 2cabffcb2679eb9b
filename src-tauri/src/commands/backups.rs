//! Backups from the window: "Back up now" to a folder the person picks,
//! what a backup holds before anything changes, and restoring it.

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tend::ErrorCode;
use tend::Tend;
use tend::service::{BACKUP_EXTENSION, BackupMade, BackupStatus};
use tend::store::{MasterKey, Unlock};
use zeroize::Zeroizing;

use super::files::pick_file;
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// A backup read whole and checked against its manifest: an encrypted one
/// with `key`, or else the data's own key (another data's encrypted backup
/// is refused as `backup_locked`, for its passphrase to be asked).
fn checked(
    state: &AppState,
    path: std::path::PathBuf,
    key: Option<MasterKey>,
) -> CommandResult<BackupMade> {
    let key = match key {
        Some(key) => Some(key),
        None => tend::service::unlock_backup(&path, state.key().as_ref(), || Ok(None))?,
    };
    let manifest = tend::store::verify_backup(&path, key.as_ref()).map_err(tend::Error::from)?;
    let backup = BackupMade::new(path, manifest);
    *state.pending_restore() = Some((backup.path.clone(), key));
    Ok(backup)
}

#[tauri::command]
pub async fn backup_status(state: State<'_, AppState>) -> CommandResult<BackupStatus> {
    Ok(state.tend()?.backup_status(tend::clock::now())?)
}

/// Asks for a folder (a USB stick) and backs up into it; `None` when the
/// person cancelled. The backup has been read back and checked when this
/// returns.
#[tauri::command]
pub async fn back_up_now<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<BackupMade>> {
    let folder = match super::files::unattended_dir() {
        Some(dir) => dir,
        None => {
            let Some(folder) = app.dialog().file().blocking_pick_folder() else {
                return Ok(None);
            };
            folder.into_path().map_err(|_| {
                CommandError::new(ErrorCode::Io, "Please choose a folder on this computer.")
            })?
        }
    };
    let tend = state.tend()?;
    Ok(Some(tend.back_up_to_folder(&folder, tend::clock::now())?))
}

/// Asks for a backup file and reads it whole: what it holds, or why it
/// cannot be used. Nothing changes; the file is remembered for
/// `restore_chosen_backup`.
#[tauri::command]
pub async fn choose_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<BackupMade>> {
    let Some(path) = pick_file(&app, "Tend backup", &[BACKUP_EXTENSION])? else {
        return Ok(None);
    };
    *state.pending_restore() = Some((path.clone(), None));
    Ok(Some(checked(&state, path, None)?))
}

/// Opens the chosen backup, another data's encrypted one, with the
/// passphrase it was made with (or the recovery key when `recovery`); a
/// wrong one is said next to its field.
#[tauri::command]
pub async fn open_chosen_backup(
    state: State<'_, AppState>,
    secret: String,
    recovery: bool,
) -> CommandResult<BackupMade> {
    let Some(path) = state
        .pending_restore()
        .as_ref()
        .map(|(path, _)| path.clone())
    else {
        return Err(CommandError::new(
            ErrorCode::NotFound,
            "Choose a backup first.",
        ));
    };
    let secret = Zeroizing::new(secret);
    let given = if recovery {
        Unlock::RecoveryKey(secret)
    } else {
        Unlock::Passphrase(secret)
    };
    let key = tend::service::unlock_backup(&path, None, || Ok(Some(given))).map_err(|e| {
        let mut error = CommandError::from(e);
        if error.code == ErrorCode::WrongPassphrase {
            error.field = Some("backup_secret".into());
            error.message = "That does not open this backup.".into();
        }
        error
    })?;
    checked(&state, path, key)
}

/// The newest automatic backup that reads back whole, offered when the
/// data folder will not open; remembered for `restore_chosen_backup`.
#[tauri::command]
pub async fn newest_automatic_backup(
    state: State<'_, AppState>,
) -> CommandResult<Option<BackupMade>> {
    let Some(found) = tend::service::newest_good_backup(&state.data_dir, state.key().as_ref())?
    else {
        return Ok(None);
    };
    Ok(Some(checked(&state, found.path, None)?))
}

/// Replaces what Tend holds with the chosen backup, all or nothing; the
/// data as it was is kept as an automatic backup first.
#[tauri::command]
pub async fn restore_chosen_backup(state: State<'_, AppState>) -> CommandResult<BackupMade> {
    let Some((path, backup_key)) = state.pending_restore().take() else {
        return Err(CommandError::new(
            ErrorCode::NotFound,
            "Choose a backup to restore first.",
        ));
    };
    let state = state.inner();
    state.set_progress(Some((0, 0)));
    let restored = state.replace_data(|dir| {
        let key = backup_key.as_ref().or(dir.key);
        Tend::restore_backup_with(
            dir,
            &path,
            key,
            true,
            tend::clock::now(),
            &mut |done, of| {
                state.set_progress(Some((done, of)));
            },
        )
        .map(|manifest| BackupMade::new(path.clone(), manifest))
    });
    state.set_progress(None);
    restored
}

/// How far a long job (a restore, an erasure) has got, as (done, of),
/// while one runs.
#[tauri::command]
pub async fn job_progress(state: State<'_, AppState>) -> CommandResult<Option<(u64, u64)>> {
    Ok(state.progress())
}

//! Backups from the window: "Back up now" to a folder the person picks,
//! what a backup holds before anything changes, and restoring it.

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tend::Tend;
use tend::service::{BACKUP_EXTENSION, BackupMade, BackupStatus};

use super::pick_file;
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// A backup read whole and checked against its manifest (an encrypted
/// one with the data's own key).
fn checked(state: &AppState, path: std::path::PathBuf) -> CommandResult<BackupMade> {
    let manifest =
        tend::store::verify_backup(&path, state.key().as_ref()).map_err(tend::Error::from)?;
    Ok(BackupMade::new(path, manifest))
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
    let folder = match super::unattended_dir() {
        Some(dir) => dir,
        None => {
            let Some(folder) = app.dialog().file().blocking_pick_folder() else {
                return Ok(None);
            };
            folder
                .into_path()
                .map_err(|_| CommandError::new("io", "Please choose a folder on this computer."))?
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
    let backup = checked(&state, path)?;
    *state.pending_restore() = Some(backup.path.clone());
    Ok(Some(backup))
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
    let backup = checked(&state, found.path)?;
    *state.pending_restore() = Some(backup.path.clone());
    Ok(Some(backup))
}

/// Replaces what Tend holds with the chosen backup, all or nothing; the
/// data as it was is kept as an automatic backup first.
#[tauri::command]
pub async fn restore_chosen_backup(state: State<'_, AppState>) -> CommandResult<BackupMade> {
    let Some(path) = state.pending_restore().take() else {
        return Err(CommandError::new(
            "not_found",
            "Choose a backup to restore first.",
        ));
    };
    let state = state.inner();
    state.set_restore_progress(Some((0, 0)));
    let restored = state.replace_data(|dir| {
        Tend::restore_backup(dir, &path, true, tend::clock::now(), &mut |done, of| {
            state.set_restore_progress(Some((done, of)));
        })
        .map(|manifest| BackupMade::new(path.clone(), manifest))
    });
    state.set_restore_progress(None);
    restored
}

/// How far a restore has got, as (done, of), while one runs.
#[tauri::command]
pub async fn restore_progress(state: State<'_, AppState>) -> CommandResult<Option<(u64, u64)>> {
    Ok(state.restore_progress())
}

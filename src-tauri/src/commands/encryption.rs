//! Encryption from the window: unlocking, turning it on (keys made, the
//! Emergency sheet saved and part of its recovery key typed back, and only
//! then the data encrypted), changing the passphrase, and "Unlock
//! automatically on this computer" (the key in the operating system's
//! keychain, see `keychain.rs`).

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tend::ErrorCode;
use tend::Tend;
use tend::service::{EncryptionPlan, PASSPHRASE_MIN_CHARS};
use tend::store::{KdfCost, Unlock};
use ts_rs::TS;
use zeroize::Zeroizing;

use super::files::{SavedFile, save_and_open};
use crate::error::{CommandError, CommandResult};
use crate::keychain;
use crate::state::AppState;

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct EncryptionStatus {
    /// The data folder is encrypted.
    pub encrypted: bool,
    /// Setting up is under way: the sheet is to be printed and checked.
    pub setting_up: bool,
    /// Which group of the recovery key is asked for, while setting up.
    pub check_group: Option<u32>,
    pub passphrase_min_chars: u32,
    /// "Unlock automatically on this computer" is on.
    pub unlocks_automatically: bool,
}

/// What became of unlocking with this computer's keychain at start.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct AutomaticUnlock {
    /// The data is open.
    pub unlocked: bool,
    /// Why not, when it is meant to unlock by itself and did not.
    pub problem: Option<String>,
}

fn status(state: &AppState) -> EncryptionStatus {
    let pending = state.pending_encryption();
    EncryptionStatus {
        encrypted: tend::service::is_encrypted(&state.data_dir),
        setting_up: pending.is_some(),
        check_group: pending.as_ref().map(|p| p.check_group() as u32),
        passphrase_min_chars: PASSPHRASE_MIN_CHARS as u32,
        unlocks_automatically: matches!(
            tend::service::this_computer_entry(&state.data_dir),
            Ok(Some(_))
        ),
    }
}

#[tauri::command]
pub async fn encryption_status(state: State<'_, AppState>) -> CommandResult<EncryptionStatus> {
    Ok(status(&state))
}

/// Opens encrypted data with its passphrase, or with the recovery key
/// when `recovery` is set. A wrong one changes nothing and says so next to
/// the field it was typed in.
#[tauri::command]
pub async fn unlock(
    state: State<'_, AppState>,
    secret: String,
    recovery: bool,
) -> CommandResult<()> {
    let secret = Zeroizing::new(secret);
    let (given, field) = if recovery {
        (Unlock::RecoveryKey(secret), "recovery_key")
    } else {
        (Unlock::Passphrase(secret), "passphrase")
    };
    let key = tend::service::unlock(&state.data_dir, &given).map_err(|e| {
        let mut error = CommandError::from(e);
        if error.code == ErrorCode::WrongPassphrase {
            error.field = Some(field.into());
            if recovery {
                error.message = "That recovery key does not open this data. Check each group of four against the Emergency sheet.".into();
            }
        }
        error
    })?;
    state.unlocked(key)
}

/// Opens encrypted data with the key this computer's keychain keeps for
/// it, when "Unlock automatically on this computer" is on; the unlock
/// screen asks for the passphrase otherwise.
#[tauri::command]
pub async fn unlock_with_this_computer(
    state: State<'_, AppState>,
) -> CommandResult<AutomaticUnlock> {
    let Some(entry) = tend::service::this_computer_entry(&state.data_dir)? else {
        return Ok(AutomaticUnlock {
            unlocked: false,
            problem: None,
        });
    };
    let kept = tauri::async_runtime::spawn_blocking(move || keychain::fetch(&entry))
        .await
        .ok()
        .flatten();
    let not_this_time = |why: &str| AutomaticUnlock {
        unlocked: false,
        problem: Some(why.into()),
    };
    let Some(key) = kept else {
        return Ok(not_this_time(
            "This computer's keychain did not give Tend its key this time (it may be locked), so type the passphrase.",
        ));
    };
    match tend::service::unlock(&state.data_dir, &Unlock::ThisComputer(key)) {
        Ok(master) => {
            state.unlocked(master)?;
            Ok(AutomaticUnlock {
                unlocked: true,
                problem: None,
            })
        }
        Err(_) => Ok(not_this_time(
            "The key in this computer's keychain no longer opens this data, so type the passphrase.",
        )),
    }
}

/// Turns "Unlock automatically on this computer" on (the data's key put in
/// the operating system's keychain; refused where there is none) or off.
#[tauri::command]
pub async fn set_unlock_automatically(
    state: State<'_, AppState>,
    on: bool,
) -> CommandResult<EncryptionStatus> {
    let tend = state.tend()?;
    let earlier = if on {
        let master = state
            .key()
            .ok_or_else(|| CommandError::new(ErrorCode::Conflict, "Unlock Tend first."))?;
        tauri::async_runtime::spawn_blocking(move || {
            tend.unlock_automatically(&master, keychain::keep)
        })
        .await
        .map_err(|_| CommandError::new(ErrorCode::Conflict, keychain::NO_KEYCHAIN))?
        .map_err(|e| CommandError {
            field: Some("unlock_automatically".into()),
            ..CommandError::from(e)
        })?
    } else {
        tend.stop_unlocking_automatically()?
    };
    if let Some(entry) = earlier {
        let _ = tauri::async_runtime::spawn_blocking(move || keychain::forget(&entry)).await;
    }
    Ok(status(&state))
}

/// The first step of turning encryption on: the passphrase is checked and
/// the keys made; nothing is encrypted yet.
#[tauri::command]
pub async fn plan_encryption(
    state: State<'_, AppState>,
    passphrase: String,
    again: String,
) -> CommandResult<EncryptionStatus> {
    let (passphrase, again) = (Zeroizing::new(passphrase), Zeroizing::new(again));
    let plan = EncryptionPlan::new(&passphrase, &again, KdfCost::STANDARD)?;
    *state.pending_encryption() = Some(plan);
    Ok(status(&state))
}

/// Saves the Emergency sheet (and opens it to print); `None` when cancelled.
#[tauri::command]
pub async fn save_emergency_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    let tend = state.tend()?;
    let pdf = {
        let pending = state.pending_encryption();
        let plan = pending.as_ref().ok_or_else(not_planned)?;
        tend.emergency_sheet(plan, tend::clock::today(), tend::clock::now())?
    };
    save_and_open(&app, "Tend Emergency sheet", SavedFile::Pdf, &pdf)
}

/// Finishes turning encryption on, once `typed` is the group of the
/// recovery key the sheet was checked for: the data is encrypted and stays
/// open with the new key.
#[tauri::command]
pub async fn finish_encryption(
    state: State<'_, AppState>,
    typed: String,
) -> CommandResult<EncryptionStatus> {
    let plan = {
        let mut pending = state.pending_encryption();
        let plan = pending.as_ref().ok_or_else(not_planned)?;
        if !plan.confirms(&typed) {
            return Err(CommandError {
                code: ErrorCode::Validation,
                message: format!(
                    "That is not group {} of the recovery key. Read it again from the printed Emergency sheet.",
                    plan.check_group()
                ),
                field: Some("check".into()),
            });
        }
        pending.take().ok_or_else(not_planned)?
    };
    let state = state.inner();
    state.replace_data(|dir| {
        let key = Tend::encrypt(dir.path, plan, tend::clock::now())?;
        state.set_key(key);
        Ok(())
    })?;
    Ok(status(state))
}

#[tauri::command]
pub async fn cancel_encryption(state: State<'_, AppState>) -> CommandResult<EncryptionStatus> {
    state.pending_encryption().take();
    Ok(status(&state))
}

#[tauri::command]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    current: String,
    passphrase: String,
    again: String,
) -> CommandResult<()> {
    let (current, passphrase, again) = (
        Zeroizing::new(current),
        Zeroizing::new(passphrase),
        Zeroizing::new(again),
    );
    Ok(state
        .tend()?
        .change_passphrase(&current, &passphrase, &again)?)
}

fn not_planned() -> CommandError {
    CommandError::new(
        ErrorCode::NotFound,
        "Start again from \u{201c}Turn on encryption\u{201d}.",
    )
}

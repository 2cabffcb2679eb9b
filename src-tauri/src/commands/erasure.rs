//! Erasing a person or a volunteer on request: the data is closed, the
//! core erases and compacts it (its progress shown), and it opens again;
//! what the window holds in memory about them goes too.

use serde::Serialize;
use tauri::State;
use tend::Tend;
use tend::domain::{ErasedPerson, StaffRole};
use tend::service::{ErasureDone, ErasureRequest};
use ts_rs::TS;

use crate::error::CommandResult;
use crate::state::AppState;

/// A role the person erasing can say they act in, with its words.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct StaffRoleChoice {
    pub role: StaffRole,
    pub label: String,
}

#[tauri::command]
pub async fn staff_roles() -> CommandResult<Vec<StaffRoleChoice>> {
    Ok(StaffRole::ALL
        .into_iter()
        .map(|role| StaffRoleChoice {
            role,
            label: role.label().to_owned(),
        })
        .collect())
}

/// Erases them, compacting the data so nothing of theirs is left in its
/// files; `job_progress` says how far it has got meanwhile.
#[tauri::command]
pub async fn erase_person<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    request: ErasureRequest,
) -> CommandResult<ErasureDone> {
    let state = state.inner();
    state.set_progress(Some((0, 0)));
    let done = state.replace_data(|dir| {
        Tend::erase_in_folder(
            dir,
            &request,
            tend::clock::today(),
            tend::clock::now(),
            &mut |done, of| state.set_progress(Some((done, of))),
        )
    });
    state.set_progress(None);
    if done.is_ok() {
        // A spreadsheet waiting to be imported may list them; letters
        // printed and not yet marked sent may be about them.
        state.pending_import().take();
        // Printouts waiting in Tend's folder may name them.
        if let Some(folder) = super::files::printouts_dir(&app) {
            super::files::prune_printouts(&folder, None);
        }
        if let ErasedPerson::Participant(id) = request.person {
            state.printed_letters().retain(|l| l.participant != id);
        }
    }
    done
}

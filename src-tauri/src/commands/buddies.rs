//! Buddies for a first session: who is free at the next few sessions, and
//! choosing or dropping one.

use tauri::State;
use tend::domain::{ActivityId, Enrolment, ParticipantId};
use tend::service::{BuddyRequest, BuddySession};

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn buddy_sessions(
    state: State<'_, AppState>,
    activity: ActivityId,
) -> CommandResult<Vec<BuddySession>> {
    Ok(state
        .tend()?
        .buddy_sessions(activity, tend::clock::today())?)
}

#[tauri::command]
pub async fn choose_buddy(state: State<'_, AppState>, request: BuddyRequest) -> CommandResult<()> {
    let _: Enrolment = state.tend()?.choose_buddy(request, tend::clock::today())?;
    Ok(())
}

#[tauri::command]
pub async fn drop_buddy(
    state: State<'_, AppState>,
    participant: ParticipantId,
    activity: ActivityId,
) -> CommandResult<()> {
    Ok(state.tend()?.drop_buddy(participant, activity)?)
}

//! Retention: the schedule, who is past it, and keeping someone on with a
//! reason.

use tauri::State;
use tend::domain::{Participant, ParticipantId, RetentionSchedule, Settings};
use tend::service::RetentionReview;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn retention_review(state: State<'_, AppState>) -> CommandResult<RetentionReview> {
    Ok(state.tend()?.retention_review(tend::clock::today())?)
}

/// Saves the schedule as the organisation's own, confirmed today.
#[tauri::command]
pub async fn confirm_retention(
    state: State<'_, AppState>,
    schedule: RetentionSchedule,
) -> CommandResult<Settings> {
    Ok(state
        .tend()?
        .confirm_retention(schedule, tend::clock::today())?)
}

#[tauri::command]
pub async fn keep_past_retention(
    state: State<'_, AppState>,
    participant: ParticipantId,
    reason: String,
) -> CommandResult<Participant> {
    Ok(state
        .tend()?
        .keep_past_retention(participant, &reason, tend::clock::today())?)
}

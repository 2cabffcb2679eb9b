//! Activities: listing, adding and changing them, and which are due a
//! risk assessment.

use tauri::State;
use tend::domain::{Activity, ActivityDetails, ActivityId};

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn list_activities(state: State<'_, AppState>) -> CommandResult<Vec<Activity>> {
    Ok(state.tend()?.activities()?)
}

#[tauri::command]
pub async fn create_activity(
    state: State<'_, AppState>,
    details: ActivityDetails,
) -> CommandResult<Activity> {
    Ok(state.tend()?.create_activity(details)?)
}

#[tauri::command]
pub async fn update_activity(
    state: State<'_, AppState>,
    activity: ActivityId,
    details: ActivityDetails,
) -> CommandResult<Activity> {
    Ok(state.tend()?.update_activity(activity, details)?)
}

/// The activities whose risk assessment is due today.
#[tauri::command]
pub async fn risk_assessments_due(state: State<'_, AppState>) -> CommandResult<Vec<ActivityId>> {
    Ok(state.tend()?.risk_assessments_due(tend::clock::today())?)
}

//! Volunteer roles an activity needs.

use tauri::State;
use tend::domain::Role;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn list_roles(state: State<'_, AppState>) -> CommandResult<Vec<Role>> {
    Ok(state.tend()?.roles()?)
}

/// The role with this name, added if it is new.
#[tauri::command]
pub async fn add_role(state: State<'_, AppState>, name: String) -> CommandResult<Role> {
    Ok(state.tend()?.role_named_or_new(&name)?)
}

#[tauri::command]
pub async fn update_role(state: State<'_, AppState>, role: Role) -> CommandResult<Role> {
    Ok(state.tend()?.update_role(role)?)
}

//! Marking a session: its register, ticks, walk-ins.

use serde::Deserialize;
use tauri::State;
use tend::domain::{AttendanceMark, Mark, ParticipantId, SessionId};
use tend::service::SessionRegister;
use ts_rs::TS;

use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct MarkRequest {
    pub session: SessionId,
    pub participant: ParticipantId,
    /// No mark takes the earlier one back.
    pub mark: Option<Mark>,
}

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct WalkInRequest {
    pub session: SessionId,
    pub who: tend::service::WalkIn,
}

#[tauri::command]
pub async fn session_register(
    state: State<'_, AppState>,
    session: SessionId,
) -> CommandResult<SessionRegister> {
    Ok(state.tend()?.session_register(session)?)
}

#[tauri::command]
pub async fn record_attendance(
    state: State<'_, AppState>,
    request: MarkRequest,
) -> CommandResult<Option<AttendanceMark>> {
    let tend = state.tend()?;
    Ok(match request.mark {
        Some(mark) => Some(tend.record_attendance(
            request.session,
            request.participant,
            mark,
            tend::clock::now(),
            tend::clock::today(),
        )?),
        None => {
            tend.clear_attendance(request.session, request.participant)?;
            None
        }
    })
}

#[tauri::command]
pub async fn add_walk_in(
    state: State<'_, AppState>,
    request: WalkInRequest,
) -> CommandResult<AttendanceMark> {
    Ok(state.tend()?.add_walk_in(
        request.session,
        request.who,
        tend::clock::now(),
        tend::clock::today(),
    )?)
}

#[tauri::command]
pub async fn find_in_session(
    state: State<'_, AppState>,
    session: tend::domain::SessionId,
    query: String,
) -> CommandResult<Vec<ParticipantId>> {
    Ok(state.tend()?.find_in_session(session, &query)?)
}

#[tauri::command]
pub async fn marks_allowed(
    state: State<'_, AppState>,
    session: tend::domain::SessionId,
) -> CommandResult<tend::service::MarksAllowed> {
    Ok(state.tend()?.marks_allowed(session, tend::clock::today())?)
}

//! Sessions: generating them, cancelling, reinstating and moving one, and the ones in a period.

use chrono::{Days, NaiveDate, NaiveTime};
use serde::Deserialize;
use tauri::State;
use tend::domain::{ActivityId, Session, SessionId};
use tend::service::{GeneratedSessions, HolidaySession, SessionSummary};
use ts_rs::TS;

use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct GenerateSessions {
    pub activity: ActivityId,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct MoveSession {
    pub session: SessionId,
    pub date: NaiveDate,
    #[ts(type = "string")]
    pub start_time: NaiveTime,
    pub reason: String,
}

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct CancelSession {
    pub session: SessionId,
    pub reason: String,
}

#[tauri::command]
pub async fn generate_sessions(
    state: State<'_, AppState>,
    request: GenerateSessions,
) -> CommandResult<GeneratedSessions> {
    Ok(state
        .tend()?
        .generate_sessions(request.activity, request.from, request.to)?)
}

#[tauri::command]
pub async fn cancel_session(
    state: State<'_, AppState>,
    request: CancelSession,
) -> CommandResult<Session> {
    Ok(state
        .tend()?
        .cancel_session(request.session, &request.reason)?)
}

#[tauri::command]
pub async fn reinstate_session(
    state: State<'_, AppState>,
    session: SessionId,
) -> CommandResult<Session> {
    Ok(state.tend()?.reinstate_session(session)?)
}

#[tauri::command]
pub async fn move_session(
    state: State<'_, AppState>,
    request: MoveSession,
) -> CommandResult<Session> {
    Ok(state.tend()?.move_session(
        request.session,
        request.date,
        request.start_time,
        &request.reason,
    )?)
}

/// Every activity's sessions in a period, for the week view.
#[tauri::command]
pub async fn sessions_between(
    state: State<'_, AppState>,
    range: DateRange,
) -> CommandResult<Vec<SessionSummary>> {
    Ok(state.tend()?.sessions_between(range.from, range.to)?)
}

#[tauri::command]
pub async fn list_sessions(
    state: State<'_, AppState>,
    activity: ActivityId,
) -> CommandResult<Vec<Session>> {
    Ok(state.tend()?.sessions_of(activity)?)
}

/// The last week's sessions (to tick afterwards) and the next fortnight's.
#[tauri::command]
pub async fn sessions_around_today(
    state: State<'_, AppState>,
) -> CommandResult<Vec<SessionSummary>> {
    let today = tend::clock::today();
    Ok(state
        .tend()?
        .sessions_between(today - Days::new(7), today + Days::new(14))?)
}

/// Planned sessions on bank holidays their activity does not run on.
#[tauri::command]
pub async fn sessions_on_bank_holidays(
    state: State<'_, AppState>,
) -> CommandResult<Vec<HolidaySession>> {
    Ok(state
        .tend()?
        .sessions_on_bank_holidays(tend::clock::today())?)
}

/// "Cancel these?": cancels them (`cancel`) or keeps them and stops asking.
#[tauri::command]
pub async fn settle_bank_holiday_sessions(
    state: State<'_, AppState>,
    cancel: bool,
) -> CommandResult<usize> {
    Ok(state
        .tend()?
        .settle_bank_holiday_sessions(cancel, tend::clock::today())?)
}

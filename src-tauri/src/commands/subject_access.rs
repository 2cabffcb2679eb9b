//! Everything we hold about a person: the subject access reply saved as a
//! PDF to send them, or as JSON, and the register of requests and when
//! each is due.

use chrono::NaiveDate;
use tauri::{AppHandle, Runtime, State};
use tend::domain::{AccessRequest, AccessRequestId, ParticipantId};
use tend::service::AccessRequestLine;

use super::files::{SavedFile, save_logged};
use crate::error::CommandResult;
use crate::state::AppState;
use tend::domain::{Document, LoggedRecord};

/// Saves the reply as a PDF and opens it; `None` when the person cancelled.
#[tauri::command]
pub async fn save_subject_access<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    participant: ParticipantId,
) -> CommandResult<Option<String>> {
    let tend = state.tend()?;
    let reply = tend.subject_access(participant, tend::clock::today())?;
    let pdf = reply.to_pdf(tend::clock::now())?;
    save_logged(
        &app,
        &tend,
        &reply.title(),
        SavedFile::Pdf,
        &pdf,
        (
            Document::SubjectAccessReply,
            Some(LoggedRecord::Participant(participant)),
        ),
    )
}

/// Saves the same reply as a machine-readable JSON file.
#[tauri::command]
pub async fn save_subject_access_json<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    participant: ParticipantId,
) -> CommandResult<Option<String>> {
    let tend = state.tend()?;
    let reply = tend.subject_access(participant, tend::clock::today())?;
    save_logged(
        &app,
        &tend,
        &reply.title(),
        SavedFile::Json,
        reply.to_json()?.as_bytes(),
        (
            Document::SubjectAccessJson,
            Some(LoggedRecord::Participant(participant)),
        ),
    )
}

/// Records a request to see everything held, received on `received_on`.
#[tauri::command]
pub async fn record_access_request(
    state: State<'_, AppState>,
    participant: ParticipantId,
    received_on: NaiveDate,
) -> CommandResult<AccessRequest> {
    Ok(state
        .tend()?
        .record_access_request(participant, received_on, tend::clock::today())?)
}

#[tauri::command]
pub async fn extend_access_request(
    state: State<'_, AppState>,
    request: AccessRequestId,
    to: NaiveDate,
) -> CommandResult<AccessRequest> {
    Ok(state.tend()?.extend_access_request(request, to)?)
}

#[tauri::command]
pub async fn answer_access_request(
    state: State<'_, AppState>,
    request: AccessRequestId,
    on: NaiveDate,
) -> CommandResult<AccessRequest> {
    Ok(state
        .tend()?
        .answer_access_request(request, on, tend::clock::today())?)
}

/// One person's requests, newest first.
#[tauri::command]
pub async fn access_requests(
    state: State<'_, AppState>,
    participant: ParticipantId,
) -> CommandResult<Vec<AccessRequestLine>> {
    Ok(state
        .tend()?
        .access_request_lines(participant, tend::clock::today())?)
}

/// Every request not yet answered, for Today.
#[tauri::command]
pub async fn open_access_requests(
    state: State<'_, AppState>,
) -> CommandResult<Vec<AccessRequestLine>> {
    Ok(state.tend()?.open_access_requests(tend::clock::today())?)
}

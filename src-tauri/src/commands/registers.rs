//! The paper for a session and a period: sign-in sheets and registers.

use chrono::NaiveDate;
use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};
use tend::domain::{ActivityId, SessionId};
use ts_rs::TS;

use super::files::{SavedFile, save_logged};
use crate::error::CommandResult;
use crate::state::AppState;
use tend::domain::{Document, LoggedRecord};

/// Asks where to save the session's sign-in sheet, writes it, and opens it
/// in the system's PDF viewer to print. `None` when the person cancelled.
#[tauri::command]
pub async fn save_sign_in_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    session: SessionId,
) -> CommandResult<Option<String>> {
    let tend = state.tend()?;
    let register = tend.session_register(session)?;
    let bytes = tend.sign_in_sheet(session, tend::clock::now())?;
    let name = format!(
        "Sign-in sheet {} {}",
        register.activity.details.name, register.session.date
    );
    save_logged(
        &app,
        &tend,
        &name,
        SavedFile::Pdf,
        &bytes,
        (Document::SignInSheet, Some(LoggedRecord::Session(session))),
    )
}

/// Asks where to save the leader's copy (confidential: emergency contacts
/// and what the leader should know), writes it and opens it to print.
#[tauri::command]
pub async fn save_leader_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    session: SessionId,
) -> CommandResult<Option<String>> {
    let tend = state.tend()?;
    let register = tend.session_register(session)?;
    let bytes = tend.leader_copy(session, tend::clock::now())?;
    let name = format!(
        "Leader's copy {} {}",
        register.activity.details.name, register.session.date
    );
    save_logged(
        &app,
        &tend,
        &name,
        SavedFile::Pdf,
        &bytes,
        (Document::LeaderCopy, Some(LoggedRecord::Session(session))),
    )
}

#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    Pdf,
    Csv,
}

impl From<DocumentFormat> for SavedFile {
    fn from(format: DocumentFormat) -> Self {
        match format {
            DocumentFormat::Pdf => SavedFile::Pdf,
            DocumentFormat::Csv => SavedFile::Csv,
        }
    }
}

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct RegisterRequest {
    pub activity: ActivityId,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub format: DocumentFormat,
}

/// The register for a period, as a PDF to print or a CSV for a spreadsheet.
#[tauri::command]
pub async fn save_register<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: RegisterRequest,
) -> CommandResult<Option<String>> {
    let tend = state.tend()?;
    let register = tend.register(
        request.activity,
        request.from,
        request.to,
        tend::clock::today(),
    )?;
    let bytes = match request.format {
        DocumentFormat::Pdf => register.to_pdf(tend::clock::now())?,
        DocumentFormat::Csv => register.to_csv().into_bytes(),
    };
    let name = format!(
        "Register {} {} to {}",
        register.activity, request.from, request.to
    );
    let document = match request.format {
        DocumentFormat::Pdf => Document::Register,
        DocumentFormat::Csv => Document::RegisterSpreadsheet,
    };
    save_logged(
        &app,
        &tend,
        &name,
        request.format.into(),
        &bytes,
        (document, Some(LoggedRecord::Activity(request.activity))),
    )
}

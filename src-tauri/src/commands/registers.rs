//! The paper for a session and a period: sign-in sheets and registers.

use chrono::NaiveDate;
use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};
use tend::domain::{ActivityId, SessionId, dates};
use ts_rs::TS;

use super::files::{Destination, SavedFile, print_logged, save_logged};
use crate::error::CommandResult;
use crate::state::AppState;
use tend::domain::{Document, LoggedRecord};

/// The session's sign-in sheet, printed in one click (into Tend's folder
/// under Documents, opened in the viewer) or a copy saved where the person
/// chooses (`to`). `None` when they cancelled the dialog.
#[tauri::command]
pub async fn save_sign_in_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    session: SessionId,
    to: Option<Destination>,
) -> CommandResult<Option<String>> {
    let tend = state.tend()?;
    session_paper(&app, &tend, session, to, Document::SignInSheet)
}

/// The leader's copy (confidential: emergency contacts and what the leader
/// should know), printed or saved as `save_sign_in_sheet` does.
#[tauri::command]
pub async fn save_leader_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    session: SessionId,
    to: Option<Destination>,
) -> CommandResult<Option<String>> {
    let tend = state.tend()?;
    session_paper(&app, &tend, session, to, Document::LeaderCopy)
}

/// A session's sign-in sheet or leader's copy, named for a person to read:
/// "Sign-in sheet – Tuesday Health Walk – Tuesday 8 December 2026".
fn session_paper<R: Runtime>(
    app: &AppHandle<R>,
    tend: &tend::Tend,
    session: SessionId,
    to: Option<Destination>,
    document: Document,
) -> CommandResult<Option<String>> {
    let register = tend.session_register(session)?;
    let now = tend::clock::now();
    let (title, bytes) = if document == Document::LeaderCopy {
        ("Leader’s copy", tend.leader_copy(session, now)?)
    } else {
        ("Sign-in sheet", tend.sign_in_sheet(session, now)?)
    };
    let name = format!(
        "{title} – {} – {}",
        register.activity.details.name,
        dates::long_date(register.session.date)
    );
    print_logged(
        app,
        tend,
        &name,
        to,
        &bytes,
        (document, Some(LoggedRecord::Session(session))),
    )
}

/// The periods a register offers: this month, this quarter, last quarter.
#[tauri::command]
pub async fn register_periods_offered() -> CommandResult<Vec<dates::Period>> {
    Ok(dates::register_periods(tend::clock::today()))
}

#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    Pdf,
    Csv,
}

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct RegisterRequest {
    pub activity: ActivityId,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub format: DocumentFormat,
    /// A PDF is printed unless a copy is asked for.
    #[serde(default)]
    pub destination: Option<Destination>,
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
        "Register – {} – {} to {}",
        register.activity,
        dates::long_date(request.from),
        dates::long_date(request.to)
    );
    let logged = Some(LoggedRecord::Activity(request.activity));
    match request.format {
        DocumentFormat::Pdf => print_logged(
            &app,
            &tend,
            &name,
            request.destination,
            &bytes,
            (Document::Register, logged),
        ),
        DocumentFormat::Csv => save_logged(
            &app,
            &tend,
            &name,
            SavedFile::Csv,
            &bytes,
            (Document::RegisterSpreadsheet, logged),
        ),
    }
}

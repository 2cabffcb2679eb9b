//! IPC commands: each takes its request, calls the core once, maps the error.
//! All are async so none runs on (and freezes) the window's thread.

pub mod backups;
pub mod encryption;
pub mod follow_up;
pub mod import;
pub mod letters;
pub mod people;
pub mod referrals;
pub mod rota;

use chrono::{Days, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use tend::ErrorCode;
use tend::domain::{
    Activity, ActivityDetails, ActivityId, AttendanceMark, Mark, Organisation, Participant,
    ParticipantDetails, ParticipantId, Role, Session, SessionId,
};
use tend::service::{SessionRegister, SessionSummary};
use ts_rs::TS;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    /// The data folder is open and usable.
    pub ready: bool,
    /// Why it is not, in plain words.
    pub problem: Option<String>,
    pub has_organisation: bool,
    /// The data is the demo organisation's.
    pub demo: bool,
    pub data_dir: String,
    /// The data is encrypted and waits for its passphrase.
    pub locked: bool,
    /// The data is encrypted.
    pub encrypted: bool,
}

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct GenerateSessions {
    pub activity: ActivityId,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct NewParticipant {
    pub details: ParticipantDetails,
    /// Enrol them in this activity from today.
    pub activity: Option<ActivityId>,
    /// They have seen the look-alikes and say this is someone new.
    #[serde(default)]
    pub confirmed_new: bool,
}

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct Enrol {
    pub activity: ActivityId,
    pub participant: ParticipantId,
    /// The day they join or leave; today when not given.
    pub on: Option<NaiveDate>,
}

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
pub async fn app_status(state: State<'_, AppState>) -> CommandResult<AppStatus> {
    let data_dir = state.data_dir.display().to_string();
    Ok(match state.tend() {
        Ok(tend) => AppStatus {
            ready: true,
            problem: None,
            has_organisation: tend.organisation()?.is_some(),
            demo: tend.is_demo()?,
            data_dir,
            locked: false,
            encrypted: tend.is_encrypted(),
        },
        Err(e) => AppStatus {
            ready: false,
            locked: e.code == ErrorCode::Locked,
            encrypted: tend::service::is_encrypted(&state.data_dir),
            problem: Some(e.message),
            has_organisation: false,
            demo: false,
            data_dir,
        },
    })
}

#[tauri::command]
pub async fn get_organisation(state: State<'_, AppState>) -> CommandResult<Option<Organisation>> {
    Ok(state.tend()?.organisation()?)
}

#[tauri::command]
pub async fn save_organisation(
    state: State<'_, AppState>,
    organisation: Organisation,
) -> CommandResult<Organisation> {
    Ok(state.tend()?.save_organisation(organisation)?)
}

/// With `TEND_SAVE_DIR` set (unattended use and the end-to-end tests),
/// the folder files are saved into without asking, and opened from.
pub(crate) fn unattended_dir() -> Option<std::path::PathBuf> {
    std::env::var_os("TEND_SAVE_DIR")
        .filter(|d| !d.is_empty())
        .map(std::path::PathBuf::from)
}

/// Asks which file to open; `None` when the person cancelled. Unattended
/// (see `unattended_dir`), the newest file there with one of the
/// extensions is chosen.
pub(crate) fn pick_file<R: Runtime>(
    app: &AppHandle<R>,
    label: &str,
    extensions: &[&str],
) -> CommandResult<Option<std::path::PathBuf>> {
    if let Some(dir) = unattended_dir() {
        let newest = std::fs::read_dir(dir)
            .map_err(|e| CommandError::from(tend::Error::from(e)))?
            .filter_map(Result::ok)
            .filter(|e| {
                e.path()
                    .extension()
                    .is_some_and(|x| extensions.iter().any(|want| x == *want))
            })
            .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
            .map(|e| e.path());
        return Ok(newest);
    }
    let Some(chosen) = app
        .dialog()
        .file()
        .add_filter(label, extensions)
        .blocking_pick_file()
    else {
        return Ok(None);
    };
    chosen
        .into_path()
        .map(Some)
        .map_err(|_| CommandError::new(ErrorCode::Io, "Please choose a file on this computer."))
}

/// Asks for the letterhead logo (a PNG or JPEG) and keeps it. `None` when
/// the person cancelled; a file that is not a picture is refused.
#[tauri::command]
pub async fn choose_logo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<Organisation>> {
    let Some(path) = pick_file(&app, "Picture", &["png", "jpg", "jpeg"])? else {
        return Ok(None);
    };
    let bytes = std::fs::read(&path).map_err(|e| CommandError::from(tend::Error::from(e)))?;
    Ok(Some(state.tend()?.set_logo(&bytes)?))
}

#[tauri::command]
pub async fn remove_logo(state: State<'_, AppState>) -> CommandResult<Organisation> {
    Ok(state.tend()?.remove_logo()?)
}

#[tauri::command]
pub async fn load_demo(state: State<'_, AppState>) -> CommandResult<()> {
    Ok(state.tend()?.load_demo(tend::clock::today(), false)?)
}

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
pub async fn list_roles(state: State<'_, AppState>) -> CommandResult<Vec<Role>> {
    Ok(state.tend()?.roles()?)
}

/// The role with this name, added if it is new.
#[tauri::command]
pub async fn add_role(state: State<'_, AppState>, name: String) -> CommandResult<Role> {
    Ok(state.tend()?.role_named_or_new(&name)?)
}

#[tauri::command]
pub async fn update_activity(
    state: State<'_, AppState>,
    activity: ActivityId,
    details: ActivityDetails,
) -> CommandResult<Activity> {
    Ok(state.tend()?.update_activity(activity, details)?)
}

#[tauri::command]
pub async fn generate_sessions(
    state: State<'_, AppState>,
    request: GenerateSessions,
) -> CommandResult<Vec<Session>> {
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

#[tauri::command]
pub async fn add_participant(
    state: State<'_, AppState>,
    request: NewParticipant,
) -> CommandResult<Participant> {
    Ok(state.tend()?.add_participant_to(
        request.details,
        request.activity,
        tend::clock::today(),
        request.confirmed_new,
    )?)
}

#[tauri::command]
pub async fn enrol(state: State<'_, AppState>, request: Enrol) -> CommandResult<()> {
    state.tend()?.enrol(
        request.activity,
        request.participant,
        request.on.unwrap_or_else(tend::clock::today),
    )?;
    Ok(())
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
    save_and_open(&app, &name, SavedFile::Pdf, &bytes)
}

#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    Pdf,
    Csv,
}

/// What kind of file is being saved, which sets the dialog's filter.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SavedFile {
    Pdf,
    Csv,
    /// An iCalendar file: saved, not opened (opening would import it).
    Calendar,
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
    let register = state.tend()?.register(
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
    save_and_open(&app, &name, request.format.into(), &bytes)
}

/// Asks where to save (starting in Documents, else home), writes the file
/// whole, and opens it with the system's viewer. `None` when cancelled.
/// With `TEND_SAVE_DIR` set (unattended use and the end-to-end tests) the
/// file goes straight into that folder under its suggested name and no
/// viewer is opened.
pub(crate) fn save_and_open<R: Runtime>(
    app: &AppHandle<R>,
    name: &str,
    kind: SavedFile,
    bytes: &[u8],
) -> CommandResult<Option<String>> {
    let (label, extension) = match kind {
        SavedFile::Pdf => ("PDF", "pdf"),
        SavedFile::Csv => ("CSV spreadsheet", "csv"),
        SavedFile::Calendar => ("Calendar file", "ics"),
    };
    let suggested = format!("{name}.{extension}").replace(['/', '\\', ':'], "-");
    if let Some(dir) = unattended_dir() {
        let path = dir.join(&suggested);
        tend::files::write_atomically(&path, bytes)
            .map_err(|e| CommandError::from(tend::Error::from(e)))?;
        return Ok(Some(path.display().to_string()));
    }
    let mut dialog = app
        .dialog()
        .file()
        .add_filter(label, &[extension])
        .set_file_name(suggested);
    let paths = app.path();
    let folder = [paths.document_dir(), paths.home_dir()]
        .into_iter()
        .flatten()
        .find(|dir| dir.is_dir());
    if let Some(folder) = folder {
        dialog = dialog.set_directory(folder);
    }
    let Some(chosen) = dialog.blocking_save_file() else {
        return Ok(None);
    };
    let path = chosen.into_path().map_err(|_| {
        CommandError::new(
            ErrorCode::Io,
            "That place cannot be saved to. Please choose a folder on this computer.",
        )
    })?;
    tend::files::write_atomically(&path, bytes)
        .map_err(|e| CommandError::from(tend::Error::from(e)))?;
    if !matches!(kind, SavedFile::Calendar)
        && app
            .opener()
            .open_path(path.to_string_lossy(), None::<&str>)
            .is_err()
    {
        log::warn!("a saved document could not be opened in a viewer");
    }
    Ok(Some(path.display().to_string()))
}

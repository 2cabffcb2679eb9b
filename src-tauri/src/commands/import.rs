//! Importing participants from a spreadsheet, in steps: choose a file (read
//! once and held here, so the webview never names a path), check the column
//! choices, then import or cancel. Nothing is saved before "import".

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};
use tend::ErrorCode;
use tend::domain::ActivityId;
use tend::service::{Column, ImportReport, ImportRun, guess_columns};
use tend::spreadsheet::Table;
use ts_rs::TS;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// Rows shown before importing, so people can see the columns are right.
const SAMPLE_ROWS: usize = 5;

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    pub file_name: String,
    pub headers: Vec<String>,
    /// Tend's guess for each heading; the person can change it.
    pub columns: Vec<Option<Column>>,
    pub sample: Vec<Vec<String>>,
    pub rows: usize,
}

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct ImportRequest {
    pub columns: Vec<Option<Column>>,
    /// Also enrol everyone in this activity.
    pub activity: Option<ActivityId>,
    /// Look-alike rows (by row number) the person ticked to import anyway.
    #[serde(default)]
    pub include_look_alikes: Vec<usize>,
}

fn no_file() -> CommandError {
    CommandError::new(ErrorCode::NotFound, "Choose a spreadsheet first.")
}

#[tauri::command]
pub async fn choose_import_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<ImportPreview>> {
    let Some(path) =
        super::files::pick_file(&app, "Spreadsheet", &["csv", "xlsx", "xls", "ods", "txt"])?
    else {
        return Ok(None);
    };
    let table = tend::spreadsheet::read_file(&path).map_err(tend::Error::from)?;
    let preview = ImportPreview {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        columns: guess_columns(&table.headers),
        sample: table
            .rows
            .iter()
            .take(SAMPLE_ROWS)
            .map(|r| r.cells.clone())
            .collect(),
        rows: table.rows.len(),
        headers: table.headers.clone(),
    };
    *state.pending_import() = Some(table);
    Ok(Some(preview))
}

fn import(state: &AppState, request: ImportRequest, dry_run: bool) -> CommandResult<ImportReport> {
    let pending = state.pending_import();
    let table: &Table = pending.as_ref().ok_or_else(no_file)?;
    Ok(state.tend()?.import_participants(
        table,
        &request.columns,
        &ImportRun {
            activity: request.activity,
            dry_run,
            today: tend::clock::today(),
            include_look_alikes: request.include_look_alikes,
        },
    )?)
}

/// What importing with these column choices would do; saves nothing.
#[tauri::command]
pub async fn check_import(
    state: State<'_, AppState>,
    request: ImportRequest,
) -> CommandResult<ImportReport> {
    import(&state, request, true)
}

/// Saves every good new row at once and forgets the file.
#[tauri::command]
pub async fn run_import(
    state: State<'_, AppState>,
    request: ImportRequest,
) -> CommandResult<ImportReport> {
    state.backup_before("import")?;
    let report = import(&state, request, false)?;
    *state.pending_import() = None;
    Ok(report)
}

#[tauri::command]
pub async fn cancel_import(state: State<'_, AppState>) -> CommandResult<()> {
    *state.pending_import() = None;
    Ok(())
}

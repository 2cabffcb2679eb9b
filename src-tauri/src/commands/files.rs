//! Choosing a file to open and saving one the person asked for: the
//! system's dialogs, or a fixed folder when unattended.

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use tend::ErrorCode;
use tend::domain::{Document, LoggedRecord};

use crate::error::{CommandError, CommandResult};

/// As `save_and_open`, for a document that names people: once it is
/// saved, the activity log says so (what kind, about which record).
pub(crate) fn save_logged<R: Runtime>(
    app: &AppHandle<R>,
    tend: &tend::Tend,
    name: &str,
    kind: SavedFile,
    bytes: &[u8],
    logged: (Document, Option<LoggedRecord>),
) -> CommandResult<Option<String>> {
    let saved = save_and_open(app, name, kind, bytes)?;
    if saved.is_some() {
        tend.document_saved(logged.0, logged.1)?;
    }
    Ok(saved)
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

/// What kind of file is being saved, which sets the dialog's filter.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SavedFile {
    Pdf,
    Csv,
    /// An iCalendar file: saved, not opened (opening would import it).
    Calendar,
    /// A machine-readable copy: saved, not opened.
    Json,
    /// An Excel workbook, opened in the spreadsheet program.
    Excel,
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
        SavedFile::Json => ("JSON file", "json"),
        SavedFile::Excel => ("Excel workbook", "xlsx"),
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
    if !matches!(kind, SavedFile::Calendar | SavedFile::Json)
        && app
            .opener()
            .open_path(path.to_string_lossy(), None::<&str>)
            .is_err()
    {
        log::warn!("a saved document could not be opened in a viewer");
    }
    Ok(Some(path.display().to_string()))
}

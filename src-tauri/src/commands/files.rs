//! Choosing a file to open and saving one the person asked for: printing
//! in one click (into Tend's own folder under Documents, opened in the
//! system's viewer at once), a copy saved where they choose, or a fixed
//! folder when unattended.

use serde::Deserialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use tend::ErrorCode;
use tend::domain::{Document, LoggedRecord};
use ts_rs::TS;

use crate::error::{CommandError, CommandResult};

/// Where a document goes: printed (written into Tend's folder under
/// Documents and opened in the system's viewer, where the printer is one
/// click away), or a copy saved where the person chooses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    #[default]
    Print,
    Copy,
}

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
    logged_once_saved(tend, logged, save_and_open(app, name, kind, bytes)?)
}

/// Notes in the activity log that a document was saved, when it was.
fn logged_once_saved(
    tend: &tend::Tend,
    logged: (Document, Option<LoggedRecord>),
    saved: Option<String>,
) -> CommandResult<Option<String>> {
    if saved.is_some() {
        tend.document_saved(logged.0, logged.1)?;
    }
    Ok(saved)
}

/// A PDF to print: a copy (as `save_logged`) when asked for, else written
/// into Tend's own folder under Documents with `name` and opened in the
/// system's viewer at once, with no dialog; logged as `save_logged` does.
pub(crate) fn print_logged<R: Runtime>(
    app: &AppHandle<R>,
    tend: &tend::Tend,
    name: &str,
    destination: Option<Destination>,
    bytes: &[u8],
    logged: (Document, Option<LoggedRecord>),
) -> CommandResult<Option<String>> {
    let saved = print_or_copy(app, name, destination, bytes)?;
    logged_once_saved(tend, logged, saved)
}

/// A PDF to print (see `print`), or a copy saved where the person chooses
/// (`None` when they cancelled).
pub(crate) fn print_or_copy<R: Runtime>(
    app: &AppHandle<R>,
    name: &str,
    destination: Option<Destination>,
    bytes: &[u8],
) -> CommandResult<Option<String>> {
    Ok(match destination.unwrap_or_default() {
        Destination::Copy => save_and_open(app, name, SavedFile::Pdf, bytes)?,
        Destination::Print => Some(print(app, name, bytes)?),
    })
}

/// How long a printout stays in Tend's folder under Documents: long enough
/// to print it again that week. "Save a copy…" keeps one for good.
pub(crate) const PRINTOUTS_KEPT: std::time::Duration =
    std::time::Duration::from_secs(7 * 24 * 60 * 60);

/// Tend's own folder for printouts: "Tend" in Documents (or in the home
/// folder's Documents).
pub(crate) fn printouts_dir<R: Runtime>(app: &AppHandle<R>) -> Option<std::path::PathBuf> {
    let paths = app.path();
    paths
        .document_dir()
        .ok()
        .or_else(|| paths.home_dir().ok().map(|h| h.join("Documents")))
        .map(|documents| documents.join("Tend"))
}

/// Removes the printouts (the PDFs directly in `folder`) last written more
/// than `kept` ago, or every one with `None` (after an erasure: they may
/// name the person). Returns how many went.
pub(crate) fn prune_printouts(
    folder: &std::path::Path,
    kept: Option<std::time::Duration>,
) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    let now = std::time::SystemTime::from(tend::clock::now());
    entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .filter(|e| match kept {
            None => true,
            Some(kept) => e
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|at| now.duration_since(at).is_ok_and(|age| age > kept)),
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// Writes the PDF into Tend's folder for printouts (made if need be) as
/// "`name`.pdf", or "`name` (2).pdf" when that one cannot be replaced (open
/// in a viewer on Windows), and opens it in the system's viewer.
fn print<R: Runtime>(app: &AppHandle<R>, name: &str, bytes: &[u8]) -> CommandResult<String> {
    let file = file_name(name, "pdf");
    let (folder, viewer) = match unattended_dir() {
        Some(dir) => (dir, false),
        None => (
            printouts_dir(app).ok_or_else(|| {
                CommandError::new(
                    ErrorCode::Io,
                    "Tend could not find your Documents folder. Use “Save a copy…” to choose where the PDF goes.",
                )
            })?,
            true,
        ),
    };
    let cannot = |e: std::io::Error| {
        CommandError::new(
            ErrorCode::Io,
            format!(
                "Tend could not write to {} ({e}). Use “Save a copy…” to choose another place.",
                folder.display()
            ),
        )
    };
    std::fs::create_dir_all(&folder).map_err(cannot)?;
    let mut path = folder.join(&file);
    let mut tries = 1;
    while let Err(e) = tend::files::write_atomically(&path, bytes) {
        tries += 1;
        if tries > 20 {
            return Err(cannot(e));
        }
        path = folder.join(file_name(&format!("{name} ({tries})"), "pdf"));
    }
    if viewer
        && app
            .opener()
            .open_path(path.to_string_lossy(), None::<&str>)
            .is_err()
    {
        log::warn!("a printed document could not be opened in a viewer");
    }
    Ok(path.display().to_string())
}

/// "`name`.`extension`", with the characters no file name may hold replaced.
fn file_name(name: &str, extension: &str) -> String {
    format!("{name}.{extension}").replace(['/', '\\', ':', '*', '?', '"', '<', '>', '|'], "-")
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
    let suggested = file_name(name, extension);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_printouts_go_and_after_an_erasure_all_of_them() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("Sign-in sheet – old.pdf");
        let new = dir.path().join("Sign-in sheet – new.pdf");
        let other = dir.path().join("notes.txt");
        for path in [&old, &new, &other] {
            std::fs::write(path, b"x").unwrap();
        }
        let long_ago = std::time::SystemTime::from(tend::clock::now()) - PRINTOUTS_KEPT * 2;
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        assert_eq!(prune_printouts(dir.path(), Some(PRINTOUTS_KEPT)), 1);
        assert!(!old.exists() && new.exists());
        assert_eq!(prune_printouts(dir.path(), None), 1);
        assert!(!new.exists());
        assert!(other.exists(), "only Tend's PDFs are removed");
    }
}

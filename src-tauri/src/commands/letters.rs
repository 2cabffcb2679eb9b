//! Letters to send: the queue, printing (all, or one referrer's) with the
//! printed letters held until they are marked sent, templates, reprints.

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tend::ErrorCode;
use tend::Tend;
use tend::domain::{LetterId, LetterKind, ParticipantId, ReferrerId, dates};
use tend::service::{DueLetter, LetterPreview, LetterSummary, TemplateVersion};
use tend::template_words::{Placeholder, TemplatePart};
use ts_rs::TS;

use super::files::{Destination, SavedFile, print_logged, save_logged};
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;
use tend::domain::{Document, LoggedRecord};

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct PrintedLetters {
    pub path: String,
    pub count: usize,
}

#[tauri::command]
pub async fn letters_due(state: State<'_, AppState>) -> CommandResult<Vec<DueLetter>> {
    Ok(state.tend()?.letters_due(tend::clock::today())?)
}

/// Writes every due letter (or one referrer's) into one PDF, printed in
/// one click or a copy saved where the person chooses (`to`); the letters
/// are held, exactly as printed, until "mark sent". `None` when cancelled
/// or nothing is due.
#[tauri::command]
pub async fn print_due_letters<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    referrer: Option<ReferrerId>,
    to: Option<Destination>,
) -> CommandResult<Option<PrintedLetters>> {
    let tend = state.tend()?;
    let today = tend::clock::today();
    let due: Vec<_> = tend
        .letters_due(today)?
        .into_iter()
        .filter(|due| referrer.is_none_or(|r| r == due.referrer))
        .collect();
    let letters = tend.compose_letters(&due, today)?;
    if letters.is_empty() {
        return Ok(None);
    }
    let pdf = tend.print_letters(&letters, tend::clock::now())?;
    let saved = print_logged(
        &app,
        &tend,
        &format!("Letters – {}", dates::long_date(today)),
        to,
        &pdf,
        (Document::Letters, None),
    )?;
    let Some(path) = saved else {
        return Ok(None);
    };
    let count = letters.len();
    *state.printed_letters() = letters;
    Ok(Some(PrintedLetters { path, count }))
}

/// Keeps the letters last printed as sent today.
#[tauri::command]
pub async fn mark_printed_letters_sent(state: State<'_, AppState>) -> CommandResult<usize> {
    let mut printed = state.printed_letters();
    if printed.is_empty() {
        return Err(CommandError::new(
            ErrorCode::NotFound,
            "Print the letters first.",
        ));
    }
    state
        .tend()?
        .mark_letters_sent(&printed, tend::clock::today())?;
    let count = printed.len();
    printed.clear();
    Ok(count)
}

#[tauri::command]
pub async fn letter_template(
    state: State<'_, AppState>,
    kind: LetterKind,
) -> CommandResult<String> {
    Ok(state.tend()?.letter_template(kind)?)
}

/// Whether the letter is in Tend's own wording (so "Use Tend's wording"
/// has nothing to do).
#[tauri::command]
pub async fn letter_template_is_tends(
    state: State<'_, AppState>,
    kind: LetterKind,
) -> CommandResult<bool> {
    Ok(state.tend()?.uses_tends_wording(kind)?)
}

#[tauri::command]
pub async fn save_letter_template(
    state: State<'_, AppState>,
    kind: LetterKind,
    text: String,
) -> CommandResult<()> {
    Ok(state.tend()?.save_letter_template(kind, &text)?)
}

#[tauri::command]
pub async fn reset_letter_template(
    state: State<'_, AppState>,
    kind: LetterKind,
) -> CommandResult<String> {
    let tend = state.tend()?;
    tend.reset_letter_template(kind)?;
    Ok(tend.letter_template(kind)?)
}

/// The letter a template makes, on the organisation's letterhead about a
/// made-up person, or where the template goes wrong, in plain words.
#[tauri::command]
pub async fn preview_letter_template(
    state: State<'_, AppState>,
    text: String,
) -> CommandResult<LetterPreview> {
    Ok(state.tend()?.preview_letter(&text)?)
}

/// Every placeholder a template can use, with its plain name and a line.
#[tauri::command]
pub async fn letter_placeholders() -> CommandResult<Vec<Placeholder>> {
    Ok(Tend::described_placeholders())
}

/// A template cut into words and labelled chips, for the simple editor.
#[tauri::command]
pub async fn template_parts(text: String) -> CommandResult<Vec<TemplatePart>> {
    Ok(Tend::template_parts(&text))
}

/// The organisation's earlier wordings of a letter, newest first.
#[tauri::command]
pub async fn letter_template_versions(
    state: State<'_, AppState>,
    kind: LetterKind,
) -> CommandResult<Vec<TemplateVersion>> {
    Ok(state.tend()?.letter_template_versions(kind)?)
}

/// Puts an earlier wording back, keeping the one in use; answers the
/// wording now in use.
#[tauri::command]
pub async fn restore_letter_template(
    state: State<'_, AppState>,
    kind: LetterKind,
    saved_at: chrono::DateTime<chrono::Utc>,
) -> CommandResult<String> {
    let tend = state.tend()?;
    tend.restore_letter_template(kind, saved_at)?;
    Ok(tend.letter_template(kind)?)
}

#[tauri::command]
pub async fn participant_letters(
    state: State<'_, AppState>,
    participant: ParticipantId,
) -> CommandResult<Vec<LetterSummary>> {
    Ok(state.tend()?.letters_for(participant)?)
}

/// A kept letter, exactly as it was sent, saved as a PDF and opened.
#[tauri::command]
pub async fn reprint_letter<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    letter: LetterId,
) -> CommandResult<Option<String>> {
    let tend = state.tend()?;
    let kept = tend.letter(letter)?;
    let pdf = tend.print_letters(std::slice::from_ref(&kept), tend::clock::now())?;
    save_logged(
        &app,
        &tend,
        &format!("Letter {}", kept.produced_on),
        SavedFile::Pdf,
        &pdf,
        (
            Document::Letters,
            Some(LoggedRecord::Participant(kept.participant)),
        ),
    )
}

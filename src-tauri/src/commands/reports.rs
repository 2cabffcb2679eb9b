//! Reports: the periods offered, a period's figures, and the report saved
//! as a PDF to send, a CSV or an Excel workbook.

use chrono::NaiveDate;
use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};
use tend::domain::dates::{Period, report_periods};
use tend::service::{PeriodReport, WalkReturn};
use ts_rs::TS;

use super::files::{Destination, SavedFile, print_or_copy, save_and_open, save_logged};
use crate::error::CommandResult;
use crate::state::AppState;
use tend::domain::Document;

#[tauri::command]
pub async fn report_periods_offered() -> CommandResult<Vec<Period>> {
    Ok(report_periods(tend::clock::today()))
}

/// What the Reports screen shows for a period: the report and the
/// health-walk return, counted in one pass.
#[tauri::command]
pub async fn reports_screen(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> CommandResult<(PeriodReport, WalkReturn)> {
    Ok(state
        .tend()?
        .reports_screen(from, to, tend::clock::today())?)
}

#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReportFormat {
    Pdf,
    Csv,
    Xlsx,
}

/// A document of figures in the format asked for (it names nobody: counts
/// only, fewer than five people shown as "<5"): the PDF printed in one
/// click or a copy saved (`to`), the CSV and workbook saved.
fn save_figures<R: Runtime>(
    app: &AppHandle<R>,
    name: &str,
    (format, to): (ReportFormat, Option<Destination>),
    pdf: impl FnOnce() -> tend::Result<Vec<u8>>,
    csv: String,
    xlsx: impl FnOnce() -> tend::Result<Vec<u8>>,
) -> CommandResult<Option<String>> {
    match format {
        ReportFormat::Pdf => print_or_copy(app, name, to, &pdf()?),
        ReportFormat::Csv => save_and_open(app, name, SavedFile::Csv, csv.as_bytes()),
        ReportFormat::Xlsx => save_and_open(app, name, SavedFile::Excel, &xlsx()?),
    }
}

/// Saves the period's report (it names nobody: counts only, fewer than
/// five people shown as "<5").
#[tauri::command]
pub async fn save_period_report<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
    format: ReportFormat,
    destination: Option<Destination>,
) -> CommandResult<Option<String>> {
    let report = state
        .tend()?
        .period_report(from, to, tend::clock::today())?;
    save_figures(
        &app,
        &format!("Report – {}", period_words(from, to)),
        (format, destination),
        || report.to_pdf(tend::clock::now()),
        report.to_csv(),
        || report.to_xlsx(),
    )
}

/// Saves the health-walk return as a PDF, CSV or a workbook (counts only).
#[tauri::command]
pub async fn save_walk_return<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
    format: ReportFormat,
    destination: Option<Destination>,
) -> CommandResult<Option<String>> {
    let walks = state.tend()?.walk_return(from, to, tend::clock::today())?;
    save_figures(
        &app,
        &format!("Health-walk return – {}", period_words(from, to)),
        (format, destination),
        || walks.to_pdf(tend::clock::now()),
        walks.to_csv(),
        || walks.to_xlsx(),
    )
}

/// "1 October 2026 to 31 December 2026", for a file's name.
fn period_words(from: NaiveDate, to: NaiveDate) -> String {
    use tend::domain::dates::day_month_year;
    format!("{} to {}", day_month_year(from), day_month_year(to))
}

/// Saves the period's referrals as the minimum dataset (CSV): it names
/// people, so the activity log says it was saved. Returns where, and how
/// many referrals were left out for want of consent.
#[tauri::command]
pub async fn save_minimum_dataset<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> CommandResult<Option<String>> {
    let tend = state.tend()?;
    let dataset = tend.minimum_dataset(from, to)?;
    let saved = save_logged(
        &app,
        &tend,
        &format!("Minimum dataset {from} to {to}"),
        SavedFile::Csv,
        dataset.csv.as_bytes(),
        (Document::MinimumDataset, None),
    )?;
    Ok(saved.map(|path| {
        if dataset.left_out == 0 {
            path
        } else {
            format!(
                "{path} ({} left out: no consent to share with the referrer)",
                tend::domain::text::counted(dataset.left_out as u64, "referral", "referrals")
            )
        }
    }))
}

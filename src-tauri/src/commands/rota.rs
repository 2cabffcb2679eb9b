//! Volunteers, roles, the rota, filling gaps, and the rota's outputs.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tend::domain::{
    RoleId, RotaAssignment, RotaAssignmentId, SessionId, Volunteer, VolunteerDetails, VolunteerId,
    dates,
};
use tend::service::{
    Assignment, Candidate, ExpiryAlert, FirstSteps, GapProposal, ProposedAssignment, RotaPeriod,
    RotaSession,
};
use ts_rs::TS;

use super::files::{Destination, SavedFile, print_logged, save_logged};
use crate::error::CommandResult;
use crate::state::AppState;
use tend::domain::{Document, LoggedRecord};

/// When a DBS certificate seen on `seen_on` is usually rechecked.
#[tauri::command]
pub async fn usual_dbs_recheck(seen_on: NaiveDate) -> CommandResult<NaiveDate> {
    Ok(tend::domain::DbsRecord::usual_recheck(seen_on))
}

#[tauri::command]
pub async fn list_volunteers(state: State<'_, AppState>) -> CommandResult<Vec<Volunteer>> {
    Ok(state.tend()?.volunteers()?)
}

/// Why someone cannot yet be put on in a role they offer that needs a
/// qualification for safety, as the form is filled in.
#[tauri::command]
pub async fn volunteer_safety_warnings(
    state: State<'_, AppState>,
    details: VolunteerDetails,
) -> CommandResult<Vec<String>> {
    Ok(state
        .tend()?
        .safety_warnings(&details, tend::clock::today())?)
}

#[tauri::command]
pub async fn add_volunteer(
    state: State<'_, AppState>,
    details: VolunteerDetails,
) -> CommandResult<Volunteer> {
    Ok(state.tend()?.add_volunteer(details)?)
}

#[tauri::command]
pub async fn update_volunteer(
    state: State<'_, AppState>,
    volunteer: VolunteerId,
    details: VolunteerDetails,
) -> CommandResult<Volunteer> {
    Ok(state.tend()?.update_volunteer(volunteer, details)?)
}

#[tauri::command]
pub async fn archive_volunteer(
    state: State<'_, AppState>,
    volunteer: VolunteerId,
    archived: bool,
) -> CommandResult<Volunteer> {
    Ok(state.tend()?.archive_volunteer(volunteer, archived)?)
}

/// The rota for a month given as `YYYY-MM`.
#[tauri::command]
pub async fn rota_month(state: State<'_, AppState>, month: String) -> CommandResult<RotaPeriod> {
    let (first, last) = dates::parse_month("month", "Month", &month).map_err(tend::Error::from)?;
    Ok(state.tend()?.rota(first, last)?)
}

#[tauri::command]
pub async fn rota_candidates(
    state: State<'_, AppState>,
    session: SessionId,
    role: RoleId,
) -> CommandResult<Vec<Candidate>> {
    Ok(state.tend()?.rota_candidates(session, role)?)
}

#[tauri::command]
pub async fn assign_volunteer(
    state: State<'_, AppState>,
    request: Assignment,
) -> CommandResult<RotaAssignment> {
    Ok(state.tend()?.assign_volunteer(request)?)
}

#[tauri::command]
pub async fn unassign_volunteer(
    state: State<'_, AppState>,
    session: SessionId,
    assignment: RotaAssignmentId,
) -> CommandResult<()> {
    Ok(state.tend()?.unassign(session, assignment)?)
}

#[tauri::command]
pub async fn fill_gaps(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> CommandResult<GapProposal> {
    Ok(state
        .tend()?
        .fill_gaps_ahead(from, to, tend::clock::today())?)
}

/// Saves the assignments the coordinator kept from a proposal.
#[tauri::command]
pub async fn apply_gap_proposal(
    state: State<'_, AppState>,
    accepted: Vec<ProposedAssignment>,
) -> CommandResult<usize> {
    Ok(state.tend()?.apply_gap_proposal(&accepted)?)
}

/// This week's rota (Monday to Sunday) as lines to read out or paste.
#[tauri::command]
pub async fn rota_this_week(state: State<'_, AppState>) -> CommandResult<String> {
    let today = tend::clock::today();
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    Ok(state.tend()?.rota_text(monday, monday + Days::new(6))?)
}

#[tauri::command]
pub async fn save_rota_pdf<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    month: String,
    to: Option<Destination>,
) -> CommandResult<Option<String>> {
    let (first, last) = dates::parse_month("month", "Month", &month).map_err(tend::Error::from)?;
    let tend = state.tend()?;
    let bytes = tend.rota_pdf(first, last, tend::clock::now())?;
    print_logged(
        &app,
        &tend,
        &format!("Rota – {}", first.format("%B %Y")),
        to,
        &bytes,
        (Document::Rota, None),
    )
}

#[tauri::command]
pub async fn save_volunteer_calendar<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    volunteer: VolunteerId,
) -> CommandResult<Option<String>> {
    let tend = state.tend()?;
    let name = tend.volunteer(volunteer)?.details.full_name;
    let ics = tend.volunteer_calendar(volunteer, tend::clock::now())?;
    save_logged(
        &app,
        &tend,
        &format!("Rota for {name}"),
        SavedFile::Calendar,
        ics.as_bytes(),
        (
            Document::RotaCalendar,
            Some(LoggedRecord::Volunteer(volunteer)),
        ),
    )
}

/// What the home screen warns about.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct HomeAlerts {
    pub expiries: Vec<ExpiryAlert>,
    /// Sessions in the next 14 days with someone still needed.
    pub gaps_soon: Vec<RotaSession>,
    /// What to do next, until the first activity, people and volunteers
    /// are in.
    pub first_steps: FirstSteps,
}

#[tauri::command]
pub async fn home_alerts(state: State<'_, AppState>) -> CommandResult<HomeAlerts> {
    let tend = state.tend()?;
    let today = tend::clock::today();
    let soon = tend.rota(today, today + Days::new(14))?;
    Ok(HomeAlerts {
        expiries: tend.expiry_alerts(today)?,
        gaps_soon: soon.sessions.into_iter().filter(|s| s.gaps > 0).collect(),
        first_steps: tend.first_steps()?,
    })
}

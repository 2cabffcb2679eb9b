//! People: a page of the list, look-alikes as details are typed,
//! adding a person and enrolling them, correcting a record, consents,
//! merging two records, everything held about them, leaving an activity.

use chrono::NaiveDate;
use serde::Deserialize;
use tauri::State;
use tend::domain::ActivityId;
use tend::domain::{Participant, ParticipantDetails, ParticipantId};
use tend::service::ParticipantRecord;
use tend::service::{ConsentChange, LookAlike, MergeReport, PeoplePage};
use ts_rs::TS;

use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct PeopleQuery {
    pub find: String,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct LookAlikeQuery {
    pub details: ParticipantDetails,
    /// The record being changed, left out of its own look-alikes.
    pub except: Option<ParticipantId>,
}

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct UpdateParticipant {
    pub id: ParticipantId,
    pub details: ParticipantDetails,
}

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct MergePeople {
    pub keep: ParticipantId,
    pub other: ParticipantId,
    /// The kept record's details, chosen field by field.
    pub details: ParticipantDetails,
}

#[tauri::command]
pub async fn people_page(
    state: State<'_, AppState>,
    query: PeopleQuery,
) -> CommandResult<PeoplePage> {
    Ok(state
        .tend()?
        .people_page(&query.find, query.offset, query.limit.min(500))?)
}

#[tauri::command]
pub async fn look_alikes(
    state: State<'_, AppState>,
    query: LookAlikeQuery,
) -> CommandResult<Vec<LookAlike>> {
    Ok(state.tend()?.look_alikes(&query.details, query.except)?)
}

#[tauri::command]
pub async fn get_participant(
    state: State<'_, AppState>,
    id: ParticipantId,
) -> CommandResult<Participant> {
    Ok(state.tend()?.participant(id)?)
}

#[tauri::command]
pub async fn update_participant(
    state: State<'_, AppState>,
    request: UpdateParticipant,
) -> CommandResult<Participant> {
    Ok(state
        .tend()?
        .update_participant(request.id, request.details, tend::clock::today())?)
}

#[tauri::command]
pub async fn change_consent(
    state: State<'_, AppState>,
    id: ParticipantId,
    change: ConsentChange,
) -> CommandResult<Participant> {
    Ok(state
        .tend()?
        .change_consent(id, change, tend::clock::today())?)
}

#[tauri::command]
pub async fn merge_people(
    state: State<'_, AppState>,
    request: MergePeople,
) -> CommandResult<MergeReport> {
    state.backup_before("merge")?;
    Ok(state.tend()?.merge_people(
        request.keep,
        request.other,
        Some(request.details),
        tend::clock::today(),
    )?)
}

#[tauri::command]
pub async fn participant_record(
    state: State<'_, AppState>,
    participant: ParticipantId,
) -> CommandResult<ParticipantRecord> {
    Ok(state.tend()?.participant_record(participant)?)
}

/// They stop going (from today unless a day is given): off later sign-in
/// sheets, still on past registers.
#[tauri::command]
pub async fn leave_activity(state: State<'_, AppState>, request: Enrol) -> CommandResult<()> {
    state.tend()?.leave_activity(
        request.activity,
        request.participant,
        request.on.unwrap_or_else(tend::clock::today),
    )?;
    Ok(())
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

/// The lists a person's form offers for gender and ethnicity.
#[tauri::command]
pub async fn demographic_choices() -> CommandResult<tend::domain::demographics::DemographicChoices>
{
    Ok(tend::domain::demographics::choices())
}

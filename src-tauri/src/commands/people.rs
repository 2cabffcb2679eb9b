//! People: a page of the list, look-alikes as details are typed,
//! correcting a record, consents, merging two records, and leaving the demo.

use serde::Deserialize;
use tauri::State;
use tend::domain::{Participant, ParticipantDetails, ParticipantId};
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
pub async fn leave_demo(state: State<'_, AppState>) -> CommandResult<()> {
    state.tend()?.leave_demo()?;
    // Everyone in the demo was removed: leave none of them on disk.
    state.replace_data(|dir| tend::Tend::compact(dir, tend::clock::now()))
}

#[tauri::command]
pub async fn find_in_session(
    state: State<'_, AppState>,
    session: tend::domain::SessionId,
    query: String,
) -> CommandResult<Vec<ParticipantId>> {
    Ok(state.tend()?.find_in_session(session, &query)?)
}

#[tauri::command]
pub async fn marks_allowed(
    state: State<'_, AppState>,
    session: tend::domain::SessionId,
) -> CommandResult<tend::service::MarksAllowed> {
    Ok(state.tend()?.marks_allowed(session, tend::clock::today())?)
}

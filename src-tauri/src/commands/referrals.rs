//! Referrers and referrals.

use tauri::State;
use tend::domain::{Referral, ReferralId, Referrer, ReferrerDetails, ReferrerId};
use tend::service::{NewReferral, ReferralSummary, StatusUpdate};

use crate::error::CommandResult;
use crate::state::AppState;

/// Every referrer, or those matching what was typed.
#[tauri::command]
pub async fn list_referrers(
    state: State<'_, AppState>,
    query: String,
) -> CommandResult<Vec<Referrer>> {
    Ok(state.tend()?.search_referrers(&query)?)
}

#[tauri::command]
pub async fn add_referrer(
    state: State<'_, AppState>,
    details: ReferrerDetails,
) -> CommandResult<Referrer> {
    Ok(state.tend()?.add_referrer(details)?)
}

#[tauri::command]
pub async fn update_referrer(
    state: State<'_, AppState>,
    referrer: ReferrerId,
    details: ReferrerDetails,
) -> CommandResult<Referrer> {
    Ok(state.tend()?.update_referrer(referrer, details)?)
}

#[tauri::command]
pub async fn merge_referrers(
    state: State<'_, AppState>,
    keep: ReferrerId,
    duplicate: ReferrerId,
) -> CommandResult<Referrer> {
    state.backup_before("merge")?;
    Ok(state.tend()?.merge_referrers(keep, duplicate)?)
}

#[tauri::command]
pub async fn take_referral(
    state: State<'_, AppState>,
    request: NewReferral,
) -> CommandResult<Referral> {
    Ok(state.tend()?.take_referral(request, tend::clock::today())?)
}

#[tauri::command]
pub async fn referral_list(state: State<'_, AppState>) -> CommandResult<Vec<ReferralSummary>> {
    Ok(state.tend()?.referral_list(tend::clock::today())?)
}

#[tauri::command]
pub async fn update_referral_status(
    state: State<'_, AppState>,
    referral: ReferralId,
    update: StatusUpdate,
) -> CommandResult<Referral> {
    Ok(state.tend()?.update_referral_status(referral, update)?)
}

#[tauri::command]
pub async fn note_referral_progress(
    state: State<'_, AppState>,
    referral: ReferralId,
    changes: String,
    outcome: String,
) -> CommandResult<Referral> {
    Ok(state
        .tend()?
        .note_referral_progress(referral, &changes, &outcome)?)
}

//! "Fill the gaps": a proposal for every empty slot in a date range that
//! keeps every rota rule and spreads sessions evenly, shown to the
//! coordinator to accept or edit. Nothing is saved until they accept.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::rota::{RotaBook, check_range};
use crate::domain::ValidationError;
use crate::domain::rota::Conflict;
use crate::domain::{
    RoleId, RotaAssignment, RotaAssignmentId, SessionId, SessionStatus, Volunteer, VolunteerId,
    dates, text,
};
use crate::{Error, Result, Tend};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProposedAssignment {
    pub session: SessionId,
    pub role: RoleId,
    pub volunteer: VolunteerId,
    pub date: NaiveDate,
    /// "10:00"
    pub time: String,
    pub activity_name: String,
    pub role_name: String,
    pub volunteer_name: String,
}

/// A slot the proposal could not fill, and why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct UnfilledSlot {
    pub session: SessionId,
    pub date: NaiveDate,
    pub time: String,
    pub activity_name: String,
    pub role_name: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct GapProposal {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub assignments: Vec<ProposedAssignment>,
    pub unfilled: Vec<UnfilledSlot>,
}

/// How far back someone's sessions count towards their share.
const RECENT_DAYS: u64 = 56;

impl Tend {
    /// `fill_gaps` from today on: a session already held keeps the rota it had.
    pub fn fill_gaps_ahead(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Result<GapProposal> {
        if to < today {
            return Err(ValidationError::new(
                "to",
                "Those dates have all passed; choose a month still to come.",
            )
            .into());
        }
        self.fill_gaps(from.max(today), to)
    }

    /// Proposes someone for every gap from `from` to `to`. Only people with
    /// no conflict at all are proposed; among them whoever has had the
    /// fewest sessions lately (the last eight weeks and this range, the
    /// proposal included), then by name. The same data gives the same proposal.
    pub fn fill_gaps(&self, from: NaiveDate, to: NaiveDate) -> Result<GapProposal> {
        check_range(from, to)?;
        let mut book = self.rota_book(from - Days::new(RECENT_DAYS), to)?;
        let mut load = book.load();
        let mut people: Vec<&Volunteer> =
            book.volunteers.values().filter(|v| !v.archived).collect();
        people.sort_by_cached_key(|v| (text::sort_key(&v.details.full_name), v.id));
        let people: Vec<Volunteer> = people.into_iter().cloned().collect();

        let mut proposal = GapProposal {
            from,
            to,
            assignments: Vec::new(),
            unfilled: Vec::new(),
        };
        for index in 0..book.sessions.len() {
            let s = &book.sessions[index];
            // Not before the range, not cancelled, and not on a bank holiday
            // the activity does not usually run on.
            if s.session.date < from
                || matches!(s.session.status, SessionStatus::Cancelled { .. })
                || s.bank_holiday.is_some()
            {
                continue;
            }
            let (session, activity_name, gaps) =
                (s.session.clone(), s.activity_name.clone(), s.gaps());
            // The hardest slot first (fewest people free for it), so a
            // walk leader who is also the only first aider is kept for that.
            let mut gaps = gaps;
            while !gaps.is_empty() {
                let free: Vec<Vec<&Volunteer>> = gaps
                    .iter()
                    .map(|role| {
                        people
                            .iter()
                            .filter(|v| book.conflicts(v, *role, &session, None).is_empty())
                            .collect()
                    })
                    .collect();
                let hardest = (0..gaps.len()).min_by_key(|i| free[*i].len()).unwrap_or(0);
                let role = gaps.remove(hardest);
                let chosen = free[hardest]
                    .iter()
                    .min_by_key(|v| load.get(&v.id).copied().unwrap_or(0))
                    .map(|v| (v.id, v.details.full_name.clone()));
                let time = dates::clock(session.start_time);
                let role_name = book.role_name(role);
                match chosen {
                    Some((volunteer, volunteer_name)) => {
                        book.book(
                            RotaAssignmentId::new(),
                            volunteer,
                            role,
                            &session,
                            &activity_name,
                        );
                        *load.entry(volunteer).or_default() += 1;
                        proposal.assignments.push(ProposedAssignment {
                            session: session.id,
                            role,
                            volunteer,
                            date: session.date,
                            time,
                            activity_name: activity_name.clone(),
                            role_name,
                            volunteer_name,
                        });
                    }
                    None => proposal.unfilled.push(UnfilledSlot {
                        session: session.id,
                        date: session.date,
                        time,
                        activity_name: activity_name.clone(),
                        reason: why_unfilled(&book, &people, role, &session, &activity_name),
                        role_name,
                    }),
                }
            }
        }
        // Shown in rota order, however hard each slot was to fill.
        let order = |date: NaiveDate, time: &str, activity: &str, role: &str| {
            (
                date,
                time.to_string(),
                activity.to_string(),
                role.to_string(),
            )
        };
        proposal
            .assignments
            .sort_by_cached_key(|a| order(a.date, &a.time, &a.activity_name, &a.role_name));
        proposal
            .unfilled
            .sort_by_cached_key(|u| order(u.date, &u.time, &u.activity_name, &u.role_name));
        Ok(proposal)
    }

    /// Saves the accepted part of a proposal, all or nothing. Each is
    /// checked again: if the rota changed since, nothing is saved and the
    /// message says what no longer fits.
    pub fn apply_gap_proposal(&self, accepted: &[ProposedAssignment]) -> Result<usize> {
        let (Some(from), Some(to)) = (
            accepted.iter().map(|a| a.date).min(),
            accepted.iter().map(|a| a.date).max(),
        ) else {
            return Ok(0);
        };
        check_range(from, to)?;
        let mut book = self.rota_book(from, to)?;
        let mut taken: HashMap<(SessionId, RoleId), usize> = HashMap::new();
        let mut writes = Vec::with_capacity(accepted.len());
        for proposed in accepted {
            let stale = |what: &str| {
                Error::Conflict(format!(
                    "{} for {} on {}: {what}. Nothing was saved; fill the gaps again.",
                    proposed.volunteer_name,
                    proposed.activity_name,
                    dates::long_date(proposed.date)
                ))
            };
            let s = book
                .sessions
                .iter()
                .find(|s| s.session.id == proposed.session)
                .ok_or_else(|| stale("the session has moved or gone"))?;
            let (session, activity_name) = (s.session.clone(), s.activity_name.clone());
            let open = s.gaps().iter().filter(|r| **r == proposed.role).count();
            let used = taken.entry((session.id, proposed.role)).or_default();
            if *used >= open {
                return Err(stale("that slot is already filled"));
            }
            *used += 1;
            let volunteer = book
                .volunteers
                .get(&proposed.volunteer)
                .cloned()
                .ok_or_else(|| stale("they are no longer in Tend"))?;
            if let Some(conflict) = book
                .conflicts(&volunteer, proposed.role, &session, None)
                .first()
            {
                return Err(stale(&lower_first(&conflict.words())));
            }
            let id = RotaAssignmentId::new();
            book.book(id, volunteer.id, proposed.role, &session, &activity_name);
            writes.push(RotaAssignment {
                id,
                session: session.id,
                role: proposed.role,
                volunteer: volunteer.id,
                override_reason: None,
            });
        }
        self.store.put_all(&writes)?;
        Ok(writes.len())
    }
}

/// Why nobody could be proposed, in one plain sentence: "No walk leader for
/// the Tuesday Health Walk on Tuesday 8 December 2026 at 10:30: Dafydd ap
/// Gwilym is away that day, and Siân Lloyd is not usually free on
/// Tuesdays."
fn why_unfilled(
    book: &RotaBook,
    people: &[Volunteer],
    role: RoleId,
    session: &crate::domain::Session,
    activity_name: &str,
) -> String {
    let role_name = book.role_name(role).to_lowercase();
    let when = format!(
        "No {role_name} for the {activity_name} on {} at {}",
        dates::long_date(session.date),
        dates::clock(session.start_time)
    );
    let able: Vec<(&Volunteer, Vec<Conflict>)> = people
        .iter()
        .filter(|v| v.details.roles.contains(&role))
        .map(|v| (v, book.conflicts(v, role, session, None)))
        .collect();
    if able.is_empty() {
        return format!("{when}: nobody on the volunteer list can be {role_name}.");
    }
    let mut shown: Vec<String> = able
        .iter()
        .take(3)
        .map(|(v, conflicts)| {
            let first = conflicts.first().map(Conflict::words).unwrap_or_default();
            format!("{} – {}", v.details.full_name, lower_first(&first))
        })
        .collect();
    let more = able.len().saturating_sub(shown.len());
    if more > 0 {
        shown.push(format!(
            "{more} more {}",
            if more == 1 {
                "is not free"
            } else {
                "are not free"
            }
        ));
    }
    let listed = match shown.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
        [] => String::new(),
    };
    format!("{when}: nobody who can be {role_name} is free ({listed}).")
}

/// "Away that day" → "away that day", leaving names inside alone.
fn lower_first(words: &str) -> String {
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

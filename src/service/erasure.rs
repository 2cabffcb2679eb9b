//! Erasing a person on request (UK GDPR Article 17): every personal field
//! everywhere goes in one transaction, leaving a tombstone without
//! personal data and their attendance marks as anonymous headcounts; then
//! the store is compacted so nothing of theirs is left in the folder's
//! bytes, and a fresh automatic backup (which holds nothing of theirs)
//! becomes the newest. A restore of an older backup erases them again
//! (`Loader::erasing`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::{DataDir, Progress, Tend};
use crate::domain::{
    AttendanceMark, ErasedCounts, ErasedPerson, Erasure, ParticipantId, RotaAssignment, StaffRole,
    VolunteerId, text,
};
use crate::domain::{LogEntry, LoggedAction, LoggedRecord};
use crate::store::ParticipantErasure;
use crate::{Error, Result};

/// What the person asking for an erasure gives: who, their name typed to
/// confirm, which role is doing it and why.
#[derive(Debug, Clone, serde::Deserialize, TS)]
#[ts(export)]
pub struct ErasureRequest {
    pub person: ErasedPerson,
    pub confirm: String,
    pub by: StaffRole,
    pub reason: String,
    /// Anonymise instead (participants only): keep the age band, the
    /// postcode district, the activities and dates attended and the
    /// referrals' dates and outcomes for reports; nothing identifying.
    #[serde(default)]
    pub anonymise: bool,
}

/// An erasure done, and what it removed in words.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ErasureDone {
    pub erasure: Erasure,
    /// What went, a line each ("2 referrals with their notes"); kinds
    /// with nothing to remove are left out.
    pub removed: Vec<String>,
}

impl ErasureDone {
    fn new(erasure: Erasure) -> Self {
        let n = |count: u32, one: &str, many: &str| text::counted(u64::from(count), one, many);
        let c = erasure.removed;
        let counted = |lines: Vec<(u32, String)>| -> Vec<String> {
            lines
                .into_iter()
                .filter(|(count, _)| *count > 0)
                .map(|(_, line)| line)
                .collect()
        };
        let removed = match erasure.person {
            ErasedPerson::Participant(_) => [
                vec!["their record: every detail, consent and note".to_string()],
                counted(vec![
                    (
                        c.referrals,
                        n(
                            c.referrals,
                            "referral with its notes",
                            "referrals with their notes",
                        ),
                    ),
                    (c.letters, n(c.letters, "letter as sent", "letters as sent")),
                    (
                        c.spells,
                        n(c.spells, "place on an activity", "places on activities"),
                    ),
                    (
                        c.access_requests,
                        n(
                            c.access_requests,
                            "subject access request",
                            "subject access requests",
                        ),
                    ),
                    (
                        c.outcomes,
                        n(c.outcomes, "outcome measure", "outcome measures"),
                    ),
                    (
                        c.marks_kept,
                        format!(
                            "kept without a name: {} (past headcounts stay as they were)",
                            n(c.marks_kept, "attendance mark", "attendance marks")
                        ),
                    ),
                    (
                        c.referrals_kept,
                        format!(
                            "kept without a name or notes: {} (dates and outcomes)",
                            n(c.referrals_kept, "referral", "referrals")
                        ),
                    ),
                    (
                        c.spells_kept,
                        format!(
                            "kept without a name: {}",
                            n(
                                c.spells_kept,
                                "place on an activity",
                                "places on activities"
                            )
                        ),
                    ),
                ]),
            ]
            .concat(),
            ErasedPerson::Volunteer(_) => [
                vec!["their record: every detail, check, qualification and note".to_string()],
                counted(vec![(
                    c.rota_kept,
                    format!(
                        "kept as \"a volunteer\": {}",
                        n(c.rota_kept, "place on the rota", "places on the rota")
                    ),
                )]),
            ]
            .concat(),
        };
        Self { erasure, removed }
    }
}

impl Tend {
    /// The tombstone of someone erased, if they were.
    pub fn erasure_of(&self, person: ErasedPerson) -> Result<Option<Erasure>> {
        Ok(self.store.erasure(person)?)
    }

    /// Everyone erased, newest first.
    pub fn erasures(&self) -> Result<Vec<Erasure>> {
        let mut all = self.store.all::<Erasure>()?;
        all.sort_by_key(|e| std::cmp::Reverse(e.erased_on));
        Ok(all)
    }

    /// "Not found" for a record that is not there, saying when it was
    /// erased if it was.
    pub(super) fn gone(&self, person: ErasedPerson, otherwise: &str) -> Error {
        match self.store.erasure(person) {
            Ok(Some(erasure)) => Error::NotFound(erasure.words()),
            Ok(None) => Error::NotFound(otherwise.into()),
            Err(e) => e.into(),
        }
    }

    /// Erases a person from the open data in one transaction. The old
    /// values stay in sled's segments until the store is compacted:
    /// `erase_in_folder` does the whole of it.
    pub fn erase(&self, request: &ErasureRequest, today: NaiveDate) -> Result<ErasureDone> {
        let erasure = self.erasure_checked(request, today)?;
        let erasure = match request.person {
            ErasedPerson::Participant(id) => self.erase_participant(id, erasure)?,
            ErasedPerson::Volunteer(id) => self.erase_volunteer(id, erasure)?,
        };
        Ok(ErasureDone::new(erasure))
    }

    /// The tombstone an erasure would leave, or why it cannot go ahead:
    /// someone not in Tend or already erased, a confirmation that is not
    /// their name, a reason missing or naming them.
    fn erasure_checked(&self, request: &ErasureRequest, today: NaiveDate) -> Result<Erasure> {
        if let Some(done) = self.store.erasure(request.person)? {
            return Err(Error::Conflict(format!(
                "This person was already erased, on {}.",
                crate::domain::dates::long_date(done.erased_on)
            )));
        }
        let checked = |name: &str| {
            Erasure::new(
                request.person,
                name,
                &request.confirm,
                request.by,
                &request.reason,
                today,
            )
        };
        Ok(match request.person {
            ErasedPerson::Participant(id) => {
                let details = self.participant(id)?.details;
                let erasure = checked(&details.full_name)?;
                if request.anonymise {
                    erasure.anonymising(&details)
                } else {
                    erasure
                }
            }
            ErasedPerson::Volunteer(_) if request.anonymise => {
                return Err(Error::Conflict(
                    "A volunteer is erased, not anonymised: reports count participants.".into(),
                ));
            }
            ErasedPerson::Volunteer(id) => checked(&self.volunteer(id)?.details.full_name)?,
        })
    }

    fn erase_participant(&self, id: ParticipantId, mut erasure: Erasure) -> Result<Erasure> {
        let marks: Vec<AttendanceMark> = self
            .store
            .marks_for_participant(id)?
            .into_iter()
            .map(AttendanceMark::anonymous)
            .collect();
        let (spells, referrals) = (
            self.store.enrolments_for(id)?,
            self.store.referrals_for(id)?,
        );
        let anonymising = erasure.anonymous.is_some();
        let action = if anonymising {
            LoggedAction::Anonymised
        } else {
            LoggedAction::Erased
        };
        let mut plan = ParticipantErasure {
            person: id,
            kept_spells: if anonymising {
                spells
                    .iter()
                    .map(|s| erasure.kept_spell(s.clone()))
                    .collect()
            } else {
                Vec::new()
            },
            kept_referrals: if anonymising {
                referrals
                    .iter()
                    .cloned()
                    .map(Erasure::kept_referral)
                    .collect()
            } else {
                Vec::new()
            },
            spells: if anonymising { Vec::new() } else { spells },
            referrals: if anonymising { Vec::new() } else { referrals },
            letters: self.letter_records_about(id)?,
            access_requests: self.access_requests_for(id)?,
            // Anonymised people's answers stay for reports, without their words.
            outcomes: if anonymising {
                Vec::new()
            } else {
                self.outcomes_for(id)?
            },
            kept_outcomes: if anonymising {
                self.outcomes_for(id)?
                    .into_iter()
                    .map(Erasure::kept_outcome)
                    .collect()
            } else {
                Vec::new()
            },
            erasure: erasure.clone(),
            marks,
            log: LogEntry::about_person(action, id).by(erasure.by),
        };
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        erasure.removed = ErasedCounts {
            referrals: count(plan.referrals.len()),
            letters: count(plan.letters.len()),
            spells: count(plan.spells.len()),
            access_requests: count(plan.access_requests.len()),
            marks_kept: count(plan.marks.len()),
            rota_kept: 0,
            referrals_kept: count(plan.kept_referrals.len()),
            outcomes: count(plan.outcomes.len()),
            spells_kept: count(plan.kept_spells.len()),
        };
        plan.erasure = erasure.clone();
        self.store.erase_participant(&plan)?;
        self.people_changed(&[], &[id]);
        Ok(erasure)
    }

    fn erase_volunteer(&self, id: VolunteerId, mut erasure: Erasure) -> Result<Erasure> {
        // A reason for booking them despite a conflict may name them.
        let rota: Vec<RotaAssignment> = self
            .store
            .all::<RotaAssignment>()?
            .into_iter()
            .filter(|a| a.volunteer == id)
            .map(|a| RotaAssignment {
                override_reason: None,
                ..a
            })
            .collect();
        erasure.removed = ErasedCounts {
            rota_kept: u32::try_from(rota.len()).unwrap_or(u32::MAX),
            ..ErasedCounts::default()
        };
        let entry =
            LogEntry::new(LoggedAction::Erased, Some(LoggedRecord::Volunteer(id))).by(erasure.by);
        self.store.erase_volunteer(id, &rota, &erasure, &entry)?;
        Ok(erasure)
    }

    /// The whole erasure on a data folder that is not open: the erasure,
    /// the store compacted (so no old segment holds them) with `progress`
    /// hearing how far it has got, and then a fresh automatic backup, the
    /// newest, holding nothing of theirs. Older backups still hold them
    /// until the rotation lets them go; restoring one erases them again.
    /// No backup is made first, unlike before other risky changes: it
    /// could never undo an erasure (restoring it erases them again), and
    /// would only keep what they asked to have erased.
    pub fn erase_in_folder(
        dir: DataDir<'_>,
        request: &ErasureRequest,
        today: NaiveDate,
        now: DateTime<Utc>,
        progress: Progress,
    ) -> Result<ErasureDone> {
        let started = std::time::Instant::now();
        let done = Tend::open(dir)?.erase(request, today)?;
        Tend::compact_with(dir, now, progress)?;
        // Stamped later than any backup made at `now`, so it is the newest.
        let after = now + chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
        Tend::open(dir)?.automatic_backup("after erasure", after)?;
        Ok(done)
    }
}

//! Participants: adding, correcting, consents given and withdrawn, finding
//! by name, and merging two records of one person.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::look_alike::LookAlikeReason;
use crate::domain::{
    AccessRequest, ActivityId, ConsentKind, Enrolment, ErasedPerson, LogEntry, LoggedAction, Mark,
    Participant, ParticipantDetails, ParticipantId, RecordChange, ValidationError, dates,
};
use crate::store::PeopleMerge;
use crate::{Error, Result, Tend};

/// What a merge moved, for the person who asked for it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MergeReport {
    pub kept: Participant,
    pub marks_moved: usize,
    /// Sessions where both records were marked (one mark stays).
    pub sessions_on_both: usize,
    /// Those where the two marks differed, and what was kept:
    /// "Tuesday 3 March 2026: Present and Absent, kept Present".
    pub marks_combined: Vec<String>,
    pub spells_moved: usize,
    pub referrals_moved: usize,
    pub letters_moved: usize,
    /// "Moved 14 attendance marks, 1 referral, 2 letters to Zoë Ní Bhriain"
    pub words: String,
}

/// A consent given or withdrawn on a day.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ConsentChange {
    pub kind: ConsentKind,
    pub given: bool,
    pub on: NaiveDate,
}

/// Stronger marks win when two records were both marked at one session.
fn strength(mark: Mark) -> u8 {
    match mark {
        Mark::Present => 2,
        Mark::Apologies => 1,
        Mark::Absent => 0,
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    crate::domain::text::counted(n as u64, one, many)
}

impl Tend {
    /// Everyone, sorted by name the way a person scans a list.
    pub fn participants(&self) -> Result<Vec<Participant>> {
        let ids: Vec<ParticipantId> = self.with_people(|i| {
            i.find("", 0, usize::MAX)
                .people
                .into_iter()
                .map(|p| p.id)
                .collect()
        })?;
        ids.into_iter().map(|id| self.participant(id)).collect()
    }

    pub fn participant(&self, id: ParticipantId) -> Result<Participant> {
        self.store.get(&id)?.ok_or_else(|| {
            self.gone(
                ErasedPerson::Participant(id),
                "That participant is no longer in Tend.",
            )
        })
    }

    /// Saves a participant with the activity log's entry for the change,
    /// and keeps the name index in step.
    pub(super) fn save_participant(&self, person: &Participant, entry: LogEntry) -> Result<()> {
        self.store.save_participant(person, &[entry])?;
        self.people_changed(std::slice::from_ref(person), &[]);
        Ok(())
    }

    /// A new participant. Someone who looks like a person already in Tend
    /// is refused until `confirmed_new` says they are someone else; the
    /// same NHS number is always refused.
    pub fn add_participant(
        &self,
        details: ParticipantDetails,
        today: NaiveDate,
        confirmed_new: bool,
    ) -> Result<Participant> {
        self.add_participant_to(details, None, today, confirmed_new)
    }

    /// A new participant, enrolled from today in `activity` if given, in
    /// one step.
    pub fn add_participant_to(
        &self,
        details: ParticipantDetails,
        activity: Option<ActivityId>,
        today: NaiveDate,
        confirmed_new: bool,
    ) -> Result<Participant> {
        if let Some(activity) = activity {
            self.activity(activity)?;
        }
        let participant = self.new_participant(details, today, confirmed_new)?;
        let spell: Vec<Enrolment> = activity
            .map(|activity| Enrolment {
                activity,
                participant: participant.id,
                joined_on: today,
                left_on: None,
                buddy: None,
            })
            .into_iter()
            .collect();
        self.store.add_people(
            std::slice::from_ref(&participant),
            &spell,
            &[],
            &[LogEntry::about_person(
                LoggedAction::PersonAdded,
                participant.id,
            )],
        )?;
        self.people_changed(std::slice::from_ref(&participant), &[]);
        Ok(participant)
    }

    /// A new participant checked but not yet saved, with their first
    /// consents in the history.
    pub(super) fn new_participant(
        &self,
        details: ParticipantDetails,
        today: NaiveDate,
        confirmed_new: bool,
    ) -> Result<Participant> {
        let details = details.validated(today)?;
        self.refuse_look_alikes(&details, None, confirmed_new)?;
        let history = ConsentKind::ALL
            .into_iter()
            .filter_map(|kind| {
                details.consents.get(kind).map(|c| RecordChange::Consent {
                    kind,
                    given: c.given,
                    on: c.on,
                })
            })
            .collect();
        Ok(Participant {
            id: ParticipantId::new(),
            details,
            created_on: today,
            history,
        })
    }

    /// Refuses details that look like someone else in Tend: always for
    /// the same NHS number, otherwise unless the person said this is
    /// someone new.
    fn refuse_look_alikes(
        &self,
        details: &ParticipantDetails,
        except: Option<ParticipantId>,
        confirmed_new: bool,
    ) -> Result<()> {
        let alike = self.look_alikes(details, except)?;
        if let Some(same) = alike
            .iter()
            .find(|l| l.reason == LookAlikeReason::SameNhsNumber)
        {
            return Err(ValidationError::new(
                "nhs_number",
                format!(
                    "{} already has this NHS number. Open their record instead, or merge the two.",
                    same.person.full_name
                ),
            )
            .into());
        }
        if !alike.is_empty() && !confirmed_new {
            let words: Vec<&str> = alike.iter().map(|l| l.words.as_str()).collect();
            return Err(ValidationError::new(
                "full_name",
                format!(
                    "{}. Open their record instead, or say this is someone new.",
                    words.join("; ")
                ),
            )
            .into());
        }
        Ok(())
    }

    /// Corrects a person's details. Consents change only through
    /// `change_consent`, so their history is kept; the fields changed are
    /// noted in the record's history.
    pub fn update_participant(
        &self,
        id: ParticipantId,
        details: ParticipantDetails,
        today: NaiveDate,
    ) -> Result<Participant> {
        let person = self.corrected(id, details, today)?;
        self.save_participant(&person, corrections_logged(&person, today))?;
        Ok(person)
    }

    /// The record with corrected details (not its consents), checked and
    /// with the change noted, not yet saved.
    pub(super) fn corrected(
        &self,
        id: ParticipantId,
        details: ParticipantDetails,
        today: NaiveDate,
    ) -> Result<Participant> {
        let mut person = self.participant(id)?;
        let details = ParticipantDetails {
            consents: person.details.consents.clone(),
            ..details.validated(today)?
        };
        self.refuse_look_alikes(&details, Some(id), true)?;
        let fields = changed_fields(&person.details, &details);
        if !fields.is_empty() {
            person
                .history
                .push(RecordChange::Details { on: today, fields });
        }
        person.details = details;
        Ok(person)
    }

    /// A consent given or withdrawn on a day; kept in the history, and
    /// letters from then on follow the answer in force.
    pub fn change_consent(
        &self,
        id: ParticipantId,
        change: ConsentChange,
        today: NaiveDate,
    ) -> Result<Participant> {
        let mut person = self.participant(id)?;
        person.change_consent(change.kind, change.given, change.on, today)?;
        let entry = LogEntry::about_person(LoggedAction::ConsentChanged, id)
            .with_fields([format!("{:?}", change.kind).to_lowercase()]);
        self.save_participant(&person, entry)?;
        Ok(person)
    }

    /// The one participant with this name, by the folding rule, as the
    /// command line names people.
    /// Everyone whose name is this one, by the name rule (from the
    /// store's names index: no record is decoded to find them).
    pub fn participants_named(&self, name: &str) -> Result<Vec<ParticipantId>> {
        Ok(self
            .store
            .participants_named(&crate::domain::names::FoldedName::new(name))?)
    }

    pub fn participant_named(&self, name: &str) -> Result<Participant> {
        match self.participants_named(name)?.as_slice() {
            [one] => self.participant(*one),
            [] => Err(Error::NotFound(format!(
                "No participant is called \"{}\".",
                name.trim()
            ))),
            _ => Err(Error::Conflict(format!(
                "More than one participant is called \"{}\".",
                name.trim()
            ))),
        }
    }

    /// Merges `other` into `keep`: `details` are the kept record's
    /// details as chosen field by field (or, when `None`, `keep`'s value
    /// wherever both have one). Marks, spells, referrals, letters and
    /// consent history all move, in one transaction.
    pub fn merge_people(
        &self,
        keep: ParticipantId,
        other: ParticipantId,
        details: Option<ParticipantDetails>,
        today: NaiveDate,
    ) -> Result<MergeReport> {
        if keep == other {
            return Err(
                ValidationError::new("other", "Choose two different people to merge.").into(),
            );
        }
        let kept = self.participant(keep)?;
        let gone = self.participant(other)?;
        let chosen = details.unwrap_or_else(|| kept.details.filled_from(&gone.details));
        let mut person = Participant {
            details: chosen.validated(today)?,
            ..kept.clone()
        };
        let consents: Vec<RecordChange> = ConsentKind::ALL
            .into_iter()
            .flat_map(|kind| {
                let mut answers = kept.consent_history(kind);
                answers.extend(gone.consent_history(kind));
                answers.sort_by_key(|a| a.on);
                answers.dedup();
                answers.into_iter().map(move |a| RecordChange::Consent {
                    kind,
                    given: a.given,
                    on: a.on,
                })
            })
            .collect();
        for kind in ConsentKind::ALL {
            let latest = consents.iter().rev().find_map(|c| match c {
                RecordChange::Consent { kind: k, given, on } if *k == kind => {
                    Some(crate::domain::ConsentRecord {
                        given: *given,
                        on: *on,
                    })
                }
                _ => None,
            });
            person.details.consents.set(kind, latest);
        }
        let others: Vec<RecordChange> = kept
            .history
            .iter()
            .chain(&gone.history)
            .filter(|c| !matches!(c, RecordChange::Consent { .. }))
            .cloned()
            .collect();
        person.history = others.into_iter().chain(consents).collect();
        person.history.push(RecordChange::Merged {
            on: today,
            from: other,
            from_name: gone.details.full_name.clone(),
        });
        person.created_on = kept.created_on.min(gone.created_on);
        self.refuse_look_alikes(&person.details, Some(keep), true)
            .or_else(|e| match e.field() {
                // The record being merged away may hold the same NHS number.
                Some("nhs_number") if gone.details.nhs_number == person.details.nhs_number => {
                    Ok(())
                }
                _ => Err(e),
            })?;

        // Marks: the removed person's move; where both were marked, the
        // stronger stays. First visits are worked out again over them all.
        let mut marks: HashMap<_, _> = self
            .store
            .marks_for_participant(keep)?
            .into_iter()
            .map(|m| (m.session, m))
            .collect();
        let mut marks_moved = 0;
        let mut marks_combined = Vec::new();
        let mut sessions_on_both = 0;
        let mut touched = std::collections::HashSet::new();
        for theirs in self.store.marks_for_participant(other)? {
            touched.insert(theirs.session);
            marks_moved += 1;
            match marks.get_mut(&theirs.session) {
                Some(ours) => {
                    sessions_on_both += 1;
                    let date = self
                        .store
                        .session(theirs.session)?
                        .map(|s| dates::long_date(s.date))
                        .unwrap_or_default();
                    let stronger = if strength(theirs.mark) > strength(ours.mark) {
                        theirs.mark
                    } else {
                        ours.mark
                    };
                    if ours.mark != theirs.mark {
                        marks_combined.push(format!(
                            "{date}: {} and {}, kept {}",
                            ours.mark.label(),
                            theirs.mark.label(),
                            stronger.label()
                        ));
                    }
                    ours.mark = stronger;
                    ours.walk_in = ours.walk_in && theirs.walk_in;
                    if ours.note.is_empty() {
                        ours.note = theirs.note;
                    }
                }
                None => {
                    marks.insert(
                        theirs.session,
                        crate::domain::AttendanceMark {
                            participant: keep,
                            ..theirs
                        },
                    );
                }
            }
        }
        let mut dated = Vec::new();
        for mark in marks.values() {
            if let Some(session) = self.store.session(mark.session)? {
                dated.push((session.date, mark.session));
            }
        }
        dated.sort();
        let first = dated
            .iter()
            .find(|(_, s)| marks.get(s).is_some_and(|m| m.mark == Mark::Present))
            .map(|(_, s)| *s);
        let mut changed_marks = Vec::new();
        for (session, mut mark) in marks {
            let first_visit = Some(session) == first;
            if touched.contains(&session) || mark.first_visit != first_visit {
                mark.first_visit = first_visit;
                changed_marks.push(mark);
            }
        }

        // Spells: at each activity the removed person went to, both
        // people's spells joined where they overlap.
        let theirs = self.store.enrolments_for(other)?;
        let ours = self.store.enrolments_for(keep)?;
        let activities: std::collections::BTreeSet<ActivityId> =
            theirs.iter().map(|e| e.activity).collect();
        let mut old_enrolments = theirs.clone();
        let mut enrolments = Vec::new();
        for activity in activities {
            let mut spells: Vec<Enrolment> = ours
                .iter()
                .chain(&theirs)
                .filter(|e| e.activity == activity)
                .cloned()
                .collect();
            old_enrolments.extend(ours.iter().filter(|e| e.activity == activity).cloned());
            spells.sort_by_key(|e| e.joined_on);
            let mut joined: Vec<Enrolment> = Vec::new();
            for spell in spells {
                match joined.last_mut() {
                    Some(last) if last.left_on.is_none_or(|left| spell.joined_on <= left) => {
                        last.left_on = match (last.left_on, spell.left_on) {
                            (Some(a), Some(b)) => Some(a.max(b)),
                            _ => None,
                        };
                    }
                    _ => joined.push(Enrolment {
                        participant: keep,
                        ..spell
                    }),
                }
            }
            enrolments.extend(joined);
        }

        let referrals: Vec<_> = self
            .store
            .referrals_for(other)?
            .into_iter()
            .map(|r| crate::domain::Referral {
                participant: keep,
                ..r
            })
            .collect();
        let letters = self.letters_moved(
            |l| l.participant == other,
            |l| crate::domain::LetterRecord {
                participant: keep,
                ..l
            },
        )?;

        let both = match sessions_on_both {
            0 => String::new(),
            n => format!(
                "; {} marked on both records now {} one mark",
                count(n, "session", "sessions"),
                if n == 1 { "has" } else { "have" }
            ),
        };
        let report = MergeReport {
            sessions_on_both,
            marks_moved,
            marks_combined,
            spells_moved: theirs.len(),
            referrals_moved: referrals.len(),
            letters_moved: letters.len(),
            words: format!(
                "Moved {}, {}, {} to {}{both}",
                count(marks_moved, "attendance mark", "attendance marks"),
                count(referrals.len(), "referral", "referrals"),
                count(letters.len(), "letter", "letters"),
                person.details.full_name
            ),
            kept: person.clone(),
        };
        self.store.merge_people(&PeopleMerge {
            keep: person,
            removed: other,
            marks: changed_marks,
            old_enrolments,
            enrolments,
            referrals,
            letters,
            access_requests: self
                .access_requests_for(other)?
                .into_iter()
                .map(|r| AccessRequest {
                    participant: keep,
                    ..r
                })
                .collect(),
            outcomes: self
                .outcomes_for(other)?
                .into_iter()
                .map(|o| crate::domain::OutcomeRecord {
                    participant: keep,
                    ..o
                })
                .collect(),
            log: vec![
                LogEntry::about_person(LoggedAction::RecordsMerged, keep)
                    .with_fields([format!("merged from {other}")]),
                LogEntry::about_person(LoggedAction::RecordsMerged, other)
                    .with_fields([format!("merged into {keep}")]),
            ],
        })?;
        self.people_changed(std::slice::from_ref(&report.kept), &[other]);
        Ok(report)
    }
}

/// The names, in words, of the fields that differ.
fn changed_fields(before: &ParticipantDetails, after: &ParticipantDetails) -> Vec<String> {
    let mut fields = Vec::new();
    let mut note = |differs: bool, name: &str| {
        if differs {
            fields.push(name.to_string());
        }
    };
    note(before.full_name != after.full_name, "Name");
    note(
        before.preferred_name != after.preferred_name,
        "Preferred name",
    );
    note(before.date_of_birth != after.date_of_birth, "Date of birth");
    note(before.nhs_number != after.nhs_number, "NHS number");
    note(before.address != after.address, "Address");
    note(before.postcode != after.postcode, "Postcode");
    note(before.phone != after.phone, "Phone");
    note(before.email != after.email, "Email");
    note(
        before.emergency_contact != after.emergency_contact,
        "Emergency contact",
    );
    note(before.needs != after.needs, "Needs and concerns");
    note(before.access_needs != after.access_needs, "Access needs");
    note(before.gender != after.gender, "Gender");
    note(before.ethnicity != after.ethnicity, "Ethnicity");
    note(before.status != after.status, "Status");
    fields
}

/// The activity log's entry for a correction: the fields it changed today
/// (their names, from the record's own history), never their values.
pub(super) fn corrections_logged(person: &Participant, today: NaiveDate) -> LogEntry {
    let fields = match person.history.last() {
        Some(RecordChange::Details { on, fields }) if *on == today => fields.clone(),
        _ => Vec::new(),
    };
    LogEntry::about_person(LoggedAction::DetailsCorrected, person.id).with_fields(fields)
}

//! Composing letters: the placeholders' values for each referral (what the
//! person came to since the referral, their own change in wellbeing) and
//! the letter written from the template, or from the bare facts without
//! consent to share.
//!
//! Letters are composed as a run: what they share (the organisation, the
//! templates, each activity's sessions and name) is read once for the run
//! (the outcome measures once for all its threads), and each letter reads
//! only its own person's marks, so a run of a thousand on a ten-year hub
//! reads weeks, not years.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::letters::{DueLetter, SNOMED_DECLINED, SNOMED_REFERRAL};
use crate::domain::dates::long_date;
use crate::domain::instruments::{InstrumentKind, SCALES};
use crate::domain::{
    ActivityId, ClosingReason, LetterId, LetterKind, LetterRecord, Mark, Organisation,
    OutcomeRecord, Participant, ParticipantId, Referral, ReferralStatus, Referrer, SessionId,
};
use crate::templates::{self, LetterFacts};
use crate::{Result, Tend};

impl Tend {
    /// Writes the letter for a due item, dated `today`, without saving it.
    pub fn compose_letter(&self, due: &DueLetter, today: NaiveDate) -> Result<LetterRecord> {
        let outcomes = self.outcomes_by_person()?;
        Composer::new(self, &outcomes)?.compose(due, today)
    }

    /// Writes every due letter, dated `today`, without saving them, in
    /// their order. A long run is shared among the machine's cores.
    pub fn compose_letters(
        &self,
        due: &[DueLetter],
        today: NaiveDate,
    ) -> Result<Vec<LetterRecord>> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let share = due.len().div_ceil(cores).max(LETTERS_PER_THREAD);
        // Read once for the run, whatever the threads.
        let outcomes = self.outcomes_by_person()?;
        let compose = |part: &[DueLetter]| -> Result<Vec<LetterRecord>> {
            let mut composer = Composer::new(self, &outcomes)?;
            part.iter().map(|d| composer.compose(d, today)).collect()
        };
        if due.len() <= share {
            return compose(due);
        }
        let parts: Vec<Result<Vec<LetterRecord>>> = std::thread::scope(|scope| {
            let running: Vec<_> = due
                .chunks(share)
                .map(|part| scope.spawn(move || compose(part)))
                .collect();
            running
                .into_iter()
                .map(|t| {
                    t.join().unwrap_or_else(|_| {
                        Err(crate::Error::Document("composing a letter failed".into()))
                    })
                })
                .collect()
        });
        let mut letters = Vec::with_capacity(due.len());
        for part in parts {
            letters.extend(part?);
        }
        Ok(letters)
    }
}

/// Fewer letters than this are composed on one thread.
const LETTERS_PER_THREAD: usize = 100;

/// Attendance since the referral, as a letter tells it.
struct Attended {
    /// Sessions attended.
    attended: usize,
    /// Sessions offered: held or planned and past, not cancelled, while
    /// enrolled (never fewer than attended).
    offered: usize,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    /// "the Walk", the activities they came to, in the order they came.
    activities: Vec<String>,
}

/// What a run of letters reads once.
struct Composer<'a> {
    tend: &'a Tend,
    organisation: Organisation,
    templates: HashMap<LetterKind, String>,
    /// Each activity's sessions and their dates, from the index's keys.
    session_dates: HashMap<ActivityId, HashMap<SessionId, NaiveDate>>,
    /// "the Walk"
    activity_names: HashMap<ActivityId, String>,
    /// Everyone's measures, oldest first.
    outcomes: &'a HashMap<ParticipantId, Vec<OutcomeRecord>>,
}

impl<'a> Composer<'a> {
    fn new(
        tend: &'a Tend,
        outcomes: &'a HashMap<ParticipantId, Vec<OutcomeRecord>>,
    ) -> Result<Self> {
        Ok(Composer {
            tend,
            organisation: tend.organisation()?.unwrap_or_default(),
            templates: HashMap::new(),
            session_dates: HashMap::new(),
            activity_names: HashMap::new(),
            outcomes,
        })
    }

    fn compose(&mut self, due: &DueLetter, today: NaiveDate) -> Result<LetterRecord> {
        let referral = self.tend.referral(due.referral)?;
        let person = self.tend.participant(referral.participant)?;
        let referrer = self.tend.referrer(referral.referrer)?;
        let facts = self.facts(&referral, &person, &referrer, today)?;
        let body = if person.details.consents.may_share_with_referrer() {
            if !self.templates.contains_key(&due.kind) {
                let template = self.tend.letter_template(due.kind)?;
                self.templates.insert(due.kind, template);
            }
            templates::render(&self.templates[&due.kind], &facts)?
        } else {
            templates::minimal(due.kind, &facts)?
        };
        let mut codes = Vec::new();
        if due.kind == LetterKind::Acknowledgement {
            codes.push(SNOMED_REFERRAL.to_owned());
        }
        if due.kind == LetterKind::Closing
            && referral.closing_reason == Some(ClosingReason::Declined)
        {
            codes.push(SNOMED_DECLINED.to_owned());
        }
        let p = &facts.participant;
        let mut heading = format!("Re: {}", p.name);
        if !p.date_of_birth.is_empty() {
            heading.push_str(&format!(", born {}", p.date_of_birth));
        }
        if !p.nhs_number.is_empty() {
            heading.push_str(&format!(", NHS number {}", p.nhs_number));
        }
        Ok(LetterRecord {
            id: LetterId::new(),
            referral: referral.id,
            participant: person.id,
            referrer: referrer.id,
            kind: due.kind,
            produced_on: today,
            sent_on: None,
            body,
            recipient: referrer.details.address_lines(),
            letterhead: self.organisation.clone(),
            codes,
            salutation: format!("Dear {},", facts.referrer.salutation),
            heading,
        })
    }

    /// The placeholders' values for one referral.
    fn facts(
        &mut self,
        referral: &Referral,
        person: &Participant,
        referrer: &Referrer,
        today: NaiveDate,
    ) -> Result<LetterFacts> {
        let came = self.attendance_since(person.id, referral.received_on, today)?;
        let mut suggested = Vec::new();
        for activity in &referral.suggested_activities {
            if let Some(name) = self.activity_name(*activity)? {
                suggested.push(name);
            }
        }
        let closed_on = referral
            .history
            .iter()
            .rev()
            .find(|c| c.status == ReferralStatus::Closed)
            .map(|c| long_date(c.on))
            .unwrap_or_default();
        let d = &person.details;
        let organisation = &self.organisation;
        Ok(LetterFacts {
            today: long_date(today),
            participant: templates::PersonFacts {
                name: d.full_name.clone(),
                preferred_name: d.preferred_name.clone(),
                date_of_birth: d
                    .date_of_birth
                    .map(crate::domain::dates::day_month_year)
                    .unwrap_or_default(),
                nhs_number: d
                    .nhs_number
                    .as_ref()
                    .map(|n| n.spaced())
                    .unwrap_or_default(),
            },
            referrer: templates::ReferrerFacts {
                name: referrer.details.name.clone(),
                organisation: referrer.details.organisation.clone(),
                salutation: if referrer.details.name.is_empty() {
                    "colleague".into()
                } else {
                    referrer.details.name.clone()
                },
            },
            referral: templates::ReferralFacts {
                received_on: long_date(referral.received_on),
                reason: referral.reason.clone(),
                suggested: in_words(&suggested),
            },
            organisation: templates::OrganisationFacts {
                name: organisation.name.clone(),
                phone: organisation.phone.clone(),
                email: organisation.email.clone(),
            },
            attendance: templates::AttendanceFacts {
                attended: came.attended,
                offered: came.offered,
                first: came.first.map(long_date).unwrap_or_default(),
                last: came.last.map(long_date).unwrap_or_default(),
                activities: in_words(&came.activities),
            },
            wellbeing: self.wellbeing_facts(person, referral.received_on)?,
            changes: referral.changes.clone(),
            outcome: referral.outcome.clone(),
            closing: templates::ClosingFacts {
                date: closed_on,
                reason: referral
                    .closing_reason
                    .as_ref()
                    .map(ClosingReason::words)
                    .unwrap_or_default(),
            },
        })
    }

    /// "the Walk", or nothing for an activity no longer in Tend.
    fn activity_name(&mut self, activity: ActivityId) -> Result<Option<String>> {
        if let Some(name) = self.activity_names.get(&activity) {
            return Ok(Some(name.clone()));
        }
        match self.tend.store.get::<crate::domain::Activity>(&activity)? {
            Some(found) => {
                let name = format!("the {}", found.details.name);
                self.activity_names.insert(activity, name.clone());
                Ok(Some(name))
            }
            None => Ok(None),
        }
    }

    /// Sessions attended of those offered since `since`, first and last
    /// attended, and the activities they came to. Only the sessions since
    /// the referral are opened, and only this person's marks: where their
    /// sessions fall is read from the index's keys, once for the run, and
    /// a mark is opened only when its session is in the period.
    fn attendance_since(
        &mut self,
        person: ParticipantId,
        since: NaiveDate,
        today: NaiveDate,
    ) -> Result<Attended> {
        let spells = self.tend.enrolments_for(person)?;
        let mut offered = 0;
        let mut theirs: Vec<ActivityId> = Vec::new();
        for enrolment in &spells {
            offered += self
                .tend
                .store
                .sessions_of_between(enrolment.activity, since, today)?
                .iter()
                .filter(|s| s.offered_by(today) && enrolment.is_current_on(s.date))
                .count();
            if !theirs.contains(&enrolment.activity) {
                theirs.push(enrolment.activity);
                if !self.session_dates.contains_key(&enrolment.activity) {
                    let dates = self.tend.store.session_dates_of(enrolment.activity)?;
                    self.session_dates
                        .insert(enrolment.activity, dates.into_iter().collect());
                }
            }
        }
        let mut dates = Vec::new();
        let mut activities: Vec<String> = Vec::new();
        for id in self.tend.store.sessions_marked_by(person)? {
            // A mark at an activity they have no place at (an old import)
            // is read the long way.
            let known = theirs
                .iter()
                .find_map(|a| self.session_dates.get(a).and_then(|d| d.get(&id)));
            let date = match known {
                Some(date) => *date,
                None => self.tend.session(id)?.date,
            };
            if date < since {
                continue;
            }
            let Some(mark) = self.tend.store.mark_of(person, id)? else {
                continue;
            };
            if mark.mark != Mark::Present {
                continue;
            }
            let session = self.tend.session(id)?;
            dates.push(date);
            if let Some(name) = self.activity_name(session.activity)?
                && !activities.contains(&name)
            {
                activities.push(name);
            }
        }
        dates.sort();
        Ok(Attended {
            attended: dates.len(),
            offered: offered.max(dates.len()),
            first: dates.first().copied(),
            last: dates.last().copied(),
            activities,
        })
    }

    /// Their own change on each measure a letter may carry (ONS4 and the
    /// UCLA score; SWEMWBS stays in reports, with its notice), from their
    /// first baseline to their latest follow-up, and the benefits they
    /// reported since `since`.
    fn wellbeing_facts(
        &mut self,
        person: &Participant,
        since: NaiveDate,
    ) -> Result<templates::WellbeingFacts> {
        let records: Vec<&OutcomeRecord> = self
            .outcomes
            .get(&person.id)
            .map(|r| r.iter().collect())
            .unwrap_or_default();
        let mut changes = Vec::new();
        for scale in SCALES.iter().filter(|s| s.kind != InstrumentKind::Swemwbs) {
            if let (Some((_, before)), Some((_, after))) =
                crate::domain::outcome::first_and_latest(&records, scale.score)
            {
                let range = if scale.kind == InstrumentKind::Ons4 {
                    " out of 10"
                } else {
                    " (from 3 to 9)"
                };
                let better = if scale.lower_is_better {
                    " (lower is better)"
                } else {
                    ""
                };
                changes.push(format!(
                    "{} from {before} to {after}{range}{better}",
                    scale.name.to_lowercase()
                ));
            }
        }
        let mut benefits: Vec<String> = Vec::new();
        for r in records.iter().filter(|r| r.taken_on >= since) {
            for b in &r.answers.benefits {
                let b = b.to_lowercase();
                if !benefits.contains(&b) {
                    benefits.push(b);
                }
            }
        }
        Ok(templates::WellbeingFacts {
            change: changes.join("; "),
            benefits: in_words(&benefits),
        })
    }
}

/// "the Walk", "the Walk and the Garden", "the Walk, the Garden and the Choir".
fn in_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

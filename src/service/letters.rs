//! Letters back to referrers: which are due, composing them from the
//! templates (or, without consent to share, from the bare facts), printing
//! them in one PDF, and keeping each as sent so it can be reprinted exactly.

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::docs;
use crate::domain::dates::long_date;
use crate::domain::text::sort_key;
use crate::domain::{
    ClosingReason, LetterId, LetterKind, LetterRecord, Mark, Participant, ParticipantId, Referral,
    ReferralId, ReferralStatus, Referrer, ReferrerId, ReferrerKind,
};
use crate::store::{LetterState, Meta};
use crate::templates::{self, LetterFacts};
use crate::{Error, Result, Tend};

pub const SNOMED_REFERRAL: &str =
    "SNOMED CT 871731000000106 Referral to social prescribing service";
pub const SNOMED_DECLINED: &str = "SNOMED CT 871711000000103 Social prescribing declined";

/// A letter that is due, before it is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DueLetter {
    pub referral: ReferralId,
    pub kind: LetterKind,
    pub participant: ParticipantId,
    pub participant_name: String,
    pub referrer: ReferrerId,
    pub referrer_name: String,
    /// The person has not consented to share: only the bare facts go.
    pub minimal: bool,
}

/// A letter as kept in a person's history.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LetterSummary {
    pub id: LetterId,
    pub kind: LetterKind,
    pub referrer_name: String,
    pub produced_on: NaiveDate,
    pub sent_on: Option<NaiveDate>,
}

impl Tend {
    /// The template in use for a kind of letter: the organisation's own, or Tend's.
    pub fn letter_template(&self, kind: LetterKind) -> Result<String> {
        Ok(match self.store.meta_value(Meta::Template(kind))? {
            Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            None => templates::default_template(kind).to_owned(),
        })
    }

    /// Saves a template after checking it fills in; a broken one is refused
    /// (with its line) and the old one stays.
    pub fn save_letter_template(&self, kind: LetterKind, source: &str) -> Result<()> {
        templates::check(source)?;
        self.store
            .save_meta_value(Meta::Template(kind), source.as_bytes())?;
        Ok(())
    }

    /// Goes back to Tend's own wording.
    pub fn reset_letter_template(&self, kind: LetterKind) -> Result<()> {
        Ok(self.store.remove_meta_value(Meta::Template(kind))?)
    }

    /// Every letter due on `today`, sorted by referrer then participant.
    pub fn letters_due(&self, today: NaiveDate) -> Result<Vec<DueLetter>> {
        let every = Days::new(u64::from(self.settings()?.progress_every_weeks) * 7);
        // Each referrer's name and its sort key, worked out once.
        let referrers: HashMap<ReferrerId, (Referrer, String, String)> = self
            .store
            .all::<Referrer>()?
            .into_iter()
            .map(|r| {
                let name = r.details.display_name();
                let key = sort_key(&name);
                (r.id, (r, name, key))
            })
            .collect();
        let mut due = Vec::new();
        for state in self.store.letter_states()? {
            let Some((referrer, referrer_name, referrer_key)) = referrers.get(&state.referrer)
            else {
                continue;
            };
            if referrer.details.kind == ReferrerKind::SelfReferral || !state.person_known {
                continue;
            }
            let Some(kind) = letter_due(&state, every, today) else {
                continue;
            };
            let order = (referrer_key.as_str(), sort_key(&state.participant_name));
            due.push((
                order,
                DueLetter {
                    referral: state.referral,
                    kind,
                    participant: state.participant,
                    participant_name: state.participant_name,
                    referrer: referrer.id,
                    referrer_name: referrer_name.clone(),
                    minimal: !state.consented,
                },
            ));
        }
        due.sort_by(|(a, _), (b, _)| a.cmp(b));
        Ok(due.into_iter().map(|(_, letter)| letter).collect())
    }

    /// Writes the letter for a due item, dated `today`, without saving it.
    pub fn compose_letter(&self, due: &DueLetter, today: NaiveDate) -> Result<LetterRecord> {
        let referral = self.referral(due.referral)?;
        let person = self.participant(referral.participant)?;
        let referrer = self.referrer(referral.referrer)?;
        let organisation = self.organisation()?.unwrap_or_default();
        let facts = self.facts(&referral, &person, &referrer, &organisation, today)?;
        let body = if person.details.consents.may_share_with_referrer() {
            templates::render(&self.letter_template(due.kind)?, &facts)?
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
            letterhead: organisation,
            codes,
            salutation: format!("Dear {},", facts.referrer.salutation),
            heading,
        })
    }

    /// Their own change on each measure a letter may carry (ONS4 and the
    /// UCLA score; SWEMWBS stays in reports, with its notice), from their
    /// first baseline to their latest follow-up, and the benefits they
    /// reported since `since`.
    fn wellbeing_facts(
        &self,
        person: &Participant,
        since: NaiveDate,
    ) -> Result<templates::WellbeingFacts> {
        use crate::domain::instruments::{InstrumentKind, SCALES};
        let records = self.outcomes_for(person.id)?;
        let records: Vec<&crate::domain::OutcomeRecord> = records.iter().collect();
        let mut changes = Vec::new();
        for scale in SCALES.iter().filter(|s| s.kind != InstrumentKind::Swemwbs) {
            if let (Some((_, before)), Some(after)) =
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

    /// The placeholders' values for one referral.
    fn facts(
        &self,
        referral: &Referral,
        person: &Participant,
        referrer: &Referrer,
        organisation: &crate::domain::Organisation,
        today: NaiveDate,
    ) -> Result<LetterFacts> {
        let (attended, offered, first, last, activities) =
            self.attendance_since(person.id, referral.received_on, today)?;
        let suggested: Vec<String> = referral
            .suggested_activities
            .iter()
            .filter_map(|a| self.activity(*a).ok())
            .map(|a| format!("the {}", a.details.name))
            .collect();
        let closed_on = referral
            .history
            .iter()
            .rev()
            .find(|c| c.status == ReferralStatus::Closed)
            .map(|c| long_date(c.on))
            .unwrap_or_default();
        let d = &person.details;
        Ok(LetterFacts {
            today: long_date(today),
            participant: templates::PersonFacts {
                name: d.full_name.clone(),
                preferred_name: d.preferred_name.clone(),
                date_of_birth: d
                    .date_of_birth
                    .map(|b| b.format("%-d %B %Y").to_string())
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
                attended,
                offered,
                first: first.map(long_date).unwrap_or_default(),
                last: last.map(long_date).unwrap_or_default(),
                activities: in_words(&activities),
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

    /// Sessions attended of those offered (held or planned and past, not
    /// cancelled, while enrolled) since `since`; first and last attended;
    /// the activities they came to.
    #[allow(clippy::type_complexity)]
    fn attendance_since(
        &self,
        person: ParticipantId,
        since: NaiveDate,
        today: NaiveDate,
    ) -> Result<(
        usize,
        usize,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Vec<String>,
    )> {
        // Only the sessions since the referral, and only this person's
        // marks: a letter on a ten-year hub reads weeks, not years. Where
        // their sessions fall is read from the index's keys, and a mark is
        // opened only when its session is in the period.
        let spells = self.enrolments_for(person)?;
        let mut offered = 0;
        let mut when: HashMap<crate::domain::SessionId, NaiveDate> = HashMap::new();
        let mut seen_activities = Vec::new();
        for enrolment in &spells {
            offered += self
                .store
                .sessions_of_between(enrolment.activity, since, today)?
                .iter()
                .filter(|s| s.offered_by(today) && enrolment.is_current_on(s.date))
                .count();
            if !seen_activities.contains(&enrolment.activity) {
                seen_activities.push(enrolment.activity);
                when.extend(self.store.session_dates_of(enrolment.activity)?);
            }
        }
        let mut dates = Vec::new();
        let mut activities: Vec<String> = Vec::new();
        let mut names: HashMap<crate::domain::ActivityId, String> = HashMap::new();
        for id in self.store.sessions_marked_by(person)? {
            // A mark at an activity they have no place at (an old import)
            // is read the long way.
            let date = match when.get(&id) {
                Some(date) => *date,
                None => self.session(id)?.date,
            };
            if date < since {
                continue;
            }
            let Some(mark) = self.store.mark_of(person, id)? else {
                continue;
            };
            if mark.mark != Mark::Present {
                continue;
            }
            let session = self.session(id)?;
            dates.push(date);
            let name = match names.entry(session.activity) {
                std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
                std::collections::hash_map::Entry::Vacant(new) => new.insert(format!(
                    "the {}",
                    self.activity(session.activity)?.details.name
                )),
            };
            if !activities.contains(name) {
                activities.push(name.clone());
            }
        }
        dates.sort();
        Ok((
            dates.len(),
            offered.max(dates.len()),
            dates.first().copied(),
            dates.last().copied(),
            activities,
        ))
    }

    /// The due letters, written and printed as one PDF (each on a new page).
    pub fn print_letters(&self, letters: &[LetterRecord], now: DateTime<Utc>) -> Result<Vec<u8>> {
        let mut logos = HashMap::new();
        for key in letters.iter().filter_map(|l| l.letterhead.logo.as_ref()) {
            if !logos.contains_key(key)
                && let Some(bytes) = self.store.meta_value(Meta::Logo(key))?
            {
                logos.insert(key.clone(), bytes);
            }
        }
        docs::render_letters(letters, &logos, now)
    }

    /// Keeps the letters as sent on `today`, all at once.
    pub fn mark_letters_sent(&self, letters: &[LetterRecord], today: NaiveDate) -> Result<()> {
        let sent: Vec<LetterRecord> = letters
            .iter()
            .map(|l| LetterRecord {
                sent_on: Some(today),
                ..l.clone()
            })
            .collect();
        self.store.save_letters(&sent)?;
        Ok(())
    }

    /// Every letter kept about a person, whole.
    pub fn letter_records_about(&self, participant: ParticipantId) -> Result<Vec<LetterRecord>> {
        Ok(self
            .store
            .all::<LetterRecord>()?
            .into_iter()
            .filter(|l| l.participant == participant)
            .collect())
    }

    pub fn letters_for(&self, participant: ParticipantId) -> Result<Vec<LetterSummary>> {
        let referrers: HashMap<ReferrerId, String> = self
            .referrers()?
            .into_iter()
            .map(|r| (r.id, r.details.display_name()))
            .collect();
        let mut letters: Vec<LetterSummary> = self
            .letter_records_about(participant)?
            .into_iter()
            .map(|l| LetterSummary {
                id: l.id,
                kind: l.kind,
                referrer_name: referrers.get(&l.referrer).cloned().unwrap_or_default(),
                produced_on: l.produced_on,
                sent_on: l.sent_on,
            })
            .collect();
        letters.sort_by_key(|l| std::cmp::Reverse(l.sent_on.unwrap_or(l.produced_on)));
        Ok(letters)
    }

    /// A kept letter exactly as it was sent.
    /// The kept letters `which` picks, changed by `moved` (to another
    /// person or referrer in a merge); not yet saved.
    pub(super) fn letters_moved(
        &self,
        which: impl Fn(&LetterRecord) -> bool,
        moved: impl Fn(LetterRecord) -> LetterRecord,
    ) -> Result<Vec<LetterRecord>> {
        Ok(self
            .store
            .all::<LetterRecord>()?
            .into_iter()
            .filter(|l| which(l))
            .map(moved)
            .collect())
    }

    pub fn letter(&self, id: LetterId) -> Result<LetterRecord> {
        self.store
            .get(&id)?
            .ok_or_else(|| Error::NotFound("That letter is no longer in Tend.".into()))
    }

    /// What a template would say, filled in with made-up facts, for the editor.
    pub fn preview_template(source: &str) -> Result<String> {
        Ok(templates::check(source)?)
    }

    /// The placeholders a letter template can use, for the editor to list.
    pub fn template_placeholders() -> Vec<String> {
        templates::placeholders()
    }
}

/// Which letter a referral is due, if any: an acknowledgement until one
/// has gone (unless it closed first), a closing summary once it closes, and
/// while the person comes (and consented) a progress letter every `every`
/// since the last letter or, before any, since the referral arrived.
fn letter_due(state: &LetterState, every: Days, today: NaiveDate) -> Option<LetterKind> {
    let has = |kind| state.sent.contains(&kind);
    let closed = state.status == ReferralStatus::Closed;
    if !has(LetterKind::Acknowledgement) && !closed {
        Some(LetterKind::Acknowledgement)
    } else if closed && !has(LetterKind::Closing) {
        Some(LetterKind::Closing)
    } else if state.consented
        && matches!(
            state.status,
            ReferralStatus::FirstAttended | ReferralStatus::Active
        )
    {
        let last = state.last_sent.unwrap_or(state.received_on);
        (last + every <= today).then_some(LetterKind::Progress)
    } else {
        None
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

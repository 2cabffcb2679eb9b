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
    ClosingReason, Consents, LetterId, LetterKind, LetterRecord, Mark, Participant, ParticipantId,
    Referral, ReferralId, ReferralStatus, Referrer, ReferrerId, ReferrerKind, SessionStatus,
    StatusChange,
};
use crate::store::TEMPLATE_PREFIX;
use crate::templates::{self, LetterFacts};
use crate::{Error, Result, Tend};

pub const SNOMED_REFERRAL: &str =
    "SNOMED CT 871731000000106 Referral to social prescribing service";
pub const SNOMED_DECLINED: &str = "SNOMED CT 871711000000103 Social prescribing declined";

/// A letter that is due, before it is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
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
pub struct LetterSummary {
    pub id: LetterId,
    pub kind: LetterKind,
    pub referrer_name: String,
    pub produced_on: NaiveDate,
    pub sent_on: Option<NaiveDate>,
}

fn template_key(kind: LetterKind) -> Vec<u8> {
    let name: &[u8] = match kind {
        LetterKind::Acknowledgement => b"acknowledgement",
        LetterKind::Progress => b"progress",
        LetterKind::Closing => b"closing",
    };
    [TEMPLATE_PREFIX, name].concat()
}

impl Tend {
    /// The template in use for a kind of letter: the organisation's own, or Tend's.
    pub fn letter_template(&self, kind: LetterKind) -> Result<String> {
        Ok(match self.store.meta_value(&template_key(kind))? {
            Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            None => templates::default_template(kind).to_owned(),
        })
    }

    /// Saves a template after checking it fills in; a broken one is refused
    /// (with its line) and the old one stays.
    pub fn save_letter_template(&self, kind: LetterKind, source: &str) -> Result<()> {
        templates::check(source)?;
        self.store
            .save_meta_value(&template_key(kind), source.as_bytes())?;
        Ok(())
    }

    /// Goes back to Tend's own wording.
    pub fn reset_letter_template(&self, kind: LetterKind) -> Result<()> {
        Ok(self.store.remove_meta_value(&template_key(kind))?)
    }

    /// Every letter due on `today`, sorted by referrer then participant.
    pub fn letters_due(&self, today: NaiveDate) -> Result<Vec<DueLetter>> {
        let every = u64::from(self.settings()?.progress_every_weeks) * 7;
        let mut sent: HashMap<ReferralId, Vec<SentLetter>> = HashMap::new();
        for letter in self.store.all_parts::<LetterRecord, _>(SentLetter::from)? {
            if letter.sent_on.is_some() {
                sent.entry(letter.referral).or_default().push(letter);
            }
        }
        let people: HashMap<ParticipantId, Addressee> = self
            .store
            .all_parts::<Participant, _>(Addressee::from)?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
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
        for referral in self.store.all_parts::<Referral, _>(ReferralDates::from)? {
            let Some((referrer, referrer_name, referrer_key)) = referrers.get(&referral.referrer)
            else {
                continue;
            };
            if referrer.details.kind == ReferrerKind::SelfReferral {
                continue;
            }
            let Some(person) = people.get(&referral.participant) else {
                continue;
            };
            let letters = sent.get(&referral.id).map_or(&[][..], Vec::as_slice);
            let has = |kind| letters.iter().any(|l| l.kind == kind);
            let consented = person.consents.share_with_referrer.is_some_and(|c| c.given);
            let status = referral
                .history
                .last()
                .map_or(ReferralStatus::Received, |c| c.status);
            let kind = if !has(LetterKind::Acknowledgement) && status != ReferralStatus::Closed {
                Some(LetterKind::Acknowledgement)
            } else if status == ReferralStatus::Closed && !has(LetterKind::Closing) {
                Some(LetterKind::Closing)
            } else if consented
                && matches!(
                    status,
                    ReferralStatus::FirstAttended | ReferralStatus::Active
                )
            {
                let last = letters
                    .iter()
                    .filter_map(|l| l.sent_on)
                    .max()
                    .unwrap_or(referral.received_on);
                (last + Days::new(every) <= today).then_some(LetterKind::Progress)
            } else {
                None
            };
            if let Some(kind) = kind {
                let order = (referrer_key.as_str(), sort_key(&person.full_name));
                due.push((
                    order,
                    DueLetter {
                        referral: referral.id,
                        kind,
                        participant: person.id,
                        participant_name: person.full_name.clone(),
                        referrer: referrer.id,
                        referrer_name: referrer_name.clone(),
                        minimal: !consented,
                    },
                ));
            }
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
        let facts = self.facts(&referral, &person, &referrer, today)?;
        let body = if consented(&person) {
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

    /// The placeholders' values for one referral.
    fn facts(
        &self,
        referral: &Referral,
        person: &Participant,
        referrer: &Referrer,
        today: NaiveDate,
    ) -> Result<LetterFacts> {
        let organisation = self.organisation()?.unwrap_or_default();
        let (attended, offered, first, last, activities) =
            self.attendance_since(person.id, referral.received_on)?;
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
                name: organisation.name,
                phone: organisation.phone,
                email: organisation.email,
            },
            attendance: templates::AttendanceFacts {
                attended,
                offered,
                first: first.map(long_date).unwrap_or_default(),
                last: last.map(long_date).unwrap_or_default(),
                activities: in_words(&activities),
            },
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
    ) -> Result<(
        usize,
        usize,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Vec<String>,
    )> {
        let today = Tend::today();
        let mut offered = 0;
        for enrolment in self.enrolments_for(person)? {
            offered += self
                .sessions_of(enrolment.activity)?
                .iter()
                .filter(|s| {
                    s.date >= since
                        && s.date <= today
                        && enrolment.is_current_on(s.date)
                        && !matches!(s.status, SessionStatus::Cancelled { .. })
                })
                .count();
        }
        let mut dates = Vec::new();
        let mut activities: Vec<String> = Vec::new();
        for mark in self.store.marks_for_participant(person)? {
            if mark.mark != Mark::Present {
                continue;
            }
            let session = self.session(mark.session)?;
            if session.date < since {
                continue;
            }
            dates.push(session.date);
            let name = format!("the {}", self.activity(session.activity)?.details.name);
            if !activities.contains(&name) {
                activities.push(name);
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
            if !logos.contains_key(key) {
                if let Some(bytes) = self.store.meta_value(key.as_bytes())? {
                    logos.insert(key.clone(), bytes);
                }
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
        self.store.put_all(&sent)?;
        Ok(())
    }

    pub fn letters_for(&self, participant: ParticipantId) -> Result<Vec<LetterSummary>> {
        let referrers: HashMap<ReferrerId, String> = self
            .referrers()?
            .into_iter()
            .map(|r| (r.id, r.details.display_name()))
            .collect();
        let mut letters: Vec<LetterSummary> = self
            .store
            .all::<LetterRecord>()?
            .into_iter()
            .filter(|l| l.participant == participant)
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
    pub fn letter(&self, id: LetterId) -> Result<LetterRecord> {
        self.store
            .get(id.as_bytes())?
            .ok_or_else(|| Error::NotFound("That letter is no longer in Tend.".into()))
    }

    /// What a template would say, filled in with made-up facts, for the editor.
    pub fn preview_template(source: &str) -> Result<String> {
        Ok(templates::check(source)?)
    }
}

/// What the queue needs of a referral (not its notes).
#[derive(Deserialize)]
struct ReferralDates {
    id: ReferralId,
    participant: ParticipantId,
    referrer: ReferrerId,
    received_on: NaiveDate,
    history: Vec<StatusChange>,
}

impl From<Referral> for ReferralDates {
    fn from(r: Referral) -> Self {
        ReferralDates {
            id: r.id,
            participant: r.participant,
            referrer: r.referrer,
            received_on: r.received_on,
            history: r.history,
        }
    }
}

/// What the queue needs of a sent letter (not its text).
#[derive(Deserialize)]
struct SentLetter {
    referral: ReferralId,
    kind: LetterKind,
    sent_on: Option<NaiveDate>,
}

impl From<LetterRecord> for SentLetter {
    fn from(l: LetterRecord) -> Self {
        SentLetter {
            referral: l.referral,
            kind: l.kind,
            sent_on: l.sent_on,
        }
    }
}

/// What the queue needs of a participant: who, and whether they consented.
#[derive(Deserialize)]
struct Addressee {
    id: ParticipantId,
    full_name: String,
    #[serde(default)]
    consents: Consents,
}

impl From<Participant> for Addressee {
    fn from(p: Participant) -> Self {
        Addressee {
            id: p.id,
            full_name: p.details.full_name,
            consents: p.details.consents,
        }
    }
}

fn consented(person: &Participant) -> bool {
    person
        .details
        .consents
        .share_with_referrer
        .is_some_and(|c| c.given)
}

/// "the Walk", "the Walk and the Garden", "the Walk, the Garden and the Choir".
fn in_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

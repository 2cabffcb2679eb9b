//! Letters back to referrers: which are due, composing them from the
//! templates (or, without consent to share, from the bare facts), printing
//! them in one PDF, and keeping each as sent so it can be reprinted exactly.

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::docs;
use crate::domain::text::sort_key;
use crate::domain::{
    LetterId, LetterKind, LetterRecord, ParticipantId, ReferralId, ReferralStatus, Referrer,
    ReferrerId, ReferrerKind,
};
use crate::store::{LetterState, Meta};
use crate::templates;
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

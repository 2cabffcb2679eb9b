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

/// How many earlier wordings of each letter are kept.
const TEMPLATE_VERSIONS_KEPT: usize = 20;

/// An earlier wording of a letter, as it was when it was replaced.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, TS)]
#[ts(export)]
pub struct TemplateVersion {
    /// When it stopped being the wording in use.
    pub saved_at: DateTime<Utc>,
    pub text: String,
}

/// A letter as a template will make it, for the editor's preview.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LetterPreview {
    pub letterhead: Vec<String>,
    pub recipient: Vec<String>,
    pub salutation: String,
    pub heading: String,
    pub body: String,
    /// Under "Yours sincerely,".
    pub signature: Vec<String>,
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

    /// Whether a kind of letter is in Tend's own wording: none of the
    /// organisation's is saved, or the one saved is Tend's word for word.
    pub fn uses_tends_wording(&self, kind: LetterKind) -> Result<bool> {
        Ok(self.letter_template(kind)? == templates::default_template(kind))
    }

    /// Saves a template after checking it fills in; a broken one is refused
    /// (with its line, in plain words) and the old one stays. The wording
    /// it replaces is kept as an earlier version.
    pub fn save_letter_template(&self, kind: LetterKind, source: &str) -> Result<()> {
        templates::check(source)?;
        self.keep_own_wording(kind, Some(source))?;
        self.store
            .save_meta_value(Meta::Template(kind), source.as_bytes())?;
        Ok(())
    }

    /// Goes back to Tend's own wording; the organisation's is kept as an
    /// earlier version.
    pub fn reset_letter_template(&self, kind: LetterKind) -> Result<()> {
        self.keep_own_wording(kind, None)?;
        Ok(self.store.remove_meta_value(Meta::Template(kind))?)
    }

    /// The organisation's earlier wordings of a kind of letter, newest
    /// first.
    pub fn letter_template_versions(&self, kind: LetterKind) -> Result<Vec<TemplateVersion>> {
        Ok(match self.store.meta_value(Meta::TemplateVersions(kind))? {
            Some(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
            None => Vec::new(),
        })
    }

    /// Puts an earlier wording back (the one in use is kept in its turn).
    pub fn restore_letter_template(&self, kind: LetterKind, saved_at: DateTime<Utc>) -> Result<()> {
        let version = self
            .letter_template_versions(kind)?
            .into_iter()
            .find(|v| v.saved_at == saved_at)
            .ok_or_else(|| Error::NotFound("That earlier wording is no longer kept.".into()))?;
        self.save_letter_template(kind, &version.text)
    }

    /// Keeps the organisation's own wording in use (if any) at the head of
    /// its earlier versions, and drops from them the wording that now
    /// replaces it (a version put back is in use, not kept twice).
    fn keep_own_wording(&self, kind: LetterKind, replaced_by: Option<&str>) -> Result<()> {
        let mut versions = self.letter_template_versions(kind)?;
        versions.retain(|v| Some(v.text.as_str()) != replaced_by);
        if let Some(bytes) = self.store.meta_value(Meta::Template(kind))? {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            if Some(text.as_str()) != replaced_by {
                versions.retain(|v| v.text != text);
                versions.insert(
                    0,
                    TemplateVersion {
                        saved_at: crate::clock::now(),
                        text,
                    },
                );
            }
        }
        versions.truncate(TEMPLATE_VERSIONS_KEPT);
        if versions.is_empty() {
            // Nothing kept: no record at all, rather than an empty list.
            return Ok(self.store.remove_meta_value(Meta::TemplateVersions(kind))?);
        }
        let json = serde_json::to_vec(&versions)
            .map_err(|e| Error::Document(format!("the earlier wordings could not be kept: {e}")))?;
        self.store
            .save_meta_value(Meta::TemplateVersions(kind), &json)?;
        Ok(())
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

    /// The letter a template makes, as it will be printed: the
    /// organisation's own letterhead and details, to a made-up referrer
    /// about a made-up person.
    pub fn preview_letter(&self, source: &str) -> Result<LetterPreview> {
        templates::check(source)?;
        let organisation = self.organisation()?.unwrap_or_default();
        let mut facts = templates::LetterFacts::sample();
        if !organisation.name.is_empty() {
            facts.organisation = templates::OrganisationFacts {
                name: organisation.name.clone(),
                phone: organisation.phone.clone(),
                email: organisation.email.clone(),
            };
        }
        let p = &facts.participant;
        let mut letterhead = vec![facts.organisation.name.clone()];
        letterhead.extend(organisation.letterhead_lines());
        Ok(LetterPreview {
            letterhead,
            signature: organisation.signature_lines(),
            recipient: vec![
                facts.referrer.name.clone(),
                facts.referrer.organisation.clone(),
            ],
            salutation: format!("Dear {},", facts.referrer.salutation),
            heading: format!(
                "Re: {}, born {}, NHS number {}",
                p.name, p.date_of_birth, p.nhs_number
            ),
            body: templates::render(source, &facts)?,
        })
    }

    /// Every placeholder with its plain name and a line about it.
    pub fn described_placeholders() -> Vec<crate::template_words::Placeholder> {
        crate::template_words::placeholder_list()
    }

    /// A template cut into words and chips, for the simple editor.
    pub fn template_parts(source: &str) -> Vec<crate::template_words::TemplatePart> {
        crate::template_words::parts(source)
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

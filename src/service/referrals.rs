//! Referrers and referrals: taking a referral in a minute, its status with
//! dated history, and which ones are waiting too long.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::names::FoldedName;
use crate::domain::text::{self, NOTE_MAX, sort_key};
use crate::domain::{
    ActivityId, ClosingReason, Participant, ParticipantDetails, ParticipantId, Referral,
    ReferralId, ReferralStatus, Referrer, ReferrerDetails, ReferrerId, StatusChange,
    ValidationError,
};
use crate::domain::{LogEntry, LoggedAction};
use crate::{Error, Result, Tend};

/// Who the referral is for: someone already in Tend, or a new person.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReferredPerson {
    /// Someone already in Tend; `details`, when given, are their record
    /// with what was typed at intake copied across (consents included),
    /// saved with the referral.
    Existing {
        id: ParticipantId,
        #[serde(default)]
        details: Option<Box<ParticipantDetails>>,
    },
    New {
        details: Box<ParticipantDetails>,
    },
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct NewReferral {
    pub person: ReferredPerson,
    pub referrer: Option<ReferrerId>,
    pub received_on: Option<NaiveDate>,
    pub reason: String,
    pub needs_and_concerns: String,
    pub suggested_activities: Vec<ActivityId>,
    /// Set once the person has seen the look-alikes and says this is someone new.
    #[serde(default)]
    pub not_a_duplicate: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct StatusUpdate {
    pub status: ReferralStatus,
    pub on: NaiveDate,
    /// Needed when closing.
    pub closing_reason: Option<ClosingReason>,
}

/// A referral with the names a list shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReferralSummary {
    pub referral: Referral,
    pub participant_name: String,
    pub referrer_name: String,
    pub status: ReferralStatus,
    /// Received this many days ago and still not contacted past the limit.
    pub waiting_days: Option<i64>,
}

impl Tend {
    pub fn referrers(&self) -> Result<Vec<Referrer>> {
        let mut all: Vec<Referrer> = self.store.all()?;
        all.sort_by_cached_key(|r| sort_key(&r.details.display_name()));
        Ok(all)
    }

    pub fn referrer(&self, id: ReferrerId) -> Result<Referrer> {
        self.store
            .get(&id)?
            .ok_or_else(|| Error::NotFound("That referrer is no longer in Tend.".into()))
    }

    /// Referrers whose name, organisation, ODS code or postcode match
    /// what was typed by the one name rule, best match first.
    pub fn search_referrers(&self, query: &str) -> Result<Vec<Referrer>> {
        let query = FoldedName::new(query);
        let mut found: Vec<(crate::domain::SearchRank, Referrer)> = self
            .referrers()?
            .into_iter()
            .filter_map(|r| {
                let d = &r.details;
                let words = FoldedName::new(&format!(
                    "{} {} {} {} {}",
                    d.name, d.organisation, d.ods_code, d.postcode, d.role
                ));
                words.search_rank(&query).map(|rank| (rank, r))
            })
            .collect();
        found.sort_by_key(|(rank, _)| *rank);
        Ok(found.into_iter().map(|(_, r)| r).collect())
    }

    pub fn add_referrer(&self, details: ReferrerDetails) -> Result<Referrer> {
        let referrer = Referrer {
            id: ReferrerId::new(),
            details: details.validated()?,
        };
        self.store.put(&referrer)?;
        Ok(referrer)
    }

    pub fn update_referrer(&self, id: ReferrerId, details: ReferrerDetails) -> Result<Referrer> {
        let referrer = Referrer {
            details: details.validated()?,
            ..self.referrer(id)?
        };
        self.store.put(&referrer)?;
        Ok(referrer)
    }

    /// Two entries for the same referrer become one: `duplicate`'s referrals
    /// and letters move to `keep` and `duplicate` is removed, all at once.
    pub fn merge_referrers(&self, keep: ReferrerId, duplicate: ReferrerId) -> Result<Referrer> {
        if keep == duplicate {
            return Err(
                ValidationError::new("duplicate", "Choose two different referrers.").into(),
            );
        }
        let kept = self.referrer(keep)?;
        self.referrer(duplicate)?;
        let referrals: Vec<Referral> = self
            .store
            .all::<Referral>()?
            .into_iter()
            .filter(|r| r.referrer == duplicate)
            .map(|r| Referral {
                referrer: keep,
                ..r
            })
            .collect();
        let letters = self.letters_moved(
            |l| l.referrer == duplicate,
            |l| crate::domain::LetterRecord {
                referrer: keep,
                ..l
            },
        )?;
        self.store
            .merge_referrers(duplicate, &referrals, &letters)?;
        Ok(kept)
    }

    pub fn referral(&self, id: ReferralId) -> Result<Referral> {
        self.store
            .get(&id)?
            .ok_or_else(|| Error::NotFound("That referral is no longer in Tend.".into()))
    }

    /// Takes a new referral, creating the participant if they are new.
    pub fn take_referral(&self, request: NewReferral, today: NaiveDate) -> Result<Referral> {
        let referrer = request
            .referrer
            .ok_or_else(|| ValidationError::new("referrer", "Choose who referred them."))?;
        self.referrer(referrer)?;
        let received_on = request.received_on.ok_or_else(|| {
            ValidationError::new("received_on", "Give the date the referral was received.")
        })?;
        if received_on > today {
            return Err(ValidationError::new(
                "received_on",
                "The date received cannot be in the future.",
            )
            .into());
        }
        let reason = text::note("reason", "Reason for referral", &request.reason, NOTE_MAX)?;
        let needs = text::note(
            "needs_and_concerns",
            "Needs and concerns",
            &request.needs_and_concerns,
            NOTE_MAX,
        )?;
        for activity in &request.suggested_activities {
            self.activity(*activity)?;
        }
        let (participant, person, log): (ParticipantId, Option<Participant>, Vec<LogEntry>) =
            match request.person {
                ReferredPerson::Existing { id, details: None } => {
                    (self.participant(id)?.id, None, Vec::new())
                }
                ReferredPerson::Existing {
                    id,
                    details: Some(details),
                } => {
                    let person = self.copied_across(id, *details, today)?;
                    let entry = super::people::corrections_logged(&person, today);
                    (id, Some(person), vec![entry])
                }
                ReferredPerson::New { details } => {
                    let person = self.new_participant(*details, today, request.not_a_duplicate)?;
                    let entry = LogEntry::about_person(LoggedAction::PersonAdded, person.id)
                        .with_fields(["from a referral"]);
                    (person.id, Some(person), vec![entry])
                }
            };
        let referral = Referral {
            id: ReferralId::new(),
            participant,
            referrer,
            received_on,
            reason,
            needs_and_concerns: needs,
            suggested_activities: request.suggested_activities,
            history: vec![StatusChange {
                status: ReferralStatus::Received,
                on: received_on,
            }],
            closing_reason: None,
            changes: String::new(),
            outcome: String::new(),
        };
        self.store
            .save_referral_with(&referral, person.as_ref(), &log)?;
        if let Some(person) = &person {
            self.people_changed(std::slice::from_ref(person), &[]);
        }
        Ok(referral)
    }

    /// Someone's record with what was typed at intake copied across:
    /// details as chosen, and each consent whose answer changed recorded
    /// on its date. Not yet saved.
    fn copied_across(
        &self,
        id: ParticipantId,
        typed: ParticipantDetails,
        today: NaiveDate,
    ) -> Result<Participant> {
        let before = self.participant(id)?;
        let consents = typed.consents.clone();
        let mut person = self.corrected(id, typed, today)?;
        for kind in crate::domain::ConsentKind::ALL {
            if let Some(answer) = consents.get(kind)
                && before.details.consents.get(kind).map(|c| c.given) != Some(answer.given)
            {
                person.change_consent(kind, answer.given, answer.on, today)?;
            }
        }
        Ok(person)
    }

    /// Moves a referral on (or back), dated; closing needs a reason.
    pub fn update_referral_status(&self, id: ReferralId, update: StatusUpdate) -> Result<Referral> {
        let mut referral = self.referral(id)?;
        if referral.status() == ReferralStatus::Closed {
            return Err(ValidationError::new(
                "status",
                "This referral is closed. If they come back, take a new referral.",
            )
            .into());
        }
        if update.status == referral.status() {
            return Err(
                ValidationError::new("status", "The referral already has that status.").into(),
            );
        }
        if let Some(last) = referral.history.last()
            && update.on < last.on
        {
            return Err(ValidationError::new(
                "on",
                format!(
                    "The date cannot be before the last change ({}).",
                    crate::domain::dates::long_date(last.on)
                ),
            )
            .into());
        }
        if update.status == ReferralStatus::Closed {
            let reason = match update.closing_reason {
                None => {
                    return Err(ValidationError::new(
                        "closing_reason",
                        "Choose why it is closing.",
                    )
                    .into());
                }
                Some(ClosingReason::Other { detail }) => ClosingReason::Other {
                    detail: text::required(
                        "closing_reason",
                        "The reason",
                        &detail,
                        text::LINE_MAX,
                    )?,
                },
                Some(reason) => reason,
            };
            referral.closing_reason = Some(reason);
        }
        referral.history.push(StatusChange {
            status: update.status,
            on: update.on,
        });
        let entry =
            LogEntry::about_person(LoggedAction::ReferralStatusChanged, referral.participant)
                .with_fields([
                    format!("referral {}: {:?}", referral.id, update.status).to_lowercase()
                ]);
        self.store.save_referral(&referral, &[entry])?;
        Ok(referral)
    }

    /// What the participant says has changed, and the outcome, for letters.
    pub fn note_referral_progress(
        &self,
        id: ReferralId,
        changes: &str,
        outcome: &str,
    ) -> Result<Referral> {
        let referral = Referral {
            changes: text::note(
                "changes",
                "What has changed",
                changes,
                text::LETTER_NOTE_MAX,
            )?,
            outcome: text::note("outcome", "Outcome", outcome, text::LETTER_NOTE_MAX)?,
            ..self.referral(id)?
        };
        let entry =
            LogEntry::about_person(LoggedAction::ReferralNotesChanged, referral.participant)
                .with_fields([format!("referral {id}: changes, outcome")]);
        self.store.save_referral(&referral, &[entry])?;
        Ok(referral)
    }

    /// A participant's first attendance moves their open referrals that
    /// have not reached it on to "first attended", dated that session.
    pub(super) fn note_attendance(&self, participant: ParticipantId, on: NaiveDate) -> Result<()> {
        for mut referral in self.store.referrals_for(participant)? {
            let status = referral.status();
            if status < ReferralStatus::FirstAttended && on >= referral.received_on {
                referral.history.push(StatusChange {
                    status: ReferralStatus::FirstAttended,
                    on,
                });
                let entry =
                    LogEntry::about_person(LoggedAction::ReferralStatusChanged, participant)
                        .with_fields([format!("referral {}: first attended", referral.id)]);
                self.store.save_referral(&referral, &[entry])?;
            }
        }
        Ok(())
    }

    pub fn referrals_for(&self, participant: ParticipantId) -> Result<Vec<Referral>> {
        let mut referrals = self.store.referrals_for(participant)?;
        referrals.sort_by_key(|r| std::cmp::Reverse(r.received_on));
        Ok(referrals)
    }

    /// Every referral, newest first, with names and how long it has waited.
    pub fn referral_list(&self, today: NaiveDate) -> Result<Vec<ReferralSummary>> {
        let limit = i64::from(self.settings()?.waiting_too_long_days);
        let people: std::collections::HashMap<ParticipantId, String> = self
            .participants()?
            .into_iter()
            .map(|p| (p.id, p.details.full_name))
            .collect();
        let referrers: std::collections::HashMap<ReferrerId, String> = self
            .referrers()?
            .into_iter()
            .map(|r| (r.id, r.details.display_name()))
            .collect();
        let mut list: Vec<ReferralSummary> = self
            .store
            .all::<Referral>()?
            .into_iter()
            .map(|referral| {
                let status = referral.status();
                let waited = (today - referral.received_on).num_days();
                ReferralSummary {
                    // Only an anonymised person's referrals outlive them.
                    participant_name: people
                        .get(&referral.participant)
                        .cloned()
                        .unwrap_or_else(|| "An anonymised person".into()),
                    referrer_name: referrers
                        .get(&referral.referrer)
                        .cloned()
                        .unwrap_or_default(),
                    status,
                    waiting_days: (status == ReferralStatus::Received && waited >= limit)
                        .then_some(waited),
                    referral,
                }
            })
            .collect();
        list.sort_by_key(|s| std::cmp::Reverse(s.referral.received_on));
        Ok(list)
    }
}

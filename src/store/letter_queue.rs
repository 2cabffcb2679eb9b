//! The `letter_queue` index: for each referral, what deciding which letter
//! is due needs (whose it is, its status and date received, the person's
//! name and consent to share, which letters have gone and when the last
//! went) as a small binary entry. The entries are kept in 64 buckets, one
//! sled value each (about 10 kB at 10,000 referrals), so "Letters to send"
//! reads 64 values instead of a referral, a participant and every letter,
//! and a store just opened pages in 64 values, not 10,000.
//!
//! It is kept in step in the same transactions as the referral, participant
//! and letter writes, and built whole by the schema-5 migration and by a
//! restore. Letters are only ever added or marked sent, never unsent or
//! removed, so a letter's write can only add to what its referral's entry
//! says was sent.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::buckets::{self, push_entry};
use super::codec::date_key;
use super::{Result, StoreError};
use crate::domain::{
    LetterKind, LetterRecord, Participant, ParticipantId, Referral, ReferralId, ReferralStatus,
    ReferrerId,
};

pub const TREE: &str = "letter_queue";

/// One referral as the letters queue sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct LetterState {
    pub referral: ReferralId,
    pub participant: ParticipantId,
    pub referrer: ReferrerId,
    pub received_on: NaiveDate,
    /// The referral's latest status.
    pub status: ReferralStatus,
    /// The participant's record was found (a referral always has one, but
    /// an imported file might not).
    pub person_known: bool,
    pub participant_name: String,
    /// The participant consented to share their progress with the referrer.
    pub consented: bool,
    /// The kinds of letter sent so far.
    pub sent: Vec<LetterKind>,
    /// When the latest letter went.
    pub last_sent: Option<NaiveDate>,
}

const KINDS: [LetterKind; 3] = [
    LetterKind::Acknowledgement,
    LetterKind::Progress,
    LetterKind::Closing,
];
const STATUSES: [ReferralStatus; 5] = [
    ReferralStatus::Received,
    ReferralStatus::Contacted,
    ReferralStatus::FirstAttended,
    ReferralStatus::Active,
    ReferralStatus::Closed,
];

// Flag bits.
const PERSON_KNOWN: u8 = 1;
const CONSENTED: u8 = 2;
const HAS_LAST_SENT: u8 = 4;
/// Bit of each kind in `KINDS` order, above the other flags.
const FIRST_KIND_BIT: u8 = 3;

// Layout: participant 16, referrer 16, received 4, status 1, flags 1,
// last sent 4, then the participant's name as UTF-8.
const NAME_AT: usize = 42;

fn kind_bit(kind: LetterKind) -> u8 {
    let index = KINDS.iter().position(|k| *k == kind).unwrap_or(0);
    1 << (FIRST_KIND_BIT as usize + index)
}

fn date_from_key(bytes: [u8; 4]) -> Option<NaiveDate> {
    let days = (u32::from_be_bytes(bytes) ^ 0x8000_0000) as i32;
    NaiveDate::from_num_days_from_ce_opt(days)
}

/// What an entry holds of its person: their name and whether they consent
/// to progress being shared with the referrer.
fn what_letters_need(person: &Participant) -> (String, bool) {
    (
        person.details.full_name.clone(),
        person.details.consents.may_share_with_referrer(),
    )
}

impl LetterState {
    /// A referral's entry with nothing sent yet.
    pub fn new(referral: &Referral, person: Option<&Participant>) -> Self {
        let mut state = LetterState {
            referral: referral.id,
            participant: referral.participant,
            referrer: referral.referrer,
            received_on: referral.received_on,
            status: referral
                .history
                .last()
                .map_or(ReferralStatus::Received, |c| c.status),
            person_known: false,
            participant_name: String::new(),
            consented: false,
            sent: Vec::new(),
            last_sent: None,
        };
        if let Some(person) = person {
            state.set_person(person);
        }
        state
    }

    fn set_person(&mut self, person: &Participant) {
        let (name, consented) = what_letters_need(person);
        self.person_known = true;
        self.participant_name = name;
        self.consented = consented;
    }

    /// Counts a letter in, if it has been sent.
    fn add_letter(&mut self, letter: &LetterRecord) {
        let Some(on) = letter.sent_on else { return };
        if !self.sent.contains(&letter.kind) {
            self.sent.push(letter.kind);
            self.sent.sort_by_key(|k| kind_bit(*k));
        }
        self.last_sent = self.last_sent.max(Some(on));
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut flags = 0;
        for (set, bit) in [
            (self.person_known, PERSON_KNOWN),
            (self.consented, CONSENTED),
            (self.last_sent.is_some(), HAS_LAST_SENT),
        ] {
            if set {
                flags |= bit;
            }
        }
        for kind in &self.sent {
            flags |= kind_bit(*kind);
        }
        let status = STATUSES.iter().position(|s| *s == self.status).unwrap_or(0) as u8;
        let mut out = Vec::with_capacity(NAME_AT + self.participant_name.len());
        out.extend_from_slice(self.participant.as_bytes());
        out.extend_from_slice(self.referrer.as_bytes());
        out.extend_from_slice(&date_key(self.received_on));
        out.push(status);
        out.push(flags);
        out.extend_from_slice(&self.last_sent.map(date_key).unwrap_or_default());
        out.extend_from_slice(self.participant_name.as_bytes());
        out
    }

    pub fn decode(key: &[u8], value: &[u8]) -> Result<Self> {
        let bad = || StoreError::Corrupt {
            tree: TREE,
            detail: "an entry is not a referral's letter state".into(),
        };
        let referral: [u8; 16] = key.try_into().map_err(|_| bad())?;
        if value.len() < NAME_AT {
            return Err(bad());
        }
        let id = |at: usize| -> [u8; 16] { value[at..at + 16].try_into().unwrap_or_default() };
        let date = |at: usize| -> [u8; 4] { value[at..at + 4].try_into().unwrap_or_default() };
        let flags = value[37];
        Ok(LetterState {
            referral: ReferralId::from_bytes(referral),
            participant: ParticipantId::from_bytes(id(0)),
            referrer: ReferrerId::from_bytes(id(16)),
            received_on: date_from_key(date(32)).ok_or_else(bad)?,
            status: *STATUSES.get(usize::from(value[36])).ok_or_else(bad)?,
            person_known: flags & PERSON_KNOWN != 0,
            consented: flags & CONSENTED != 0,
            sent: KINDS
                .into_iter()
                .filter(|k| flags & kind_bit(*k) != 0)
                .collect(),
            last_sent: if flags & HAS_LAST_SENT != 0 {
                Some(date_from_key(date(38)).ok_or_else(bad)?)
            } else {
                None
            },
            participant_name: std::str::from_utf8(&value[NAME_AT..])
                .map_err(|_| bad())?
                .to_owned(),
        })
    }
}

/// The bucket a referral's entry lives in.
pub fn bucket_key(referral: ReferralId) -> [u8; 1] {
    buckets::bucket_key(referral.as_bytes())
}

/// A bucket's entries: referral 16, length 2, then `LetterState::encode`.
fn entries(bucket: &[u8]) -> impl Iterator<Item = Result<(&[u8], &[u8])>> {
    buckets::entries(bucket, TREE)
}

/// Every entry in a bucket.
pub fn states_in(bucket: &[u8]) -> Result<Vec<LetterState>> {
    entries(bucket)
        .map(|entry| {
            let (key, value) = entry?;
            LetterState::decode(key, value)
        })
        .collect()
}

/// One referral's entry, if its bucket holds one.
pub fn state_of(bucket: Option<&[u8]>, referral: ReferralId) -> Result<Option<LetterState>> {
    for entry in entries(bucket.unwrap_or_default()) {
        let (key, value) = entry?;
        if key == referral.as_bytes() {
            return LetterState::decode(key, value).map(Some);
        }
    }
    Ok(None)
}

/// The bucket with `state` in place of the referral's earlier entry.
pub fn with_state(bucket: Option<&[u8]>, state: &LetterState) -> Result<Vec<u8>> {
    let mut out = without(bucket, state.referral)?;
    push_entry(&mut out, state.referral.as_bytes(), &state.encode());
    Ok(out)
}

/// The bucket without the referral's entry.
pub fn without(bucket: Option<&[u8]>, referral: ReferralId) -> Result<Vec<u8>> {
    buckets::without(bucket, referral.as_bytes(), TREE)
}

/// A referral's entry after the referral is saved: its own facts and the
/// person's anew, what was sent kept from the entry before.
pub fn after_referral_saved(
    referral: &Referral,
    person: Option<&Participant>,
    before: Option<LetterState>,
) -> LetterState {
    let mut state = LetterState::new(referral, person);
    if let Some(before) = before {
        state.sent = before.sent;
        state.last_sent = before.last_sent;
    }
    state
}

/// An entry after its participant's name or consent changed.
pub fn after_person_saved(mut state: LetterState, person: &Participant) -> LetterState {
    state.set_person(person);
    state
}

/// An entry after one of its referral's letters was saved.
pub fn after_letter_saved(mut state: LetterState, letter: &LetterRecord) -> LetterState {
    state.add_letter(letter);
    state
}

/// The whole index for these records: (bucket key, value) pairs.
/// The whole index from records met one at a time and in any order (a
/// restore streams them): a small summary of each person, each referral's
/// entry and each sent letter are kept until `finish` puts them together.
#[derive(Default)]
pub struct Builder {
    people: HashMap<ParticipantId, (String, bool)>,
    states: HashMap<ReferralId, LetterState>,
    letters: Vec<LetterRecord>,
}

impl Builder {
    pub fn person(&mut self, person: &Participant) {
        self.people.insert(person.id, what_letters_need(person));
    }

    pub fn referral(&mut self, referral: &Referral) {
        self.states
            .insert(referral.id, LetterState::new(referral, None));
    }

    pub fn letter(&mut self, letter: &LetterRecord) {
        if letter.sent_on.is_some() {
            self.letters.push(letter.clone());
        }
    }

    pub fn finish(mut self) -> Vec<(Vec<u8>, Vec<u8>)> {
        for letter in &self.letters {
            if let Some(state) = self.states.get_mut(&letter.referral) {
                state.add_letter(letter);
            }
        }
        let mut buckets: BTreeMap<[u8; 1], Vec<u8>> = BTreeMap::new();
        for state in self.states.values_mut() {
            // An anonymised person's referrals stay, and no letter is due.
            let Some((name, consented)) = self.people.get(&state.participant) else {
                continue;
            };
            state.person_known = true;
            state.participant_name.clone_from(name);
            state.consented = *consented;
            let bucket = buckets.entry(bucket_key(state.referral)).or_default();
            push_entry(bucket, state.referral.as_bytes(), &state.encode());
        }
        buckets
            .into_iter()
            .map(|(key, value)| (key.to_vec(), value))
            .collect()
    }
}

pub fn build(
    referrals: &[Referral],
    participants: &[Participant],
    letters: &[LetterRecord],
) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut builder = Builder::default();
    participants.iter().for_each(|p| builder.person(p));
    referrals.iter().for_each(|r| builder.referral(r));
    letters.iter().for_each(|l| builder.letter(l));
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ConsentRecord, ParticipantDetails, StatusChange};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    /// A referral of `person`, received on 2 March.
    fn referral_of(person: &Participant, history: Vec<StatusChange>) -> Referral {
        Referral {
            id: ReferralId::new(),
            participant: person.id,
            referrer: ReferrerId::new(),
            received_on: day(2),
            reason: String::new(),
            needs_and_concerns: String::new(),
            suggested_activities: vec![],
            history,
            closing_reason: None,
            changes: String::new(),
            outcome: String::new(),
        }
    }

    #[test]
    fn an_entry_reads_back_as_written() {
        let person = Participant {
            id: ParticipantId::new(),
            details: ParticipantDetails {
                full_name: "Łucja Wiśniewska-Ó Briain".into(),
                consents: crate::domain::Consents {
                    share_with_referrer: Some(ConsentRecord {
                        given: true,
                        on: day(1),
                    }),
                    ..Default::default()
                },
                ..Default::default()
            },
            created_on: day(1),
            history: Vec::new(),
        };
        let referral = referral_of(
            &person,
            vec![
                StatusChange {
                    status: ReferralStatus::Received,
                    on: day(2),
                },
                StatusChange {
                    status: ReferralStatus::Active,
                    on: day(9),
                },
            ],
        );
        let mut state = LetterState::new(&referral, Some(&person));
        assert_eq!(
            LetterState::decode(state.referral.as_bytes(), &state.encode()).unwrap(),
            state
        );
        assert_eq!(state.status, ReferralStatus::Active);
        assert!(state.consented && state.person_known);

        state.sent = vec![LetterKind::Acknowledgement, LetterKind::Closing];
        state.last_sent = Some(day(20));
        let read = LetterState::decode(state.referral.as_bytes(), &state.encode()).unwrap();
        assert_eq!(read, state);
        assert_eq!(read.participant_name, "Łucja Wiśniewska-Ó Briain");

        let unknown = LetterState::new(&referral, None);
        let read = LetterState::decode(unknown.referral.as_bytes(), &unknown.encode()).unwrap();
        assert!(!read.person_known && !read.consented && read.sent.is_empty());
        assert!(LetterState::decode(state.referral.as_bytes(), &state.encode()[..20]).is_err());
    }

    #[test]
    fn a_bucket_holds_one_entry_per_referral() {
        let referral = |name: &str| {
            let person = Participant {
                id: ParticipantId::new(),
                details: ParticipantDetails {
                    full_name: name.into(),
                    ..Default::default()
                },
                created_on: day(1),
                history: Vec::new(),
            };
            LetterState::new(&referral_of(&person, vec![]), Some(&person))
        };
        let (a, b) = (referral("Aled"), referral("Bethan"));
        let bucket = with_state(None, &a).unwrap();
        let bucket = with_state(Some(&bucket), &b).unwrap();
        let mut renamed = a.clone();
        renamed.participant_name = "Aled Jones".into();
        let bucket = with_state(Some(&bucket), &renamed).unwrap();
        assert_eq!(
            states_in(&bucket).unwrap(),
            vec![b.clone(), renamed.clone()]
        );
        assert_eq!(state_of(Some(&bucket), a.referral).unwrap(), Some(renamed));
        assert_eq!(state_of(None, a.referral).unwrap(), None);
        assert!(states_in(&bucket[..bucket.len() - 1]).is_err());
    }
}

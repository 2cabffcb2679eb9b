//! Referrals, and the letters each one is due, kept as the letters queue.

use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use crate::domain::{LetterRecord, LogEntry, Participant, ParticipantId, Referral, ReferralId};

use super::codec::{decode, encode, pair_key};
use super::sealed::Tx;
use super::{
    LetterState, Record, Result, Store, StoreError, abort, bad_index, letter_queue, name_index,
};

pub(super) fn referral_index_key(referral: &Referral) -> Vec<u8> {
    pair_key(referral.participant.as_bytes(), referral.id.as_bytes())
}

/// A referral's letters-queue entry after the referral was saved (with
/// its person as they now are), inside a transaction.
pub(super) fn referral_saved_in_queue(
    queue: &Tx<'_>,
    referral: &Referral,
    person: Option<&Participant>,
) -> std::result::Result<(), ConflictableTransactionError<StoreError>> {
    let bucket_key = letter_queue::bucket_key(referral.id);
    let bucket = queue.get(bucket_key)?;
    let updated = || -> Result<Vec<u8>> {
        let before = letter_queue::state_of(bucket.as_deref(), referral.id)?;
        let state = letter_queue::after_referral_saved(referral, person, before);
        letter_queue::with_state(bucket.as_deref(), &state)
    };
    let updated = updated().map_err(ConflictableTransactionError::Abort)?;
    queue.insert(bucket_key, updated)?;
    Ok(())
}

/// Rewrites one referral's letters-queue entry inside a transaction, if it
/// has one.
pub(super) fn update_letter_state(
    queue: &Tx<'_>,
    referral: ReferralId,
    change: impl FnOnce(LetterState) -> LetterState,
) -> std::result::Result<(), ConflictableTransactionError<StoreError>> {
    let key = letter_queue::bucket_key(referral);
    let bucket = queue.get(key)?;
    let updated = || -> Result<Option<Vec<u8>>> {
        letter_queue::state_of(bucket.as_deref(), referral)?
            .map(|state| letter_queue::with_state(bucket.as_deref(), &change(state)))
            .transpose()
    };
    if let Some(updated) = updated().map_err(ConflictableTransactionError::Abort)? {
        queue.insert(key, updated)?;
    }
    Ok(())
}

impl Store {
    /// Saves a referral with its index entries (by person, and in the
    /// letters queue) together, flushed.
    pub fn save_referral(&self, referral: &Referral, log: &[LogEntry]) -> Result<()> {
        self.save_referral_with(referral, None, log)
    }

    /// Saves a referral and, in the same transaction, the person it is
    /// for (new, or with details copied across at intake) and the
    /// activity log's entries.
    pub fn save_referral_with(
        &self,
        referral: &Referral,
        person: Option<&Participant>,
        log: &[LogEntry],
    ) -> Result<()> {
        let logged = self.logged(log)?;
        let bytes = encode(referral)?;
        let person_bytes = person
            .map(|p| Ok::<_, StoreError>((p, encode(p)?, self.referral_ids_of(p.id)?)))
            .transpose()?;
        let index = referral_index_key(referral);
        let key = referral.key();
        let people_tree = self.tree::<Participant>()?;
        (
            self.referrals.raw(),
            self.referrals_by_participant.raw(),
            self.letter_queue.raw(),
            people_tree.raw(),
            self.names.raw(),
            logged.tree(),
        )
            .transaction(
                |(referrals, by_participant, queue, participants, names, log_tx)| {
                    logged.write(log_tx)?;
                    let referrals = self.referrals.tx(referrals);
                    let by_participant = self.referrals_by_participant.tx(by_participant);
                    let queue = self.letter_queue.tx(queue);
                    let participants = people_tree.tx(participants);
                    if let Some((person, encoded, others)) = &person_bytes {
                        participants.insert(person.key(), encoded.as_slice())?;
                        name_index::saved(&self.names.tx(names), person)?;
                        for other in others.iter().filter(|r| **r != referral.id) {
                            update_letter_state(&queue, *other, |state| {
                                letter_queue::after_person_saved(state, person)
                            })?;
                        }
                    }
                    referrals.insert(key.as_slice(), bytes.as_slice())?;
                    by_participant.insert(index.as_slice(), [])?;
                    let person = participants
                        .get(referral.participant.as_bytes())?
                        .map(|bytes| decode(&bytes))
                        .transpose()
                        .map_err(ConflictableTransactionError::Abort)?;
                    referral_saved_in_queue(&queue, referral, person.as_ref())?;
                    Ok(())
                },
            )
            .map_err(abort)?;
        self.flush()
    }

    /// Saves letters, and what their referrals' queue entries say was sent,
    /// together: all of them, or none.
    pub fn save_letters(&self, letters: &[LetterRecord]) -> Result<()> {
        let encoded = letters
            .iter()
            .map(|l| Ok((l, l.key(), encode(l)?)))
            .collect::<Result<Vec<_>>>()?;
        let letters = self.tree::<LetterRecord>()?;
        (letters.raw(), self.letter_queue.raw())
            .transaction(|(kept, queue)| {
                let (kept, queue) = (letters.tx(kept), self.letter_queue.tx(queue));
                for (letter, key, bytes) in &encoded {
                    kept.insert(key.as_slice(), bytes.as_slice())?;
                    update_letter_state(&queue, letter.referral, |state| {
                        letter_queue::after_letter_saved(state, letter)
                    })?;
                }
                Ok(())
            })
            .map_err(abort)?;
        self.flush()
    }

    /// Every referral as the letters queue sees it.
    pub fn letter_states(&self) -> Result<Vec<LetterState>> {
        let mut states = Vec::new();
        for bucket in self.letter_queue.iter().values() {
            states.extend(letter_queue::states_in(&bucket?)?);
        }
        Ok(states)
    }

    /// The letters queue as it would be built afresh from the referrals,
    /// people and letters themselves: what schema 5's upgrade wrote, and
    /// what the queue kept in step with every change must always equal.
    pub fn letter_states_rebuilt(&self) -> Result<Vec<LetterState>> {
        let mut states = Vec::new();
        for (_, bucket) in self.fresh_letter_queue()? {
            states.extend(letter_queue::states_in(&bucket)?);
        }
        Ok(states)
    }

    /// The letters queue's entries built from the records.
    pub(super) fn fresh_letter_queue(&self) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        Ok(letter_queue::build(
            &self.all::<Referral>()?,
            &self.all::<Participant>()?,
            &self.all::<LetterRecord>()?,
        ))
    }

    pub fn referrals_for(&self, participant: ParticipantId) -> Result<Vec<Referral>> {
        self.referrals_by_participant
            .scan_prefix(participant.as_bytes())
            .keys()
            .filter_map(|key| {
                let lookup = || -> Result<Option<Referral>> {
                    let key = key?;
                    let id: [u8; 16] = key
                        .get(16..32)
                        .and_then(|b| b.try_into().ok())
                        .ok_or_else(|| bad_index("referrals_by_participant"))?;
                    self.get(&ReferralId::from_bytes(id))
                };
                lookup().transpose()
            })
            .collect()
    }
}

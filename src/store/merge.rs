//! Two records of one person (or of one referrer) become one, in one
//! transaction across every tree that names them.

use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use crate::domain::{
    AccessRequest, AttendanceMark, Enrolment, LetterRecord, LogEntry, OutcomeRecord, Participant,
    ParticipantId, Referral, Referrer, ReferrerId,
};

use super::codec::{Record, encode, pair_key};
use super::{
    Result, Store, abort, enrolment_index_key, letter_queue, marks, name_index, referral_index_key,
    referral_saved_in_queue, update_letter_state,
};

/// Everything that changes when `removed` is merged into `keep`, worked
/// out beforehand by the service.
pub struct PeopleMerge {
    pub keep: Participant,
    pub removed: ParticipantId,
    /// The kept person's mark at every session the removed one was marked at.
    pub marks: Vec<AttendanceMark>,
    /// Spells to take out (of either person) and the spells that replace them.
    pub old_enrolments: Vec<Enrolment>,
    pub enrolments: Vec<Enrolment>,
    /// The removed person's referrals and letters, now the kept person's.
    pub referrals: Vec<Referral>,
    pub letters: Vec<LetterRecord>,
    /// The removed person's subject access requests, now the kept person's.
    pub access_requests: Vec<AccessRequest>,
    /// The removed person's outcome measures, now the kept person's.
    pub outcomes: Vec<OutcomeRecord>,
    pub log: Vec<LogEntry>,
}

impl Store {
    pub fn merge_people(&self, merge: &PeopleMerge) -> Result<()> {
        let keep = &merge.keep;
        let removed = merge.removed;
        let person = encode(keep)?;
        let moved = encode_each(&merge.marks)?;
        let taken_out: Vec<_> = moved.iter().map(|(m, _)| (m.session, None)).collect();
        let kept_marks: Vec<_> = moved
            .iter()
            .map(|(m, bytes)| (m.session, Some((m.mark, bytes.as_slice()))))
            .collect();
        let enrolments = encode_each(&merge.enrolments)?;
        let referrals = encode_each(&merge.referrals)?;
        let letters = encode_each(&merge.letters)?;
        let requests = encode_each(&merge.access_requests)?;
        let kept_requests = self.tree::<AccessRequest>()?;
        let own_referrals = self.referral_ids_of(keep.id)?;
        let participants = self.tree::<Participant>()?;
        let kept_letters = self.tree::<LetterRecord>()?;
        let logged = self.logged(&merge.log)?;
        let outcomes = encode_each(&merge.outcomes)?;
        let outcomes_tree = self.tree::<OutcomeRecord>()?;
        (
            participants.raw(),
            self.attendance.raw(),
            self.marks_by_session.raw(),
            self.enrolments.raw(),
            self.enrolments_by_participant.raw(),
            self.referrals.raw(),
            self.referrals_by_participant.raw(),
            self.letter_queue.raw(),
            kept_letters.raw(),
            kept_requests.raw(),
            logged.tree(),
            outcomes_tree.raw(),
            self.names.raw(),
        )
            .transaction(
                |(
                    people,
                    attendance,
                    by_session,
                    spells,
                    spells_by,
                    refs,
                    refs_by,
                    queue,
                    letters_tree,
                    requests_tree,
                    log_tx,
                    outcomes_tx,
                    names,
                )| {
                    logged.write(log_tx)?;
                    let outcomes_tx = outcomes_tree.tx(outcomes_tx);
                    for (outcome, bytes) in &outcomes {
                        outcomes_tx.remove(OutcomeRecord::key_of(&(removed, outcome.id)))?;
                        outcomes_tx.insert(outcome.key(), bytes.as_slice())?;
                    }
                    let people = participants.tx(people);
                    let attendance = self.attendance.tx(attendance);
                    let by_session = self.marks_by_session.tx(by_session);
                    let spells = self.enrolments.tx(spells);
                    let spells_by = self.enrolments_by_participant.tx(spells_by);
                    let refs = self.referrals.tx(refs);
                    let refs_by = self.referrals_by_participant.tx(refs_by);
                    let queue = self.letter_queue.tx(queue);
                    let letters_tree = kept_letters.tx(letters_tree);
                    let requests_tree = kept_requests.tx(requests_tree);
                    people.insert(keep.key(), person.as_slice())?;
                    people.remove(removed.as_bytes().as_slice())?;
                    let names = self.names.tx(names);
                    name_index::saved(&names, keep)?;
                    name_index::removed(&names, removed)?;
                    marks::marks_changed(&attendance, &by_session, removed, &taken_out)?;
                    attendance.remove(removed.as_bytes())?;
                    marks::marks_changed(&attendance, &by_session, keep.id, &kept_marks)?;
                    for old in &merge.old_enrolments {
                        spells.remove(old.key())?;
                        spells_by.remove(enrolment_index_key(old))?;
                    }
                    for (spell, bytes) in &enrolments {
                        spells.insert(spell.key(), bytes.as_slice())?;
                        spells_by.insert(enrolment_index_key(spell), [])?;
                    }
                    for (referral, bytes) in &referrals {
                        refs.insert(referral.key(), bytes.as_slice())?;
                        refs_by.remove(pair_key(removed.as_bytes(), referral.id.as_bytes()))?;
                        refs_by.insert(referral_index_key(referral), [])?;
                        referral_saved_in_queue(&queue, referral, Some(keep))?;
                    }
                    for (letter, bytes) in &letters {
                        letters_tree.insert(letter.key(), bytes.as_slice())?;
                    }
                    for (request, bytes) in &requests {
                        requests_tree.insert(request.key(), bytes.as_slice())?;
                    }
                    // The kept person's own referrals carry their merged name and consent.
                    for referral in &own_referrals {
                        update_letter_state(&queue, *referral, |state| {
                            letter_queue::after_person_saved(state, keep)
                        })?;
                    }
                    Ok(())
                },
            )
            .map_err(abort)?;
        self.flush()
    }
}

impl Store {
    /// Two entries for one referrer become one: the referrals and letters
    /// that named `removed` now name the kept referrer, and `removed` goes,
    /// in one transaction.
    pub fn merge_referrers(
        &self,
        removed: ReferrerId,
        referrals: &[Referral],
        letters: &[LetterRecord],
    ) -> Result<()> {
        let referrals = encode_each(referrals)?;
        let letters = encode_each(letters)?;
        let people = self.tree::<Participant>()?;
        let referrers = self.tree::<Referrer>()?;
        let kept_letters = self.tree::<LetterRecord>()?;
        (
            self.referrals.raw(),
            self.letter_queue.raw(),
            people.raw(),
            kept_letters.raw(),
            referrers.raw(),
        )
            .transaction(|(refs, queue, people_tx, letters_tree, referrers_tx)| {
                let refs = self.referrals.tx(refs);
                let queue = self.letter_queue.tx(queue);
                let people = people.tx(people_tx);
                let letters_tree = kept_letters.tx(letters_tree);
                let referrers = referrers.tx(referrers_tx);
                for (referral, bytes) in &referrals {
                    refs.insert(referral.key(), bytes.as_slice())?;
                    let person = people
                        .get(referral.participant.as_bytes())?
                        .map(|bytes| super::codec::decode(&bytes))
                        .transpose()
                        .map_err(ConflictableTransactionError::Abort)?;
                    referral_saved_in_queue(&queue, referral, person.as_ref())?;
                }
                for (letter, bytes) in &letters {
                    letters_tree.insert(letter.key(), bytes.as_slice())?;
                }
                referrers.remove(removed.as_bytes().as_slice())?;
                Ok(())
            })
            .map_err(abort)?;
        self.flush()
    }
}

fn encode_each<R: Record>(records: &[R]) -> Result<Vec<(&R, Vec<u8>)>> {
    records.iter().map(|r| Ok((r, encode(r)?))).collect()
}

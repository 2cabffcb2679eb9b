//! Erasing a person in one transaction across every tree that names them,
//! leaving the tombstone. What is in the folder's old segments goes when
//! the store is compacted next (the service does so at once).

use sled::Transactional;

use crate::domain::{
    AccessRequest, AttendanceMark, Enrolment, ErasedPerson, Erasure, LetterRecord, LogEntry,
    OutcomeRecord, Participant, ParticipantId, Referral, RotaAssignment, Volunteer, VolunteerId,
};

use super::codec::{Record, encode, pair_key};
use super::{Result, Store, abort, enrolment_index_key, letter_queue, name_index, person_marks};

/// Everything that goes when a participant is erased, worked out
/// beforehand by the service.
pub struct ParticipantErasure {
    pub erasure: Erasure,
    pub person: ParticipantId,
    /// Their marks, rewritten as `AttendanceMark::anonymous`.
    pub marks: Vec<AttendanceMark>,
    /// Their places on activities and referrals: removed, or (when they
    /// are anonymised) kept rewritten as `Erasure::kept_spell` and
    /// `Erasure::kept_referral`.
    pub spells: Vec<Enrolment>,
    pub referrals: Vec<Referral>,
    pub kept_spells: Vec<Enrolment>,
    pub kept_referrals: Vec<Referral>,
    pub letters: Vec<LetterRecord>,
    pub access_requests: Vec<AccessRequest>,
    /// Their outcome records: removed, or (when they are anonymised)
    /// kept rewritten as `Erasure::kept_outcome`.
    pub outcomes: Vec<OutcomeRecord>,
    pub kept_outcomes: Vec<OutcomeRecord>,
    pub log: LogEntry,
}

impl Store {
    pub fn erase_participant(&self, plan: &ParticipantErasure) -> Result<()> {
        let tombstone = encode(&plan.erasure)?;
        let marks = plan
            .marks
            .iter()
            .map(|m| Ok((m.session, encode(m)?)))
            .collect::<Result<Vec<_>>>()?;
        let marks: Vec<_> = marks
            .iter()
            .map(|(s, b)| (*s, Some(b.as_slice())))
            .collect();
        // Their marks, as headcounts, replace everything their value held.
        let kept_marks = person_marks::with_changes(None, &marks)?;
        let kept_spells = plan
            .kept_spells
            .iter()
            .map(|e| Ok((e.key(), encode(e)?)))
            .collect::<Result<Vec<_>>>()?;
        let kept_referrals = plan
            .kept_referrals
            .iter()
            .map(|r| Ok((r, encode(r)?)))
            .collect::<Result<Vec<_>>>()?;
        let kept_outcomes = plan
            .kept_outcomes
            .iter()
            .map(|o| Ok((o, encode(o)?)))
            .collect::<Result<Vec<_>>>()?;
        let people = self.tree::<Participant>()?;
        let letters = self.tree::<LetterRecord>()?;
        let requests = self.tree::<AccessRequest>()?;
        let erasures = self.tree::<Erasure>()?;
        let outcomes = self.tree::<OutcomeRecord>()?;
        let person = plan.person.as_bytes();
        let logged = self.logged(std::slice::from_ref(&plan.log))?;
        (
            people.raw(),
            self.attendance.raw(),
            self.enrolments.raw(),
            self.enrolments_by_participant.raw(),
            self.referrals.raw(),
            self.referrals_by_participant.raw(),
            self.letter_queue.raw(),
            letters.raw(),
            requests.raw(),
            erasures.raw(),
            logged.tree(),
            outcomes.raw(),
            self.names.raw(),
        )
            .transaction(
                |(
                    people_tx,
                    marks_tx,
                    spells_tx,
                    spells_by_tx,
                    refs_tx,
                    refs_by_tx,
                    queue_tx,
                    letters_tx,
                    requests_tx,
                    erasures_tx,
                    log_tx,
                    outcomes_tx,
                    names_tx,
                )| {
                    let outcomes = outcomes.tx(outcomes_tx);
                    for outcome in &plan.outcomes {
                        outcomes.remove(outcome.key())?;
                    }
                    for (outcome, bytes) in &kept_outcomes {
                        outcomes.insert(outcome.key(), bytes.as_slice())?;
                    }
                    logged.write(log_tx)?;
                    let queue = self.letter_queue.tx(queue_tx);
                    people.tx(people_tx).remove(person.as_slice())?;
                    name_index::removed(&self.names.tx(names_tx), plan.person)?;
                    let marks_tree = self.attendance.tx(marks_tx);
                    match kept_marks.is_empty() {
                        true => marks_tree.remove(person.as_slice())?,
                        false => marks_tree.insert(person.as_slice(), kept_marks.as_slice())?,
                    };
                    let (spells, spells_by) = (
                        self.enrolments.tx(spells_tx),
                        self.enrolments_by_participant.tx(spells_by_tx),
                    );
                    for spell in &plan.spells {
                        spells.remove(spell.key())?;
                        spells_by.remove(enrolment_index_key(spell))?;
                    }
                    for (key, bytes) in &kept_spells {
                        spells.insert(key.as_slice(), bytes.as_slice())?;
                    }
                    let (refs, refs_by) = (
                        self.referrals.tx(refs_tx),
                        self.referrals_by_participant.tx(refs_by_tx),
                    );
                    // No letters are due about them either way.
                    let unqueue = |referral: &Referral| {
                        let bucket_key = letter_queue::bucket_key(referral.id);
                        let bucket = queue.get(bucket_key)?;
                        let emptied = letter_queue::without(bucket.as_deref(), referral.id)
                            .map_err(sled::transaction::ConflictableTransactionError::Abort)?;
                        queue.insert(bucket_key, emptied)?;
                        Ok::<_, sled::transaction::ConflictableTransactionError<_>>(())
                    };
                    for referral in &plan.referrals {
                        refs.remove(referral.key())?;
                        refs_by.remove(pair_key(person, referral.id.as_bytes()))?;
                        unqueue(referral)?;
                    }
                    for (referral, bytes) in &kept_referrals {
                        refs.insert(referral.key(), bytes.as_slice())?;
                        unqueue(referral)?;
                    }
                    let letters = letters.tx(letters_tx);
                    for letter in &plan.letters {
                        letters.remove(letter.key())?;
                    }
                    let requests = requests.tx(requests_tx);
                    for request in &plan.access_requests {
                        requests.remove(request.key())?;
                    }
                    erasures
                        .tx(erasures_tx)
                        .insert(plan.erasure.key(), tombstone.as_slice())?;
                    Ok(())
                },
            )
            .map_err(abort)?;
        self.flush()
    }

    /// Erases a volunteer: their record goes, their rota places stay
    /// (rewritten without reasons, shown as "a volunteer"), and the
    /// tombstone is kept.
    pub fn erase_volunteer(
        &self,
        volunteer: VolunteerId,
        rota: &[RotaAssignment],
        erasure: &Erasure,
        log: &LogEntry,
    ) -> Result<()> {
        let logged = self.logged(std::slice::from_ref(log))?;
        let tombstone = encode(erasure)?;
        let places = rota
            .iter()
            .map(|a| Ok((a.key(), encode(a)?)))
            .collect::<Result<Vec<_>>>()?;
        let volunteers = self.tree::<Volunteer>()?;
        let rota_tree = self.tree::<RotaAssignment>()?;
        let erasures = self.tree::<Erasure>()?;
        (
            volunteers.raw(),
            rota_tree.raw(),
            erasures.raw(),
            logged.tree(),
        )
            .transaction(|(volunteers_tx, rota_tx, erasures_tx, log_tx)| {
                logged.write(log_tx)?;
                volunteers
                    .tx(volunteers_tx)
                    .remove(volunteer.as_bytes().as_slice())?;
                let rota_tx = rota_tree.tx(rota_tx);
                for (key, bytes) in &places {
                    rota_tx.insert(key.as_slice(), bytes.as_slice())?;
                }
                erasures
                    .tx(erasures_tx)
                    .insert(erasure.key(), tombstone.as_slice())?;
                Ok(())
            })
            .map_err(abort)?;
        self.flush()
    }

    /// The tombstone of someone erased, if they were.
    pub fn erasure(&self, person: ErasedPerson) -> Result<Option<Erasure>> {
        self.get::<Erasure>(&person)
    }
}

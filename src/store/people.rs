//! People and their enrolments (spells in an activity).

use sled::Transactional;

use chrono::NaiveDate;

use crate::domain::activity::spell_is_current;
use crate::domain::{ActivityId, AttendanceMark, Enrolment, LogEntry, Participant, ParticipantId};

use super::codec::{date_from_key, date_key, decode_part, encode};
use super::{
    Record, Result, Store, StoreError, abort, decode_all, letter_queue, marks, name_index,
    update_letter_state, via_reversed_index,
};

pub(super) fn enrolment_index_key(enrolment: &Enrolment) -> Vec<u8> {
    [
        enrolment.participant.as_bytes().as_slice(),
        enrolment.activity.as_bytes(),
        &date_key(enrolment.joined_on),
    ]
    .concat()
}

impl Store {
    pub fn save_enrolment(&self, enrolment: &Enrolment, log: &[LogEntry]) -> Result<()> {
        let bytes = encode(enrolment)?;
        let index = enrolment_index_key(enrolment);
        let logged = self.logged(log)?;
        (
            self.enrolments.raw(),
            self.enrolments_by_participant.raw(),
            logged.tree(),
        )
            .transaction(|(enrolments, by_participant, log_tx)| {
                logged.write(log_tx)?;
                let (enrolments, by_participant) = (
                    self.enrolments.tx(enrolments),
                    self.enrolments_by_participant.tx(by_participant),
                );
                enrolments.insert(enrolment.key(), bytes.as_slice())?;
                by_participant.insert(index.as_slice(), [])?;
                Ok(())
            })
            .map_err(abort)?;
        self.flush()
    }

    /// Saves a participant, with their name and consent in the letters
    /// queue's entries for their referrals; flushed.
    pub fn save_participant(&self, person: &Participant, log: &[LogEntry]) -> Result<()> {
        self.add_people(std::slice::from_ref(person), &[], &[], log)
    }

    /// Adds (or saves) many participants, enrolments and marks in one
    /// transaction with the activity log's entries for them: all of them
    /// are saved, or none.
    pub fn add_people(
        &self,
        people: &[Participant],
        enrolments: &[Enrolment],
        marks: &[AttendanceMark],
        log: &[LogEntry],
    ) -> Result<()> {
        let logged = self.logged(log)?;
        let people = people
            .iter()
            .map(|p| Ok((p, encode(p)?, self.referral_ids_of(p.id)?)))
            .collect::<Result<Vec<_>>>()?;
        let enrolments = enrolments
            .iter()
            .map(|e| Ok((e.key(), enrolment_index_key(e), encode(e)?)))
            .collect::<Result<Vec<_>>>()?;
        let marks = marks
            .iter()
            .map(|m| Ok((m, encode(m)?)))
            .collect::<Result<Vec<_>>>()?;
        let mut marks_by_person = std::collections::BTreeMap::<_, Vec<_>>::new();
        for (mark, bytes) in &marks {
            let change = (mark.session, Some((mark.mark, bytes.as_slice())));
            marks_by_person
                .entry(mark.participant)
                .or_default()
                .push(change);
        }
        let people_tree = self.tree::<Participant>()?;
        (
            people_tree.raw(),
            self.enrolments.raw(),
            self.enrolments_by_participant.raw(),
            self.letter_queue.raw(),
            self.attendance.raw(),
            self.marks_by_session.raw(),
            self.names.raw(),
            logged.tree(),
        )
            .transaction(
                |(
                    participants,
                    by_activity,
                    by_participant,
                    queue,
                    attendance,
                    by_session,
                    names,
                    log_tx,
                )| {
                    logged.write(log_tx)?;
                    let participants = people_tree.tx(participants);
                    let by_activity = self.enrolments.tx(by_activity);
                    let by_participant = self.enrolments_by_participant.tx(by_participant);
                    let queue = self.letter_queue.tx(queue);
                    let attendance = self.attendance.tx(attendance);
                    let by_session = self.marks_by_session.tx(by_session);
                    let names = self.names.tx(names);
                    for (person, bytes, referrals) in &people {
                        participants.insert(person.key(), bytes.as_slice())?;
                        name_index::saved(&names, person)?;
                        for referral in referrals {
                            update_letter_state(&queue, *referral, |state| {
                                letter_queue::after_person_saved(state, person)
                            })?;
                        }
                    }
                    for (key, index, bytes) in &enrolments {
                        by_activity.insert(key.as_slice(), bytes.as_slice())?;
                        by_participant.insert(index.as_slice(), [])?;
                    }
                    for (person, changes) in &marks_by_person {
                        marks::marks_changed(&attendance, &by_session, *person, changes)?;
                    }
                    Ok(())
                },
            )
            .map_err(abort)?;
        self.flush()
    }

    /// Who is enrolled at an activity on `on`, with the day their spell
    /// began: the person and the day are read from each spell's key, and
    /// only its leaving date from the record.
    pub fn spells_current_on(
        &self,
        activity: ActivityId,
        on: NaiveDate,
    ) -> Result<Vec<(ParticipantId, NaiveDate)>> {
        #[derive(serde::Deserialize)]
        struct Leaving {
            #[serde(default)]
            left_on: Option<NaiveDate>,
        }
        let mut current = Vec::new();
        for entry in self.enrolments.scan_prefix(activity.as_bytes()) {
            let (key, bytes) = entry?;
            let bad = || StoreError::Corrupt {
                tree: Enrolment::TREE,
                detail: "a spell's key is not an activity, a person and a day".into(),
            };
            let participant = key.get(16..32).and_then(|id| <[u8; 16]>::try_from(id).ok());
            let joined = key
                .get(32..36)
                .and_then(|day| <[u8; 4]>::try_from(day).ok());
            let participant = ParticipantId::from_bytes(participant.ok_or_else(bad)?);
            let joined_on = joined.and_then(date_from_key).ok_or_else(bad)?;
            let Leaving { left_on } = decode_part::<Enrolment, Leaving>(&bytes)?;
            if spell_is_current(joined_on, left_on, on) {
                current.push((participant, joined_on));
            }
        }
        Ok(current)
    }

    pub fn enrolments_of(&self, activity: ActivityId) -> Result<Vec<Enrolment>> {
        decode_all(self.enrolments.scan_prefix(activity.as_bytes()))
    }

    pub fn enrolments_for(&self, participant: ParticipantId) -> Result<Vec<Enrolment>> {
        via_reversed_index(
            &self.enrolments_by_participant,
            &self.enrolments,
            participant.as_bytes(),
        )
    }
}

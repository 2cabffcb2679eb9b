//! Attendance marks, kept three ways: by session and person, by person, and
//! as each session's marks in one value.

use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use crate::domain::{AttendanceMark, Mark, ParticipantId, SessionId};

use super::codec::{decode, encode, pair_key};
use super::sealed::Tx;
use super::{
    Record, Result, Store, StoreError, abort, bad_index, decode_all, session_marks,
    via_reversed_index,
};

pub(super) fn attendance_index_key(mark: &AttendanceMark) -> Vec<u8> {
    pair_key(mark.participant.as_bytes(), mark.session.as_bytes())
}

impl Store {
    /// Records one mark (replacing any earlier one for the same person and
    /// session); durable when this returns.
    pub fn save_mark(&self, mark: &AttendanceMark) -> Result<()> {
        let bytes = encode(mark)?;
        let index = attendance_index_key(mark);
        let session = mark.session.as_bytes();
        self.change_marks(|marks, by_participant, by_session| {
            marks.insert(mark.key(), bytes.as_slice())?;
            by_participant.insert(index.as_slice(), [])?;
            let current = by_session.get(session)?;
            let updated =
                session_marks::with_mark(current.as_deref(), mark.participant, Some(mark.mark));
            by_session.insert(session, updated)?;
            Ok(())
        })
    }

    /// Takes a mark back (a mistaken tick); durable when this returns.
    pub fn remove_mark(&self, session: SessionId, participant: ParticipantId) -> Result<()> {
        let key = pair_key(session.as_bytes(), participant.as_bytes());
        let index = pair_key(participant.as_bytes(), session.as_bytes());
        self.change_marks(|marks, by_participant, by_session| {
            marks.remove(key.as_slice())?;
            by_participant.remove(index.as_slice())?;
            let current = by_session.get(session.as_bytes())?;
            let updated = session_marks::with_mark(current.as_deref(), participant, None);
            by_session.insert(session.as_bytes(), updated)?;
            Ok(())
        })
    }

    /// One transaction over the trees a mark is kept in (the marks, by
    /// person, by session), flushed once it commits.
    fn change_marks(
        &self,
        change: impl Fn(
            &Tx<'_>,
            &Tx<'_>,
            &Tx<'_>,
        ) -> std::result::Result<(), ConflictableTransactionError<StoreError>>,
    ) -> Result<()> {
        (
            self.attendance.raw(),
            self.attendance_by_participant.raw(),
            self.marks_by_session.raw(),
        )
            .transaction(|(marks, by_participant, by_session)| {
                change(
                    &self.attendance.tx(marks),
                    &self.attendance_by_participant.tx(by_participant),
                    &self.marks_by_session.tx(by_session),
                )
            })
            .map_err(abort)?;
        self.flush()
    }

    pub fn marks_for_session(&self, session: SessionId) -> Result<Vec<AttendanceMark>> {
        decode_all(self.attendance.scan_prefix(session.as_bytes()))
    }

    /// Who has which mark at a session, from the per-session index.
    pub fn marks_at(&self, session: SessionId) -> Result<Vec<(ParticipantId, Mark)>> {
        match self.marks_by_session.get(session.as_bytes())? {
            Some(bytes) => session_marks::parse(&bytes),
            None => Ok(Vec::new()),
        }
    }

    pub fn marks_for_participant(&self, participant: ParticipantId) -> Result<Vec<AttendanceMark>> {
        via_reversed_index(
            &self.attendance_by_participant,
            &self.attendance,
            participant.as_bytes(),
        )
    }

    /// The sessions someone has a mark at, from the index's keys alone.
    pub fn sessions_marked_by(&self, participant: ParticipantId) -> Result<Vec<SessionId>> {
        self.attendance_by_participant
            .scan_prefix(participant.as_bytes())
            .keys()
            .map(|key| {
                let key = key?;
                key.get(16..32)
                    .and_then(|id| <[u8; 16]>::try_from(id).ok())
                    .map(SessionId::from_bytes)
                    .ok_or_else(|| bad_index("attendance_by_participant"))
            })
            .collect()
    }

    /// Someone's mark at one session, if they have one.
    pub fn mark_of(
        &self,
        participant: ParticipantId,
        session: SessionId,
    ) -> Result<Option<AttendanceMark>> {
        self.attendance
            .get(pair_key(session.as_bytes(), participant.as_bytes()))?
            .map(|bytes| decode(&bytes))
            .transpose()
    }
}

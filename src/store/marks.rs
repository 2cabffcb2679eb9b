//! Attendance marks, kept three ways: by session and person, by person, and
//! as each session's marks in one value.

use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use crate::domain::{AttendanceMark, Mark, ParticipantId, SessionId};

use super::codec::{decode, encode, pair_key};
use super::{
    Result, Store, StoreError, abort, bad_index, decode_all, journal, session_marks,
    via_reversed_index,
};

pub(super) fn attendance_index_key(mark: &AttendanceMark) -> Vec<u8> {
    pair_key(mark.participant.as_bytes(), mark.session.as_bytes())
}

/// One tick: a mark set (replacing any earlier one for the same person
/// and session) or taken back.
enum Tick {
    Set(AttendanceMark),
    Removed(SessionId, ParticipantId),
}

const SET: u8 = 1;
const REMOVED: u8 = 2;

impl Tick {
    fn ids(&self) -> (SessionId, ParticipantId) {
        match self {
            Tick::Set(mark) => (mark.session, mark.participant),
            Tick::Removed(session, participant) => (*session, *participant),
        }
    }

    /// As the journal keeps it: what it is, the two ids, the mark.
    fn to_bytes(&self) -> Result<Vec<u8>> {
        let (session, participant) = self.ids();
        let (kind, mark) = match self {
            Tick::Set(mark) => (SET, encode(mark)?),
            Tick::Removed(..) => (REMOVED, Vec::new()),
        };
        Ok([
            &[kind][..],
            session.as_bytes(),
            participant.as_bytes(),
            &mark,
        ]
        .concat())
    }

    fn from_bytes(bytes: &[u8]) -> Result<Tick> {
        let unreadable = || StoreError::Corrupt {
            tree: journal::FILE,
            detail: "a tick in the journal could not be read".into(),
        };
        let id = |at: usize| {
            bytes
                .get(at..at + 16)
                .and_then(|b| <[u8; 16]>::try_from(b).ok())
                .ok_or_else(unreadable)
        };
        let (session, participant) = (
            SessionId::from_bytes(id(1)?),
            ParticipantId::from_bytes(id(17)?),
        );
        match bytes.first() {
            Some(&SET) => {
                let mark: AttendanceMark = decode(&bytes[33..])?;
                match (mark.session, mark.participant) == (session, participant) {
                    true => Ok(Tick::Set(mark)),
                    false => Err(unreadable()),
                }
            }
            Some(&REMOVED) => Ok(Tick::Removed(session, participant)),
            _ => Err(unreadable()),
        }
    }
}

impl Store {
    /// Records one mark (replacing any earlier one for the same person and
    /// session); durable when this returns.
    pub fn save_mark(&self, mark: &AttendanceMark) -> Result<()> {
        self.tick(&Tick::Set(mark.clone()))
    }

    /// Takes a mark back (a mistaken tick); durable when this returns.
    pub fn remove_mark(&self, session: SessionId, participant: ParticipantId) -> Result<()> {
        self.tick(&Tick::Removed(session, participant))
    }

    /// A tick, made durable by one synced write to the journal (sled
    /// writes it out in the background; see `journal.rs`).
    fn tick(&self, tick: &Tick) -> Result<()> {
        let mut journal = self.journal();
        let seq = journal.next_after(self.ticks_applied()?);
        self.apply_tick(tick, seq)?;
        let body = self.vault.seal(
            journal::TREE.as_bytes(),
            &seq.to_be_bytes(),
            &tick.to_bytes()?,
        )?;
        let written = journal.append(seq, &body);
        self.writes
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // Should the journal refuse, the store's own flush makes it durable.
        if written.is_err() || journal.len() >= journal::CHECKPOINT {
            self.flush_with(&mut journal)?;
        }
        Ok(())
    }

    /// The ticks the journal holds that the store does not, applied again
    /// in order as the store opens; then the journal is emptied.
    pub(super) fn replay_ticks(&self, found: journal::Entries) -> Result<()> {
        let applied = self.ticks_applied()?;
        let mut journal = self.journal();
        let mut replayed = false;
        for (seq, sealed) in found {
            if seq <= applied {
                continue;
            }
            let bytes =
                self.vault
                    .open(journal::TREE.as_bytes(), &seq.to_be_bytes(), sealed.into())?;
            self.apply_tick(&Tick::from_bytes(&bytes)?, seq)?;
            replayed = true;
        }
        if replayed {
            self.flush_with(&mut journal)
        } else {
            journal.clear()
        }
    }

    /// The last tick's sequence number the store holds.
    fn ticks_applied(&self) -> Result<u64> {
        Ok(self
            .tick_journal
            .get(journal::APPLIED)?
            .and_then(|bytes| <[u8; 8]>::try_from(bytes.as_ref()).ok())
            .map_or(0, u64::from_be_bytes))
    }

    /// One transaction over the trees a mark is kept in (the marks, by
    /// person, by session) and the tick's sequence number.
    fn apply_tick(&self, tick: &Tick, seq: u64) -> Result<()> {
        let (session, participant) = tick.ids();
        let key = pair_key(session.as_bytes(), participant.as_bytes());
        let index = pair_key(participant.as_bytes(), session.as_bytes());
        let (bytes, mark) = match tick {
            Tick::Set(mark) => (Some(encode(mark)?), Some(mark.mark)),
            Tick::Removed(..) => (None, None),
        };
        (
            self.attendance.raw(),
            self.attendance_by_participant.raw(),
            self.marks_by_session.raw(),
            self.tick_journal.raw(),
        )
            .transaction(|(marks, by_participant, by_session, applied)| {
                let (marks, by_participant, by_session, applied) = (
                    self.attendance.tx(marks),
                    self.attendance_by_participant.tx(by_participant),
                    self.marks_by_session.tx(by_session),
                    self.tick_journal.tx(applied),
                );
                match &bytes {
                    Some(bytes) => {
                        marks.insert(key.as_slice(), bytes.as_slice())?;
                        by_participant.insert(index.as_slice(), [])?;
                    }
                    None => {
                        marks.remove(key.as_slice())?;
                        by_participant.remove(index.as_slice())?;
                    }
                }
                let current = by_session.get(session.as_bytes())?;
                let updated = session_marks::with_mark(current.as_deref(), participant, mark);
                by_session.insert(session.as_bytes(), updated)?;
                applied.insert(journal::APPLIED, seq.to_be_bytes())?;
                Ok::<_, ConflictableTransactionError<StoreError>>(())
            })
            .map_err(abort)
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

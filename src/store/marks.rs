//! Attendance marks, kept two ways: each person's marks in one value (see
//! `person_marks`) and each session's who-has-which-mark in one value (see
//! `session_marks`), written together in one transaction.

use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use crate::domain::{AttendanceMark, Mark, ParticipantId, SessionId};

use super::codec::{decode, encode};
use super::sealed::{Tx, TxResult};
use super::{Result, Store, StoreError, abort, journal, person_marks, session_marks};

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

    /// One transaction over the trees a mark is kept in (the person's
    /// marks, the session's) and the tick's sequence number.
    fn apply_tick(&self, tick: &Tick, seq: u64) -> Result<()> {
        let (session, participant) = tick.ids();
        let stored = match tick {
            Tick::Set(mark) => Some((mark.mark, encode(mark)?)),
            Tick::Removed(..) => None,
        };
        let change = [(session, stored.as_ref().map(|(m, b)| (*m, b.as_slice())))];
        (
            self.attendance.raw(),
            self.marks_by_session.raw(),
            self.tick_journal.raw(),
        )
            .transaction(|(marks, by_session, applied)| {
                let (marks, by_session, applied) = (
                    self.attendance.tx(marks),
                    self.marks_by_session.tx(by_session),
                    self.tick_journal.tx(applied),
                );
                marks_changed(&marks, &by_session, participant, &change)?;
                applied.insert(journal::APPLIED, seq.to_be_bytes())?;
                Ok::<_, ConflictableTransactionError<StoreError>>(())
            })
            .map_err(abort)
    }

    /// A session's marks, read from the person of each (the session's
    /// own value says who they are).
    pub fn marks_for_session(&self, session: SessionId) -> Result<Vec<AttendanceMark>> {
        let mut marks = Vec::new();
        for (participant, _) in self.marks_at(session)? {
            marks.extend(self.mark_of(participant, session)?);
        }
        Ok(marks)
    }

    /// Who has which mark at a session, from the per-session index.
    pub fn marks_at(&self, session: SessionId) -> Result<Vec<(ParticipantId, Mark)>> {
        match self.marks_by_session.get(session.as_bytes())? {
            Some(bytes) => session_marks::parse(&bytes),
            None => Ok(Vec::new()),
        }
    }

    /// Everyone's marks, a person at a time (for the migration's check and
    /// the tests of stores).
    pub fn all_marks(&self) -> Result<Vec<AttendanceMark>> {
        let mut marks = Vec::new();
        for value in self.attendance.iter().values() {
            for (_, record) in person_marks::entries(&value?)? {
                marks.push(decode(record)?);
            }
        }
        Ok(marks)
    }

    pub fn marks_for_participant(&self, participant: ParticipantId) -> Result<Vec<AttendanceMark>> {
        match self.attendance.get(participant.as_bytes())? {
            Some(value) => person_marks::entries(&value)?
                .into_iter()
                .map(|(_, record)| decode(record))
                .collect(),
            None => Ok(Vec::new()),
        }
    }

    /// The sessions someone has a mark at, without decoding a mark.
    pub fn sessions_marked_by(&self, participant: ParticipantId) -> Result<Vec<SessionId>> {
        match self.attendance.get(participant.as_bytes())? {
            Some(value) => Ok(person_marks::entries(&value)?
                .into_iter()
                .map(|(session, _)| session)
                .collect()),
            None => Ok(Vec::new()),
        }
    }

    /// Someone's mark at one session, if they have one.
    pub fn mark_of(
        &self,
        participant: ParticipantId,
        session: SessionId,
    ) -> Result<Option<AttendanceMark>> {
        match self.attendance.get(participant.as_bytes())? {
            Some(value) => person_marks::find(&value, session)?.map(decode).transpose(),
            None => Ok(None),
        }
    }
}

/// A mark set at a session (its kind and stored record), or with `None`
/// taken out.
pub(super) type MarkChange<'a> = (SessionId, Option<(Mark, &'a [u8])>);

/// One person's marks set (or, with `None`, taken out) inside a
/// transaction: their own value and each session's, the one rule every
/// path that writes a mark goes through.
pub(super) fn marks_changed(
    marks: &Tx,
    by_session: &Tx,
    participant: ParticipantId,
    changes: &[MarkChange],
) -> TxResult<()> {
    let key = participant.as_bytes();
    let current = marks.get(key)?;
    let records: Vec<_> = changes
        .iter()
        .map(|(session, stored)| (*session, stored.map(|(_, bytes)| bytes)))
        .collect();
    let value = person_marks::with_changes(current.as_deref(), &records)
        .map_err(ConflictableTransactionError::Abort)?;
    if value.is_empty() {
        marks.remove(key)?;
    } else {
        marks.insert(key, value)?;
    }
    for (session, stored) in changes {
        let current = by_session.get(session.as_bytes())?;
        let mark = stored.map(|(mark, _)| mark);
        let updated = session_marks::with_mark(current.as_deref(), participant, mark);
        by_session.insert(session.as_bytes(), updated)?;
    }
    Ok(())
}

//! Sessions, by activity and date, and who is on a session's rota.

use chrono::NaiveDate;
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use crate::domain::{ActivityId, RotaAssignment, Session, SessionId};

use super::codec::{date_from_key, date_key, decode, encode};
use super::{Record, Result, Store, abort, bad_index, decode_all};

pub(super) fn session_index_key(session: &Session) -> Vec<u8> {
    [
        session.activity.as_bytes().as_slice(),
        &date_key(session.date),
        session.id.as_bytes(),
    ]
    .concat()
}

impl Store {
    /// Saves sessions and their index entries together, flushed once. A
    /// session saved with a new date (moved) loses its old index entry.
    pub fn save_sessions(&self, sessions: &[Session]) -> Result<()> {
        let encoded = sessions
            .iter()
            .map(|s| Ok((s, encode(s)?)))
            .collect::<Result<Vec<_>>>()?;
        (self.sessions.raw(), self.sessions_by_activity.raw())
            .transaction(|(by_id, by_activity)| {
                let (by_id, by_activity) = (
                    self.sessions.tx(by_id),
                    self.sessions_by_activity.tx(by_activity),
                );
                for (session, bytes) in &encoded {
                    if let Some(old) = by_id.insert(session.key(), bytes.as_slice())? {
                        let old: Session =
                            decode(&old).map_err(ConflictableTransactionError::Abort)?;
                        by_activity.remove(session_index_key(&old))?;
                    }
                    by_activity.insert(session_index_key(session), [])?;
                }
                Ok(())
            })
            .map_err(abort)?;
        self.flush()
    }

    pub fn session(&self, id: SessionId) -> Result<Option<Session>> {
        self.get(&id)
    }

    /// An activity's sessions in date order.
    pub fn sessions_of(&self, activity: ActivityId) -> Result<Vec<Session>> {
        self.sessions_in(self.sessions_by_activity.scan_prefix(activity.as_bytes()))
    }

    /// An activity's sessions from `from` to `to` (both included), in date
    /// order, read through the index's dates: a letter about a recent
    /// referral reads its weeks, not ten years of sessions.
    pub fn sessions_of_between(
        &self,
        activity: ActivityId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Session>> {
        if to < from {
            return Ok(Vec::new());
        }
        let start = [activity.as_bytes().as_slice(), &date_key(from)].concat();
        let end = [
            activity.as_bytes().as_slice(),
            &date_key(to.succ_opt().unwrap_or(to)),
        ]
        .concat();
        self.sessions_in(self.sessions_by_activity.range(start..end))
    }

    /// Each session of an activity with its date, from the index's keys
    /// alone: nothing is decoded.
    pub fn session_dates_of(&self, activity: ActivityId) -> Result<Vec<(SessionId, NaiveDate)>> {
        self.sessions_by_activity
            .scan_prefix(activity.as_bytes())
            .keys()
            .map(|key| {
                let key = key?;
                let date = key
                    .get(16..20)
                    .and_then(|d| <[u8; 4]>::try_from(d).ok())
                    .and_then(date_from_key);
                let id = key
                    .get(20..36)
                    .and_then(|id| <[u8; 16]>::try_from(id).ok())
                    .map(SessionId::from_bytes);
                date.zip(id)
                    .map(|(date, id)| (id, date))
                    .ok_or_else(|| bad_index("sessions_by_activity"))
            })
            .collect()
    }

    fn sessions_in(&self, index: super::sealed::Iter) -> Result<Vec<Session>> {
        index
            .keys()
            .map(|key| {
                let key = key?;
                let id = key
                    .get(20..36)
                    .ok_or_else(|| bad_index("sessions_by_activity"))?;
                self.sessions
                    .get(id)?
                    .map(|bytes| decode(&bytes))
                    .transpose()?
                    .ok_or_else(|| bad_index("sessions_by_activity"))
            })
            .collect()
    }

    /// Who is on the rota for one session.
    pub fn rota_for(&self, session: SessionId) -> Result<Vec<RotaAssignment>> {
        decode_all(
            self.tree::<RotaAssignment>()?
                .scan_prefix(session.as_bytes()),
        )
    }
}

//! The `attendance` tree (schema 12): each person's marks in one value
//! under their id, so a hub of two million marks is a hundred thousand
//! records, not four million (sled reads every page's place as it opens;
//! a tick, a person's history and their first visit read one value).
//!
//! A value is entries of `[session id: 16][length: 4, big-endian][the
//! mark's stored record]`, in session order, so one mark is found,
//! replaced or handed to a backup without decoding the others.

use std::collections::HashMap;

use sled::IVec;

use crate::domain::{ParticipantId, SessionId};

use super::sealed::{Batch, Tree};
use super::{Result, StoreError, load};

const HEAD: usize = 16 + 4;

fn bad() -> StoreError {
    StoreError::Corrupt {
        tree: "attendance",
        detail: "a person's marks are not sessions and marks".into(),
    }
}

/// Each (session, stored mark) in a person's value, in session order.
pub fn entries(value: &[u8]) -> Result<Vec<(SessionId, &[u8])>> {
    let mut out = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        let (head, after) = rest.split_at_checked(HEAD).ok_or_else(bad)?;
        let session: [u8; 16] = head[..16].try_into().map_err(|_| bad())?;
        let len: [u8; 4] = head[16..].try_into().map_err(|_| bad())?;
        let (record, after) = after
            .split_at_checked(u32::from_be_bytes(len) as usize)
            .ok_or_else(bad)?;
        out.push((SessionId::from_bytes(session), record));
        rest = after;
    }
    Ok(out)
}

/// The stored mark at `session`, if the value holds one.
pub fn find(value: &[u8], session: SessionId) -> Result<Option<&[u8]>> {
    Ok(entries(value)?
        .into_iter()
        .find(|(s, _)| *s == session)
        .map(|(_, record)| record))
}

/// The value with each change made: a session's stored mark set (replacing
/// any there) or, with `None`, taken out.
pub fn with_changes(
    current: Option<&[u8]>,
    changes: &[(SessionId, Option<&[u8]>)],
) -> Result<Vec<u8>> {
    let mut held: Vec<(SessionId, &[u8])> = match current {
        Some(value) => entries(value)?,
        None => Vec::new(),
    };
    for (session, record) in changes {
        let at = held.binary_search_by_key(&session.as_bytes(), |(s, _)| s.as_bytes());
        match (at, record) {
            (Ok(i), Some(record)) => held[i].1 = record,
            (Err(i), Some(record)) => held.insert(i, (*session, record)),
            (Ok(i), None) => {
                held.remove(i);
            }
            (Err(_), None) => {}
        }
    }
    Ok(join(held))
}

fn join<'a>(entries: impl IntoIterator<Item = (SessionId, &'a [u8])>) -> Vec<u8> {
    let mut out = Vec::new();
    for (session, record) in entries {
        out.extend_from_slice(session.as_bytes());
        out.extend_from_slice(&(record.len() as u32).to_be_bytes());
        out.extend_from_slice(record);
    }
    out
}

/// Gathers marks given in any order into each person's value.
#[derive(Default)]
pub struct Builder {
    people: HashMap<ParticipantId, Vec<(SessionId, Vec<u8>)>>,
}

impl Builder {
    pub fn add(&mut self, participant: ParticipantId, session: SessionId, record: Vec<u8>) {
        self.people
            .entry(participant)
            .or_default()
            .push((session, record));
    }

    /// (person key, value) for everyone gathered; a session given twice
    /// keeps the later mark.
    pub fn finish(self) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out: Vec<_> = self
            .people
            .into_iter()
            .map(|(person, mut marks)| {
                marks.reverse();
                marks.sort_by_key(|(session, _)| *session.as_bytes());
                marks.dedup_by_key(|(session, _)| *session);
                let value = join(marks.iter().map(|(s, r)| (*s, r.as_slice())));
                (person.as_bytes().to_vec(), value)
            })
            .collect();
        out.sort();
        out
    }
}

/// Adds stored marks, given as (person ++ session key, stored mark) in key
/// order, to each person's value in `marks`, a batch of people at a time:
/// how a load folds in marks met out of their person's order, and how
/// schema 12 gathers the marks of older data.
pub fn fold_into(marks: &Tree, entries: impl Iterator<Item = Result<(IVec, IVec)>>) -> Result<()> {
    let mut batch = Batch::default();
    let mut in_batch = 0;
    let mut person: Option<[u8; 16]> = None;
    let mut gathered: Vec<(SessionId, IVec)> = Vec::new();
    let mut fold = |person: &[u8; 16], gathered: &mut Vec<(SessionId, IVec)>| -> Result<()> {
        let current = marks.get(person)?;
        let changes: Vec<_> = gathered
            .iter()
            .map(|(session, record)| (*session, Some(record.as_ref())))
            .collect();
        batch.insert(person.to_vec(), with_changes(current.as_deref(), &changes)?);
        gathered.clear();
        in_batch += 1;
        if in_batch == load::BATCH {
            marks.apply_batch(std::mem::take(&mut batch))?;
            in_batch = 0;
        }
        Ok(())
    };
    for entry in entries {
        let (key, record) = entry?;
        let id = |range: std::ops::Range<usize>| {
            key.get(range)
                .and_then(|id| <[u8; 16]>::try_from(id).ok())
                .ok_or_else(bad)
        };
        let (id, session) = (id(0..16)?, id(16..32)?);
        if person != Some(id)
            && let Some(done) = person.replace(id)
        {
            fold(&done, &mut gathered)?;
        }
        gathered.push((SessionId::from_bytes(session), record));
    }
    if let Some(done) = person {
        fold(&done, &mut gathered)?;
    }
    marks.apply_batch(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_is_set_replaced_and_taken_out_by_its_session() {
        let (a, b) = (SessionId::new(), SessionId::new());
        let value = with_changes(None, &[(b, Some(b"second")), (a, Some(b"first"))]).unwrap();
        assert_eq!(
            entries(&value).unwrap(),
            vec![(a, &b"first"[..]), (b, &b"second"[..])],
            "kept in session order"
        );
        let value = with_changes(Some(&value), &[(a, Some(b"again"))]).unwrap();
        assert_eq!(find(&value, a).unwrap(), Some(&b"again"[..]));
        let value = with_changes(Some(&value), &[(a, None)]).unwrap();
        assert_eq!(find(&value, a).unwrap(), None);
        assert_eq!(entries(&value).unwrap(), vec![(b, &b"second"[..])]);
        assert!(
            entries(&value[..value.len() - 1]).is_err(),
            "a cut value is refused"
        );
    }

    #[test]
    fn the_builder_keeps_one_mark_a_session_the_later_one() {
        let person = ParticipantId::new();
        let (a, b) = (SessionId::new(), SessionId::new());
        let mut builder = Builder::default();
        builder.add(person, b, b"at b".to_vec());
        builder.add(person, a, b"at a".to_vec());
        builder.add(person, b, b"at b again".to_vec());
        let built = builder.finish();
        assert_eq!(built.len(), 1);
        assert_eq!(built[0].0, person.as_bytes().to_vec());
        assert_eq!(
            entries(&built[0].1).unwrap(),
            vec![(a, &b"at a"[..]), (b, &b"at b again"[..])]
        );
    }
}

//! The `names` index: each participant's name as the name rule compares
//! it (the two texts of its `FoldedName`), in 64 buckets (see `buckets`),
//! so finding someone by name (`tend mark --participant`, a walk-in) reads
//! 64 small values instead of decoding every participant. Names are only
//! in values, sealed like every value when the data is encrypted; the keys
//! are bucket numbers.
//!
//! It is kept in step in the same transactions as every participant write
//! (saved, merged away, erased), and built whole by the schema-11
//! migration and by a restore.

use std::collections::BTreeMap;

use super::buckets::{self, bucket_key, entries, push_entry};
use super::sealed::{Tx, TxResult};
use super::{Result, StoreError};
use crate::domain::names::FoldedName;
use crate::domain::text::sort_key;
use crate::domain::{Participant, ParticipantId};

pub const TREE: &str = "names";

/// An entry's body (schema 13): the folded name's key and its
/// run-together text, each after its length (2 bytes), then the name's
/// sort key (the order People lists everyone in).
fn body(person: &Participant) -> Vec<u8> {
    let name = FoldedName::new(&person.details.full_name);
    let (key, sort) = (name.key(), sort_key(&person.details.full_name));
    let mut out = Vec::with_capacity(4 + key.len() + name.run_together().len() + sort.len());
    for text in [key.as_str(), name.run_together()] {
        out.extend_from_slice(&(text.len().min(usize::from(u16::MAX)) as u16).to_be_bytes());
        out.extend_from_slice(text.as_bytes());
    }
    out.extend_from_slice(sort.as_bytes());
    out
}

fn bad(detail: &str) -> StoreError {
    StoreError::Corrupt {
        tree: TREE,
        detail: detail.into(),
    }
}

/// An entry's (key, run-together, sort key).
fn texts(body: &[u8]) -> Result<[&str; 3]> {
    let unreadable = || bad("a name in the index could not be read");
    let mut rest = body;
    let mut next = |sized: bool| -> Result<&str> {
        let len = if sized {
            let (len, after) = rest.split_at_checked(2).ok_or_else(unreadable)?;
            rest = after;
            usize::from(u16::from_be_bytes([len[0], len[1]]))
        } else {
            rest.len()
        };
        let (text, after) = rest.split_at_checked(len).ok_or_else(unreadable)?;
        rest = after;
        std::str::from_utf8(text).map_err(|_| unreadable())
    };
    Ok([next(true)?, next(true)?, next(false)?])
}

fn id_of(id: &[u8]) -> Result<ParticipantId> {
    let id: [u8; 16] = id
        .try_into()
        .map_err(|_| bad("an id in the index is cut short"))?;
    Ok(ParticipantId::from_bytes(id))
}

/// Everyone in a bucket with this name, by the name rule.
pub fn named_in(bucket: &[u8], name: &FoldedName) -> Result<Vec<ParticipantId>> {
    let mut found = Vec::new();
    for entry in entries(bucket, TREE) {
        let (id, body) = entry?;
        let [key, joined, _] = texts(body)?;
        if name.same_as_kept(key, joined) {
            found.push(id_of(id)?);
        }
    }
    Ok(found)
}

/// Everyone in a bucket as (sort key, id), the order People lists them in.
pub fn sorted_in(bucket: &[u8]) -> Result<Vec<(&str, ParticipantId)>> {
    entries(bucket, TREE)
        .map(|entry| {
            let (id, body) = entry?;
            let [_, _, sort] = texts(body)?;
            Ok((sort, id_of(id)?))
        })
        .collect()
}

/// In a transaction: the person's entry as their record now names them.
pub fn saved(tx: &Tx<'_>, person: &Participant) -> TxResult<()> {
    let key = bucket_key(person.id.as_bytes());
    let bucket = tx.get(key)?;
    let mut updated = buckets::without(bucket.as_deref(), person.id.as_bytes(), TREE)
        .map_err(sled::transaction::ConflictableTransactionError::Abort)?;
    push_entry(&mut updated, person.id.as_bytes(), &body(person));
    tx.insert(key, updated)?;
    Ok(())
}

/// In a transaction: the person's entry taken out (merged away, erased).
pub fn removed(tx: &Tx<'_>, person: ParticipantId) -> TxResult<()> {
    let key = bucket_key(person.as_bytes());
    let bucket = tx.get(key)?;
    let updated = buckets::without(bucket.as_deref(), person.as_bytes(), TREE)
        .map_err(sled::transaction::ConflictableTransactionError::Abort)?;
    tx.insert(key, updated)?;
    Ok(())
}

/// The index built whole, for a restore or the migration that adds it.
#[derive(Default)]
pub struct Builder(BTreeMap<[u8; 1], Vec<u8>>);

impl Builder {
    pub fn person(&mut self, person: &Participant) {
        let bucket = self.0.entry(bucket_key(person.id.as_bytes())).or_default();
        push_entry(bucket, person.id.as_bytes(), &body(person));
    }

    pub fn finish(self) -> Vec<(Vec<u8>, Vec<u8>)> {
        self.0
            .into_iter()
            .map(|(key, value)| (key.to_vec(), value))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ParticipantDetails;

    fn person(name: &str) -> Participant {
        Participant {
            id: ParticipantId::new(),
            details: ParticipantDetails {
                full_name: name.into(),
                ..Default::default()
            },
            created_on: chrono::NaiveDate::MIN,
            history: Vec::new(),
        }
    }

    #[test]
    fn a_bucket_finds_a_name_however_it_is_typed_and_not_a_different_one() {
        let (zoe, mary) = (person("Zoë Ní Bhriain"), person("Mary O'Brien"));
        let mut bucket = Vec::new();
        push_entry(&mut bucket, zoe.id.as_bytes(), &body(&zoe));
        push_entry(&mut bucket, mary.id.as_bytes(), &body(&mary));
        let find = |name: &str| named_in(&bucket, &FoldedName::new(name)).unwrap();
        assert_eq!(find("Ni Bhriain, Zoe"), vec![zoe.id]);
        assert_eq!(find("zoenibhriain"), vec![zoe.id]);
        assert_eq!(find("Mary O Brien"), vec![mary.id]);
        assert!(find("Zoe").is_empty());
        assert_eq!(
            sorted_in(&bucket).unwrap(),
            vec![("zoe ni bhriain", zoe.id), ("mary o'brien", mary.id)],
            "each with the key People sorts by"
        );
        assert!(
            named_in(
                &bucket[..bucket.len() - 30],
                &FoldedName::new("Mary OBrien")
            )
            .is_err()
        );
    }
}

//! The `participants_by_name` index: each person under the two texts the
//! name rule compares (`FoldedName::key` and `run_together`), so finding
//! everyone with a name is two prefix scans, not a read of every record.
//! Kept in step with participants in the same transactions.

use crate::domain::{FoldedName, Participant, ParticipantId};

use super::{Result, StoreError};

pub const TREE: &str = "participants_by_name";

/// The prefixes a name is found under: a tag, the text, a zero byte.
pub fn prefixes(name: &str) -> [Vec<u8>; 2] {
    let folded = FoldedName::new(name);
    let under = |tag: u8, text: &str| [&[tag], text.as_bytes(), &[0]].concat();
    [
        under(b'k', &folded.key()),
        under(b'j', folded.run_together()),
    ]
}

/// This person's two index keys.
pub fn keys_of(person: &Participant) -> [Vec<u8>; 2] {
    prefixes(&person.details.full_name)
        .map(|prefix| [prefix.as_slice(), person.id.as_bytes()].concat())
}

/// The person an index key points at.
pub fn id_of(key: &[u8]) -> Result<ParticipantId> {
    let id: [u8; 16] = key
        .len()
        .checked_sub(16)
        .and_then(|at| key[at..].try_into().ok())
        .ok_or_else(|| StoreError::Corrupt {
            tree: TREE,
            detail: "a key does not end in an id".into(),
        })?;
    Ok(ParticipantId::from_bytes(id))
}

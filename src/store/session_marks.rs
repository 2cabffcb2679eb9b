//! The `marks_by_session` index: one value per session holding every
//! (participant, mark) pair, 17 bytes each, so a register over many
//! sessions reads one value per session instead of one record per mark.
//! It is kept in step with the attendance tree in the same transactions.

use crate::domain::{AttendanceMark, Mark, ParticipantId};

use super::{Result, StoreError};

pub const TREE: &str = "marks_by_session";
const ENTRY: usize = 17;

fn code(mark: Mark) -> u8 {
    match mark {
        Mark::Present => 0,
        Mark::Apologies => 1,
        Mark::Absent => 2,
    }
}

fn from_code(code: u8) -> Option<Mark> {
    match code {
        0 => Some(Mark::Present),
        1 => Some(Mark::Apologies),
        2 => Some(Mark::Absent),
        _ => None,
    }
}

/// The session's entries with `participant`'s replaced by `mark` (or
/// taken out when `mark` is `None`).
pub fn with_mark(
    current: Option<&[u8]>,
    participant: ParticipantId,
    mark: Option<Mark>,
) -> Vec<u8> {
    let mut out: Vec<u8> = current
        .unwrap_or_default()
        .chunks_exact(ENTRY)
        .filter(|entry| entry[..16] != participant.as_bytes()[..])
        .flatten()
        .copied()
        .collect();
    if let Some(mark) = mark {
        out.extend_from_slice(participant.as_bytes());
        out.push(code(mark));
    }
    out
}

pub fn parse(bytes: &[u8]) -> Result<Vec<(ParticipantId, Mark)>> {
    let bad = || StoreError::Corrupt {
        tree: TREE,
        detail: "an entry is not a participant and a mark".into(),
    };
    if !bytes.len().is_multiple_of(ENTRY) {
        return Err(bad());
    }
    bytes
        .chunks_exact(ENTRY)
        .map(|entry| {
            let id: [u8; 16] = entry[..16].try_into().map_err(|_| bad())?;
            Ok((
                ParticipantId::from_bytes(id),
                from_code(entry[16]).ok_or_else(bad)?,
            ))
        })
        .collect()
}

/// Adds one mark to an index being built whole (session key → value).
pub fn add(index: &mut std::collections::BTreeMap<Vec<u8>, Vec<u8>>, mark: &AttendanceMark) {
    let value = index.entry(mark.session.as_bytes().to_vec()).or_default();
    value.extend_from_slice(mark.participant.as_bytes());
    value.push(code(mark.mark));
}

/// The whole index for these marks: (session key, value) pairs.
pub fn build<'a>(marks: impl Iterator<Item = &'a AttendanceMark>) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut by_session = Default::default();
    for mark in marks {
        add(&mut by_session, mark);
    }
    by_session.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_replaces_the_earlier_one_and_can_be_taken_back() {
        let (a, b) = (ParticipantId::new(), ParticipantId::new());
        let value = with_mark(None, a, Some(Mark::Present));
        let value = with_mark(Some(&value), b, Some(Mark::Absent));
        let value = with_mark(Some(&value), a, Some(Mark::Apologies));
        let mut marks = parse(&value).unwrap();
        marks.sort_by_key(|(p, _)| *p.as_bytes());
        let mut expected = vec![(a, Mark::Apologies), (b, Mark::Absent)];
        expected.sort_by_key(|(p, _)| *p.as_bytes());
        assert_eq!(marks, expected);
        assert_eq!(
            parse(&with_mark(Some(&value), a, None)).unwrap(),
            vec![(b, Mark::Absent)]
        );
        assert!(parse(&value[..5]).is_err());
    }
}

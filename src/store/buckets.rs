//! Small entries kept in 64 buckets of one sled value each (the letters
//! queue, the names index): a list that would be thousands of records is
//! read as 64 values. An entry is an id (16 bytes), a length (2) and a body.

use super::{Result, StoreError};

const BUCKETS: u8 = 64;

/// The bucket an id's entry lives in: the low bits of its last byte,
/// which are random in a UUID v7.
pub fn bucket_key(id: &[u8; 16]) -> [u8; 1] {
    [id[15] % BUCKETS]
}

/// A bucket's entries as (id, body).
pub fn entries<'b>(
    bucket: &'b [u8],
    tree: &'static str,
) -> impl Iterator<Item = Result<(&'b [u8], &'b [u8])>> {
    let bad = move || StoreError::Corrupt {
        tree,
        detail: "a bucket is cut short".into(),
    };
    let mut rest = bucket;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if rest.len() < 18 {
            rest = &[];
            return Some(Err(bad()));
        }
        let len = usize::from(u16::from_be_bytes([rest[16], rest[17]]));
        if rest.len() < 18 + len {
            rest = &[];
            return Some(Err(bad()));
        }
        let (key, value) = (&rest[..16], &rest[18..18 + len]);
        rest = &rest[18 + len..];
        Some(Ok((key, value)))
    })
}

/// The bucket without the id's entry.
pub fn without(bucket: Option<&[u8]>, id: &[u8; 16], tree: &'static str) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for entry in entries(bucket.unwrap_or_default(), tree) {
        let (key, value) = entry?;
        if key != id {
            push_entry(&mut out, key, value);
        }
    }
    Ok(out)
}

pub fn push_entry(out: &mut Vec<u8>, key: &[u8], value: &[u8]) {
    out.extend_from_slice(key);
    // A name is at most 100 characters, so an entry is far below 64 kB.
    out.extend_from_slice(&(value.len().min(usize::from(u16::MAX)) as u16).to_be_bytes());
    out.extend_from_slice(value);
}

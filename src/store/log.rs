//! The activity log: entries appended, never changed, each in the same
//! transaction as the change it records.

use sled::transaction::ConflictableTransactionError;

use chrono::{DateTime, Utc};

use crate::domain::{Erasure, LogEntry};

use super::codec::{Record, decode, encode};
use super::sealed::{Tree, Tx};
use super::{Item, Result, Store, StoreError};

/// Entries ready to go into a transaction beside the change they record.
pub(super) struct Logged {
    tree: Tree,
    entries: Vec<(Vec<u8>, Vec<u8>)>,
}

impl Logged {
    pub(super) fn tree(&self) -> &sled::Tree {
        self.tree.raw()
    }

    /// Appends the entries inside the transaction (`tx` is this tree's).
    pub(super) fn write(
        &self,
        tx: &sled::transaction::TransactionalTree,
    ) -> std::result::Result<(), ConflictableTransactionError<StoreError>> {
        let log: Tx<'_> = self.tree.tx(tx);
        for (key, value) in &self.entries {
            log.insert(key.as_slice(), value.as_slice())?;
        }
        Ok(())
    }
}

impl Store {
    pub(super) fn logged(&self, entries: &[LogEntry]) -> Result<Logged> {
        Ok(Logged {
            tree: self.tree::<LogEntry>()?,
            entries: entries
                .iter()
                .map(|e| Ok((e.key(), encode(e)?)))
                .collect::<Result<_>>()?,
        })
    }

    /// What a restore or an import keeps of the data it replaces: the
    /// tombstones (everyone erased stays erased) and the activity log
    /// (append only, so a restore adds to it and takes nothing away).
    pub fn kept_through_restores(&self) -> Result<Vec<Item>> {
        let mut kept: Vec<Item> = self
            .all::<Erasure>()?
            .into_iter()
            .map(|e| Item::Erasure(Box::new(e)))
            .collect();
        kept.extend(
            self.all::<LogEntry>()?
                .into_iter()
                .map(|e| Item::LogEntry(Box::new(e))),
        );
        Ok(kept)
    }

    /// Appends one entry on its own (a document saved, a backup made:
    /// nothing else is written).
    pub fn append_log(&self, entry: &LogEntry) -> Result<()> {
        self.tree::<LogEntry>()?
            .insert(entry.key(), encode(entry)?)?;
        self.flush()
    }

    /// Entries made at `from` or later, newest first, at most `limit`:
    /// an entry's key is its UUID v7 id, whose first six bytes are its
    /// time in milliseconds, so the range starts at that time's bytes.
    pub fn log_entries(&self, from: Option<DateTime<Utc>>, limit: usize) -> Result<Vec<LogEntry>> {
        let start = from.map_or_else(Vec::new, |t| {
            let millis = u64::try_from(t.timestamp_millis()).unwrap_or(0);
            millis.to_be_bytes()[2..].to_vec()
        });
        self.tree::<LogEntry>()?
            .range_from(start)
            .values()
            .rev()
            .take(limit)
            .map(|bytes| decode(&bytes?))
            .collect()
    }
}

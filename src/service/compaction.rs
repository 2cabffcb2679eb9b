//! Removed data does not linger on disk: sled keeps removed and overwritten
//! values in old segments, so at least once a month (and after data is
//! removed wholesale, as when leaving the demo) the store is copied into a
//! new folder and the old one deleted.

use chrono::{DateTime, Utc};

use super::{DataDir, Progress, Tend};
use crate::Result;
use crate::store::{Meta, Store};

/// The store is compacted when it was last compacted this long ago.
pub const COMPACT_EVERY_DAYS: i64 = 30;

impl Tend {
    /// A compaction is due: never done, or done a month or more ago.
    pub fn compaction_due(&self, now: DateTime<Utc>) -> Result<bool> {
        let last = self
            .store
            .meta_value(Meta::LastCompacted)?
            .and_then(|b| DateTime::parse_from_rfc3339(&String::from_utf8_lossy(&b)).ok());
        Ok(last.is_none_or(|t| (now - t.with_timezone(&Utc)).num_days() >= COMPACT_EVERY_DAYS))
    }

    /// Copies the data in `dir` (which must not be open) into a new folder
    /// and swaps it in, so nothing removed can be read from the folder.
    /// Encrypted data is sealed again under a new data key.
    pub fn compact<'a>(dir: impl Into<DataDir<'a>>, now: DateTime<Utc>) -> Result<()> {
        Self::compact_with(dir, now, &mut |_, _| {})
    }

    /// As `compact`, saying how far it has got (entries copied of all).
    pub fn compact_with<'a>(
        dir: impl Into<DataDir<'a>>,
        now: DateTime<Utc>,
        progress: Progress,
    ) -> Result<()> {
        let dir = dir.into();
        Store::compact(dir.path, dir.key, progress)?;
        Tend::open(dir)?
            .store
            .save_meta_value(Meta::LastCompacted, now.to_rfc3339().as_bytes())?;
        Ok(())
    }
}

//! The JSON export: everything Tend holds as readable JSON, written a
//! record at a time, and loaded back into an empty folder (or over one).

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::store::Snapshot;
use crate::{Error, Result, Tend};

impl Tend {
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.store.is_empty()?)
    }

    pub fn export(&self, now: DateTime<Utc>) -> Result<Snapshot> {
        Ok(self.store.snapshot(now)?)
    }

    /// Writes the JSON export to `path`, a record at a time.
    pub fn export_to(&self, path: &Path, now: DateTime<Utc>) -> Result<crate::store::Counts> {
        crate::files::write_streamed(path, |file| -> Result<_> {
            Ok(self.store.write_export(now, file)?)
        })
    }

    /// Loads a full export. Refuses to overwrite data unless `replace` is set.
    pub fn import(&self, snapshot: &Snapshot, replace: bool) -> Result<()> {
        if !replace && !self.store.is_empty()? {
            return Err(Error::Conflict(
                "This data folder already holds data. Import into an empty folder, or choose to replace what is there.".into(),
            ));
        }
        self.people_replaced();
        self.store.restore(snapshot)?;
        self.people_replaced();
        Ok(())
    }
}

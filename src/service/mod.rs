//! What the app does, in the words its users use. The command line and the
//! desktop shell both call these and nothing below them.

mod activities;
mod attendance;
pub mod demo;
mod demo_referrals;
mod follow_up;
mod import;
mod letters;
mod people;
mod referrals;
mod register;
mod roles;

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

pub use activities::SessionSummary;
pub use attendance::{RegisterRow, SessionRegister};
pub use follow_up::{ActivityMembership, AttendanceEntry, ParticipantRecord, StoppedComing};
pub use import::{Column, ImportReport, RejectedRow, guess_columns};
pub use letters::{DueLetter, LetterSummary, SNOMED_DECLINED, SNOMED_REFERRAL};
pub use referrals::{NewReferral, ReferralSummary, ReferredPerson, StatusUpdate};

use crate::domain::Organisation;
use crate::store::{Snapshot, Store, StoreError};
use crate::{Error, Result};

pub struct Tend {
    store: Store,
}

impl Tend {
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        Ok(Tend {
            store: Store::open(dir)?,
        })
    }

    pub fn today() -> NaiveDate {
        chrono::Local::now().date_naive()
    }

    pub fn organisation(&self) -> Result<Option<Organisation>> {
        Ok(self.store.organisation()?)
    }

    pub fn save_organisation(&self, organisation: Organisation) -> Result<Organisation> {
        let organisation = organisation.validated()?;
        self.store.save_organisation(&organisation)?;
        Ok(organisation)
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.store.is_empty()?)
    }

    pub fn export(&self, now: DateTime<Utc>) -> Result<Snapshot> {
        Ok(self.store.snapshot(now)?)
    }

    /// Loads a full export. Refuses to overwrite data unless `replace` is set.
    pub fn import(&self, snapshot: &Snapshot, replace: bool) -> Result<()> {
        if !replace && !self.store.is_empty()? {
            return Err(Error::Conflict(
                "This data folder already holds data. Import into an empty folder, or choose to replace what is there.".into(),
            ));
        }
        self.store.restore(snapshot)?;
        Ok(())
    }

    /// Reads an export file's text, with a clear message when it is not one.
    pub fn parse_export(text: &str) -> Result<Snapshot> {
        serde_json::from_str(text).map_err(|e| {
            Error::Store(StoreError::Import(format!(
                "This file is not a readable Tend export ({e})."
            )))
        })
    }
}

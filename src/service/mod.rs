//! What the app does, in the words its users use. The command line and the
//! desktop shell both call these and nothing below them.

mod activities;
mod attendance;
mod auto_fill;
mod backups;
mod compaction;
pub mod demo;
mod demo_referrals;
mod demo_volunteers;
mod encryption;
mod follow_up;
mod import;
mod letters;
mod people;
mod people_index;
mod referrals;
mod register;
mod roles;
mod rota;
mod rota_outputs;
mod volunteers;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use activities::SessionSummary;
pub use attendance::{MarksAllowed, WalkIn};
pub use attendance::{RegisterRow, SessionRegister};
pub use auto_fill::{GapProposal, ProposedAssignment, UnfilledSlot};
pub use backups::{
    AUTOMATIC_EVERY_MINUTES, BACKUP_ELSEWHERE_DAYS, BACKUP_EXTENSION, BackupMade, BackupStatus,
    Progress, automatic_backups_dir, newest_good_backup,
};
pub use compaction::COMPACT_EVERY_DAYS;
pub use encryption::{
    EncryptionPlan, PASSPHRASE_MIN_CHARS, can_encrypt, is_encrypted, unlock, unlock_backup,
};
pub use follow_up::{
    ActivityMembership, AttendanceEntry, ConsentLine, ParticipantRecord, StoppedComing,
};
pub use import::{Column, ImportReport, ImportRun, RejectedRow, guess_columns};
pub use letters::{DueLetter, LetterSummary, SNOMED_DECLINED, SNOMED_REFERRAL};
pub use people::{ConsentChange, MergeReport};
pub use people_index::{LookAlike, PeoplePage, PersonSummary};
pub use referrals::{NewReferral, ReferralSummary, ReferredPerson, StatusUpdate};
pub use rota::{Assignment, Candidate, FilledSlot, RotaPeriod, RotaSession, RotaSlot};
pub use volunteers::{EXPIRY_WARNING_DAYS, ExpiryAlert};

use crate::domain::Organisation;
use crate::domain::ValidationError;
use crate::store::{MasterKey, Meta, Snapshot, Store, StoreError};
use crate::{Error, Result};

/// A data folder and, when its data is encrypted, the key that opens it.
#[derive(Clone, Copy)]
pub struct DataDir<'a> {
    pub path: &'a Path,
    pub key: Option<&'a MasterKey>,
}

impl<'a> DataDir<'a> {
    pub fn keyed(path: &'a Path, key: Option<&'a MasterKey>) -> Self {
        DataDir { path, key }
    }
}

impl<'a> From<&'a Path> for DataDir<'a> {
    fn from(path: &'a Path) -> Self {
        DataDir { path, key: None }
    }
}

impl<'a> From<&'a PathBuf> for DataDir<'a> {
    fn from(path: &'a PathBuf) -> Self {
        DataDir { path, key: None }
    }
}

pub struct Tend {
    store: Store,
    /// The master key of encrypted data, while it is open.
    key: Option<MasterKey>,
    people: people_index::PeopleCache,
    /// The data folder (automatic backups go beside it).
    dir: std::path::PathBuf,
    /// The store's write count when the last automatic backup was made.
    changes_backed_up: std::sync::atomic::AtomicU64,
}

impl Tend {
    /// Opens the data folder (encrypted data with its key); a new folder
    /// is made.
    pub fn open<'a>(dir: impl Into<DataDir<'a>>) -> Result<Self> {
        Self::open_with(dir.into(), |_, _| Ok(()))
    }

    fn open_with(
        dir: DataDir<'_>,
        before_upgrade: impl FnOnce(&Store, u32) -> std::result::Result<(), StoreError>,
    ) -> Result<Self> {
        std::fs::create_dir_all(dir.path)?;
        let store = Store::open_upgrading(dir.path, dir.key, before_upgrade)?;
        Ok(Tend {
            changes_backed_up: store.writes().into(),
            store,
            key: dir.key.map(MasterKey::duplicate),
            people: Default::default(),
            dir: dir.path.to_path_buf(),
        })
    }

    pub fn organisation(&self) -> Result<Option<Organisation>> {
        Ok(self.store.organisation()?)
    }

    /// Saves the organisation's details; its logo changes only through
    /// `set_logo` and `remove_logo`.
    pub fn save_organisation(&self, organisation: Organisation) -> Result<Organisation> {
        let logo = self.organisation()?.and_then(|o| o.logo);
        self.write_organisation(Organisation {
            logo,
            ..organisation
        })
    }

    fn write_organisation(&self, organisation: Organisation) -> Result<Organisation> {
        let organisation = organisation.validated()?;
        self.store.save_organisation(&organisation)?;
        Ok(organisation)
    }

    /// Sets the letterhead logo from an image file's bytes (PNG or JPEG, up
    /// to 2 MB). Anything else is refused and the old logo stays.
    pub fn set_logo(&self, bytes: &[u8]) -> Result<Organisation> {
        if bytes.len() > 2 * 1024 * 1024 {
            return Err(ValidationError::new(
                "logo",
                "That picture is over 2 MB. Save a smaller copy of the logo and choose that.",
            )
            .into());
        }
        if !crate::docs::is_image(bytes) {
            return Err(ValidationError::new(
                "logo",
                "That file is not a picture Tend can print. Choose the logo saved as PNG or JPEG.",
            )
            .into());
        }
        let organisation = self
            .organisation()?
            .ok_or_else(|| Error::NotFound("Save your organisation's details first.".into()))?;
        let key = Meta::new_logo_reference();
        self.store.save_meta_value(Meta::Logo(&key), bytes)?;
        self.write_organisation(Organisation {
            logo: Some(key),
            ..organisation
        })
    }

    /// Letters from now on have no logo; letters already sent keep theirs.
    pub fn remove_logo(&self) -> Result<Organisation> {
        let organisation = self
            .organisation()?
            .ok_or_else(|| Error::NotFound("Save your organisation's details first.".into()))?;
        self.write_organisation(Organisation {
            logo: None,
            ..organisation
        })
    }

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

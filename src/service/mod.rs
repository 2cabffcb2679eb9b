//! What the app does, in the words its users use. The command line and the
//! desktop shell both call these and nothing below them.

mod activities;
mod activity_log;
mod attendance;
mod auto_fill;
mod backups;
mod buddies;
mod compaction;
pub mod demo;
mod demo_referrals;
mod demo_volunteers;
mod encryption;
mod erasure;
mod follow_up;
mod import;
mod json_export;
mod letter_composing;
mod letters;
mod minimum_dataset;
mod organisation;
pub use organisation::FirstSteps;
mod outcomes;
mod people;
mod people_index;
mod period_attendance;
mod person_record;
mod privacy_notice;
mod referrals;
mod register;
mod report;
mod report_charts;
mod retention;
mod roles;
mod rota;
mod rota_outputs;
mod settings;
pub use settings::{BankHolidaysAhead, NationChoice};
mod subject_access;
mod volunteers;
mod walk_return;

use std::path::{Path, PathBuf};

pub use activities::{GeneratedSessions, HolidaySession, SessionSummary};
pub use activity_log::{LOG_PAGE, LogLine, log_csv};
pub use attendance::{MarksAllowed, WalkIn};
pub use attendance::{RegisterRow, SessionRegister};
pub use auto_fill::{GapProposal, ProposedAssignment, UnfilledSlot};
pub use backups::{
    AUTOMATIC_EVERY_MINUTES, BACKUP_ELSEWHERE_DAYS, BACKUP_EXTENSION, BackupMade, BackupStatus,
    Progress, automatic_backups_dir, newest_good_backup,
};
pub use buddies::{BuddyCandidate, BuddyRequest, BuddySession};
pub use compaction::COMPACT_EVERY_DAYS;
pub use encryption::{
    EncryptionPlan, PASSPHRASE_MIN_CHARS, can_encrypt, is_encrypted, this_computer_entry, unlock,
    unlock_backup,
};
pub use erasure::{ErasureDone, ErasureRequest};
pub use follow_up::StoppedComing;
pub use import::{Column, ImportReport, ImportRun, RejectedRow, guess_columns};
pub use letters::{
    DueLetter, LetterPreview, LetterSummary, SNOMED_DECLINED, SNOMED_REFERRAL, TemplateVersion,
};
pub use minimum_dataset::{DATASET_HEADER, MinimumDataset};
pub use outcomes::{NewOutcome, OutcomeView};
pub use people::{ConsentChange, MergeReport};
pub use people_index::{LookAlike, PeoplePage, PersonSummary};
pub use person_record::{ActivityMembership, AttendanceEntry, ConsentLine, ParticipantRecord};
pub use referrals::{NewReferral, ReferralSummary, ReferredPerson, StatusUpdate};
pub use report::PeriodReport;
pub use retention::{PastRetention, RetentionReview};
pub use rota::{Assignment, BuddyLine, Candidate, FilledSlot, RotaPeriod, RotaSession, RotaSlot};
pub use subject_access::{AccessRequestLine, Fact, LetterHeld, SharedWith, SubjectAccess};
pub use volunteers::{EXPIRY_WARNING_DAYS, ExpiryAlert};
pub use walk_return::WalkReturn;

use crate::Result;
use crate::store::{MasterKey, Store, StoreError};

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
}

//! Encryption at rest in the words people use: turning it on (and the
//! recovery key for the Emergency sheet), unlocking, changing the
//! passphrase, "Unlock automatically on this computer", and opening an
//! encrypted backup.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use zeroize::Zeroizing;

use super::backups::automatic_backups_dir;
use super::{BACKUP_EXTENSION, DataDir, Tend};
use crate::docs::{EmergencySheet, render_emergency_sheet};
use crate::domain::ValidationError;
use crate::domain::dates::long_date;
use crate::store::{KdfCost, Key, KeysFile, MasterKey, Store, StoreError, Unlock, backup_keys};
use crate::{Error, Result};

pub use crate::store::is_encrypted;

/// A passphrase shorter than this is refused when set.
pub const PASSPHRASE_MIN_CHARS: usize = 10;

/// Encryption about to be turned on: the keys are made first, so the
/// Emergency sheet is printed, and part of its recovery key typed back,
/// before any data is encrypted with them.
pub struct EncryptionPlan {
    keys: KeysFile,
    key: MasterKey,
    recovery_key: Zeroizing<String>,
    /// Which group of the recovery key (1 to 9) the person types back.
    check_group: usize,
}

impl EncryptionPlan {
    /// Refuses a passphrase that is too short, or typed differently the
    /// second time, with its field.
    pub fn new(passphrase: &str, again: &str, cost: KdfCost) -> Result<Self> {
        check_new_passphrase(passphrase, again)?;
        let (keys, key, recovery_key) = KeysFile::create(passphrase, cost)?;
        let check_group = 1 + (key.bytes()[0] as usize % 9);
        Ok(EncryptionPlan {
            keys,
            key,
            recovery_key,
            check_group,
        })
    }

    pub fn recovery_key(&self) -> &str {
        &self.recovery_key
    }

    /// "Type group 4 of the recovery key": which group.
    pub fn check_group(&self) -> usize {
        self.check_group
    }

    /// Whether `typed` is that group, read as forgivingly as the key is.
    pub fn confirms(&self, typed: &str) -> bool {
        let wanted = self.recovery_key.split('-').nth(self.check_group - 1);
        let typed = typed
            .trim()
            .to_ascii_uppercase()
            .replace('O', "0")
            .replace(['I', 'L'], "1");
        wanted.is_some_and(|w| !typed.is_empty() && w == typed)
    }
}

fn check_new_passphrase(passphrase: &str, again: &str) -> Result<()> {
    if passphrase.chars().count() < PASSPHRASE_MIN_CHARS {
        return Err(ValidationError::new(
            "passphrase",
            format!(
                "A passphrase needs at least {PASSPHRASE_MIN_CHARS} characters: a few words you will remember are best."
            ),
        )
        .into());
    }
    if passphrase != again {
        return Err(ValidationError::new(
            "again",
            "The two passphrases are not the same. Type the new passphrase again.",
        )
        .into());
    }
    Ok(())
}

/// The key that opens the encrypted data in `dir`, if `unlock` is right;
/// otherwise "That passphrase does not open this data." and nothing changes.
pub fn unlock(dir: &Path, unlock: &Unlock) -> Result<MasterKey> {
    let keys = KeysFile::read(dir)?
        .ok_or_else(|| Error::Conflict("This data is not encrypted.".into()))?;
    Ok(keys.unlock(unlock)?)
}

/// The keychain entry that opens the data in `dir` on this computer, when
/// "Unlock automatically on this computer" is on.
pub fn this_computer_entry(dir: &Path) -> Result<Option<String>> {
    Ok(KeysFile::read(dir)?.and_then(|keys| keys.this_computer_entry().map(str::to_owned)))
}

/// The key that opens the backup `file`: none for a plain backup;
/// `known` when it opens it (a backup of this data); otherwise what `ask`
/// gives (the passphrase the backup was made with, or the recovery key).
pub fn unlock_backup(
    file: &Path,
    known: Option<&MasterKey>,
    ask: impl FnOnce() -> Result<Option<Unlock>>,
) -> Result<Option<MasterKey>> {
    let Some(keys) = backup_keys(file)? else {
        return Ok(None);
    };
    if let Some(known) = known.filter(|k| keys.backup_identity(k).is_ok()) {
        return Ok(Some(known.duplicate()));
    }
    let unlock = ask()?.ok_or(StoreError::BackupLocked)?;
    Ok(Some(keys.unlock(&unlock)?))
}

/// Refuses data that is encrypted already.
pub fn can_encrypt(dir: &Path) -> Result<()> {
    if is_encrypted(dir) {
        return Err(Error::Conflict("This data is already encrypted.".into()));
    }
    Ok(())
}

impl Tend {
    /// Encrypts the plain data in `dir` (which must not be open) with the
    /// plan's keys: every value is sealed into a new folder that is swapped
    /// in, and the plain folder removed. The automatic backups made
    /// before, which are not encrypted, are removed too, and an encrypted
    /// one made in their place. Gives the key the data now opens with.
    pub fn encrypt(dir: &Path, plan: EncryptionPlan, now: DateTime<Utc>) -> Result<MasterKey> {
        can_encrypt(dir)?;
        std::fs::create_dir_all(dir)?;
        Store::encrypt(dir, &plan.keys, &plan.key)?;
        remove_plain_backups(dir)?;
        Tend::open(DataDir::keyed(dir, Some(&plan.key)))?
            .automatic_backup("after encrypting", now)?;
        Ok(plan.key)
    }

    pub fn is_encrypted(&self) -> bool {
        self.store.is_encrypted()
    }

    /// The Emergency sheet with the plan's recovery key.
    pub fn emergency_sheet(
        &self,
        plan: &EncryptionPlan,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>> {
        let sheet = EmergencySheet {
            organisation: self.organisation()?.map(|o| o.name).unwrap_or_default(),
            date: long_date(today),
            folder: self.dir.display().to_string(),
            recovery_key: plan.recovery_key().to_owned(),
        };
        render_emergency_sheet(&sheet, now)
    }

    /// A new passphrase, once the current one is given: the master key is
    /// wrapped again; the data and the recovery key stay as they are.
    pub fn change_passphrase(&self, current: &str, new: &str, again: &str) -> Result<()> {
        let keys = self.keys()?;
        let key = keys
            .unlock(&Unlock::Passphrase(Zeroizing::new(current.to_owned())))
            .map_err(|e| match e {
                StoreError::WrongPassphrase => Error::from(ValidationError::new(
                    "current_passphrase",
                    "That is not the passphrase this data opens with.",
                )),
                other => other.into(),
            })?;
        check_new_passphrase(new, again)?;
        keys.with_passphrase(&key, new)?.write(&self.dir)?;
        Ok(())
    }
}

impl Tend {
    /// Turns "Unlock automatically on this computer" on for the data open
    /// with `master`: a new random key goes to `keep` (the operating
    /// system's keychain) under a new entry name, and only once it is kept
    /// are the keys written with its wrap; if `keep` refuses, nothing
    /// changes. Gives the entry used before, if any, for the caller to
    /// remove from the keychain.
    pub fn unlock_automatically(
        &self,
        master: &MasterKey,
        keep: impl FnOnce(&str, &Key) -> Result<()>,
    ) -> Result<Option<String>> {
        let keys = self.keys()?;
        // The key must be this data's, or the wrap would open nothing.
        keys.data_key(master)?;
        let (on, entry, key) = keys.with_this_computer(master)?;
        keep(&entry, &key)?;
        on.write(&self.dir)?;
        Ok(keys.this_computer_entry().map(str::to_owned))
    }

    /// Turns it off: the passphrase (or the recovery key) is asked for
    /// again from the next start. Gives the entry for the caller to remove
    /// from the keychain.
    pub fn stop_unlocking_automatically(&self) -> Result<Option<String>> {
        let keys = self.keys()?;
        let entry = keys.this_computer_entry().map(str::to_owned);
        if entry.is_some() {
            keys.without_this_computer().write(&self.dir)?;
        }
        Ok(entry)
    }

    fn keys(&self) -> Result<KeysFile> {
        KeysFile::read(&self.dir)?
            .ok_or_else(|| Error::Conflict("This data is not encrypted.".into()))
    }
}

/// Backups beside the data that are not encrypted.
fn remove_plain_backups(dir: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(automatic_backups_dir(dir)) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == BACKUP_EXTENSION)
            && !matches!(backup_keys(&path), Ok(Some(_)))
        {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

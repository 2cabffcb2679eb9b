//! Backups people can trust: "Back up now" to a stick, automatic backups
//! in a rotation beside the data, and restores (from a backup or the JSON
//! export) that are all or nothing.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::{DataDir, Tend};
use crate::domain::backup_rotation::backups_to_keep;
use crate::domain::{LogEntry, LoggedAction};
use crate::store::{
    Counts, Item, Manifest, MasterKey, Meta, Store, StoreError, backup_keys, is_encrypted,
    read_backup, read_export, verify_backup,
};
use crate::{Error, Result};

/// Today asks for a backup to another place once the last is this old.
pub const BACKUP_ELSEWHERE_DAYS: i64 = 7;
/// Automatic backups while data is changing, at most this often.
pub const AUTOMATIC_EVERY_MINUTES: i64 = 30;
/// A backup file's name ends with this.
pub const BACKUP_EXTENSION: &str = "tendbackup";

/// Where the automatic backups of the data in `dir` are kept: a folder
/// beside it (not inside: a restore replaces the data folder whole).
pub fn automatic_backups_dir(dir: &Path) -> PathBuf {
    let mut name = dir.as_os_str().to_owned();
    name.push("-backups");
    PathBuf::from(name)
}

/// How far a restore has got: `done` of `of` records (or bytes, for the
/// JSON export).
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// What Today says about backups.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BackupStatus {
    /// When the last backup to another place (a stick, another drive) was made.
    pub last_elsewhere: Option<DateTime<Utc>>,
    /// "Last backup to another place: 9 days ago", or that there is none.
    pub words: String,
    /// It is time to make one.
    pub due: bool,
    /// The newest automatic backup beside the data.
    pub last_automatic: Option<DateTime<Utc>>,
}

/// A backup, where it is and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BackupMade {
    #[ts(type = "string")]
    pub path: PathBuf,
    /// The file's own name, without its folder.
    pub file_name: String,
    pub manifest: Manifest,
    /// What it holds, in words: "120 people, 30 referrals, …".
    pub holds: String,
}

impl BackupMade {
    pub fn new(path: PathBuf, manifest: Manifest) -> Self {
        BackupMade {
            holds: manifest.counts.words(),
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path,
            manifest,
        }
    }
}

impl Tend {
    /// Writes a backup to `path`: to a temporary name, synced, renamed and
    /// the folder synced; then read back whole and checked against its
    /// manifest. Only then is it reported made.
    pub fn back_up(&self, path: &Path, now: DateTime<Utc>) -> Result<Manifest> {
        back_up_store(&self.store, self.key.as_ref(), path, now)
    }

    /// Opens the data in `dir` as `open` does, first keeping an automatic
    /// backup of it if it is about to be upgraded to a newer schema.
    pub fn open_upgrading<'a>(dir: impl Into<DataDir<'a>>, now: DateTime<Utc>) -> Result<Tend> {
        let dir = dir.into();
        Tend::open_with(dir, |store, version| {
            automatic_backup_of(
                store,
                dir.key,
                dir.path,
                &format!("before upgrade from schema {version}"),
                now,
            )
            .map(|_| ())
            .map_err(|e| crate::store::StoreError::Backup(e.to_string()))
        })
    }

    /// "Back up now" into a folder the person chose (a USB stick): the
    /// file is named after the organisation and the time, and Today then
    /// counts from it.
    pub fn back_up_to_folder(&self, folder: &Path, now: DateTime<Utc>) -> Result<BackupMade> {
        if !folder.is_dir() {
            return Err(Error::NotFound(format!(
                "There is no folder at {}. Is the stick plugged in?",
                folder.display()
            )));
        }
        let name = self
            .organisation()?
            .map(|o| file_name_part(&o.name))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "Tend".into());
        let path = folder.join(format!(
            "{name} backup {}.{BACKUP_EXTENSION}",
            now.format("%Y-%m-%d %H%M")
        ));
        let manifest = self.back_up(&path, now)?;
        self.store
            .save_meta_value(Meta::LastBackupElsewhere, now.to_rfc3339().as_bytes())?;
        self.store.append_log(
            &LogEntry::new(LoggedAction::BackedUp, None).with_fields(["to another place"]),
        )?;
        Ok(BackupMade::new(path, manifest))
    }

    /// What Today shows: how long since a backup to another place.
    pub fn backup_status(&self, now: DateTime<Utc>) -> Result<BackupStatus> {
        let last_elsewhere = self
            .store
            .meta_value(Meta::LastBackupElsewhere)?
            .and_then(|bytes| DateTime::parse_from_rfc3339(&String::from_utf8_lossy(&bytes)).ok())
            .map(|t| t.with_timezone(&Utc));
        let days = last_elsewhere.map(|t| (now - t).num_days());
        let words = match days {
            None => "No backup to another place yet".to_string(),
            Some(0) => "Last backup to another place: today".to_string(),
            Some(1) => "Last backup to another place: yesterday".to_string(),
            Some(n) => format!("Last backup to another place: {n} days ago"),
        };
        Ok(BackupStatus {
            last_elsewhere,
            words,
            due: days.is_none_or(|d| d >= BACKUP_ELSEWHERE_DAYS) && !self.store.is_empty()?,
            last_automatic: self
                .automatic_backups()?
                .first()
                .map(|b| b.manifest.made_at),
        })
    }

    /// Makes an automatic backup beside the data (`reason` goes in its
    /// name: "closing", "before merge"…) and thins the older ones to the
    /// rotation. Nothing is made for an empty folder.
    pub fn automatic_backup(&self, reason: &str, now: DateTime<Utc>) -> Result<Option<BackupMade>> {
        if self.store.is_empty()? {
            return Ok(None);
        }
        let made = automatic_backup_of(&self.store, self.key.as_ref(), &self.dir, reason, now)?;
        self.store.append_log(
            &LogEntry::new(LoggedAction::BackedUp, None)
                .with_fields([format!("automatic, {reason}")]),
        )?;
        self.changes_backed_up
            .store(self.store.writes(), std::sync::atomic::Ordering::Relaxed);
        Ok(Some(made))
    }

    /// An automatic backup if anything changed since the last one and the
    /// last was at least `AUTOMATIC_EVERY_MINUTES` ago (the shell asks
    /// every few minutes, and when Tend closes with `force`).
    pub fn automatic_backup_if_changed(
        &self,
        now: DateTime<Utc>,
        closing: bool,
    ) -> Result<Option<BackupMade>> {
        let changed = self.store.writes()
            != self
                .changes_backed_up
                .load(std::sync::atomic::Ordering::Relaxed);
        if !changed {
            return Ok(None);
        }
        let last = self
            .automatic_backups()?
            .first()
            .map(|b| b.manifest.made_at);
        let due = last.is_none_or(|t| (now - t).num_minutes() >= AUTOMATIC_EVERY_MINUTES);
        if closing || due {
            self.automatic_backup(if closing { "closing" } else { "while working" }, now)
        } else {
            Ok(None)
        }
    }

    /// The automatic backups that can be read, newest first.
    pub fn automatic_backups(&self) -> Result<Vec<BackupMade>> {
        automatic_backups_in(&automatic_backups_dir(&self.dir))
    }

    /// Replaces the data in `dir` (which must not be open) with a backup's
    /// contents, all or nothing. Over existing data only with `replace`,
    /// and the data as it was is first kept as an automatic backup.
    /// An encrypted backup opens with the folder's own key (a backup of
    /// this data); `restore_backup_with` gives another.
    pub fn restore_backup<'a>(
        dir: impl Into<DataDir<'a>>,
        file: &Path,
        replace: bool,
        now: DateTime<Utc>,
        progress: Progress,
    ) -> Result<Manifest> {
        let dir = dir.into();
        Self::restore_backup_with(dir, file, dir.key, replace, now, progress)
    }

    /// As `restore_backup`, opening an encrypted backup with `backup_key`
    /// (from `unlock_backup`). Encrypted data stays encrypted with its own
    /// keys; a plain folder restored from an encrypted backup becomes
    /// encrypted with the backup's.
    pub fn restore_backup_with(
        dir: DataDir<'_>,
        file: &Path,
        backup_key: Option<&MasterKey>,
        replace: bool,
        now: DateTime<Utc>,
        progress: Progress,
    ) -> Result<Manifest> {
        let manifest = crate::store::read_manifest(file)?;
        let (carried, kept) = Self::before_replacing(dir, replace, now)?;
        let keys = match Store::keys_with(dir.path, dir.key)? {
            Some(keys) => Some(keys),
            None => match (backup_keys(file)?, backup_key) {
                (Some(keys), Some(key)) => Some((keys, key)),
                (Some(_), None) => return Err(StoreError::BackupLocked.into()),
                (None, _) => None,
            },
        };
        let opened_with = keys.as_ref().map(|(_, key)| *key);
        let total = manifest.counts.total();
        let mut done = 0u64;
        let mut read = None;
        Store::replace_folder(dir.path, keys, kept, |loader| {
            read = Some(read_backup(file, backup_key, &mut |item| {
                loader.add(&item)?;
                if item.kind() != "organisation" {
                    done += 1;
                    if done.is_multiple_of(10_000) || done == total {
                        progress(done, total);
                    }
                }
                Ok(())
            })?);
            Ok(())
        })?;
        Self::carry_over(
            DataDir::keyed(dir.path, opened_with),
            carried,
            "from a backup",
        )?;
        progress(total, total);
        Ok(read.unwrap_or(manifest))
    }

    /// Replaces the data in `dir` (which must not be open) with a JSON
    /// export's contents, streamed, all or nothing (as `restore_backup`).
    pub fn import_export<'a>(
        dir: impl Into<DataDir<'a>>,
        file: &Path,
        replace: bool,
        now: DateTime<Utc>,
        progress: Progress,
    ) -> Result<Counts> {
        let dir = dir.into();
        let opened = std::fs::File::open(file)
            .map_err(|e| Error::NotFound(format!("Could not read {}: {e}", file.display())))?;
        let size = opened.metadata()?.len();
        let (carried, kept) = Self::before_replacing(dir, replace, now)?;
        let counted = Counting {
            inner: opened,
            read: 0,
            size,
            progress,
        };
        let counts = Store::replace_folder(
            dir.path,
            Store::keys_with(dir.path, dir.key)?,
            kept,
            |loader| {
                read_export(counted, &mut |item| loader.add(&item))?;
                Ok(())
            },
        )?;
        Self::carry_over(dir, carried, "from a JSON export")?;
        Ok(counts)
    }

    /// When the last backup to another place was made is a fact about this
    /// computer's copies, not about the data: it stays across a restore.
    /// The restore itself goes in the activity log.
    fn carry_over(dir: DataDir<'_>, last_elsewhere: Option<Vec<u8>>, from: &str) -> Result<()> {
        let tend = Tend::open(dir)?;
        if let Some(value) = last_elsewhere {
            tend.store
                .save_meta_value(Meta::LastBackupElsewhere, &value)?;
        }
        tend.store
            .append_log(&LogEntry::new(LoggedAction::Restored, None).with_fields([from]))?;
        Ok(())
    }

    /// Refuses to overwrite data without `replace`, and keeps what is
    /// there as an automatic backup before it is replaced; says when the
    /// last backup to another place was, to carry over, and who has been
    /// erased, to erase again from what replaces it.
    fn before_replacing(
        dir: DataDir<'_>,
        replace: bool,
        now: DateTime<Utc>,
    ) -> Result<(Option<Vec<u8>>, Vec<Item>)> {
        if !dir.path.exists() {
            return Ok((None, Vec::new()));
        }
        // Encrypted data is never set aside as "would not open" for want of its key.
        if is_encrypted(dir.path) && dir.key.is_none() {
            return Err(StoreError::WrongPassphrase.into());
        }
        let current = match Tend::open(dir) {
            Ok(current) => current,
            Err(Error::Store(crate::store::StoreError::InUse)) => {
                return Err(Error::Store(crate::store::StoreError::InUse));
            }
            // A folder that will not open cannot be backed up first; it is
            // kept aside, whole, rather than thrown away.
            Err(_) if replace => {
                let mut aside = dir.path.as_os_str().to_owned();
                aside.push(format!(".would-not-open-{}", now.format("%Y%m%d%H%M%S")));
                std::fs::rename(dir.path, PathBuf::from(aside))?;
                return Ok((None, Vec::new()));
            }
            Err(e) => return Err(e),
        };
        let last_elsewhere = current.store.meta_value(Meta::LastBackupElsewhere)?;
        let kept = current.store.kept_through_restores()?;
        if current.store.is_empty()? {
            return Ok((last_elsewhere, kept));
        }
        if !replace {
            return Err(Error::Conflict(
                "This data folder already holds data. Restore into an empty folder, or choose to replace what is there.".into(),
            ));
        }
        current.automatic_backup("before restore", now)?;
        Ok((last_elsewhere, kept))
    }
}

fn back_up_store(
    store: &Store,
    key: Option<&MasterKey>,
    path: &Path,
    now: DateTime<Utc>,
) -> Result<Manifest> {
    let written = crate::files::write_streamed(path, |file| -> Result<Manifest> {
        Ok(store.write_backup(now, std::io::BufWriter::new(file))?)
    })?;
    let checked = verify_backup(path, key)?;
    if checked != written {
        return Err(Error::Conflict(
            "The backup read back differently from how it was written; it is not safe to rely on it.".into(),
        ));
    }
    Ok(checked)
}

/// An automatic backup of the data in `dir` beside it, then the older
/// ones thinned to the rotation.
fn automatic_backup_of(
    store: &Store,
    key: Option<&MasterKey>,
    dir: &Path,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<BackupMade> {
    let folder = automatic_backups_dir(dir);
    std::fs::create_dir_all(&folder)?;
    let path = folder.join(format!(
        "{} {}.{BACKUP_EXTENSION}",
        now.format("%Y-%m-%d %H%M%S"),
        file_name_part(reason)
    ));
    let manifest = back_up_store(store, key, &path, now)?;
    let backups = automatic_backups_in(&folder)?;
    let made: Vec<DateTime<Utc>> = backups.iter().map(|b| b.manifest.made_at).collect();
    let keep = backups_to_keep(&made);
    for (i, backup) in backups.iter().enumerate() {
        if !keep.contains(&i) {
            std::fs::remove_file(&backup.path)?;
        }
    }
    Ok(BackupMade::new(path, manifest))
}

/// The readable backups in a folder, newest first.
fn automatic_backups_in(folder: &Path) -> Result<Vec<BackupMade>> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == BACKUP_EXTENSION)
            && let Ok(manifest) = crate::store::read_manifest(&path)
        {
            found.push(BackupMade::new(path, manifest));
        }
    }
    found.sort_by_key(|b| std::cmp::Reverse(b.manifest.made_at));
    Ok(found)
}

/// The newest automatic backup that reads back whole, for a data folder
/// that will not open.
pub fn newest_good_backup(dir: &Path, key: Option<&MasterKey>) -> Result<Option<BackupMade>> {
    for backup in automatic_backups_in(&automatic_backups_dir(dir))? {
        if verify_backup(&backup.path, key).is_ok() {
            return Ok(Some(backup));
        }
    }
    Ok(None)
}

/// A name made safe for a file name on every platform.
fn file_name_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(60)
        .collect()
}

/// Counts the bytes read, to show a restore's progress.
struct Counting<'p, R> {
    inner: R,
    read: u64,
    size: u64,
    progress: Progress<'p>,
}

impl<R: std::io::Read> std::io::Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let before = self.read >> 24;
        self.read += n as u64;
        if self.read >> 24 != before || n == 0 {
            (self.progress)(self.read, self.size);
        }
        Ok(n)
    }
}

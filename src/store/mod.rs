//! The only module that knows sled. One `Store` per process, opened once;
//! every write that a person sees as saved is flushed before it returns.

mod backup;
mod buckets;
mod codec;
mod erase;
mod export;
mod folders;
mod items;
mod journal;
mod keys;
mod letter_queue;
mod load;
mod log;
mod marks;
mod merge;
mod meta;
mod migrations;
mod name_index;
mod people;
mod person_marks;
mod referrals;
mod rewrite;
mod sealed;
mod session_marks;
mod sessions;

use std::path::Path;

use sled::transaction::TransactionError;
use sled::{Db, Transactional};

pub use backup::{BACKUP_FORMAT, Manifest, backup_keys, read_backup, read_manifest, verify_backup};
pub use codec::{Record, Unindexed};
pub use erase::ParticipantErasure;
pub use export::{EXPORT_FORMAT, ExportHeader, Snapshot, read_export};
pub use items::{Counts, Item};
use items::{LOGO_PREFIX, TEMPLATE_PREFIX};
pub use keys::{KdfCost, Key, KeysFile, MasterKey, Unlock, is_encrypted};
pub use letter_queue::LetterState;
pub use load::Loader;
pub use merge::PeopleMerge;
pub use meta::Meta;
use meta::{ORGANISATION_KEY, SETTINGS_KEY};
pub use migrations::SCHEMA_VERSION;
use people::enrolment_index_key;
use referrals::{referral_index_key, referral_saved_in_queue, update_letter_state};
use sealed::{Batch, Tree, Vault};
use sessions::session_index_key;

use crate::domain::names::FoldedName;
use crate::domain::{
    AttendanceMark, Enrolment, LogEntry, OutcomeRecord, ParticipantId, Referral, ReferralId,
    Session,
};
use codec::{decode, encode};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "Tend is already open in another window (or another tend command is using this data). Close it and try again."
    )]
    InUse,
    #[error("The data folder could not be read or written: {0}")]
    Engine(#[from] sled::Error),
    #[error("A stored {tree} record could not be read: {detail}")]
    Corrupt { tree: &'static str, detail: String },
    #[error(
        "A stored {tree} record was written by a newer version of Tend (layout {version}). Please update Tend."
    )]
    UnknownVersion { tree: &'static str, version: u32 },
    #[error(
        "This data was written by a newer version of Tend (schema {found}, this one knows {SCHEMA_VERSION}). Please update Tend."
    )]
    NewerSchema { found: u32 },
    #[error("{0}")]
    Import(String),
    #[error("{0}")]
    Backup(String),
    #[error("The data folder could not be read or written: {0}")]
    Io(#[from] std::io::Error),
    /// Encrypted, and no passphrase or recovery key was given, or it was
    /// not the right one.
    #[error("That passphrase does not open this data.")]
    WrongPassphrase,
    #[error("{0}")]
    Keys(String),
    #[error(
        "This backup is encrypted: it opens with the passphrase it was made with, or the recovery key."
    )]
    BackupLocked,
    #[error("A stored {tree} value could not be opened: {detail}")]
    Sealed { tree: String, detail: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// sled's page cache: enough for a hub's working set; the default (1 GB)
/// let a restore or a long session grow the window past what an old
/// laptop has.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;
pub struct Store {
    db: Db,
    meta: Tree,
    sessions: Tree,
    sessions_by_activity: Tree,
    /// Each person's marks in one value (see `person_marks`).
    attendance: Tree,
    enrolments: Tree,
    enrolments_by_participant: Tree,
    referrals: Tree,
    referrals_by_participant: Tree,
    marks_by_session: Tree,
    letter_queue: Tree,
    names: Tree,
    /// The last tick's sequence number the store holds (see `journal.rs`).
    tick_journal: Tree,
    /// Where each tick is made durable, and emptied by every full flush.
    journal: std::sync::Mutex<journal::Journal>,
    /// Seals every value written and opens every value read (as they are
    /// when the data is not encrypted).
    vault: Vault,
    /// The keys of encrypted data (what its backups are encrypted to).
    keys: Option<KeysFile>,
    /// sled's log, synced after each flush: sled's own flush on Linux
    /// (`sync_file_range`) does not empty the disk's cache.
    log: std::fs::File,
    /// Flushes so far in this process: whether anything changed since a backup.
    writes: std::sync::atomic::AtomicU64,
}

impl Store {
    /// Opens (creating if need be) the data in `dir` and brings it up to the
    /// current schema.
    pub fn open(dir: &Path) -> Result<Self> {
        Self::open_upgrading(dir, None, |_, _| Ok(()))
    }

    /// Opens encrypted data with its master key (or plain data with none).
    pub fn open_unlocked(dir: &Path, master: Option<&MasterKey>) -> Result<Self> {
        Self::open_upgrading(dir, master, |_, _| Ok(()))
    }

    /// Opens as `open` does; when the data is of an older schema,
    /// `before_upgrade` sees it as it is (with its schema version) before
    /// it is upgraded, to keep a backup of it.
    pub fn open_upgrading(
        dir: &Path,
        master: Option<&MasterKey>,
        before_upgrade: impl FnOnce(&Store, u32) -> Result<()>,
    ) -> Result<Self> {
        folders::recover(dir)?;
        // Encrypted data without its key is refused before sled touches it.
        let keys = KeysFile::read(dir)?;
        let vault = match (&keys, master) {
            (None, _) => Vault::default(),
            (Some(_), None) => return Err(StoreError::WrongPassphrase),
            (Some(keys), Some(master)) => Vault::sealed(&keys.data_key(master)?),
        };
        let db = Self::open_db(dir)?;
        let (journal, ticks) = journal::Journal::open(dir)?;
        let tree = |name: &str| Ok::<_, StoreError>(Tree::new(db.open_tree(name)?, vault.clone()));
        let store = Store {
            meta: tree("meta")?,
            sessions: tree(Session::TREE)?,
            sessions_by_activity: tree("sessions_by_activity")?,
            attendance: tree(AttendanceMark::TREE)?,
            enrolments: tree(Enrolment::TREE)?,
            enrolments_by_participant: tree("enrolments_by_participant")?,
            referrals: tree(Referral::TREE)?,
            referrals_by_participant: tree("referrals_by_participant")?,
            marks_by_session: tree(session_marks::TREE)?,
            letter_queue: tree(letter_queue::TREE)?,
            names: tree(name_index::TREE)?,
            tick_journal: tree(journal::TREE)?,
            journal: std::sync::Mutex::new(journal),
            vault: vault.clone(),
            keys,
            log: std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(dir.join("db"))?,
            writes: Default::default(),
            db,
        };
        let version = store.schema_version()?;
        if version < SCHEMA_VERSION && !store.is_empty()? {
            before_upgrade(&store, version)?;
        }
        migrations::run(&store)?;
        store.replay_ticks(ticks)?;
        Ok(store)
    }

    /// sled lets go of its lock a moment after the last handle to a
    /// folder is dropped (its flusher thread holds on until it wakes), so
    /// opening again straight after closing in the same process waits for
    /// it briefly; another process holding it gets the message.
    fn open_db(dir: &Path) -> Result<Db> {
        let mut tries = 0;
        loop {
            match Self::try_open_db(dir) {
                Err(StoreError::InUse) if tries < 20 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => return other,
            }
        }
    }

    fn try_open_db(dir: &Path) -> Result<Db> {
        sled::Config::new()
            .path(dir)
            .cache_capacity(CACHE_BYTES)
            // No timed flushes in the background: every change but a tick
            // is flushed before it is reported saved, and ticks are safe
            // in the tick journal until the next flush. A background
            // flush's syncs landed in the middle of ticks' own (a durable
            // tick's p99 at a big hub went from 2.5 ms to 0.6-1.2 ms).
            .flush_every_ms(None)
            .open()
            .map_err(|e| match e {
                // sled words a held lock as an IO error "could not acquire lock".
                sled::Error::Io(io)
                    if io.kind() == std::io::ErrorKind::WouldBlock
                        || io.to_string().contains("could not acquire lock") =>
                {
                    StoreError::InUse
                }
                other => StoreError::Engine(other),
            })
    }

    fn tree<R: Record>(&self) -> Result<Tree> {
        self.open_tree(R::TREE)
    }

    /// A tree by name, its values sealed as this store's are.
    fn open_tree(&self, name: &str) -> Result<Tree> {
        Ok(Tree::new(self.db.open_tree(name)?, self.vault.clone()))
    }

    /// Everyone whose name is this one by the name rule, from the names
    /// index (no record decoded).
    pub fn participants_named(&self, name: &FoldedName) -> Result<Vec<ParticipantId>> {
        let mut found = Vec::new();
        for bucket in self.names.iter().values() {
            found.extend(name_index::named_in(&bucket?, name)?);
        }
        Ok(found)
    }

    /// How many people there are, and the ids of `limit` of them from
    /// `offset` in the order People lists everyone (sort key, then id),
    /// from the names index: People's first page while its in-memory
    /// index is still being built.
    pub fn participants_by_name(
        &self,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<ParticipantId>)> {
        let buckets = self.names.iter().values().collect::<Result<Vec<_>>>()?;
        let mut everyone = Vec::new();
        for bucket in &buckets {
            everyone.extend(name_index::sorted_in(bucket)?);
        }
        let total = everyone.len();
        let end = offset.saturating_add(limit);
        if end < total {
            everyone.select_nth_unstable(end);
            everyone.truncate(end);
        }
        everyone.sort_unstable();
        Ok((
            total,
            everyone
                .into_iter()
                .skip(offset)
                .map(|(_, id)| id)
                .collect(),
        ))
    }

    /// Whether values are sealed under a data key.
    pub fn is_encrypted(&self) -> bool {
        self.vault.is_sealed()
    }

    /// Makes every write so far durable, before anyone is told it is saved.
    fn flush(&self) -> Result<()> {
        self.flush_with(&mut self.journal())
    }

    /// As `flush`, with the journal already held; then empties it.
    fn flush_with(&self, journal: &mut journal::Journal) -> Result<()> {
        self.db.flush()?;
        self.log.sync_data()?;
        journal.clear()?;
        self.writes
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// The journal, held while a tick or a flush is under way.
    fn journal(&self) -> std::sync::MutexGuard<'_, journal::Journal> {
        self.journal
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How many times this store has saved since it was opened.
    pub fn writes(&self) -> u64 {
        self.writes.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The schema the data was written by (today's once opened).
    pub fn schema_version(&self) -> Result<u32> {
        migrations::version(&self.meta)
    }

    /// Nothing stored yet: no organisation and no records of any kind.
    pub fn is_empty(&self) -> Result<bool> {
        for name in items::RECORD_TREES {
            if !self.open_tree(name)?.is_empty() {
                return Ok(false);
            }
        }
        Ok(self.meta.get(ORGANISATION_KEY)?.is_none())
    }

    pub fn put<R: Unindexed>(&self, record: &R) -> Result<()> {
        self.tree::<R>()?.insert(record.key(), encode(record)?)?;
        self.flush()
    }

    /// Saves a record that has no index with its activity log entry, in
    /// one transaction.
    pub fn put_logged<R: Unindexed>(&self, record: &R, entry: &LogEntry) -> Result<()> {
        let (key, bytes) = (record.key(), encode(record)?);
        let tree = self.tree::<R>()?;
        let logged = self.logged(std::slice::from_ref(entry))?;
        (tree.raw(), logged.tree())
            .transaction(|(records, log_tx)| {
                tree.tx(records).insert(key.as_slice(), bytes.as_slice())?;
                logged.write(log_tx)
            })
            .map_err(abort)?;
        self.flush()
    }

    pub fn get<R: Record>(&self, id: &R::Id) -> Result<Option<R>> {
        self.tree::<R>()?
            .get(R::key_of(id))?
            .map(|bytes| decode(&bytes))
            .transpose()
    }

    /// Every record of a kind, in key order (creation order for UUID v7 ids).
    pub fn all<R: Record>(&self) -> Result<Vec<R>> {
        decode_all(self.tree::<R>()?.iter())
    }

    /// A person's outcome measures, from the prefix of their keys.
    pub fn outcomes_of(&self, participant: ParticipantId) -> Result<Vec<OutcomeRecord>> {
        decode_all(
            self.tree::<OutcomeRecord>()?
                .scan_prefix(participant.as_bytes()),
        )
    }

    /// A handle that reads every record of a kind from another thread.
    pub fn reader<R: Record>(&self) -> Result<Reader<R>> {
        Ok(Reader {
            tree: self.tree::<R>()?,
            kind: std::marker::PhantomData,
        })
    }

    /// A person's referrals, from the per-person index.
    fn referral_ids_of(&self, participant: ParticipantId) -> Result<Vec<ReferralId>> {
        self.referrals_by_participant
            .scan_prefix(participant.as_bytes())
            .keys()
            .map(|key| {
                let key = key?;
                let id: [u8; 16] = key
                    .get(16..)
                    .and_then(|id| id.try_into().ok())
                    .ok_or_else(|| bad_index("referrals_by_participant"))?;
                Ok(ReferralId::from_bytes(id))
            })
            .collect()
    }

    /// Saves many records of one kind at once: all of them, or none.
    pub fn put_all<R: Unindexed>(&self, records: &[R]) -> Result<()> {
        let mut batch = Batch::default();
        for record in records {
            batch.insert(record.key(), encode(record)?);
        }
        self.tree::<R>()?.apply_batch(batch)?;
        self.flush()
    }

    /// Removes a record that has no index.
    pub fn remove<R: Unindexed>(&self, id: &R::Id) -> Result<()> {
        self.tree::<R>()?.remove(R::key_of(id))?;
        self.flush()
    }
}

/// Reads every record of one kind; it can be sent to another thread.
pub struct Reader<R> {
    tree: Tree,
    kind: std::marker::PhantomData<fn() -> R>,
}

impl<R: Record> Reader<R> {
    pub fn all(&self) -> Result<Vec<R>> {
        decode_all(self.tree.iter())
    }

    /// One record of the kind, read as `V` (the fields it names).
    pub fn get_as<V: serde::de::DeserializeOwned>(&self, id: &R::Id) -> Result<Option<V>> {
        self.tree
            .get(R::key_of(id))?
            .map(|bytes| codec::decode_part::<R, V>(&bytes))
            .transpose()
    }

    /// Every record of the kind, read as `V`: the fields `V` names, the
    /// rest skipped rather than built (a large hub's people index reads
    /// names and contact details, not histories and consents).
    pub fn all_as<V: serde::de::DeserializeOwned>(&self) -> Result<Vec<V>> {
        self.tree
            .iter()
            .values()
            .map(|bytes| codec::decode_part::<R, V>(&bytes?))
            .collect()
    }
}

/// Records keyed `a ++ b ++ rest` found through an index keyed
/// `b ++ a ++ rest`, for one `b` (`a` and `b` are 16-byte ids).
fn via_reversed_index<R: Record>(
    index: &Tree,
    records: &Tree,
    prefix: &[u8; 16],
) -> Result<Vec<R>> {
    index
        .scan_prefix(prefix)
        .keys()
        .filter_map(|key| {
            let lookup = || -> Result<Option<R>> {
                let key = key?;
                let (first, after) = key.split_at(16);
                let (second, rest) = after.split_at_checked(16).ok_or(StoreError::Corrupt {
                    tree: "index",
                    detail: "an index key is shorter than two ids".into(),
                })?;
                records
                    .get([second, first, rest].concat())?
                    .map(|b| decode(&b))
                    .transpose()
            };
            lookup().transpose()
        })
        .collect()
}

fn decode_all<R: Record>(iter: sealed::Iter) -> Result<Vec<R>> {
    iter.values().map(|bytes| decode(&bytes?)).collect()
}

fn bad_index(tree: &'static str) -> StoreError {
    StoreError::Corrupt {
        tree,
        detail: "an index entry points at a missing record".into(),
    }
}

fn abort(e: TransactionError<StoreError>) -> StoreError {
    match e {
        TransactionError::Abort(inner) => inner,
        TransactionError::Storage(engine) => StoreError::Engine(engine),
    }
}

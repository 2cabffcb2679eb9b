//! The only module that knows sled. One `Store` per process, opened once;
//! every write that a person sees as saved is flushed before it returns.

mod backup;
mod codec;
mod export;
mod folders;
mod items;
mod keys;
mod letter_queue;
mod load;
mod merge;
mod migrations;
mod sealed;
mod session_marks;

use std::path::Path;

use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::{Db, Transactional};

pub use backup::{BACKUP_FORMAT, Manifest, backup_keys, read_backup, read_manifest, verify_backup};
pub use codec::{Record, Unindexed};
pub use export::{EXPORT_FORMAT, ExportHeader, Snapshot, read_export};
pub use items::{Counts, Item};
use items::{LOGO_PREFIX, TEMPLATE_PREFIX};
pub use keys::{KdfCost, KeysFile, MasterKey, Unlock, is_encrypted};
pub use letter_queue::LetterState;
pub use load::Loader;
pub use merge::PeopleMerge;
pub use migrations::SCHEMA_VERSION;
use sealed::{Batch, Tree, Tx, Vault};

use crate::domain::{
    ActivityId, AttendanceMark, Enrolment, LetterKind, LetterRecord, Mark, Organisation,
    Participant, ParticipantId, Referral, ReferralId, RotaAssignment, Session, SessionId, Settings,
};
use codec::{date_key, decode, encode, pair_key};

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

/// The values kept in `meta` beside the organisation and the settings;
/// only the store lays out their keys.
#[derive(Debug, Clone, Copy)]
pub enum Meta<'a> {
    /// The organisation's own template for a kind of letter.
    Template(LetterKind),
    /// A letterhead logo's image, by the reference the organisation (and
    /// each letter's letterhead) holds: "logo/…".
    Logo(&'a str),
    /// The data is the demo organisation's.
    Demo,
    /// When the last backup to another place was made (RFC 3339).
    LastBackupElsewhere,
    /// When the store was last compacted (RFC 3339).
    LastCompacted,
}

impl Meta<'_> {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Meta::Template(kind) => {
                let name: &[u8] = match kind {
                    LetterKind::Acknowledgement => b"acknowledgement",
                    LetterKind::Progress => b"progress",
                    LetterKind::Closing => b"closing",
                };
                [TEMPLATE_PREFIX, name].concat()
            }
            Meta::Logo(reference) => reference.as_bytes().to_vec(),
            Meta::Demo => b"demo".to_vec(),
            Meta::LastBackupElsewhere => b"last_backup_elsewhere".to_vec(),
            Meta::LastCompacted => b"last_compacted".to_vec(),
        }
    }

    /// A new logo's reference, to keep its image under.
    pub fn new_logo_reference() -> String {
        format!(
            "{}{}",
            String::from_utf8_lossy(LOGO_PREFIX),
            uuid::Uuid::now_v7()
        )
    }
}

/// sled's page cache: enough for a hub's working set; the default (1 GB)
/// let a restore or a long session grow the window past what an old
/// laptop has.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

const ORGANISATION_KEY: &[u8] = b"organisation";
const SETTINGS_KEY: &[u8] = b"settings";

pub struct Store {
    db: Db,
    meta: Tree,
    sessions: Tree,
    sessions_by_activity: Tree,
    attendance: Tree,
    attendance_by_participant: Tree,
    enrolments: Tree,
    enrolments_by_participant: Tree,
    referrals: Tree,
    referrals_by_participant: Tree,
    marks_by_session: Tree,
    letter_queue: Tree,
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
        let tree = |name: &str| Ok::<_, StoreError>(Tree::new(db.open_tree(name)?, vault.clone()));
        let store = Store {
            meta: tree("meta")?,
            sessions: tree(Session::TREE)?,
            sessions_by_activity: tree("sessions_by_activity")?,
            attendance: tree(AttendanceMark::TREE)?,
            attendance_by_participant: tree("attendance_by_participant")?,
            enrolments: tree(Enrolment::TREE)?,
            enrolments_by_participant: tree("enrolments_by_participant")?,
            referrals: tree(Referral::TREE)?,
            referrals_by_participant: tree("referrals_by_participant")?,
            marks_by_session: tree(session_marks::TREE)?,
            letter_queue: tree(letter_queue::TREE)?,
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

    /// Whether values are sealed under a data key.
    pub fn is_encrypted(&self) -> bool {
        self.vault.is_sealed()
    }

    /// Makes every write so far durable, before anyone is told it is saved.
    fn flush(&self) -> Result<()> {
        self.db.flush()?;
        self.log.sync_data()?;
        self.writes
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// How many times this store has saved since it was opened.
    pub fn writes(&self) -> u64 {
        self.writes.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Copies every tree, entry for entry, into a new folder and swaps it
    /// in: sled keeps removed and overwritten values in old segments, and
    /// this is the way to leave none behind. Encrypted data is sealed again
    /// under a new data key, so a stale copy of an old segment opens with
    /// nothing. The folder must not be open.
    pub fn compact(dir: &Path, master: Option<&MasterKey>) -> Result<()> {
        let keys = Self::keys_with(dir, master)?;
        Self::copy_folder(dir, master, |staged| Self::open_staged(staged, keys))
    }

    /// The keys of the encrypted data in `dir`, with its master key (none
    /// for plain data).
    pub fn keys_with<'k>(
        dir: &Path,
        master: Option<&'k MasterKey>,
    ) -> Result<Option<(KeysFile, &'k MasterKey)>> {
        match (KeysFile::read(dir)?, master) {
            (None, _) => Ok(None),
            (Some(_), None) => Err(StoreError::WrongPassphrase),
            (Some(keys), Some(master)) => Ok(Some((keys, master))),
        }
    }

    /// Turns plain data encrypted: every value is copied, sealed, into a
    /// new folder that holds `keys`, which is swapped in; the plain folder
    /// is then removed. The folder must not be open.
    pub fn encrypt(dir: &Path, keys: &KeysFile, master: &MasterKey) -> Result<()> {
        if is_encrypted(dir) {
            return Err(StoreError::Keys("This data is already encrypted.".into()));
        }
        if !dir.join("db").exists() {
            // Nothing stored yet: the folder starts encrypted.
            std::fs::create_dir_all(dir)?;
            keys.write(dir)?;
            return Store::open_unlocked(dir, Some(master)).map(drop);
        }
        Self::copy_folder(dir, None, |staged| {
            Self::open_staged(staged, Some((keys.clone(), master)))
        })
    }

    /// Copies every tree of `dir` (opened with `master`) into the store
    /// `target` opens in the staging folder, and swaps it in.
    fn copy_folder(
        dir: &Path,
        master: Option<&MasterKey>,
        target: impl FnOnce(&Path) -> Result<Store>,
    ) -> Result<()> {
        folders::recover(dir)?;
        let staged = folders::incoming(dir);
        let copied = (|| {
            let from = Self::open_unlocked(dir, master)?;
            let to = target(&staged)?;
            for name in from.db.tree_names() {
                let name = String::from_utf8_lossy(&name).into_owned();
                let (source, target) = (from.open_tree(&name)?, to.open_tree(&name)?);
                let mut batch = Batch::default();
                let mut pending = 0;
                for entry in source.iter() {
                    let (key, value) = entry?;
                    batch.insert(key, value);
                    pending += 1;
                    if pending == load::BATCH {
                        target.apply_batch(std::mem::take(&mut batch))?;
                        pending = 0;
                    }
                }
                target.apply_batch(batch)?;
            }
            to.flush()?;
            Ok(())
        })();
        match copied {
            Ok(()) => {
                folders::sync_folder(&staged)?;
                folders::swap_in(dir)
            }
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staged);
                Err(e)
            }
        }
    }

    /// Builds a new data folder for `dir` from what `fill` loads, then
    /// swaps it in: afterwards `dir` holds either all of it or, if
    /// anything failed (or the process was killed), exactly what it held
    /// before. The folder must not be open.
    pub fn replace_folder(
        dir: &Path,
        keys: Option<(KeysFile, &MasterKey)>,
        fill: impl FnOnce(&mut Loader) -> Result<()>,
    ) -> Result<Counts> {
        folders::recover(dir)?;
        let staged = folders::incoming(dir);
        let built = (|| {
            let store = Store::open_staged(&staged, keys)?;
            let mut loader = Loader::new(&store)?;
            fill(&mut loader)?;
            loader.finish()
        })();
        match built {
            Ok(counts) => {
                folders::sync_folder(&staged)?;
                folders::swap_in(dir)?;
                Ok(counts)
            }
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staged);
                Err(e)
            }
        }
    }

    /// A new folder to be swapped in: encrypted with `keys` (the same
    /// passphrase and recovery key, a new data key) when given.
    fn open_staged(staged: &Path, keys: Option<(KeysFile, &MasterKey)>) -> Result<Store> {
        let master = match keys {
            Some((keys, master)) => {
                std::fs::create_dir_all(staged)?;
                keys.with_new_data_key(master)?.write(staged)?;
                Some(master)
            }
            None => None,
        };
        Store::open_unlocked(staged, master)
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

    pub fn organisation(&self) -> Result<Option<Organisation>> {
        self.meta
            .get(ORGANISATION_KEY)?
            .map(|bytes| decode(&bytes))
            .transpose()
    }

    pub fn save_organisation(&self, organisation: &Organisation) -> Result<()> {
        self.meta.insert(ORGANISATION_KEY, encode(organisation)?)?;
        self.flush()
    }

    pub fn settings(&self) -> Result<Settings> {
        Ok(self
            .meta
            .get(SETTINGS_KEY)?
            .map(|bytes| decode(&bytes))
            .transpose()?
            .unwrap_or_default())
    }

    pub fn save_settings(&self, settings: &Settings) -> Result<()> {
        self.meta.insert(SETTINGS_KEY, encode(settings)?)?;
        self.flush()
    }

    /// A value kept in meta: a letter template's text, a logo's image, a flag.
    pub fn meta_value(&self, key: Meta<'_>) -> Result<Option<Vec<u8>>> {
        Ok(self.meta.get(key.bytes())?.map(|bytes| bytes.to_vec()))
    }

    pub fn save_meta_value(&self, key: Meta<'_>, value: &[u8]) -> Result<()> {
        self.meta.insert(key.bytes(), value)?;
        self.flush()
    }

    pub fn remove_meta_value(&self, key: Meta<'_>) -> Result<()> {
        self.meta.remove(key.bytes())?;
        self.flush()
    }

    pub fn put<R: Unindexed>(&self, record: &R) -> Result<()> {
        self.tree::<R>()?.insert(record.key(), encode(record)?)?;
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

    /// A handle that reads every record of a kind from another thread.
    pub fn reader<R: Record>(&self) -> Result<Reader<R>> {
        Ok(Reader {
            tree: self.tree::<R>()?,
            kind: std::marker::PhantomData,
        })
    }

    /// Saves sessions and their index entries together, flushed once. A
    /// session saved with a new date (moved) loses its old index entry.
    pub fn save_sessions(&self, sessions: &[Session]) -> Result<()> {
        let encoded = sessions
            .iter()
            .map(|s| Ok((s, encode(s)?)))
            .collect::<Result<Vec<_>>>()?;
        (self.sessions.raw(), self.sessions_by_activity.raw())
            .transaction(|(by_id, by_activity)| {
                let (by_id, by_activity) = (
                    self.sessions.tx(by_id),
                    self.sessions_by_activity.tx(by_activity),
                );
                for (session, bytes) in &encoded {
                    if let Some(old) = by_id.insert(session.key(), bytes.as_slice())? {
                        let old: Session =
                            decode(&old).map_err(ConflictableTransactionError::Abort)?;
                        by_activity.remove(session_index_key(&old))?;
                    }
                    by_activity.insert(session_index_key(session), [])?;
                }
                Ok(())
            })
            .map_err(abort)?;
        self.flush()
    }

    pub fn session(&self, id: SessionId) -> Result<Option<Session>> {
        self.get(&id)
    }

    /// An activity's sessions in date order.
    pub fn sessions_of(&self, activity: ActivityId) -> Result<Vec<Session>> {
        self.sessions_by_activity
            .scan_prefix(activity.as_bytes())
            .keys()
            .map(|key| {
                let key = key?;
                let id = key
                    .get(20..36)
                    .ok_or_else(|| bad_index("sessions_by_activity"))?;
                self.sessions
                    .get(id)?
                    .map(|bytes| decode(&bytes))
                    .transpose()?
                    .ok_or_else(|| bad_index("sessions_by_activity"))
            })
            .collect()
    }

    /// Records one mark (replacing any earlier one for the same person and
    /// session); durable when this returns.
    pub fn save_mark(&self, mark: &AttendanceMark) -> Result<()> {
        let bytes = encode(mark)?;
        let index = attendance_index_key(mark);
        let session = mark.session.as_bytes();
        (
            self.attendance.raw(),
            self.attendance_by_participant.raw(),
            self.marks_by_session.raw(),
        )
            .transaction(|(marks, by_participant, by_session)| {
                let (marks, by_participant, by_session) = (
                    self.attendance.tx(marks),
                    self.attendance_by_participant.tx(by_participant),
                    self.marks_by_session.tx(by_session),
                );
                marks.insert(mark.key(), bytes.as_slice())?;
                by_participant.insert(index.as_slice(), [])?;
                let current = by_session.get(session)?;
                let updated =
                    session_marks::with_mark(current.as_deref(), mark.participant, Some(mark.mark));
                by_session.insert(session, updated)?;
                Ok(())
            })
            .map_err(abort)?;
        self.flush()
    }

    /// Takes a mark back (a mistaken tick); durable when this returns.
    pub fn remove_mark(&self, session: SessionId, participant: ParticipantId) -> Result<()> {
        let key = pair_key(session.as_bytes(), participant.as_bytes());
        let index = pair_key(participant.as_bytes(), session.as_bytes());
        (
            self.attendance.raw(),
            self.attendance_by_participant.raw(),
            self.marks_by_session.raw(),
        )
            .transaction(|(marks, by_participant, by_session)| {
                let (marks, by_participant, by_session) = (
                    self.attendance.tx(marks),
                    self.attendance_by_participant.tx(by_participant),
                    self.marks_by_session.tx(by_session),
                );
                marks.remove(key.as_slice())?;
                by_participant.remove(index.as_slice())?;
                let current = by_session.get(session.as_bytes())?;
                let updated = session_marks::with_mark(current.as_deref(), participant, None);
                by_session.insert(session.as_bytes(), updated)?;
                Ok(())
            })
            .map_err(abort)?;
        self.flush()
    }

    pub fn marks_for_session(&self, session: SessionId) -> Result<Vec<AttendanceMark>> {
        decode_all(self.attendance.scan_prefix(session.as_bytes()))
    }

    /// Who has which mark at a session, from the per-session index.
    pub fn marks_at(&self, session: SessionId) -> Result<Vec<(ParticipantId, Mark)>> {
        match self.marks_by_session.get(session.as_bytes())? {
            Some(bytes) => session_marks::parse(&bytes),
            None => Ok(Vec::new()),
        }
    }

    pub fn marks_for_participant(&self, participant: ParticipantId) -> Result<Vec<AttendanceMark>> {
        via_reversed_index(
            &self.attendance_by_participant,
            &self.attendance,
            participant.as_bytes(),
        )
    }

    pub fn save_enrolment(&self, enrolment: &Enrolment) -> Result<()> {
        let bytes = encode(enrolment)?;
        let index = enrolment_index_key(enrolment);
        (self.enrolments.raw(), self.enrolments_by_participant.raw())
            .transaction(|(enrolments, by_participant)| {
                let (enrolments, by_participant) = (
                    self.enrolments.tx(enrolments),
                    self.enrolments_by_participant.tx(by_participant),
                );
                enrolments.insert(enrolment.key(), bytes.as_slice())?;
                by_participant.insert(index.as_slice(), [])?;
                Ok(())
            })
            .map_err(abort)?;
        self.flush()
    }

    /// Saves a participant, with their name and consent in the letters
    /// queue's entries for their referrals; flushed.
    pub fn save_participant(&self, person: &Participant) -> Result<()> {
        self.add_people(std::slice::from_ref(person), &[], &[])
    }

    /// Adds (or saves) many participants, enrolments and marks in one
    /// transaction: all of them are saved, or none.
    pub fn add_people(
        &self,
        people: &[Participant],
        enrolments: &[Enrolment],
        marks: &[AttendanceMark],
    ) -> Result<()> {
        let people = people
            .iter()
            .map(|p| Ok((p, encode(p)?, self.referral_ids_of(p.id)?)))
            .collect::<Result<Vec<_>>>()?;
        let enrolments = enrolments
            .iter()
            .map(|e| Ok((e.key(), enrolment_index_key(e), encode(e)?)))
            .collect::<Result<Vec<_>>>()?;
        let marks = marks
            .iter()
            .map(|m| Ok((m, encode(m)?)))
            .collect::<Result<Vec<_>>>()?;
        let people_tree = self.tree::<Participant>()?;
        (
            people_tree.raw(),
            self.enrolments.raw(),
            self.enrolments_by_participant.raw(),
            self.letter_queue.raw(),
            self.attendance.raw(),
            self.attendance_by_participant.raw(),
            self.marks_by_session.raw(),
        )
            .transaction(
                |(
                    participants,
                    by_activity,
                    by_participant,
                    queue,
                    attendance,
                    attended_by,
                    by_session,
                )| {
                    let participants = people_tree.tx(participants);
                    let by_activity = self.enrolments.tx(by_activity);
                    let by_participant = self.enrolments_by_participant.tx(by_participant);
                    let queue = self.letter_queue.tx(queue);
                    let attendance = self.attendance.tx(attendance);
                    let attended_by = self.attendance_by_participant.tx(attended_by);
                    let by_session = self.marks_by_session.tx(by_session);
                    for (person, bytes, referrals) in &people {
                        participants.insert(person.key(), bytes.as_slice())?;
                        for referral in referrals {
                            update_letter_state(&queue, *referral, |state| {
                                letter_queue::after_person_saved(state, person)
                            })?;
                        }
                    }
                    for (key, index, bytes) in &enrolments {
                        by_activity.insert(key.as_slice(), bytes.as_slice())?;
                        by_participant.insert(index.as_slice(), [])?;
                    }
                    for (mark, bytes) in &marks {
                        attendance.insert(mark.key(), bytes.as_slice())?;
                        attended_by.insert(attendance_index_key(mark), [])?;
                        let session = mark.session.as_bytes();
                        let current = by_session.get(session)?;
                        let updated = session_marks::with_mark(
                            current.as_deref(),
                            mark.participant,
                            Some(mark.mark),
                        );
                        by_session.insert(session, updated)?;
                    }
                    Ok(())
                },
            )
            .map_err(abort)?;
        self.flush()
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

    /// Saves a referral with its index entries (by person, and in the
    /// letters queue) together, flushed.
    pub fn save_referral(&self, referral: &Referral) -> Result<()> {
        self.save_referral_with(referral, None)
    }

    /// Saves a referral and, in the same transaction, the person it is
    /// for (new, or with details copied across at intake).
    pub fn save_referral_with(
        &self,
        referral: &Referral,
        person: Option<&Participant>,
    ) -> Result<()> {
        let bytes = encode(referral)?;
        let person_bytes = person
            .map(|p| Ok::<_, StoreError>((p, encode(p)?, self.referral_ids_of(p.id)?)))
            .transpose()?;
        let index = referral_index_key(referral);
        let key = referral.key();
        let people_tree = self.tree::<Participant>()?;
        (
            self.referrals.raw(),
            self.referrals_by_participant.raw(),
            self.letter_queue.raw(),
            people_tree.raw(),
        )
            .transaction(|(referrals, by_participant, queue, participants)| {
                let referrals = self.referrals.tx(referrals);
                let by_participant = self.referrals_by_participant.tx(by_participant);
                let queue = self.letter_queue.tx(queue);
                let participants = people_tree.tx(participants);
                if let Some((person, encoded, others)) = &person_bytes {
                    participants.insert(person.key(), encoded.as_slice())?;
                    for other in others.iter().filter(|r| **r != referral.id) {
                        update_letter_state(&queue, *other, |state| {
                            letter_queue::after_person_saved(state, person)
                        })?;
                    }
                }
                referrals.insert(key.as_slice(), bytes.as_slice())?;
                by_participant.insert(index.as_slice(), [])?;
                let person = participants
                    .get(referral.participant.as_bytes())?
                    .map(|bytes| decode(&bytes))
                    .transpose()
                    .map_err(ConflictableTransactionError::Abort)?;
                referral_saved_in_queue(&queue, referral, person.as_ref())?;
                Ok(())
            })
            .map_err(abort)?;
        self.flush()
    }

    /// Saves letters, and what their referrals' queue entries say was sent,
    /// together: all of them, or none.
    pub fn save_letters(&self, letters: &[LetterRecord]) -> Result<()> {
        let encoded = letters
            .iter()
            .map(|l| Ok((l, l.key(), encode(l)?)))
            .collect::<Result<Vec<_>>>()?;
        let letters = self.tree::<LetterRecord>()?;
        (letters.raw(), self.letter_queue.raw())
            .transaction(|(kept, queue)| {
                let (kept, queue) = (letters.tx(kept), self.letter_queue.tx(queue));
                for (letter, key, bytes) in &encoded {
                    kept.insert(key.as_slice(), bytes.as_slice())?;
                    update_letter_state(&queue, letter.referral, |state| {
                        letter_queue::after_letter_saved(state, letter)
                    })?;
                }
                Ok(())
            })
            .map_err(abort)?;
        self.flush()
    }

    /// Every referral as the letters queue sees it.
    pub fn letter_states(&self) -> Result<Vec<LetterState>> {
        let mut states = Vec::new();
        for bucket in self.letter_queue.iter().values() {
            states.extend(letter_queue::states_in(&bucket?)?);
        }
        Ok(states)
    }

    pub fn referrals_for(&self, participant: ParticipantId) -> Result<Vec<Referral>> {
        self.referrals_by_participant
            .scan_prefix(participant.as_bytes())
            .keys()
            .filter_map(|key| {
                let lookup = || -> Result<Option<Referral>> {
                    let key = key?;
                    let id: [u8; 16] = key
                        .get(16..32)
                        .and_then(|b| b.try_into().ok())
                        .ok_or_else(|| bad_index("referrals_by_participant"))?;
                    self.get(&ReferralId::from_bytes(id))
                };
                lookup().transpose()
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

    /// Who is on the rota for one session.
    pub fn rota_for(&self, session: SessionId) -> Result<Vec<RotaAssignment>> {
        decode_all(
            self.tree::<RotaAssignment>()?
                .scan_prefix(session.as_bytes()),
        )
    }

    /// Removes a record that has no index.
    pub fn remove<R: Unindexed>(&self, id: &R::Id) -> Result<()> {
        self.tree::<R>()?.remove(R::key_of(id))?;
        self.flush()
    }

    pub fn enrolments_of(&self, activity: ActivityId) -> Result<Vec<Enrolment>> {
        decode_all(self.enrolments.scan_prefix(activity.as_bytes()))
    }

    pub fn enrolments_for(&self, participant: ParticipantId) -> Result<Vec<Enrolment>> {
        via_reversed_index(
            &self.enrolments_by_participant,
            &self.enrolments,
            participant.as_bytes(),
        )
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

fn session_index_key(session: &Session) -> Vec<u8> {
    [
        session.activity.as_bytes().as_slice(),
        &date_key(session.date),
        session.id.as_bytes(),
    ]
    .concat()
}

fn referral_index_key(referral: &Referral) -> Vec<u8> {
    pair_key(referral.participant.as_bytes(), referral.id.as_bytes())
}

fn attendance_index_key(mark: &AttendanceMark) -> Vec<u8> {
    pair_key(mark.participant.as_bytes(), mark.session.as_bytes())
}

fn enrolment_index_key(enrolment: &Enrolment) -> Vec<u8> {
    [
        enrolment.participant.as_bytes().as_slice(),
        enrolment.activity.as_bytes(),
        &date_key(enrolment.joined_on),
    ]
    .concat()
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

/// A referral's letters-queue entry after the referral was saved (with
/// its person as they now are), inside a transaction.
fn referral_saved_in_queue(
    queue: &Tx<'_>,
    referral: &Referral,
    person: Option<&Participant>,
) -> std::result::Result<(), ConflictableTransactionError<StoreError>> {
    let bucket_key = letter_queue::bucket_key(referral.id);
    let bucket = queue.get(bucket_key)?;
    let updated = || -> Result<Vec<u8>> {
        let before = letter_queue::state_of(bucket.as_deref(), referral.id)?;
        let state = letter_queue::after_referral_saved(referral, person, before);
        letter_queue::with_state(bucket.as_deref(), &state)
    };
    let updated = updated().map_err(ConflictableTransactionError::Abort)?;
    queue.insert(bucket_key, updated)?;
    Ok(())
}

/// Rewrites one referral's letters-queue entry inside a transaction, if it
/// has one.
fn update_letter_state(
    queue: &Tx<'_>,
    referral: ReferralId,
    change: impl FnOnce(LetterState) -> LetterState,
) -> std::result::Result<(), ConflictableTransactionError<StoreError>> {
    let key = letter_queue::bucket_key(referral);
    let bucket = queue.get(key)?;
    let updated = || -> Result<Option<Vec<u8>>> {
        letter_queue::state_of(bucket.as_deref(), referral)?
            .map(|state| letter_queue::with_state(bucket.as_deref(), &change(state)))
            .transpose()
    };
    if let Some(updated) = updated().map_err(ConflictableTransactionError::Abort)? {
        queue.insert(key, updated)?;
    }
    Ok(())
}

fn abort(e: TransactionError<StoreError>) -> StoreError {
    match e {
        TransactionError::Abort(inner) => inner,
        TransactionError::Storage(engine) => StoreError::Engine(engine),
    }
}

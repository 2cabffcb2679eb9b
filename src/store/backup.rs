//! The full JSON export: the backup format and the upgrade path between
//! versions of the storage engine.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use super::codec::{Record, encode};
use super::migrations::SCHEMA_VERSION;
use super::{
    ORGANISATION_KEY, Result, SETTINGS_KEY, Store, StoreError, abort, attendance_index_key,
    enrolment_index_key, referral_index_key, session_index_key,
};
use crate::domain::{
    Activity, AttendanceMark, Enrolment, LetterRecord, Organisation, Participant, Referral,
    Referrer, Role, RotaAssignment, Session, Settings, Volunteer,
};

pub const EXPORT_FORMAT: &str = "tend-export";

/// Meta keys holding letter templates start with this.
pub const TEMPLATE_PREFIX: &[u8] = b"template/";
/// Meta keys holding letterhead logos (image bytes) start with this.
pub const LOGO_PREFIX: &[u8] = b"logo/";

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Trees that hold records (not indexes, not meta).
pub(super) const RECORD_TREES: [&str; 11] = [
    Participant::TREE,
    Referrer::TREE,
    Referral::TREE,
    Activity::TREE,
    Session::TREE,
    Enrolment::TREE,
    AttendanceMark::TREE,
    Volunteer::TREE,
    Role::TREE,
    RotaAssignment::TREE,
    LetterRecord::TREE,
];

const INDEX_TREES: [&str; 7] = [
    "sessions_by_activity",
    "attendance_by_participant",
    "enrolments_by_participant",
    "referrals_by_participant",
    super::session_marks::TREE,
    super::letter_queue::TREE,
    super::people_names::TREE,
];

/// Everything Tend holds, as one JSON document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub format: String,
    pub schema_version: u32,
    pub exported_at: DateTime<Utc>,
    pub organisation: Option<Organisation>,
    #[serde(default)]
    pub settings: Option<Settings>,
    /// The organisation's own letter templates, by meta key ("template/progress").
    #[serde(default)]
    pub templates: std::collections::BTreeMap<String, String>,
    /// Letterhead logos by meta key ("logo/…"), as hexadecimal.
    #[serde(default)]
    pub logos: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub participants: Vec<Participant>,
    #[serde(default)]
    pub referrers: Vec<Referrer>,
    #[serde(default)]
    pub referrals: Vec<Referral>,
    #[serde(default)]
    pub activities: Vec<Activity>,
    #[serde(default)]
    pub sessions: Vec<Session>,
    #[serde(default)]
    pub enrolments: Vec<Enrolment>,
    #[serde(default)]
    pub attendance: Vec<AttendanceMark>,
    #[serde(default)]
    pub volunteers: Vec<Volunteer>,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub rota: Vec<RotaAssignment>,
    #[serde(default)]
    pub letters: Vec<LetterRecord>,
}

type Write = (usize, Vec<u8>, Vec<u8>);

fn writes_of<R: Record>(slot: usize, records: &[R], out: &mut Vec<Write>) -> Result<()> {
    for record in records {
        out.push((slot, record.key(), encode(record)?));
    }
    Ok(())
}

impl Store {
    pub fn snapshot(&self, now: DateTime<Utc>) -> Result<Snapshot> {
        Ok(Snapshot {
            format: EXPORT_FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
            exported_at: now,
            organisation: self.organisation()?,
            settings: Some(self.settings()?),
            templates: self
                .meta
                .scan_prefix(TEMPLATE_PREFIX)
                .map(|entry| {
                    let (key, value) = entry?;
                    Ok((
                        String::from_utf8_lossy(&key).into_owned(),
                        String::from_utf8_lossy(&value).into_owned(),
                    ))
                })
                .collect::<Result<_>>()?,
            logos: self
                .meta
                .scan_prefix(LOGO_PREFIX)
                .map(|entry| {
                    let (key, value) = entry?;
                    Ok((String::from_utf8_lossy(&key).into_owned(), to_hex(&value)))
                })
                .collect::<Result<_>>()?,
            participants: self.all()?,
            referrers: self.all()?,
            referrals: self.all()?,
            activities: self.all()?,
            sessions: self.all()?,
            enrolments: self.all()?,
            attendance: self.all()?,
            volunteers: self.all()?,
            roles: self.all()?,
            rota: self.all()?,
            letters: self.all()?,
        })
    }

    /// Replaces everything held with the snapshot's contents, all at once:
    /// either the whole snapshot is in place afterwards or nothing changed.
    pub fn restore(&self, snapshot: &Snapshot) -> Result<()> {
        check_snapshot(snapshot)?;
        let trees = self.snapshot_trees()?;
        let mut removals: Vec<(usize, Vec<u8>)> =
            vec![(0, ORGANISATION_KEY.to_vec()), (0, SETTINGS_KEY.to_vec())];
        for prefix in [TEMPLATE_PREFIX, LOGO_PREFIX] {
            for key in self.meta.scan_prefix(prefix).keys() {
                removals.push((0, key?.to_vec()));
            }
        }
        for (i, tree) in trees.iter().enumerate().skip(1) {
            for key in tree.iter().keys() {
                removals.push((i, key?.to_vec()));
            }
        }
        let writes = snapshot_writes(snapshot)?;
        trees
            .as_slice()
            .transaction(|views| {
                for (i, key) in &removals {
                    views[*i].remove(key.as_slice())?;
                }
                for (i, key, value) in &writes {
                    views[*i].insert(key.as_slice(), value.as_slice())?;
                }
                Ok::<(), ConflictableTransactionError<StoreError>>(())
            })
            .map_err(abort)?;
        self.flush()
    }

    /// Loads a snapshot into an empty store tree by tree, in batches, not
    /// in one transaction: a hub's worth of records without holding them
    /// all in one transaction's memory. Only for a new, empty folder (a
    /// failure part way leaves a partial store to throw away); used to
    /// build large data for the benchmarks.
    pub fn bulk_load(&self, snapshot: &Snapshot) -> Result<()> {
        check_snapshot(snapshot)?;
        if !self.is_empty()? {
            return Err(StoreError::Import(
                "Bulk loading is only for an empty data folder.".into(),
            ));
        }
        let trees = self.snapshot_trees()?;
        let mut batches: Vec<sled::Batch> = trees.iter().map(|_| sled::Batch::default()).collect();
        let mut pending = 0;
        for (i, key, value) in snapshot_writes(snapshot)? {
            batches[i].insert(key, value);
            pending += 1;
            if pending == 100_000 {
                for (tree, batch) in trees.iter().zip(batches.iter_mut()) {
                    tree.apply_batch(std::mem::take(batch))?;
                }
                pending = 0;
            }
        }
        for (tree, batch) in trees.iter().zip(batches) {
            tree.apply_batch(batch)?;
        }
        self.flush()
    }

    /// Slot 0 is meta; then the record trees in RECORD_TREES order; then the indexes.
    fn snapshot_trees(&self) -> Result<Vec<sled::Tree>> {
        let mut trees = vec![self.meta.clone()];
        for name in RECORD_TREES.iter().chain(INDEX_TREES.iter()) {
            trees.push(self.db.open_tree(name)?);
        }
        Ok(trees)
    }
}

fn check_snapshot(snapshot: &Snapshot) -> Result<()> {
    if snapshot.format != EXPORT_FORMAT {
        return Err(StoreError::Import(
            "This file is not a Tend export (its \"format\" is not \"tend-export\").".into(),
        ));
    }
    if snapshot.schema_version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: snapshot.schema_version,
        });
    }
    Ok(())
}

/// Every (tree slot, key, value) a snapshot puts in the store: its
/// records and every index built from them.
fn snapshot_writes(snapshot: &Snapshot) -> Result<Vec<Write>> {
    let slot = |name: &str| {
        RECORD_TREES
            .iter()
            .chain(INDEX_TREES.iter())
            .position(|n| *n == name)
            .map_or(0, |i| i + 1)
    };
    let mut writes: Vec<Write> = Vec::new();
    if let Some(organisation) = &snapshot.organisation {
        writes.push((0, ORGANISATION_KEY.to_vec(), encode(organisation)?));
    }
    for (key, text) in &snapshot.templates {
        if key.as_bytes().starts_with(TEMPLATE_PREFIX) {
            writes.push((0, key.as_bytes().to_vec(), text.as_bytes().to_vec()));
        }
    }
    for (key, hex) in &snapshot.logos {
        let bytes = from_hex(hex).ok_or_else(|| {
            StoreError::Import(format!("The logo {key} in this file is damaged."))
        })?;
        if key.as_bytes().starts_with(LOGO_PREFIX) {
            writes.push((0, key.as_bytes().to_vec(), bytes));
        }
    }
    if let Some(settings) = &snapshot.settings {
        writes.push((0, SETTINGS_KEY.to_vec(), encode(settings)?));
    }
    writes_of(slot(Participant::TREE), &snapshot.participants, &mut writes)?;
    writes_of(slot(Referrer::TREE), &snapshot.referrers, &mut writes)?;
    writes_of(slot(Referral::TREE), &snapshot.referrals, &mut writes)?;
    writes_of(slot(Activity::TREE), &snapshot.activities, &mut writes)?;
    writes_of(slot(Session::TREE), &snapshot.sessions, &mut writes)?;
    writes_of(slot(Enrolment::TREE), &snapshot.enrolments, &mut writes)?;
    writes_of(
        slot(AttendanceMark::TREE),
        &snapshot.attendance,
        &mut writes,
    )?;
    writes_of(slot(Volunteer::TREE), &snapshot.volunteers, &mut writes)?;
    writes_of(slot(Role::TREE), &snapshot.roles, &mut writes)?;
    writes_of(slot(RotaAssignment::TREE), &snapshot.rota, &mut writes)?;
    writes_of(slot(LetterRecord::TREE), &snapshot.letters, &mut writes)?;
    for s in &snapshot.sessions {
        writes.push((slot("sessions_by_activity"), session_index_key(s), vec![]));
    }
    for m in &snapshot.attendance {
        writes.push((
            slot("attendance_by_participant"),
            attendance_index_key(m),
            vec![],
        ));
    }
    for (key, value) in super::session_marks::build(snapshot.attendance.iter()) {
        writes.push((slot(super::session_marks::TREE), key, value));
    }
    let queue = super::letter_queue::build(
        &snapshot.referrals,
        &snapshot.participants,
        &snapshot.letters,
    );
    for (key, value) in queue {
        writes.push((slot(super::letter_queue::TREE), key, value));
    }
    for r in &snapshot.referrals {
        writes.push((
            slot("referrals_by_participant"),
            referral_index_key(r),
            vec![],
        ));
    }
    for e in &snapshot.enrolments {
        writes.push((
            slot("enrolments_by_participant"),
            enrolment_index_key(e),
            vec![],
        ));
    }
    for p in &snapshot.participants {
        for key in super::people_names::keys_of(p) {
            writes.push((slot(super::people_names::TREE), key, vec![]));
        }
    }

    Ok(writes)
}

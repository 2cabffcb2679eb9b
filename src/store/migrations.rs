//! The schema version lives in the `meta` tree; opening older data runs each
//! step from its version up to `SCHEMA_VERSION`, in order.

use sled::IVec;

use super::Store;
use super::sealed::{Batch, Tree};

use super::codec::{Record, decode};
use super::{Result, StoreError};
use crate::domain::{AttendanceMark, Enrolment, OutcomeRecord, Participant, Referral};

pub const SCHEMA_VERSION: u32 = 13;
const KEY: &[u8] = b"schema_version";

/// The schema the data in `meta` was written by.
pub fn version(meta: &Tree) -> Result<u32> {
    match meta.get(KEY)? {
        Some(bytes) => decode_version(&bytes),
        // A data folder with no version yet is a new one.
        None => Ok(SCHEMA_VERSION),
    }
}

pub fn run(store: &Store) -> Result<()> {
    let meta = &store.meta;
    let mut version = version(meta)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { found: version });
    }
    while version < SCHEMA_VERSION {
        match version {
            1 => add_attendance_by_participant(store)?,
            2 => add_referrals_by_participant(store)?,
            3 => add_marks_by_session(store)?,
            4 => add_letter_queue(store)?,
            5 => key_enrolments_by_spell(store)?,
            6 => {}
            7 => drop_participants_by_name(store)?,
            // Schema 9 keeps subject access requests, in a tree of their
            // own that older data does not have yet; a Tend of schema 8
            // would not know them, so it is refused such data.
            8 => {}
            // Schema 10 keeps the tombstones of erased people, which a
            // Tend of schema 9 would ignore when restoring a backup.
            9 => {}
            10 => add_name_index(store)?,
            11 => gather_marks_by_person(store)?,
            12 => {
                key_outcomes_by_person(store)?;
                // Names index entries gain the sort key People lists by.
                add_name_index(store)?;
            }
            other => return Err(StoreError::NewerSchema { found: other }),
        }
        version += 1;
        meta.insert(KEY, version.to_be_bytes())?;
        store.db.flush()?;
    }
    meta.insert(KEY, version.to_be_bytes())?;
    store.db.flush()?;
    Ok(())
}

/// Schema 7 kept people under their names in an index's keys, readable on
/// disk even with every value sealed; schema 8 finds names in memory and
/// drops it (the step to 7 now does nothing).
fn drop_participants_by_name(store: &Store) -> Result<()> {
    store.db.drop_tree("participants_by_name")?;
    Ok(())
}

fn decode_version(bytes: &[u8]) -> Result<u32> {
    let array: [u8; 4] = bytes.try_into().map_err(|_| StoreError::Corrupt {
        tree: "meta",
        detail: "schema_version is not a 4-byte number".into(),
    })?;
    Ok(u32::from_be_bytes(array))
}

/// Schema 1 (the first prototype) kept attendance only by session; schema 2
/// adds `attendance_by_participant` so one person's history is a prefix scan.
fn add_attendance_by_participant(store: &Store) -> Result<()> {
    let attendance = store.open_tree("attendance")?;
    let index = store.open_tree("attendance_by_participant")?;
    let keys = attendance
        .iter()
        .keys()
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let mut batch = Batch::default();
    for key in participant_index_keys(keys.iter().map(|k| k.as_ref())) {
        batch.insert(key, &[]);
    }
    index.apply_batch(batch)?;
    Ok(())
}

/// Schema 3 finds a person's referrals without reading them all (a tick
/// checks whether it is someone's first attendance since referral).
fn add_referrals_by_participant(store: &Store) -> Result<()> {
    let referrals = store.open_tree(Referral::TREE)?;
    let index = store.open_tree("referrals_by_participant")?;
    let mut batch = Batch::default();
    for bytes in referrals.iter().values() {
        let referral: Referral = decode(&bytes?)?;
        batch.insert(super::referral_index_key(&referral), &[]);
    }
    index.apply_batch(batch)?;
    Ok(())
}

/// Schema 4 keeps each session's marks in one value, so a register over a
/// year reads one value per session.
fn add_marks_by_session(store: &Store) -> Result<()> {
    let attendance = store.open_tree(AttendanceMark::TREE)?;
    let marks = attendance
        .iter()
        .values()
        .map(|bytes| decode::<AttendanceMark>(&bytes?))
        .collect::<Result<Vec<_>>>()?;
    let index = store.open_tree(super::session_marks::TREE)?;
    let mut batch = Batch::default();
    for (key, value) in super::session_marks::build(marks.iter()) {
        batch.insert(key, value);
    }
    index.apply_batch(batch)?;
    Ok(())
}

/// Schema 5 keeps what "Letters to send" needs of each referral in one
/// small value (see `letter_queue`).
fn add_letter_queue(store: &Store) -> Result<()> {
    let entries = store.fresh_letter_queue()?;
    let index = store.open_tree(super::letter_queue::TREE)?;
    let mut batch = Batch::default();
    for (key, value) in entries {
        batch.insert(key, value);
    }
    index.apply_batch(batch)?;
    Ok(())
}

/// Schema 11 keeps everyone's folded name in 64 small values (see
/// `name_index`), so finding a person by name decodes no record; schema 13
/// builds it again with each name's sort key. Safe to run again: every
/// bucket is written whole from the participants.
fn add_name_index(store: &Store) -> Result<()> {
    let mut names = super::name_index::Builder::default();
    for person in store.all::<Participant>()? {
        names.person(&person);
    }
    let index = store.open_tree(super::name_index::TREE)?;
    let mut batch = Batch::default();
    for (key, value) in names.finish() {
        batch.insert(key, value);
    }
    index.apply_batch(batch)?;
    Ok(())
}

/// Schema 12 keeps each person's marks in one value under their id (see
/// `person_marks`) instead of a record a mark under session ++ person and
/// an index the other way round: a hub's two million marks were four
/// million records for sled to place every time it opened. The index's
/// keys give the marks in person order. Safe to run again after a crash:
/// marks are added to a person's value, never rebuilt from nothing, and
/// the old records go only once every value is written.
fn gather_marks_by_person(store: &Store) -> Result<()> {
    let attendance = store.open_tree(AttendanceMark::TREE)?;
    let index = store.open_tree("attendance_by_participant")?;
    let old_marks = index.iter().keys().filter_map(|key| {
        let found = || -> Result<Option<(IVec, IVec)>> {
            let key = key?;
            let (person, session) = match (key.get(..16), key.get(16..32)) {
                (Some(person), Some(session)) if key.len() == 32 => (person, session),
                _ => return Ok(None),
            };
            Ok(attendance
                .get([session, person].concat())?
                .map(|record| (key.clone(), record)))
        };
        found().transpose()
    });
    super::person_marks::fold_into(&attendance, old_marks)?;
    let mut batch = Batch::default();
    let mut pending = 0;
    for key in attendance.iter().keys() {
        let key = key?;
        if key.len() == 32 {
            batch.remove(key);
            pending += 1;
        }
        if pending == super::load::BATCH {
            attendance.apply_batch(std::mem::take(&mut batch))?;
            pending = 0;
        }
    }
    attendance.apply_batch(batch)?;
    store.db.drop_tree("attendance_by_participant")?;
    Ok(())
}

/// Up to schema 12 an outcome measure was kept under its own id, so a
/// person's measures (their record, a merge, an erasure) meant reading
/// everyone's; schema 13 keys it person ++ id. Safe to run again after a
/// crash: only keys of the old length are moved, a batch at a time.
fn key_outcomes_by_person(store: &Store) -> Result<()> {
    let outcomes = store.open_tree(OutcomeRecord::TREE)?;
    let mut batch = Batch::default();
    let mut pending = 0;
    for entry in outcomes.iter() {
        let (key, bytes) = entry?;
        if key.len() != 16 {
            continue;
        }
        let outcome: OutcomeRecord = decode(&bytes)?;
        batch.remove(key);
        batch.insert(outcome.key(), bytes);
        pending += 1;
        if pending == super::load::BATCH {
            outcomes.apply_batch(std::mem::take(&mut batch))?;
            pending = 0;
        }
    }
    outcomes.apply_batch(batch)
}

/// Up to schema 5 an enrolment was keyed activity ++ participant, so joining
/// again overwrote the earlier spell; schema 6 adds the joining date to the
/// key and to `enrolments_by_participant`. Safe to run again after a crash:
/// every key is rewritten from the record it holds.
fn key_enrolments_by_spell(store: &Store) -> Result<()> {
    let enrolments = store.open_tree(Enrolment::TREE)?;
    let index = store.open_tree("enrolments_by_participant")?;
    let mut records = Batch::default();
    let mut new_index = Batch::default();
    for entry in index.iter().keys() {
        new_index.remove(entry?);
    }
    for entry in enrolments.iter() {
        let (key, bytes) = entry?;
        let enrolment: Enrolment = decode(&bytes)?;
        records.remove(key);
        records.insert(enrolment.key(), bytes);
        new_index.insert(super::enrolment_index_key(&enrolment), &[]);
    }
    enrolments.apply_batch(records)?;
    index.apply_batch(new_index)?;
    Ok(())
}

/// Attendance keys are session ++ participant; the index is the same pair
/// the other way round. Keys of any other length are skipped.
fn participant_index_keys<'a>(keys: impl Iterator<Item = &'a [u8]>) -> Vec<Vec<u8>> {
    keys.filter(|k| k.len() == 32)
        .map(|k| [&k[16..], &k[..16]].concat())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Mark, ParticipantId};
    use crate::store::Store;

    /// The schema-1 fixture's attendance entries, as (tree, key, value).
    fn schema_1_marks() -> Vec<(&'static str, Vec<u8>, Vec<u8>)> {
        let fixture: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/schema-v1.json")).unwrap();
        fixture["attendance"]
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| {
                let key = hex(entry["key"].as_str().unwrap());
                (
                    "attendance",
                    key,
                    serde_json::to_vec(&entry["value"]).unwrap(),
                )
            })
            .collect()
    }

    /// Loads the schema-1 fixture into a raw sled folder, the way the first
    /// prototype left it, and checks that opening it migrates the index.
    #[test]
    fn schema_1_fixture_gains_the_participant_index() {
        let dir = tempfile::tempdir().unwrap();
        let marks = schema_1_marks();
        old_store(dir.path(), 1, &marks);

        let store = Store::open(dir.path()).unwrap();
        let first = ParticipantId::from_bytes(
            uuid::uuid!("0198a000-0000-7000-8000-000000000001").into_bytes(),
        );
        let marks = store.marks_for_participant(first).unwrap();
        assert_eq!(marks.len(), 2);
        assert!(marks.iter().all(|m| m.mark == Mark::Present));
        for mark in &marks {
            assert!(
                store
                    .marks_at(mark.session)
                    .unwrap()
                    .contains(&(first, Mark::Present)),
                "schema 4 keeps each session's marks together"
            );
        }
        let version = store.meta.get(KEY).unwrap().unwrap();
        assert_eq!(decode_version(&version).unwrap(), SCHEMA_VERSION);
    }

    /// Data about to be upgraded is first kept as an automatic backup of
    /// the data as it was, which restores.
    #[test]
    fn an_upgrade_keeps_a_backup_of_the_data_as_it_was() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data");
        let marks = schema_1_marks();
        old_store(&dir, 1, &marks);
        let held = marks.len() as u32;

        let now = crate::clock::now();
        let tend = crate::Tend::open_upgrading(&dir, now).unwrap();
        let kept = tend.automatic_backups().unwrap();
        assert_eq!(kept.len(), 1);
        assert!(
            kept[0]
                .file_name
                .ends_with("before upgrade from schema 1.tendbackup")
        );
        assert_eq!(kept[0].manifest.schema_version, 1);
        assert_eq!(kept[0].manifest.counts.marks, held);
        drop(tend);
        // Opening again upgrades nothing, so keeps nothing more.
        let tend = crate::Tend::open_upgrading(&dir, now).unwrap();
        assert_eq!(tend.automatic_backups().unwrap().len(), 1);

        let restored = root.path().join("restored");
        crate::Tend::restore_backup(&restored, &kept[0].path, false, now, &mut |_, _| {}).unwrap();
        let store = Store::open(&restored).unwrap();
        assert_eq!(store.all_marks().unwrap().len() as u32, held);
    }

    /// A schema-2 folder kept referrals with no per-person index; opening
    /// it builds the index, so a person's referrals are found.
    #[test]
    fn schema_2_referrals_gain_the_participant_index_and_the_letters_queue() {
        use crate::domain::{Referral, ReferralId, ReferralStatus, ReferrerId, StatusChange};
        let dir = tempfile::tempdir().unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let referral = Referral {
            id: ReferralId::new(),
            participant: ParticipantId::new(),
            referrer: ReferrerId::new(),
            received_on: day,
            reason: String::new(),
            needs_and_concerns: String::new(),
            suggested_activities: vec![],
            history: vec![StatusChange {
                status: ReferralStatus::Received,
                on: day,
            }],
            closing_reason: None,
            changes: String::new(),
            outcome: String::new(),
        };
        let person = crate::domain::Participant {
            id: referral.participant,
            details: crate::domain::ParticipantDetails {
                full_name: "Dilys Hughes".into(),
                ..Default::default()
            },
            created_on: day,
            history: vec![],
        };
        old_store(
            dir.path(),
            2,
            &[
                (
                    "referrals",
                    referral.id.as_bytes().to_vec(),
                    crate::store::codec::encode(&referral).unwrap(),
                ),
                (
                    "participants",
                    person.id.as_bytes().to_vec(),
                    crate::store::codec::encode(&person).unwrap(),
                ),
            ],
        );
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(
            store.referrals_for(referral.participant).unwrap(),
            vec![referral.clone()]
        );
        // Schema 5 builds the letters queue's entry for it.
        let states = store.letter_states().unwrap();
        assert_eq!(states.len(), 1);
        assert_eq!(states[0].referral, referral.id);
        assert_eq!(states[0].received_on, day);
        assert!(states[0].sent.is_empty());
    }

    /// Schema 5 keyed an enrolment by activity and person only; opening it
    /// re-keys each by its spell, and it is still found both ways.
    #[test]
    fn schema_5_enrolments_are_keyed_by_spell() {
        use crate::domain::{ActivityId, Enrolment};
        use crate::store::codec::{encode, pair_key};
        let dir = tempfile::tempdir().unwrap();
        let enrolment = Enrolment {
            activity: ActivityId::new(),
            participant: ParticipantId::new(),
            joined_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            left_on: None,
            buddy: None,
        };
        let (activity, person) = (
            enrolment.activity.as_bytes(),
            enrolment.participant.as_bytes(),
        );
        old_store(
            dir.path(),
            5,
            &[
                (
                    "enrolments",
                    pair_key(activity, person),
                    encode(&enrolment).unwrap(),
                ),
                (
                    "enrolments_by_participant",
                    pair_key(person, activity),
                    vec![],
                ),
            ],
        );
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(
            store.enrolments_of(enrolment.activity).unwrap(),
            vec![enrolment.clone()]
        );
        assert_eq!(
            store.enrolments_for(enrolment.participant).unwrap(),
            vec![enrolment.clone()]
        );
        let keys: Vec<_> = store
            .enrolments
            .iter()
            .keys()
            .map(|key| key.unwrap())
            .collect();
        assert_eq!(keys, vec![sled::IVec::from(enrolment.key())]);
    }

    /// A store folder as an older Tend left it: its schema version and the
    /// given (tree, key, value) entries, written raw.
    fn old_store(path: &std::path::Path, version: u32, entries: &[(&str, Vec<u8>, Vec<u8>)]) {
        let db = sled::open(path).unwrap();
        db.open_tree("meta")
            .unwrap()
            .insert(KEY, &version.to_be_bytes())
            .unwrap();
        for (tree, key, value) in entries {
            db.open_tree(tree)
                .unwrap()
                .insert(key.as_slice(), value.as_slice())
                .unwrap();
        }
        db.flush().unwrap();
    }

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn schema_7_names_leave_the_keys_and_people_are_still_found_by_name() {
        use crate::domain::{Participant, ParticipantDetails};
        use crate::store::codec::encode;
        let dir = tempfile::tempdir().unwrap();
        let zoe = Participant {
            id: ParticipantId::new(),
            details: ParticipantDetails {
                full_name: "Zoë Ní Bhriain".into(),
                ..Default::default()
            },
            created_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            history: vec![],
        };
        let name_key = [b"kni bhriain zoe\0".as_slice(), zoe.id.as_bytes()].concat();
        old_store(
            dir.path(),
            7,
            &[
                (
                    "participants",
                    zoe.id.as_bytes().to_vec(),
                    encode(&zoe).unwrap(),
                ),
                ("participants_by_name", name_key, Vec::new()),
            ],
        );
        let store = Store::open(dir.path()).unwrap();
        assert!(
            !store
                .db
                .tree_names()
                .iter()
                .any(|n| n.as_ref() == b"participants_by_name")
        );
        drop(store);
        let tend = crate::Tend::open(dir.path()).unwrap();
        assert_eq!(
            tend.participants_named("Ni Bhriain, Zoe").unwrap(),
            vec![zoe.id]
        );
        assert_eq!(
            tend.participants_named("zoenibhriain").unwrap(),
            vec![zoe.id]
        );
        assert!(tend.participants_named("Zoe").unwrap().is_empty());
    }

    #[test]
    fn index_keys_swap_session_and_participant() {
        let key = [[1u8; 16], [2u8; 16]].concat();
        assert_eq!(
            participant_index_keys([key.as_slice()].into_iter()),
            vec![[[2u8; 16], [1u8; 16]].concat()]
        );
    }
}

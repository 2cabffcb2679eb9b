//! How records are laid down in sled: a versioned JSON envelope
//! `{"v":N,"r":{…}}` under a binary key.

use chrono::{Datelike, NaiveDate};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

use super::StoreError;
use crate::domain::{
    AccessRequest, AccessRequestId, Activity, ActivityId, AttendanceMark, Enrolment, ErasedPerson,
    Erasure, LetterId, LetterRecord, LogEntry, LogEntryId, Organisation, OutcomeId, OutcomeRecord,
    Participant, ParticipantId, Referral, ReferralId, Referrer, ReferrerId, Role, RoleId,
    RotaAssignment, RotaAssignmentId, Session, SessionId, Settings, Volunteer, VolunteerId,
};

/// A kind of record with a tree of its own.
pub trait Record: Serialize + DeserializeOwned {
    const TREE: &'static str;
    /// The layout written today. Older layouts are brought up to date in
    /// `upgrade` when read.
    const VERSION: u32 = 1;
    /// What callers name one record by: its id, or the ids it is kept under.
    type Id;
    fn id(&self) -> Self::Id;
    /// The stored key of the record named `id`: the only place a kind's
    /// key bytes are laid out.
    fn key_of(id: &Self::Id) -> Vec<u8>;
    fn key(&self) -> Vec<u8> {
        Self::key_of(&self.id())
    }

    /// Turns an older stored layout into today's. No kind has an older
    /// layout yet; one that changes adds an arm here.
    fn upgrade(version: u32, _record: Value) -> Result<Value, StoreError> {
        Err(StoreError::UnknownVersion {
            tree: Self::TREE,
            version,
        })
    }
}

/// Records that live in their tree alone, with no index to keep in step.
pub trait Unindexed: Record {}

#[derive(Serialize)]
struct EnvelopeOut<'a, R> {
    v: u32,
    r: &'a R,
}

/// Today's layouts are read straight from the raw text; only an older one
/// goes through `Value` to be upgraded.
#[derive(Deserialize)]
struct EnvelopeIn<'a> {
    v: u32,
    #[serde(borrow)]
    r: &'a RawValue,
}

pub fn encode<R: Record>(record: &R) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(&EnvelopeOut {
        v: R::VERSION,
        r: record,
    })
    .map_err(|e| corrupt::<R>(e.to_string()))
}

/// A record in today's layout, read in one pass.
#[derive(Deserialize)]
struct Current<T> {
    v: u32,
    r: T,
}

/// A record, read in one pass when it is in today's layout; an older one
/// is read whole and upgraded.
pub fn decode<R: Record>(bytes: &[u8]) -> Result<R, StoreError> {
    if let Ok(Current { v, r }) = serde_json::from_slice::<Current<R>>(bytes)
        && v == R::VERSION
    {
        return Ok(r);
    }
    let bad = |e: serde_json::Error| corrupt::<R>(e.to_string());
    let envelope: EnvelopeIn = serde_json::from_slice(bytes).map_err(bad)?;
    match envelope.v {
        v if v == R::VERSION => serde_json::from_str(envelope.r.get()).map_err(bad),
        v if v < R::VERSION => {
            let upgraded = R::upgrade(v, serde_json::from_str(envelope.r.get()).map_err(bad)?)?;
            serde_json::from_value(upgraded).map_err(bad)
        }
        v => Err(StoreError::UnknownVersion {
            tree: R::TREE,
            version: v,
        }),
    }
}

/// A part of a record (`V` names some of its fields): read in one pass
/// without building the rest when it is in today's layout; an older one
/// is read whole and upgraded first.
pub fn decode_part<R: Record, V: DeserializeOwned>(bytes: &[u8]) -> Result<V, StoreError> {
    if let Ok(Current { v, r }) = serde_json::from_slice::<Current<V>>(bytes)
        && v == R::VERSION
    {
        return Ok(r);
    }
    let whole =
        serde_json::to_value(decode::<R>(bytes)?).map_err(|e| corrupt::<R>(e.to_string()))?;
    serde_json::from_value(whole).map_err(|e| corrupt::<R>(e.to_string()))
}

fn corrupt<R: Record>(detail: String) -> StoreError {
    StoreError::Corrupt {
        tree: R::TREE,
        detail,
    }
}

/// A date as four bytes whose byte order is date order.
pub fn date_key(date: NaiveDate) -> [u8; 4] {
    (date.num_days_from_ce() as u32 ^ 0x8000_0000).to_be_bytes()
}

/// The date a `date_key` was made from.
pub fn date_from_key(key: [u8; 4]) -> Option<NaiveDate> {
    let days = u32::from_be_bytes(key) ^ 0x8000_0000;
    NaiveDate::from_num_days_from_ce_opt(days as i32)
}

pub fn pair_key(a: &[u8; 16], b: &[u8; 16]) -> Vec<u8> {
    [a.as_slice(), b.as_slice()].concat()
}

macro_rules! by_id {
    ($($ty:ty => $id:ty, $tree:literal),* $(,)?) => {$(
        impl Record for $ty {
            const TREE: &'static str = $tree;
            type Id = $id;
            fn id(&self) -> $id {
                self.id
            }
            fn key_of(id: &$id) -> Vec<u8> {
                id.as_bytes().to_vec()
            }
        }
    )*};
}

by_id!(
    Participant => ParticipantId, "participants",
    Referrer => ReferrerId, "referrers",
    Referral => ReferralId, "referrals",
    Session => SessionId, "sessions",
    Activity => ActivityId, "activities",
    Volunteer => VolunteerId, "volunteers",
    Role => RoleId, "roles",
    LetterRecord => LetterId, "letters",
    AccessRequest => AccessRequestId, "access_requests",
    LogEntry => LogEntryId, "activity_log",
);

// Participants feed the letters queue and the name index, and letters the
// letters queue; the rest stand alone.
impl Unindexed for Referrer {}
impl Unindexed for Activity {}
impl Unindexed for Volunteer {}
impl Unindexed for Role {}
impl Unindexed for AccessRequest {}

/// The organisation and the settings are one value each in `meta`.
macro_rules! in_meta {
    ($($ty:ty => $key:expr),* $(,)?) => {$(
        impl Record for $ty {
            const TREE: &'static str = "meta";
            type Id = ();
            fn id(&self) {}
            fn key_of(_: &()) -> Vec<u8> {
                $key.to_vec()
            }
        }
    )*};
}

in_meta!(
    Organisation => super::ORGANISATION_KEY,
    Settings => super::SETTINGS_KEY,
);

impl Record for Erasure {
    const TREE: &'static str = "erasures";
    type Id = ErasedPerson;
    fn id(&self) -> ErasedPerson {
        self.person
    }
    /// A byte for the kind of person, then their id.
    fn key_of(person: &ErasedPerson) -> Vec<u8> {
        match person {
            ErasedPerson::Participant(id) => [&[0u8][..], id.as_bytes()].concat(),
            ErasedPerson::Volunteer(id) => [&[1u8][..], id.as_bytes()].concat(),
        }
    }
}

/// Records keyed by the id of what they belong to, then their own, so all
/// of one owner's are one prefix scan: a session's rota, and (schema 13) a
/// person's outcome measures.
macro_rules! by_owner {
    ($($ty:ty => ($owner:ident: $owner_id:ty, $id:ty), $tree:literal),* $(,)?) => {$(
        impl Record for $ty {
            const TREE: &'static str = $tree;
            type Id = ($owner_id, $id);
            fn id(&self) -> Self::Id {
                (self.$owner, self.id)
            }
            fn key_of((owner, id): &Self::Id) -> Vec<u8> {
                pair_key(owner.as_bytes(), id.as_bytes())
            }
        }
        impl Unindexed for $ty {}
    )*};
}

by_owner!(
    RotaAssignment => (session: SessionId, RotaAssignmentId), "rota",
    OutcomeRecord => (participant: ParticipantId, OutcomeId), "outcomes",
);

impl Record for AttendanceMark {
    const TREE: &'static str = "attendance";
    type Id = (SessionId, ParticipantId);
    fn id(&self) -> Self::Id {
        (self.session, self.participant)
    }
    /// The key of the value that holds it: a person's marks are one value
    /// under their id (see `person_marks`).
    fn key_of((_, participant): &Self::Id) -> Vec<u8> {
        participant.as_bytes().to_vec()
    }
}

/// One spell at an activity: someone who leaves and joins again has a
/// second enrolment, and the first stays on the registers it covers.
impl Record for Enrolment {
    const TREE: &'static str = "enrolments";
    type Id = (ActivityId, ParticipantId, NaiveDate);
    fn id(&self) -> Self::Id {
        (self.activity, self.participant, self.joined_on)
    }
    fn key_of((activity, participant, joined_on): &Self::Id) -> Vec<u8> {
        [
            activity.as_bytes().as_slice(),
            participant.as_bytes(),
            &date_key(*joined_on),
        ]
        .concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Role, RoleId};

    #[test]
    fn envelope_bytes_are_stable() {
        let role = Role {
            id: RoleId::from_bytes([7; 16]),
            name: "Walk leader".into(),
            qualification: String::new(),
            required_for_safety: false,
        };
        let bytes = encode(&role).unwrap();
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            r#"{"v":1,"r":{"id":"07070707-0707-0707-0707-070707070707","name":"Walk leader","qualification":"","required_for_safety":false}}"#
        );
        assert_eq!(decode::<Role>(&bytes).unwrap(), role);
        // Roles saved before they could need a qualification (or one for
        // safety) still read.
        let older =
            br#"{"v":1,"r":{"id":"07070707-0707-0707-0707-070707070707","name":"Walk leader"}}"#;
        assert_eq!(decode::<Role>(older).unwrap(), role);
    }

    #[test]
    fn a_record_from_a_newer_tend_is_refused_not_misread() {
        let bytes = br#"{"v":9,"r":{"id":"07070707-0707-0707-0707-070707070707","name":"x"}}"#;
        assert!(matches!(
            decode::<Role>(bytes),
            Err(StoreError::UnknownVersion { version: 9, .. })
        ));
    }

    #[test]
    fn date_keys_sort_like_dates() {
        let a = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
        let b = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(date_from_key(date_key(a)), Some(a), "and read back");
        assert!(date_key(a) < date_key(b));
    }
}

//! How records are laid down in sled: a versioned JSON envelope
//! `{"v":N,"r":{…}}` under a binary key.

use chrono::{Datelike, NaiveDate};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

use super::StoreError;
use crate::domain::{
    Activity, AttendanceMark, Enrolment, LetterRecord, Organisation, Participant, Referral,
    Referrer, Role, RotaAssignment, Session, Settings, Volunteer,
};

/// A kind of record with a tree of its own.
pub trait Record: Serialize + DeserializeOwned {
    const TREE: &'static str;
    /// The layout written today. Older layouts are brought up to date in
    /// `upgrade` when read.
    const VERSION: u32 = 1;
    fn key(&self) -> Vec<u8>;

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
    if let Ok(Current { v, r }) = serde_json::from_slice::<Current<R>>(bytes) {
        if v == R::VERSION {
            return Ok(r);
        }
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

pub fn pair_key(a: &[u8; 16], b: &[u8; 16]) -> Vec<u8> {
    [a.as_slice(), b.as_slice()].concat()
}

macro_rules! by_id {
    ($($ty:ty => $tree:literal),* $(,)?) => {$(
        impl Record for $ty {
            const TREE: &'static str = $tree;
            fn key(&self) -> Vec<u8> {
                self.id.as_bytes().to_vec()
            }
        }
    )*};
}

by_id!(
    Participant => "participants",
    Referrer => "referrers",
    Activity => "activities",
    Volunteer => "volunteers",
    Role => "roles",
    LetterRecord => "letters",
);

// Participants feed the letters queue and the name index, and letters the
// letters queue; the rest stand alone.
impl Unindexed for Referrer {}
impl Unindexed for Activity {}
impl Unindexed for Volunteer {}
impl Unindexed for Role {}

impl Record for Organisation {
    const TREE: &'static str = "meta";
    fn key(&self) -> Vec<u8> {
        super::ORGANISATION_KEY.to_vec()
    }
}

impl Record for Settings {
    const TREE: &'static str = "meta";
    fn key(&self) -> Vec<u8> {
        super::SETTINGS_KEY.to_vec()
    }
}

impl Record for RotaAssignment {
    const TREE: &'static str = "rota";
    /// Session first, so one session's rota is one prefix scan.
    fn key(&self) -> Vec<u8> {
        pair_key(self.session.as_bytes(), self.id.as_bytes())
    }
}
impl Unindexed for RotaAssignment {}

impl Record for Referral {
    const TREE: &'static str = "referrals";
    fn key(&self) -> Vec<u8> {
        self.id.as_bytes().to_vec()
    }
}

impl Record for Session {
    const TREE: &'static str = "sessions";
    fn key(&self) -> Vec<u8> {
        self.id.as_bytes().to_vec()
    }
}

impl Record for AttendanceMark {
    const TREE: &'static str = "attendance";
    /// Session first, so one session's marks are one prefix scan.
    fn key(&self) -> Vec<u8> {
        pair_key(self.session.as_bytes(), self.participant.as_bytes())
    }
}

/// One spell at an activity: someone who leaves and joins again has a
/// second enrolment, and the first stays on the registers it covers.
impl Record for Enrolment {
    const TREE: &'static str = "enrolments";
    fn key(&self) -> Vec<u8> {
        [
            self.activity.as_bytes().as_slice(),
            self.participant.as_bytes(),
            &date_key(self.joined_on),
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
        };
        let bytes = encode(&role).unwrap();
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            r#"{"v":1,"r":{"id":"07070707-0707-0707-0707-070707070707","name":"Walk leader","qualification":""}}"#
        );
        assert_eq!(decode::<Role>(&bytes).unwrap(), role);
        // Roles saved before they could need a qualification still read.
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
        assert!(date_key(a) < date_key(b));
    }
}

//! Newtype ids: a `SessionId` can never be passed where a `ParticipantId` is
//! expected. New records get UUID v7 (time-ordered, so keys sort by creation).
//! A one-field struct is serialised as its inner value, so ids are plain strings in JSON.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

macro_rules! define_id {
    ($($name:ident = $brand:literal),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
        #[ts(export)]
        #[ts(type = $brand)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            pub fn from_bytes(bytes: [u8; 16]) -> Self {
                Self(Uuid::from_bytes(bytes))
            }

            pub fn as_bytes(&self) -> &[u8; 16] {
                self.0.as_bytes()
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

// In TypeScript each id is a branded string, so the compiler refuses a
// session's id where a person's is wanted, as Rust does.
define_id!(
    ParticipantId = "string & { readonly __brand: \"ParticipantId\" }",
    ReferrerId = "string & { readonly __brand: \"ReferrerId\" }",
    ReferralId = "string & { readonly __brand: \"ReferralId\" }",
    ActivityId = "string & { readonly __brand: \"ActivityId\" }",
    SessionId = "string & { readonly __brand: \"SessionId\" }",
    VolunteerId = "string & { readonly __brand: \"VolunteerId\" }",
    RoleId = "string & { readonly __brand: \"RoleId\" }",
    RotaAssignmentId = "string & { readonly __brand: \"RotaAssignmentId\" }",
    LetterId = "string & { readonly __brand: \"LetterId\" }",
    AccessRequestId = "string & { readonly __brand: \"AccessRequestId\" }",
    LogEntryId = "string & { readonly __brand: \"LogEntryId\" }",
    OutcomeId = "string & { readonly __brand: \"OutcomeId\" }",
);

/// A hasher for maps keyed by ids, which are mostly random bits already:
/// a multiply-and-rotate per eight bytes instead of SipHash, for the maps
/// a large hub fills with hundreds of thousands of ids ("Stopped coming").
#[derive(Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
}

/// A map keyed by ids, hashed by `IdHasher`.
pub type IdMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<IdHasher>>;

/// A set of ids, hashed by `IdHasher`.
pub type IdSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<IdHasher>>;

//! The keys of an encrypted data folder, in `tend-keys.json` beside sled's
//! files. A random master key is kept only wrapped: once by a key derived
//! from the passphrase (Argon2id, its parameters stored with it) and once
//! by the recovery key printed on the Emergency sheet. The master key in
//! turn seals the data key that seals every value, so a compaction (or a
//! restore) can start a new data key without asking for the passphrase,
//! and changing the passphrase re-wraps the master key alone. When
//! "Unlock automatically on this computer" is on, the master key is wrapped
//! a third time, by a random key that only this computer's keychain holds
//! (the keys file names its entry there). Key material is wiped from
//! memory when dropped.

use std::path::Path;

use age::secrecy::ExposeSecret;
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload, rand_core::RngCore};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::{Result, StoreError};

pub const KEYS_FILE: &str = "tend-keys.json";
const FORMAT: u32 = 1;

/// Argon2id's cost: memory in KiB, passes and lanes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KdfCost {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
}

impl KdfCost {
    /// RFC 9106's second recommendation's memory (64 MiB, 4 lanes) with
    /// more passes (10, not 3), tuned to about half a second on the
    /// machine Tend is measured on (3 passes took 0.15 s there); an old
    /// laptop takes a second or so. More memory instead would cost an old
    /// laptop what the 1,000-letter run is allowed in all.
    pub const STANDARD: KdfCost = KdfCost {
        memory_kib: 64 * 1024,
        passes: 10,
        lanes: 4,
    };
    /// For tests of what happens around unlocking, not of its strength.
    pub const CHEAP: KdfCost = KdfCost {
        memory_kib: 256,
        passes: 1,
        lanes: 1,
    };
}

/// 32 bytes of key, wiped when dropped.
pub struct Key(Zeroizing<[u8; 32]>);

impl Key {
    pub fn random() -> Self {
        let mut bytes = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(bytes.as_mut());
        Key(bytes)
    }

    /// A key kept elsewhere (this computer's keychain) and read back;
    /// `None` unless it is 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        let bytes: [u8; 32] = bytes.try_into().ok()?;
        Some(Key(Zeroizing::new(bytes)))
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A second copy, for another owner (each is wiped when dropped).
    pub fn duplicate(&self) -> Key {
        Key(Zeroizing::new(*self.0))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.bytes().into())
    }
}

/// The key every value of one folder is sealed with.
pub type DataKey = Key;
/// The key that seals the data key; what a passphrase or the recovery key unwraps.
pub type MasterKey = Key;

/// What a person gives to open encrypted data.
pub enum Unlock {
    Passphrase(Zeroizing<String>),
    RecoveryKey(Zeroizing<String>),
    /// The key this computer's keychain keeps for the data.
    ThisComputer(Key),
}

/// The master key wrapped by a key in this computer's keychain, and the
/// name of that key's entry there (random: it says nothing of the data).
#[derive(Serialize, Deserialize, Clone)]
struct ComputerWrap {
    entry: String,
    wrapped: Wrapped,
}

#[derive(Serialize, Deserialize, Clone)]
struct Wrapped {
    salt: String,
    nonce: String,
    sealed: String,
}

/// What `tend-keys.json` holds: nothing in it opens anything without the
/// passphrase or the recovery key.
#[derive(Serialize, Deserialize, Clone)]
pub struct KeysFile {
    format: u32,
    kdf: KdfCost,
    passphrase: Wrapped,
    recovery: Wrapped,
    /// The data key, sealed by the master key (a backup's copy has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    data_key: Option<Wrapped>,
    /// Backups are encrypted with age to this X25519 recipient; its
    /// identity is sealed by the master key.
    backup_recipient: String,
    backup_identity: Wrapped,
    /// Set while "Unlock automatically on this computer" is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    this_computer: Option<ComputerWrap>,
}

/// Where an encrypted folder's keys file is.
pub fn path_in(dir: &Path) -> std::path::PathBuf {
    dir.join(KEYS_FILE)
}

pub fn is_encrypted(dir: &Path) -> bool {
    path_in(dir).exists()
}

impl KeysFile {
    /// New keys for a folder: a master key wrapped by `passphrase` and by a
    /// new recovery key (returned, to be printed), and a data key.
    pub fn create(
        passphrase: &str,
        cost: KdfCost,
    ) -> Result<(KeysFile, MasterKey, Zeroizing<String>)> {
        let master = Key::random();
        let recovery = RecoveryKey::random();
        let identity = age::x25519::Identity::generate();
        let keys = KeysFile {
            format: FORMAT,
            kdf: cost,
            passphrase: wrap_passphrase(passphrase, cost, &master)?,
            recovery: wrap_salted(&recovery, &master)?,
            data_key: Some(seal_data_key(&master, &DataKey::random())?),
            backup_recipient: identity.to_public().to_string(),
            backup_identity: wrap_with_salt(
                &master,
                identity.to_string().expose_secret().as_bytes(),
                "backup identity",
                &[],
            )?,
            this_computer: None,
        };
        Ok((keys, master, recovery.words()))
    }

    pub fn read(dir: &Path) -> Result<Option<KeysFile>> {
        match std::fs::read(path_in(dir)) {
            Ok(bytes) => {
                let keys: KeysFile = serde_json::from_slice(&bytes).map_err(|e| {
                    StoreError::Keys(format!("The keys file could not be read: {e}"))
                })?;
                if keys.format > FORMAT {
                    return Err(StoreError::Keys(
                        "This data's keys were written by a newer version of Tend. Please update Tend."
                            .into(),
                    ));
                }
                Ok(Some(keys))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Written beside sled's files, synced, renamed into place.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(self)
            .map_err(|e| StoreError::Keys(format!("The keys file could not be written: {e}")))?;
        crate::files::write_atomically(&path_in(dir), &bytes)?;
        Ok(())
    }

    /// The master key, if `unlock` opens it; otherwise the one message.
    pub fn unlock(&self, unlock: &Unlock) -> Result<MasterKey> {
        match unlock {
            Unlock::Passphrase(passphrase) => {
                let salt = hex_bytes(&self.passphrase.salt)?;
                let kek = passphrase_key(passphrase, self.kdf, &salt)?;
                unwrap_key(&kek, &self.passphrase, "passphrase")
            }
            Unlock::RecoveryKey(words) => {
                let recovery = RecoveryKey::parse(words).ok_or(StoreError::WrongPassphrase)?;
                let salt = hex_bytes(&self.recovery.salt)?;
                unwrap_key(&recovery.kek(&salt), &self.recovery, "recovery")
            }
            Unlock::ThisComputer(key) => {
                let wrap = self
                    .this_computer
                    .as_ref()
                    .ok_or(StoreError::WrongPassphrase)?;
                unwrap_key(key, &wrap.wrapped, "this computer")
            }
        }
    }

    pub fn data_key(&self, master: &MasterKey) -> Result<DataKey> {
        let wrapped = self.data_key.as_ref().ok_or_else(damaged)?;
        unwrap_key(master, wrapped, "data")
    }

    /// What a backup carries of these keys: enough for the passphrase or
    /// the recovery key to open it, and no data key (nor this computer's
    /// wrap: a backup is for another place).
    pub fn for_backup(&self) -> KeysFile {
        KeysFile {
            data_key: None,
            this_computer: None,
            ..self.clone()
        }
    }

    /// Backups are encrypted to this.
    pub fn backup_recipient(&self) -> Result<age::x25519::Recipient> {
        self.backup_recipient.parse().map_err(|_| damaged())
    }

    /// What opens a backup encrypted to `backup_recipient`.
    pub fn backup_identity(&self, master: &MasterKey) -> Result<age::x25519::Identity> {
        let opened = unwrap(master, &self.backup_identity, "backup identity")?;
        std::str::from_utf8(&opened)
            .ok()
            .and_then(|text| text.parse().ok())
            .ok_or_else(damaged)
    }

    /// The same passphrase and recovery key over a new data key: for a
    /// folder built afresh (a compaction, a restore), so that nothing the
    /// old key sealed opens with the new one.
    pub fn with_new_data_key(&self, master: &MasterKey) -> Result<KeysFile> {
        Ok(KeysFile {
            data_key: Some(seal_data_key(master, &DataKey::random())?),
            ..self.clone()
        })
    }

    /// The keychain entry that unlocks this data on this computer, when
    /// "Unlock automatically on this computer" is on.
    pub fn this_computer_entry(&self) -> Option<&str> {
        self.this_computer.as_ref().map(|c| c.entry.as_str())
    }

    /// The master key wrapped once more, by a new random key for this
    /// computer's keychain to keep under a new random entry name: gives
    /// the keys, the entry name and the key (to put in the keychain before
    /// the keys are written).
    pub fn with_this_computer(&self, master: &MasterKey) -> Result<(KeysFile, String, Key)> {
        let key = Key::random();
        let mut name = [0u8; 16];
        OsRng.fill_bytes(&mut name);
        let entry = format!("data-{}", hex(&name));
        let wrap = ComputerWrap {
            entry: entry.clone(),
            wrapped: wrap_with_salt(&key, master.bytes(), "this computer", &[])?,
        };
        let keys = KeysFile {
            this_computer: Some(wrap),
            ..self.clone()
        };
        Ok((keys, entry, key))
    }

    /// The keys without this computer's wrap: only the passphrase or the
    /// recovery key open the data again.
    pub fn without_this_computer(&self) -> KeysFile {
        KeysFile {
            this_computer: None,
            ..self.clone()
        }
    }

    /// The master key wrapped by a new passphrase; the data is untouched.
    pub fn with_passphrase(&self, master: &MasterKey, passphrase: &str) -> Result<KeysFile> {
        Ok(KeysFile {
            passphrase: wrap_passphrase(passphrase, self.kdf, master)?,
            ..self.clone()
        })
    }
}

fn salt() -> [u8; 16] {
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    salt
}

fn passphrase_key(passphrase: &str, cost: KdfCost, salt: &[u8]) -> Result<Key> {
    let params = Params::new(cost.memory_kib, cost.passes, cost.lanes, Some(32))
        .map_err(|e| StoreError::Keys(format!("The keys file's cost is not usable: {e}")))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
        .map_err(|e| StoreError::Keys(format!("The passphrase could not be used: {e}")))?;
    Ok(Key(out))
}

fn wrap_passphrase(passphrase: &str, cost: KdfCost, master: &MasterKey) -> Result<Wrapped> {
    let salt = salt();
    wrap_with_salt(
        &passphrase_key(passphrase, cost, &salt)?,
        master.bytes(),
        "passphrase",
        &salt,
    )
}

fn wrap_salted(recovery: &RecoveryKey, master: &MasterKey) -> Result<Wrapped> {
    let salt = salt();
    wrap_with_salt(&recovery.kek(&salt), master.bytes(), "recovery", &salt)
}

fn seal_data_key(master: &MasterKey, data: &DataKey) -> Result<Wrapped> {
    wrap_with_salt(master, data.bytes(), "data", &[])
}

fn damaged() -> StoreError {
    StoreError::Keys("The keys file is damaged.".into())
}

/// `secret` sealed under `kek`, `what` naming its use (so one wrap cannot
/// stand in for another).
fn wrap_with_salt(kek: &Key, secret: &[u8], what: &str, salt: &[u8]) -> Result<Wrapped> {
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let sealed = kek
        .cipher()
        .encrypt(
            &nonce,
            Payload {
                msg: secret,
                aad: what.as_bytes(),
            },
        )
        .map_err(|_| StoreError::Keys("A key could not be wrapped.".into()))?;
    Ok(Wrapped {
        salt: hex(salt),
        nonce: hex(&nonce),
        sealed: hex(&sealed),
    })
}

fn unwrap(kek: &Key, wrapped: &Wrapped, what: &str) -> Result<Zeroizing<Vec<u8>>> {
    let nonce = hex_bytes(&wrapped.nonce)?;
    if nonce.len() != 24 {
        return Err(damaged());
    }
    Ok(Zeroizing::new(
        kek.cipher()
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &hex_bytes(&wrapped.sealed)?,
                    aad: what.as_bytes(),
                },
            )
            .map_err(|_| StoreError::WrongPassphrase)?,
    ))
}

fn unwrap_key(kek: &Key, wrapped: &Wrapped, what: &str) -> Result<Key> {
    let opened = unwrap(kek, wrapped, what)?;
    let bytes: [u8; 32] = opened.as_slice().try_into().map_err(|_| damaged())?;
    Ok(Key(Zeroizing::new(bytes)))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hex_bytes(text: &str) -> Result<Vec<u8>> {
    let damaged = || StoreError::Keys("The keys file is damaged.".into());
    if !text.len().is_multiple_of(2) {
        return Err(damaged());
    }
    (0..text.len())
        .step_by(2)
        .map(|at| {
            u8::from_str_radix(text.get(at..at + 2).ok_or_else(damaged)?, 16).map_err(|_| damaged())
        })
        .collect()
}

/// Crockford's base 32: no I, L, O or U, so nothing is misread off paper.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The recovery key: 20 random bytes, written as eight groups of four
/// characters and a ninth that checks them, so a typo is caught.
struct RecoveryKey(Zeroizing<[u8; 20]>);

impl RecoveryKey {
    fn random() -> Self {
        let mut bytes = Zeroizing::new([0u8; 20]);
        OsRng.fill_bytes(bytes.as_mut());
        RecoveryKey(bytes)
    }

    fn kek(&self, salt: &[u8]) -> Key {
        let digest = Sha256::new()
            .chain_update(b"tend recovery key 1")
            .chain_update(salt)
            .chain_update(&self.0[..])
            .finalize();
        let mut bytes = Zeroizing::new([0u8; 32]);
        bytes.copy_from_slice(&digest);
        Key(bytes)
    }

    fn check(bytes: &[u8; 20]) -> [u8; 4] {
        let digest = Sha256::digest(bytes);
        let bits = u32::from_be_bytes([digest[0], digest[1], digest[2], 0]) >> 12;
        std::array::from_fn(|i| ALPHABET[((bits >> (15 - 5 * i)) & 31) as usize])
    }

    /// "7K2Q-…": nine groups of four.
    fn words(&self) -> Zeroizing<String> {
        let mut chars = Zeroizing::new(Vec::with_capacity(36));
        for chunk in self.0.chunks(5) {
            let value = chunk.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
            for i in (0..8).rev() {
                chars.push(ALPHABET[((value >> (5 * i)) & 31) as usize]);
            }
        }
        chars.extend_from_slice(&Self::check(&self.0));
        let groups: Vec<&str> = chars
            .chunks(4)
            .map(|g| std::str::from_utf8(g).unwrap_or_default())
            .collect();
        Zeroizing::new(groups.join("-"))
    }

    /// Read back as typed: any case, with or without dashes and spaces,
    /// O read as 0 and I or L as 1. `None` when a character is not in the
    /// alphabet, the length is wrong or the check group does not match.
    fn parse(typed: &str) -> Option<RecoveryKey> {
        let values: Vec<u8> = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                'O' => Some(0),
                'I' | 'L' => Some(1),
                c => ALPHABET
                    .iter()
                    .position(|a| char::from(*a) == c)
                    .map(|p| p as u8),
            })
            .collect::<Option<_>>()?;
        if values.len() != 36 {
            return None;
        }
        let mut bytes = Zeroizing::new([0u8; 20]);
        for (group, out) in values[..32].chunks(8).zip(bytes.chunks_mut(5)) {
            let value = group.iter().fold(0u64, |acc, v| (acc << 5) | u64::from(*v));
            for (i, b) in out.iter_mut().enumerate() {
                *b = (value >> (8 * (4 - i))) as u8;
            }
        }
        let check: Vec<u8> = Self::check(&bytes)
            .iter()
            .map(|c| ALPHABET.iter().position(|a| a == c).unwrap_or(0) as u8)
            .collect();
        (check == values[32..]).then_some(RecoveryKey(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passphrase(text: &str) -> Unlock {
        Unlock::Passphrase(Zeroizing::new(text.into()))
    }

    #[test]
    fn the_passphrase_and_the_recovery_key_both_open_the_same_data_key() {
        let (keys, master, recovery) =
            KeysFile::create("correct horse battery", KdfCost::CHEAP).unwrap();
        let data = keys.data_key(&master).unwrap();
        let by_passphrase = keys.unlock(&passphrase("correct horse battery")).unwrap();
        let by_recovery = keys
            .unlock(&Unlock::RecoveryKey(Zeroizing::new(
                recovery.to_lowercase().replace('-', " "),
            )))
            .unwrap();
        assert_eq!(keys.data_key(&by_passphrase).unwrap().bytes(), data.bytes());
        assert_eq!(keys.data_key(&by_recovery).unwrap().bytes(), data.bytes());
    }

    #[test]
    fn a_wrong_passphrase_or_a_mistyped_recovery_key_opens_nothing() {
        let (keys, _, recovery) =
            KeysFile::create("correct horse battery", KdfCost::CHEAP).unwrap();
        assert!(matches!(
            keys.unlock(&passphrase("correct horse batterY")),
            Err(StoreError::WrongPassphrase)
        ));
        assert!(matches!(
            keys.unlock(&passphrase("")),
            Err(StoreError::WrongPassphrase)
        ));
        // One character changed is caught by the check group.
        let mut typo: Vec<char> = recovery.chars().collect();
        typo[5] = if typo[5] == '7' { '8' } else { '7' };
        let typo: String = typo.into_iter().collect();
        assert!(RecoveryKey::parse(&typo).is_none());
        assert!(matches!(
            keys.unlock(&Unlock::RecoveryKey(Zeroizing::new(typo))),
            Err(StoreError::WrongPassphrase)
        ));
    }

    #[test]
    fn the_recovery_key_is_nine_groups_read_off_paper_forgivingly() {
        let key = RecoveryKey::random();
        let words = key.words();
        assert_eq!(words.len(), 9 * 4 + 8);
        assert!(words.split('-').all(|g| g.len() == 4));
        let misread = words.replace('0', "o").replace('1', "l");
        assert_eq!(RecoveryKey::parse(&misread).unwrap().0[..], key.0[..]);
    }

    #[test]
    fn this_computers_key_opens_the_data_until_it_is_turned_off_and_never_travels_in_a_backup() {
        let (keys, master, _) = KeysFile::create("correct horse battery", KdfCost::CHEAP).unwrap();
        assert!(keys.this_computer_entry().is_none());
        let (on, entry, key) = keys.with_this_computer(&master).unwrap();
        assert_eq!(on.this_computer_entry(), Some(entry.as_str()));
        assert!(entry.starts_with("data-") && entry.len() == 37);
        let opened = on.unlock(&Unlock::ThisComputer(key.duplicate())).unwrap();
        assert_eq!(opened.bytes(), master.bytes());
        // Another computer's key, the passphrase still, a new passphrase.
        assert!(matches!(
            on.unlock(&Unlock::ThisComputer(Key::random())),
            Err(StoreError::WrongPassphrase)
        ));
        assert!(on.unlock(&passphrase("correct horse battery")).is_ok());
        let changed = on
            .with_passphrase(&master, "a new long passphrase")
            .unwrap();
        assert!(
            changed
                .unlock(&Unlock::ThisComputer(key.duplicate()))
                .is_ok()
        );
        // A backup's keys, and the keys once it is turned off, do not.
        for without in [on.for_backup(), on.without_this_computer()] {
            assert!(without.this_computer_entry().is_none());
            assert!(matches!(
                without.unlock(&Unlock::ThisComputer(key.duplicate())),
                Err(StoreError::WrongPassphrase)
            ));
        }
        // Written and read back, the wrap is kept.
        let text = serde_json::to_string(&on).unwrap();
        let read: KeysFile = serde_json::from_str(&text).unwrap();
        assert!(read.unlock(&Unlock::ThisComputer(key)).is_ok());
    }

    #[test]
    fn a_new_passphrase_rewraps_only_the_master_key() {
        let (keys, master, _) = KeysFile::create("correct horse battery", KdfCost::CHEAP).unwrap();
        let changed = keys
            .with_passphrase(&master, "a new long passphrase")
            .unwrap();
        assert!(
            changed
                .unlock(&passphrase("correct horse battery"))
                .is_err()
        );
        let opened = changed
            .unlock(&passphrase("a new long passphrase"))
            .unwrap();
        assert_eq!(
            changed.data_key(&opened).unwrap().bytes(),
            keys.data_key(&master).unwrap().bytes()
        );
    }
}

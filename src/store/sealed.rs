//! Values as they lie on disk. Every tree is reached through `Tree`, which
//! seals each value under the data key when the data is encrypted
//! (XChaCha20-Poly1305, a random nonce per value, the tree's name and the
//! value's key as associated data, so one record's ciphertext cannot be
//! moved onto another) and keeps it as it is when not. Keys are never
//! sealed: they hold only random ids and dates. Empty values (the index
//! trees') have nothing to hide and stay empty.

use std::sync::Arc;

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sled::IVec;
use sled::transaction::{ConflictableTransactionError, TransactionalTree};

use super::keys::DataKey;
use super::{Result, StoreError};

/// The first byte of a sealed value: the layout, should it ever change.
const SEALED_V1: u8 = 1;
const NONCE_BYTES: usize = 24;

/// How the values of one data folder are kept: as they are, or sealed.
#[derive(Clone, Default)]
pub struct Vault(Option<Arc<XChaCha20Poly1305>>);

impl Vault {
    pub fn sealed(key: &DataKey) -> Self {
        Vault(Some(Arc::new(XChaCha20Poly1305::new(key.bytes().into()))))
    }

    pub fn is_sealed(&self) -> bool {
        self.0.is_some()
    }

    pub(super) fn seal(&self, tree: &[u8], key: &[u8], value: &[u8]) -> Result<IVec> {
        let Some(cipher) = &self.0 else {
            return Ok(IVec::from(value));
        };
        if value.is_empty() {
            return Ok(IVec::from(value));
        }
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let aad = associated(tree, key);
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: value,
                    aad: &aad,
                },
            )
            .map_err(|_| unreadable(tree, "a value could not be sealed"))?;
        let mut out = Vec::with_capacity(1 + NONCE_BYTES + sealed.len());
        out.push(SEALED_V1);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(IVec::from(out))
    }

    pub(super) fn open(&self, tree: &[u8], key: &[u8], stored: IVec) -> Result<IVec> {
        let Some(cipher) = &self.0 else {
            return Ok(stored);
        };
        if stored.is_empty() {
            return Ok(stored);
        }
        if stored.len() < 1 + NONCE_BYTES || stored[0] != SEALED_V1 {
            return Err(unreadable(tree, "a value is not sealed as Tend seals them"));
        }
        let nonce = XNonce::from_slice(&stored[1..1 + NONCE_BYTES]);
        let aad = associated(tree, key);
        cipher
            .decrypt(
                nonce,
                Payload {
                    msg: &stored[1 + NONCE_BYTES..],
                    aad: &aad,
                },
            )
            .map(IVec::from)
            .map_err(|_| unreadable(tree, "a sealed value does not open with this data key"))
    }
}

fn associated(tree: &[u8], key: &[u8]) -> Vec<u8> {
    [tree, &[0], key].concat()
}

fn unreadable(tree: &[u8], detail: &str) -> StoreError {
    StoreError::Sealed {
        tree: String::from_utf8_lossy(tree).into_owned(),
        detail: detail.into(),
    }
}

/// One tree of the store, its values sealed or not as its vault says.
#[derive(Clone)]
pub struct Tree {
    inner: sled::Tree,
    name: IVec,
    vault: Vault,
}

impl Tree {
    pub fn new(inner: sled::Tree, vault: Vault) -> Self {
        Tree {
            name: inner.name(),
            inner,
            vault,
        }
    }

    /// The sled tree itself, for a transaction across trees (whose
    /// closure then wraps each side with `tx`).
    pub fn raw(&self) -> &sled::Tree {
        &self.inner
    }

    pub fn insert(&self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> Result<Option<IVec>> {
        let key = key.as_ref();
        let sealed = self.vault.seal(&self.name, key, value.as_ref())?;
        self.inner
            .insert(key, sealed)?
            .map(|old| self.vault.open(&self.name, key, old))
            .transpose()
    }

    pub fn get(&self, key: impl AsRef<[u8]>) -> Result<Option<IVec>> {
        let key = key.as_ref();
        self.inner
            .get(key)?
            .map(|stored| self.vault.open(&self.name, key, stored))
            .transpose()
    }

    pub fn remove(&self, key: impl AsRef<[u8]>) -> Result<Option<IVec>> {
        let key = key.as_ref();
        self.inner
            .remove(key)?
            .map(|old| self.vault.open(&self.name, key, old))
            .transpose()
    }

    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    pub fn iter(&self) -> Iter {
        self.over(self.inner.iter())
    }

    pub fn scan_prefix(&self, prefix: impl AsRef<[u8]>) -> Iter {
        self.over(self.inner.scan_prefix(prefix))
    }

    /// Entries whose keys are `start` or after.
    pub fn range_from(&self, start: Vec<u8>) -> Iter {
        self.over(self.inner.range(start..))
    }

    /// Entries whose keys are from `start` up to, not including, `end`.
    pub fn range(&self, keys: std::ops::Range<Vec<u8>>) -> Iter {
        self.over(self.inner.range(keys))
    }

    fn over(&self, inner: sled::Iter) -> Iter {
        Iter {
            inner,
            tree: self.clone(),
        }
    }

    pub fn apply_batch(&self, batch: Batch) -> Result<()> {
        let mut sealed = sled::Batch::default();
        for (key, value) in batch.0 {
            match value {
                Some(value) => {
                    let value = self.vault.seal(&self.name, &key, &value)?;
                    sealed.insert(key, value);
                }
                None => sealed.remove(key),
            }
        }
        Ok(self.inner.apply_batch(sealed)?)
    }

    /// This tree's side of a transaction, sealing and opening as the tree does.
    pub fn tx<'a>(&'a self, tx: &'a TransactionalTree) -> Tx<'a> {
        Tx { tx, tree: self }
    }
}

/// Entries of a tree in key order, their values opened.
pub struct Iter {
    inner: sled::Iter,
    tree: Tree,
}

impl Iter {
    /// Only the keys: nothing is opened.
    pub fn keys(self) -> impl DoubleEndedIterator<Item = Result<IVec>> {
        self.inner.keys().map(|key| Ok(key?))
    }

    pub fn values(self) -> impl DoubleEndedIterator<Item = Result<IVec>> {
        self.map(|entry| entry.map(|(_, value)| value))
    }

    fn opened(&self, entry: sled::Result<(IVec, IVec)>) -> Result<(IVec, IVec)> {
        let (key, stored) = entry?;
        let value = self.tree.vault.open(&self.tree.name, &key, stored)?;
        Ok((key, value))
    }
}

impl Iterator for Iter {
    type Item = Result<(IVec, IVec)>;
    fn next(&mut self) -> Option<Self::Item> {
        let entry = self.inner.next()?;
        Some(self.opened(entry))
    }
}

impl DoubleEndedIterator for Iter {
    fn next_back(&mut self) -> Option<Self::Item> {
        let entry = self.inner.next_back()?;
        Some(self.opened(entry))
    }
}

/// Writes to one tree applied together, sealed as they are applied.
#[derive(Default)]
pub struct Batch(Vec<(IVec, Option<IVec>)>);

impl Batch {
    pub fn insert(&mut self, key: impl Into<IVec>, value: impl Into<IVec>) {
        self.0.push((key.into(), Some(value.into())));
    }

    pub fn remove(&mut self, key: impl Into<IVec>) {
        self.0.push((key.into(), None));
    }
}

pub(super) type TxResult<T> = std::result::Result<T, ConflictableTransactionError<StoreError>>;

/// One tree inside a transaction.
pub struct Tx<'a> {
    tx: &'a TransactionalTree,
    tree: &'a Tree,
}

impl Tx<'_> {
    pub fn insert(&self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> TxResult<Option<IVec>> {
        let key = key.as_ref();
        let sealed = self
            .tree
            .vault
            .seal(&self.tree.name, key, value.as_ref())
            .map_err(ConflictableTransactionError::Abort)?;
        let old = self.tx.insert(key, sealed)?;
        self.opened(key, old)
    }

    pub fn get(&self, key: impl AsRef<[u8]>) -> TxResult<Option<IVec>> {
        let key = key.as_ref();
        let stored = self.tx.get(key)?;
        self.opened(key, stored)
    }

    pub fn remove(&self, key: impl AsRef<[u8]>) -> TxResult<Option<IVec>> {
        let key = key.as_ref();
        let old = self.tx.remove(key)?;
        self.opened(key, old)
    }

    fn opened(&self, key: &[u8], stored: Option<IVec>) -> TxResult<Option<IVec>> {
        stored
            .map(|stored| self.tree.vault.open(&self.tree.name, key, stored))
            .transpose()
            .map_err(ConflictableTransactionError::Abort)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault() -> Vault {
        Vault::sealed(&DataKey::random())
    }

    #[test]
    fn a_sealed_value_opens_only_under_its_own_tree_and_key() {
        let vault = vault();
        let sealed = vault
            .seal(b"participants", b"id-1", b"Zofia Nowak")
            .unwrap();
        assert!(!sealed.windows(5).any(|w| w == b"Zofia"));
        assert_eq!(
            vault
                .open(b"participants", b"id-1", sealed.clone())
                .unwrap(),
            b"Zofia Nowak"
        );
        assert!(
            vault
                .open(b"participants", b"id-2", sealed.clone())
                .is_err()
        );
        assert!(vault.open(b"referrers", b"id-1", sealed.clone()).is_err());
        assert!(
            Vault::sealed(&DataKey::random())
                .open(b"participants", b"id-1", sealed)
                .is_err()
        );
    }

    #[test]
    fn plain_and_empty_values_are_kept_as_they_are() {
        let plain = Vault::default();
        assert_eq!(plain.seal(b"t", b"k", b"text").unwrap(), b"text");
        assert!(vault().seal(b"t", b"k", b"").unwrap().is_empty());
    }
}

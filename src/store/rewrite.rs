//! Copying the whole store into a new folder and swapping it in:
//! compaction, turning encryption on, a restore.

use std::path::Path;

use super::sealed::Batch;
use super::{
    Counts, Item, KeysFile, Loader, MasterKey, Result, Store, StoreError, folders, is_encrypted,
    load,
};

impl Store {
    /// Copies every tree, entry for entry, into a new folder and swaps it
    /// in: sled keeps removed and overwritten values in old segments, and
    /// this is the way to leave none behind. Encrypted data is sealed again
    /// under a new data key, so a stale copy of an old segment opens with
    /// nothing. The folder must not be open. `progress` hears how far it
    /// has got (bytes copied of the folder's size).
    pub fn compact(
        dir: &Path,
        master: Option<&MasterKey>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<()> {
        let keys = Self::keys_with(dir, master)?;
        Self::copy_folder(
            dir,
            master,
            |staged| Self::open_staged(staged, keys),
            progress,
        )
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
        Self::copy_folder(
            dir,
            None,
            |staged| Self::open_staged(staged, Some((keys.clone(), master))),
            &mut |_, _| {},
        )
    }

    /// Copies every tree of `dir` (opened with `master`) into the store
    /// `target` opens in the staging folder, and swaps it in.
    pub(super) fn copy_folder(
        dir: &Path,
        master: Option<&MasterKey>,
        target: impl FnOnce(&Path) -> Result<Store>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<()> {
        folders::recover(dir)?;
        let staged = folders::incoming(dir);
        let copied = (|| {
            let from = Self::open_unlocked(dir, master)?;
            let to = target(&staged)?;
            // Progress in bytes copied of the bytes on disk: counting the
            // entries first would read the whole store twice.
            let total = from.db.size_on_disk()?.max(1);
            let mut done = 0u64;
            for name in from.db.tree_names() {
                let name = String::from_utf8_lossy(&name).into_owned();
                let (source, target) = (from.open_tree(&name)?, to.open_tree(&name)?);
                let mut batch = Batch::default();
                let mut pending = 0;
                for entry in source.iter() {
                    let (key, value) = entry?;
                    done += (key.len() + value.len()) as u64;
                    batch.insert(key, value);
                    pending += 1;
                    if pending == load::BATCH {
                        target.apply_batch(std::mem::take(&mut batch))?;
                        progress(done.min(total), total);
                        pending = 0;
                    }
                }
                target.apply_batch(batch)?;
            }
            progress(total, total);
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
    /// before. What is `kept` (the data's tombstones and activity log,
    /// from `Store::kept_through_restores`) stays, whatever `fill` loads.
    /// The folder must not be open.
    pub fn replace_folder(
        dir: &Path,
        keys: Option<(KeysFile, &MasterKey)>,
        kept: Vec<Item>,
        fill: impl FnOnce(&mut Loader) -> Result<()>,
    ) -> Result<Counts> {
        folders::recover(dir)?;
        let staged = folders::incoming(dir);
        let built = (|| {
            let store = Store::open_staged(&staged, keys)?;
            let mut loader = Loader::keeping(&store, kept)?;
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
    pub(super) fn open_staged(
        staged: &Path,
        keys: Option<(KeysFile, &MasterKey)>,
    ) -> Result<Store> {
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
}

//! Loading a whole data folder's worth of items into a new, empty store in
//! batches, so a hub's two million marks never sit in one transaction's
//! memory. A load that fails part way leaves a partial store, which is why
//! it only ever fills a new folder that is thrown away on failure (see
//! `folders`).

use super::sealed::{Batch, Tree};

use super::items::{self, Counts, Item, Write, Writes};
use super::{Result, Store, StoreError, person_marks};
use crate::domain::AttendanceMark;
use crate::store::Record;

/// Writes are applied to the trees every this many: sled holds a batch's
/// work in memory until it is applied, and a 10,000-person restore peaked
/// at 480 MB with batches of 50,000 against 170 MB with 5,000, for about
/// the same time.
pub(super) const BATCH: usize = 5_000;

pub struct Loader<'s> {
    store: &'s Store,
    trees: Vec<Tree>,
    writes: Writes,
    pending: Vec<Write>,
}

impl<'s> Loader<'s> {
    /// Refuses a store that already holds anything.
    pub fn new(store: &'s Store) -> Result<Self> {
        Self::keeping(store, Vec::new())
    }

    /// As `new`, first loading what must stay whatever else is loaded:
    /// the tombstones of everyone erased (so a backup made before they
    /// were erased is restored without them) and the activity log.
    pub fn keeping(store: &'s Store, kept: Vec<Item>) -> Result<Self> {
        if !store.is_empty()? {
            return Err(StoreError::Import(
                "Loading is only into an empty data folder.".into(),
            ));
        }
        let mut loader = Loader {
            store,
            trees: items::trees(store)?,
            writes: Writes::streaming(),
            pending: Vec::with_capacity(BATCH),
        };
        for item in &kept {
            loader.add(item)?;
        }
        Ok(loader)
    }

    pub fn add(&mut self, item: &Item) -> Result<()> {
        // What the window sends is checked as it is saved; a file being
        // loaded is checked here.
        if let Item::Participant(person) = item
            && let Some(number) = &person.details.nhs_number
        {
            number.checked().map_err(|e| {
                StoreError::Import(format!(
                    "A person in this file has an NHS number that is not right: {}",
                    e.message
                ))
            })?;
        }
        self.writes.add(item, &mut self.pending)?;
        if self.pending.len() >= BATCH {
            self.apply()?;
        }
        Ok(())
    }

    fn apply(&mut self) -> Result<()> {
        let mut batches: Vec<Batch> = self.trees.iter().map(|_| Batch::default()).collect();
        for (slot, key, value) in self.pending.drain(..) {
            batches[slot].insert(key, value);
        }
        for (tree, batch) in self.trees.iter().zip(batches) {
            tree.apply_batch(batch)?;
        }
        Ok(())
    }

    /// Writes the indexes that needed every record, flushes to disk and
    /// says how many of each kind were loaded.
    pub fn finish(mut self) -> Result<Counts> {
        let writes = std::mem::take(&mut self.writes);
        let counts = writes.finish(&mut self.pending);
        self.apply()?;
        self.fold_staged_marks()?;
        self.store.flush()?;
        Ok(counts)
    }

    /// Folds the marks staged under person ++ session (see
    /// `items::STAGED_MARKS`) into each person's value and drops the
    /// staging tree.
    fn fold_staged_marks(&mut self) -> Result<()> {
        let staged = self.store.open_tree(items::STAGED_MARKS)?;
        let marks = self.store.open_tree(AttendanceMark::TREE)?;
        person_marks::fold_into(&marks, staged.iter())?;
        self.store.db.drop_tree(items::STAGED_MARKS)?;
        Ok(())
    }
}

impl Store {
    /// Loads a snapshot into this empty store in batches: for large data
    /// made in memory (the benchmarks' hubs).
    pub fn bulk_load(&self, snapshot: &super::Snapshot) -> Result<Counts> {
        let mut loader = Loader::new(self)?;
        for item in snapshot.items()? {
            loader.add(&item)?;
        }
        loader.finish()
    }
}

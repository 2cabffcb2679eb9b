//! Everyone's folded names and identifying details, held in memory once
//! and kept in step with every save, so finding a person or checking for a
//! look-alike never decodes every record.

use std::sync::{PoisonError, RwLock};

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::look_alike::{LookAlikeReason, PersonKeys, look_alike};
use crate::domain::names::{FoldedName, SearchRank, person_rank};
use crate::domain::text::sort_key;
use crate::domain::{Participant, ParticipantDetails, ParticipantId};
use crate::{Result, Tend};

/// A person as a list shows them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PersonSummary {
    pub id: ParticipantId,
    pub full_name: String,
    pub preferred_name: String,
    pub date_of_birth: Option<NaiveDate>,
}

/// One page of the People list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PeoplePage {
    /// Everyone in Tend.
    pub total: usize,
    /// Those the search matches (everyone when there is no search).
    pub matching: usize,
    /// The page asked for, best match first, then by name.
    pub people: Vec<PersonSummary>,
}

/// Someone already in Tend who may be the person being added.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LookAlike {
    pub person: PersonSummary,
    pub reason: LookAlikeReason,
    /// "Possibly already in Tend as Zoë Ní Bhriain, born 14/06/1951 (the same name)"
    pub words: String,
}

struct Entry {
    summary: PersonSummary,
    keys: PersonKeys,
    preferred: FoldedName,
    sort: String,
}

impl Entry {
    fn of(person: &Participant) -> Self {
        let d = &person.details;
        Entry {
            summary: PersonSummary {
                id: person.id,
                full_name: d.full_name.clone(),
                preferred_name: d.preferred_name.clone(),
                date_of_birth: d.date_of_birth,
            },
            keys: PersonKeys::of(d),
            preferred: FoldedName::new(&d.preferred_name),
            sort: sort_key(&d.full_name),
        }
    }

    fn rank(&self, query: &FoldedName) -> Option<SearchRank> {
        person_rank(&self.keys.name, &self.preferred, query)
    }
}

/// Everyone, sorted by name the way a person scans a list.
#[derive(Default)]
pub(super) struct PeopleIndex {
    entries: Vec<Entry>,
}

impl PeopleIndex {
    fn build(people: &[Participant]) -> Self {
        let mut entries: Vec<Entry> = people.iter().map(Entry::of).collect();
        entries.sort_by(|a, b| (&a.sort, a.summary.id).cmp(&(&b.sort, b.summary.id)));
        PeopleIndex { entries }
    }

    fn remove(&mut self, id: ParticipantId) {
        self.entries.retain(|e| e.summary.id != id);
    }

    fn save(&mut self, person: &Participant) {
        self.remove(person.id);
        let entry = Entry::of(person);
        let at = self
            .entries
            .partition_point(|e| (&e.sort, e.summary.id) < (&entry.sort, entry.summary.id));
        self.entries.insert(at, entry);
    }

    /// Those matching `query` (everyone when it is empty), best match
    /// first and then by name, skipping `offset` and taking `limit`.
    pub(super) fn find(&self, query: &str, offset: usize, limit: usize) -> PeoplePage {
        let query = FoldedName::new(query);
        let mut ranked: [Vec<&Entry>; 5] = Default::default();
        for entry in &self.entries {
            if let Some(rank) = entry.rank(&query) {
                ranked[rank as usize].push(entry);
            }
        }
        let matching = ranked.iter().map(Vec::len).sum();
        PeoplePage {
            total: self.entries.len(),
            matching,
            people: ranked
                .iter()
                .flatten()
                .skip(offset)
                .take(limit)
                .map(|e| e.summary.clone())
                .collect(),
        }
    }

    pub(super) fn look_alikes(
        &self,
        details: &ParticipantDetails,
        except: Option<ParticipantId>,
    ) -> Vec<LookAlike> {
        let keys = PersonKeys::of(details);
        let mut found: Vec<LookAlike> = self
            .entries
            .iter()
            .filter(|e| Some(e.summary.id) != except)
            .filter_map(|e| {
                look_alike(&keys, &e.keys).map(|reason| LookAlike {
                    words: look_alike_words(&e.summary, reason),
                    person: e.summary.clone(),
                    reason,
                })
            })
            .collect();
        found.sort_by_key(|l| l.reason);
        found
    }

    /// Everyone whose folded name is this one.
    pub(super) fn named(&self, name: &str) -> Vec<ParticipantId> {
        let name = FoldedName::new(name);
        self.entries
            .iter()
            .filter(|e| e.keys.name.same_as(&name))
            .map(|e| e.summary.id)
            .collect()
    }
}

fn look_alike_words(person: &PersonSummary, reason: LookAlikeReason) -> String {
    let born = person
        .date_of_birth
        .map(|d| format!(", born {}", crate::domain::dates::short_date(d)))
        .unwrap_or_default();
    format!(
        "Possibly already in Tend as {}{born} ({})",
        person.full_name,
        reason.words()
    )
}

/// The index, built on first use and then kept in step.
#[derive(Default)]
pub(super) struct PeopleCache(RwLock<Option<PeopleIndex>>);

impl Tend {
    /// Answers from the index, building it from the store the first time.
    pub(super) fn with_people<T>(&self, answer: impl FnOnce(&PeopleIndex) -> T) -> Result<T> {
        {
            let read = self.people.0.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(index) = read.as_ref() {
                return Ok(answer(index));
            }
        }
        let mut write = self
            .people
            .0
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if write.is_none() {
            *write = Some(PeopleIndex::build(&self.store.all::<Participant>()?));
        }
        Ok(answer(write.get_or_insert_with(PeopleIndex::default)))
    }

    /// Keeps the index in step after people were saved or removed.
    pub(super) fn people_changed(&self, saved: &[Participant], removed: &[ParticipantId]) {
        let mut write = self
            .people
            .0
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(index) = write.as_mut() {
            for id in removed {
                index.remove(*id);
            }
            for person in saved {
                index.save(person);
            }
        }
    }

    /// Forgets the index (after a restore or anything that replaces
    /// people wholesale); the next use builds it again.
    pub(super) fn people_replaced(&self) {
        *self
            .people
            .0
            .write()
            .unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// One page of People: those matching `find` (everyone when empty).
    pub fn people_page(&self, find: &str, offset: usize, limit: usize) -> Result<PeoplePage> {
        self.with_people(|i| i.find(find, offset, limit))
    }

    /// People already in Tend who may be this person (leaving out
    /// `except`, the record being changed).
    pub fn look_alikes(
        &self,
        details: &ParticipantDetails,
        except: Option<ParticipantId>,
    ) -> Result<Vec<LookAlike>> {
        self.with_people(|i| i.look_alikes(details, except))
    }

    /// Everyone whose name is this one, by the folding rule.
    pub fn participants_named(&self, name: &str) -> Result<Vec<ParticipantId>> {
        self.with_people(|i| i.named(name))
    }
}

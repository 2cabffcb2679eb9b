//! Everyone's folded names and identifying details, held in memory once
//! and kept in step with every save, so finding a person or checking for a
//! look-alike never decodes every record.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::period_attendance::Demographic;
use crate::domain::demographics::{Ethnicity, Gender, age_band};
use crate::domain::ids::{IdMap, IdSet};
use crate::domain::look_alike::{LookAlikeReason, PersonKeys, look_alike};
use crate::domain::names::{FoldedName, SearchRank, person_rank};
use crate::domain::text::sort_key;
use crate::domain::{Participant, ParticipantDetails, ParticipantId};
use crate::{Result, Tend};

/// A person as a list shows them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PersonSummary {
    pub id: ParticipantId,
    pub full_name: String,
    pub preferred_name: String,
    pub date_of_birth: Option<NaiveDate>,
}

impl PersonSummary {
    fn of(id: ParticipantId, d: &ParticipantDetails) -> Self {
        PersonSummary {
            id,
            full_name: d.full_name.clone(),
            preferred_name: d.preferred_name.clone(),
            date_of_birth: d.date_of_birth,
        }
    }
}

/// One page of the People list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
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
#[ts(export)]
pub struct LookAlike {
    pub person: PersonSummary,
    pub reason: LookAlikeReason,
    /// "Possibly already in Tend as Zoë Ní Bhriain, born 14/06/1951 (the same name)"
    pub words: String,
}

struct Entry {
    summary: PersonSummary,
    phone: String,
    /// The day the record was made.
    created_on: NaiveDate,
    /// What a report may say of who they are.
    gender: Option<Gender>,
    ethnicity: Option<Ethnicity>,
    keys: PersonKeys,
    preferred: FoldedName,
    sort: String,
}

/// What the index reads of a stored participant (whose details are laid
/// out beside its id): the fields it keeps, the rest of the record skipped.
#[derive(serde::Deserialize)]
pub(super) struct Indexed {
    id: ParticipantId,
    created_on: NaiveDate,
    full_name: String,
    #[serde(default)]
    preferred_name: String,
    #[serde(default)]
    date_of_birth: Option<chrono::NaiveDate>,
    #[serde(default)]
    nhs_number: Option<crate::domain::NhsNumber>,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    gender: Option<Gender>,
    #[serde(default)]
    ethnicity: Option<Ethnicity>,
}

impl Indexed {
    fn entry(self) -> Entry {
        let d = self;
        Entry::of(
            d.id,
            d.created_on,
            &ParticipantDetails {
                full_name: d.full_name,
                preferred_name: d.preferred_name,
                date_of_birth: d.date_of_birth,
                nhs_number: d.nhs_number,
                phone: d.phone,
                email: d.email,
                gender: d.gender,
                ethnicity: d.ethnicity,
                ..Default::default()
            },
        )
    }
}

impl Entry {
    fn of(id: ParticipantId, created_on: NaiveDate, d: &ParticipantDetails) -> Self {
        Entry {
            summary: PersonSummary::of(id, d),
            phone: d.phone.clone(),
            created_on,
            gender: d.gender,
            ethnicity: d.ethnicity,
            keys: PersonKeys::of(d),
            preferred: FoldedName::new(&d.preferred_name),
            sort: sort_key(&d.full_name),
        }
    }

    fn rank(&self, query: &FoldedName) -> Option<SearchRank> {
        person_rank(&self.keys.name, &self.preferred, query)
    }
}

/// Matching entries in name order, one list per `SearchRank`, best first.
type Ranked<'a> = [Vec<&'a Entry>; 5];

fn ranked<'a>(entries: &'a [Entry], query: &FoldedName) -> Ranked<'a> {
    let mut ranked: Ranked = Default::default();
    for entry in entries {
        if let Some(rank) = entry.rank(query) {
            ranked[rank as usize].push(entry);
        }
    }
    ranked
}

/// Everyone, sorted by name the way a person scans a list.
#[derive(Default)]
pub(super) struct PeopleIndex {
    entries: Vec<Entry>,
}

impl PeopleIndex {
    fn build(people: Vec<Indexed>) -> Self {
        let mut entries: Vec<Entry> = people.into_iter().map(Indexed::entry).collect();
        entries.sort_by(|a, b| (&a.sort, a.summary.id).cmp(&(&b.sort, b.summary.id)));
        PeopleIndex { entries }
    }

    fn remove(&mut self, id: ParticipantId) {
        self.entries.retain(|e| e.summary.id != id);
    }

    fn save(&mut self, person: &Participant) {
        self.remove(person.id);
        let entry = Entry::of(person.id, person.created_on, &person.details);
        let at = self
            .entries
            .partition_point(|e| (&e.sort, e.summary.id) < (&entry.sort, entry.summary.id));
        self.entries.insert(at, entry);
    }

    /// Those matching `query` (everyone when it is empty), best match
    /// first and then by name, skipping `offset` and taking `limit`.
    pub(super) fn find(&self, query: &str, offset: usize, limit: usize) -> PeoplePage {
        let query = FoldedName::new(query);
        // A big hub's list is searched in two halves at once (one per core
        // on the laptops Tend is for), each keeping name order.
        let halves: Vec<Ranked> = if self.entries.len() >= 20_000 {
            let (first, second) = self.entries.split_at(self.entries.len() / 2);
            std::thread::scope(|scope| {
                let other = scope.spawn(|| ranked(second, &query));
                let mine = ranked(first, &query);
                // Should the helper fail, its half is searched here instead.
                let theirs = other.join().unwrap_or_else(|_| ranked(second, &query));
                vec![mine, theirs]
            })
        } else {
            vec![ranked(&self.entries, &query)]
        };
        let mut ranked: Ranked = Default::default();
        for (bucket, list) in ranked.iter_mut().enumerate() {
            for half in &halves {
                list.extend_from_slice(&half[bucket]);
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

    /// Everyone whose record was made before `date`, with the day it was.
    pub(super) fn made_before(&self, date: NaiveDate) -> Vec<(ParticipantId, NaiveDate)> {
        self.entries
            .iter()
            .filter(|e| e.created_on < date)
            .map(|e| (e.summary.id, e.created_on))
            .collect()
    }

    /// Name and phone of each of these people, for lists that ring them.
    pub(super) fn contacts(&self, ids: &[ParticipantId]) -> IdMap<ParticipantId, (String, String)> {
        let wanted: IdSet<ParticipantId> = ids.iter().copied().collect();
        self.entries
            .iter()
            .filter(|e| wanted.contains(&e.summary.id))
            .map(|e| (e.summary.id, (e.summary.full_name.clone(), e.phone.clone())))
            .collect()
    }
}

impl PeopleIndex {
    /// Each of these people's age band on `on`, gender and ethnic group,
    /// as their record says.
    pub(super) fn demographics(
        &self,
        people: &IdSet<ParticipantId>,
        on: NaiveDate,
    ) -> IdMap<ParticipantId, Demographic> {
        self.entries
            .iter()
            .filter(|e| people.contains(&e.summary.id))
            .map(|e| {
                let demographic = Demographic {
                    age_band: e.summary.date_of_birth.map(|born| age_band(born, on)),
                    gender: e.gender,
                    ethnicity: e.ethnicity.map(Ethnicity::group),
                };
                (e.summary.id, demographic)
            })
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

/// The index, built on first use (or warmed in the background as the app
/// opens) and then kept in step with every save.
#[derive(Clone, Default)]
pub(super) struct PeopleCache(Arc<(Mutex<CacheState>, Condvar)>);

#[derive(Default)]
struct CacheState {
    index: Option<PeopleIndex>,
    /// A background build is under way; saves meanwhile wait in `pending`.
    building: bool,
    pending: Vec<Change>,
    /// Bumped when people are replaced wholesale, so a build that began
    /// before is thrown away.
    generation: u64,
}

enum Change {
    Saved(Box<Participant>),
    Removed(ParticipantId),
}

impl PeopleIndex {
    fn apply(&mut self, change: &Change) {
        match change {
            Change::Saved(person) => self.save(person),
            Change::Removed(id) => self.remove(*id),
        }
    }
}

impl PeopleCache {
    fn state(&self) -> MutexGuard<'_, CacheState> {
        self.0.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Tend {
    /// Answers from the index, building it from the store if need be (or
    /// waiting for the background build).
    pub(super) fn with_people<T>(&self, answer: impl FnOnce(&PeopleIndex) -> T) -> Result<T> {
        let (_, ready) = &*self.people.0;
        let mut state = self.people.state();
        while state.building {
            state = ready.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        if state.index.is_none() {
            let people = self.store.reader::<Participant>()?.all_as::<Indexed>()?;
            state.index = Some(PeopleIndex::build(people));
        }
        Ok(answer(state.index.get_or_insert_with(PeopleIndex::default)))
    }

    /// Starts building the index on another thread, so the first search
    /// (or the first page of People) finds it ready. The desktop app calls
    /// this as it opens; the command line does not.
    pub fn warm_people_index(&self) -> Result<()> {
        let reader = self.store.reader::<Participant>()?;
        let generation = {
            let mut state = self.people.state();
            if state.index.is_some() || state.building {
                return Ok(());
            }
            state.building = true;
            state.generation
        };
        let cache = self.people.clone();
        std::thread::spawn(move || {
            let built = reader.all_as::<Indexed>().map(PeopleIndex::build);
            let mut state = cache.state();
            state.building = false;
            let pending = std::mem::take(&mut state.pending);
            if let (Ok(mut index), true) = (built, state.generation == generation) {
                for change in &pending {
                    index.apply(change);
                }
                state.index = Some(index);
            }
            drop(state);
            cache.0.1.notify_all();
        });
        Ok(())
    }

    /// Keeps the index in step after people were saved or removed.
    pub(super) fn people_changed(&self, saved: &[Participant], removed: &[ParticipantId]) {
        let mut state = self.people.state();
        let changes = removed
            .iter()
            .map(|id| Change::Removed(*id))
            .chain(saved.iter().map(|p| Change::Saved(Box::new(p.clone()))));
        if let Some(index) = state.index.as_mut() {
            for change in changes {
                index.apply(&change);
            }
        } else if state.building {
            state.pending.extend(changes);
        }
    }

    /// Forgets the index (after a restore or anything that replaces
    /// people wholesale); the next use builds it again.
    pub(super) fn people_replaced(&self) {
        let mut state = self.people.state();
        state.index = None;
        state.pending.clear();
        state.generation += 1;
    }

    /// One page of People: those matching `find` (everyone when empty).
    /// Everyone's pages come from the names index until the in-memory
    /// index is ready, so the list shows as soon as the store is open.
    pub fn people_page(&self, find: &str, offset: usize, limit: usize) -> Result<PeoplePage> {
        if FoldedName::new(find).is_empty() && self.people.state().index.is_none() {
            let (total, ids) = self.store.participants_by_name(offset, limit)?;
            let mut people = Vec::with_capacity(ids.len());
            for id in ids {
                let person = self.participant(id)?;
                people.push(PersonSummary::of(id, &person.details));
            }
            return Ok(PeoplePage {
                total,
                matching: total,
                people,
            });
        }
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
}

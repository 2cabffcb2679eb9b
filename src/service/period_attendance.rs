//! Who came over a period, counted once for every report that needs it
//! (the period report, the health-walk return): one pass over the chosen
//! activities' sessions through the compact per-session marks, and the
//! people who came broken down by age band, gender and ethnicity.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::Tend;
use super::report_charts::week_of;
use crate::Result;
use crate::domain::demographics::{AGE_BANDS, Gender};
use crate::domain::ids::{IdMap, IdSet};
use crate::domain::{Activity, ErasedPerson, Erasure, Figure, Mark, ParticipantId};

/// Said for a person whose age band, gender or ethnicity is not known.
pub const NOT_RECORDED: &str = "Not recorded";

#[derive(Default)]
pub(super) struct Attended {
    /// Everyone marked present at a session in the period.
    pub attending: IdSet<ParticipantId>,
    /// Each person's first attendance ever, at the activities counted.
    pub first_present: IdMap<ParticipantId, NaiveDate>,
    /// Present marks in the period.
    pub attendances: u64,
    /// Sessions in the period, held by today and not cancelled.
    pub held: u64,
    /// Attendances in the period, an activity each (those with any).
    pub by_activity: Vec<(String, u64)>,
    /// Attendances in the period by the Monday of their week.
    pub by_week: BTreeMap<NaiveDate, u64>,
    /// Every day each of the people followed came, at any time.
    pub came: IdMap<ParticipantId, Vec<NaiveDate>>,
}

impl Attended {
    /// People whose first attendance ever fell within `from`–`to`.
    pub fn new_people(&self, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
        self.first_present
            .values()
            .copied()
            .filter(move |d| *d >= from && *d <= to)
    }
}

/// What a pass knows of one person: found with one lookup a mark.
struct Seen {
    /// Their first attendance ever (none until they come).
    first: Option<NaiveDate>,
    came_in_period: bool,
    /// Every day they came, for the people followed.
    days: Option<Vec<NaiveDate>>,
}

impl Attended {
    /// The people the pass saw, as the reports ask for them.
    fn settle(&mut self, seen: IdMap<ParticipantId, Seen>) {
        for (person, seen) in seen {
            if seen.came_in_period {
                self.attending.insert(person);
            }
            if let Some(first) = seen.first {
                self.first_present.insert(person, first);
            }
            if let Some(days) = seen.days {
                self.came.insert(person, days);
            }
        }
    }
}

impl Tend {
    /// One pass over every activity's sessions, counted for each of
    /// `counted` that keeps the activity (the period report counts every
    /// activity, the health-walk return only walks); `followed` are the
    /// people whose every attendance day the first keeps too.
    pub(super) fn attended(
        &self,
        (from, to): (NaiveDate, NaiveDate),
        today: NaiveDate,
        counted: &[&dyn Fn(&Activity) -> bool],
        followed: impl IntoIterator<Item = ParticipantId>,
    ) -> Result<Vec<Attended>> {
        let within = |day: NaiveDate| day >= from && day <= to;
        let mut out: Vec<Attended> = counted.iter().map(|_| Attended::default()).collect();
        let mut seen: Vec<IdMap<ParticipantId, Seen>> =
            counted.iter().map(|_| IdMap::default()).collect();
        if let Some(first) = seen.first_mut() {
            for person in followed {
                first.insert(
                    person,
                    Seen {
                        first: None,
                        came_in_period: false,
                        days: Some(Vec::new()),
                    },
                );
            }
        }
        for activity in self.activities()? {
            let counting: Vec<usize> = (0..counted.len())
                .filter(|i| counted[*i](&activity))
                .collect();
            if counting.is_empty() {
                continue;
            }
            let mut at_activity = 0;
            for session in self.sessions_of(activity.id)? {
                let in_period = within(session.date);
                let held = in_period && session.offered_by(today);
                let present: Vec<ParticipantId> = self
                    .store
                    .marks_at(session.id)?
                    .into_iter()
                    .filter(|(_, mark)| *mark == Mark::Present)
                    .map(|(person, _)| person)
                    .collect();
                let came = present.len() as u64;
                for i in &counting {
                    let tally = &mut out[*i];
                    tally.held += u64::from(held);
                    for person in &present {
                        let seen = seen[*i].entry(*person).or_insert(Seen {
                            first: None,
                            came_in_period: false,
                            days: None,
                        });
                        seen.first = Some(seen.first.map_or(session.date, |d| d.min(session.date)));
                        seen.came_in_period |= in_period;
                        if let Some(days) = &mut seen.days {
                            days.push(session.date);
                        }
                    }
                    if in_period {
                        tally.attendances += came;
                        *tally.by_week.entry(week_of(session.date)).or_default() += came;
                    }
                }
                if in_period {
                    at_activity += came;
                }
            }
            if at_activity > 0 {
                for i in &counting {
                    out[*i]
                        .by_activity
                        .push((activity.details.name.clone(), at_activity));
                }
            }
        }
        for (tally, seen) in out.iter_mut().zip(seen) {
            tally.settle(seen);
        }
        Ok(out)
    }

    /// Each person's age band (on `on`), gender and ethnicity group, as
    /// far as their record (or, once anonymised, what it kept) says: from
    /// the people index, so no record is read.
    pub(super) fn who_they_are(
        &self,
        people: &IdSet<ParticipantId>,
        on: NaiveDate,
    ) -> Result<IdMap<ParticipantId, Demographic>> {
        let mut found = self.with_people(|index| index.demographics(people, on))?;
        for erasure in self.store.all::<Erasure>()? {
            if let (ErasedPerson::Participant(id), Some(kept)) = (erasure.person, erasure.anonymous)
                && people.contains(&id)
            {
                found.insert(
                    id,
                    Demographic {
                        age_band: kept
                            .age_band
                            .and_then(|kept| AGE_BANDS.iter().copied().find(|b| *b == kept)),
                        gender: kept.gender,
                        ethnicity: None,
                    },
                );
            }
        }
        Ok(found)
    }
}

/// What a report may say about who someone is, and nothing more.
#[derive(Debug, Clone, Default)]
pub(super) struct Demographic {
    pub age_band: Option<&'static str>,
    pub gender: Option<Gender>,
    pub ethnicity: Option<&'static str>,
}

impl Demographic {
    pub fn age_band(&self) -> &'static str {
        self.age_band.unwrap_or(NOT_RECORDED)
    }

    pub fn gender(&self) -> &'static str {
        self.gender.map_or(NOT_RECORDED, Gender::words)
    }

    pub fn ethnicity(&self) -> &'static str {
        self.ethnicity.unwrap_or(NOT_RECORDED)
    }
}

/// `measure` for `people` by age band, by gender and by ethnic group:
/// breakdowns `age_band:65–74`, `gender:Female`, `ethnicity:White`, each
/// band in its usual order and "Not recorded" last.
pub(super) fn breakdowns(
    measure: &str,
    people: &IdSet<ParticipantId>,
    known: &IdMap<ParticipantId, Demographic>,
) -> Vec<Figure> {
    let unknown = Demographic::default();
    let of = |id: &ParticipantId| known.get(id).unwrap_or(&unknown);
    let mut figures = Vec::new();
    let mut count = |kind: &str, order: &[&str], key: fn(&Demographic) -> &'static str| {
        let mut counts: HashMap<&str, u64> = HashMap::new();
        for id in people {
            *counts.entry(key(of(id))).or_default() += 1;
        }
        let mut names: Vec<&str> = counts.keys().copied().collect();
        let place = |name: &&str| {
            order
                .iter()
                .position(|o| o == name)
                .unwrap_or(if *name == NOT_RECORDED {
                    usize::MAX
                } else {
                    order.len()
                })
        };
        names.sort_by(|a, b| place(a).cmp(&place(b)).then_with(|| a.cmp(b)));
        for name in names {
            figures.push(Figure::people(
                measure,
                format!("{kind}:{name}"),
                counts[name],
            ));
        }
    };
    count("age_band", &AGE_BANDS, Demographic::age_band);
    let genders: Vec<&str> = Gender::ALL.iter().map(|g| g.words()).collect();
    count("gender", &genders, Demographic::gender);
    count("ethnicity", &[], Demographic::ethnicity);
    figures
}

//! Who came over a period, counted once for every report that needs it
//! (the period report, the health-walk return): one pass over the chosen
//! activities' sessions through the compact per-session marks, and the
//! people who came broken down by age band, gender and ethnicity.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use super::Tend;
use super::report_charts::week_of;
use crate::Result;
use crate::domain::demographics::{AGE_BANDS, Gender, age_band};
use crate::domain::{Activity, ErasedPerson, Erasure, Figure, Mark, Participant, ParticipantId};

/// Said for a person whose age band, gender or ethnicity is not known.
pub const NOT_RECORDED: &str = "Not recorded";

#[derive(Default)]
pub(super) struct Attended {
    /// Everyone marked present at a session in the period.
    pub attending: HashSet<ParticipantId>,
    /// Each person's first attendance ever, at the activities counted.
    pub first_present: HashMap<ParticipantId, NaiveDate>,
    /// Present marks in the period.
    pub attendances: u64,
    /// Sessions in the period, held by today and not cancelled.
    pub held: u64,
    /// Attendances in the period, an activity each (those with any).
    pub by_activity: Vec<(String, u64)>,
    /// Attendances in the period by the Monday of their week.
    pub by_week: BTreeMap<NaiveDate, u64>,
    /// Every day each of the people followed came, at any time.
    pub came: HashMap<ParticipantId, Vec<NaiveDate>>,
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
        if let Some(first) = out.first_mut() {
            first.came = followed.into_iter().map(|p| (p, Vec::new())).collect();
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
                let marks = self.store.marks_at(session.id)?;
                for i in &counting {
                    let tally = &mut out[*i];
                    tally.held += u64::from(held);
                    for (person, mark) in &marks {
                        if *mark != Mark::Present {
                            continue;
                        }
                        let first = tally.first_present.entry(*person).or_insert(session.date);
                        *first = (*first).min(session.date);
                        if let Some(days) = tally.came.get_mut(person) {
                            days.push(session.date);
                        }
                        if in_period {
                            tally.attendances += 1;
                            tally.attending.insert(*person);
                            *tally.by_week.entry(week_of(session.date)).or_default() += 1;
                        }
                    }
                }
                if in_period {
                    at_activity += marks.iter().filter(|(_, m)| *m == Mark::Present).count() as u64;
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
        Ok(out)
    }

    /// Each person's age band (on `on`), gender and ethnicity group, as
    /// far as their record (or, once anonymised, what it kept) says.
    pub(super) fn who_they_are(
        &self,
        people: &HashSet<ParticipantId>,
        on: NaiveDate,
    ) -> Result<HashMap<ParticipantId, Demographic>> {
        let mut found = HashMap::new();
        for p in self.store.all::<Participant>()? {
            if people.contains(&p.id) {
                let d = &p.details;
                found.insert(
                    p.id,
                    Demographic {
                        age_band: d.date_of_birth.map(|born| age_band(born, on).to_string()),
                        gender: d.gender,
                        ethnicity: d.ethnicity.map(|e| e.group()),
                    },
                );
            }
        }
        for erasure in self.store.all::<Erasure>()? {
            if let (ErasedPerson::Participant(id), Some(kept)) = (erasure.person, erasure.anonymous)
                && people.contains(&id)
            {
                found.insert(
                    id,
                    Demographic {
                        age_band: kept.age_band,
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
    pub age_band: Option<String>,
    pub gender: Option<Gender>,
    pub ethnicity: Option<&'static str>,
}

impl Demographic {
    pub fn age_band(&self) -> &str {
        self.age_band.as_deref().unwrap_or(NOT_RECORDED)
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
    people: &HashSet<ParticipantId>,
    known: &HashMap<ParticipantId, Demographic>,
) -> Vec<Figure> {
    let unknown = Demographic::default();
    let of = |id: &ParticipantId| known.get(id).unwrap_or(&unknown);
    let mut figures = Vec::new();
    let mut count = |kind: &str, order: &[&str], key: &dyn Fn(&Demographic) -> String| {
        let mut counts: HashMap<String, u64> = HashMap::new();
        for id in people {
            *counts.entry(key(of(id))).or_default() += 1;
        }
        let mut names: Vec<String> = counts.keys().cloned().collect();
        let place = |name: &String| {
            order
                .iter()
                .position(|o| o == name)
                .unwrap_or(if name == NOT_RECORDED {
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
                counts[&name],
            ));
        }
    };
    count("age_band", &AGE_BANDS, &|d| d.age_band().to_string());
    let genders: Vec<&str> = Gender::ALL.iter().map(|g| g.words()).collect();
    count("gender", &genders, &|d| d.gender().to_string());
    count("ethnicity", &[], &|d| d.ethnicity().to_string());
    figures
}

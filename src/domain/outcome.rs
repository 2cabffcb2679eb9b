//! Outcome measures: ONS4 personal wellbeing, four items each 0–10, never
//! summed, taken at a date as a baseline, a review or at closing. Change is
//! reported only for people with a baseline and a later follow-up of the
//! same item (`pairing`); a half-completed form is kept but never scored.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::{OutcomeId, ParticipantId};
use super::instruments::{Loneliness, Scale, Swemwbs, instruments};
use super::text::{self, LINE_MAX, NOTE_MAX};
use super::validation::{Validated, ValidationError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Stage {
    Baseline,
    Review,
    Closing,
}

impl Stage {
    pub fn words(self) -> &'static str {
        match self {
            Stage::Baseline => "Baseline",
            Stage::Review => "Review",
            Stage::Closing => "Closing",
        }
    }
}

/// The four ONS4 items, as the CSV names them, with their questions.
pub const ONS4: [(&str, &str); 4] = [
    (
        "life_satisfaction",
        "Overall, how satisfied are you with your life nowadays?",
    ),
    (
        "worthwhile",
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
    ),
    ("happiness", "Overall, how happy did you feel yesterday?"),
    ("anxiety", "Overall, how anxious did you feel yesterday?"),
];

/// An item as a page names it: "life_satisfaction" → "Life satisfaction".
pub fn item_name(item: &str) -> String {
    super::text::capitalised(&item.replace('_', " "))
}

/// The answers 0–10, in `ONS4` order; `None` where unanswered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Ons4 {
    pub life_satisfaction: Option<u8>,
    pub worthwhile: Option<u8>,
    pub happiness: Option<u8>,
    pub anxiety: Option<u8>,
}

impl Ons4 {
    pub fn answers(&self) -> [Option<u8>; 4] {
        [
            self.life_satisfaction,
            self.worthwhile,
            self.happiness,
            self.anxiety,
        ]
    }

    pub fn answer(&self, item: &str) -> Option<u8> {
        ONS4.iter()
            .position(|(key, _)| *key == item)
            .and_then(|i| self.answers()[i])
    }

    pub fn is_complete(&self) -> bool {
        self.answers().iter().all(Option::is_some)
    }
}

/// The ONS's bands: for anxiety lower is better.
pub fn band(item: &str, score: u8) -> &'static str {
    if item == "anxiety" {
        match score {
            0..=1 => "very low",
            2..=3 => "low",
            4..=5 => "medium",
            _ => "high",
        }
    } else {
        match score {
            0..=4 => "low",
            5..=6 => "medium",
            7..=8 => "high",
            _ => "very high",
        }
    }
}

/// What one sitting records: the measures answered (any of them, each
/// whole or in part) and the person-centred record in their own words:
/// what matters to them, their goals, needs and barriers (at the start)
/// and the benefits they report (at a review or closing). Needs, barriers
/// and benefits are the entries of the organisation's lists, or their own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Answers {
    #[serde(default)]
    pub ons4: Ons4,
    #[serde(default)]
    pub loneliness: Loneliness,
    #[serde(default)]
    pub swemwbs: Swemwbs,
    #[serde(default)]
    pub what_matters: String,
    #[serde(default)]
    pub goals: String,
    #[serde(default)]
    pub needs: Vec<String>,
    #[serde(default)]
    pub barriers: Vec<String>,
    #[serde(default)]
    pub benefits: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct OutcomeRecord {
    pub id: OutcomeId,
    pub participant: ParticipantId,
    pub taken_on: NaiveDate,
    pub stage: Stage,
    #[serde(flatten)]
    pub answers: Answers,
}

/// A record as it is stored, all on one level: read straight into this,
/// as serde reads a `flatten`ed struct through a buffer of every value
/// first (five times slower, which a year's report of 100,000 people
/// felt).
#[derive(Deserialize)]
struct Stored {
    id: OutcomeId,
    participant: ParticipantId,
    taken_on: NaiveDate,
    stage: Stage,
    #[serde(default)]
    ons4: Ons4,
    #[serde(default)]
    loneliness: Loneliness,
    #[serde(default)]
    swemwbs: Swemwbs,
    #[serde(default)]
    what_matters: String,
    #[serde(default)]
    goals: String,
    #[serde(default)]
    needs: Vec<String>,
    #[serde(default)]
    barriers: Vec<String>,
    #[serde(default)]
    benefits: Vec<String>,
}

impl<'de> Deserialize<'de> for OutcomeRecord {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Stored::deserialize(d)?;
        Ok(OutcomeRecord {
            id: s.id,
            participant: s.participant,
            taken_on: s.taken_on,
            stage: s.stage,
            answers: Answers {
                ons4: s.ons4,
                loneliness: s.loneliness,
                swemwbs: s.swemwbs,
                what_matters: s.what_matters,
                goals: s.goals,
                needs: s.needs,
                barriers: s.barriers,
                benefits: s.benefits,
            },
        })
    }
}

/// Each answer within its question's choices, and SWEMWBS only once
/// the organisation has registered to use it.
fn check_answers(answers: &Answers, swemwbs_allowed: bool) -> Validated<()> {
    let swemwbs_given = answers.swemwbs.answers.iter().any(Option::is_some);
    if swemwbs_given && !swemwbs_allowed {
        return Err(ValidationError::new(
            "swemwbs.1",
            "SWEMWBS is off until the organisation says in Settings that it has registered with the University of Warwick.",
        ));
    }
    for q in instruments(true).iter().flat_map(|i| &i.questions) {
        if let Some(a) = answers.answer(&q.key)
            && !(q.lowest..=q.highest).contains(&a)
        {
            return Err(ValidationError::new(
                &q.key,
                format!(
                    "An answer is a whole number from {} to {}.",
                    q.lowest, q.highest
                ),
            ));
        }
    }
    Ok(())
}

/// The person's own words and list entries, within their limits.
fn check_words(answers: Answers, stage: Stage) -> Validated<Answers> {
    let entries = |field: &str, label: &str, list: Vec<String>| -> Validated<Vec<String>> {
        let mut kept: Vec<String> = Vec::new();
        for entry in list {
            let entry = text::optional(field, label, &entry, LINE_MAX)?;
            if !entry.is_empty() && !kept.contains(&entry) {
                kept.push(entry);
            }
        }
        Ok(kept)
    };
    if stage == Stage::Baseline && !answers.benefits.is_empty() {
        return Err(ValidationError::new(
            "benefits",
            "Benefits are recorded at a review or at closing, not at the start.",
        ));
    }
    Ok(Answers {
        what_matters: text::note(
            "what_matters",
            "What matters to them",
            &answers.what_matters,
            NOTE_MAX,
        )?,
        goals: text::note("goals", "Their goals", &answers.goals, NOTE_MAX)?,
        needs: entries("needs", "A need", answers.needs)?,
        barriers: entries("barriers", "A barrier", answers.barriers)?,
        benefits: entries("benefits", "A benefit", answers.benefits)?,
        ..answers
    })
}

impl Answers {
    fn is_empty(&self) -> bool {
        self.ons4.answers().iter().all(Option::is_none)
            && self.loneliness == Loneliness::default()
            && self.swemwbs == Swemwbs::default()
            && self.what_matters.trim().is_empty()
            && self.goals.trim().is_empty()
            && self.needs.is_empty()
            && self.barriers.is_empty()
            && self.benefits.is_empty()
    }
}

/// One line of what a record says: a question (or a heading such as
/// "What matters to them") and the answer in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SaidLine {
    pub label: String,
    pub answer: String,
}

impl Answers {
    /// The answer given to the question `key` ("ons4.happiness").
    pub fn answer(&self, key: &str) -> Option<u8> {
        let (instrument, item) = key.split_once('.')?;
        let l = &self.loneliness;
        match instrument {
            "ons4" => self.ons4.answer(item),
            "loneliness" => match item {
                "lack_companionship" => l.lack_companionship,
                "left_out" => l.left_out,
                "isolated" => l.isolated,
                "how_often" => l.how_often,
                _ => None,
            },
            "swemwbs" => item.parse::<usize>().ok().and_then(|i| {
                self.swemwbs
                    .answers
                    .get(i.checked_sub(1)?)
                    .copied()
                    .flatten()
            }),
            _ => None,
        }
    }

    /// Everything answered and said, in words, as the person's record, a
    /// subject access reply and the window show it; scores where a measure
    /// was completed.
    pub fn said(&self) -> Vec<SaidLine> {
        let mut lines = Vec::new();
        let line = |label: &str, answer: String| SaidLine {
            label: label.into(),
            answer,
        };
        for (label, words) in [
            ("What matters to them", &self.what_matters),
            ("Their goals", &self.goals),
        ] {
            if !words.is_empty() {
                lines.push(line(label, words.clone()));
            }
        }
        for (label, list) in [
            ("Needs", &self.needs),
            ("Barriers", &self.barriers),
            ("Benefits they report", &self.benefits),
        ] {
            if !list.is_empty() {
                lines.push(line(label, list.join("; ")));
            }
        }
        for instrument in instruments(true) {
            for q in &instrument.questions {
                let Some(a) = self.answer(&q.key) else {
                    continue;
                };
                let words = q
                    .choices
                    .iter()
                    .find(|c| c.value == a)
                    .map(|c| c.words.clone())
                    .filter(|w| !w.is_empty())
                    .map_or(format!("{a} out of {}", q.highest), |w| {
                        format!("{w} ({a})")
                    });
                lines.push(line(&q.text, words));
            }
        }
        if let Some(score) = self.loneliness.ucla_score() {
            lines.push(line(
                "UCLA loneliness score",
                format!("{score} (from 3 to 9; higher is lonelier)"),
            ));
        }
        if let Some(metric) = self.swemwbs.metric() {
            lines.push(line(
                "SWEMWBS metric score",
                format!("{metric:.2} (from 7 to 35)"),
            ));
        }
        lines
    }
}

impl OutcomeRecord {
    /// Checks each answer is within its question's choices, something was
    /// given, SWEMWBS only once registered, benefits only after the start,
    /// and the date is not in the future.
    pub fn new(
        participant: ParticipantId,
        taken_on: NaiveDate,
        stage: Stage,
        answers: Answers,
        today: NaiveDate,
        swemwbs_allowed: bool,
    ) -> Validated<Self> {
        if taken_on > today {
            return Err(ValidationError::new(
                "taken_on",
                "The date it was answered cannot be in the future.",
            ));
        }
        check_answers(&answers, swemwbs_allowed)?;
        let answers = check_words(answers, stage)?;
        if answers.is_empty() {
            return Err(ValidationError::new(
                "ons4.life_satisfaction",
                "Give at least one answer, or something of what they said.",
            ));
        }
        Ok(Self {
            id: OutcomeId::new(),
            participant,
            taken_on,
            stage,
            answers,
        })
    }
}

/// A score on a day.
pub type Scored = (NaiveDate, f64);

/// One person's score at their first baseline and at their latest
/// follow-up after it, from their records in date order: what a letter and
/// the minimum dataset say of their own change.
pub fn first_and_latest(
    records: &[&OutcomeRecord],
    score: fn(&OutcomeRecord) -> Option<f64>,
) -> (Option<Scored>, Option<Scored>) {
    let first = records
        .iter()
        .filter(|r| r.stage == Stage::Baseline)
        .find_map(|r| score(r).map(|s| (r.taken_on, s)));
    let latest = records
        .iter()
        .rev()
        .filter(|r| r.stage != Stage::Baseline)
        .filter(|r| first.is_none_or(|(on, _)| r.taken_on > on))
        .find_map(|r| score(r).map(|s| (r.taken_on, s)));
    (first, latest)
}

/// Everyone's sittings up to a day, each person's together and in date
/// order (as recorded within a day): sorted once for every scale paired.
pub struct Sittings<'a>(Vec<&'a OutcomeRecord>);

impl<'a> Sittings<'a> {
    pub fn up_to(records: &'a [OutcomeRecord], up_to: NaiveDate) -> Self {
        let mut sittings: Vec<&OutcomeRecord> =
            records.iter().filter(|r| r.taken_on <= up_to).collect();
        sittings.sort_by_key(|r| (r.participant, r.taken_on));
        Sittings(sittings)
    }

    /// Each person's sittings in date order.
    fn by_person(&self) -> impl Iterator<Item = &[&'a OutcomeRecord]> {
        self.0.chunk_by(|a, b| a.participant == b.participant)
    }
}

/// How one score changed, over everyone measured by `up_to`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Pairing {
    /// The scale's key: "ons4_happiness", "ucla_loneliness", "swemwbs".
    pub item: String,
    pub name: String,
    /// People with a baseline and a later follow-up: (before, after, days).
    #[ts(skip)]
    #[serde(skip)]
    pub pairs: Vec<(f64, f64, i64)>,
    pub paired: usize,
    pub baseline_only: usize,
    pub median_days: Option<i64>,
    pub mean_before: Option<f64>,
    pub mean_after: Option<f64>,
    /// Paired people whose change reached the threshold, for the better
    /// and for the worse.
    pub better: usize,
    pub worse: usize,
    pub threshold: f64,
    pub lower_is_better: bool,
}

/// Each person's first scored baseline against their latest scored
/// follow-up (a review or closing) after it, by `first_and_latest`;
/// everyone with a baseline and no such follow-up is counted as baseline
/// only. A change of at least `threshold` (in the better direction) counts
/// as better, and as much the other way as worse.
pub fn pairing(sittings: &Sittings, scale: &Scale, threshold: f64) -> Pairing {
    let mut pairs = Vec::new();
    let mut baseline_only = 0;
    for person in sittings.by_person() {
        match first_and_latest(person, scale.score) {
            (Some((first, before)), Some((last, after))) => {
                pairs.push((before, after, (last - first).num_days()))
            }
            (Some(_), None) => baseline_only += 1,
            (None, _) => {}
        }
    }
    let mut days: Vec<i64> = pairs.iter().map(|p| p.2).collect();
    days.sort_unstable();
    let mean = |pick: fn(&(f64, f64, i64)) -> f64| {
        (!pairs.is_empty()).then(|| pairs.iter().map(pick).sum::<f64>() / pairs.len() as f64)
    };
    let gain = |(before, after, _): &(f64, f64, i64)| {
        if scale.lower_is_better {
            before - after
        } else {
            after - before
        }
    };
    // A whisker under the threshold still counts (2.99999 is 3).
    let reached = |change: f64| change >= threshold - 1e-9;
    Pairing {
        item: scale.key.into(),
        name: scale.name.into(),
        paired: pairs.len(),
        baseline_only,
        median_days: days.get(days.len() / 2).copied(),
        mean_before: mean(|p| p.0),
        mean_after: mean(|p| p.1),
        better: pairs.iter().filter(|p| reached(gain(p))).count(),
        worse: pairs.iter().filter(|p| reached(-gain(p))).count(),
        threshold,
        lower_is_better: scale.lower_is_better,
        pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn all(score: u8) -> Ons4 {
        Ons4 {
            life_satisfaction: Some(score),
            worthwhile: Some(score),
            happiness: Some(score),
            anxiety: Some(score),
        }
    }

    fn answers(ons4: Ons4) -> Answers {
        Answers {
            ons4,
            ..Answers::default()
        }
    }

    fn record(who: ParticipantId, on: u32, stage: Stage, ons4: Ons4) -> OutcomeRecord {
        OutcomeRecord::new(who, day(on), stage, answers(ons4), day(30), false).unwrap()
    }

    #[test]
    fn answers_out_of_range_or_none_at_all_are_refused() {
        let who = ParticipantId::new();
        let eleven = Ons4 {
            happiness: Some(11),
            ..all(5)
        };
        let new = |on: u32, stage: Stage, a: Answers, today: u32| {
            OutcomeRecord::new(who, day(on), stage, a, day(today), false)
        };
        let err = new(1, Stage::Baseline, answers(eleven), 30).unwrap_err();
        assert_eq!(err.field, "ons4.happiness");
        let err = new(1, Stage::Baseline, Answers::default(), 30).unwrap_err();
        assert_eq!(err.field, "ons4.life_satisfaction");
        let err = new(30, Stage::Baseline, answers(all(5)), 29).unwrap_err();
        assert_eq!(err.field, "taken_on");
        let four = Answers {
            loneliness: Loneliness {
                left_out: Some(4),
                ..Loneliness::default()
            },
            ..Answers::default()
        };
        assert_eq!(
            new(1, Stage::Baseline, four, 30).unwrap_err().field,
            "loneliness.left_out"
        );
        let six = Answers {
            swemwbs: Swemwbs {
                answers: [Some(6), None, None, None, None, None, None],
            },
            ..Answers::default()
        };
        let err = new(1, Stage::Baseline, six.clone(), 30).unwrap_err();
        assert!(err.message.contains("registered"), "{}", err.message);
        let err = OutcomeRecord::new(who, day(1), Stage::Baseline, six, day(30), true).unwrap_err();
        assert_eq!(err.field, "swemwbs.1");
        let early = Answers {
            benefits: vec!["New friends".into()],
            ..Answers::default()
        };
        assert_eq!(
            new(1, Stage::Baseline, early.clone(), 30)
                .unwrap_err()
                .field,
            "benefits"
        );
        let said = new(1, Stage::Review, early, 30).unwrap();
        assert_eq!(said.answers.benefits, ["New friends"]);
    }

    #[test]
    fn only_people_with_a_baseline_and_a_later_follow_up_are_paired() {
        let (a, b, c) = (
            ParticipantId::new(),
            ParticipantId::new(),
            ParticipantId::new(),
        );
        let half = Ons4 {
            anxiety: None,
            ..all(9)
        };
        let records = vec![
            record(a, 2, Stage::Baseline, all(4)),
            record(a, 20, Stage::Review, all(7)),
            // b's follow-up is before the baseline: not a pair.
            record(b, 10, Stage::Review, all(8)),
            record(b, 12, Stage::Baseline, all(3)),
            // c's follow-up is half done: never scored.
            record(c, 1, Stage::Baseline, all(6)),
            record(c, 15, Stage::Closing, half),
        ];
        let scale = &crate::domain::instruments::SCALES[0];
        let by_30th = Sittings::up_to(&records, day(30));
        let life = pairing(&by_30th, scale, 1.0);
        assert_eq!((life.paired, life.baseline_only), (1, 2));
        assert_eq!(life.median_days, Some(18));
        assert_eq!((life.mean_before, life.mean_after), (Some(4.0), Some(7.0)));
        assert_eq!((life.better, life.worse), (1, 0));
        assert_eq!(
            pairing(&by_30th, scale, 4.0).better,
            0,
            "3 points is under 4"
        );
        let before_review = pairing(&Sittings::up_to(&records, day(19)), scale, 1.0);
        assert_eq!(
            before_review.paired, 0,
            "the follow-up had not happened yet"
        );
        assert_eq!(band("anxiety", 1), "very low");
        assert_eq!(band("happiness", 9), "very high");
    }
}

//! Outcome measures: ONS4 personal wellbeing, four items each 0–10, never
//! summed, taken at a date as a baseline, a review or at closing. Change is
//! reported only for people with a baseline and a later follow-up of the
//! same item (`pairing`); a half-completed form is kept but never scored.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::{OutcomeId, ParticipantId};
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutcomeRecord {
    pub id: OutcomeId,
    pub participant: ParticipantId,
    pub taken_on: NaiveDate,
    pub stage: Stage,
    pub ons4: Ons4,
}

impl OutcomeRecord {
    /// Checks each answer is 0–10, at least one is given, and the date is
    /// not in the future.
    pub fn new(
        participant: ParticipantId,
        taken_on: NaiveDate,
        stage: Stage,
        ons4: Ons4,
        today: NaiveDate,
    ) -> Validated<Self> {
        if taken_on > today {
            return Err(ValidationError::new(
                "taken_on",
                "The date it was answered cannot be in the future.",
            ));
        }
        for ((key, _), answer) in ONS4.iter().zip(ons4.answers()) {
            if answer.is_some_and(|a| a > 10) {
                return Err(ValidationError::new(
                    key,
                    "An answer is a whole number from 0 to 10.",
                ));
            }
        }
        if ons4.answers().iter().all(Option::is_none) {
            return Err(ValidationError::new(
                "life_satisfaction",
                "Give at least one answer.",
            ));
        }
        Ok(Self {
            id: OutcomeId::new(),
            participant,
            taken_on,
            stage,
            ons4,
        })
    }
}

/// How one ONS4 item changed, over everyone measured by `up_to`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Pairing {
    pub item: String,
    /// People with a baseline and a later follow-up: (before, after, days).
    #[ts(skip)]
    #[serde(skip)]
    pub pairs: Vec<(u8, u8, i64)>,
    pub paired: usize,
    pub baseline_only: usize,
    pub median_days: Option<i64>,
    pub mean_before: Option<f64>,
    pub mean_after: Option<f64>,
}

/// Each person's first complete baseline against their latest complete
/// follow-up (a review or closing) after it, both by `up_to`; everyone
/// with a baseline and no such follow-up is counted as baseline only.
pub fn pairing(records: &[OutcomeRecord], item: &str, up_to: NaiveDate) -> Pairing {
    use std::collections::HashMap;
    /// A score on a day.
    type Scored = (NaiveDate, u8);
    let mut people: HashMap<ParticipantId, (Option<Scored>, Vec<Scored>)> = HashMap::new();
    for r in records
        .iter()
        .filter(|r| r.taken_on <= up_to && r.ons4.is_complete())
    {
        let Some(score) = r.ons4.answer(item) else {
            continue;
        };
        let (baseline, follow_ups) = people.entry(r.participant).or_default();
        match r.stage {
            Stage::Baseline => {
                if baseline.is_none_or(|(on, _)| r.taken_on < on) {
                    *baseline = Some((r.taken_on, score));
                }
            }
            Stage::Review | Stage::Closing => follow_ups.push((r.taken_on, score)),
        }
    }
    let mut pairs = Vec::new();
    let mut baseline_only = 0;
    for (baseline, follow_ups) in people.values() {
        let Some((first, before)) = baseline else {
            continue;
        };
        match follow_ups
            .iter()
            .filter(|(on, _)| on > first)
            .max_by_key(|(on, _)| *on)
        {
            Some((on, after)) => pairs.push((*before, *after, (*on - *first).num_days())),
            None => baseline_only += 1,
        }
    }
    let mut days: Vec<i64> = pairs.iter().map(|p| p.2).collect();
    days.sort_unstable();
    let mean = |pick: fn(&(u8, u8, i64)) -> u8| {
        (!pairs.is_empty())
            .then(|| pairs.iter().map(|p| f64::from(pick(p))).sum::<f64>() / pairs.len() as f64)
    };
    Pairing {
        item: item.into(),
        paired: pairs.len(),
        baseline_only,
        median_days: days.get(days.len() / 2).copied(),
        mean_before: mean(|p| p.0),
        mean_after: mean(|p| p.1),
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

    fn record(who: ParticipantId, on: u32, stage: Stage, ons4: Ons4) -> OutcomeRecord {
        OutcomeRecord::new(who, day(on), stage, ons4, day(30)).unwrap()
    }

    #[test]
    fn answers_out_of_range_or_none_at_all_are_refused() {
        let who = ParticipantId::new();
        let eleven = Ons4 {
            happiness: Some(11),
            ..all(5)
        };
        let err = OutcomeRecord::new(who, day(1), Stage::Baseline, eleven, day(30)).unwrap_err();
        assert_eq!(err.field, "happiness");
        let err =
            OutcomeRecord::new(who, day(1), Stage::Baseline, Ons4::default(), day(30)).unwrap_err();
        assert_eq!(err.field, "life_satisfaction");
        let err = OutcomeRecord::new(who, day(30), Stage::Baseline, all(5), day(29)).unwrap_err();
        assert_eq!(err.field, "taken_on");
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
        let life = pairing(&records, "life_satisfaction", day(30));
        assert_eq!((life.paired, life.baseline_only), (1, 2));
        assert_eq!(life.median_days, Some(18));
        assert_eq!((life.mean_before, life.mean_after), (Some(4.0), Some(7.0)));
        let before_review = pairing(&records, "life_satisfaction", day(19));
        assert_eq!(
            before_review.paired, 0,
            "the follow-up had not happened yet"
        );
        assert_eq!(band("anxiety", 1), "very low");
        assert_eq!(band("happiness", 9), "very high");
    }
}

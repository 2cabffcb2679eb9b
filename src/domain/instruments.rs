//! The outcome measures Tend asks, each described once: its questions and
//! answer choices (for the window's keyed entry and the large-print paper
//! form), how an answered form is scored, and its source or © notice.
//! ONS4 personal wellbeing (four items 0–10, never summed), loneliness (the
//! three UCLA items 1–3, summed 3–9, and the ONS direct question) and
//! SWEMWBS (seven items 1–5, the raw total converted to a metric score with
//! the official table; only once the organisation has registered).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::outcome::{ONS4, OutcomeRecord};

/// The three UCLA items 1–3 and the direct question 1–5, `None` where
/// unanswered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Loneliness {
    pub lack_companionship: Option<u8>,
    pub left_out: Option<u8>,
    pub isolated: Option<u8>,
    /// "How often do you feel lonely?": 1 often or always … 5 never.
    pub how_often: Option<u8>,
}

impl Loneliness {
    fn ucla(&self) -> [Option<u8>; 3] {
        [self.lack_companionship, self.left_out, self.isolated]
    }

    /// The UCLA score 3–9 (higher is lonelier), only when all three are answered.
    pub fn ucla_score(&self) -> Option<u8> {
        self.ucla().iter().copied().sum::<Option<u8>>()
    }
}

/// The seven SWEMWBS items, each 1–5.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Swemwbs {
    pub answers: [Option<u8>; 7],
}

impl Swemwbs {
    /// The metric score, only when all seven are answered.
    pub fn metric(&self) -> Option<f64> {
        let raw: u8 = self.answers.iter().copied().sum::<Option<u8>>()?;
        SWEMWBS_METRIC
            .get(usize::from(raw).checked_sub(7)?)
            .copied()
    }
}

/// Raw totals 7 to 35 as metric scores (Stewart-Brown et al. 2009).
pub const SWEMWBS_METRIC: [f64; 29] = [
    7.00, 9.51, 11.25, 12.40, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36, 16.88, 17.43, 17.98, 18.59,
    19.25, 19.98, 20.73, 21.54, 22.35, 23.21, 24.11, 25.03, 26.02, 27.03, 28.13, 29.31, 30.70,
    32.55, 35.00,
];

/// On every form, screen and report that shows SWEMWBS.
pub const SWEMWBS_NOTICE: &str = "Short Warwick Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health Scotland, University of Warwick and University of Edinburgh, 2008, all rights reserved.";

const SWEMWBS_ITEMS: [&str; 7] = [
    "I've been feeling optimistic about the future",
    "I've been feeling useful",
    "I've been feeling relaxed",
    "I've been dealing with problems well",
    "I've been thinking clearly",
    "I've been feeling close to other people",
    "I've been able to make up my own mind about things",
];

/// An answer a question offers: its number and, where it has one, words.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AnswerChoice {
    pub value: u8,
    pub words: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Question {
    /// "ons4.happiness", "loneliness.left_out", "swemwbs.3": the field an
    /// error names.
    pub key: String,
    pub text: String,
    /// A few words for lists and tables: "Happiness".
    pub short: String,
    pub choices: Vec<AnswerChoice>,
    /// What the ends of a 0–10 scale mean, when the choices have no words.
    pub ends: Option<(String, String)>,
    /// The first and last choices' numbers.
    pub lowest: u8,
    pub highest: u8,
}

impl Question {
    fn new(
        key: String,
        text: &str,
        short: String,
        choices: Vec<AnswerChoice>,
        ends: Option<(&str, &str)>,
    ) -> Self {
        Question {
            key,
            text: text.into(),
            short,
            lowest: choices.first().map_or(0, |c| c.value),
            highest: choices.last().map_or(0, |c| c.value),
            choices,
            ends: ends.map(|(a, b)| (a.into(), b.into())),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum InstrumentKind {
    Ons4,
    Loneliness,
    Swemwbs,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Instrument {
    pub kind: InstrumentKind,
    pub name: String,
    /// Said before the questions, as the paper form says it.
    pub intro: String,
    pub questions: Vec<Question>,
    /// Its source, or its © notice: printed wherever it is shown.
    pub notice: String,
}

fn scale(words: &[&str]) -> Vec<AnswerChoice> {
    words
        .iter()
        .enumerate()
        .map(|(i, w)| AnswerChoice {
            value: i as u8 + 1,
            words: (*w).into(),
        })
        .collect()
}

/// Every instrument, in the order forms ask them; SWEMWBS only when the
/// organisation has registered to use it.
pub fn instruments(swemwbs: bool) -> Vec<Instrument> {
    let nought_to_ten: Vec<AnswerChoice> = (0..=10)
        .map(|value| AnswerChoice {
            value,
            words: String::new(),
        })
        .collect();
    let ons4 = Instrument {
        kind: InstrumentKind::Ons4,
        name: "Personal wellbeing (ONS4)".into(),
        intro: "For each question, give an answer from 0 to 10, where 0 is \u{201c}not at all\u{201d} and 10 is \u{201c}completely\u{201d}.".into(),
        questions: ONS4
            .iter()
            .map(|(key, text)| {
                Question::new(
                    format!("ons4.{key}"),
                    text,
                    super::outcome::item_name(key),
                    nought_to_ten.clone(),
                    Some(if *key == "anxiety" {
                        ("Not at all anxious", "Completely anxious")
                    } else {
                        ("Not at all", "Completely")
                    }),
                )
            })
            .collect(),
        notice: "ONS personal wellbeing questions (Office for National Statistics).".into(),
    };
    let often = scale(&["Hardly ever or never", "Some of the time", "Often"]);
    let ucla = [
        (
            "lack_companionship",
            "How often do you feel that you lack companionship?",
            "Lack companionship",
        ),
        ("left_out", "How often do you feel left out?", "Left out"),
        (
            "isolated",
            "How often do you feel isolated from others?",
            "Isolated",
        ),
    ];
    let mut questions: Vec<Question> = ucla
        .iter()
        .map(|(key, text, short)| {
            Question::new(
                format!("loneliness.{key}"),
                text,
                (*short).into(),
                often.clone(),
                None,
            )
        })
        .collect();
    questions.push(Question::new(
        "loneliness.how_often".into(),
        "How often do you feel lonely?",
        "How often lonely".into(),
        scale(&[
            "Often or always",
            "Some of the time",
            "Occasionally",
            "Hardly ever",
            "Never",
        ]),
        None,
    ));
    let loneliness = Instrument {
        kind: InstrumentKind::Loneliness,
        name: "Loneliness".into(),
        intro: "For each question, choose the answer closest to how you feel.".into(),
        questions,
        notice:
            "The three-item UCLA loneliness scale and the direct question, as the ONS recommends."
                .into(),
    };
    let mut all = vec![ons4, loneliness];
    if swemwbs {
        let choices = scale(&[
            "None of the time",
            "Rarely",
            "Some of the time",
            "Often",
            "All of the time",
        ]);
        all.push(Instrument {
            kind: InstrumentKind::Swemwbs,
            name: "Mental wellbeing (SWEMWBS)".into(),
            intro: "Below are some statements about feelings and thoughts. Please choose the answer that best describes your experience of each over the last 2 weeks.".into(),
            questions: SWEMWBS_ITEMS
                .iter()
                .enumerate()
                .map(|(i, text)| {
                    Question::new(
                        format!("swemwbs.{}", i + 1),
                        text,
                        text.trim_start_matches("I've been ").into(),
                        choices.clone(),
                        None,
                    )
                })
                .collect(),
            notice: SWEMWBS_NOTICE.into(),
        });
    }
    all
}

/// A score that change is reported on: an ONS4 item, the UCLA score or the
/// SWEMWBS metric score.
pub struct Scale {
    /// As the CSV names it: "ons4_happiness", "ucla_loneliness", "swemwbs".
    pub key: &'static str,
    pub name: &'static str,
    pub kind: InstrumentKind,
    pub lowest: f64,
    pub highest: f64,
    pub lower_is_better: bool,
    /// The score on a form, only when every item it needs was answered.
    pub score: fn(&OutcomeRecord) -> Option<f64>,
}

fn ons4_item(r: &OutcomeRecord, i: usize) -> Option<f64> {
    r.answers
        .ons4
        .is_complete()
        .then(|| r.answers.ons4.answers()[i].map(f64::from))
        .flatten()
}

pub const SCALES: [Scale; 6] = [
    Scale {
        key: "ons4_life_satisfaction",
        name: "Life satisfaction",
        kind: InstrumentKind::Ons4,
        lowest: 0.0,
        highest: 10.0,
        lower_is_better: false,
        score: |r| ons4_item(r, 0),
    },
    Scale {
        key: "ons4_worthwhile",
        name: "Worthwhile",
        kind: InstrumentKind::Ons4,
        lowest: 0.0,
        highest: 10.0,
        lower_is_better: false,
        score: |r| ons4_item(r, 1),
    },
    Scale {
        key: "ons4_happiness",
        name: "Happiness",
        kind: InstrumentKind::Ons4,
        lowest: 0.0,
        highest: 10.0,
        lower_is_better: false,
        score: |r| ons4_item(r, 2),
    },
    Scale {
        key: "ons4_anxiety",
        name: "Anxiety",
        kind: InstrumentKind::Ons4,
        lowest: 0.0,
        highest: 10.0,
        lower_is_better: true,
        score: |r| ons4_item(r, 3),
    },
    Scale {
        key: "ucla_loneliness",
        name: "Loneliness (UCLA score)",
        kind: InstrumentKind::Loneliness,
        lowest: 3.0,
        highest: 9.0,
        lower_is_better: true,
        score: |r| r.answers.loneliness.ucla_score().map(f64::from),
    },
    Scale {
        key: "swemwbs",
        name: "SWEMWBS metric score",
        kind: InstrumentKind::Swemwbs,
        lowest: 7.0,
        highest: 35.0,
        lower_is_better: false,
        score: |r| r.answers.swemwbs.metric(),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_swemwbs_table_runs_from_7_to_35_and_has_26_02_at_29() {
        let all = |n: u8| Swemwbs {
            answers: [Some(n); 7],
        };
        assert_eq!(all(1).metric(), Some(7.00));
        assert_eq!(all(5).metric(), Some(35.00));
        let raw_29 = Swemwbs {
            answers: [
                Some(5),
                Some(4),
                Some(4),
                Some(4),
                Some(4),
                Some(4),
                Some(4),
            ],
        };
        assert_eq!(raw_29.metric(), Some(26.02));
        let half = Swemwbs {
            answers: [Some(3), None, Some(3), Some(3), Some(3), Some(3), Some(3)],
        };
        assert_eq!(half.metric(), None, "a half-completed form is never scored");
        assert!(SWEMWBS_METRIC.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_ucla_score_needs_all_three_items() {
        let mut l = Loneliness {
            lack_companionship: Some(3),
            left_out: Some(2),
            isolated: None,
            how_often: Some(1),
        };
        assert_eq!(l.ucla_score(), None);
        l.isolated = Some(3);
        assert_eq!(l.ucla_score(), Some(8));
    }

    #[test]
    fn swemwbs_is_offered_only_once_registered_and_carries_its_notice() {
        assert!(
            instruments(false)
                .iter()
                .all(|i| i.kind != InstrumentKind::Swemwbs)
        );
        let with = instruments(true);
        let swemwbs = with
            .iter()
            .find(|i| i.kind == InstrumentKind::Swemwbs)
            .unwrap();
        assert_eq!(swemwbs.questions.len(), 7);
        assert!(swemwbs.notice.contains("© NHS Health Scotland"));
    }
}

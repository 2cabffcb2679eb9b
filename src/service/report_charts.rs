//! The period report's charts, from what `period_report` counted: each
//! with its finding as a title and a sentence, built on the one chart
//! model (`domain::chart`), so the window and the PDF draw the same.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use crate::domain::chart::{BeforeAfter, Chart, Colour, Series};
use crate::domain::dates;
use crate::domain::figures::{Figure, SMALLEST_SHOWN};
use crate::domain::instruments::{InstrumentKind, SCALES, SWEMWBS_NOTICE};
use crate::domain::outcome::Pairing;
use crate::domain::text::{self, capitalised};

/// At most this many referrers or activities get a bar each; the rest
/// share one.
const MOST_BARS: usize = 10;

/// What a period's charts are drawn from.
#[derive(Default)]
pub(super) struct Tally {
    /// Referrals received, by the first day of their month.
    pub months: BTreeMap<NaiveDate, u64>,
    pub by_referrer: BTreeMap<String, u64>,
    pub path: Path,
    /// Every week of the period held so far, by its Monday: attendances
    /// and how many of them were someone's first time.
    pub weeks: BTreeMap<NaiveDate, (u64, u64)>,
    pub by_activity: Vec<(String, u64)>,
    /// People noting each need and reporting each benefit, most first
    /// (`needs_noted` with `need:…`, `benefits_reported` with `benefit:…`).
    pub said: Vec<Figure>,
}

/// From referral to a third session, for the referrals of the period.
#[derive(Default)]
pub(super) struct Path {
    pub referred: u64,
    pub contacted: u64,
    pub first: u64,
    pub third: u64,
    /// Days from referral to first session, one a person who came.
    pub days_to_first: Vec<i64>,
}

/// The Monday of `day`'s week.
pub(super) fn week_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// Every Monday from `from`'s week to `to`'s.
pub(super) fn weeks_between(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut weeks = Vec::new();
    let mut week = week_of(from);
    while week <= to {
        weeks.push(week);
        week += Duration::days(7);
    }
    weeks
}

/// The first day of every month from `from`'s to `to`'s.
pub(super) fn months_between(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut months = Vec::new();
    let mut month = from.with_day(1).unwrap_or(from);
    while month <= to {
        months.push(month);
        month = month
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(NaiveDate::MAX);
    }
    months
}

/// A chart of nothing but "<5" would say nothing: only one with a bar.
fn any_shown(rows: &[(String, Figure)]) -> bool {
    rows.iter().any(|(_, f)| f.is_shown())
}

fn people(n: u64) -> Figure {
    Figure::people("", "", n)
}

fn median(values: &mut [i64]) -> Option<i64> {
    values.sort_unstable();
    values.get(values.len() / 2).copied()
}

/// The biggest rows first, at most `MOST_BARS` and the rest as one.
fn biggest(rows: impl IntoIterator<Item = (String, u64)>, rest: &str) -> Vec<(String, Figure)> {
    let mut rows: Vec<(String, u64)> = rows.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let others: u64 = rows.iter().skip(MOST_BARS).map(|r| r.1).sum();
    rows.truncate(MOST_BARS);
    if others > 0 {
        rows.push((rest.to_string(), others));
    }
    rows.into_iter()
        .map(|(name, n)| (name, people(n)))
        .collect()
}

/// "Dr Siân Evans made the most referrals (12)", or `fallback` when the
/// top row is too small to name a number or is shared.
fn leader(rows: &[(String, Figure)], verb: &str, fallback: &str) -> (String, String) {
    match rows {
        [(name, top), rest @ ..]
            if top.is_shown() && rest.first().is_none_or(|r| r.1.value < top.value) =>
        {
            (
                format!("{name} {verb}"),
                format!("{name} {verb} ({}).", top.shown()),
            )
        }
        _ => (fallback.to_string(), String::new()),
    }
}

pub(super) fn charts(tally: &Tally, pairings: &[Pairing]) -> Vec<Chart> {
    let mut charts = Vec::new();
    let total: u64 = tally.months.values().sum();
    if tally.months.len() > 1 {
        let rows: Vec<(String, Figure)> = tally
            .months
            .iter()
            .map(|(month, n)| (dates::month_name(*month), people(*n)))
            .collect();
        let busiest = rows
            .iter()
            .filter(|r| r.1.is_shown())
            .max_by_key(|r| r.1.value);
        // A chart of nothing but "<5" would say nothing.
        if let Some((month, n)) = busiest {
            charts.push(Chart::bars(
                format!("Most referrals arrived in {month}"),
                format!(
                    "{} referrals arrived in this period, the most in {month} ({}).",
                    people(total).in_words(),
                    n.shown()
                ),
                ["Month", "Referrals"],
                &rows,
                Colour::DarkBlue,
            ));
        }
    }
    if total > 0 {
        let rows = biggest(
            tally.by_referrer.iter().map(|(name, n)| {
                let name = if name.is_empty() {
                    "Referrer not recorded".to_string()
                } else {
                    name.clone()
                };
                (name, *n)
            }),
            "All other referrers",
        );
        let (title, finding) = leader(&rows, "made the most referrals", "Who referred people");
        if any_shown(&rows) {
            charts.push(Chart::bars(
                title,
                format!(
                    "{} referrals came from {}. {finding}",
                    capitalised(&people(total).in_words()),
                    text::counted(tally.by_referrer.len() as u64, "referrer", "referrers")
                )
                .trim_end()
                .to_string(),
                ["Referrer", "Referrals"],
                &rows,
                Colour::DarkBlue,
            ));
        }
        charts.push(path_chart(&tally.path));
    }
    let attendances: u64 = tally.weeks.values().map(|w| w.0).sum();
    if attendances > 0 {
        charts.push(weekly_chart(tally, attendances));
        let rows = biggest(tally.by_activity.iter().cloned(), "All other activities");
        let (title, finding) = leader(&rows, "had the most attendances", "Attendances by activity");
        if any_shown(&rows) {
            charts.push(Chart::bars(
                title,
                format!(
                    "{} attendances at {}. {finding}",
                    capitalised(&people(attendances).in_words()),
                    text::counted(tally.by_activity.len() as u64, "activity", "activities")
                )
                .trim_end()
                .to_string(),
                ["Activity", "Attendances"],
                &rows,
                Colour::Turquoise,
            ));
        }
    }
    charts.extend(wellbeing_charts(pairings));
    for (measure, heading, noun, when, most, colour) in [
        (
            "benefits_reported",
            "Benefit",
            "benefit",
            "people reported at their reviews",
            "was the benefit most often reported",
            Colour::Orange,
        ),
        (
            "needs_noted",
            "Need",
            "need",
            "noted when people were seen",
            "was the need most often noted",
            Colour::DarkPink,
        ),
    ] {
        let rows: Vec<(String, Figure)> = tally
            .said
            .iter()
            .filter(|f| f.measure == measure)
            .take(MOST_BARS)
            .map(|f| {
                let name = f.breakdown.split_once(':').map_or("", |(_, n)| n);
                (name.to_string(), f.clone())
            })
            .collect();
        if !any_shown(&rows) {
            continue;
        }
        let fallback = format!("The {noun}s {when}");
        let (title, finding) = leader(&rows, most, &fallback);
        charts.push(Chart::bars(
            title,
            format!(
                "The {noun}s {when} in this period, each person counted once for each. {finding}"
            )
            .trim_end()
            .to_string(),
            [heading, "People"],
            &rows,
            colour,
        ));
    }
    charts
}

fn path_chart(path: &Path) -> Chart {
    let mut days = path.days_to_first.clone();
    let rows = [
        ("Referred", path.referred),
        ("Contacted", path.contacted),
        ("Came to a first session", path.first),
        ("Came to a third session", path.third),
    ]
    .map(|(label, n)| (label.to_string(), people(n)));
    let wait = match median(&mut days) {
        Some(d) if days.len() as u64 >= SMALLEST_SHOWN => format!(
            " A median of {} from referral to first session.",
            text::counted(d as u64, "day", "days")
        ),
        _ => String::new(),
    };
    Chart::bars(
        format!(
            "{} of {} referred came to a first session",
            capitalised(&people(path.first).in_words()),
            people(path.referred).in_words()
        ),
        format!(
            "Of {} people referred in this period, {} were contacted, {} came to a first session and {} to a third.{wait}",
            people(path.referred).in_words(),
            people(path.contacted).in_words(),
            people(path.first).in_words(),
            people(path.third).in_words(),
        ),
        ["Step", "People"],
        &rows,
        Colour::DarkBlue,
    )
}

fn weekly_chart(tally: &Tally, attendances: u64) -> Chart {
    let shown = |n: u64| people(n).is_shown().then_some(n);
    let steps: Vec<String> = tally
        .weeks
        .keys()
        .map(|w| w.format("%-d %b").to_string())
        .collect();
    let series = [
        Series {
            name: "Returning".into(),
            values: tally.weeks.values().map(|(a, n)| shown(a - n)).collect(),
        },
        Series {
            name: "New".into(),
            values: tally.weeks.values().map(|(_, n)| shown(*n)).collect(),
        },
    ];
    let new: u64 = tally.weeks.values().map(|w| w.1).sum();
    let weeks = tally.weeks.len() as u64;
    Chart::lines(
        "Attendances each week, new and returning people",
        format!(
            "{} attendances over {}, about {} a week; {} were someone's first time.",
            capitalised(&people(attendances).in_words()),
            text::counted(weeks, "week", "weeks"),
            attendances.div_ceil(weeks.max(1)),
            people(new).in_words()
        ),
        "Week beginning",
        &steps,
        &series,
    )
}

/// A before-and-after chart for each instrument with 5 or more people
/// paired on any of its scales, on that instrument's own range.
fn wellbeing_charts(pairings: &[Pairing]) -> Vec<Chart> {
    let mut charts = Vec::new();
    for kind in [
        InstrumentKind::Ons4,
        InstrumentKind::Loneliness,
        InstrumentKind::Swemwbs,
    ] {
        let scales: Vec<_> = SCALES.iter().filter(|s| s.kind == kind).collect();
        let rows: Vec<BeforeAfter> = pairings
            .iter()
            .filter(|p| p.paired as u64 >= SMALLEST_SHOWN)
            .filter(|p| scales.iter().any(|s| s.key == p.item))
            .map(|p| BeforeAfter {
                label: p.name.clone(),
                before: p.mean_before.unwrap_or(0.0),
                after: p.mean_after.unwrap_or(0.0),
                paired: p.paired,
            })
            .collect();
        let Some(scale) = scales.first().filter(|_| !rows.is_empty()) else {
            continue;
        };
        let changes: Vec<String> = rows
            .iter()
            .map(|r| format!("{} from {:.1} to {:.1}", r.label, r.before, r.after))
            .collect();
        let (title, range) = match kind {
            InstrumentKind::Ons4 => (
                "Wellbeing before and after, each person with themselves",
                "out of 10; lower anxiety is better",
            ),
            InstrumentKind::Loneliness => (
                "Loneliness before and after, each person with themselves",
                "from 3 to 9; lower is less lonely",
            ),
            InstrumentKind::Swemwbs => (
                "Mental wellbeing before and after (SWEMWBS)",
                "metric score from 7 to 35",
            ),
        };
        // SWEMWBS is never shown without its notice.
        let notice = if kind == InstrumentKind::Swemwbs {
            format!(" {SWEMWBS_NOTICE}")
        } else {
            String::new()
        };
        charts.push(Chart::before_after(
            title,
            format!(
                "On average, for the people paired ({range}): {}.{notice}",
                changes.join("; ")
            ),
            &rows,
            (scale.lowest as u8, scale.highest as u8),
        ));
    }
    charts
}

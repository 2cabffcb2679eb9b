//! The figures funders and commissioners ask for, over a period: referrals
//! received (in all and by referrer), people attending, attendances, new
//! people, sessions held, and how many people have a paired wellbeing
//! measure. Fewer than five people are never shown as a number
//! (`Figure::shown`). As a PDF to send, and as CSV
//! (`measure,breakdown,value`).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::Tend;
use super::period_attendance::breakdowns;
use super::report_charts::{self, Tally, months_between, week_of, weeks_between};
use super::walk_return::WalkReturn;
use crate::Result;
use crate::docs::{Block, Report, Section, csv};
use crate::domain::chart::Chart;
use crate::domain::instruments::{InstrumentKind, SCALES, SWEMWBS_NOTICE};
use crate::domain::outcome::{Pairing, Sittings, pairing};
use crate::domain::text::capitalised;
use crate::domain::{
    Activity, ActivityKind, Answers, Figure, OutcomeRecord, ParticipantId, Referral,
    ReferralStatus, Referrer, dates,
};

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PeriodReport {
    pub organisation: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Every figure, a row each in the CSV.
    pub figures: Vec<Figure>,
    /// The same figures in words, as the window and the PDF show them.
    pub lines: Vec<FigureLine>,
    /// Nothing at all happened in the period.
    pub empty: bool,
    /// How each ONS4 item changed for the people paired.
    pub pairings: Vec<Pairing>,
    /// The same in a sentence an item, as the window and the PDF say it.
    pub wellbeing: Vec<FigureLine>,
    /// How the wellbeing figures are worked out, said above them.
    pub wellbeing_note: String,
    /// The same numbers drawn, each with its finding and its table.
    pub charts: Vec<Chart>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FigureLine {
    /// "People who came", or a referrer's name under "Referrals received".
    pub label: String,
    /// "12", "1,204" or "<5".
    pub shown: String,
    /// A part of the figure above it (one referrer's referrals).
    pub part: bool,
    /// Above the first part of a breakdown: "By referrer", "By age band".
    pub heading: Option<String>,
}

/// How a breakdown is introduced: `referrer` → "By referrer".
fn breakdown_heading(kind: &str) -> String {
    match kind {
        "referrer" => "By referrer".into(),
        "age_band" => "People who came, by age band".into(),
        "gender" => "People who came, by gender".into(),
        "ethnicity" => "People who came, by ethnic group".into(),
        "need" => "Needs noted at a review in the period".into(),
        "benefit" => "Benefits reported at a review in the period".into(),
        other => format!("By {}", other.replace('_', " ")),
    }
}

fn breakdown_kind(figure: &Figure) -> Option<&str> {
    figure.breakdown.split_once(':').map(|(kind, _)| kind)
}

/// Said above every report's wellbeing figures.
const WELLBEING_NOTE: &str = "Change is reported only for people with a baseline and a later follow-up of the same measure, each compared with themselves; a person counts as better (or worse) when their own change reaches the amount set in Settings. The four ONS4 items are never added together. Sources: ONS personal wellbeing questions; the UCLA three-item loneliness scale.";

/// How one score changed, in a sentence: the pairing's numbers, or that
/// too few people were paired to show any.
fn wellbeing_line(p: &Pairing) -> FigureLine {
    let people = |n: usize| Figure::people("", "", n as u64);
    let only = people(p.baseline_only).in_words();
    let shown = if !people(p.paired).is_shown() {
        format!("Fewer than 5 people paired ({only} with a baseline only): no change shown.")
    } else {
        let points = if p.threshold == 1.0 {
            "point"
        } else {
            "points"
        };
        format!(
            "{} people paired, {only} with a baseline only, a median of {} days apart: on average {:.1} before and {:.1} after{}. {} better and {} worse by at least {} {points}.{}",
            p.paired,
            p.median_days.unwrap_or(0),
            p.mean_before.unwrap_or(0.0),
            p.mean_after.unwrap_or(0.0),
            if p.lower_is_better {
                " (lower is better)"
            } else {
                ""
            },
            capitalised(&people(p.better).in_words()),
            people(p.worse).in_words(),
            p.threshold,
            if p.paired < 30 {
                " Fewer than 30 people: indicative only."
            } else {
                ""
            }
        )
    };
    FigureLine {
        label: p.name.clone(),
        shown,
        part: false,
        heading: None,
    }
}

/// What a figure is called on the page.
fn label_of(figure: &Figure) -> String {
    if let Some(name) = figure.breakdown.strip_prefix("referrer:") {
        return if name.is_empty() {
            "Referrer not recorded".into()
        } else {
            name.into()
        };
    }
    if let Some((_, name)) = figure.breakdown.split_once(':') {
        return name.into();
    }
    match figure.measure.as_str() {
        "referrals_received" => "Referrals received".into(),
        "people_attending" => "People who came".into(),
        "attendances" => "Attendances".into(),
        "new_people" => "New people (their first time at any session)".into(),
        "sessions_held" => "Sessions held".into(),
        other => {
            // "ons4_happiness_better" → the scale, then what of it.
            let scale = SCALES.iter().find(|s| other.starts_with(s.key));
            let what = scale.map(|s| &other[s.key.len()..]);
            match (scale, what) {
                (Some(s), Some("_paired")) => {
                    format!("People with a baseline and a follow-up: {}", s.name)
                }
                (Some(s), Some("_baseline_only")) => format!("With a baseline only: {}", s.name),
                (Some(s), Some("_better")) => format!("Better by the amount set: {}", s.name),
                (Some(s), Some("_worse")) => format!("Worse by the amount set: {}", s.name),
                _ => other.replace('_', " "),
            }
        }
    }
}

impl Tend {
    /// The figures for the period `from`–`to` (both included); sessions
    /// count as held only up to `today`.
    pub fn period_report(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Result<PeriodReport> {
        Ok(self.reports(from, to, today, false)?.0)
    }

    /// What the Reports screen shows: the period report and the
    /// health-walk return, from one pass over the sessions.
    pub fn reports_screen(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Result<(PeriodReport, WalkReturn)> {
        let (report, walks) = self.reports(from, to, today, true)?;
        Ok((report, walks.unwrap_or_default()))
    }

    fn reports(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
        with_walks: bool,
    ) -> Result<(PeriodReport, Option<WalkReturn>)> {
        dates::check_order(from, to)?;
        let within = |day: NaiveDate| day >= from && day <= to;

        let all_referrals = self.store.all::<Referral>()?;
        let referrals: Vec<&Referral> = all_referrals
            .iter()
            .filter(|r| within(r.received_on))
            .collect();
        let referrers: HashMap<_, Referrer> =
            self.referrers()?.into_iter().map(|r| (r.id, r)).collect();
        let mut tally = Tally::default();
        for referral in &referrals {
            let name = referrers
                .get(&referral.referrer)
                .map(|r| r.details.report_name())
                .unwrap_or_default();
            *tally.by_referrer.entry(name).or_default() += 1;
            let month = referral
                .received_on
                .with_day(1)
                .unwrap_or(referral.received_on);
            *tally.months.entry(month).or_default() += 1;
        }
        for month in months_between(from, to) {
            tally.months.entry(month).or_insert(0);
        }
        // Each referred person's attendance days, for the path to a third
        // session.
        let everything = |_: &Activity| true;
        let walks = |a: &Activity| a.details.kind == ActivityKind::HealthWalk;
        let counted: &[&dyn Fn(&Activity) -> bool] = if with_walks {
            &[&everything, &walks]
        } else {
            &[&everything]
        };
        // The wellbeing figures come from the outcome records alone, so
        // they are worked out on the other core while this one goes
        // through the sessions.
        let followed = referrals.iter().map(|r| r.participant);
        let (passes, said) = std::thread::scope(|scope| {
            let said = scope.spawn(|| self.outcome_figures(from, to));
            let passes = self.attended((from, to), today, counted, followed);
            // Should the helper fail, its part is done here instead.
            let said = said
                .join()
                .unwrap_or_else(|_| self.outcome_figures(from, to));
            (passes, said)
        });
        let mut passes = passes?.into_iter();
        let (pairings, said) = said?;
        let attended = passes.next().unwrap_or_default();
        let walked = passes.next();
        for week in weeks_between(from, to.min(today)) {
            let came = attended.by_week.get(&week).copied().unwrap_or(0);
            tally.weeks.insert(week, (came, 0));
        }
        let mut new_people = 0;
        for day in attended.new_people(from, to) {
            new_people += 1;
            if let Some(week) = tally.weeks.get_mut(&week_of(day)) {
                week.1 += 1;
            }
        }
        tally.by_activity = attended.by_activity.clone();
        for referral in &referrals {
            let path = &mut tally.path;
            path.referred += 1;
            let mut days: Vec<NaiveDate> = attended.came[&referral.participant]
                .iter()
                .copied()
                .filter(|d| *d >= referral.received_on)
                .collect();
            days.sort_unstable();
            if referral.status() >= ReferralStatus::Contacted || !days.is_empty() {
                path.contacted += 1;
            }
            if let Some(first) = days.first() {
                path.first += 1;
                path.days_to_first
                    .push((*first - referral.received_on).num_days());
            }
            if days.len() >= 3 {
                path.third += 1;
            }
        }
        let (attendances, held) = (attended.attendances, attended.held);
        let attending = &attended.attending;
        let mut figures = vec![Figure::people(
            "referrals_received",
            "all",
            referrals.len() as u64,
        )];
        figures.extend(
            tally.by_referrer.iter().map(|(name, n)| {
                Figure::people("referrals_received", format!("referrer:{name}"), *n)
            }),
        );
        figures.extend([
            Figure::people("people_attending", "all", attending.len() as u64),
            Figure::people("attendances", "all", attendances),
            Figure::people("new_people", "all", new_people as u64),
            Figure::sessions("sessions_held", held),
        ]);
        let known = self.who_they_are(attending, to)?;
        figures.extend(breakdowns("people_attending", attending, &known));
        for p in &pairings {
            for (what, n) in [
                ("paired", p.paired),
                ("baseline_only", p.baseline_only),
                ("better", p.better),
                ("worse", p.worse),
            ] {
                figures.push(Figure::people(
                    &format!("{}_{what}", p.item),
                    "all",
                    n as u64,
                ));
            }
        }
        figures.extend(said);
        tally.said = figures
            .iter()
            .filter(|f| f.measure == "needs_noted" || f.measure == "benefits_reported")
            .cloned()
            .collect();
        let mut lines: Vec<FigureLine> = Vec::with_capacity(figures.len());
        for (i, f) in figures.iter().enumerate() {
            let kind = breakdown_kind(f);
            let starts = kind.is_some() && (i == 0 || breakdown_kind(&figures[i - 1]) != kind);
            lines.push(FigureLine {
                label: label_of(f),
                shown: f.shown(),
                part: kind.is_some(),
                heading: kind.filter(|_| starts).map(breakdown_heading),
            });
        }
        let walks = match walked {
            Some(walked) => {
                Some(self.walk_return_from((from, to), &walked, &known, &all_referrals)?)
            }
            None => None,
        };
        let report = PeriodReport {
            charts: report_charts::charts(&tally, &pairings),
            wellbeing: pairings.iter().map(wellbeing_line).collect(),
            wellbeing_note: if pairings.iter().any(|p| p.item == "swemwbs") {
                format!("{WELLBEING_NOTE} {SWEMWBS_NOTICE}")
            } else {
                WELLBEING_NOTE.into()
            },
            pairings,
            lines,
            organisation: self.organisation()?.map(|o| o.name).unwrap_or_default(),
            empty: referrals.is_empty() && attendances == 0 && held == 0,
            from,
            to,
            figures,
        };
        Ok((report, walks))
    }

    /// How each scale changed for the people paired by `to` (a baseline
    /// and a later follow-up, each person against themselves), and the
    /// needs noted and benefits reported at the sittings of `from`–`to`,
    /// each person once for each.
    fn outcome_figures(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(Vec<Pairing>, Vec<Figure>)> {
        let outcomes = self.store.all::<OutcomeRecord>()?;
        let settings = self.settings()?.outcomes;
        let sittings = Sittings::up_to(&outcomes, to);
        let pairings: Vec<Pairing> = SCALES
            .iter()
            // SWEMWBS only where it is in use.
            .filter(|scale| {
                scale.kind != InstrumentKind::Swemwbs
                    || settings.swemwbs_allowed()
                    || outcomes
                        .iter()
                        .any(|o| o.answers.swemwbs != Default::default())
            })
            .map(|scale| pairing(&sittings, scale, settings.threshold(scale.kind)))
            .collect();
        let mut figures = Vec::new();
        for (measure, kind, pick) in [
            (
                "needs_noted",
                "need",
                (|a| &a.needs) as fn(&Answers) -> &Vec<String>,
            ),
            ("benefits_reported", "benefit", |a| &a.benefits),
        ] {
            let mut people: BTreeMap<&str, HashSet<ParticipantId>> = BTreeMap::new();
            for o in outcomes
                .iter()
                .filter(|o| o.taken_on >= from && o.taken_on <= to)
            {
                for entry in pick(&o.answers) {
                    people.entry(entry).or_default().insert(o.participant);
                }
            }
            let mut counted: Vec<(&str, usize)> =
                people.iter().map(|(e, who)| (*e, who.len())).collect();
            counted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            figures.extend(
                counted
                    .into_iter()
                    .map(|(entry, n)| Figure::people(measure, format!("{kind}:{entry}"), n as u64)),
            );
        }
        Ok((pairings, figures))
    }
}

/// Figures as CSV, `measure,breakdown,value`, a row each; "<5" for
/// fewer than five people.
pub(super) fn figures_csv(figures: &[Figure]) -> String {
    let mut out = csv::line(["measure", "breakdown", "value"]);
    for f in figures {
        out.push_str(&csv::line([
            f.measure.as_str(),
            f.breakdown.as_str(),
            f.plain().as_str(),
        ]));
    }
    out
}

/// The same rows as an Excel workbook; a count is a number, "<5" text.
pub(super) fn figures_xlsx(figures: &[Figure]) -> Result<Vec<u8>> {
    use crate::docs::workbook::{Cell, workbook};
    let rows: Vec<Vec<Cell>> = figures
        .iter()
        .map(|f| {
            let value = match f.plain().parse::<u64>() {
                Ok(n) => Cell::Number(n as f64),
                Err(_) => Cell::Text(f.plain()),
            };
            vec![
                Cell::Text(f.measure.clone()),
                Cell::Text(f.breakdown.clone()),
                value,
            ]
        })
        .collect();
    workbook("Figures", &["measure", "breakdown", "value"], &rows)
}

/// A report to send: its title, under it who made it, and on every
/// page's foot the organisation and the title.
pub(super) fn report_to_send(organisation: &str, title: String, sections: Vec<Section>) -> Report {
    Report {
        subtitle: if organisation.is_empty() {
            "Made with Tend.".into()
        } else {
            format!("{organisation}, made with Tend.")
        },
        footer: [organisation, &title]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(": "),
        title,
        sections,
    }
}

impl PeriodReport {
    /// `measure,breakdown,value`, a row per figure.
    pub fn to_csv(&self) -> String {
        figures_csv(&self.figures)
    }

    /// The same rows as an Excel workbook; a count is a number, "<5" text.
    pub fn to_xlsx(&self) -> Result<Vec<u8>> {
        figures_xlsx(&self.figures)
    }

    pub fn to_pdf(&self, created: DateTime<Utc>) -> Result<Vec<u8>> {
        crate::docs::render_report(&self.report(), created)
    }

    fn period(&self) -> String {
        format!(
            "{} to {}",
            dates::long_date(self.from),
            dates::long_date(self.to)
        )
    }

    fn wellbeing_blocks(&self) -> Vec<Block> {
        let mut blocks = vec![Block::Paragraph(self.wellbeing_note.clone())];
        blocks.extend(self.wellbeing.iter().map(|line| Block::Field {
            label: line.label.clone(),
            value: line.shown.clone(),
        }));
        blocks
    }

    fn report(&self) -> Report {
        // The figures in the order they were counted, grouped by kind.
        let fields = |measures: &[&str], kinds: &[Option<&str>]| -> Vec<Block> {
            let mut blocks = Vec::new();
            for (f, line) in self.figures.iter().zip(&self.lines) {
                if !measures.contains(&f.measure.as_str()) || !kinds.contains(&breakdown_kind(f)) {
                    continue;
                }
                if let Some(heading) = &line.heading {
                    blocks.push(Block::Subheading(heading.clone()));
                }
                blocks.push(Block::Field {
                    label: line.label.clone(),
                    value: line.shown.clone(),
                });
            }
            blocks
        };
        let referrals = fields(&["referrals_received"], &[None, Some("referrer")]);
        let attendance = &[
            "sessions_held",
            "people_attending",
            "attendances",
            "new_people",
        ];
        let who = fields(
            attendance,
            &[Some("age_band"), Some("gender"), Some("ethnicity")],
        );
        let mut sections = Vec::new();
        if self.empty {
            sections.push(Section {
                heading: "This period".into(),
                blocks: vec![Block::Paragraph(
                    "Nothing was recorded in this period: no referrals, no sessions held and no attendance."
                        .into(),
                )],
            });
        }
        sections.extend([
            Section {
                heading: "Referrals".into(),
                blocks: referrals,
            },
            Section {
                heading: "Attendance".into(),
                blocks: fields(attendance, &[None]),
            },
            Section {
                heading: "Who came".into(),
                blocks: who,
            },
            Section {
                heading: "Wellbeing and loneliness".into(),
                blocks: self.wellbeing_blocks(),
            },
            Section {
                heading: "About these figures".into(),
                blocks: vec![Block::Paragraph(
                    "Counts of fewer than five people are shown as \u{201c}<5\u{201d}, so that nobody can be recognised. Sessions are counted when they were held and not cancelled; an attendance is a person marked present at a session; a new person is someone whose first attendance at any session fell in this period."
                        .into(),
                )],
            },
        ]);
        if !self.charts.is_empty() {
            let about = sections.len() - 1;
            sections.insert(
                about,
                Section {
                    heading: "In charts".into(),
                    blocks: self.charts.iter().cloned().map(Block::Chart).collect(),
                },
            );
        }
        report_to_send(
            &self.organisation,
            format!("Report for {}", self.period()),
            sections,
        )
    }
}

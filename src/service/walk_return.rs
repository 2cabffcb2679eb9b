//! The quarterly health-walk return (Walking for Health asks for it):
//! walks held, walkers and their attendances, new walkers, walkers referred
//! by a health professional, and walkers by age band and gender. Only
//! activities of the kind "health walk" count. Fewer than five people are
//! shown as "<5", as in every report.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::Tend;
use super::period_attendance::{Attended, Demographic, NOT_RECORDED, breakdowns};
use super::report::{figures_csv, figures_xlsx, report_to_send};
use crate::Result;
use crate::docs::{Block, Section};
use crate::domain::chart::ChartTable;
use crate::domain::demographics::{AGE_BANDS, Gender};
use crate::domain::ids::IdMap;
use crate::domain::{Activity, ActivityKind, Figure, ParticipantId, Referral, Referrer, dates};

/// The gender columns of the table: a return's usual four, and not recorded.
const GENDER_COLUMNS: [&str; 5] = ["Female", "Male", "Other", "Not said", NOT_RECORDED];

fn gender_column(d: &Demographic) -> &'static str {
    match d.gender {
        Some(Gender::Female) => "Female",
        Some(Gender::Male) => "Male",
        Some(Gender::NonBinary | Gender::Other) => "Other",
        Some(Gender::PreferNotToSay) => "Not said",
        None => NOT_RECORDED,
    }
}

#[derive(Debug, Clone, Default, Serialize, TS)]
#[ts(export)]
pub struct WalkReturn {
    pub organisation: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// A row each in the CSV.
    pub figures: Vec<Figure>,
    /// The totals in words: "Walks held", "12".
    pub totals: Vec<(String, String)>,
    /// Walkers by age band (rows) and gender (columns).
    pub table: ChartTable,
    /// No walk was held and nobody walked.
    pub empty: bool,
}

impl Tend {
    pub fn walk_return(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Result<WalkReturn> {
        dates::check_order(from, to)?;
        let walks = |a: &Activity| a.details.kind == ActivityKind::HealthWalk;
        let walked = self
            .attended((from, to), today, &[&walks], [])?
            .pop()
            .unwrap_or_default();
        let known = self.who_they_are(&walked.attending, to)?;
        let referrals = self.store.all::<Referral>()?;
        self.walk_return_from((from, to), &walked, &known, &referrals)
    }

    /// The return from the walks' pass over the sessions, with what is
    /// known of who everyone is (for the walkers at least) and every
    /// referral.
    pub(super) fn walk_return_from(
        &self,
        (from, to): (NaiveDate, NaiveDate),
        walks: &Attended,
        known: &IdMap<ParticipantId, Demographic>,
        referrals: &[Referral],
    ) -> Result<WalkReturn> {
        let walkers = &walks.attending;
        let health: HashSet<_> = self
            .referrers()?
            .into_iter()
            .filter(|r| r.details.kind.is_health_professional())
            .map(|r: Referrer| r.id)
            .collect();
        let referred: HashSet<ParticipantId> = referrals
            .iter()
            .filter(|r| r.received_on <= to && health.contains(&r.referrer))
            .map(|r| r.participant)
            .filter(|p| walkers.contains(p))
            .collect();
        let new_walkers = walks.new_people(from, to).count() as u64;

        let mut figures = vec![
            Figure::sessions("walks_held", walks.held),
            Figure::people("walkers", "all", walkers.len() as u64),
            Figure::people("attendances", "all", walks.attendances),
            Figure::people("new_walkers", "all", new_walkers),
            Figure::people(
                "walkers_referred_by_health_professional",
                "all",
                referred.len() as u64,
            ),
        ];
        let totals = [
            "Walks held",
            "Walkers (different people)",
            "Attendances",
            "New walkers (their first walk ever)",
            "Walkers referred by a health professional",
        ]
        .iter()
        .zip(&figures)
        .map(|(label, f)| (label.to_string(), f.shown()))
        .collect();
        figures.extend(
            breakdowns("walkers", walkers, known)
                .into_iter()
                .filter(|f| !f.breakdown.starts_with("ethnicity:")),
        );

        // Age band by gender, each cell a count of people.
        let unknown = Demographic::default();
        let mut cells: HashMap<(&str, &str), u64> = HashMap::new();
        for id in walkers {
            let d = known.get(id).unwrap_or(&unknown);
            *cells.entry((d.age_band(), gender_column(d))).or_default() += 1;
        }
        let mut headings = vec!["Age band".to_string()];
        headings.extend(GENDER_COLUMNS.map(String::from));
        headings.push("All".into());
        let mut rows = Vec::new();
        for band in AGE_BANDS.iter().chain([&NOT_RECORDED]) {
            let counts: Vec<u64> = GENDER_COLUMNS
                .iter()
                .map(|g| cells.get(&(*band, *g)).copied().unwrap_or(0))
                .collect();
            let all: u64 = counts.iter().sum();
            if all == 0 {
                continue;
            }
            let mut row = vec![band.to_string()];
            for (g, n) in GENDER_COLUMNS.iter().zip(&counts) {
                row.push(Figure::people("", "", *n).shown());
                figures.push(Figure::people(
                    "walkers",
                    format!("age_band:{band};gender:{g}"),
                    *n,
                ));
            }
            row.push(Figure::people("", "", all).shown());
            rows.push(row);
        }
        Ok(WalkReturn {
            organisation: self.organisation()?.map(|o| o.name).unwrap_or_default(),
            empty: walks.held == 0 && walks.attendances == 0,
            from,
            to,
            figures,
            totals,
            table: ChartTable { headings, rows },
        })
    }
}

impl WalkReturn {
    /// `measure,breakdown,value`, as the period report's CSV.
    pub fn to_csv(&self) -> String {
        figures_csv(&self.figures)
    }

    /// The same rows as an Excel workbook.
    pub fn to_xlsx(&self) -> Result<Vec<u8>> {
        figures_xlsx(&self.figures)
    }

    pub fn to_pdf(&self, created: DateTime<Utc>) -> Result<Vec<u8>> {
        let period = format!(
            "{} to {}",
            dates::long_date(self.from),
            dates::long_date(self.to)
        );
        let title = format!("Health-walk return, {period}");
        let mut totals: Vec<Block> = self
            .totals
            .iter()
            .map(|(label, value)| Block::Field {
                label: label.clone(),
                value: value.clone(),
            })
            .collect();
        if self.empty {
            totals.insert(
                0,
                Block::Paragraph("No health walk was held in this period.".into()),
            );
        }
        let report = report_to_send(&self.organisation, title, vec![
                Section {
                    heading: "Walks and walkers".into(),
                    blocks: totals,
                },
                Section {
                    heading: "Walkers by age band and gender".into(),
                    blocks: vec![
                        Block::Paragraph("Each walker once, by their age on the last day of the period. Other: non-binary or in another way; Not said: preferred not to say.".into()),
                        Block::Table(self.table.clone()),
                    ],
                },
                Section {
                    heading: "About these figures".into(),
                    blocks: vec![Block::Paragraph(
                        "Only activities recorded as health walks are counted. A walker is anyone marked present at a walk in the period; a new walker is one whose first walk ever was in it; referred by a health professional means by a GP practice, a link worker or a mental health team. Counts of fewer than five people are shown as \u{201c}<5\u{201d}.".into(),
                    )],
                },
            ]);
        crate::docs::render_report(&report, created)
    }
}

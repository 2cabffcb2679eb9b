//! The minimum dataset of a period's referrals, as CSV in the four groups
//! of the PRSB Social Prescribing Information Standard: who the person is
//! (NHS number, name, date of birth, address), their needs and concerns,
//! the support offered (activities referred to and joined, sessions
//! attended) and outcomes (first and latest scores, benefits reported).
//! Only people whose consent to share with their referrer is in force are
//! included; the rest are counted, never listed. It names people, so the
//! window logs each save.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::Tend;
use crate::Result;
use crate::docs::csv;
use crate::domain::instruments::SCALES;
use crate::domain::outcome::first_and_latest;
use crate::domain::{Mark, OutcomeRecord, Referral, dates};

/// The columns, each named by its group.
pub const DATASET_HEADER: [&str; 22] = [
    "referral_id",
    "demographics.nhs_number",
    "demographics.name",
    "demographics.date_of_birth",
    "demographics.address",
    "demographics.postcode",
    "needs.needs_and_concerns",
    "needs.needs_noted",
    "support.received_on",
    "support.referrer",
    "support.status",
    "support.activities_referred_to",
    "support.activities_joined",
    "support.sessions_attended",
    "outcomes.ons4_life_satisfaction",
    "outcomes.ons4_worthwhile",
    "outcomes.ons4_happiness",
    "outcomes.ons4_anxiety",
    "outcomes.ucla_loneliness",
    "outcomes.swemwbs",
    "outcomes.benefits_reported",
    "outcomes.outcome",
];

/// The dataset and how many referrals were left out for want of consent.
pub struct MinimumDataset {
    pub csv: String,
    pub included: usize,
    pub left_out: usize,
}

/// A score at the first baseline and at the latest follow-up: "4 → 7",
/// or just the one there is.
fn change(records: &[&OutcomeRecord], score: fn(&OutcomeRecord) -> Option<f64>) -> String {
    let shown = |v: f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.2}")
        }
    };
    match first_and_latest(records, score) {
        (Some((_, a)), Some((_, b))) => format!("{} → {}", shown(a), shown(b)),
        (Some((_, a)), None) => shown(a),
        (None, Some((_, b))) => format!("→ {}", shown(b)),
        (None, None) => String::new(),
    }
}

impl Tend {
    /// The referrals received from `from` to `to` whose person has agreed
    /// to share with their referrer, a row each.
    pub fn minimum_dataset(&self, from: NaiveDate, to: NaiveDate) -> Result<MinimumDataset> {
        dates::check_order(from, to)?;
        let referrals: Vec<Referral> = self
            .store
            .all::<Referral>()?
            .into_iter()
            .filter(|r| r.received_on >= from && r.received_on <= to)
            .collect();
        let referrers: HashMap<_, _> = self
            .referrers()?
            .into_iter()
            .map(|r| (r.id, r.details.report_name()))
            .collect();
        let activities: HashMap<_, _> = self
            .activities()?
            .into_iter()
            .map(|a| (a.id, a.details.name))
            .collect();
        let mut out = csv::line(DATASET_HEADER);
        let (mut included, mut left_out) = (0, 0);
        for referral in &referrals {
            let Some(person) = self
                .store
                .get::<crate::domain::Participant>(&referral.participant)?
            else {
                left_out += 1;
                continue;
            };
            if !person.details.consents.may_share_with_referrer() {
                left_out += 1;
                continue;
            }
            included += 1;
            let d = &person.details;
            let measures = self.outcomes_for(person.id)?;
            let theirs: Vec<&OutcomeRecord> = measures.iter().collect();
            let mut needs: Vec<&str> = Vec::new();
            let mut benefits: Vec<&str> = Vec::new();
            for o in &theirs {
                needs.extend(o.answers.needs.iter().map(String::as_str));
                benefits.extend(o.answers.benefits.iter().map(String::as_str));
            }
            needs.sort_unstable();
            needs.dedup();
            benefits.sort_unstable();
            benefits.dedup();
            let named = |ids: &mut dyn Iterator<Item = crate::domain::ActivityId>| {
                ids.filter_map(|id| activities.get(&id).cloned())
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let joined = self.enrolments_for(person.id)?;
            let attended = self
                .participant_record(person.id)?
                .attendance
                .iter()
                .filter(|a| a.mark == Mark::Present && a.date >= referral.received_on)
                .count();
            let mut cells: Vec<String> = vec![
                referral.id.to_string(),
                d.nhs_number
                    .as_ref()
                    .map(|n| n.spaced())
                    .unwrap_or_default(),
                d.full_name.clone(),
                d.date_of_birth.map(|b| b.to_string()).unwrap_or_default(),
                d.address.replace('\n', ", "),
                d.postcode.clone(),
                referral.needs_and_concerns.clone(),
                needs.join("; "),
                referral.received_on.to_string(),
                referrers
                    .get(&referral.referrer)
                    .cloned()
                    .unwrap_or_default(),
                referral.status().words().to_string(),
                named(&mut referral.suggested_activities.iter().copied()),
                named(&mut joined.iter().map(|e| e.activity)),
                attended.to_string(),
            ];
            cells.extend(SCALES.iter().map(|s| change(&theirs, s.score)));
            cells.push(benefits.join("; "));
            cells.push(referral.outcome.clone());
            out.push_str(&csv::line(cells.iter().map(String::as_str)));
        }
        Ok(MinimumDataset {
            csv: out,
            included,
            left_out,
        })
    }
}

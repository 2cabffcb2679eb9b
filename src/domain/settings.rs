//! Choices a coordinator makes once for the whole of Tend.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::bank_holidays::HolidaySettings;
use super::person_centred::PersonCentredLists;
use super::validation::{Validated, ValidationError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Settings {
    /// Someone enrolled who has missed this many sessions in a row is listed
    /// under "Stopped coming".
    pub stopped_coming_after: u16,
    /// A referral received this many days ago and not yet contacted is
    /// "waiting too long".
    #[serde(default = "default_waiting_days")]
    pub waiting_too_long_days: u16,
    /// While a referral is active (and the person consented), a progress
    /// letter is due this many weeks after the last letter.
    #[serde(default = "default_progress_weeks")]
    pub progress_every_weeks: u16,
    /// How long records are kept.
    #[serde(default)]
    pub retention: RetentionSchedule,
    /// Outcome measures: SWEMWBS's registration and what counts as a change.
    #[serde(default)]
    pub outcomes: OutcomeSettings,
    /// The needs, barriers and benefits a person's record offers.
    #[serde(default)]
    pub lists: PersonCentredLists,
    /// Whose bank holidays are kept, and the one-off days added.
    #[serde(default)]
    pub holidays: HolidaySettings,
    /// The window's text size, in per cent (100 to 200).
    #[serde(default = "default_text_size")]
    pub text_size: u16,
}

/// The text sizes the window offers, in per cent.
pub const TEXT_SIZES: std::ops::RangeInclusive<u16> = 100..=200;

fn default_text_size() -> u16 {
    100
}

/// What counts as a person's change on each measure, and whether SWEMWBS
/// may be used (the organisation must first register with Warwick).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutcomeSettings {
    /// The day the organisation said it had registered to use SWEMWBS;
    /// until then it is off.
    #[serde(default)]
    pub swemwbs_registered_on: Option<NaiveDate>,
    /// Points on an ONS4 item (0–10).
    pub ons4_change: u8,
    /// Points on the UCLA loneliness score (3–9).
    pub ucla_change: u8,
    /// Metric points on SWEMWBS (7–35).
    pub swemwbs_change: u8,
}

impl Default for OutcomeSettings {
    /// One point on ONS4 and on the UCLA score; three metric points on
    /// SWEMWBS, where one to three are described as meaningful.
    fn default() -> Self {
        OutcomeSettings {
            swemwbs_registered_on: None,
            ons4_change: 1,
            ucla_change: 1,
            swemwbs_change: 3,
        }
    }
}

impl OutcomeSettings {
    pub fn swemwbs_allowed(&self) -> bool {
        self.swemwbs_registered_on.is_some()
    }

    /// The change that counts on `kind`'s scales.
    pub fn threshold(&self, kind: super::instruments::InstrumentKind) -> f64 {
        use super::instruments::InstrumentKind;
        f64::from(match kind {
            InstrumentKind::Ons4 => self.ons4_change,
            InstrumentKind::Loneliness => self.ucla_change,
            InstrumentKind::Swemwbs => self.swemwbs_change,
        })
    }

    fn validated(self) -> Validated<Self> {
        for (field, value, most) in [
            ("outcomes.ons4_change", self.ons4_change, 10),
            ("outcomes.ucla_change", self.ucla_change, 6),
            ("outcomes.swemwbs_change", self.swemwbs_change, 28),
        ] {
            if !(1..=most).contains(&value) {
                return Err(ValidationError::new(
                    field,
                    format!("Choose a number of points from 1 to {most}."),
                ));
            }
        }
        Ok(self)
    }
}

/// How long the organisation keeps records, in months. Tend suggests these
/// periods; they count only once the organisation has confirmed them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RetentionSchedule {
    /// People, after their last contact.
    pub people_months: u16,
    /// Closed referrals, after they closed.
    pub closed_referrals_months: u16,
    /// Volunteers, after they leave.
    pub volunteers_months: u16,
    /// DBS certificate details, after the recruitment decision.
    pub dbs_months: u16,
    /// When the organisation confirmed the schedule as its own.
    #[serde(default)]
    pub confirmed_on: Option<NaiveDate>,
}

impl Default for RetentionSchedule {
    /// Tend's suggestion: three years after last contact for people and
    /// closed referrals, a year for volunteers who have left, and six
    /// months for DBS certificate details, as DBS guidance advises.
    fn default() -> Self {
        RetentionSchedule {
            people_months: 36,
            closed_referrals_months: 36,
            volunteers_months: 12,
            dbs_months: 6,
            confirmed_on: None,
        }
    }
}

impl RetentionSchedule {
    /// The longest period Tend accepts: fifty years.
    pub const MAX_MONTHS: u16 = 600;

    fn validated(self) -> Validated<Self> {
        for (field, months) in [
            ("retention.people_months", self.people_months),
            (
                "retention.closed_referrals_months",
                self.closed_referrals_months,
            ),
            ("retention.volunteers_months", self.volunteers_months),
            ("retention.dbs_months", self.dbs_months),
        ] {
            if !(1..=Self::MAX_MONTHS).contains(&months) {
                return Err(ValidationError::new(
                    field,
                    format!("Choose a number of months from 1 to {}.", Self::MAX_MONTHS),
                ));
            }
        }
        Ok(self)
    }
}

fn default_waiting_days() -> u16 {
    7
}

fn default_progress_weeks() -> u16 {
    8
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            stopped_coming_after: 3,
            waiting_too_long_days: default_waiting_days(),
            progress_every_weeks: default_progress_weeks(),
            retention: RetentionSchedule::default(),
            outcomes: OutcomeSettings::default(),
            lists: PersonCentredLists::default(),
            holidays: HolidaySettings::default(),
            text_size: default_text_size(),
        }
    }
}

impl Settings {
    pub fn validated(self) -> Validated<Self> {
        if !(1..=52).contains(&self.stopped_coming_after) {
            return Err(ValidationError::new(
                "stopped_coming_after",
                "Choose a number of sessions from 1 to 52.",
            ));
        }
        if !(1..=365).contains(&self.waiting_too_long_days) {
            return Err(ValidationError::new(
                "waiting_too_long_days",
                "Choose a number of days from 1 to 365.",
            ));
        }
        if !TEXT_SIZES.contains(&self.text_size) {
            return Err(ValidationError::new(
                "text_size",
                format!(
                    "Choose a text size from {}% to {}%.",
                    TEXT_SIZES.start(),
                    TEXT_SIZES.end()
                ),
            ));
        }
        if !(1..=52).contains(&self.progress_every_weeks) {
            return Err(ValidationError::new(
                "progress_every_weeks",
                "Choose a number of weeks from 1 to 52.",
            ));
        }
        Ok(Self {
            retention: self.retention.validated()?,
            outcomes: self.outcomes.validated()?,
            lists: self.lists.validated()?,
            holidays: self.holidays.clone().validated()?,
            ..self
        })
    }
}

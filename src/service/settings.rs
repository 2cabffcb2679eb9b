//! Settings: how Tend follows people up, writes to referrers and keeps
//! bank holidays.

use chrono::{Months, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::domain::bank_holidays::Nation;
use crate::domain::{Settings, dates};
use crate::{Result, Tend};

/// The nations to choose from and the bank holidays of the year ahead,
/// for Settings.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BankHolidaysAhead {
    pub nations: Vec<NationChoice>,
    /// "Friday 25 December 2026, Christmas Day"
    pub upcoming: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct NationChoice {
    pub nation: Nation,
    pub words: String,
}

impl Tend {
    pub fn settings(&self) -> Result<Settings> {
        Ok(self.store.settings()?)
    }

    pub fn save_settings(&self, settings: Settings) -> Result<Settings> {
        let settings = settings.validated()?;
        self.store.save_settings(&settings)?;
        Ok(settings)
    }

    /// The bank holidays kept in the twelve months from `today`.
    pub fn bank_holidays_ahead(&self, today: NaiveDate) -> Result<BankHolidaysAhead> {
        let holidays = self.settings()?.holidays;
        let year_on = today.checked_add_months(Months::new(12)).unwrap_or(today);
        Ok(BankHolidaysAhead {
            nations: Nation::ALL
                .iter()
                .map(|n| NationChoice {
                    nation: *n,
                    words: n.words().into(),
                })
                .collect(),
            upcoming: holidays
                .between(today, year_on)
                .into_iter()
                .map(|h| format!("{}, {}", dates::long_date(h.date), h.name))
                .collect(),
        })
    }
}

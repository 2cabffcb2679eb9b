//! UK bank holidays, worked out by rule for each nation (Easter, the
//! Mondays of May and August, St Andrew's, St Patrick's and the Boyne, and
//! substitute days when a holiday falls at a weekend), plus the one-off
//! days an organisation adds (a coronation, a state funeral).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::SessionId;
use super::validation::{Validated, ValidationError};

/// Which nation's bank holidays the organisation keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Nation {
    #[default]
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

impl Nation {
    pub const ALL: [Nation; 3] = [
        Nation::EnglandAndWales,
        Nation::Scotland,
        Nation::NorthernIreland,
    ];

    pub fn words(self) -> &'static str {
        match self {
            Nation::EnglandAndWales => "England and Wales",
            Nation::Scotland => "Scotland",
            Nation::NorthernIreland => "Northern Ireland",
        }
    }
}

/// A day off: "Christmas Day", or "Boxing Day (substitute day)".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BankHoliday {
    pub date: NaiveDate,
    pub name: String,
}

/// The nation kept and the one-off days added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HolidaySettings {
    #[serde(default)]
    pub nation: Nation,
    /// One-off days, oldest first.
    #[serde(default)]
    pub extra: Vec<BankHoliday>,
    /// Planned sessions on a bank holiday the coordinator chose to keep.
    #[serde(default)]
    pub kept: Vec<SessionId>,
}

/// A one-off day's name is a line of text.
pub const NAME_MAX: usize = 80;

impl HolidaySettings {
    /// Every bank holiday from `from` to `to`, both included, in date order.
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> Vec<BankHoliday> {
        let mut days: Vec<BankHoliday> = (from.year()..=to.year())
            .flat_map(|year| by_rule(self.nation, year))
            .chain(self.extra.iter().cloned())
            .filter(|d| (from..=to).contains(&d.date))
            .collect();
        days.sort_by_key(|d| d.date);
        days.dedup_by_key(|d| d.date);
        days
    }

    /// The bank holiday on `date`, if it is one.
    pub fn on(&self, date: NaiveDate) -> Option<BankHoliday> {
        self.between(date, date).into_iter().next()
    }

    /// The settings with each one-off day checked as `add_extra` checks it.
    pub fn validated(self) -> Validated<Self> {
        let mut checked = HolidaySettings {
            extra: Vec::new(),
            ..self.clone()
        };
        for day in &self.extra {
            checked.add_extra(day.date, &day.name)?;
        }
        Ok(checked)
    }

    /// Adds a one-off day, refusing a blank name or a day already a holiday.
    pub fn add_extra(&mut self, date: NaiveDate, name: &str) -> Validated<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ValidationError::new(
                "holiday_name",
                "Give the day a name, such as \"Coronation of King Charles III\".",
            ));
        }
        if name.chars().count() > NAME_MAX {
            return Err(ValidationError::new(
                "holiday_name",
                format!("Keep the name to {NAME_MAX} characters."),
            ));
        }
        if let Some(already) = self.on(date) {
            return Err(ValidationError::new(
                "holiday_date",
                format!(
                    "{} is already a bank holiday: {}.",
                    super::dates::long_date(date),
                    already.name
                ),
            ));
        }
        self.extra.push(BankHoliday {
            date,
            name: name.to_string(),
        });
        self.extra.sort_by_key(|d| d.date);
        Ok(())
    }
}

/// A nation's bank holidays in `year` by rule, in date order.
pub fn by_rule(nation: Nation, year: i32) -> Vec<BankHoliday> {
    let day = |month, d| NaiveDate::from_ymd_opt(year, month, d);
    let easter = easter_sunday(year);
    // Days that fall where they fall, weekday or not.
    let mut moving: Vec<(NaiveDate, &str)> = Vec::new();
    // Days on a date, moved to the next free weekday when at a weekend.
    let mut fixed: Vec<(Option<NaiveDate>, &str)> = vec![(day(1, 1), "New Year’s Day")];
    if nation == Nation::Scotland {
        fixed.push((day(1, 2), "2nd January"));
    }
    if nation == Nation::NorthernIreland {
        fixed.push((day(3, 17), "St Patrick’s Day"));
    }
    if let Some(easter) = easter {
        moving.extend(
            easter
                .checked_sub_days(Days::new(2))
                .map(|d| (d, "Good Friday")),
        );
        if nation != Nation::Scotland {
            moving.extend(
                easter
                    .checked_add_days(Days::new(1))
                    .map(|d| (d, "Easter Monday")),
            );
        }
    }
    moving.extend(first_monday(year, 5).map(|d| (d, "Early May bank holiday")));
    moving.extend(last_monday(year, 5).map(|d| (d, "Spring bank holiday")));
    if nation == Nation::NorthernIreland {
        fixed.push((day(7, 12), "Battle of the Boyne (Orangemen’s Day)"));
    }
    let summer = if nation == Nation::Scotland {
        first_monday(year, 8)
    } else {
        last_monday(year, 8)
    };
    moving.extend(summer.map(|d| (d, "Summer bank holiday")));
    if nation == Nation::Scotland {
        fixed.push((day(11, 30), "St Andrew’s Day"));
    }
    fixed.push((day(12, 25), "Christmas Day"));
    fixed.push((day(12, 26), "Boxing Day"));

    let mut days: Vec<BankHoliday> = moving
        .into_iter()
        .map(|(date, name)| BankHoliday {
            date,
            name: name.into(),
        })
        .collect();
    let fixed: Vec<(NaiveDate, &str)> = fixed
        .into_iter()
        .filter_map(|(date, name)| date.map(|d| (d, name)))
        .collect();
    let weekend = |d: NaiveDate| matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    // Those on a weekday first, so a substitute day goes past them.
    for (date, name) in fixed.iter().filter(|(d, _)| !weekend(*d)) {
        days.push(BankHoliday {
            date: *date,
            name: (*name).into(),
        });
    }
    for (date, name) in fixed.iter().filter(|(d, _)| weekend(*d)) {
        let mut substitute = *date;
        while weekend(substitute) || days.iter().any(|d| d.date == substitute) {
            substitute = substitute.succ_opt().unwrap_or(substitute);
        }
        days.push(BankHoliday {
            date: substitute,
            name: format!("{name} (substitute day)"),
        });
    }
    days.sort_by_key(|d| d.date);
    days
}

/// Easter Sunday in the Gregorian calendar (the anonymous algorithm).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

fn first_monday(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1)
}

fn last_monday(year: i32, month: u32) -> Option<NaiveDate> {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }?;
    let mut day = next.pred_opt()?;
    while day.weekday() != Weekday::Mon {
        day = day.pred_opt()?;
    }
    Some(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn listed(nation: Nation, year: i32) -> Vec<(NaiveDate, String)> {
        by_rule(nation, year)
            .into_iter()
            .map(|d| (d.date, d.name))
            .collect()
    }

    #[test]
    fn easter_falls_where_the_almanac_says() {
        for (year, month, day) in [
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2028, 4, 16),
            (2038, 4, 25),
        ] {
            assert_eq!(easter_sunday(year), Some(date(year, month, day)));
        }
    }

    #[test]
    fn england_and_wales_2026_as_gov_uk_lists_it() {
        let expected = [
            (date(2026, 1, 1), "New Year’s Day"),
            (date(2026, 4, 3), "Good Friday"),
            (date(2026, 4, 6), "Easter Monday"),
            (date(2026, 5, 4), "Early May bank holiday"),
            (date(2026, 5, 25), "Spring bank holiday"),
            (date(2026, 8, 31), "Summer bank holiday"),
            (date(2026, 12, 25), "Christmas Day"),
            (date(2026, 12, 28), "Boxing Day (substitute day)"),
        ];
        let got = listed(Nation::EnglandAndWales, 2026);
        let want: Vec<(NaiveDate, String)> =
            expected.iter().map(|(d, n)| (*d, n.to_string())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn christmas_at_a_weekend_moves_past_boxing_day() {
        // 2022: Christmas on a Sunday; Boxing Day Monday, Christmas Tuesday.
        let days = listed(Nation::EnglandAndWales, 2022);
        assert!(days.contains(&(date(2022, 12, 26), "Boxing Day".into())));
        assert!(days.contains(&(date(2022, 12, 27), "Christmas Day (substitute day)".into())));
        // 2021: Christmas on a Saturday; Monday 27 and Tuesday 28.
        let days = listed(Nation::EnglandAndWales, 2021);
        assert!(days.contains(&(date(2021, 12, 27), "Christmas Day (substitute day)".into())));
        assert!(days.contains(&(date(2021, 12, 28), "Boxing Day (substitute day)".into())));
        // 2027: New Year's Day on a Friday, Christmas on a Saturday.
        let days = listed(Nation::EnglandAndWales, 2027);
        assert!(days.contains(&(date(2027, 1, 1), "New Year’s Day".into())));
        assert!(days.contains(&(date(2027, 12, 27), "Christmas Day (substitute day)".into())));
    }

    #[test]
    fn scotland_keeps_2_january_and_st_andrews_day_and_an_early_summer_holiday() {
        let days = listed(Nation::Scotland, 2027);
        // 2027: 2 January is a Saturday, so Monday 4 January.
        assert!(days.contains(&(date(2027, 1, 4), "2nd January (substitute day)".into())));
        assert!(days.contains(&(date(2027, 8, 2), "Summer bank holiday".into())));
        // 30 November 2027 is a Tuesday.
        assert!(days.contains(&(date(2027, 11, 30), "St Andrew’s Day".into())));
        assert!(!days.iter().any(|(_, n)| n == "Easter Monday"));
        // 2026: St Andrew's Day on a Monday.
        assert!(
            listed(Nation::Scotland, 2026)
                .contains(&(date(2026, 11, 30), "St Andrew’s Day".into()))
        );
    }

    #[test]
    fn northern_ireland_keeps_st_patricks_day_and_the_boyne() {
        let days = listed(Nation::NorthernIreland, 2026);
        assert!(days.contains(&(date(2026, 3, 17), "St Patrick’s Day".into())));
        // 12 July 2026 is a Sunday.
        assert!(days.contains(&(
            date(2026, 7, 13),
            "Battle of the Boyne (Orangemen’s Day) (substitute day)".into()
        )));
        assert_eq!(days.len(), 10);
    }

    #[test]
    fn one_off_days_join_the_list_and_a_clash_or_blank_is_refused() {
        let mut settings = HolidaySettings::default();
        settings
            .add_extra(date(2027, 6, 7), "  Community clean-up day ")
            .unwrap();
        let june = settings.between(date(2027, 6, 1), date(2027, 6, 30));
        assert_eq!(june.len(), 1);
        assert_eq!(june[0].name, "Community clean-up day");
        let err = settings.add_extra(date(2026, 12, 25), "Again").unwrap_err();
        assert_eq!(err.field, "holiday_date");
        assert!(
            err.message
                .contains("Friday 25 December 2026 is already a bank holiday: Christmas Day."),
            "{}",
            err.message
        );
        assert_eq!(
            settings.add_extra(date(2027, 6, 8), " ").unwrap_err().field,
            "holiday_name"
        );
        assert_eq!(settings.extra.len(), 1, "refusals changed nothing");
        // A span of years lists each year's days in order.
        let span = settings.between(date(2026, 12, 1), date(2027, 1, 31));
        let dates: Vec<NaiveDate> = span.iter().map(|d| d.date).collect();
        assert_eq!(
            dates,
            [date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)]
        );
    }
}

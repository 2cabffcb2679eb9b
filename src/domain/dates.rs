//! Dates as people in the UK read and write them.

use chrono::{Datelike, NaiveDate, NaiveTime};

use super::validation::{Validated, ValidationError};

/// "Tuesday 3 March 2026"
pub fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// "3 March 2026": a letter's date, a date of birth
pub fn day_month_year(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// "03/03/2026"
pub fn short_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// "10:30"
pub fn clock(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

/// A stretch of dates runs forwards: the one rule every date range keeps
/// (sessions to generate, a register, a rota, a time away).
pub fn check_order(from: NaiveDate, to: NaiveDate) -> Validated<()> {
    if to < from {
        return Err(ValidationError::new(
            "to",
            "The end date is before the start date.",
        ));
    }
    Ok(())
}

/// Parses `YYYY-MM-DD` (what date pickers and the command line send) or
/// `DD/MM/YYYY` (what people type and spreadsheets hold).
pub fn parse_date(field: &str, label: &str, value: &str) -> Validated<NaiveDate> {
    let value = value.trim();
    // chrono reads "1/2/45" as the year 45: a year must be written in full.
    let year = if value.contains('/') {
        value.rsplit('/').next()
    } else {
        value.split('-').next()
    };
    if let Some(year) = year
        && year.chars().all(|c| c.is_ascii_digit())
        && year.len() < 4
        && !year.is_empty()
    {
        return Err(ValidationError::new(
            field,
            format!(
                "{label} has a {}-digit year (\"{value}\"): write the year in full, such as 1945 or 2045.",
                year.len()
            ),
        ));
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value, "%d/%m/%Y"))
        .map_err(|_| {
            ValidationError::new(
                field,
                format!("{label} must be a real date such as 2026-03-03 or 03/03/2026 (got \"{value}\")."),
            )
        })
}

/// Parses a month as `YYYY-MM` into its first and last days.
pub fn parse_month(field: &str, label: &str, value: &str) -> Validated<(NaiveDate, NaiveDate)> {
    let value = value.trim();
    let first = NaiveDate::parse_from_str(&format!("{value}-01"), "%Y-%m-%d").map_err(|_| {
        ValidationError::new(
            field,
            format!("{label} must be a month such as 2026-11 (got \"{value}\")."),
        )
    })?;
    let last = first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|next| next.pred_opt())
        .ok_or_else(|| ValidationError::new(field, format!("{label} is out of range.")))?;
    Ok((first, last))
}

/// "November 2026"
pub fn month_name(date: NaiveDate) -> String {
    date.format("%B %Y").to_string()
}

/// A named stretch of dates a report can cover.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Period {
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The periods a report offers on `today`: this quarter and the last
/// (calendar quarters, January to March first) and this year so far.
pub fn report_periods(today: NaiveDate) -> Vec<Period> {
    let this = quarter_of(today);
    vec![
        this.clone(),
        quarter_of(this.from.pred_opt().unwrap_or(this.from)).named("Last quarter"),
        Period {
            label: "This year".into(),
            from: NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
            to: NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today),
        },
    ]
}

/// The periods a register offers: this month, this quarter, last quarter.
pub fn register_periods(today: NaiveDate) -> Vec<Period> {
    let month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    let this = quarter_of(today);
    vec![
        Period {
            label: "This month".into(),
            from: month,
            to: last_day_after(month, 1),
        },
        this.clone(),
        quarter_of(this.from.pred_opt().unwrap_or(this.from)).named("Last quarter"),
    ]
}

/// "This quarter": the calendar quarter `day` is in.
fn quarter_of(day: NaiveDate) -> Period {
    let month = (day.month0() / 3) * 3 + 1;
    let from = NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day);
    Period {
        label: "This quarter".into(),
        from,
        to: last_day_after(from, 3),
    }
}

/// The day before `months` months after `start`.
fn last_day_after(start: NaiveDate, months: u32) -> NaiveDate {
    start
        .checked_add_months(chrono::Months::new(months))
        .and_then(|d| d.pred_opt())
        .unwrap_or(start)
}

impl Period {
    fn named(self, label: &str) -> Self {
        Period {
            label: label.into(),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_register_offers_this_month_this_quarter_and_the_last() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let periods: Vec<(String, NaiveDate, NaiveDate)> = register_periods(day(2027, 1, 15))
            .into_iter()
            .map(|p| (p.label, p.from, p.to))
            .collect();
        assert_eq!(
            periods,
            [
                ("This month".into(), day(2027, 1, 1), day(2027, 1, 31)),
                ("This quarter".into(), day(2027, 1, 1), day(2027, 3, 31)),
                ("Last quarter".into(), day(2026, 10, 1), day(2026, 12, 31)),
            ]
        );
    }

    #[test]
    fn a_report_offers_this_quarter_the_last_and_this_year() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let periods = report_periods(day(2026, 12, 1));
        assert_eq!(
            (periods[0].from, periods[0].to),
            (day(2026, 10, 1), day(2026, 12, 31))
        );
        assert_eq!(
            (periods[1].from, periods[1].to),
            (day(2026, 7, 1), day(2026, 9, 30))
        );
        let january = report_periods(day(2027, 1, 15));
        assert_eq!(
            (january[1].from, january[1].to),
            (day(2026, 10, 1), day(2026, 12, 31))
        );
        assert_eq!(january[2].from, day(2027, 1, 1));
    }

    #[test]
    fn formats_the_uk_way() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        assert_eq!(long_date(d), "Tuesday 3 March 2026");
        assert_eq!(short_date(d), "03/03/2026");
    }

    #[test]
    fn parses_both_forms_and_refuses_impossible_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        assert_eq!(parse_date("d", "Date", "2026-03-03").unwrap(), d);
        assert_eq!(parse_date("d", "Date", "03/03/2026").unwrap(), d);
        let err = parse_date("date", "Date", "2026-02-31").unwrap_err();
        assert_eq!(err.field, "date");
    }

    #[test]
    fn months_run_from_first_to_last_day() {
        let (first, last) = parse_month("month", "--month", "2028-02").unwrap();
        assert_eq!(
            (first.to_string(), last.to_string()),
            ("2028-02-01".into(), "2028-02-29".into())
        );
        assert_eq!(month_name(first), "February 2028");
        assert!(parse_month("month", "--month", "2028-13").is_err());
        assert!(parse_month("month", "--month", "Nov").is_err());
    }
}

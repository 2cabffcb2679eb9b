//! Dates as people in the UK read and write them.

use chrono::{NaiveDate, NaiveTime};

use super::validation::{Validated, ValidationError};

/// "Tuesday 3 March 2026"
pub fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// "03/03/2026"
pub fn short_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// "10:30"
pub fn clock(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

/// Parses `YYYY-MM-DD` (what date pickers and the command line send) or
/// `DD/MM/YYYY` (what people type and spreadsheets hold).
pub fn parse_date(field: &str, label: &str, value: &str) -> Validated<NaiveDate> {
    let value = value.trim();
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value, "%d/%m/%Y"))
        .map_err(|_| {
            ValidationError::new(
                field,
                format!("{label} must be a real date such as 2026-03-03 or 03/03/2026 (got \"{value}\")."),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

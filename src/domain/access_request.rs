//! A request from a person to see everything held about them (a subject
//! access request, UK GDPR Article 15). It is due one calendar month after
//! it was received (the same date next month, or that month's last day
//! when it has none); a complex request may be extended by up to two
//! further months.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::dates;
use super::ids::{AccessRequestId, ParticipantId};
use super::validation::{Validated, ValidationError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AccessRequest {
    pub id: AccessRequestId,
    pub participant: ParticipantId,
    pub received_on: NaiveDate,
    #[serde(default)]
    pub extended_to: Option<NaiveDate>,
    #[serde(default)]
    pub answered_on: Option<NaiveDate>,
}

fn months_after(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

impl AccessRequest {
    pub fn new(
        participant: ParticipantId,
        received_on: NaiveDate,
        today: NaiveDate,
    ) -> Validated<Self> {
        if received_on > today {
            return Err(ValidationError::new(
                "received_on",
                "The date received cannot be in the future.",
            ));
        }
        Ok(Self {
            id: AccessRequestId::new(),
            participant,
            received_on,
            extended_to: None,
            answered_on: None,
        })
    }

    /// When the reply is due: one calendar month on, or as extended.
    pub fn due_on(&self) -> NaiveDate {
        self.extended_to
            .unwrap_or_else(|| months_after(self.received_on, 1))
    }

    pub fn is_open(&self) -> bool {
        self.answered_on.is_none()
    }

    /// Extended (a complex request) to `to`: after the usual month, and no
    /// more than three months after it was received.
    pub fn extended(self, to: NaiveDate) -> Validated<Self> {
        let latest = months_after(self.received_on, 3);
        if to <= months_after(self.received_on, 1) || to > latest {
            return Err(ValidationError::new(
                "extended_to",
                format!(
                    "An extension runs to a date after the usual month and no later than {}.",
                    dates::long_date(latest)
                ),
            ));
        }
        self.still_open()?;
        Ok(Self {
            extended_to: Some(to),
            ..self
        })
    }

    /// Answered on `on`: not before it was received, not after today.
    pub fn answered(self, on: NaiveDate, today: NaiveDate) -> Validated<Self> {
        if on < self.received_on || on > today {
            return Err(ValidationError::new(
                "answered_on",
                "Give the day the reply was sent: not before the request came, and not in the future.",
            ));
        }
        self.still_open()?;
        Ok(Self {
            answered_on: Some(on),
            ..self
        })
    }

    fn still_open(&self) -> Validated<()> {
        match self.answered_on {
            Some(on) => Err(ValidationError::new(
                "answered_on",
                format!("This request was answered on {}.", dates::long_date(on)),
            )),
            None => Ok(()),
        }
    }

    /// "due in 12 days", "due today", "3 days overdue", "answered 4 March 2026".
    pub fn words(&self, today: NaiveDate) -> String {
        if let Some(on) = self.answered_on {
            return format!("answered {}", dates::long_date(on));
        }
        let days = (self.due_on() - today).num_days();
        match days {
            0 => "due today".into(),
            1 => "due tomorrow".into(),
            d if d > 1 => format!("due in {d} days"),
            -1 => "1 day overdue".into(),
            d => format!("{} days overdue", -d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn received(on: NaiveDate) -> AccessRequest {
        AccessRequest::new(ParticipantId::new(), on, day(2026, 12, 1)).unwrap()
    }

    #[test]
    fn a_request_is_due_one_calendar_month_on() {
        assert_eq!(received(day(2026, 9, 3)).due_on(), day(2026, 10, 3));
        // 31 January has no 31 February: the month's last day.
        assert_eq!(received(day(2026, 1, 31)).due_on(), day(2026, 2, 28));
    }

    #[test]
    fn it_says_how_long_is_left() {
        let request = received(day(2026, 11, 13));
        assert_eq!(request.words(day(2026, 12, 1)), "due in 12 days");
        assert_eq!(request.words(day(2026, 12, 13)), "due today");
        assert_eq!(request.words(day(2026, 12, 16)), "3 days overdue");
        let answered = request
            .answered(day(2026, 12, 1), day(2026, 12, 1))
            .unwrap();
        assert_eq!(
            answered.words(day(2026, 12, 20)),
            "answered Tuesday 1 December 2026"
        );
    }

    #[test]
    fn extensions_and_answers_are_checked() {
        let request = received(day(2026, 9, 3));
        assert_eq!(
            request
                .clone()
                .extended(day(2026, 10, 3))
                .unwrap_err()
                .field,
            "extended_to"
        );
        assert!(request.clone().extended(day(2026, 12, 4)).is_err());
        assert_eq!(
            request.clone().extended(day(2026, 12, 3)).unwrap().due_on(),
            day(2026, 12, 3)
        );
        assert!(
            request
                .clone()
                .answered(day(2026, 9, 2), day(2026, 12, 1))
                .is_err()
        );
        assert!(
            request
                .clone()
                .answered(day(2026, 12, 2), day(2026, 12, 1))
                .is_err()
        );
        let answered = request
            .answered(day(2026, 9, 20), day(2026, 12, 1))
            .unwrap();
        assert!(!answered.is_open());
        assert!(
            answered
                .answered(day(2026, 9, 21), day(2026, 12, 1))
                .is_err()
        );
        assert!(
            AccessRequest::new(ParticipantId::new(), day(2026, 12, 2), day(2026, 12, 1)).is_err()
        );
    }
}

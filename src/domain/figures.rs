//! The rules for the numbers a report shows: a count of fewer than five
//! people is shown as "<5", so nobody can be picked out of a small group.

use serde::Serialize;
use ts_rs::TS;

/// Groups of people smaller than this are not shown as a number.
pub const SMALLEST_SHOWN: u64 = 5;

/// One figure of a report: what is counted, over which part of the whole
/// ("all", "referrer:Dr Siân Evans"), and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Figure {
    pub measure: String,
    pub breakdown: String,
    #[ts(type = "number")]
    pub value: u64,
    /// It counts people (or what people did), so a small one is hidden.
    pub describes_people: bool,
}

impl Figure {
    pub fn people(measure: &str, breakdown: impl Into<String>, value: u64) -> Self {
        Self {
            measure: measure.into(),
            breakdown: breakdown.into(),
            value,
            describes_people: true,
        }
    }

    pub fn sessions(measure: &str, value: u64) -> Self {
        Self {
            measure: measure.into(),
            breakdown: "all".into(),
            value,
            describes_people: false,
        }
    }

    /// Whether the value may be shown as a number (or drawn).
    pub fn is_shown(&self) -> bool {
        !(self.describes_people && self.value < SMALLEST_SHOWN)
    }

    /// The value as a page shows it: "<5" for fewer than five people
    /// (none included), else with thousands separated ("12,345").
    pub fn shown(&self) -> String {
        if !self.is_shown() {
            "<5".into()
        } else {
            super::text::thousands(self.value)
        }
    }

    /// The value as a sentence says it: "fewer than 5", or "1,204".
    pub fn in_words(&self) -> String {
        if self.is_shown() {
            self.shown()
        } else {
            format!("fewer than {SMALLEST_SHOWN}")
        }
    }

    /// The value as a spreadsheet takes it: "<5", or plain digits.
    pub fn plain(&self) -> String {
        if !self.is_shown() {
            "<5".into()
        } else {
            self.value.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fewer_than_five_people_are_never_shown_as_a_number() {
        assert_eq!(Figure::people("attendances", "all", 4).shown(), "<5");
        assert_eq!(Figure::people("attendances", "all", 0).shown(), "<5");
        assert_eq!(Figure::people("attendances", "all", 5).shown(), "5");
        assert_eq!(
            Figure::people("attendances", "all", 12_345).shown(),
            "12,345"
        );
        assert_eq!(Figure::sessions("sessions_held", 3).shown(), "3");
        assert_eq!(
            Figure::people("new_people", "all", 3).in_words(),
            "fewer than 5"
        );
        assert_eq!(
            Figure::people("attendances", "all", 12_345).plain(),
            "12345"
        );
        assert_eq!(Figure::people("attendances", "all", 2).plain(), "<5");
    }
}

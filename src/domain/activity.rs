//! An activity is a regular group ("Tuesday Health Walk"); its sessions are
//! generated from its recurrence.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::{ActivityId, ParticipantId, RoleId, SessionId, VolunteerId};
use super::text::{self, LINE_MAX, NAME_MAX};
use super::validation::{Validated, ValidationError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Activity {
    pub id: ActivityId,
    #[serde(flatten)]
    pub details: ActivityDetails,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActivityDetails {
    pub name: String,
    pub kind: ActivityKind,
    pub meeting_place: String,
    pub recurrence: Recurrence,
    #[ts(type = "string")]
    pub start_time: NaiveTime,
    pub duration_minutes: u16,
    #[serde(default)]
    pub capacity: Option<u16>,
    /// Who usually leads; printed on the sign-in sheet.
    #[serde(default)]
    pub leader: String,
    #[serde(default)]
    pub roles_needed: Vec<RoleNeed>,
    #[serde(default)]
    pub last_risk_assessment: Option<NaiveDate>,
    /// Goes ahead on bank holidays (most groups do not).
    #[serde(default)]
    pub runs_on_bank_holidays: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    HealthWalk,
    Garden,
    Arts,
    Social,
    Other,
}

/// A day of the week, spelled out for people and for the UI's types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Day {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl From<Day> for Weekday {
    fn from(day: Day) -> Weekday {
        match day {
            Day::Monday => Weekday::Mon,
            Day::Tuesday => Weekday::Tue,
            Day::Wednesday => Weekday::Wed,
            Day::Thursday => Weekday::Thu,
            Day::Friday => Weekday::Fri,
            Day::Saturday => Weekday::Sat,
            Day::Sunday => Weekday::Sun,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "pattern", rename_all = "snake_case")]
pub enum Recurrence {
    Weekly {
        day: Day,
    },
    /// Every other week, counting from the `starting` date.
    Fortnightly {
        day: Day,
        starting: NaiveDate,
    },
    /// The nth (1–4) weekday of each month, or the last one when `nth` is 5.
    MonthlyNth {
        nth: u8,
        day: Day,
    },
}

/// The longest span sessions are generated for at once.
pub const MAX_GENERATE_DAYS: i64 = 2 * 366;

impl Recurrence {
    /// Every date of the pattern from `from` to `to`, both included.
    pub fn dates(&self, from: NaiveDate, to: NaiveDate) -> Validated<Vec<NaiveDate>> {
        super::dates::check_order(from, to)?;
        if (to - from).num_days() > MAX_GENERATE_DAYS {
            return Err(ValidationError::new(
                "to",
                "Sessions can be generated for up to two years at a time.",
            ));
        }
        let dates = match *self {
            Recurrence::Weekly { day } => every_n_days(first_on_or_after(from, day.into()), to, 7),
            Recurrence::Fortnightly { day, starting } => {
                let anchor = first_on_or_after(starting, day.into());
                let start = if anchor >= from {
                    anchor
                } else {
                    let fortnights = ((from - anchor).num_days() + 13) / 14;
                    anchor + chrono::Duration::days(fortnights * 14)
                };
                every_n_days(start, to, 14)
            }
            Recurrence::MonthlyNth { nth, day } => {
                if !(1..=5).contains(&nth) {
                    return Err(ValidationError::new(
                        "recurrence",
                        "Choose the 1st, 2nd, 3rd, 4th or last week of the month.",
                    ));
                }
                months(from, to)
                    .filter_map(|(y, m)| nth_weekday(y, m, nth, day.into()))
                    .filter(|d| *d >= from && *d <= to)
                    .collect()
            }
        };
        Ok(dates)
    }
}

fn first_on_or_after(date: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - date.weekday().num_days_from_monday()) % 7;
    date + Days::new(u64::from(ahead))
}

fn every_n_days(start: NaiveDate, to: NaiveDate, step: u64) -> Vec<NaiveDate> {
    std::iter::successors(Some(start), |d| d.checked_add_days(Days::new(step)))
        .take_while(|d| *d <= to)
        .collect()
}

fn months(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = (i32, u32)> {
    let first = from.year() * 12 + from.month0() as i32;
    let last = to.year() * 12 + to.month0() as i32;
    (first..=last).map(|m| (m.div_euclid(12), m.rem_euclid(12) as u32 + 1))
}

fn nth_weekday(year: i32, month: u32, nth: u8, weekday: Weekday) -> Option<NaiveDate> {
    if nth == 5 {
        let next_month = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        }?;
        let last_day = next_month.pred_opt()?;
        let back =
            (7 + last_day.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
        return last_day.checked_sub_days(Days::new(u64::from(back)));
    }
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, nth)
}

/// One kind of helper a session needs: one walk leader per 20 walkers, one back marker…
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoleNeed {
    pub role: RoleId,
    pub count: u16,
    /// When set, `count` more are needed for every this many expected participants.
    #[serde(default)]
    pub per_participants: Option<u16>,
}

/// Who is expected at an activity, and since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub activity: ActivityId,
    pub participant: ParticipantId,
    pub joined_on: NaiveDate,
    #[serde(default)]
    pub left_on: Option<NaiveDate>,
    /// A volunteer who meets them at a first session and goes with them.
    #[serde(default)]
    pub buddy: Option<Buddy>,
}

/// Who meets a new person, and at which session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buddy {
    pub volunteer: VolunteerId,
    pub session: SessionId,
}

impl Enrolment {
    /// Enrolled on `date`: joined on or before it and not yet left.
    pub fn is_current_on(&self, date: NaiveDate) -> bool {
        spell_is_current(self.joined_on, self.left_on, date)
    }
}

/// A spell joined on `joined_on` (and left on `left_on`, if it was) is
/// current on `date` when it had begun and not yet ended.
pub fn spell_is_current(joined_on: NaiveDate, left_on: Option<NaiveDate>, date: NaiveDate) -> bool {
    joined_on <= date && left_on.is_none_or(|left| left > date)
}

/// A risk assessment is redone at least this often.
pub const RISK_ASSESSMENT_EVERY_MONTHS: u32 = 6;

impl ActivityDetails {
    /// No risk assessment yet, or the last is over six months old.
    pub fn risk_assessment_due(&self, today: NaiveDate) -> bool {
        let cutoff = today
            .checked_sub_months(Months::new(RISK_ASSESSMENT_EVERY_MONTHS))
            .unwrap_or(NaiveDate::MIN);
        self.last_risk_assessment.is_none_or(|last| last < cutoff)
    }

    pub fn validated(self) -> Validated<Self> {
        if self.duration_minutes == 0 || self.duration_minutes > 24 * 60 {
            return Err(ValidationError::new(
                "duration_minutes",
                "Length must be between 1 minute and 24 hours.",
            ));
        }
        if self.capacity == Some(0) {
            return Err(ValidationError::new(
                "capacity",
                "Capacity must be at least 1, or left empty for no limit.",
            ));
        }
        if let Recurrence::MonthlyNth { nth, .. } = self.recurrence
            && !(1..=5).contains(&nth)
        {
            return Err(ValidationError::new(
                "recurrence",
                "Choose the 1st, 2nd, 3rd, 4th or last week of the month.",
            ));
        }
        Ok(Self {
            name: text::required("name", "Name", &self.name, NAME_MAX)?,
            meeting_place: text::required(
                "meeting_place",
                "Meeting place",
                &self.meeting_place,
                LINE_MAX,
            )?,
            leader: text::optional("leader", "Leader", &self.leader, NAME_MAX)?,
            ..self
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_risk_assessment_falls_due_after_six_months() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let walk = |last: Option<NaiveDate>| ActivityDetails {
            name: "Canal walk".into(),
            kind: ActivityKind::HealthWalk,
            meeting_place: "Lock 3".into(),
            recurrence: Recurrence::Weekly { day: Day::Tuesday },
            start_time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            duration_minutes: 60,
            capacity: None,
            leader: String::new(),
            roles_needed: vec![],
            last_risk_assessment: last,
            runs_on_bank_holidays: false,
        };
        assert!(walk(None).risk_assessment_due(today));
        assert!(walk(NaiveDate::from_ymd_opt(2026, 5, 21)).risk_assessment_due(today));
        assert!(!walk(NaiveDate::from_ymd_opt(2026, 5, 22)).risk_assessment_due(today));
        // 31 August less six months is the end of February.
        let end_of_august = NaiveDate::from_ymd_opt(2026, 8, 31).unwrap();
        assert!(!walk(NaiveDate::from_ymd_opt(2026, 2, 28)).risk_assessment_due(end_of_august));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekly_tuesdays_in_march_2026() {
        let dates = Recurrence::Weekly { day: Day::Tuesday }
            .dates(d(2026, 3, 1), d(2026, 3, 31))
            .unwrap();
        assert_eq!(
            dates,
            vec![
                d(2026, 3, 3),
                d(2026, 3, 10),
                d(2026, 3, 17),
                d(2026, 3, 24),
                d(2026, 3, 31)
            ]
        );
    }

    #[test]
    fn fortnightly_keeps_its_rhythm_from_the_start_date() {
        let pattern = Recurrence::Fortnightly {
            day: Day::Friday,
            starting: d(2026, 1, 2),
        };
        let dates = pattern.dates(d(2026, 1, 10), d(2026, 2, 10)).unwrap();
        assert_eq!(dates, vec![d(2026, 1, 16), d(2026, 1, 30)]);
    }

    #[test]
    fn first_and_last_monday_of_the_month() {
        let first = Recurrence::MonthlyNth {
            nth: 1,
            day: Day::Monday,
        };
        assert_eq!(
            first.dates(d(2026, 3, 1), d(2026, 4, 30)).unwrap(),
            vec![d(2026, 3, 2), d(2026, 4, 6)]
        );
        let last = Recurrence::MonthlyNth {
            nth: 5,
            day: Day::Monday,
        };
        assert_eq!(
            last.dates(d(2026, 3, 1), d(2026, 4, 30)).unwrap(),
            vec![d(2026, 3, 30), d(2026, 4, 27)]
        );
    }

    #[test]
    fn end_before_start_is_refused() {
        let err = Recurrence::Weekly { day: Day::Monday }
            .dates(d(2026, 3, 10), d(2026, 3, 1))
            .unwrap_err();
        assert_eq!(err.field, "to");
    }
}

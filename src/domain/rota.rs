//! Who fills which role at which session, and the rules that say whether
//! someone can: the conflicts a coordinator must see before assigning.

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::activity::RoleNeed;
use super::dates;
use super::ids::{RoleId, RotaAssignmentId, SessionId, VolunteerId};
use super::session::Session;
use super::volunteer::{Role, Volunteer, VolunteerDetails};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RotaAssignment {
    pub id: RotaAssignmentId,
    pub session: SessionId,
    pub role: RoleId,
    pub volunteer: VolunteerId,
    /// Set when a coordinator assigned despite a conflict, saying why.
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// How many people a need asks for when `expected` participants are
/// expected: "1 walk leader for every 20" is 2 leaders for 21–40 walkers.
pub fn people_needed(need: &RoleNeed, expected: usize) -> usize {
    let count = usize::from(need.count);
    match need.per_participants {
        Some(per) if per > 0 => count * expected.div_ceil(usize::from(per)).max(1),
        _ => count,
    }
}

/// When a session starts and ends.
pub fn session_times(session: &Session) -> (NaiveDateTime, NaiveDateTime) {
    let start = session.date.and_time(session.start_time);
    (
        start,
        start + TimeDelta::minutes(i64::from(session.duration_minutes)),
    )
}

/// Why someone should not fill a slot, as the coordinator reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    CannotFillRole {
        role: String,
    },
    DoubleBooked {
        elsewhere: String,
    },
    Away,
    NotAvailableOnDay {
        weekday: String,
    },
    Archived,
    QualificationMissing {
        qualification: String,
    },
    QualificationExpired {
        qualification: String,
        on: NaiveDate,
    },
    DbsRecheckDue {
        on: NaiveDate,
    },
}

impl Conflict {
    pub fn words(&self) -> String {
        match self {
            Conflict::CannotFillRole { role } => format!("Not someone who can be {role}"),
            Conflict::DoubleBooked { elsewhere } => format!("Already on the rota for {elsewhere}"),
            Conflict::Away => "Away that day".into(),
            Conflict::NotAvailableOnDay { weekday } => format!("Not usually free on {weekday}s"),
            Conflict::Archived => "No longer volunteering (archived)".into(),
            Conflict::QualificationMissing { qualification } => {
                format!("No {qualification} recorded")
            }
            Conflict::QualificationExpired { qualification, on } => {
                format!(
                    "{qualification} out of date (it ran out on {})",
                    dates::long_date(*on)
                )
            }
            Conflict::DbsRecheckDue { on } => {
                format!("DBS recheck due on {}", dates::long_date(*on))
            }
        }
    }
}

/// Another session someone is already on, for spotting double bookings.
#[derive(Debug, Clone)]
pub struct Booking {
    pub assignment: RotaAssignmentId,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// "Friday Garden Club at 13:30 (welcomer)"
    pub label: String,
}

/// What keeps `volunteer` from being at `session` at all, whatever they
/// would do there: archived, booked elsewhere at the same time, away, or
/// not usually free that day. A buddy is checked with this alone.
pub fn unavailable<'a>(
    volunteer: &Volunteer,
    session: &Session,
    bookings: impl IntoIterator<Item = &'a Booking>,
) -> Vec<Conflict> {
    let details = &volunteer.details;
    let date = session.date;
    let mut found = Vec::new();
    if volunteer.archived {
        found.push(Conflict::Archived);
    }
    let (start, end) = session_times(session);
    if let Some(other) = bookings
        .into_iter()
        .find(|b| b.start < end && start < b.end)
    {
        found.push(Conflict::DoubleBooked {
            elsewhere: other.label.clone(),
        });
    }
    if details.away.iter().any(|range| range.contains(date)) {
        found.push(Conflict::Away);
    }
    let weekday = date.weekday();
    if !details
        .usual_days
        .iter()
        .any(|d| chrono::Weekday::from(*d) == weekday)
    {
        found.push(Conflict::NotAvailableOnDay {
            weekday: date.format("%A").to_string(),
        });
    }
    found
}

/// Everything that stands in the way of `volunteer` filling `role` at
/// `session`, given what else they are already booked for (not counting
/// the assignment being checked).
/// An empty list means they can be assigned without an override.
pub fn conflicts<'a>(
    volunteer: &Volunteer,
    role: &Role,
    session: &Session,
    bookings: impl IntoIterator<Item = &'a Booking>,
) -> Vec<Conflict> {
    let details = &volunteer.details;
    let date = session.date;
    let mut found = unavailable(volunteer, session, bookings);
    if !details.roles.contains(&role.id) {
        found.push(Conflict::CannotFillRole {
            role: role.name.to_lowercase(),
        });
    }
    if !role.qualification.is_empty() {
        found.extend(qualification_gap(details, &role.qualification, date));
    }
    if let Some(dbs) = &details.dbs
        && dbs.recheck_due <= date
    {
        found.push(Conflict::DbsRecheckDue {
            on: dbs.recheck_due,
        });
    }
    found
}

/// Whether someone holds `qualification` in date on `date`: `None` when
/// they do, else what is wrong (none recorded, or the latest run out).
pub fn qualification_gap(
    details: &VolunteerDetails,
    qualification: &str,
    date: NaiveDate,
) -> Option<Conflict> {
    let wanted = qualification.to_lowercase();
    let held: Vec<_> = details
        .qualifications
        .iter()
        .filter(|q| q.name.to_lowercase() == wanted)
        .collect();
    if held.is_empty() {
        return Some(Conflict::QualificationMissing {
            qualification: qualification.to_string(),
        });
    }
    held.iter()
        .map(|q| q.expires_on)
        .max_by_key(|expiry| expiry.unwrap_or(NaiveDate::MAX))
        .flatten()
        .filter(|on| *on <= date)
        .map(|on| Conflict::QualificationExpired {
            qualification: qualification.to_string(),
            on,
        })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;
    use crate::domain::ActivityId;
    use crate::domain::activity::Day;
    use crate::domain::session::SessionStatus;
    use crate::domain::volunteer::{DateRange, DbsRecord, Qualification, VolunteerDetails};

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn walk_on(day: &str) -> Session {
        Session {
            id: SessionId::new(),
            activity: ActivityId::new(),
            date: date(day),
            start_time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            duration_minutes: 90,
            place: String::new(),
            leader: String::new(),
            status: SessionStatus::Planned,
            moved: None,
        }
    }

    fn leader_role() -> Role {
        Role {
            id: RoleId::new(),
            name: "Walk leader".into(),
            qualification: "Walk leader training".into(),
            required_for_safety: false,
        }
    }

    fn volunteer(role: &Role) -> Volunteer {
        Volunteer {
            id: VolunteerId::new(),
            details: VolunteerDetails {
                full_name: "Dafydd ap Gwilym".into(),
                roles: vec![role.id],
                usual_days: vec![Day::Tuesday],
                qualifications: vec![Qualification {
                    name: "Walk leader training".into(),
                    issued_on: date("2025-01-10"),
                    expires_on: Some(date("2028-01-10")),
                }],
                ..Default::default()
            },
            archived: false,
        }
    }

    #[test]
    fn a_free_trained_leader_has_no_conflicts() {
        let role = leader_role();
        // 1 December 2026 is a Tuesday.
        assert!(conflicts(&volunteer(&role), &role, &walk_on("2026-12-01"), &[]).is_empty());
    }

    #[test]
    fn each_rule_names_its_conflict() {
        let role = leader_role();
        let session = walk_on("2026-12-02"); // a Wednesday
        let mut v = volunteer(&role);
        v.details.away = vec![DateRange {
            from: date("2026-12-01"),
            to: date("2026-12-03"),
        }];
        v.details.qualifications[0].expires_on = Some(date("2026-12-02"));
        v.details.dbs = Some(DbsRecord {
            level: "Enhanced".into(),
            certificate_number: "001234567890".into(),
            seen_on: date("2023-11-01"),
            seen_by: "Priya Sharma".into(),
            update_service: false,
            recheck_due: date("2026-11-30"),
        });
        let other = Booking {
            assignment: RotaAssignmentId::new(),
            start: date("2026-12-02").and_hms_opt(11, 0, 0).unwrap(),
            end: date("2026-12-02").and_hms_opt(12, 0, 0).unwrap(),
            label: "Friday Garden Club at 11:00".into(),
        };
        let words: Vec<String> = conflicts(&v, &role, &session, &[other])
            .iter()
            .map(Conflict::words)
            .collect();
        assert_eq!(
            words,
            [
                "Already on the rota for Friday Garden Club at 11:00",
                "Away that day",
                "Not usually free on Wednesdays",
                "Walk leader training out of date (it ran out on Wednesday 2 December 2026)",
                "DBS recheck due on Monday 30 November 2026",
            ]
        );
    }

    #[test]
    fn a_role_they_cannot_fill_and_back_to_back_sessions() {
        let role = leader_role();
        let other_role = Role {
            id: RoleId::new(),
            name: "Back marker".into(),
            qualification: String::new(),
            required_for_safety: false,
        };
        let session = walk_on("2026-12-01");
        let (_, end) = session_times(&session);
        let after = Booking {
            assignment: RotaAssignmentId::new(),
            start: end,
            end: end + TimeDelta::hours(1),
            label: "later".into(),
        };
        let found = conflicts(&volunteer(&role), &other_role, &session, &[after]);
        assert_eq!(
            found,
            [Conflict::CannotFillRole {
                role: "back marker".into()
            }]
        );
    }

    #[test]
    fn leaders_follow_the_expected_walkers() {
        let need = RoleNeed {
            role: RoleId::new(),
            count: 1,
            per_participants: Some(20),
        };
        assert_eq!(people_needed(&need, 0), 1);
        assert_eq!(people_needed(&need, 20), 1);
        assert_eq!(people_needed(&need, 21), 2);
        assert_eq!(people_needed(&need, 45), 3);
        let fixed = RoleNeed {
            per_participants: None,
            count: 2,
            ..need
        };
        assert_eq!(people_needed(&fixed, 45), 2);
    }
}

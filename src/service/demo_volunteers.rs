//! The demo's volunteers and rota: walk leaders (among them Dafydd ap
//! Gwilym), first aiders, garden leads and welcomers, some with checks
//! about to run out; the past season fully staffed, the next fortnight
//! partly, and the rest of the season open for "Fill the gaps".

use chrono::{Datelike, Days, NaiveDate};

use crate::domain::rota::{people_needed, unavailable};
use crate::domain::{
    Activity, AttendanceMark, Buddy, DateRange, Day, DbsRecord, Enrolment, Mark, Qualification,
    Role, RotaAssignment, RotaAssignmentId, Session, SessionStatus, Volunteer, VolunteerDetails,
    VolunteerId,
};

pub(super) const WALK_LEADER_TRAINING: &str = "Walk leader training";
pub(super) const FIRST_AID: &str = "First aid certificate";

/// A UUID v7 for the demo: its time part `at`, the rest from `kind` and `n`.
fn demo_id(kind: u8, n: u32, at: NaiveDate) -> [u8; 16] {
    let millis = at
        .and_hms_opt(9, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp_millis().max(0) as u64);
    let mut random = [0u8; 10];
    random[0] = kind;
    random[6..].copy_from_slice(&n.to_be_bytes());
    *uuid::Builder::from_unix_timestamp_millis(millis, &random)
        .as_uuid()
        .as_bytes()
}

struct Person<'a> {
    name: &'a str,
    /// Indexes into the demo's roles: 0 walk leader, 1 back marker,
    /// 2 first aider, 3 garden lead, 4 welcomer.
    roles: &'a [usize],
    days: &'a [Day],
    /// Days from today that their walk-leader training and first aid run out.
    training_left: Option<i64>,
    first_aid_left: Option<i64>,
    dbs_recheck_left: i64,
    archived: bool,
}

const PEOPLE: [Person<'static>; 11] = [
    Person {
        name: "Dafydd ap Gwilym",
        roles: &[0, 1],
        days: &[Day::Tuesday, Day::Thursday],
        training_left: Some(700),
        first_aid_left: None,
        dbs_recheck_left: 500,
        archived: false,
    },
    Person {
        name: "Megan Llewelyn",
        roles: &[0, 2],
        days: &[Day::Tuesday, Day::Wednesday],
        training_left: Some(400),
        first_aid_left: Some(20),
        dbs_recheck_left: 300,
        archived: false,
    },
    Person {
        name: "Tomasz Kowalczyk",
        roles: &[0, 1],
        days: &[Day::Tuesday, Day::Friday, Day::Saturday],
        training_left: Some(250),
        first_aid_left: None,
        dbs_recheck_left: 800,
        archived: false,
    },
    Person {
        name: "Sue Paterson",
        roles: &[0, 1],
        days: &[Day::Monday, Day::Tuesday],
        training_left: Some(45),
        first_aid_left: None,
        dbs_recheck_left: 600,
        archived: false,
    },
    Person {
        name: "Bethan Rees",
        roles: &[2, 4],
        days: &[Day::Tuesday, Day::Friday],
        training_left: None,
        first_aid_left: Some(5),
        dbs_recheck_left: 400,
        archived: false,
    },
    Person {
        name: "Oluwaseun Bakare",
        roles: &[1, 4],
        days: &[Day::Monday, Day::Tuesday, Day::Friday],
        training_left: None,
        first_aid_left: None,
        dbs_recheck_left: 900,
        archived: false,
    },
    Person {
        name: "Priya Sharma",
        roles: &[3, 4],
        days: &[Day::Friday],
        training_left: None,
        first_aid_left: None,
        dbs_recheck_left: 40,
        archived: false,
    },
    Person {
        name: "Hywel Jenkins",
        roles: &[3, 1],
        days: &[Day::Wednesday, Day::Friday],
        training_left: None,
        first_aid_left: None,
        dbs_recheck_left: 1000,
        archived: false,
    },
    Person {
        name: "Róisín Ní Dhónaill",
        roles: &[2, 4],
        days: &[Day::Tuesday, Day::Friday, Day::Saturday],
        training_left: None,
        first_aid_left: Some(500),
        dbs_recheck_left: 700,
        archived: false,
    },
    Person {
        name: "Agnieszka Wójcik",
        roles: &[4, 1],
        days: &[Day::Friday],
        training_left: None,
        first_aid_left: None,
        dbs_recheck_left: 650,
        archived: false,
    },
    Person {
        name: "Graham Whitfield",
        roles: &[0],
        days: &[Day::Tuesday],
        training_left: Some(100),
        first_aid_left: None,
        dbs_recheck_left: 200,
        archived: true,
    },
];

fn volunteer(n: usize, person: &Person<'_>, roles: &[Role], today: NaiveDate) -> Volunteer {
    let after = |days: i64| today + chrono::TimeDelta::days(days);
    let mut qualifications = Vec::new();
    for (name, left, lasts) in [
        (WALK_LEADER_TRAINING, person.training_left, 3 * 365),
        (FIRST_AID, person.first_aid_left, 3 * 365),
    ] {
        if let Some(left) = left {
            qualifications.push(Qualification {
                name: name.into(),
                issued_on: after(left - lasts),
                expires_on: Some(after(left)),
            });
        }
    }
    let recheck = after(person.dbs_recheck_left);
    Volunteer {
        id: VolunteerId::from_bytes(demo_id(0x50, n as u32, today - Days::new(400))),
        details: VolunteerDetails {
            full_name: person.name.into(),
            phone: format!("07700 902{:03}", n * 37 % 1000),
            email: format!(
                "{}@example.org.uk",
                person
                    .name
                    .split(' ')
                    .next()
                    .unwrap_or("volunteer")
                    .to_lowercase()
            ),
            roles: person.roles.iter().map(|&i| roles[i].id).collect(),
            qualifications,
            dbs: Some(DbsRecord {
                level: "Enhanced".into(),
                certificate_number: format!("{:012}", 1_000_000_000 + n * 7919),
                seen_on: recheck - Days::new(3 * 365),
                seen_by: "Carys Morgan".into(),
                update_service: n.is_multiple_of(3),
                recheck_due: recheck,
            }),
            usual_days: person.days.to_vec(),
            // Róisín is away for a fortnight soon, so auto-fill has to work round her.
            away: if person.name.starts_with("Róisín") {
                vec![DateRange {
                    from: today + Days::new(20),
                    to: today + Days::new(34),
                }]
            } else {
                Vec::new()
            },
            notes: String::new(),
        },
        archived: person.archived,
    }
}

pub(super) struct DemoRota {
    pub volunteers: Vec<Volunteer>,
    pub rota: Vec<RotaAssignment>,
}

/// Volunteers, and a rota filled in turn (each role's people taking it in
/// rotation) up to a fortnight ahead, with a few slots left open.
pub(super) fn demo_rota(
    roles: &[Role],
    activities: &[&Activity],
    sessions: &[Session],
    enrolments: &[Enrolment],
    today: NaiveDate,
) -> DemoRota {
    let volunteers: Vec<Volunteer> = PEOPLE
        .iter()
        .enumerate()
        .map(|(n, p)| volunteer(n, p, roles, today))
        .collect();
    let mut turn = vec![0usize; roles.len()];
    let mut rota = Vec::new();
    let staffed_until = today + Days::new(14);
    for (index, session) in sessions.iter().enumerate() {
        if session.date > staffed_until || matches!(session.status, SessionStatus::Cancelled { .. })
        {
            continue;
        }
        let Some(activity) = activities.iter().find(|a| a.id == session.activity) else {
            continue;
        };
        let expected = enrolments
            .iter()
            .filter(|e| e.activity == activity.id && e.is_current_on(session.date))
            .count();
        let mut here: Vec<VolunteerId> = Vec::new();
        for need in &activity.details.roles_needed {
            let Some(r) = roles.iter().position(|r| r.id == need.role) else {
                continue;
            };
            let able: Vec<&Volunteer> = volunteers
                .iter()
                .filter(|v| {
                    v.details.roles.contains(&need.role)
                        && v.details
                            .usual_days
                            .iter()
                            .any(|d| chrono::Weekday::from(*d) == session.date.weekday())
                        && !(v.archived && session.date > today - Days::new(60))
                })
                .collect();
            for slot in 0..people_needed(need, expected) {
                // In the coming fortnight one slot in three is still open.
                if session.date >= today && (index + slot + r) % 3 == 0 {
                    continue;
                }
                let pick = (0..able.len())
                    .map(|k| able[(turn[r] + k) % able.len()])
                    .find(|v| !here.contains(&v.id));
                if let Some(v) = pick {
                    turn[r] += 1;
                    here.push(v.id);
                    rota.push(RotaAssignment {
                        id: RotaAssignmentId::from_bytes(demo_id(
                            0x52,
                            rota.len() as u32,
                            session.date,
                        )),
                        session: session.id,
                        role: need.role,
                        volunteer: v.id,
                        override_reason: None,
                    });
                }
            }
        }
    }
    DemoRota { volunteers, rota }
}

/// A buddy for everyone yet to come to an activity, at its next session,
/// and for one in three of the rest at the session they first came to. The
/// buddy is a volunteer free that day and not on the rota then.
pub(super) fn demo_buddies(
    enrolments: &mut [Enrolment],
    sessions: &[Session],
    attendance: &[AttendanceMark],
    rota: &DemoRota,
    today: NaiveDate,
) {
    let came: std::collections::HashSet<_> = attendance
        .iter()
        .filter(|m| m.mark == Mark::Present)
        .map(|m| (m.participant, m.session))
        .collect();
    for (i, enrolment) in enrolments.iter_mut().enumerate() {
        let mut held = sessions
            .iter()
            .filter(|s| s.activity == enrolment.activity && s.date >= enrolment.joined_on);
        let first = match held
            .clone()
            .find(|s| came.contains(&(enrolment.participant, s.id)))
        {
            Some(first) => first,
            None => match held
                .find(|s| s.date >= today && !matches!(s.status, SessionStatus::Cancelled { .. }))
            {
                Some(next) => next,
                None => continue,
            },
        };
        let on_rota = |v: &Volunteer| {
            rota.rota.iter().any(|a| {
                a.volunteer == v.id
                    && sessions
                        .iter()
                        .any(|s| s.id == a.session && s.date == first.date)
            })
        };
        let free: Vec<&Volunteer> = rota
            .volunteers
            .iter()
            .filter(|v| unavailable(v, first, []).is_empty() && !on_rota(v))
            .collect();
        if let Some(buddy) = free.get(i % free.len().max(1)) {
            enrolment.buddy = Some(Buddy {
                volunteer: buddy.id,
                session: first.id,
            });
        }
    }
}

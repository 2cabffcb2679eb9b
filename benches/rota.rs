//! Rota speed targets, measured (not asserted): `cargo bench --bench rota`
//! - "fill the gaps" for 3 months of 10 weekly activities (~130 sessions,
//!   ~400 role slots) with 80 volunteers in under 200 ms;
//! - the month's rota view, with every conflict worked out, in under 50 ms.
//!
//! The two months before are filled first, so the proposal weighs
//! everyone's recent load as it does for a real group.

use std::time::{Duration, Instant};

#[path = "measure.rs"]
mod measure;
use measure::report;

use chrono::{Days, NaiveDate, NaiveTime};
use tend::Tend;
use tend::domain::{
    ActivityDetails, ActivityKind, DateRange, Day, ParticipantDetails, Qualification, Recurrence,
    Role, RoleNeed, VolunteerDetails,
};

const DAYS: [Day; 6] = [
    Day::Monday,
    Day::Tuesday,
    Day::Wednesday,
    Day::Thursday,
    Day::Friday,
    Day::Saturday,
];

fn main() -> tend::Result<()> {
    let dir = std::env::temp_dir().join(format!("tend-bench-rota-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let tend = Tend::open(&dir)?;
    let start = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap_or_default();
    let (from, to) = (start + Days::new(56), start + Days::new(56 + 90));
    let roles = setup(&tend, start, to)?;

    let history = tend.fill_gaps(start, from - Days::new(1))?;
    tend.apply_gap_proposal(&history.assignments)?;

    let proposal = tend.fill_gaps(from, to)?;
    let slots = proposal.assignments.len() + proposal.unfilled.len();
    let sessions = tend.rota(from, to)?.sessions.len();
    println!(
        "{sessions} sessions, {slots} open slots, {} roles, 80 volunteers: {} proposed, {} left open",
        roles.len(),
        proposal.assignments.len(),
        proposal.unfilled.len()
    );
    let samples = (0..30)
        .map(|_| {
            let began = Instant::now();
            let _ = std::hint::black_box(tend.fill_gaps(from, to));
            began.elapsed()
        })
        .collect();
    report("auto-fill, 3 months", samples, Duration::from_millis(200));

    let month_end = from + Days::new(30);
    let samples = (0..50)
        .map(|_| {
            let began = Instant::now();
            let _ = std::hint::black_box(tend.rota(from, month_end));
            began.elapsed()
        })
        .collect();
    report("month rota view", samples, Duration::from_millis(50));
    drop(tend);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Ten weekly activities each needing a walk leader per 20 (25 enrolled:
/// two), a back marker and a first aider; 80 volunteers with two or three
/// roles, two to four days free, some away.
fn setup(tend: &Tend, start: NaiveDate, to: NaiveDate) -> tend::Result<Vec<Role>> {
    let mut roles = Vec::new();
    for (name, qualification) in [
        ("Walk leader", "Walk leader training"),
        ("Back marker", ""),
        ("First aider", "First aid certificate"),
        ("Welcomer", ""),
    ] {
        let role = tend.role_named_or_new(name)?;
        roles.push(tend.update_role(Role {
            qualification: qualification.into(),
            ..role
        })?);
    }
    let need = |role: &Role, per: Option<u16>| RoleNeed {
        role: role.id,
        count: 1,
        per_participants: per,
    };
    for n in 0..10 {
        let activity = tend.create_activity(ActivityDetails {
            name: format!("Activity {n}"),
            kind: ActivityKind::HealthWalk,
            meeting_place: "The park gate".into(),
            recurrence: Recurrence::Weekly {
                day: DAYS[n % DAYS.len()],
            },
            start_time: NaiveTime::from_hms_opt(9 + (n as u32 % 3) * 2, 0, 0).unwrap_or_default(),
            duration_minutes: 120,
            capacity: None,
            leader: String::new(),
            roles_needed: vec![
                need(&roles[0], Some(20)),
                need(&roles[1], None),
                need(&roles[2], None),
            ],
            last_risk_assessment: None,
            runs_on_bank_holidays: false,
        })?;
        tend.generate_sessions(activity.id, start, to)?;
        for p in 0..25 {
            let person = tend.add_participant(
                ParticipantDetails {
                    full_name: format!("Walker {n}-{p}"),
                    ..Default::default()
                },
                tend::clock::today(),
                true,
            )?;
            tend.enrol(activity.id, person.id, start - Days::new(30))?;
        }
    }
    for v in 0..80usize {
        let mut mine = vec![roles[v % 4].id, roles[(v + 1) % 4].id];
        if v % 3 == 0 {
            mine.push(roles[(v + 2) % 4].id);
        }
        let held = |name: &str| Qualification {
            name: name.into(),
            issued_on: start - Days::new(400),
            expires_on: Some(start + Days::new(300 + (v as u64 * 7) % 400)),
        };
        tend.add_volunteer(VolunteerDetails {
            full_name: format!("Volunteer {v:02}"),
            roles: mine,
            qualifications: vec![held("Walk leader training"), held("First aid certificate")],
            usual_days: (0..2 + v % 3)
                .map(|d| DAYS[(v + d * 2) % DAYS.len()])
                .collect(),
            away: if v % 5 == 0 {
                vec![DateRange {
                    from: start + Days::new(60 + v as u64),
                    to: start + Days::new(74 + v as u64),
                }]
            } else {
                vec![]
            },
            ..Default::default()
        })?;
    }
    Ok(roles)
}

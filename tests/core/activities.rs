//! Activities: the helpers they need, and moving one session.

use chrono::NaiveTime;
use tend::domain::{Mark, RoleNeed};

use crate::support::{date, open_temp, person, walk_details};

#[test]
fn an_activity_lists_the_roles_each_session_needs() {
    let (_dir, tend) = open_temp();
    let leader = tend.role_named_or_new("Walk leader").unwrap();
    assert_eq!(
        tend.role_named_or_new(" walk LEADER ").unwrap().id,
        leader.id,
        "found, not added twice"
    );
    let marker = tend.role_named_or_new("Back marker").unwrap();
    let mut details = walk_details("Walk");
    details.roles_needed = vec![
        RoleNeed {
            role: leader.id,
            count: 1,
            per_participants: Some(20),
        },
        RoleNeed {
            role: marker.id,
            count: 1,
            per_participants: None,
        },
    ];
    let walk = tend.create_activity(details.clone()).unwrap();
    assert_eq!(
        tend.activity(walk.id).unwrap().details.roles_needed,
        details.roles_needed
    );

    details.name = "Other walk".into();
    details.roles_needed.push(RoleNeed {
        role: marker.id,
        count: 2,
        per_participants: None,
    });
    let twice = tend.create_activity(details.clone()).unwrap_err();
    assert_eq!(twice.field(), Some("roles_needed"));
    details.roles_needed = vec![RoleNeed {
        role: leader.id,
        count: 0,
        per_participants: None,
    }];
    assert_eq!(
        tend.create_activity(details).unwrap_err().field(),
        Some("roles_needed")
    );
    assert_eq!(
        tend.activities().unwrap().len(),
        1,
        "nothing saved by the refusals"
    );
}

#[test]
fn a_moved_session_keeps_its_marks_and_remembers_its_first_date() {
    let (_dir, tend) = open_temp();
    let walk = tend.create_activity(walk_details("Walk")).unwrap();
    let sessions = tend
        .generate_sessions(walk.id, date(2026, 3, 1), date(2026, 3, 14))
        .unwrap()
        .added;
    let ann = tend
        .add_participant(person("Ann"), tend::clock::today(), true)
        .unwrap();
    crate::support::mark(&tend, sessions[0].id, ann.id, Mark::Present).unwrap();

    let ten_thirty = NaiveTime::from_hms_opt(10, 30, 0).unwrap();
    let moved = tend
        .move_session(
            sessions[0].id,
            date(2026, 3, 4),
            ten_thirty,
            "Park closed Tuesday",
        )
        .unwrap();
    let listed: Vec<_> = tend
        .sessions_of(walk.id)
        .unwrap()
        .into_iter()
        .map(|s| s.date)
        .collect();
    assert_eq!(
        listed,
        vec![date(2026, 3, 4), date(2026, 3, 10)],
        "listed once, at its new date"
    );
    assert_eq!(moved.moved.as_ref().unwrap().from, date(2026, 3, 3));
    let register = tend.session_register(moved.id).unwrap();
    assert_eq!(register.rows[0].mark, Some(Mark::Present));

    let clash = tend
        .move_session(moved.id, date(2026, 3, 10), ten_thirty, "x")
        .unwrap_err();
    assert_eq!(clash.field(), Some("date"));
    let no_reason = tend
        .move_session(moved.id, date(2026, 3, 5), ten_thirty, "  ")
        .unwrap_err();
    assert_eq!(no_reason.field(), Some("reason"));
}

#[test]
fn bank_holidays_are_left_out_of_a_season_listed_and_cancelled_on_request() {
    use tend::domain::bank_holidays::Nation;
    use tend::domain::{Day, Recurrence, SessionStatus};
    let (_dir, tend) = open_temp();
    let today = date(2026, 12, 2);
    let mut garden = walk_details("Friday Garden Club");
    garden.recurrence = Recurrence::Weekly { day: Day::Friday };
    let garden = tend.create_activity(garden).unwrap();
    let made = tend
        .generate_sessions(garden.id, date(2026, 12, 1), date(2027, 1, 8))
        .unwrap();
    let dates: Vec<_> = made.added.iter().map(|s| s.date).collect();
    assert_eq!(
        dates,
        [
            date(2026, 12, 4),
            date(2026, 12, 11),
            date(2026, 12, 18),
            date(2027, 1, 8)
        ]
    );
    assert_eq!(
        made.skipped,
        [
            "Friday 25 December 2026, Christmas Day",
            "Friday 1 January 2027, New Year’s Day"
        ]
    );

    // An activity that runs on bank holidays keeps them.
    let mut cafe = walk_details("Christmas Day Café");
    cafe.recurrence = Recurrence::Weekly { day: Day::Friday };
    cafe.runs_on_bank_holidays = true;
    let cafe = tend.create_activity(cafe).unwrap();
    let made = tend
        .generate_sessions(cafe.id, date(2026, 12, 25), date(2026, 12, 25))
        .unwrap();
    assert_eq!(made.added.len(), 1);
    assert!(made.skipped.is_empty());

    // Mondays made under England and Wales; then the group says it is in
    // Scotland, where 2 January 2027 (a Saturday) moves to Monday 4th.
    let mut walk = walk_details("Monday Walk");
    walk.recurrence = Recurrence::Weekly { day: Day::Monday };
    let walk = tend.create_activity(walk).unwrap();
    tend.generate_sessions(walk.id, date(2027, 1, 4), date(2027, 1, 11))
        .unwrap();
    assert!(tend.sessions_on_bank_holidays(today).unwrap().is_empty());
    let mut settings = tend.settings().unwrap();
    settings.holidays.nation = Nation::Scotland;
    tend.save_settings(settings).unwrap();
    let listed = tend.sessions_on_bank_holidays(today).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0].words,
        "Monday Walk, Monday 4 January 2027 – 2nd January (substitute day)"
    );
    // The rota shows it and auto-fill leaves it alone.
    let rota = tend.rota(date(2027, 1, 4), date(2027, 1, 4)).unwrap();
    assert_eq!(
        rota.sessions[0].bank_holiday.as_deref(),
        Some("2nd January (substitute day)")
    );
    assert_eq!(tend.settle_bank_holiday_sessions(true, today).unwrap(), 1);
    let cancelled = tend.session(listed[0].session).unwrap();
    assert_eq!(
        cancelled.status,
        SessionStatus::Cancelled {
            reason: "2nd January (substitute day)".into()
        }
    );
    assert!(tend.sessions_on_bank_holidays(today).unwrap().is_empty());

    // A one-off day: added in Settings, a clash refused beside the field.
    let mut settings = tend.settings().unwrap();
    settings
        .holidays
        .extra
        .push(tend::domain::bank_holidays::BankHoliday {
            date: date(2027, 1, 11),
            name: "Hall closed for the funeral".into(),
        });
    tend.save_settings(settings).unwrap();
    let listed = tend.sessions_on_bank_holidays(today).unwrap();
    assert_eq!(listed[0].holiday, "Hall closed for the funeral");
    // "Keep them": they go ahead and are not asked about again.
    tend.settle_bank_holiday_sessions(false, today).unwrap();
    assert!(tend.sessions_on_bank_holidays(today).unwrap().is_empty());
    assert_eq!(
        tend.session(listed[0].session).unwrap().status,
        SessionStatus::Planned
    );
    let mut settings = tend.settings().unwrap();
    settings
        .holidays
        .extra
        .push(tend::domain::bank_holidays::BankHoliday {
            date: date(2026, 12, 25),
            name: "Again".into(),
        });
    let err = tend.save_settings(settings).unwrap_err();
    assert_eq!(err.field(), Some("holiday_date"));
    assert_eq!(tend.settings().unwrap().holidays.extra.len(), 1);
}

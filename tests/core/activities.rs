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
        .unwrap();
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

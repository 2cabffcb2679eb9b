//! Leaving activities, and who has stopped coming.

use tend::domain::{Mark, Settings};

use crate::support::{date, open_temp, person, walk_details};

#[test]
fn stopped_coming_lists_whoever_missed_the_last_n_taken_registers() {
    let (_dir, tend) = open_temp();
    let walk = tend.create_activity(walk_details("Walk")).unwrap();
    let sessions = tend
        .generate_sessions(walk.id, date(2026, 3, 1), date(2026, 4, 30))
        .unwrap();
    let mut regular = person("Regular Rhian");
    regular.phone = "029 2000 0001".into();
    let regular = tend.add_participant(regular).unwrap();
    let mut faded = person("Faded Feliks");
    faded.phone = "07700 900999".into();
    let faded = tend.add_participant(faded).unwrap();
    let never = tend.add_participant(person("Never Nia")).unwrap();
    let left = tend.add_participant(person("Left Lowri")).unwrap();
    for p in [&regular, &faded, &never, &left] {
        tend.enrol(walk.id, p.id, date(2026, 3, 1)).unwrap();
    }
    tend.leave_activity(walk.id, left.id, date(2026, 3, 20))
        .unwrap();
    // Five registers taken (3, 10, 17, 24, 31 March); 10 March cancelled.
    for (i, s) in sessions.iter().take(5).enumerate() {
        tend.record_attendance(s.id, regular.id, Mark::Present)
            .unwrap();
        if i < 1 {
            tend.record_attendance(s.id, faded.id, Mark::Present)
                .unwrap();
        }
    }
    tend.cancel_session(sessions[1].id, "Storm").unwrap();

    let today = date(2026, 4, 1);
    let listed = tend.stopped_coming(today).unwrap();
    let who: Vec<(&str, Option<_>, usize)> = listed
        .iter()
        .map(|s| (s.full_name.as_str(), s.last_attended, s.missed))
        .collect();
    assert_eq!(
        who,
        vec![
            ("Faded Feliks", Some(date(2026, 3, 3)), 3),
            ("Never Nia", None, 4)
        ]
    );
    assert_eq!(listed[0].phone, "07700 900999");

    tend.save_settings(Settings {
        stopped_coming_after: 4,
        ..Settings::default()
    })
    .unwrap();
    let listed = tend.stopped_coming(today).unwrap();
    assert_eq!(listed.len(), 1, "only Nia has missed four");
    assert_eq!(
        tend.save_settings(Settings {
            stopped_coming_after: 0,
            ..Settings::default()
        })
        .unwrap_err()
        .field(),
        Some("stopped_coming_after")
    );

    let record = tend.participant_record(faded.id).unwrap();
    assert_eq!(record.activities[0].activity_name, "Walk");
    assert_eq!(record.attendance.len(), 1);
    assert_eq!(record.attendance[0].date, date(2026, 3, 3));
    let lowri = tend.participant_record(left.id).unwrap();
    assert_eq!(lowri.activities[0].left_on, Some(date(2026, 3, 20)));
}

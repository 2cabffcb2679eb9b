//! Leaving activities, and who has stopped coming.

use tend::domain::{Mark, Settings};

use crate::support::{date, open_temp, person, walk_details};

#[test]
fn stopped_coming_lists_whoever_missed_the_last_n_taken_registers() {
    let (_dir, tend) = open_temp();
    let walk = tend.create_activity(walk_details("Walk")).unwrap();
    let sessions = tend
        .generate_sessions(walk.id, date(2026, 3, 1), date(2026, 4, 30))
        .unwrap()
        .added;
    let mut regular = person("Regular Rhian");
    regular.phone = "029 2000 0001".into();
    let regular = tend
        .add_participant(regular, tend::clock::today(), true)
        .unwrap();
    let mut faded = person("Faded Feliks");
    faded.phone = "07700 900999".into();
    let faded = tend
        .add_participant(faded, tend::clock::today(), true)
        .unwrap();
    let never = tend
        .add_participant(person("Never Nia"), tend::clock::today(), true)
        .unwrap();
    let left = tend
        .add_participant(person("Left Lowri"), tend::clock::today(), true)
        .unwrap();
    for p in [&regular, &faded, &never, &left] {
        tend.enrol(walk.id, p.id, date(2026, 3, 1)).unwrap();
    }
    tend.leave_activity(walk.id, left.id, date(2026, 3, 20))
        .unwrap();
    // Five registers taken (3, 10, 17, 24, 31 March); 10 March cancelled.
    for (i, s) in sessions.iter().take(5).enumerate() {
        crate::support::mark(&tend, s.id, regular.id, Mark::Present).unwrap();
        if i < 1 {
            crate::support::mark(&tend, s.id, faded.id, Mark::Present).unwrap();
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
    // The window's text size is kept between 100% and 200%.
    for size in [99, 201, 0] {
        let err = tend
            .save_settings(Settings {
                text_size: size,
                ..Settings::default()
            })
            .unwrap_err();
        assert_eq!(err.field(), Some("text_size"));
        assert!(err.to_string().contains("from 100% to 200%"), "{err}");
    }
    tend.save_settings(Settings {
        text_size: 175,
        ..tend.settings().unwrap()
    })
    .unwrap();
    assert_eq!(tend.settings().unwrap().text_size, 175);
    assert_eq!(
        tend.settings().unwrap().stopped_coming_after,
        4,
        "nothing else changed"
    );

    let record = tend.participant_record(faded.id).unwrap();
    assert_eq!(record.activities[0].activity_name, "Walk");
    assert_eq!(record.attendance.len(), 1);
    assert_eq!(record.attendance[0].date, date(2026, 3, 3));
    let lowri = tend.participant_record(left.id).unwrap();
    assert_eq!(lowri.activities[0].left_on, Some(date(2026, 3, 20)));
}

#[test]
fn joining_again_after_leaving_keeps_the_first_spell_on_the_register() {
    let (_dir, tend) = open_temp();
    let walk = tend.create_activity(walk_details("Walk")).unwrap();
    tend.generate_sessions(walk.id, date(2026, 3, 1), date(2026, 4, 30))
        .unwrap();
    let gwen = tend
        .add_participant(person("Gwenllian Ŵyn"), tend::clock::today(), true)
        .unwrap();
    tend.enrol(walk.id, gwen.id, date(2026, 3, 1)).unwrap();
    tend.leave_activity(walk.id, gwen.id, date(2026, 3, 15))
        .unwrap();
    let early = tend.enrol(walk.id, gwen.id, date(2026, 3, 10)).unwrap_err();
    assert_eq!(early.field(), Some("joined_on"));
    assert!(early.to_string().contains("15 March 2026"), "{early}");
    tend.enrol(walk.id, gwen.id, date(2026, 4, 1)).unwrap();

    // Tuesdays: 3, 10 March in the first spell; 17, 24, 31 March between;
    // 7, 14, 21, 28 April in the second.
    let csv = tend
        .register(
            walk.id,
            date(2026, 3, 1),
            date(2026, 4, 30),
            tend::clock::today(),
        )
        .unwrap()
        .to_csv();
    assert!(
        csv.contains("Gwenllian Ŵyn,,,not enrolled,not enrolled,not enrolled,,,,,0,6"),
        "{csv}"
    );
    let record = tend.participant_record(gwen.id).unwrap();
    let spells: Vec<_> = record
        .activities
        .iter()
        .map(|a| (a.joined_on, a.left_on))
        .collect();
    assert_eq!(
        spells,
        vec![
            (date(2026, 4, 1), None),
            (date(2026, 3, 1), Some(date(2026, 3, 15)))
        ]
    );
    // Joining while enrolled changes nothing.
    let again = tend.enrol(walk.id, gwen.id, date(2026, 4, 20)).unwrap();
    assert_eq!(again.joined_on, date(2026, 4, 1));
    assert_eq!(
        tend.participant_record(gwen.id).unwrap().activities.len(),
        2
    );
}

#[test]
fn someone_who_joined_again_is_counted_from_their_new_spell_only() {
    let (_dir, tend) = open_temp();
    let walk = tend.create_activity(walk_details("Walk")).unwrap();
    let sessions = tend
        .generate_sessions(walk.id, date(2026, 3, 1), date(2026, 4, 30))
        .unwrap()
        .added;
    let back = tend
        .add_participant(person("Bethan Back-Again"), tend::clock::today(), true)
        .unwrap();
    tend.enrol(walk.id, back.id, date(2026, 3, 1)).unwrap();
    // Came on 3 March, left, joined again on 15 March and has not come since.
    crate::support::mark(&tend, sessions[0].id, back.id, Mark::Present).unwrap();
    tend.leave_activity(walk.id, back.id, date(2026, 3, 5))
        .unwrap();
    tend.enrol(walk.id, back.id, date(2026, 3, 15)).unwrap();
    for s in sessions.iter().take(6) {
        let anyone = tend
            .add_participant(
                person(&format!("Walker {}", s.date)),
                tend::clock::today(),
                true,
            )
            .unwrap();
        tend.enrol(walk.id, anyone.id, date(2026, 3, 1)).unwrap();
        crate::support::mark(&tend, s.id, anyone.id, Mark::Present).unwrap();
    }
    // Registers taken 3, 10, 17, 24, 31 March and 7 April: since joining
    // again on the 15th she has missed 17, 24, 31 March and 7 April.
    let listed = tend.stopped_coming(date(2026, 4, 8)).unwrap();
    let bethan = listed
        .iter()
        .find(|s| s.full_name == "Bethan Back-Again")
        .expect("listed");
    assert_eq!((bethan.last_attended, bethan.missed), (None, 4));
}

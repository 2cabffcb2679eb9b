//! Retention: who is past the date the schedule sets, keeping someone on
//! with a reason for a year, the schedule's limits, and the command line.

use tend::domain::{Mark, RetentionSchedule, Settings};

use crate::support::{date, mark, open_temp, person, tend_cli, walk_details};

#[test]
fn people_past_the_schedule_are_listed_until_kept_with_a_reason_for_a_year() {
    let (_dir, tend) = open_temp();
    let today = date(2026, 12, 1);
    let gone = tend
        .add_participant(person("Gwilym Hopcyn"), date(2022, 3, 1), true)
        .unwrap();
    let recent = tend
        .add_participant(person("Łucja Ní Bhriain"), date(2022, 3, 1), true)
        .unwrap();
    let walk = tend.create_activity(walk_details("Canal walk")).unwrap();
    let sessions = tend
        .generate_sessions(walk.id, date(2026, 11, 1), date(2026, 11, 30))
        .unwrap()
        .added;
    mark(&tend, sessions[0].id, recent.id, Mark::Present).unwrap();
    tend.add_participant(person("Newly Added"), today, true)
        .unwrap();

    let review = tend.retention_review(today).unwrap();
    assert_eq!(review.schedule, RetentionSchedule::default());
    assert_eq!(review.keep_people_since, date(2023, 12, 1));
    assert_eq!(review.due.len(), 1, "{:?}", review.due);
    assert_eq!(review.due[0].participant, gone.id);
    assert_eq!(review.due[0].last_contact, date(2022, 3, 1));
    assert_eq!(
        review.words,
        "1 person is past the date your retention schedule sets"
    );

    let blank = tend.keep_past_retention(gone.id, "  ", today).unwrap_err();
    assert_eq!(blank.field(), Some("keep_reason"));
    tend.keep_past_retention(gone.id, "Safeguarding concern still open", today)
        .unwrap();
    assert!(tend.retention_review(today).unwrap().due.is_empty());
    assert_eq!(
        tend.retention_review(date(2027, 12, 1)).unwrap().due.len(),
        1,
        "asked again a year later"
    );
    let record = tend.participant_record(gone.id).unwrap();
    assert!(
        record.history[0]
            .contains("kept past the retention date (Safeguarding concern still open)"),
        "{:?}",
        record.history
    );
}

#[test]
fn the_schedule_is_confirmed_as_the_organisations_own_and_limited() {
    let (_dir, tend) = open_temp();
    let today = date(2026, 12, 1);
    let zero = tend
        .confirm_retention(
            RetentionSchedule {
                people_months: 0,
                ..Default::default()
            },
            today,
        )
        .unwrap_err();
    assert_eq!(zero.field(), Some("retention.people_months"));
    assert_eq!(tend.settings().unwrap().retention.confirmed_on, None);

    let ours = RetentionSchedule {
        people_months: 72,
        ..Default::default()
    };
    let saved = tend.confirm_retention(ours, today).unwrap();
    assert_eq!(saved.retention.confirmed_on, Some(today));
    // Saving the follow-up numbers keeps the schedule.
    tend.save_settings(Settings {
        stopped_coming_after: 5,
        ..tend.settings().unwrap()
    })
    .unwrap();
    assert_eq!(tend.settings().unwrap().retention.people_months, 72);
}

#[test]
fn the_command_line_lists_who_is_due() {
    let (dir, tend) = open_temp();
    drop(tend);
    let (ok, out, err) = tend_cli(dir.path(), &["retention", "--due"]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "Nobody is past the retention date");
    let tend = tend::Tend::open(dir.path()).unwrap();
    let gone = tend
        .add_participant(person("Gwilym Hopcyn"), date(2020, 1, 6), true)
        .unwrap();
    drop(tend);
    let (ok, out, err) = tend_cli(dir.path(), &["retention", "--due"]);
    assert!(ok, "{err}");
    assert_eq!(
        out.trim(),
        format!("Gwilym Hopcyn · last contact 06/01/2020 · {}", gone.id)
    );
    assert!(err.contains("suggested schedule"), "{err}");
}

//! Export → import is lossless, and import never overwrites by accident.

use tend::Tend;
use tend::service::demo::demo_snapshot;

use crate::support::{date, open_temp};

#[test]
fn export_then_import_is_lossless() {
    let (_a, original) = open_temp();
    original.load_demo(date(2026, 11, 22), false).unwrap();
    original
        .save_letter_template(
            tend::domain::LetterKind::Progress,
            "{{ participant.name }} is doing well.",
        )
        .unwrap();
    original
        .set_logo(&std::fs::read("icons/32x32.png").unwrap())
        .unwrap();
    let now = tend::clock::now();
    let exported = original.export(now).unwrap();
    assert_eq!(exported.participants.len(), 60);
    assert!(!exported.attendance.is_empty());
    assert!(!exported.referrals.is_empty() && !exported.letters.is_empty());
    assert_eq!(exported.templates.len(), 1);
    assert_eq!(exported.logos.len(), 1);

    let json = serde_json::to_string(&exported).unwrap();
    let (_b, copy) = open_temp();
    copy.import(&Tend::parse_export(&json).unwrap(), false)
        .unwrap();
    assert_eq!(copy.export(now).unwrap(), exported);
}

#[test]
fn import_refuses_a_folder_that_holds_data_unless_told_to_replace() {
    let (_a, tend) = open_temp();
    tend.add_participant(
        crate::support::person("Łukasz Wróbel"),
        tend::clock::today(),
        true,
    )
    .unwrap();
    let demo = demo_snapshot(date(2026, 11, 22));
    let err = tend.import(&demo, false).unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert_eq!(tend.participants().unwrap().len(), 1, "nothing changed");

    tend.import(&demo, true).unwrap();
    let names: Vec<String> = tend
        .participants()
        .unwrap()
        .into_iter()
        .map(|p| p.details.full_name)
        .collect();
    assert_eq!(names.len(), 60);
    assert_eq!(
        names.iter().filter(|n| *n == "Łukasz Wróbel").count(),
        1,
        "replaced, not added to"
    );
}

#[test]
fn a_file_that_is_not_an_export_is_refused_clearly() {
    let err = Tend::parse_export("{\"hello\": 1}").err().unwrap();
    assert_eq!(err.code(), "import");
    assert!(err.to_string().contains("not a readable Tend export"));
}

#[test]
fn the_demo_is_the_same_every_time_for_the_same_day() {
    let a = serde_json::to_string(&demo_snapshot(date(2026, 11, 22))).unwrap();
    let b = serde_json::to_string(&demo_snapshot(date(2026, 11, 22))).unwrap();
    assert_eq!(a, b);
}

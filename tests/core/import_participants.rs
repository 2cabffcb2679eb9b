//! Participants from spreadsheets: encodings, headings, bad rows, repeats.

use std::path::Path;

use tend::Tend;
use tend::service::guess_columns;
use tend::spreadsheet::{read_bytes, read_file};

use crate::support::{open_temp, walk_details};

fn import(tend: &Tend, bytes: &[u8]) -> tend::service::ImportReport {
    let table = read_bytes(bytes).unwrap();
    tend.import_participants(
        &table,
        &guess_columns(&table.headers),
        &tend::service::ImportRun {
            activity: None,
            dry_run: false,
            today: tend::clock::today(),
            include_look_alikes: vec![],
        },
    )
    .unwrap()
}

fn names(tend: &Tend) -> Vec<String> {
    tend.participants()
        .unwrap()
        .into_iter()
        .map(|p| p.details.full_name)
        .collect()
}

#[test]
fn good_rows_import_bad_rows_are_named_and_a_second_import_adds_no_one() {
    let (_dir, tend) = open_temp();
    let csv = "\u{feff}First name,Surname,DOB,Mobile,NHS number,Emergency contact\n\
        Ann,Jones,03/04/1950,07700 900111,,\"Bob Jones, 07700 900222\"\n\
        Bad,Date,31/02/1950,,,\n\
        Carys,Llŷr,1960-05-06,,943 476 5919,\n\
        Wrong,Nhs,,,123,\n\
        ,,,,,\n\
        Too,Many,,,,,extra\n\
        Ann,Jones,03/04/1950,,,\n";
    let report = import(&tend, csv.as_bytes());
    assert_eq!(report.rows, 6);
    assert_eq!(report.imported, 2);
    assert_eq!(
        report.already_in_tend, 1,
        "the repeat of Ann within the file"
    );
    let reasons: Vec<&str> = report.rejected.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(
        reasons[0].starts_with("Row 3: date of birth must be a real date"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].starts_with("Row 5: NHS number must be 10 digits"),
        "{reasons:?}"
    );
    assert!(
        reasons[2].starts_with("Row 7: it has 7 values but there are 6 column headings"),
        "{reasons:?}"
    );
    assert_eq!(names(&tend), vec!["Ann Jones", "Carys Llŷr"]);
    let ann = tend.participant_named("Ann Jones").unwrap();
    assert_eq!(ann.details.phone, "07700 900111");
    assert_eq!(ann.details.emergency_contact.name, "Bob Jones");
    assert_eq!(ann.details.emergency_contact.phone, "07700 900222");

    let again = import(&tend, csv.as_bytes());
    assert_eq!((again.imported, again.already_in_tend), (0, 3));
    assert_eq!(names(&tend).len(), 2);
}

#[test]
fn windows_1252_names_arrive_intact() {
    let (_dir, tend) = open_temp();
    let (bytes, _, _) =
        encoding_rs::WINDOWS_1252.encode("Name,Phone\nZoë Ní Bhriain,0161 496 0000\n");
    assert!(std::str::from_utf8(&bytes).is_err(), "really Windows-1252");
    import(&tend, &bytes);
    assert_eq!(names(&tend), vec!["Zoë Ní Bhriain"]);
}

#[test]
fn an_xlsx_workbook_reads_dates_numbers_and_welsh_and_polish_names() {
    let (_dir, tend) = open_temp();
    let table = read_file(Path::new("tests/fixtures/participants.xlsx")).unwrap();
    let walk = tend
        .create_activity(walk_details("Tuesday Health Walk"))
        .unwrap();
    let report = tend
        .import_participants(
            &table,
            &guess_columns(&table.headers),
            &tend::service::ImportRun {
                activity: Some(walk.id),
                dry_run: false,
                today: tend::clock::today(),
                include_look_alikes: vec![],
            },
        )
        .unwrap();
    assert_eq!((report.imported, report.enrolled), (3, 3));
    assert_eq!(report.rejected[0].reason, "Row 5: it has no name.");
    let zoe = tend.participant_named("Zoë Ní Bhriain").unwrap();
    assert_eq!(
        zoe.details.date_of_birth,
        Some(crate::support::date(1948, 7, 14))
    );
    assert_eq!(zoe.details.nhs_number.unwrap().spaced(), "943 476 5919");
    let lukasz = tend.participant_named("Łukasz Wróbel").unwrap();
    assert_eq!(lukasz.details.postcode, "LS2 7AB");
    assert_eq!(tend.enrolments_of(walk.id).unwrap().len(), 3);
}

#[test]
fn members_are_enrolled_from_the_date_in_a_joined_column() {
    let (_dir, tend) = open_temp();
    let walk = tend.create_activity(walk_details("Walk")).unwrap();
    let csv = "Name,Member since
        Siân Hughes,06/01/2026
        Ola Kowalska,
        Too Early,01/01/2099
";
    let table = read_bytes(csv.as_bytes()).unwrap();
    let columns = guess_columns(&table.headers);
    assert_eq!(columns[1], Some(tend::service::Column::JoinedOn));
    let report = tend
        .import_participants(
            &table,
            &columns,
            &tend::service::ImportRun {
                activity: Some(walk.id),
                dry_run: false,
                today: tend::clock::today(),
                include_look_alikes: vec![],
            },
        )
        .unwrap();
    assert_eq!((report.imported, report.enrolled), (2, 2));
    assert_eq!(
        report.rejected[0].reason,
        "Row 4: the joining date is in the future."
    );
    let joined = |name: &str| {
        let person = tend.participant_named(name).unwrap();
        tend.enrolments_for(person.id).unwrap()[0].joined_on
    };
    assert_eq!(joined("Siân Hughes"), crate::support::date(2026, 1, 6));
    assert_eq!(joined("Ola Kowalska"), tend::clock::today());
}

#[test]
fn a_dry_run_saves_nothing_and_a_file_without_a_name_column_is_refused() {
    let (_dir, tend) = open_temp();
    let table = read_bytes(b"Name\nAnn\n").unwrap();
    let report = tend
        .import_participants(
            &table,
            &guess_columns(&table.headers),
            &tend::service::ImportRun {
                activity: None,
                dry_run: true,
                today: tend::clock::today(),
                include_look_alikes: vec![],
            },
        )
        .unwrap();
    assert_eq!(report.imported, 1);
    assert!(names(&tend).is_empty());

    let table = read_bytes(b"Colour,Size\nred,big\n").unwrap();
    let err = tend
        .import_participants(
            &table,
            &guess_columns(&table.headers),
            &tend::service::ImportRun {
                activity: None,
                dry_run: false,
                today: tend::clock::today(),
                include_look_alikes: vec![],
            },
        )
        .unwrap_err();
    assert_eq!(err.field(), Some("columns"));
}

#[test]
fn an_oversized_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.csv");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    let err = read_file(&path).unwrap_err();
    assert!(
        err.message.starts_with("This file is 50 MB"),
        "{}",
        err.message
    );
}

#[test]
fn look_alike_rows_are_listed_and_imported_only_when_ticked() {
    let (_dir, tend) = open_temp();
    let today = crate::support::date(2026, 12, 1);
    tend.add_participant(
        tend::domain::ParticipantDetails {
            full_name: "Zoë Ní Bhriain".into(),
            date_of_birth: Some(crate::support::date(1951, 6, 14)),
            ..Default::default()
        },
        today,
        false,
    )
    .unwrap();
    let csv = "Name,Date of birth\n\
        Zoe Ni Bhriain,\n\
        Łukasz Wróbel,02/03/1948\n\
        Old Year,1/2/45\n";
    let table = read_bytes(csv.as_bytes()).unwrap();
    let run = |include: Vec<usize>| {
        tend.import_participants(
            &table,
            &guess_columns(&table.headers),
            &tend::service::ImportRun {
                activity: None,
                dry_run: false,
                today,
                include_look_alikes: include,
            },
        )
        .unwrap()
    };
    let report = run(vec![]);
    assert_eq!(report.imported, 1);
    let alike: Vec<&str> = report
        .look_alikes
        .iter()
        .map(|r| r.reason.as_str())
        .collect();
    assert_eq!(
        alike,
        vec!["Row 2: Possibly already in Tend as Zoë Ní Bhriain, born 14/06/1951 (the same name)"]
    );
    // A two-digit year is refused with its reason, never read as the year 45.
    assert_eq!(report.rejected.len(), 1);
    assert!(
        report.rejected[0]
            .reason
            .starts_with("Row 4: date of birth has a 2-digit year (\"1/2/45\")"),
        "{}",
        report.rejected[0].reason
    );
    assert_eq!(names(&tend), vec!["Łukasz Wróbel", "Zoë Ní Bhriain"]);

    // Ticked in the preview, the look-alike row is imported as someone new.
    let report = run(vec![2]);
    assert_eq!(report.imported, 1);
    assert!(report.look_alikes.is_empty());
    assert_eq!(tend.people_page("zoe", 0, 10).unwrap().matching, 2);
}

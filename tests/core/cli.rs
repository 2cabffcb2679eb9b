//! The `tend` command line, exactly as scripts call it.

use std::path::Path;

use chrono::{Datelike, Days};
use tend::Tend;

use crate::support::{checked_pdf_text, cli_demo, last_tuesday, tend_cli};

#[test]
fn demo_then_sign_in_sheet_mark_export_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (ok, _, err) = tend_cli(&data, &["demo"]);
    assert!(ok, "{err}");

    let tuesday = last_tuesday();
    let pdf = dir.path().join("sheet.pdf");
    let (ok, _, err) = tend_cli(
        &data,
        &[
            "sign-in-sheet",
            "--activity",
            "Tuesday Health Walk",
            "--date",
            &tuesday,
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let text = checked_pdf_text(&pdf);
    assert!(
        text.contains("Zoë Ní Bhriain") && text.contains("Łukasz Wróbel"),
        "{text}"
    );

    let (ok, out, err) = tend_cli(
        &data,
        &crate::support::mark_args(&tuesday, "Łukasz Wróbel", "apologies"),
    );
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "saved");

    let export = dir.path().join("backup.json");
    let (ok, _, err) = tend_cli(&data, &["export", "-o", export.to_str().unwrap()]);
    assert!(ok, "{err}");
    let restored = dir.path().join("restored");
    let (ok, _, err) = tend_cli(&restored, &["import", export.to_str().unwrap()]);
    assert!(ok, "{err}");

    // The mark made above came through the backup.
    let copy = Tend::open(&restored).unwrap();
    let walk = copy.activity_named("Tuesday Health Walk").unwrap();
    let date = tend::domain::dates::parse_date("d", "d", &tuesday).unwrap();
    let session = copy.session_on(&walk, date).unwrap();
    let lukasz = copy.participant_named("Łukasz Wróbel").unwrap();
    let row = copy
        .session_register(session.id)
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.participant == lukasz.id)
        .unwrap();
    assert_eq!(row.mark, Some(tend::domain::Mark::Apologies));
    drop(copy);

    // Importing again into a folder with data is refused.
    let (ok, _, err) = tend_cli(&restored, &["import", export.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("already holds data"), "{err}");
}

#[test]
fn mistakes_get_plain_words_and_a_failing_exit_never_a_panic() {
    let (dir, data) = cli_demo();
    let pdf = dir.path().join("x.pdf");
    let pdf = pdf.to_str().unwrap();

    let cases: [(&[&str], &str); 6] = [
        (
            &[
                "sign-in-sheet",
                "--activity",
                "Moonlight Swim",
                "--date",
                "2026-03-03",
                "-o",
                pdf,
            ],
            "No activity is called \"Moonlight Swim\"",
        ),
        (
            &[
                "sign-in-sheet",
                "--activity",
                "Tuesday Health Walk",
                "--date",
                "2026-02-31",
                "-o",
                pdf,
            ],
            "must be a real date",
        ),
        (
            &[
                "sign-in-sheet",
                "--activity",
                "Tuesday Health Walk",
                "--date",
                "1999-03-02",
                "-o",
                pdf,
            ],
            "has no session on",
        ),
        (
            &[
                "mark",
                "--activity",
                "Tuesday Health Walk",
                "--date",
                &last_tuesday(),
                "--participant",
                "Nobody Here",
                "present",
            ],
            "No participant is called",
        ),
        (
            &[
                "mark",
                "--activity",
                "Tuesday Health Walk",
                "--date",
                &last_tuesday(),
                "--participant",
                "Zoë Ní Bhriain",
                "maybe",
            ],
            "not a mark",
        ),
        (&["import", "/no/such/file.json"], "Could not read"),
    ];
    for (args, expected) in cases {
        let (ok, _, err) = tend_cli(&data, args);
        assert!(!ok, "{args:?} should fail");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    assert!(
        !Path::new(pdf).exists(),
        "no file is written when the command fails"
    );
}

#[test]
fn a_mistyped_data_folder_is_reported_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder");
    let (ok, _, err) = tend_cli(
        &missing,
        &["export", "-o", dir.path().join("x.json").to_str().unwrap()],
    );
    assert!(!ok);
    assert!(err.contains("There is no Tend data folder at"), "{err}");
    assert!(!missing.exists());
}

#[test]
fn demo_refuses_a_folder_that_already_holds_data() {
    let dir = tempfile::tempdir().unwrap();
    assert!(tend_cli(dir.path(), &["demo"]).0);
    let (ok, _, err) = tend_cli(dir.path(), &["demo"]);
    assert!(!ok);
    assert!(err.contains("already holds data"), "{err}");
}

#[test]
fn register_writes_the_pdf_and_the_csv() {
    let (dir, data) = cli_demo();
    let to = tend::clock::today();
    let from = (to - Days::new(91)).format("%Y-%m-%d").to_string();
    let to = to.format("%Y-%m-%d").to_string();
    let pdf = dir.path().join("register.pdf");
    let csv = dir.path().join("register.csv");
    let (ok, _, err) = tend_cli(
        &data,
        &[
            "register",
            "--activity",
            "Tuesday Health Walk",
            "--from",
            &from,
            "--to",
            &to,
            "-o",
            pdf.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(checked_pdf_text(&pdf).contains("Łukasz Wróbel"));
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert!(csv.starts_with("Name,Tue "), "{csv}");
    assert!(csv.contains("Zoë Ní Bhriain,"));

    let (ok, _, err) = tend_cli(
        &data,
        &[
            "register",
            "--activity",
            "Tuesday Health Walk",
            "--from",
            &from,
            "--to",
            &to,
        ],
    );
    assert!(!ok);
    assert!(err.contains("Say where to write the register"), "{err}");
}

#[test]
fn import_participants_reports_what_it_imported_and_each_rejected_row() {
    let (dir, data) = cli_demo();
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "Name,Date of birth,Phone\nMererid Hopwood,01/01/1964,01970 000000\nNo Date,30/02/1990,\n",
    )
    .unwrap();
    let args = [
        "import-participants",
        csv.to_str().unwrap(),
        "--activity",
        "Friday Garden Club",
    ];
    let (ok, out, err) = tend_cli(&data, &args);
    assert!(ok, "{err}");
    assert!(out.contains("Imported 1 of 2 rows"), "{out}");
    assert!(out.contains("1 enrolled in Friday Garden Club."), "{out}");
    assert!(
        out.contains("Row 3: date of birth must be a real date"),
        "{out}"
    );

    let (ok, out, _) = tend_cli(&data, &args);
    assert!(ok);
    assert!(
        out.contains("Imported 0 of 2 rows") && out.contains("1 already in Tend"),
        "{out}"
    );

    std::fs::write(&csv, "").unwrap();
    let (ok, _, err) = tend_cli(&data, &["import-participants", csv.to_str().unwrap()]);
    assert!(!ok);
    assert_eq!(err.trim(), "tend: The file is empty.");
}

#[test]
fn letters_due_are_printed_once_and_then_none_are_due() {
    let (dir, data) = cli_demo();
    let pdf = dir.path().join("letters.pdf");
    let args = [
        "letters",
        "--due",
        "-o",
        pdf.to_str().unwrap(),
        "--mark-sent",
    ];
    let (ok, out, err) = tend_cli(&data, &args);
    assert!(ok, "{err}");
    assert!(out.contains("Marked") && out.contains("as sent"), "{out}");
    let text = checked_pdf_text(&pdf);
    assert!(text.contains("Dear Dr Siân Evans,"), "{text}");
    std::fs::remove_file(&pdf).unwrap();

    let (ok, out, _) = tend_cli(&data, &args);
    assert!(ok);
    assert_eq!(out.trim(), "No letters are due");
    assert!(!pdf.exists(), "no file when nothing is due");
}

#[test]
fn rota_calendar_and_fill_gaps_from_the_command_line() {
    let (dir, data) = cli_demo();
    let today = tend::clock::today();
    let month = today.format("%Y-%m").to_string();

    let pdf = dir.path().join("rota.pdf");
    let (ok, out, err) = tend_cli(
        &data,
        &["rota", "--month", &month, "-o", pdf.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    assert!(out.contains("Wrote"));
    let text = checked_pdf_text(&pdf);
    assert!(text.contains("Dafydd ap Gwilym"), "{text}");
    assert!(text.contains("Tuesday Health Walk"));

    let ics = dir.path().join("dafydd.ics");
    let (ok, _, err) = tend_cli(
        &data,
        &[
            "ics",
            "--volunteer",
            "Dafydd ap Gwilym",
            "-o",
            ics.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let calendar = std::fs::read_to_string(&ics).unwrap();
    assert!(calendar.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(calendar.matches("BEGIN:VEVENT").count() > 10);

    let (ok, _, err) = tend_cli(&data, &["ics", "--volunteer", "Nobody Here", "-o", "x.ics"]);
    assert!(!ok);
    assert!(
        err.contains("No volunteer is called \"Nobody Here\""),
        "{err}"
    );
    let (ok, _, err) = tend_cli(&data, &["rota", "--month", "2026-13", "-o", "x.pdf"]);
    assert!(!ok);
    assert!(
        err.contains("--month must be a month such as 2026-11"),
        "{err}"
    );

    let from = today.format("%Y-%m-%d").to_string();
    let to = (today + Days::new(60)).format("%Y-%m-%d").to_string();
    let (ok, out, err) = tend_cli(&data, &["fill-gaps", "--from", &from, "--to", &to]);
    assert!(ok, "{err}");
    assert!(out.contains("Proposed ("), "{out}");
    assert!(out.contains("Nothing saved"), "{out}");
    let (ok, out, _) = tend_cli(
        &data,
        &["fill-gaps", "--from", &from, "--to", &to, "--apply"],
    );
    assert!(ok);
    assert!(out.contains("assignments to the rota"), "{out}");
    let (_, out, _) = tend_cli(&data, &["fill-gaps", "--from", &from, "--to", &to]);
    assert!(
        out.contains("Proposed (0)") || out.contains("No gaps"),
        "{out}"
    );
}

#[test]
fn people_are_listed_found_and_merged_by_id() {
    let (_dir, data) = cli_demo();

    let (ok, out, err) = tend_cli(&data, &["people", "--find", "ZOE ni bhriain"]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    let parts: Vec<&str> = lines[0].split(" · ").collect();
    assert_eq!(parts[0], "Zoë Ní Bhriain");
    assert!(
        parts[1].starts_with("born ") && parts[1].len() == "born 19/07/1981".len(),
        "{out}"
    );
    let zoe = parts[2];

    let (ok, out, _) = tend_cli(&data, &["people", "--json", "--find", "aisha"]);
    assert!(ok);
    let found: serde_json::Value = serde_json::from_str(&out).unwrap();
    let aisha = found[0]["id"].as_str().unwrap().to_string();
    assert_eq!(found[0]["full_name"], "Aisha Okafor");
    assert!(found[0]["date_of_birth"].as_str().unwrap().len() == 10);

    let (ok, everyone, _) = tend_cli(&data, &["people"]);
    assert!(ok);
    let before = everyone.lines().count();

    let (ok, _, err) = tend_cli(&data, &["merge-people", zoe, zoe]);
    assert!(!ok);
    assert_eq!(err.trim(), "tend: Choose two different people to merge.");
    let (ok, _, err) = tend_cli(&data, &["merge-people", zoe, "not-an-id"]);
    assert!(!ok);
    assert!(err.contains("is not a person's id"), "{err}");

    let (ok, out, err) = tend_cli(&data, &["merge-people", zoe, &aisha]);
    assert!(ok, "{err}");
    assert!(
        out.lines().next().unwrap().starts_with("Moved ")
            && out.contains(" attendance marks, 1 referral, 1 letter to Zoë Ní Bhriain"),
        "{out}"
    );
    let (_, after, _) = tend_cli(&data, &["people"]);
    assert_eq!(after.lines().count(), before - 1);
    assert!(!after.contains("Aisha Okafor"));
}

#[test]
fn import_participants_skips_and_reports_look_alike_rows() {
    let (dir, data) = cli_demo();
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, "Name,Phone\nzoe ni bhriain,\nBrand New Person,\n").unwrap();
    let (ok, out, err) = tend_cli(&data, &["import-participants", csv.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("Imported 1 of 2 rows"), "{out}");
    assert!(
        out.contains("Skipped 1 rows that look like someone already in Tend:")
            && out.contains("  Row 2: Possibly already in Tend as Zoë Ní Bhriain, born"),
        "{out}"
    );
}

#[test]
fn marking_by_name_uses_the_name_rule_and_refuses_a_session_to_come() {
    let (_dir, data) = cli_demo();
    let tuesday = last_tuesday();
    let (ok, out, err) = tend_cli(
        &data,
        &[
            "mark",
            "--activity",
            "Tuesday Health Walk",
            "--date",
            &tuesday,
            "--participant",
            "zoe ni bhriain",
            "present",
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "saved");

    let next_tuesday = {
        let d = tend::clock::today() + Days::new(1);
        let ahead = (7 + 1 - d.weekday().num_days_from_monday()) % 7;
        (d + Days::new(u64::from(ahead)))
            .format("%Y-%m-%d")
            .to_string()
    };
    let (ok, _, err) = tend_cli(
        &data,
        &[
            "mark",
            "--activity",
            "Tuesday Health Walk",
            "--date",
            &next_tuesday,
            "--participant",
            "Zoë Ní Bhriain",
            "present",
        ],
    );
    assert!(!ok);
    assert!(
        err.contains("until then only apologies can be recorded"),
        "{err}"
    );
}

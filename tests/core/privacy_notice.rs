//! The privacy notice: drafted from the organisation's details, on one
//! printed page, editable as the letter templates are, and carried by
//! backups.

use tend::Tend;
use tend::domain::Organisation;

use crate::support::{checked_pdf_text, date, open_temp};

fn organisation() -> Organisation {
    Organisation {
        name: "Cwm Taf Walkers".into(),
        address: "Capel Seion\nHeol y Bont".into(),
        postcode: "CF37 1AA".into(),
        charity_number: "1187654".into(),
        email: "helo@cwmtaf.org.uk".into(),
        ..Default::default()
    }
}

#[test]
fn tends_notice_names_the_organisation_on_one_page() {
    let (dir, tend) = open_temp();
    tend.save_organisation(organisation()).unwrap();
    let pdf = dir.path().join("notice.pdf");
    std::fs::write(
        &pdf,
        tend.privacy_notice_pdf(date(2026, 12, 1), tend::clock::now())
            .unwrap(),
    )
    .unwrap();
    let text = checked_pdf_text(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "How Cwm Taf Walkers looks after your information",
        "Cwm Taf Walkers, registered charity 1187654, Capel Seion, Heol y Bont CF37 1AA",
        "What we hold about you",
        "How long we keep it",
        "Contact us at helo@cwmtaf.org.uk.",
        "ico.org.uk/make-a-complaint",
        "Page 1 of 1",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    // Plain data does not claim to be encrypted.
    assert!(!text.contains("encrypted"), "{text}");
    assert!(
        text.contains("only as long as our retention schedule says"),
        "{text}"
    );

    // Once the schedule is the organisation's own, the notice and a
    // subject access reply both say how long.
    let today = date(2026, 12, 1);
    tend.confirm_retention(
        tend::domain::RetentionSchedule {
            people_months: 72,
            ..Default::default()
        },
        today,
    )
    .unwrap();
    let notice = tend
        .preview_privacy_notice(&tend.privacy_notice_template().unwrap(), today)
        .unwrap();
    assert!(
        notice.contains("for 72 months after we were last in touch"),
        "{notice}"
    );
    let person = tend
        .add_participant(crate::support::person("Siân Evans"), today, true)
        .unwrap();
    let reply = tend.subject_access(person.id, today).unwrap();
    let how_long = reply
        .facts
        .iter()
        .find(|f| f.heading == "How long we keep it")
        .unwrap();
    assert!(
        how_long
            .text
            .contains("for 72 months after we were last in touch")
    );
}

#[test]
fn the_organisations_own_wording_is_checked_used_kept_and_can_be_reset() {
    let (dir, tend) = open_temp();
    tend.save_organisation(organisation()).unwrap();
    let today = date(2026, 12, 1);
    let err = tend
        .save_privacy_notice_template("# Hello\n{{ participant.name }}", today)
        .unwrap_err();
    assert_eq!(err.field(), Some("template"));
    assert!(err.to_string().starts_with("Line 2:"), "{err}");
    assert_eq!(
        tend.privacy_notice_template().unwrap(),
        tend::templates::PRIVACY_NOTICE
    );

    let ours =
        "# Amdanom ni\n{{ organisation.name }} keeps your details safe, in Welsh and English.";
    tend.save_privacy_notice_template(ours, today).unwrap();
    assert_eq!(
        tend.preview_privacy_notice(ours, today).unwrap(),
        "# Amdanom ni\nCwm Taf Walkers keeps your details safe, in Welsh and English."
    );
    let pdf = dir.path().join("ours.pdf");
    std::fs::write(
        &pdf,
        tend.privacy_notice_pdf(today, tend::clock::now()).unwrap(),
    )
    .unwrap();
    let text = checked_pdf_text(&pdf);
    assert!(text.contains("Amdanom ni"), "{text}");
    assert!(!text.contains("What we hold about you"));

    // A backup carries it.
    let backup = dir.path().join("notice.tendbackup");
    tend.back_up(&backup, tend::clock::now()).unwrap();
    let into = dir.path().join("restored");
    Tend::restore_backup(&into, &backup, false, tend::clock::now(), &mut |_, _| {}).unwrap();
    assert_eq!(
        Tend::open(&into)
            .unwrap()
            .privacy_notice_template()
            .unwrap(),
        ours
    );

    assert_eq!(
        tend.reset_privacy_notice_template().unwrap(),
        tend::templates::PRIVACY_NOTICE
    );
    assert_eq!(
        tend.privacy_notice_template().unwrap(),
        tend::templates::PRIVACY_NOTICE
    );
}

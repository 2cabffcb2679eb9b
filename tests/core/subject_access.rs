//! Everything we hold about a person: the subject access reply holds every
//! value typed about them, every mark and every letter as sent, in the PDF
//! and the JSON, and on the command line exactly as the issue spells it.

use tend::Tend;
use tend::domain::{
    ConsentRecord, Consents, EmergencyContact, Mark, NhsNumber, ParticipantDetails,
};

use crate::support::{
    checked_pdf_text, date, mark, open_temp, referred_by_a_gp, tend_cli, walk_details,
};

/// Every field a person can have, in Welsh, Polish and with markup.
fn everything() -> ParticipantDetails {
    ParticipantDetails {
        full_name: "Łucja Ní Bhriain".into(),
        preferred_name: "Łucja".into(),
        date_of_birth: Some(date(1951, 6, 14)),
        nhs_number: Some(NhsNumber::parse("943 476 5919").unwrap()),
        address: "2 Heol y Bont\nAber-mill".into(),
        postcode: "AB1 3EF".into(),
        phone: "07700 900461".into(),
        email: "lucja@example.org.uk".into(),
        emergency_contact: EmergencyContact {
            name: "Dyfan Ní Bhriain".into(),
            relationship: "Son".into(),
            phone: "07700 900462".into(),
        },
        needs: "Low mood since her husband died <script>alert(1)</script>".into(),
        access_needs: "Uses a walking frame on hills".into(),
        consents: Consents {
            hold_data: Some(ConsentRecord {
                given: true,
                on: date(2026, 10, 5),
            }),
            share_with_referrer: Some(ConsentRecord {
                given: true,
                on: date(2026, 10, 5),
            }),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn the_reply_holds_every_value_mark_and_letter_in_the_pdf_and_the_json() {
    let (dir, tend) = open_temp();
    let today = date(2026, 11, 24);
    let referral = referred_by_a_gp(
        &tend,
        everything(),
        date(2026, 10, 5),
        "Isolated after bereavement",
        "Would like company on walks",
        today,
    );
    let walk = tend.create_activity(walk_details("Canal walk")).unwrap();
    let sessions = tend
        .generate_sessions(walk.id, date(2026, 10, 6), date(2026, 11, 17))
        .unwrap()
        .added;
    tend.enrol(walk.id, referral.participant, date(2026, 10, 6))
        .unwrap();
    for (i, session) in sessions.iter().enumerate() {
        let marked = if i % 3 == 2 {
            Mark::Apologies
        } else {
            Mark::Present
        };
        mark(&tend, session.id, referral.participant, marked).unwrap();
    }
    let due = tend.letters_due(today).unwrap();
    let letter = tend.compose_letter(&due[0], today).unwrap();
    tend.mark_letters_sent(std::slice::from_ref(&letter), today)
        .unwrap();

    let reply = tend.subject_access(referral.participant, today).unwrap();
    assert_eq!(reply.record.attendance.len(), sessions.len());
    assert_eq!(reply.letters.len(), 1);
    assert_eq!(
        reply.shared_with[0].referrer,
        "Dr Siân Evans, Meddygfa Aber-mill"
    );

    let pdf = dir.path().join("reply.pdf");
    std::fs::write(&pdf, reply.to_pdf(tend::clock::now()).unwrap()).unwrap();
    // Each line of the PDF's text, spaces squeezed, so wrapped values match.
    let text = checked_pdf_text(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let json = reply.to_json().unwrap();
    let held = everything();
    let first_body_line = letter.body.lines().next().unwrap().to_owned();
    for value in [
        held.full_name.as_str(),
        "943 476 5919",
        "Thursday 14 June 1951",
        "2 Heol y Bont",
        "Aber-mill",
        "AB1 3EF",
        "07700 900461",
        "lucja@example.org.uk",
        "Dyfan Ní Bhriain, Son, 07700 900462",
        "Low mood since her husband died <script>alert(1)</script>",
        "Uses a walking frame on hills",
        "Isolated after bereavement",
        "Would like company on walks",
        "Share progress with referrer",
        "Dr Siân Evans, Meddygfa Aber-mill",
        "ico.org.uk/make-a-complaint",
        first_body_line.as_str(),
    ] {
        assert!(
            text.contains(value),
            "{value} missing from the PDF:\n{text}"
        );
    }
    for session in &sessions {
        let day = session.date.format("%d/%m/%Y").to_string();
        assert!(text.contains(&day), "{day} missing from the PDF");
    }
    for value in [
        "Łucja Ní Bhriain",
        "9434765919",
        "07700 900461",
        "Low mood since her husband died <script>alert(1)</script>",
        "Isolated after bereavement",
    ] {
        assert!(json.contains(value), "{value} missing from the JSON");
    }
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        parsed["record"]["attendance"].as_array().unwrap().len(),
        sessions.len()
    );
    assert_eq!(parsed["letters"][0]["letter"]["body"], letter.body.as_str());
}

#[test]
fn the_command_line_writes_the_pdf_and_the_json() {
    let (dir, tend) = open_temp();
    let person = tend
        .add_participant(everything(), tend::clock::today(), true)
        .unwrap();
    drop(tend);
    let pdf = dir.path().join("reply.pdf");
    let json = dir.path().join("reply.json");
    let id = person.id.to_string();
    let (ok, out, err) = tend_cli(
        dir.path(),
        &[
            "subject-access",
            &id,
            "-o",
            pdf.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains(&format!("Wrote {}", pdf.display())), "{out}");
    assert!(checked_pdf_text(&pdf).contains("Everything we hold about"));
    assert!(
        std::fs::read_to_string(&json)
            .unwrap()
            .contains("Łucja Ní Bhriain")
    );

    let (ok, _, err) = tend_cli(dir.path(), &["subject-access", "nobody", "-o", "x.pdf"]);
    assert!(!ok);
    assert!(err.contains("is not a person's id"), "{err}");
    let unknown = tend::domain::ParticipantId::new().to_string();
    let (ok, _, err) = tend_cli(dir.path(), &["subject-access", &unknown, "-o", "x.pdf"]);
    assert!(!ok);
    assert!(!err.is_empty());
    let _ = Tend::open(dir.path()).unwrap();
}

#[test]
fn a_request_is_registered_due_a_calendar_month_on_answered_and_kept_through_a_merge_and_a_backup()
{
    let (dir, tend) = open_temp();
    let today = date(2026, 12, 1);
    let person = tend.add_participant(everything(), today, true).unwrap();
    let request = tend
        .record_access_request(person.id, date(2026, 11, 13), today)
        .unwrap();
    let open = tend.open_access_requests(today).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        open[0].words,
        "Subject access for Łucja Ní Bhriain: due in 12 days"
    );
    assert_eq!(open[0].due_on, date(2026, 12, 13));

    let future = tend
        .record_access_request(person.id, date(2026, 12, 2), today)
        .unwrap_err();
    assert_eq!(future.field(), Some("received_on"));
    let nobody = tend
        .record_access_request(tend::domain::ParticipantId::new(), today, today)
        .unwrap_err();
    assert_eq!(nobody.code(), tend::ErrorCode::NotFound);

    // Merged into another record, the request follows the person.
    let mut twin = everything();
    twin.full_name = "Lucja Ni Bhriain".into();
    twin.nhs_number = None;
    let kept = tend.add_participant(twin, today, true).unwrap();
    tend.merge_people(kept.id, person.id, None, today).unwrap();
    let moved = tend.access_request_lines(kept.id, today).unwrap();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].request.id, request.id);

    tend.answer_access_request(request.id, today, today)
        .unwrap();
    assert!(tend.open_access_requests(today).unwrap().is_empty());
    let lines = tend.access_request_lines(kept.id, today).unwrap();
    assert_eq!(lines[0].status, "answered Tuesday 1 December 2026");
    assert!(
        tend.subject_access(kept.id, today)
            .unwrap()
            .to_json()
            .unwrap()
            .contains("\"answered_on\": \"2026-12-01\"")
    );

    // A backup carries the register, and restores it.
    let backup = dir.path().join("b.tendbackup");
    let made = tend.back_up(&backup, tend::clock::now()).unwrap();
    assert_eq!(made.counts.access_requests, 1);
    let into = dir.path().join("restored");
    Tend::restore_backup(&into, &backup, false, tend::clock::now(), &mut |_, _| {}).unwrap();
    let restored = Tend::open(&into).unwrap();
    assert_eq!(
        restored.access_request_lines(kept.id, today).unwrap().len(),
        1
    );
}

#[test]
fn someone_who_also_volunteers_gets_that_record_too_but_not_a_namesakes() {
    let (dir, tend) = open_temp();
    let today = date(2026, 11, 24);
    let person = tend.add_participant(everything(), today, true).unwrap();
    let welcomer = tend.role_named_or_new("Welcomer").unwrap();
    let namesake = tend
        .add_volunteer(tend::domain::VolunteerDetails {
            full_name: "Lucja Ni Bhriain".into(),
            phone: "07700 900999".into(),
            roles: vec![welcomer.id],
            usual_days: vec![tend::domain::Day::Tuesday],
            ..Default::default()
        })
        .unwrap();
    let reply = tend.subject_access(person.id, today).unwrap();
    assert!(reply.volunteer.is_none(), "a name alone is not enough");

    tend.update_volunteer(
        namesake.id,
        tend::domain::VolunteerDetails {
            phone: "07700 900461".into(),
            notes: "Happy to welcome on Tuesdays".into(),
            ..namesake.details.clone()
        },
    )
    .unwrap();
    let reply = tend.subject_access(person.id, today).unwrap();
    assert_eq!(reply.volunteer.as_ref().unwrap().role_names, ["Welcomer"]);
    let pdf = dir.path().join("reply.pdf");
    std::fs::write(&pdf, reply.to_pdf(tend::clock::now()).unwrap()).unwrap();
    let text = checked_pdf_text(&pdf);
    assert!(text.contains("As a volunteer"), "{text}");
    assert!(text.contains("Happy to welcome on Tuesdays"), "{text}");
    assert!(
        reply
            .to_json()
            .unwrap()
            .contains("Happy to welcome on Tuesdays")
    );
}

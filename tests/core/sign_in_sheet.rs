//! The sign-in sheet as a person sees it: a valid PDF whose text carries the
//! session's details and every expected name exactly.

use crate::support::{checked_pdf_text, date, open_temp, person, walk_details};

/// The Tuesday Health Walk and its first session, on Tuesday 3 March 2026.
fn first_walk(tend: &tend::Tend) -> (tend::domain::Activity, tend::domain::Session) {
    let walk = tend
        .create_activity(walk_details("Tuesday Health Walk"))
        .unwrap();
    let session = tend
        .generate_sessions(walk.id, date(2026, 3, 1), date(2026, 3, 31))
        .unwrap()
        .added[0]
        .clone();
    (walk, session)
}

#[test]
fn sign_in_sheet_lists_everyone_expected_with_their_names_exact() {
    let (dir, tend) = open_temp();
    tend.save_organisation(tend::domain::Organisation {
        name: "Abermill Wellbeing".into(),
        ..Default::default()
    })
    .unwrap();
    let (walk, session) = first_walk(&tend);
    for name in [
        "Zoë Ní Bhriain",
        "Łukasz Wróbel",
        "Dafydd Ŵyn",
        "Γιώργος Παπαδόπουλος",
        "Ольга Иванова",
    ] {
        let p = tend
            .add_participant(person(name), tend::clock::today(), true)
            .unwrap();
        tend.enrol(walk.id, p.id, date(2026, 2, 1)).unwrap();
    }

    let path = dir.path().join("sheet.pdf");
    std::fs::write(
        &path,
        tend.sign_in_sheet(session.id, tend::clock::now()).unwrap(),
    )
    .unwrap();
    let text = checked_pdf_text(&path);

    for expected in [
        "Abermill Wellbeing",
        "Sign-in sheet",
        "Tuesday Health Walk",
        "Tuesday 3 March 2026",
        "10:00–11:30",
        "Riverside Park gate",
        "Dafydd ap Gwilym",
        "Zoë Ní Bhriain",
        "Łukasz Wróbel",
        "Dafydd Ŵyn",
        "Γιώργος Παπαδόπουλος",
        "Ольга Иванова",
        "Headcount",
        "Page 1 of 1",
        "emergency (ICE) contact",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(
        text.matches("Walk-in").count() >= 5,
        "at least five blank rows for walk-ins"
    );

    let (ok, fonts, _) = crate::support::run("pdffonts", &[path.to_str().unwrap()]);
    assert!(ok);
    for line in fonts.lines().skip(2) {
        assert!(
            line.contains("yes yes yes"),
            "fonts must be embedded, subset, unicode: {line}"
        );
    }
}

#[test]
fn a_long_list_runs_onto_more_pages_with_the_header_repeated() {
    let (dir, tend) = open_temp();
    let (walk, session) = first_walk(&tend);
    for i in 0..60 {
        let p = tend
            .add_participant(
                person(&format!("Walker number {i:02}")),
                tend::clock::today(),
                true,
            )
            .unwrap();
        tend.enrol(walk.id, p.id, date(2026, 2, 1)).unwrap();
    }
    let path = dir.path().join("long.pdf");
    std::fs::write(
        &path,
        tend.sign_in_sheet(session.id, tend::clock::now()).unwrap(),
    )
    .unwrap();
    let text = checked_pdf_text(&path);
    assert!(text.contains("Page 1 of 3"), "{text}");
    assert!(text.contains("Page 3 of 3"));
    assert!(text.contains("(continued)"));
    assert!(text.contains("Walker number 00") && text.contains("Walker number 59"));
    assert_eq!(
        text.matches("Signature").count(),
        3,
        "the table header is on every page"
    );
}

#[test]
fn the_leaders_copy_carries_emergency_contacts_and_notes_only_where_consent_allows() {
    use tend::domain::{ConsentRecord, EmergencyContact};
    let (dir, tend) = open_temp();
    let (walk, session) = first_walk(&tend);
    let agreed = Some(ConsentRecord {
        given: true,
        on: date(2026, 1, 5),
    });
    let mut zoe = person("Zoë Ní Bhriain");
    zoe.consents.hold_data = agreed;
    zoe.access_needs = "Walks with a stick: shorter route".into();
    zoe.needs = "Type 2 diabetes; carries sweets".into();
    zoe.emergency_contact = EmergencyContact {
        name: "Aoife Ní Bhriain".into(),
        relationship: "Daughter".into(),
        phone: "07700 900123".into(),
    };
    let mut lukasz = person("Łukasz Wróbel");
    lukasz.consents.hold_data = None;
    lukasz.access_needs = "Hard of hearing".into();
    for details in [zoe, lukasz] {
        let p = tend
            .add_participant(details, tend::clock::today(), true)
            .unwrap();
        tend.enrol(walk.id, p.id, date(2026, 2, 1)).unwrap();
    }
    // The session screen flags her, not him.
    let register = tend.session_register(session.id).unwrap();
    let flags: Vec<(&str, usize)> = register
        .rows
        .iter()
        .map(|r| (r.full_name.as_str(), r.leader_notes.len()))
        .collect();
    assert_eq!(flags, [("Łukasz Wróbel", 0), ("Zoë Ní Bhriain", 2)]);

    let path = dir.path().join("leader.pdf");
    std::fs::write(
        &path,
        tend.leader_copy(session.id, tend::clock::now()).unwrap(),
    )
    .unwrap();
    let text = checked_pdf_text(&path);
    for expected in [
        "CONFIDENTIAL",
        "Leader’s copy",
        "Tuesday 3 March 2026, 10:00–11:30",
        "Emergency contact: Aoife Ní Bhriain (Daughter), 07700 900123",
        "Access needs: Walks with a stick: shorter route",
        "Needs and concerns: Type 2 diabetes; carries sweets",
        "Łukasz Wróbel",
        "Emergency contact: None recorded",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains("Hard of hearing"), "{text}");
    // The ordinary sheet carries none of it.
    let path = dir.path().join("sheet.pdf");
    std::fs::write(
        &path,
        tend.sign_in_sheet(session.id, tend::clock::now()).unwrap(),
    )
    .unwrap();
    let sheet = checked_pdf_text(&path);
    assert!(!sheet.contains("07700 900123") && !sheet.contains("diabetes"));
}

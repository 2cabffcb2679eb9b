//! The attendance register as a coordinator prints or opens it.

use tend::domain::Mark;

use crate::support::{checked_pdf_text, date, open_temp, person, walk_details};

#[test]
fn register_shows_marks_totals_cancellations_and_who_was_not_yet_enrolled() {
    let (dir, tend) = open_temp();
    let walk = tend
        .create_activity(walk_details("Tuesday Health Walk"))
        .unwrap();
    let sessions = tend
        .generate_sessions(walk.id, date(2026, 3, 1), date(2026, 3, 31))
        .unwrap()
        .added;
    assert_eq!(sessions.len(), 5);
    tend.cancel_session(sessions[3].id, "Weather").unwrap();

    let zoe = tend
        .add_participant(person("Zoë Ní Bhriain"), tend::clock::today(), true)
        .unwrap();
    tend.enrol(walk.id, zoe.id, date(2026, 2, 1)).unwrap();
    let lukasz = tend
        .add_participant(person("Łukasz Wróbel"), tend::clock::today(), true)
        .unwrap();
    tend.enrol(walk.id, lukasz.id, date(2026, 3, 17)).unwrap();
    let formula = tend
        .add_participant(person("=HYPERLINK(\"x\")"), tend::clock::today(), true)
        .unwrap();
    tend.enrol(walk.id, formula.id, date(2026, 2, 1)).unwrap();

    crate::support::mark(&tend, sessions[0].id, zoe.id, Mark::Present).unwrap();
    crate::support::mark(&tend, sessions[1].id, zoe.id, Mark::Apologies).unwrap();
    crate::support::mark(&tend, sessions[2].id, zoe.id, Mark::Present).unwrap();
    crate::support::mark(&tend, sessions[2].id, lukasz.id, Mark::Present).unwrap();
    crate::support::mark(&tend, sessions[4].id, lukasz.id, Mark::Absent).unwrap();

    let register = tend
        .register(
            walk.id,
            date(2026, 3, 1),
            date(2026, 3, 31),
            tend::clock::today(),
        )
        .unwrap();
    let path = dir.path().join("register.pdf");
    std::fs::write(&path, register.to_pdf(tend::clock::now()).unwrap()).unwrap();
    let text = checked_pdf_text(&path);
    for expected in [
        "Register · Tuesday Health Walk",
        "Sunday 1 March 2026 to Tuesday 31 March 2026",
        "03/03",
        "31/03",
        "Zoë Ní Bhriain",
        "Łukasz Wróbel",
        "Page 1 of 1",
        "P present",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // Zoë came twice of the four sessions held; Łukasz once of the two after he joined.
    let zoe_line = text.lines().find(|l| l.contains("Zoë Ní Bhriain")).unwrap();
    assert!(zoe_line.contains("2 of 4"), "{zoe_line}");
    let lukasz_line = text.lines().find(|l| l.contains("Łukasz Wróbel")).unwrap();
    assert!(lukasz_line.contains("1 of 2"), "{lukasz_line}");

    let csv = register.to_csv();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Name,Tue 03/03/2026,Tue 10/03/2026,Tue 17/03/2026,Tue 24/03/2026,Tue 31/03/2026,Attended,Offered"
    );
    assert!(
        lines.contains(&"Zoë Ní Bhriain,present,apologies,present,cancelled,,2,4"),
        "{csv}"
    );
    assert!(
        lines.contains(&"Łukasz Wróbel,not enrolled,not enrolled,present,cancelled,absent,1,2"),
        "{csv}"
    );
    assert!(
        lines.contains(&"\"'=HYPERLINK(\"\"x\"\")\",,,,cancelled,,0,4"),
        "a formula is defused: {csv}"
    );
    assert!(
        lines.contains(&"Present at each session,1,0,2,cancelled,0"),
        "{csv}"
    );
}

#[test]
fn a_long_register_repeats_its_header_on_every_page() {
    let (dir, tend) = open_temp();
    let walk = tend
        .create_activity(walk_details("Tuesday Health Walk"))
        .unwrap();
    tend.generate_sessions(walk.id, date(2026, 1, 1), date(2026, 3, 31))
        .unwrap();
    for i in 0..200 {
        let p = tend
            .add_participant(
                person(&format!("Walker {i:03}")),
                tend::clock::today(),
                true,
            )
            .unwrap();
        tend.enrol(walk.id, p.id, date(2025, 12, 1)).unwrap();
    }
    let register = tend
        .register(
            walk.id,
            date(2026, 1, 1),
            date(2026, 3, 31),
            tend::clock::today(),
        )
        .unwrap();
    assert_eq!(register.columns.len(), 13);
    let path = dir.path().join("long.pdf");
    std::fs::write(&path, register.to_pdf(tend::clock::now()).unwrap()).unwrap();
    let text = checked_pdf_text(&path);
    let pages = text.matches("of offered").count();
    assert!(pages >= 8, "{pages} pages");
    assert!(text.contains(&format!("Page {pages} of {pages}")));
    assert!(text.contains("Walker 000") && text.contains("Walker 199"));
}

#[test]
fn an_end_before_the_start_is_refused_with_its_field() {
    let (_dir, tend) = open_temp();
    let walk = tend
        .create_activity(walk_details("Tuesday Health Walk"))
        .unwrap();
    let err = tend
        .register(
            walk.id,
            date(2026, 3, 31),
            date(2026, 3, 1),
            tend::clock::today(),
        )
        .err()
        .unwrap();
    assert_eq!(err.field(), Some("to"));
}

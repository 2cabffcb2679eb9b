//! Volunteers and the rota: checks, gaps, conflicts and overrides, fair
//! auto-fill, the rota PDF and calendar files.

use tend::Tend;
use tend::domain::{
    DateRange, Day, DbsRecord, Qualification, Role, RoleNeed, SessionId, VolunteerDetails,
};
use tend::service::Assignment;

use crate::support::{checked_pdf_text, date, open_temp, person, run, walk_details};

struct Walk {
    leader: Role,
    back_marker: Role,
    /// Tuesdays 1 December 2026 to 29 December 2026.
    sessions: Vec<SessionId>,
}

/// A Tuesday walk needing one leader per 20 walkers and a back marker,
/// with 25 walkers enrolled (so two leaders).
fn walk_with_needs(tend: &Tend) -> Walk {
    let leader = tend.role_named_or_new("Walk leader").unwrap();
    let leader = tend
        .update_role(Role {
            qualification: "Walk leader training".into(),
            ..leader
        })
        .unwrap();
    let back_marker = tend.role_named_or_new("Back marker").unwrap();
    let mut details = walk_details("Tuesday Health Walk");
    details.roles_needed = vec![
        RoleNeed {
            role: leader.id,
            count: 1,
            per_participants: Some(20),
        },
        RoleNeed {
            role: back_marker.id,
            count: 1,
            per_participants: None,
        },
    ];
    let walk = tend.create_activity(details).unwrap();
    let sessions = tend
        .generate_sessions(walk.id, date(2026, 12, 1), date(2026, 12, 29))
        .unwrap()
        .added;
    for n in 0..25 {
        let p = tend
            .add_participant(person(&format!("Walker {n}")), tend::clock::today(), true)
            .unwrap();
        tend.enrol(walk.id, p.id, date(2026, 11, 1)).unwrap();
    }
    Walk {
        leader,
        back_marker,
        sessions: sessions.iter().map(|s| s.id).collect(),
    }
}

fn volunteer(name: &str, roles: &[&Role]) -> VolunteerDetails {
    VolunteerDetails {
        full_name: name.into(),
        roles: roles.iter().map(|r| r.id).collect(),
        usual_days: vec![Day::Tuesday],
        qualifications: vec![Qualification {
            name: "Walk leader training".into(),
            issued_on: date(2025, 1, 1),
            expires_on: Some(date(2028, 1, 1)),
        }],
        ..Default::default()
    }
}

#[test]
fn bad_volunteer_details_are_refused_with_their_field() {
    let (_dir, tend) = open_temp();
    let role = tend.role_named_or_new("Welcomer").unwrap();
    let refused = |details: VolunteerDetails, field: &str| {
        let err = tend.add_volunteer(details).unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
    };
    refused(volunteer("  ", &[&role]), "full_name");
    refused(volunteer("Dafydd ap Gwilym", &[]), "roles");
    refused(
        VolunteerDetails {
            usual_days: vec![],
            ..volunteer("Dafydd ap Gwilym", &[&role])
        },
        "usual_days",
    );
    let mut expired_first = volunteer("Dafydd ap Gwilym", &[&role]);
    expired_first.qualifications[0].expires_on = Some(date(2024, 12, 1));
    refused(expired_first, "qualifications");
    let dbs = DbsRecord {
        level: "Enhanced".into(),
        certificate_number: "12345".into(),
        seen_on: date(2025, 3, 1),
        seen_by: "Carys Morgan".into(),
        update_service: true,
        recheck_due: date(2028, 3, 1),
    };
    refused(
        VolunteerDetails {
            dbs: Some(dbs.clone()),
            ..volunteer("Dafydd ap Gwilym", &[&role])
        },
        "dbs_certificate_number",
    );
    refused(
        VolunteerDetails {
            away: vec![DateRange {
                from: date(2026, 12, 10),
                to: date(2026, 12, 1),
            }],
            ..volunteer("Dafydd ap Gwilym", &[&role])
        },
        "away",
    );
    assert!(tend.volunteers().unwrap().is_empty(), "nothing half-saved");

    let ok = tend
        .add_volunteer(VolunteerDetails {
            dbs: Some(DbsRecord {
                certificate_number: "001234567890".into(),
                ..dbs
            }),
            ..volunteer("Dafydd ap Gwilym", &[&role])
        })
        .unwrap();
    assert_eq!(tend.volunteer_named("DAFYDD AP GWILYM").unwrap().id, ok.id);
}

#[test]
fn gaps_follow_the_walkers_and_close_when_someone_is_assigned() {
    let (_dir, tend) = open_temp();
    let walk = walk_with_needs(&tend);
    let dafydd = tend
        .add_volunteer(volunteer(
            "Dafydd ap Gwilym",
            &[&walk.leader, &walk.back_marker],
        ))
        .unwrap();

    let december = tend.rota(date(2026, 12, 1), date(2026, 12, 31)).unwrap();
    assert_eq!(december.sessions.len(), 5);
    let first = &december.sessions[0];
    let roles: Vec<&str> = first.slots.iter().map(|s| s.role_name.as_str()).collect();
    assert_eq!(roles, ["Walk leader", "Walk leader", "Back marker"]);
    assert_eq!(first.gaps, 3);
    assert_eq!(december.gaps, 15);

    let candidates = tend
        .rota_candidates(walk.sessions[0], walk.leader.id)
        .unwrap();
    assert_eq!(candidates[0].name, "Dafydd ap Gwilym");
    assert!(candidates[0].conflicts.is_empty());

    tend.assign_volunteer(Assignment {
        session: walk.sessions[0],
        role: walk.leader.id,
        volunteer: dafydd.id,
        override_reason: None,
    })
    .unwrap();
    let december = tend.rota(date(2026, 12, 1), date(2026, 12, 31)).unwrap();
    assert_eq!(december.sessions[0].gaps, 2);
    let filled = december.sessions[0].slots[0].filled.as_ref().unwrap();
    assert_eq!(filled.name, "Dafydd ap Gwilym");
    assert!(filled.conflicts.is_empty());

    // The same person as back marker at the same walk is a double booking.
    let err = tend
        .assign_volunteer(Assignment {
            session: walk.sessions[0],
            role: walk.back_marker.id,
            volunteer: dafydd.id,
            override_reason: None,
        })
        .unwrap_err();
    assert_eq!(err.field(), Some("override_reason"));
    assert!(
        err.to_string()
            .contains("Already on the rota for Tuesday Health Walk at 10:00 (walk leader)"),
        "{err}"
    );

    // Taking him off opens the gap again.
    tend.unassign(walk.sessions[0], filled.assignment).unwrap();
    assert_eq!(
        tend.rota(date(2026, 12, 1), date(2026, 12, 1))
            .unwrap()
            .gaps,
        3
    );
}

#[test]
fn a_conflict_needs_an_override_reason_which_is_kept() {
    let (_dir, tend) = open_temp();
    let walk = walk_with_needs(&tend);
    let mut details = volunteer("Siân Evans", &[&walk.leader]);
    details.away = vec![DateRange {
        from: date(2026, 11, 30),
        to: date(2026, 12, 2),
    }];
    let sian = tend.add_volunteer(details).unwrap();
    let request = |reason: Option<&str>| Assignment {
        session: walk.sessions[0],
        role: walk.leader.id,
        volunteer: sian.id,
        override_reason: reason.map(str::to_string),
    };
    let err = tend.assign_volunteer(request(None)).unwrap_err();
    assert!(err.to_string().contains("Away that day"), "{err}");
    assert_eq!(
        tend.rota(date(2026, 12, 1), date(2026, 12, 1))
            .unwrap()
            .gaps,
        3
    );

    let kept = tend
        .assign_volunteer(request(Some("Back from holiday that morning")))
        .unwrap();
    assert_eq!(
        kept.override_reason.as_deref(),
        Some("Back from holiday that morning")
    );
    let rota = tend.rota(date(2026, 12, 1), date(2026, 12, 1)).unwrap();
    let filled = rota.sessions[0].slots[0].filled.as_ref().unwrap();
    assert_eq!(filled.conflicts, ["Away that day"]);

    // Archived, she is still named on the rota she was on.
    tend.archive_volunteer(sian.id, true).unwrap();
    let rota = tend.rota(date(2026, 12, 1), date(2026, 12, 1)).unwrap();
    assert_eq!(
        rota.sessions[0].slots[0].filled.as_ref().unwrap().name,
        "Siân Evans"
    );
    assert!(
        tend.rota_candidates(walk.sessions[1], walk.leader.id)
            .unwrap()
            .is_empty(),
        "archived volunteers are not offered"
    );
}

#[test]
fn fill_the_gaps_is_fair_deterministic_and_never_assigns_the_ineligible() {
    let (_dir, tend) = open_temp();
    let walk = walk_with_needs(&tend);
    let names = ["Aled Roberts", "Bethan Rees", "Ceri Jones", "Dai Thomas"];
    for name in names {
        tend.add_volunteer(volunteer(name, &[&walk.leader]))
            .unwrap();
    }
    // Expired training: can never lead.
    let mut lapsed = volunteer("Eira Lloyd", &[&walk.leader]);
    lapsed.qualifications[0].expires_on = Some(date(2026, 6, 1));
    tend.add_volunteer(lapsed).unwrap();
    // Free Tuesdays but away for the first two walks.
    let mut away = volunteer("Ffion Hughes", &[&walk.leader]);
    away.away = vec![DateRange {
        from: date(2026, 12, 1),
        to: date(2026, 12, 8),
    }];
    let ffion = tend.add_volunteer(away).unwrap();

    let proposal = tend
        .fill_gaps(date(2026, 12, 1), date(2026, 12, 31))
        .unwrap();
    assert_eq!(
        proposal,
        tend.fill_gaps(date(2026, 12, 1), date(2026, 12, 31))
            .unwrap()
    );
    assert_eq!(
        proposal.assignments.len(),
        10,
        "two leaders for each of five walks"
    );
    assert!(
        proposal
            .assignments
            .iter()
            .all(|a| a.role == walk.leader.id)
    );
    assert!(
        !proposal
            .assignments
            .iter()
            .any(|a| a.volunteer_name == "Eira Lloyd")
    );
    assert!(
        !proposal
            .assignments
            .iter()
            .any(|a| a.volunteer == ffion.id && a.date <= date(2026, 12, 8))
    );
    // Nobody can be back marker: every back-marker slot is reported, with why.
    assert_eq!(proposal.unfilled.len(), 5);
    assert_eq!(
        proposal.unfilled[0].reason,
        "No back marker for the Tuesday Health Walk on Tuesday 1 December 2026 at 10:00: nobody on the volunteer list can be back marker."
    );
    // Spread evenly: five people who could lead get two walks each.
    let mut counts = std::collections::HashMap::new();
    for a in &proposal.assignments {
        *counts.entry(a.volunteer_name.as_str()).or_insert(0) += 1;
    }
    assert!(counts.values().all(|&n| n == 2), "{counts:?}");

    assert_eq!(tend.apply_gap_proposal(&proposal.assignments).unwrap(), 10);
    let after = tend.rota(date(2026, 12, 1), date(2026, 12, 31)).unwrap();
    assert_eq!(after.gaps, 5, "only the back markers are still needed");
    assert!(
        tend.fill_gaps(date(2026, 12, 1), date(2026, 12, 31))
            .unwrap()
            .assignments
            .is_empty()
    );
    // Applying the same proposal again finds the slots taken and saves nothing.
    let err = tend.apply_gap_proposal(&proposal.assignments).unwrap_err();
    assert!(err.to_string().contains("Nothing was saved"), "{err}");
    assert_eq!(
        tend.rota(date(2026, 12, 1), date(2026, 12, 31))
            .unwrap()
            .gaps,
        5
    );
}

#[test]
fn expiry_alerts_cover_the_next_sixty_days() {
    let (_dir, tend) = open_temp();
    let role = tend.role_named_or_new("First aider").unwrap();
    let mut details = volunteer("Róisín Ní Dhónaill", &[&role]);
    details.qualifications = vec![Qualification {
        name: "First aid certificate".into(),
        issued_on: date(2023, 12, 1),
        expires_on: Some(date(2026, 12, 20)),
    }];
    details.dbs = Some(DbsRecord {
        level: "Enhanced".into(),
        certificate_number: "001234567890".into(),
        seen_on: date(2024, 1, 1),
        seen_by: "Carys Morgan".into(),
        update_service: false,
        recheck_due: date(2027, 6, 1),
    });
    tend.add_volunteer(details).unwrap();
    let alerts = tend.expiry_alerts(date(2026, 11, 22)).unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].what, "First aid certificate");
    assert_eq!(alerts[0].days_left, 28);
    assert!(tend.expiry_alerts(date(2026, 9, 1)).unwrap().is_empty());
}

#[test]
fn rota_pdf_shows_names_and_gaps() {
    let (dir, tend) = open_temp();
    let walk = walk_with_needs(&tend);
    let v = tend
        .add_volunteer(volunteer("Łucja Wiśniewska-Ó Briain", &[&walk.leader]))
        .unwrap();
    tend.assign_volunteer(Assignment {
        session: walk.sessions[1],
        role: walk.leader.id,
        volunteer: v.id,
        override_reason: None,
    })
    .unwrap();
    tend.cancel_session(walk.sessions[2], "Storm warning")
        .unwrap();
    let pdf = tend
        .rota_pdf(date(2026, 12, 1), date(2026, 12, 31), tend::clock::now())
        .unwrap();
    let path = dir.path().join("rota.pdf");
    std::fs::write(&path, pdf).unwrap();
    let text = checked_pdf_text(&path);
    assert!(text.contains("Rota – December 2026"), "{text}");
    assert!(text.contains("Łucja Wiśniewska-Ó Briain"), "{text}");
    assert!(text.contains("Cancelled: Storm warning"), "{text}");
    assert!(text.contains("11 slots still needed"), "{text}");
    assert!(text.contains("Needed"));
    assert!(text.contains("Page 1 of 1"));
}

/// Times the calendar says, read back as UTC by Python's icalendar package
/// (Debian's python3-icalendar, which scripts/setup.sh installs).
const READ_ICS: &str = r#"
import sys, icalendar, datetime
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for e in cal.walk('VEVENT'):
    start = e.decoded('DTSTART').astimezone(datetime.timezone.utc)
    print(start.strftime('%Y-%m-%dT%H:%MZ'), e.get('STATUS'), e.get('UID'), str(e.get('LOCATION')),
          str(e.get('DESCRIPTION')).replace('\n', ' / '), sep='|')
"#;

#[test]
fn calendar_files_parse_with_london_times_across_the_clock_change() {
    let (dir, tend) = open_temp();
    let role = tend.role_named_or_new("Walk leader").unwrap();
    let mut details = walk_details(
        "Tuesday Walk; \"long\", with commas and a name far too long to fit on one calendar line",
    );
    details.meeting_place = "Chapel Hall, Heol y Bont; back door".into();
    details.roles_needed = vec![RoleNeed {
        role: role.id,
        count: 1,
        per_participants: None,
    }];
    let walk = tend.create_activity(details).unwrap();
    // 24 and 31 March 2026: the clocks go forward on Sunday 29 March.
    let sessions = tend
        .generate_sessions(walk.id, date(2026, 3, 24), date(2026, 3, 31))
        .unwrap()
        .added;
    let mut v = volunteer("Dafydd ap Gwilym, Jr; \"Dai\"", &[&role]);
    v.qualifications.clear();
    let dafydd = tend.add_volunteer(v).unwrap();
    for s in &sessions {
        tend.assign_volunteer(Assignment {
            session: s.id,
            role: role.id,
            volunteer: dafydd.id,
            override_reason: None,
        })
        .unwrap();
    }
    tend.cancel_session(sessions[1].id, "Flooded path").unwrap();

    let ics = tend
        .volunteer_calendar(dafydd.id, tend::clock::now())
        .unwrap();
    assert!(ics.lines().all(|l| l.len() <= 76), "lines are folded");
    assert!(ics.split("\r\n").all(|l| l.len() <= 75));
    let path = dir.path().join("dafydd.ics");
    std::fs::write(&path, &ics).unwrap();
    let (ok, out, err) = run(
        "/usr/bin/python3",
        &["-c", READ_ICS, path.to_str().unwrap()],
    );
    assert!(ok, "icalendar could not read the file: {err}");
    let events: Vec<Vec<&str>> = out.lines().map(|l| l.split('|').collect()).collect();
    assert_eq!(events.len(), 2);
    // 10:00 GMT before the change, 10:00 BST (09:00 UTC) after it.
    assert_eq!(events[0][0], "2026-03-24T10:00Z");
    assert_eq!(events[0][1], "CONFIRMED");
    assert_eq!(events[1][0], "2026-03-31T09:00Z");
    assert_eq!(events[1][1], "CANCELLED");
    assert_eq!(events[0][3], "Chapel Hall, Heol y Bont; back door");
    assert!(
        events[1][4].ends_with(" / Cancelled: Flooded path"),
        "{}",
        events[1][4]
    );

    // Exporting again keeps each event's UID, so calendars update, not duplicate.
    let again = tend
        .volunteer_calendar(dafydd.id, tend::clock::now())
        .unwrap();
    let uids = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(uids(&ics), uids(&again));
    assert!(events[0][2].ends_with("@rota.tend"));
}

#[test]
fn backwards_or_overlong_ranges_are_refused() {
    let (_dir, tend) = open_temp();
    let err = tend
        .fill_gaps(date(2026, 12, 31), date(2026, 12, 1))
        .unwrap_err();
    assert_eq!(err.field(), Some("to"));
    assert!(tend.rota(date(2026, 1, 1), date(2028, 1, 1)).is_err());
}

#[test]
fn a_long_month_runs_onto_more_pages_with_its_headings() {
    let (dir, tend) = open_temp();
    let walk = walk_with_needs(&tend);
    for (n, day) in [
        Day::Monday,
        Day::Wednesday,
        Day::Thursday,
        Day::Friday,
        Day::Saturday,
    ]
    .into_iter()
    .enumerate()
    {
        let mut details = walk_details(&format!("Walk {n}"));
        details.recurrence = tend::domain::Recurrence::Weekly { day };
        details.roles_needed = vec![RoleNeed {
            role: walk.back_marker.id,
            count: 3,
            per_participants: None,
        }];
        let activity = tend.create_activity(details).unwrap();
        tend.generate_sessions(activity.id, date(2026, 12, 1), date(2026, 12, 31))
            .unwrap();
    }
    let pdf = tend
        .rota_pdf(date(2026, 12, 1), date(2026, 12, 31), tend::clock::now())
        .unwrap();
    let path = dir.path().join("long.pdf");
    std::fs::write(&path, pdf).unwrap();
    let text = checked_pdf_text(&path);
    assert!(text.contains("Page 3 of 3"), "{text}");
    assert_eq!(
        text.matches("Back marker").count(),
        3,
        "headings on every page"
    );
    assert_eq!(text.matches("Rota – December 2026").count(), 3);
}

#[test]
fn a_buddy_must_be_free_that_day_and_shows_on_the_rota_text_pdf_and_their_calendar() {
    use tend::service::BuddyRequest;
    let (dir, tend) = open_temp();
    let walk = walk_with_needs(&tend);
    let activity = tend.activities().unwrap()[0].id;
    let today = date(2026, 12, 1);
    let eirlys = tend
        .add_participant(person("Eirlys Prys"), today, true)
        .unwrap();
    tend.enrol(activity, eirlys.id, today).unwrap();
    let sian = tend
        .add_volunteer(volunteer("Siân Lloyd", &[&walk.back_marker]))
        .unwrap();
    let away = tend
        .add_volunteer(VolunteerDetails {
            away: vec![DateRange {
                from: date(2026, 12, 7),
                to: date(2026, 12, 9),
            }],
            ..volunteer("Gareth Wyn", &[&walk.back_marker])
        })
        .unwrap();
    let ask = |volunteer, session| {
        tend.choose_buddy(
            BuddyRequest {
                participant: eirlys.id,
                activity,
                volunteer,
                session,
            },
            today,
        )
    };
    // The next few sessions, each with who is free first.
    let offered = tend.buddy_sessions(activity, today).unwrap();
    assert_eq!(offered.len(), 4);
    let second = &offered[1];
    assert_eq!(second.volunteers[0].name, "Siân Lloyd");
    assert_eq!(second.volunteers[1].clashes, ["Away that day"]);

    let err = ask(away.id, walk.sessions[1]).unwrap_err();
    assert_eq!(err.field(), Some("buddy_volunteer"));
    assert!(
        err.to_string()
            .contains("Gareth Wyn cannot be a buddy that day: Away that day."),
        "{err}"
    );
    tend.archive_volunteer(sian.id, true).unwrap();
    let err = ask(sian.id, walk.sessions[1]).unwrap_err();
    assert!(err.to_string().contains("No longer volunteering"), "{err}");
    tend.archive_volunteer(sian.id, false).unwrap();
    assert!(
        tend.volunteers().unwrap().iter().all(|v| tend
            .enrolments_for(eirlys.id)
            .unwrap()
            .iter()
            .all(|e| e.buddy.is_none_or(|b| b.volunteer != v.id))),
        "refusals changed nothing"
    );

    ask(sian.id, walk.sessions[1]).unwrap();
    let text = tend
        .rota_text(date(2026, 12, 7), date(2026, 12, 13))
        .unwrap();
    assert!(
        text.contains("Buddy: Siân Lloyd, meeting Eirlys Prys at their first session"),
        "{text}"
    );
    let pdf = tend
        .rota_pdf(date(2026, 12, 1), date(2026, 12, 31), tend::clock::now())
        .unwrap();
    let path = dir.path().join("buddy.pdf");
    std::fs::write(&path, pdf).unwrap();
    let printed = checked_pdf_text(&path);
    // Under the activity, wrapped to its column.
    assert!(printed.contains("Buddy: Siân Lloyd,"), "{printed}");
    assert!(printed.contains("meeting Eirlys Prys"), "{printed}");
    let calendar = tend
        .volunteer_calendar(sian.id, tend::clock::now())
        .unwrap();
    assert!(
        calendar.contains("SUMMARY:Buddy – Tuesday Health Walk"),
        "{calendar}"
    );
    assert!(
        calendar.contains("DTSTART;TZID=Europe/London:20261208T"),
        "{calendar}"
    );
    let record = tend.participant_record(eirlys.id).unwrap();
    assert_eq!(
        record.activities[0].buddy.as_deref(),
        Some("Siân Lloyd meets them on Tuesday 8 December 2026")
    );
    tend.drop_buddy(eirlys.id, activity).unwrap();
    let text = tend
        .rota_text(date(2026, 12, 7), date(2026, 12, 13))
        .unwrap();
    assert!(!text.contains("Buddy:"), "{text}");
}

#[test]
fn the_demo_has_newcomers_met_by_a_buddy_this_week_and_first_aiders_in_date() {
    let (_dir, tend) = open_temp();
    let today = date(2026, 12, 2);
    tend.load_demo(today, false).unwrap();
    let text = tend.rota_text(today, today + chrono::Days::new(7)).unwrap();
    // Its first aiders all hold a certificate in date (the role needs it
    // for safety).
    let season = tend.rota(today - chrono::Days::new(300), today).unwrap();
    let filled: Vec<_> = season
        .sessions
        .iter()
        .flat_map(|s| &s.slots)
        .filter(|slot| slot.role_name == "First aider")
        .filter_map(|slot| slot.filled.as_ref())
        .collect();
    assert!(!filled.is_empty());
    assert!(filled.iter().all(|f| f.conflicts.is_empty()), "{filled:?}");
    let buddies: Vec<&str> = text.lines().filter(|l| l.contains("Buddy: ")).collect();
    assert_eq!(buddies.len(), 2, "{text}");
    assert_ne!(buddies[0], buddies[1], "each met by their own buddy");
    // A buddy is not also on the rota at that session.
    for line in buddies {
        let name = line
            .trim()
            .trim_start_matches("Buddy: ")
            .split(", meeting")
            .next()
            .unwrap();
        let session = text
            .split("\n\n")
            .find(|block| block.contains(line))
            .unwrap();
        assert_eq!(session.matches(name).count(), 1, "{session}");
    }
}

#[test]
fn a_first_aider_without_a_certificate_in_date_cannot_be_put_on_whatever_the_reason() {
    let (_dir, tend) = open_temp();
    let walk = walk_with_needs(&tend);
    let first_aider = tend.role_named_or_new("First aider").unwrap();
    let first_aider = tend
        .update_role(Role {
            qualification: "First aid certificate".into(),
            required_for_safety: true,
            ..first_aider
        })
        .unwrap();
    let today = date(2026, 12, 1);
    // Saving him in the role warns at once; nothing is refused yet.
    let rhys = volunteer("Rhys Morgan", &[&first_aider]);
    assert_eq!(
        tend.safety_warnings(&rhys, today).unwrap(),
        [
            "First aider needs a First aid certificate for safety, and none is recorded: they cannot be put on as First aider until it is."
        ]
    );
    let rhys = tend.add_volunteer(rhys).unwrap();
    let ask = |reason: Option<&str>| {
        tend.assign_volunteer(Assignment {
            session: walk.sessions[1],
            role: first_aider.id,
            volunteer: rhys.id,
            override_reason: reason.map(String::from),
        })
    };
    for reason in [None, Some("He did the course last week")] {
        let err = ask(reason).unwrap_err();
        assert_eq!(err.field(), Some("volunteer"), "{err}");
        assert!(
            err.to_string().contains(
                "Rhys Morgan cannot be put on: No First aid certificate recorded. First aider needs a First aid certificate in date for safety: no reason can override this."
            ),
            "{err}"
        );
    }
    let candidates = tend
        .rota_candidates(walk.sessions[1], first_aider.id)
        .unwrap();
    let his = candidates.iter().find(|c| c.volunteer == rhys.id).unwrap();
    assert!(his.safety.is_some());

    // An expired certificate is no better; one in date lets him on.
    let mut details = rhys.details.clone();
    details.qualifications.push(Qualification {
        name: "First aid certificate".into(),
        issued_on: date(2023, 1, 1),
        expires_on: Some(date(2026, 1, 1)),
    });
    assert!(tend.safety_warnings(&details, today).unwrap()[0].contains("theirs has run out"));
    tend.update_volunteer(rhys.id, details.clone()).unwrap();
    assert!(ask(Some("Renewing soon")).is_err());
    details.qualifications[1].expires_on = Some(date(2029, 1, 1));
    assert!(tend.safety_warnings(&details, today).unwrap().is_empty());
    tend.update_volunteer(rhys.id, details).unwrap();
    ask(None).unwrap();

    // A conflict that is not about safety keeps its override with a reason.
    let away = tend
        .add_volunteer(VolunteerDetails {
            away: vec![DateRange {
                from: date(2026, 12, 8),
                to: date(2026, 12, 8),
            }],
            ..volunteer("Gwen Hughes", &[&walk.back_marker])
        })
        .unwrap();
    tend.assign_volunteer(Assignment {
        session: walk.sessions[1],
        role: walk.back_marker.id,
        volunteer: away.id,
        override_reason: Some("Back from holiday that morning".into()),
    })
    .unwrap();
}

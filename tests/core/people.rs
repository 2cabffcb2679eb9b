//! Putting records right: look-alikes, corrections, consent history,
//! merging two records, sessions that tell the truth, leaving the demo.

use chrono::NaiveDate;
use tend::domain::{
    ConsentKind, ConsentRecord, Consents, Mark, NhsNumber, ParticipantDetails, RecordChange,
    ReferrerDetails, ReferrerKind,
};
use tend::service::{ConsentChange, NewReferral, ReferredPerson, WalkIn};
use tend::{Error, Tend};

use crate::support::{date, open_temp, person, walk_details};

const TODAY: (i32, u32, u32) = (2026, 12, 1);

fn today() -> NaiveDate {
    date(TODAY.0, TODAY.1, TODAY.2)
}

fn field(e: Error) -> String {
    e.field().unwrap_or("").to_string()
}

fn zoe() -> ParticipantDetails {
    ParticipantDetails {
        full_name: "Zoë Ní Bhriain".into(),
        date_of_birth: Some(date(1951, 6, 14)),
        phone: "07700 900123".into(),
        ..Default::default()
    }
}

#[test]
fn a_look_alike_is_refused_until_confirmed_and_the_same_nhs_number_always() {
    let (_dir, tend) = open_temp();
    let first = tend.add_participant(zoe(), today(), false).unwrap();

    let again = tend
        .add_participant(person("zoe ni bhriain"), today(), false)
        .unwrap_err();
    assert_eq!(field(again), "full_name");
    let again = tend
        .add_participant(person("Ni Bhriain, Zoe"), today(), false)
        .unwrap_err();
    assert!(
        again.to_string().contains(
            "Possibly already in Tend as Zoë Ní Bhriain, born 14/06/1951 (the same name)"
        ),
        "{again}"
    );
    assert_eq!(
        tend.people_page("", 0, 10).unwrap().total,
        1,
        "nothing saved"
    );

    // A typo with the same date of birth is a look-alike too.
    let typo = ParticipantDetails {
        full_name: "Zoe Ni Bhrian".into(),
        date_of_birth: Some(date(1951, 6, 14)),
        ..Default::default()
    };
    let alike = tend.look_alikes(&typo, None).unwrap();
    assert_eq!(alike.len(), 1);
    assert_eq!(alike[0].person.id, first.id);

    // Confirmed as someone new, they are added.
    tend.add_participant(person("Zoe Ni Bhriain"), today(), true)
        .unwrap();
    assert_eq!(tend.people_page("", 0, 10).unwrap().total, 2);

    // The same NHS number is refused even when confirmed.
    let nhs = NhsNumber::parse("943 476 5919").unwrap();
    tend.add_participant(
        ParticipantDetails {
            nhs_number: Some(nhs.clone()),
            ..person("Łukasz Wróbel")
        },
        today(),
        false,
    )
    .unwrap();
    let clash = tend
        .add_participant(
            ParticipantDetails {
                nhs_number: Some(nhs),
                ..person("Megan Llewelyn")
            },
            today(),
            true,
        )
        .unwrap_err();
    assert_eq!(field(clash), "nhs_number");
    assert_eq!(tend.people_page("", 0, 10).unwrap().total, 3);
}

#[test]
fn details_are_corrected_with_a_note_of_what_changed_and_bad_edits_change_nothing() {
    let (_dir, tend) = open_temp();
    let zoe = tend.add_participant(zoe(), today(), false).unwrap();
    let other = tend
        .add_participant(
            ParticipantDetails {
                nhs_number: NhsNumber::parse("943 476 5919").ok(),
                ..person("Łukasz Wróbel")
            },
            today(),
            false,
        )
        .unwrap();

    let mut details = zoe.details.clone();
    details.full_name = "Zoë Ní Bhriain-Evans".into();
    details.phone = "01234 567890".into();
    let changed = tend
        .update_participant(zoe.id, details.clone(), today())
        .unwrap();
    assert_eq!(changed.details.phone, "01234 567890");
    assert_eq!(
        changed.history.last(),
        Some(&RecordChange::Details {
            on: today(),
            fields: vec!["Name".into(), "Phone".into()]
        })
    );
    assert_eq!(
        tend.people_page("evans", 0, 5).unwrap().people[0].full_name,
        "Zoë Ní Bhriain-Evans",
        "the search follows the new name at once"
    );
    assert_eq!(
        tend.participant_named("zoe ni bhriain evans").unwrap().id,
        zoe.id
    );
    assert!(
        matches!(
            tend.participant_named("Zoë Ní Bhriain"),
            Err(Error::NotFound(_))
        ),
        "the old name no longer finds them"
    );

    let bad = |edit: fn(&mut ParticipantDetails)| {
        let mut d = details.clone();
        edit(&mut d);
        field(tend.update_participant(zoe.id, d, today()).unwrap_err())
    };
    assert_eq!(bad(|d| d.full_name = "  ".into()), "full_name");
    assert_eq!(bad(|d| d.full_name = "a".repeat(101)), "full_name");
    assert_eq!(
        bad(|d| d.date_of_birth = Some(date(1900, 1, 1))),
        "date_of_birth"
    );
    assert_eq!(
        bad(|d| d.date_of_birth = Some(date(2027, 1, 1))),
        "date_of_birth"
    );
    assert_eq!(
        bad(|d| d.nhs_number = NhsNumber::parse("9434765919").ok()),
        "nhs_number",
        "another person's NHS number"
    );
    assert_eq!(
        tend.participant(zoe.id).unwrap(),
        changed,
        "nothing changed"
    );
    assert!(tend.participant(other.id).is_ok());
}

fn gp(tend: &Tend) -> tend::domain::Referrer {
    tend.add_referrer(ReferrerDetails {
        kind: ReferrerKind::GpPractice,
        name: "Dr Siân Evans".into(),
        organisation: "Abermill Surgery".into(),
        ..Default::default()
    })
    .unwrap()
}

fn consenting(name: &str, on: NaiveDate) -> ParticipantDetails {
    ParticipantDetails {
        consents: Consents {
            share_with_referrer: Some(ConsentRecord { given: true, on }),
            ..Default::default()
        },
        ..person(name)
    }
}

#[test]
fn a_withdrawn_consent_is_kept_in_the_history_and_the_next_letter_follows_it() {
    let (_dir, tend) = open_temp();
    let gp = gp(&tend);
    let received = date(2026, 3, 3);
    let referral = tend
        .take_referral(
            NewReferral {
                person: ReferredPerson::New {
                    details: Box::new(consenting("Mererid Hopwood", received)),
                },
                referrer: Some(gp.id),
                received_on: Some(received),
                reason: "Lonely since moving".into(),
                needs_and_concerns: String::new(),
                suggested_activities: vec![],
                not_a_duplicate: false,
            },
            today(),
        )
        .unwrap();
    let letter = |tend: &Tend| {
        let due = tend.letters_due(today()).unwrap();
        assert_eq!(due.len(), 1);
        tend.compose_letter(&due[0], today()).unwrap().body
    };
    assert!(!letter(&tend).contains("has not given consent"));

    let withdraw = |on| ConsentChange {
        kind: ConsentKind::ShareWithReferrer,
        given: false,
        on,
    };
    let err = tend
        .change_consent(referral.participant, withdraw(date(2026, 3, 1)), today())
        .unwrap_err();
    assert_eq!(field(err), "consent_on", "withdrawn before it was given");
    tend.change_consent(referral.participant, withdraw(date(2026, 6, 10)), today())
        .unwrap();
    assert!(letter(&tend).contains("has not given consent"));

    let record = tend.participant_record(referral.participant).unwrap();
    let share = record
        .consents
        .iter()
        .find(|c| c.kind == ConsentKind::ShareWithReferrer)
        .unwrap();
    assert_eq!(
        share.answers,
        "given Tuesday 3 March 2026, withdrawn or refused Wednesday 10 June 2026"
    );
    assert_eq!(record.referrals.len(), 1);
    assert_eq!(
        record.referrals[0].referrer_name,
        "Dr Siân Evans, Abermill Surgery"
    );
}

#[test]
fn use_this_person_copies_across_what_was_typed_in_the_same_step_as_the_referral() {
    let (_dir, tend) = open_temp();
    let gp = gp(&tend);
    let zoe = tend.add_participant(zoe(), today(), false).unwrap();
    assert!(!zoe.details.consents.may_share_with_referrer());
    let mut typed = consenting("Zoe Ni Bhriain", date(2026, 11, 30));
    typed.full_name = zoe.details.full_name.clone();
    typed.phone = "07700 900999".into();
    typed.date_of_birth = zoe.details.date_of_birth;
    tend.take_referral(
        NewReferral {
            person: ReferredPerson::Existing {
                id: zoe.id,
                details: Some(Box::new(typed)),
            },
            referrer: Some(gp.id),
            received_on: Some(date(2026, 11, 30)),
            reason: String::new(),
            needs_and_concerns: String::new(),
            suggested_activities: vec![],
            not_a_duplicate: false,
        },
        today(),
    )
    .unwrap();
    let after = tend.participant(zoe.id).unwrap();
    assert_eq!(after.details.phone, "07700 900999");
    assert!(after.details.consents.may_share_with_referrer());
    let due = tend.letters_due(today()).unwrap();
    let body = tend.compose_letter(&due[0], today()).unwrap().body;
    assert!(
        !body.contains("has not given consent"),
        "the acknowledgement follows the consent just given"
    );
}

#[test]
fn merging_moves_every_kind_of_record_and_leaves_one_person() {
    let (_dir, tend) = open_temp();
    let gp = gp(&tend);
    let walk = tend
        .create_activity(walk_details("Tuesday Health Walk"))
        .unwrap();
    let sessions = tend
        .generate_sessions(walk.id, date(2026, 9, 1), date(2026, 10, 31))
        .unwrap()
        .added;
    let keep = tend
        .add_participant(zoe(), date(2026, 8, 1), false)
        .unwrap();
    let other = tend
        .add_participant(
            ParticipantDetails {
                email: "zoe@example.org".into(),
                ..person("Zoe Ni Bhriain")
            },
            date(2026, 8, 1),
            true,
        )
        .unwrap();
    tend.enrol(walk.id, keep.id, date(2026, 9, 1)).unwrap();
    tend.enrol(walk.id, other.id, date(2026, 9, 8)).unwrap();
    let now = tend::clock::now();
    let mark = |s: usize, who, m| {
        tend.record_attendance(sessions[s].id, who, m, now, today())
            .unwrap()
    };
    mark(0, keep.id, Mark::Present);
    mark(1, keep.id, Mark::Absent);
    mark(1, other.id, Mark::Present);
    mark(2, other.id, Mark::Apologies);
    mark(3, other.id, Mark::Present);
    // Someone else comes to the next three, so those registers were taken.
    let ann = tend
        .add_participant(person("Ann Jones"), date(2026, 8, 1), false)
        .unwrap();
    for s in 4..7 {
        mark(s, ann.id, Mark::Present);
    }
    let referral = tend
        .take_referral(
            NewReferral {
                person: ReferredPerson::Existing {
                    id: other.id,
                    details: None,
                },
                referrer: Some(gp.id),
                received_on: Some(date(2026, 9, 2)),
                reason: String::new(),
                needs_and_concerns: String::new(),
                suggested_activities: vec![],
                not_a_duplicate: false,
            },
            today(),
        )
        .unwrap();
    let due = tend.letters_due(today()).unwrap();
    let letters: Vec<_> = due
        .iter()
        .map(|d| tend.compose_letter(d, today()).unwrap())
        .collect();
    tend.mark_letters_sent(&letters, today()).unwrap();
    tend.change_consent(
        other.id,
        ConsentChange {
            kind: ConsentKind::ContactByEmail,
            given: true,
            on: date(2026, 9, 8),
        },
        today(),
    )
    .unwrap();

    // Bad requests change nothing.
    assert_eq!(
        field(
            tend.merge_people(keep.id, keep.id, None, today())
                .unwrap_err()
        ),
        "other"
    );
    let unknown = tend::domain::ParticipantId::new();
    assert!(matches!(
        tend.merge_people(keep.id, unknown, None, today()),
        Err(Error::NotFound(_))
    ));
    assert_eq!(tend.people_page("", 0, 10).unwrap().total, 3);
    assert_eq!(
        tend.stopped_coming(today()).unwrap().len(),
        2,
        "both records before the merge"
    );

    let report = tend.merge_people(keep.id, other.id, None, today()).unwrap();
    assert_eq!(
        report.words,
        "Moved 3 attendance marks, 1 referral, 1 letter to Zoë Ní Bhriain; 1 session marked on both records now has one mark"
    );
    assert_eq!(
        report.marks_combined,
        vec!["Tuesday 8 September 2026: Absent and Present, kept Present"]
    );

    // One person, with everything.
    assert_eq!(tend.people_page("zoe", 0, 10).unwrap().matching, 1);
    assert!(matches!(
        tend.participant(other.id),
        Err(Error::NotFound(_))
    ));
    assert_eq!(
        tend.participant_named("Zoe Ni Bhriain").unwrap().id,
        keep.id,
        "the name finds one person now"
    );
    let kept = tend.participant(keep.id).unwrap();
    assert_eq!(kept.details.phone, "07700 900123", "keep's value kept");
    assert_eq!(
        kept.details.email, "zoe@example.org",
        "the other's value where keep had none"
    );
    assert!(
        kept.details
            .consents
            .get(ConsentKind::ContactByEmail)
            .unwrap()
            .given
    );
    assert!(
        matches!(kept.history.last(), Some(RecordChange::Merged { from, .. }) if *from == other.id)
    );

    let record = tend.participant_record(keep.id).unwrap();
    let marks: Vec<(NaiveDate, Mark)> =
        record.attendance.iter().map(|a| (a.date, a.mark)).collect();
    assert_eq!(
        marks,
        vec![
            (date(2026, 9, 22), Mark::Present),
            (date(2026, 9, 15), Mark::Apologies),
            (date(2026, 9, 8), Mark::Present),
            (date(2026, 9, 1), Mark::Present),
        ]
    );
    assert_eq!(
        record.attendance.iter().filter(|a| a.first_visit).count(),
        1
    );
    assert_eq!(record.activities.len(), 1, "the two spells are one");
    assert_eq!(record.activities[0].joined_on, date(2026, 9, 1));
    assert_eq!(record.referrals.len(), 1);
    assert_eq!(tend.referral(referral.id).unwrap().participant, keep.id);
    assert_eq!(tend.letters_for(keep.id).unwrap().len(), 1);
    assert!(
        record
            .history
            .iter()
            .any(|h| h.contains("merged with another record of Zoe Ni Bhriain")),
        "{:?}",
        record.history
    );

    let register = tend
        .register(walk.id, date(2026, 9, 1), date(2026, 10, 31), today())
        .unwrap();
    let zoes: Vec<_> = register
        .lines
        .iter()
        .filter(|l| l.name.starts_with("Zo"))
        .collect();
    assert_eq!(zoes.len(), 1);
    assert_eq!(zoes[0].attended, 3);
    let session = tend.session_register(sessions[1].id).unwrap();
    assert_eq!(session.rows.len(), 1);
    assert_eq!(session.rows[0].mark, Some(Mark::Present));
    let queue = tend.letters_due(today()).unwrap();
    assert!(queue.iter().all(|d| d.participant_name == "Zoë Ní Bhriain"));
    let stopped = tend.stopped_coming(today()).unwrap();
    assert_eq!(stopped.len(), 1, "one person stopped coming, not two");
    assert_eq!(stopped[0].full_name, "Zoë Ní Bhriain");
}

#[test]
fn sessions_tell_the_truth_about_what_was_held() {
    let (_dir, tend) = open_temp();
    let walk = tend
        .create_activity(walk_details("Tuesday Health Walk"))
        .unwrap();
    let sessions = tend
        .generate_sessions(walk.id, date(2026, 11, 17), date(2026, 12, 15))
        .unwrap()
        .added;
    let ann = tend
        .add_participant(person("Ann"), date(2026, 11, 1), false)
        .unwrap();
    tend.enrol(walk.id, ann.id, date(2026, 11, 1)).unwrap();
    let (held, cancelled, ahead) = (&sessions[0], &sessions[1], &sessions[3]);
    let now = tend::clock::now();

    tend.cancel_session(cancelled.id, "Storm").unwrap();
    let err = tend
        .record_attendance(cancelled.id, ann.id, Mark::Present, now, today())
        .unwrap_err();
    assert!(err.to_string().contains("cancelled"), "{err}");
    assert!(
        tend.session_register(cancelled.id).unwrap().rows[0]
            .mark
            .is_none()
    );
    tend.reinstate_session(cancelled.id).unwrap();
    tend.record_attendance(cancelled.id, ann.id, Mark::Present, now, today())
        .unwrap();

    assert_eq!(ahead.date, date(2026, 12, 8));
    let err = tend
        .record_attendance(ahead.id, ann.id, Mark::Present, now, today())
        .unwrap_err();
    assert!(
        err.to_string().contains(
            "This session is on Tuesday 8 December 2026: until then only apologies can be recorded."
        ),
        "{err}"
    );
    tend.record_attendance(ahead.id, ann.id, Mark::Apologies, now, today())
        .unwrap();
    let allowed = tend.marks_allowed(ahead.id, today()).unwrap();
    assert_eq!(allowed.marks, vec![Mark::Apologies]);
    tend.record_attendance(held.id, ann.id, Mark::Present, now, today())
        .unwrap();

    // Of 5 sessions, 3 were held by today (17 Nov, 24 Nov, 1 Dec).
    let register = tend
        .register(walk.id, date(2026, 11, 17), date(2026, 12, 15), today())
        .unwrap();
    assert_eq!(register.lines[0].attended, 2);
    assert_eq!(register.lines[0].offered, 3);
}

#[test]
fn a_walk_in_already_in_tend_is_found_by_the_name_rule() {
    let (_dir, tend) = open_temp();
    let walk = tend
        .create_activity(walk_details("Tuesday Health Walk"))
        .unwrap();
    let sessions = tend
        .generate_sessions(walk.id, date(2026, 11, 24), date(2026, 11, 24))
        .unwrap()
        .added;
    let zoe = tend.add_participant(zoe(), today(), false).unwrap();
    let named = |name: &str, confirmed_new| WalkIn::Named {
        name: name.into(),
        confirmed_new,
    };
    let mark = tend
        .add_walk_in(
            sessions[0].id,
            named("zoe ni bhriain", false),
            tend::clock::now(),
            today(),
        )
        .unwrap();
    assert_eq!(mark.participant, zoe.id);
    assert!(mark.walk_in);
    assert_eq!(tend.people_page("", 0, 10).unwrap().total, 1);

    // Someone new of the same name is added only when the person says so,
    // and then the name alone no longer says which of them came.
    tend.add_walk_in(
        sessions[0].id,
        named("Zoe Ni Bhriain", true),
        tend::clock::now(),
        today(),
    )
    .unwrap();
    assert_eq!(tend.people_page("", 0, 10).unwrap().total, 2);
    assert_eq!(tend.session_register(sessions[0].id).unwrap().rows.len(), 2);
    let err = tend
        .add_walk_in(
            sessions[0].id,
            named("ZOE NI BHRIAIN", false),
            tend::clock::now(),
            today(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("choose which one"), "{err}");
    assert_eq!(field(err), "walk_in");
}

#[test]
fn the_demo_can_be_left_but_real_data_is_never_removed_that_way() {
    let (_dir, tend) = open_temp();
    tend.load_demo(today(), false).unwrap();
    assert!(tend.is_demo().unwrap());
    assert!(tend.people_page("", 0, 1).unwrap().total > 10);
    tend.leave_demo().unwrap();
    assert!(tend.is_empty().unwrap());
    assert_eq!(tend.people_page("", 0, 1).unwrap().total, 0);
    assert!(!tend.is_demo().unwrap());

    tend.add_participant(person("Real Person"), today(), false)
        .unwrap();
    assert!(matches!(tend.leave_demo(), Err(Error::Conflict(_))));
    assert_eq!(tend.people_page("", 0, 1).unwrap().total, 1);
}

#[test]
fn two_bare_records_merge_into_one() {
    let (_dir, tend) = open_temp();
    let a = tend
        .add_participant(person("Siân Ŵyn"), today(), false)
        .unwrap();
    let b = tend
        .add_participant(person("Sian Wyn"), today(), true)
        .unwrap();
    let report = tend.merge_people(a.id, b.id, None, today()).unwrap();
    assert_eq!(
        report.words,
        "Moved 0 attendance marks, 0 referrals, 0 letters to Siân Ŵyn"
    );
    assert_eq!(tend.people_page("wyn", 0, 5).unwrap().matching, 1);
}

/// Everyone's pages come from the names index while the in-memory index
/// is not built (a store just opened), and say what it says once it is.
#[test]
fn everyones_pages_are_the_same_before_and_after_the_index_is_built() {
    let (dir, tend) = open_temp();
    let names = [
        "Zoë Ní Bhriain",
        "Zoe Evans",
        "Łukasz Wróbel",
        "aled Jones",
        "Mary O'Brien",
        "Siân Lloyd",
        "Sian Lloyd",
    ];
    for name in names {
        tend.add_participant(person(name), today(), true).unwrap();
    }
    drop(tend);
    let pages = |tend: &Tend| -> Vec<_> {
        (0..4)
            .map(|page| tend.people_page("", page * 2, 2).unwrap())
            .collect()
    };
    let tend = Tend::open(dir.path()).unwrap();
    let before = pages(&tend);
    assert_eq!(tend.people_page("zoe", 0, 10).unwrap().matching, 2);
    assert_eq!(pages(&tend), before, "the same once the index is built");
    let listed: Vec<_> = before
        .iter()
        .flat_map(|page| page.people.iter().map(|p| p.full_name.as_str()))
        .collect();
    assert_eq!(
        [&listed[..3], &listed[5..]].concat(),
        [
            "aled Jones",
            "Łukasz Wróbel",
            "Mary O'Brien",
            "Zoe Evans",
            "Zoë Ní Bhriain"
        ]
    );
    // The two whose names sort alike come in the order of their ids.
    assert!(listed[3..5].contains(&"Siân Lloyd") && listed[3..5].contains(&"Sian Lloyd"));
    assert!(
        before
            .iter()
            .all(|page| page.total == 7 && page.matching == 7)
    );
}

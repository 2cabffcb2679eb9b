//! Every kind of record goes into the store and comes back the same.

use chrono::NaiveTime;
use tend::domain::*;
use tend::store::Store;

use crate::support::date;

#[test]
fn every_record_kind_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();

    let participant = Participant {
        id: ParticipantId::new(),
        details: ParticipantDetails {
            full_name: "Zoë Ní Bhriain".into(),
            preferred_name: "Zoë".into(),
            date_of_birth: Some(date(1950, 4, 2)),
            nhs_number: Some(NhsNumber::parse("9434765919").unwrap()),
            address: "1 Heol y Bont\nAbermill".into(),
            emergency_contact: EmergencyContact {
                name: "Łukasz Wróbel".into(),
                relationship: "Friend".into(),
                phone: "07700 900123".into(),
            },
            consents: Consents {
                hold_data: Some(ConsentRecord {
                    given: true,
                    on: date(2026, 1, 5),
                }),
                share_with_referrer: Some(ConsentRecord {
                    given: false,
                    on: date(2026, 1, 5),
                }),
                ..Default::default()
            },
            ..Default::default()
        },
        created_on: date(2026, 1, 5),
        history: Vec::new(),
    };
    store.save_participant(&participant, &[]).unwrap();
    assert_eq!(
        store.get::<Participant>(&participant.id).unwrap(),
        Some(participant.clone())
    );

    let referrer = Referrer {
        id: ReferrerId::new(),
        details: ReferrerDetails {
            name: "Dr Siân Evans".into(),
            role: "GP".into(),
            organisation: "Abermill Surgery".into(),
            kind: ReferrerKind::GpPractice,
            ods_code: "W91000".into(),
            address: "Surgery Lane".into(),
            postcode: "AB1 1AA".into(),
            email: String::new(),
            phone: String::new(),
        },
    };
    store.put(&referrer).unwrap();
    assert_eq!(store.all::<Referrer>().unwrap(), vec![referrer.clone()]);

    let role = Role {
        id: RoleId::new(),
        name: "Walk leader".into(),
        qualification: "Walk leader training".into(),
        required_for_safety: false,
    };
    store.put(&role).unwrap();
    let activity = Activity {
        id: ActivityId::new(),
        details: ActivityDetails {
            roles_needed: vec![RoleNeed {
                role: role.id,
                count: 1,
                per_participants: Some(20),
            }],
            ..crate::support::walk_details("Tuesday Health Walk")
        },
    };
    store.put(&activity).unwrap();
    assert_eq!(store.all::<Activity>().unwrap(), vec![activity.clone()]);
    assert_eq!(store.all::<Role>().unwrap(), vec![role.clone()]);

    let referral = Referral {
        id: ReferralId::new(),
        participant: participant.id,
        referrer: referrer.id,
        received_on: date(2026, 1, 3),
        reason: "Isolated".into(),
        needs_and_concerns: "Low mood".into(),
        suggested_activities: vec![activity.id],
        history: vec![
            StatusChange {
                status: ReferralStatus::Received,
                on: date(2026, 1, 3),
            },
            StatusChange {
                status: ReferralStatus::Closed,
                on: date(2026, 6, 1),
            },
        ],
        closing_reason: Some(ClosingReason::Other {
            detail: "Moved to Cardiff".into(),
        }),
        changes: "Sleeping better".into(),
        outcome: String::new(),
    };
    store.save_referral(&referral, &[]).unwrap();
    assert_eq!(
        store.referrals_for(participant.id).unwrap(),
        vec![referral.clone()]
    );
    assert_eq!(store.all::<Referral>().unwrap(), vec![referral.clone()]);

    let session = Session {
        id: SessionId::new(),
        activity: activity.id,
        date: date(2026, 3, 3),
        start_time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        duration_minutes: 90,
        place: "Gate".into(),
        leader: "Dafydd ap Gwilym".into(),
        status: SessionStatus::Cancelled {
            reason: "Weather".into(),
        },
        moved: None,
    };
    store.save_sessions(std::slice::from_ref(&session)).unwrap();
    assert_eq!(
        store.sessions_of(activity.id).unwrap(),
        vec![session.clone()]
    );
    // Through the index's dates: both ends included, nothing either side.
    let between = |from, to| store.sessions_of_between(activity.id, from, to).unwrap();
    assert_eq!(
        between(date(2026, 3, 3), date(2026, 3, 3)),
        vec![session.clone()]
    );
    assert_eq!(between(date(2026, 1, 1), date(2026, 12, 31)).len(), 1);
    assert!(between(date(2026, 3, 4), date(2026, 12, 31)).is_empty());
    assert!(between(date(2026, 1, 1), date(2026, 3, 2)).is_empty());
    assert!(between(date(2026, 3, 9), date(2026, 3, 1)).is_empty());

    let enrolment = Enrolment {
        activity: activity.id,
        participant: participant.id,
        joined_on: date(2026, 1, 6),
        left_on: None,
        buddy: None,
    };
    store.save_enrolment(&enrolment, &[]).unwrap();
    assert_eq!(
        store.enrolments_of(activity.id).unwrap(),
        vec![enrolment.clone()]
    );
    assert_eq!(
        store.enrolments_for(participant.id).unwrap(),
        vec![enrolment]
    );

    let mark = AttendanceMark {
        session: session.id,
        participant: participant.id,
        mark: Mark::Apologies,
        walk_in: false,
        first_visit: false,
        note: "Rang in".into(),
        recorded_at: tend::clock::now(),
    };
    store.save_mark(&mark).unwrap();
    assert_eq!(
        store.marks_for_session(session.id).unwrap(),
        vec![mark.clone()]
    );
    assert_eq!(
        store.marks_for_participant(participant.id).unwrap(),
        vec![mark]
    );

    let volunteer = Volunteer {
        id: VolunteerId::new(),
        details: VolunteerDetails {
            full_name: "Dafydd ap Gwilym".into(),
            phone: "07700 900999".into(),
            email: String::new(),
            roles: vec![role.id],
            qualifications: vec![Qualification {
                name: "First aid".into(),
                issued_on: date(2025, 5, 1),
                expires_on: Some(date(2028, 5, 1)),
            }],
            dbs: Some(DbsRecord {
                level: "Enhanced".into(),
                certificate_number: "001234567890".into(),
                seen_on: date(2025, 5, 2),
                seen_by: "Carys Morgan".into(),
                update_service: true,
                recheck_due: date(2028, 5, 2),
            }),
            usual_days: vec![Day::Tuesday],
            away: vec![DateRange {
                from: date(2026, 8, 1),
                to: date(2026, 8, 14),
            }],
            notes: "Prefers the river route".into(),
        },
        archived: false,
    };
    store.put(&volunteer).unwrap();
    assert_eq!(store.all::<Volunteer>().unwrap(), vec![volunteer.clone()]);

    let assignment = RotaAssignment {
        id: RotaAssignmentId::new(),
        session: session.id,
        role: role.id,
        volunteer: volunteer.id,
        override_reason: None,
    };
    store.put(&assignment).unwrap();
    assert_eq!(store.all::<RotaAssignment>().unwrap(), vec![assignment]);

    let letter = LetterRecord {
        id: LetterId::new(),
        referral: referral.id,
        participant: participant.id,
        referrer: referrer.id,
        kind: LetterKind::Acknowledgement,
        produced_on: date(2026, 1, 4),
        sent_on: None,
        body: "Thank you for referring…".into(),
        recipient: vec!["Dr Siân Evans".into(), "AB1 1AA".into()],
        letterhead: Organisation::default(),
        codes: vec!["SNOMED CT 871731000000106".into()],
        salutation: "Dear Dr Siân Evans,".into(),
        heading: "Re: Zoë Ní Bhriain".into(),
    };
    store.save_letters(std::slice::from_ref(&letter)).unwrap();
    assert_eq!(store.all::<LetterRecord>().unwrap(), vec![letter]);

    let organisation = Organisation {
        name: "Abermill Wellbeing".into(),
        ..Default::default()
    };
    store.save_organisation(&organisation).unwrap();
    drop(store);

    // Everything is still there after closing and opening again.
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.organisation().unwrap(), Some(organisation));
    assert_eq!(
        store.get::<Participant>(&participant.id).unwrap(),
        Some(participant)
    );
    assert_eq!(store.sessions_of(activity.id).unwrap(), vec![session]);
}

#[test]
fn a_second_process_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Store::open(dir.path()).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tend"))
        .args(["--data", dir.path().to_str().unwrap(), "export", "-o"])
        .arg(dir.path().join("x.json"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already open"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

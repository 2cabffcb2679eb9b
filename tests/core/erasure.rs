//! Erasing a person: nothing of theirs is left in the data folder's bytes
//! or in the newest automatic backup, past headcounts stay, bad requests
//! change nothing, and a restore of an older backup erases them again.

use std::io::Read;
use std::path::Path;

use tend::Tend;
use tend::domain::{
    ConsentRecord, Consents, EmergencyContact, ErasedPerson, Mark, NhsNumber, ParticipantDetails,
    ParticipantId, Role, RoleNeed, StaffRole, VolunteerDetails,
};
use tend::service::{Assignment, DataDir, ErasureRequest};

use crate::support::{
    date, every_file, holds, mark, person, referred_by_a_gp, tend_cli, walk_details,
};

/// What is typed about the person to be erased; none of it is held about
/// anyone else.
const NAME: &str = "Gwenllian Przybylska";
const NHS: &str = "9434765870";
const PHONE: &str = "07700 900873";
const EMAIL: &str = "gwenllian.p@example.org.uk";
const ADDRESS: &str = "17 Heol Ffynnon";
const NOTE: &str = "Knee operation in the spring";
const REASON: &str = "Bereaved and very isolated";

fn details() -> ParticipantDetails {
    ParticipantDetails {
        full_name: NAME.into(),
        date_of_birth: Some(date(1948, 3, 9)),
        nhs_number: Some(NhsNumber::parse(NHS).unwrap()),
        address: format!("{ADDRESS}\nAbermill"),
        postcode: "AB9 4QQ".into(),
        phone: PHONE.into(),
        email: EMAIL.into(),
        emergency_contact: EmergencyContact {
            name: "Rhodri Przybylski".into(),
            relationship: "Son".into(),
            phone: "07700 900874".into(),
        },
        needs: NOTE.into(),
        consents: Consents {
            hold_data: Some(ConsentRecord {
                given: true,
                on: date(2026, 9, 1),
            }),
            share_with_referrer: Some(ConsentRecord {
                given: true,
                on: date(2026, 9, 1),
            }),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A walk with a neighbour and the person to be erased, both marked at
/// every session, a referral with its letter sent and a subject access
/// request: everything an erasure must reach.
struct Held {
    _dir: tempfile::TempDir,
    data: std::path::PathBuf,
    person: ParticipantId,
    walk: tend::domain::ActivityId,
    first_session: tend::domain::SessionId,
}

fn held() -> Held {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tend = Tend::open(&data).unwrap();
    let today = tend::clock::today();
    let referral = referred_by_a_gp(
        &tend,
        details(),
        date(2026, 9, 1),
        REASON,
        "Would like company",
        today,
    );
    let neighbour = tend
        .add_participant(person("Dilys Hughes"), today, true)
        .unwrap();
    let walk = tend.create_activity(walk_details("Canal walk")).unwrap();
    let sessions = tend
        .generate_sessions(walk.id, date(2026, 9, 8), date(2026, 11, 24))
        .unwrap()
        .added;
    for who in [referral.participant, neighbour.id] {
        tend.enrol(walk.id, who, date(2026, 9, 8)).unwrap();
        for session in &sessions {
            mark(&tend, session.id, who, Mark::Present).unwrap();
        }
    }
    let due = tend.letters_due(today).unwrap();
    let letter = tend.compose_letter(&due[0], today).unwrap();
    tend.mark_letters_sent(std::slice::from_ref(&letter), today)
        .unwrap();
    tend.record_access_request(referral.participant, date(2026, 11, 20), today)
        .unwrap();
    tend.record_outcome(
        tend::service::NewOutcome {
            participant: referral.participant,
            taken_on: date(2026, 9, 8),
            stage: tend::domain::Stage::Baseline,
            answers: tend::domain::Answers {
                ons4: tend::domain::Ons4 {
                    life_satisfaction: Some(3),
                    worthwhile: Some(4),
                    happiness: Some(2),
                    anxiety: Some(8),
                },
                what_matters: WHAT_MATTERS.into(),
                needs: vec!["Living alone".into()],
                ..Default::default()
            },
        },
        today,
    )
    .unwrap();
    Held {
        _dir: dir,
        data,
        person: referral.participant,
        walk: walk.id,
        first_session: sessions[0].id,
    }
}

fn request(person: ParticipantId, confirm: &str) -> ErasureRequest {
    ErasureRequest {
        person: ErasedPerson::Participant(person),
        confirm: confirm.into(),
        by: StaffRole::Coordinator,
        reason: "Asked in writing to be erased".into(),
        anonymise: false,
    }
}

fn erase(data: &Path, request: &ErasureRequest) -> tend::Result<tend::service::ErasureDone> {
    Tend::erase_in_folder(
        DataDir::from(data),
        request,
        tend::clock::today(),
        tend::clock::now(),
        &mut |_, _| {},
    )
}

/// A backup's payload, uncompressed: the frames that hold every stored
/// value (the file itself is gzip, where no name could be read anyway).
fn backup_payload(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap();
    let header_end = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .unwrap()
        .0;
    let mut payload = Vec::new();
    flate2::read::GzDecoder::new(&bytes[header_end + 1..])
        .read_to_end(&mut payload)
        .unwrap();
    payload
}

const SECRETS: [&str; 9] = [
    NAME,
    "Przybylska",
    // As the names index keeps it, folded.
    "gwenllianprzybylska",
    NHS,
    PHONE,
    EMAIL,
    ADDRESS,
    NOTE,
    WHAT_MATTERS,
];
/// What they said matters to them, in their own words.
const WHAT_MATTERS: &str = "Getting out of the house again";

#[test]
fn after_an_erasure_nothing_of_theirs_is_in_the_folder_or_the_newest_backup() {
    let held = held();
    let autumn = |tend: &Tend| {
        tend.register(
            held.walk,
            date(2026, 9, 1),
            date(2026, 11, 30),
            tend::clock::today(),
        )
        .unwrap()
    };
    let headcounts = |register: &tend::docs::Register| -> Vec<usize> {
        register.columns.iter().map(|c| c.present).collect()
    };
    let (register_before, headcounts_before) = {
        let register = autumn(&Tend::open(&held.data).unwrap());
        (register.lines.len(), headcounts(&register))
    };
    assert_eq!(register_before, 2);
    let files = every_file(std::slice::from_ref(&held.data));
    for secret in SECRETS {
        assert!(
            files.iter().any(|(_, bytes)| holds(bytes, secret)),
            "{secret} should be in the folder before the erasure"
        );
    }

    let done = erase(&held.data, &request(held.person, NAME)).unwrap();
    assert_eq!(done.erasure.removed.referrals, 1);
    assert_eq!(done.erasure.removed.letters, 1);
    assert_eq!(done.erasure.removed.access_requests, 1);
    assert_eq!(done.erasure.removed.outcomes, 1);
    assert_eq!(done.erasure.removed.marks_kept, 12);
    assert!(
        done.removed.iter().any(|l| l == "1 letter as sent"),
        "{:?}",
        done.removed
    );

    for (path, bytes) in every_file(std::slice::from_ref(&held.data)) {
        for secret in SECRETS {
            assert!(
                !holds(&bytes, secret),
                "{secret} is still in {}",
                path.display()
            );
        }
    }
    let tend = Tend::open(&held.data).unwrap();
    let newest = &tend.automatic_backups().unwrap()[0];
    assert!(newest.file_name.contains("after erasure"), "{newest:?}");
    let payload = backup_payload(&newest.path);
    assert!(holds(&payload, "Dilys Hughes"), "the payload is readable");
    for secret in SECRETS {
        assert!(!holds(&payload, secret), "{secret} is in the newest backup");
    }

    // Gone from People, the register's rows and the letters; the
    // headcounts stay.
    assert!(tend.participants_named(NAME).unwrap().is_empty());
    assert_eq!(tend.people_page("gwenllian", 0, 50).unwrap().matching, 0);
    let register = autumn(&tend);
    assert_eq!(register.lines.len(), 1);
    assert_eq!(register.lines[0].name, "Dilys Hughes");
    assert_eq!(headcounts(&register), headcounts_before);
    let session = tend.session_register(held.first_session).unwrap();
    assert_eq!(session.rows.len(), 1);
    assert_eq!(session.erased_present, 1, "the session's headcount stays");
    assert!(tend.letters_due(tend::clock::today()).unwrap().is_empty());
    assert!(
        tend.open_access_requests(tend::clock::today())
            .unwrap()
            .is_empty()
    );
    let said = tend
        .subject_access(held.person, tend::clock::today())
        .unwrap_err()
        .to_string();
    assert!(
        said.starts_with("This person's record was erased on"),
        "{said}"
    );
    assert_eq!(tend.erasures().unwrap().len(), 1);
}

#[test]
fn a_wrong_name_a_missing_person_or_a_second_erasure_changes_nothing() {
    let held = held();
    let backups = |data: &Path| Tend::open(data).unwrap().automatic_backups().unwrap().len();
    let before = backups(&held.data);

    let wrong = erase(&held.data, &request(held.person, "Gwenllian Przybylsk")).unwrap_err();
    assert_eq!(wrong.field(), Some("confirm"), "{wrong}");
    let named = erase(
        &held.data,
        &ErasureRequest {
            reason: "Gwenllian rang to ask".into(),
            ..request(held.person, NAME)
        },
    )
    .unwrap_err();
    assert_eq!(named.field(), Some("reason"), "{named}");
    let nobody = erase(&held.data, &request(ParticipantId::new(), NAME)).unwrap_err();
    assert_eq!(nobody.code(), tend::ErrorCode::NotFound, "{nobody}");
    assert_eq!(backups(&held.data), before, "no backup was made");
    let tend = Tend::open(&held.data).unwrap();
    assert_eq!(
        tend.participant(held.person).unwrap().details.full_name,
        NAME
    );
    drop(tend);

    erase(&held.data, &request(held.person, NAME)).unwrap();
    let again = erase(&held.data, &request(held.person, NAME)).unwrap_err();
    assert!(again.to_string().contains("already erased"), "{again}");
}

#[test]
fn restoring_a_backup_or_an_export_made_before_the_erasure_erases_them_again() {
    let held = held();
    let now = tend::clock::now();
    let backup = held.data.with_file_name("before.tendbackup");
    let export = held.data.with_file_name("before.json");
    {
        let tend = Tend::open(&held.data).unwrap();
        tend.back_up(&backup, now).unwrap();
        tend.export_to(&export, now).unwrap();
    }
    erase(&held.data, &request(held.person, NAME)).unwrap();

    Tend::restore_backup(&held.data, &backup, true, now, &mut |_, _| {}).unwrap();
    let check = |what: &str| {
        let tend = Tend::open(&held.data).unwrap();
        let said = tend.participant(held.person).unwrap_err().to_string();
        assert!(said.contains("erased on"), "{what}: {said}");
        assert!(tend.letters_due(tend::clock::today()).unwrap().is_empty());
        let snapshot = tend.export(now).unwrap();
        assert_eq!(snapshot.erasures.len(), 1, "{what}");
        assert_eq!(snapshot.participants.len(), 1, "{what}");
        assert_eq!(snapshot.attendance.len(), 24, "{what}: headcounts stay");
        assert!(
            snapshot.attendance.iter().all(|m| m.note.is_empty()),
            "{what}"
        );
        assert!(snapshot.letters.is_empty(), "{what}");
        assert!(snapshot.referrals.is_empty(), "{what}");
        assert!(snapshot.outcomes.is_empty(), "{what}");
    };
    check("backup");
    Tend::import_export(&held.data, &export, true, now, &mut |_, _| {}).unwrap();
    check("export");
}

#[test]
fn an_erased_volunteer_stays_on_the_rota_as_a_volunteer() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tend = Tend::open(&data).unwrap();
    let leader = tend.role_named_or_new("Walk leader").unwrap();
    let leader = tend
        .update_role(Role {
            qualification: String::new(),
            ..leader
        })
        .unwrap();
    let mut details = walk_details("Tuesday Health Walk");
    details.roles_needed = vec![RoleNeed {
        role: leader.id,
        count: 1,
        per_participants: None,
    }];
    let walk = tend.create_activity(details).unwrap();
    let sessions = tend
        .generate_sessions(walk.id, date(2026, 12, 1), date(2026, 12, 8))
        .unwrap()
        .added;
    let volunteer = tend
        .add_volunteer(VolunteerDetails {
            full_name: "Tomasz Wiśniewski".into(),
            roles: vec![leader.id],
            usual_days: vec![tend::domain::Day::Tuesday],
            phone: PHONE.into(),
            ..Default::default()
        })
        .unwrap();
    tend.assign_volunteer(Assignment {
        session: sessions[0].id,
        role: leader.id,
        volunteer: volunteer.id,
        override_reason: None,
    })
    .unwrap();
    drop(tend);

    let done = erase(
        &data,
        &ErasureRequest {
            person: ErasedPerson::Volunteer(volunteer.id),
            confirm: "Tomasz Wiśniewski".into(),
            by: StaffRole::VolunteerCoordinator,
            reason: "Left and asked to be erased".into(),
            anonymise: false,
        },
    )
    .unwrap();
    assert_eq!(done.erasure.removed.rota_kept, 1);
    let tend = Tend::open(&data).unwrap();
    let rota = tend.rota(date(2026, 12, 1), date(2026, 12, 31)).unwrap();
    let filled = rota.sessions[0].slots[0].filled.as_ref().unwrap();
    assert_eq!(filled.name, "a volunteer");
    assert!(tend.volunteers().unwrap().is_empty());
    for (path, bytes) in every_file(std::slice::from_ref(&data)) {
        assert!(!holds(&bytes, "Wiśniewski"), "{}", path.display());
    }
}

#[test]
fn the_command_line_erases_only_with_the_exact_name_and_says_what_went() {
    let held = held();
    let id = held.person.to_string();
    let (ok, _, err) = tend_cli(
        &held.data,
        &["erase-person", &id, "--confirm", "gwenllian przybylska"],
    );
    assert!(!ok);
    assert!(err.contains("not their full name"), "{err}");
    let (ok, out, err) = tend_cli(&held.data, &["erase-person", &id, "--confirm", NAME]);
    assert!(ok, "{err}");
    assert!(out.starts_with(&format!("Erased {id} on ")), "{out}");
    assert!(out.contains("1 referral with its notes"), "{out}");
    assert!(!out.contains(NAME), "the output does not name them: {out}");
    let (ok, _, err) = tend_cli(&held.data, &["erase-person", &id, "--confirm", NAME]);
    assert!(!ok);
    assert!(err.contains("already erased"), "{err}");
    let (ok, _, err) = tend_cli(&held.data, &["subject-access", &id, "-o", "/dev/null"]);
    assert!(!ok);
    assert!(err.contains("erased on"), "{err}");
}

#[test]
fn an_anonymised_person_leaves_counts_for_reports_and_nothing_that_identifies_them() {
    let held = held();
    let now = tend::clock::now();
    let backup = held.data.with_file_name("before.tendbackup");
    Tend::open(&held.data)
        .unwrap()
        .back_up(&backup, now)
        .unwrap();
    let done = erase(
        &held.data,
        &ErasureRequest {
            reason: "Past the retention date".into(),
            anonymise: true,
            ..request(held.person, NAME)
        },
    )
    .unwrap();
    let kept = done.erasure.anonymous.clone().unwrap();
    assert_eq!(kept.age_band.as_deref(), Some("75–84"));
    assert_eq!(kept.postcode_district, "AB9");
    assert_eq!(done.erasure.removed.referrals_kept, 1);
    assert_eq!(done.erasure.removed.letters, 1);
    assert!(
        done.removed
            .iter()
            .any(|l| l.contains("1 referral (dates and outcomes)")),
        "{:?}",
        done.removed
    );

    let check = |what: &str| {
        for (path, bytes) in every_file(std::slice::from_ref(&held.data)) {
            for secret in SECRETS.iter().chain([&REASON]) {
                assert!(
                    !holds(&bytes, secret),
                    "{what}: {secret} is still in {}",
                    path.display()
                );
            }
        }
        let tend = Tend::open(&held.data).unwrap();
        let said = tend.participant(held.person).unwrap_err().to_string();
        assert!(said.contains("anonymised on"), "{what}: {said}");
        let snapshot = tend.export(now).unwrap();
        let referral = &snapshot.referrals[0];
        assert_eq!(referral.participant, held.person, "{what}");
        assert!(referral.reason.is_empty() && referral.needs_and_concerns.is_empty());
        assert!(!referral.history.is_empty(), "{what}: its dates stay");
        let spell = snapshot
            .enrolments
            .iter()
            .find(|e| e.participant == held.person)
            .unwrap();
        assert!(spell.left_on.is_some(), "{what}: expected nowhere now");
        assert!(snapshot.letters.is_empty(), "{what}");
        assert_eq!(
            snapshot.outcomes.len(),
            1,
            "{what}: answers stay for reports"
        );
        assert_eq!(snapshot.attendance.len(), 24, "{what}");
        let stopped = tend.stopped_coming(tend::clock::today()).unwrap();
        assert!(
            stopped.iter().all(|s| s.participant != held.person),
            "{what}"
        );
    };
    check("anonymised");
    Tend::restore_backup(&held.data, &backup, true, now, &mut |_, _| {}).unwrap();
    // A restore does not compact; the old folder went whole in the swap.
    check("restored from a backup made before");
}

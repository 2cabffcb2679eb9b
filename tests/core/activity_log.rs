//! The activity log: each change to a person's record, each merge,
//! erasure, subject access reply, document and backup is noted with when,
//! what and which record — and never the values themselves.

use tend::Tend;
use tend::domain::{
    ConsentKind, Document, ErasedPerson, LoggedAction, LoggedRecord, ParticipantDetails, StaffRole,
};
use tend::service::{ConsentChange, ErasureRequest};

use crate::support::{date, person, tend_cli};

const NAME: &str = "Branwen Ó Súilleabháin";
const PHONE: &str = "07700 900555";

fn actions(tend: &Tend) -> Vec<LoggedAction> {
    let mut all: Vec<_> = tend
        .activity_log(None, usize::MAX)
        .unwrap()
        .into_iter()
        .map(|l| l.entry.action)
        .collect();
    all.reverse();
    all
}

#[test]
fn changes_to_a_person_are_logged_by_field_name_and_never_by_value() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let tend = Tend::open(&data).unwrap();
    let today = tend::clock::today();
    let branwen = tend.add_participant(person(NAME), today, true).unwrap();
    tend.update_participant(
        branwen.id,
        ParticipantDetails {
            phone: PHONE.into(),
            ..person(NAME)
        },
        today,
    )
    .unwrap();
    tend.change_consent(
        branwen.id,
        ConsentChange {
            kind: ConsentKind::ShareWithReferrer,
            given: true,
            on: today,
        },
        today,
    )
    .unwrap();
    tend.record_access_request(branwen.id, date(2026, 11, 30), today)
        .unwrap();
    tend.document_saved(
        Document::SubjectAccessReply,
        Some(LoggedRecord::Participant(branwen.id)),
    )
    .unwrap();
    let other = tend
        .add_participant(person("Branwen O Suilleabhain"), today, true)
        .unwrap();
    tend.merge_people(branwen.id, other.id, None, today)
        .unwrap();
    tend.back_up_to_folder(dir.path(), tend::clock::now())
        .unwrap();

    assert_eq!(
        actions(&tend),
        [
            LoggedAction::PersonAdded,
            LoggedAction::DetailsCorrected,
            LoggedAction::ConsentChanged,
            LoggedAction::AccessRequestRecorded,
            LoggedAction::DocumentSaved,
            LoggedAction::PersonAdded,
            LoggedAction::RecordsMerged,
            LoggedAction::RecordsMerged,
            LoggedAction::BackedUp,
        ]
    );
    let hers = tend.person_log(branwen.id).unwrap();
    let words: Vec<&str> = hers.iter().map(|l| l.words.as_str()).collect();
    assert!(words.contains(&"Details corrected (Phone)"), "{words:?}");
    assert!(
        words.contains(&"Document saved (subject access reply (PDF))"),
        "{words:?}"
    );
    assert!(
        words
            .iter()
            .any(|w| w.starts_with("Two records merged (merged from "))
    );

    let held =
        serde_json::to_string(&tend.export(tend::clock::now()).unwrap().activity_log).unwrap();
    for value in [NAME, "Branwen", PHONE, "900555"] {
        assert!(!held.contains(value), "the log holds {value}: {held}");
    }
    drop(tend);

    Tend::erase_in_folder(
        (&data).into(),
        &ErasureRequest {
            person: ErasedPerson::Participant(branwen.id),
            confirm: NAME.into(),
            by: StaffRole::DataProtectionLead,
            reason: "Asked in writing".into(),
            anonymise: false,
        },
        today,
        tend::clock::now(),
        &mut |_, _| {},
    )
    .unwrap();
    let tend = Tend::open(&data).unwrap();
    let hers = tend.person_log(branwen.id).unwrap();
    assert_eq!(hers[0].words, "Erased, by the data protection lead");
    assert!(hers.len() > 3, "what was done before the erasure stays");
}

#[test]
fn a_restore_keeps_the_log_and_adds_itself() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let now = tend::clock::now();
    let backup = dir.path().join("early.tendbackup");
    {
        let tend = Tend::open(&data).unwrap();
        tend.add_participant(person("Dilys Hughes"), tend::clock::today(), true)
            .unwrap();
        tend.back_up(&backup, now).unwrap();
        tend.add_participant(person("Eirlys Hughes"), tend::clock::today(), true)
            .unwrap();
    }
    Tend::restore_backup(&data, &backup, true, now, &mut |_, _| {}).unwrap();
    let tend = Tend::open(&data).unwrap();
    assert_eq!(tend.participants().unwrap().len(), 1);
    let all = actions(&tend);
    assert_eq!(
        all.iter()
            .filter(|a| **a == LoggedAction::PersonAdded)
            .count(),
        2,
        "the entry made after the backup stays: {all:?}"
    );
    assert_eq!(all.last(), Some(&LoggedAction::Restored));
}

#[test]
fn the_command_line_lists_the_log_and_writes_it_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        let tend = Tend::open(&data).unwrap();
        let p = tend
            .add_participant(person(NAME), tend::clock::today(), true)
            .unwrap();
        tend.update_participant(
            p.id,
            ParticipantDetails {
                phone: PHONE.into(),
                ..person(NAME)
            },
            tend::clock::today(),
        )
        .unwrap();
    }
    let csv = dir.path().join("log.csv");
    let today = tend::clock::today().format("%Y-%m-%d").to_string();
    let (ok, out, err) = tend_cli(
        &data,
        &[
            "activity-log",
            "--from",
            &today,
            "--csv",
            csv.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].contains(" · Details corrected (Phone) · participant "),
        "{out}"
    );
    assert!(lines[1].contains(" · Person added · participant "), "{out}");
    let written = std::fs::read_to_string(&csv).unwrap();
    assert!(
        written.starts_with("when,what,record_kind,record_id,fields,by\r\n"),
        "{written}"
    );
    assert!(!written.contains(PHONE) && !written.contains("Branwen"));

    let (ok, out, _) = tend_cli(&data, &["activity-log", "--from", "2099-01-01"]);
    assert!(ok);
    assert_eq!(out.trim(), "Nothing in the activity log from that day.");
    let (ok, _, err) = tend_cli(&data, &["activity-log", "--from", "2026-02-31"]);
    assert!(!ok);
    assert!(err.contains("--from"), "{err}");
}

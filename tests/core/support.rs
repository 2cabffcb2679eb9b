//! Helpers shared by the integration tests.

use chrono::{NaiveDate, NaiveTime};
use tempfile::TempDir;
use tend::Tend;
use tend::domain::{ActivityDetails, ActivityKind, Day, ParticipantDetails, Recurrence};

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn open_temp() -> (TempDir, Tend) {
    let dir = tempfile::tempdir().unwrap();
    let tend = Tend::open(dir.path()).unwrap();
    (dir, tend)
}

pub fn walk_details(name: &str) -> ActivityDetails {
    ActivityDetails {
        name: name.into(),
        kind: ActivityKind::HealthWalk,
        meeting_place: "Riverside Park gate".into(),
        recurrence: Recurrence::Weekly { day: Day::Tuesday },
        start_time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        duration_minutes: 90,
        capacity: Some(30),
        leader: "Dafydd ap Gwilym".into(),
        roles_needed: vec![],
        last_risk_assessment: None,
        runs_on_bank_holidays: false,
    }
}

/// Records a mark now, as the window does.
pub fn mark(
    tend: &Tend,
    session: tend::domain::SessionId,
    participant: tend::domain::ParticipantId,
    mark: tend::domain::Mark,
) -> tend::Result<tend::domain::AttendanceMark> {
    tend.record_attendance(
        session,
        participant,
        mark,
        tend::clock::now(),
        tend::clock::today(),
    )
}

pub fn person(name: &str) -> ParticipantDetails {
    ParticipantDetails {
        full_name: name.into(),
        ..Default::default()
    }
}

/// Runs a command-line tool and returns (success, stdout, stderr).
pub fn run(program: &str, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("could not run {program}: {e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The text pdftotext reads from a PDF, after qpdf has checked its structure.
pub fn checked_pdf_text(path: &std::path::Path) -> String {
    let path = path.to_str().unwrap();
    let (ok, out, err) = run("qpdf", &["--check", path]);
    assert!(ok, "qpdf --check failed:\n{out}\n{err}");
    let (ok, text, err) = run("pdftotext", &["-layout", path, "-"]);
    assert!(ok, "pdftotext failed: {err}");
    text
}

/// The `tend` command line on the data in `data`: (success, stdout, stderr).
pub fn tend_cli(data: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let mut all = vec!["--data", data.to_str().unwrap()];
    all.extend_from_slice(args);
    run(env!("CARGO_BIN_EXE_tend"), &all)
}

/// Starts `tend --data DIR …` (with `env` set) and kills it `after` this long.
pub fn tend_killed_after(
    data: &std::path::Path,
    args: &[&str],
    env: &[(&str, &std::path::Path)],
    after: std::time::Duration,
) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tend"))
        .arg("--data")
        .arg(data)
        .args(args)
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let _ = child.kill();
    child.wait().unwrap();
}

/// A new data folder with the demo in it, made by the command line.
pub fn cli_demo() -> (TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (ok, _, err) = tend_cli(&data, &["demo"]);
    assert!(ok, "{err}");
    (dir, data)
}

/// The most recent Tuesday before today: the demo has a held walk then.
pub fn last_tuesday() -> String {
    use chrono::{Datelike, Days};
    let today = tend::clock::today();
    let back = (today.weekday().num_days_from_monday() + 7 - 1) % 7;
    let back = if back == 0 { 7 } else { back };
    (today - Days::new(u64::from(back)))
        .format("%Y-%m-%d")
        .to_string()
}

/// `tend mark` for someone at the demo's Tuesday walk on `date`.
pub fn mark_args<'a>(date: &'a str, who: &'a str, mark: &'a str) -> [&'a str; 8] {
    [
        "mark",
        "--activity",
        "Tuesday Health Walk",
        "--date",
        date,
        "--participant",
        who,
        mark,
    ]
}

/// Every file under these folders, as bytes.
pub fn every_file(folders: &[std::path::PathBuf]) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending: Vec<std::path::PathBuf> = folders.to_vec();
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    found
}

pub fn holds(bytes: &[u8], text: &str) -> bool {
    aho_corasick::AhoCorasick::new([text])
        .unwrap()
        .is_match(bytes)
}

/// A new person referred by Dr Siân Evans at a GP practice.
pub fn referred_by_a_gp(
    tend: &Tend,
    details: ParticipantDetails,
    received_on: NaiveDate,
    reason: &str,
    needs: &str,
    today: NaiveDate,
) -> tend::domain::Referral {
    let gp = tend
        .add_referrer(tend::domain::ReferrerDetails {
            name: "Dr Siân Evans".into(),
            organisation: "Meddygfa Aber-mill".into(),
            kind: tend::domain::ReferrerKind::GpPractice,
            ..Default::default()
        })
        .unwrap();
    tend.take_referral(
        tend::service::NewReferral {
            person: tend::service::ReferredPerson::New {
                details: Box::new(details),
            },
            referrer: Some(gp.id),
            received_on: Some(received_on),
            reason: reason.into(),
            needs_and_concerns: needs.into(),
            suggested_activities: vec![],
            not_a_duplicate: false,
        },
        today,
    )
    .unwrap()
}

/// A copy of a folder as it is on disk now (its store closed).
pub fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Whether the tick journal's file (its bytes as read) starts with an
/// entry: an emptied journal starts with an empty header (length 0).
pub fn journal_holds_a_tick(journal: &[u8]) -> bool {
    journal.get(..4).is_some_and(|length| length != [0; 4])
}

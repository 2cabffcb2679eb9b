//! A tick that has returned survives the process being killed outright,
//! and the tick journal gives back what sled had not written out, never
//! what the store has moved on from.
//!
//! The first test runs this same test binary again as a child (the ignored
//! test below), which ticks marks and then waits; the parent kills it with
//! SIGKILL as soon as the last tick returns, then reopens the data.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use std::path::Path;
use tend::Tend;

use tend::domain::{Mark, ParticipantId, SessionId};

use crate::support::{copy_folder, date, person, walk_details};

const DIR_VAR: &str = "TEND_CRASH_TEST_DIR";
const TICKS: usize = 20;

/// The journal's file in a data folder.
const JOURNAL: &str = "tend-ticks";

/// A walk on 3 March 2026 with `people` walkers enrolled, in `dir`.
fn walk_with(dir: &Path, people: usize) -> (SessionId, Vec<ParticipantId>) {
    let tend = Tend::open(dir).unwrap();
    let walk = tend
        .create_activity(walk_details("Tuesday Health Walk"))
        .unwrap();
    let session = tend
        .generate_sessions(walk.id, date(2026, 3, 3), date(2026, 3, 3))
        .unwrap()
        .added[0]
        .id;
    let walkers = (0..people)
        .map(|i| {
            let p = tend
                .add_participant(person(&format!("Walker {i}")), tend::clock::today(), true)
                .unwrap();
            tend.enrol(walk.id, p.id, date(2026, 3, 1)).unwrap();
            p.id
        })
        .collect();
    (session, walkers)
}

#[test]
fn ticks_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let (session_id, _) = walk_with(dir.path(), TICKS);

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "crash::child_ticks_then_waits",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DIR_VAR, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut saved = 0;
    for line in stdout.lines() {
        // The harness prints "test … ... " before the first line, without a newline.
        if line.unwrap().trim_end().ends_with("saved") {
            saved += 1;
            if saved == TICKS {
                break;
            }
        }
    }
    // SIGKILL: no destructors, no chance to flush on the way out.
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(saved, TICKS, "the child did not tick every mark");

    let tend = Tend::open(dir.path()).unwrap();
    let register = tend.session_register(session_id).unwrap();
    let present = register
        .rows
        .iter()
        .filter(|r| r.mark == Some(Mark::Present))
        .count();
    assert_eq!(present, TICKS);
}

#[test]
fn a_tick_sled_had_not_written_out_comes_back_from_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (session, walkers) = walk_with(&data, 3);
    // The folder as sled would have left it had the power gone before it
    // wrote the tick out: everything but the tick.
    let lost = dir.path().join("lost");
    copy_folder(&data, &lost);
    {
        let tend = Tend::open(&data).unwrap();
        crate::support::mark(&tend, session, walkers[1], Mark::Apologies).unwrap();
    }
    let journal = std::fs::read(data.join(JOURNAL)).unwrap();
    assert!(
        crate::support::journal_holds_a_tick(&journal),
        "the tick is in the journal"
    );
    std::fs::write(lost.join(JOURNAL), &journal).unwrap();

    let tend = Tend::open(&lost).unwrap();
    let marks: Vec<_> = tend
        .session_register(session)
        .unwrap()
        .rows
        .iter()
        .map(|r| (r.participant, r.mark))
        .collect();
    assert_eq!(
        marks,
        vec![
            (walkers[0], None),
            (walkers[1], Some(Mark::Apologies)),
            (walkers[2], None),
        ]
    );
    drop(tend);
    assert!(
        !crate::support::journal_holds_a_tick(&std::fs::read(lost.join(JOURNAL)).unwrap()),
        "once the store holds it, the journal is emptied"
    );
}

#[test]
fn a_tick_the_store_has_moved_on_from_is_not_applied_again() {
    let dir = tempfile::tempdir().unwrap();
    let (session, walkers) = walk_with(dir.path(), 2);
    let journal = {
        let tend = Tend::open(dir.path()).unwrap();
        crate::support::mark(&tend, session, walkers[1], Mark::Present).unwrap();
        let journal = std::fs::read(dir.path().join(JOURNAL)).unwrap();
        // The second walker's mark moves to the first.
        tend.merge_people(walkers[0], walkers[1], None, tend::clock::today())
            .unwrap();
        journal
    };
    // The journal as it was before the merge (as if emptying it had been
    // lost in a power cut).
    std::fs::write(dir.path().join(JOURNAL), journal).unwrap();

    let tend = Tend::open(dir.path()).unwrap();
    let marks: Vec<_> = tend
        .session_register(session)
        .unwrap()
        .rows
        .iter()
        .map(|r| (r.participant, r.mark))
        .collect();
    assert_eq!(marks, vec![(walkers[0], Some(Mark::Present))]);
    assert!(tend.participant(walkers[1]).is_err());
    let held: Vec<_> = tend
        .export(tend::clock::now())
        .unwrap()
        .attendance
        .iter()
        .map(|m| (m.participant, m.mark))
        .collect();
    assert_eq!(
        held,
        vec![(walkers[0], Mark::Present)],
        "no mark for the merged record"
    );
}

#[test]
#[ignore = "run by ticks_survive_sigkill as a child process"]
fn child_ticks_then_waits() {
    let Some(dir) = std::env::var_os(DIR_VAR) else {
        return;
    };
    let tend = Tend::open(std::path::Path::new(&dir)).unwrap();
    let walk = tend.activity_named("Tuesday Health Walk").unwrap();
    let session = tend.session_on(&walk, date(2026, 3, 3)).unwrap();
    for row in tend.session_register(session.id).unwrap().rows {
        crate::support::mark(&tend, session.id, row.participant, Mark::Present).unwrap();
        println!("saved");
    }
    std::thread::sleep(std::time::Duration::from_secs(60));
}

//! A tick that has returned survives the process being killed outright.
//!
//! The test runs this same test binary again as a child (the ignored test
//! below), which ticks marks and then waits; the parent kills it with SIGKILL
//! as soon as the last tick returns, then reopens the data.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use tend::Tend;
use tend::domain::Mark;

use crate::support::{date, person, walk_details};

const DIR_VAR: &str = "TEND_CRASH_TEST_DIR";
const TICKS: usize = 20;

#[test]
fn ticks_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let session_id;
    {
        let tend = Tend::open(dir.path()).unwrap();
        let walk = tend
            .create_activity(walk_details("Tuesday Health Walk"))
            .unwrap();
        session_id = tend
            .generate_sessions(walk.id, date(2026, 3, 3), date(2026, 3, 3))
            .unwrap()
            .added[0]
            .id;
        for i in 0..TICKS {
            let p = tend
                .add_participant(person(&format!("Walker {i}")), tend::clock::today(), true)
                .unwrap();
            tend.enrol(walk.id, p.id, date(2026, 3, 1)).unwrap();
        }
    }

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

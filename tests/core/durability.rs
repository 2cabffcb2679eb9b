//! What the command line says is saved is on the disk, and a restore that
//! is killed part way leaves the data whole: before or after, never between.

use std::process::Command;
use std::time::{Duration, Instant};

use tend::Tend;

use crate::support::{cli_demo, last_tuesday, tend_cli, tend_killed_after};

const TEND: &str = env!("CARGO_BIN_EXE_tend");

#[test]
fn backup_verify_and_restore_from_the_command_line() {
    let (dir, data) = cli_demo();
    let file = dir.path().join("demo.tendbackup");
    let (ok, out, err) = tend_cli(&data, &["backup", "-o", file.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("60 people,"), "{out}");
    assert!(out.contains("attendance marks"), "{out}");

    let (ok, out, err) = crate::support::run(TEND, &["verify-backup", file.to_str().unwrap()]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("Made "), "{out}");
    assert!(
        lines[0].ends_with("by Abermill Wellbeing Walks & Gardens"),
        "{out}"
    );
    assert!(lines[1].starts_with("60 people"), "{out}");
    assert_eq!(lines.last(), Some(&"backup ok"));

    let restored = dir.path().join("restored");
    let (ok, out, err) = tend_cli(&restored, &["restore", file.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.starts_with("Restored 60 people"), "{out}");
    assert!(
        err.contains("Restoring… 100%"),
        "progress goes to stderr: {err}"
    );
    let (ok, _, err) = tend_cli(&restored, &["restore", file.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("already holds data"), "{err}");
    assert!(tend_cli(&restored, &["restore", file.to_str().unwrap(), "--replace"]).0);

    let half = dir.path().join("half.tendbackup");
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&half, &bytes[..bytes.len() / 2]).unwrap();
    let (ok, out, err) = crate::support::run(TEND, &["verify-backup", half.to_str().unwrap()]);
    assert!(!ok);
    assert!(!out.contains("backup ok"));
    assert!(err.starts_with("tend: This backup is incomplete"), "{err}");
    let (ok, _, err) = tend_cli(&restored, &["restore", half.to_str().unwrap(), "--replace"]);
    assert!(!ok, "{err}");
    assert_eq!(
        Tend::open(&restored).unwrap().participants().unwrap().len(),
        60
    );
}

/// One system call from `strace -f -y`: its name, the file its first
/// argument names (strace prints "3</tmp/…/db>"), and its line.
struct Call<'a> {
    name: &'a str,
    file: Option<&'a str>,
    line: &'a str,
}

/// The calls in the order they started ("<... resumed>" halves skipped).
fn calls(trace: &str) -> Vec<Call<'_>> {
    trace
        .lines()
        .filter_map(|line| {
            // "1234 pwrite64(5</path>, …" (a pid, then the call)
            let call = line.split_once(' ')?.1.trim_start();
            if call.starts_with("<...") {
                return None;
            }
            let (name, args) = call.split_once('(')?;
            let first = args.split(", ").next()?;
            let file = first
                .split_once('<')
                .and_then(|(_, rest)| rest.split_once('>'))
                .map(|(path, _)| path);
            Some(Call { name, file, line })
        })
        .collect()
}

#[test]
fn a_mark_is_synced_to_disk_before_saved_is_printed() {
    let (dir, data) = cli_demo();
    let trace_file = dir.path().join("trace");
    let tuesday = last_tuesday();
    let status = Command::new("strace")
        .args(["-f", "-qq", "-y", "-s", "16", "-o"])
        .arg(&trace_file)
        .args([
            "-e",
            "trace=write,pwrite64,writev,pwritev,pwritev2,fsync,fdatasync,sync_file_range",
        ])
        .arg(TEND)
        .arg("--data")
        .arg(&data)
        .args(crate::support::mark_args(
            &tuesday,
            "Łukasz Wróbel",
            "present",
        ))
        .status()
        .expect("strace is installed by scripts/setup.sh");
    assert!(status.success());
    let trace = std::fs::read_to_string(&trace_file).unwrap();
    let calls = calls(&trace);

    // The store's own files (not its backups, not the terminal).
    let store = format!("{}/", data.to_str().unwrap());
    let on_store = |call: &Call| call.file.is_some_and(|f| f.starts_with(&store));
    let mut last_write = None;
    let mut synced_after_write = false;
    let mut saved_at = None;
    for (i, call) in calls.iter().enumerate() {
        match call.name {
            "write" if call.line.contains("\"saved\\n\"") => {
                saved_at = Some(i);
                break;
            }
            "write" | "pwrite64" | "writev" | "pwritev" | "pwritev2" if on_store(call) => {
                last_write = Some(i);
                synced_after_write = false;
            }
            "fsync" | "fdatasync" if on_store(call) && last_write.is_some() => {
                synced_after_write = true;
            }
            _ => {}
        }
    }
    assert!(saved_at.is_some(), "\"saved\" was not printed:\n{trace}");
    assert!(last_write.is_some(), "the mark was never written:\n{trace}");
    assert!(
        synced_after_write,
        "the last write to the store is not followed by fsync/fdatasync before \"saved\":\n{}",
        calls[last_write.unwrap()..=saved_at.unwrap()]
            .iter()
            .map(|c| c.line)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_restore_killed_at_any_moment_leaves_the_data_before_or_after() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    assert!(tend_cli(&source, &["demo"]).0);
    let file = dir.path().join("demo.tendbackup");
    assert!(tend_cli(&source, &["backup", "-o", file.to_str().unwrap()]).0);
    let after = Tend::open(&source)
        .unwrap()
        .export(tend::clock::now())
        .unwrap();

    // How long a whole restore takes here, to kill within it.
    let timing = dir.path().join("timing");
    let started = Instant::now();
    assert!(tend_cli(&timing, &["restore", file.to_str().unwrap()]).0);
    let whole = started.elapsed();

    let data = dir.path().join("data");
    // The data as it is before each restore: one person.
    let before = || {
        let _ = std::fs::remove_dir_all(&data);
        Tend::open(&data)
            .unwrap()
            .add_participant(
                crate::support::person("Gwen Before"),
                tend::clock::today(),
                true,
            )
            .unwrap();
    };
    before();
    let (mut befores, mut afters) = (0, 0);
    // A dozen moments across the restore, and more (later) until both
    // outcomes have been seen, should the machine be slower than it was.
    for attempt in 0..40u32 {
        if attempt >= 12 && befores > 0 && afters > 0 {
            break;
        }
        // Spread across the restore, a little past its end.
        tend_killed_after(
            &data,
            &["restore", file.to_str().unwrap(), "--replace"],
            &[],
            whole.mul_f64(f64::from(attempt) / 8.0),
        );

        let tend = Tend::open(&data).unwrap();
        let people = tend.participants().unwrap();
        if people.len() == 1 {
            assert_eq!(people[0].details.full_name, "Gwen Before");
            befores += 1;
        } else {
            let now = tend::clock::now();
            let held = tend.export(now).unwrap();
            assert_eq!(held.participants, after.participants, "attempt {attempt}");
            assert_eq!(
                held.attendance.len(),
                after.attendance.len(),
                "attempt {attempt}"
            );
            assert_eq!(held.letters, after.letters, "attempt {attempt}");
            afters += 1;
            // Back to before for the next attempt.
            drop(tend);
            before();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        befores > 0 && afters > 0,
        "{befores} before, {afters} after"
    );
}

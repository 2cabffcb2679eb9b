//! The app's start, measured (not asserted), under an X server:
//!   xvfb-run -a dbus-run-session -- cargo bench -p tend-desktop --bench cold_start
//! Five starts of the optimised app on a new, empty data folder (the
//! first-run screen) and five on the demo organisation's data (Today), each
//! from the moment the process is started to the app's log line that the
//! window has drawn its first screen's content. Target: a median under
//! 1 s. Where it is allowed (root), the page cache is dropped before each
//! start, so each one reads the program and its libraries from the disk.
//! `TEND_APP=target/release/tend-desktop` measures the packaged build (the
//! release profile: one codegen unit, LTO, stripped) instead of the
//! bench profile's.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const STARTS: usize = 5;
const TARGET: Duration = Duration::from_secs(1);
const SHOWN: &str = "First screen shown";

fn main() {
    if std::env::var_os("DISPLAY").is_none() {
        eprintln!(
            "No X server: run it as `xvfb-run -a dbus-run-session -- cargo bench -p tend-desktop --bench cold_start`."
        );
        std::process::exit(2);
    }
    let scratch = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => return eprintln!("no scratch folder: {e}"),
    };
    let demo = scratch.path().join("demo");
    match tend::Tend::open(&demo).and_then(|tend| tend.load_demo(tend::clock::today(), false)) {
        Ok(()) => {}
        Err(e) => return eprintln!("the demo data could not be made: {e}"),
    }
    let app = std::env::var_os("TEND_APP")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_tend-desktop").into());
    println!("the app: {}", app.display());
    let cold = drop_page_cache();
    if !cold {
        println!("(the page cache could not be dropped: these are warm starts)");
    }
    let mut empty = Vec::new();
    let mut today = Vec::new();
    for n in 0..STARTS {
        let folder = scratch.path().join(format!("empty-{n}"));
        empty.extend(start(&app, &folder, cold));
        today.extend(start(&app, &demo, cold));
    }
    report("start, new empty data folder (first-run screen)", empty);
    report("start, the demo organisation (Today)", today);
}

/// One start: the time from spawning the app to its first-screen log line,
/// or None (said why) when it never came.
fn start(app: &Path, data: &Path, cold: bool) -> Option<Duration> {
    if cold {
        drop_page_cache();
    }
    let began = Instant::now();
    let mut running = Command::new(app)
        .env("TEND_DATA_DIR", data)
        .env("NO_AT_BRIDGE", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| eprintln!("the app did not start: {e}"))
        .ok()?;
    let stdout = running.stdout.take()?;
    let shown = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find(|line| line.contains(SHOWN))
        .map(|_| began.elapsed());
    let _ = running.kill();
    let _ = running.wait();
    if shown.is_none() {
        eprintln!("the app ended without drawing its first screen");
    }
    shown
}

/// Drops the page cache (Linux, root only); false when not allowed.
fn drop_page_cache() -> bool {
    let synced = Command::new("sync").status().is_ok_and(|s| s.success());
    synced && std::fs::write("/proc/sys/vm/drop_caches", "3").is_ok()
}

fn report(name: &str, mut samples: Vec<Duration>) {
    if samples.is_empty() {
        return println!("{name}: no start drew its first screen");
    }
    samples.sort();
    let median = samples[samples.len() / 2];
    let all: Vec<String> = samples
        .iter()
        .map(|d| format!("{:.0}", d.as_secs_f64() * 1e3))
        .collect();
    let verdict = if median <= TARGET { "within" } else { "OVER" };
    println!(
        "{name}: n={} median={:.0} ms (all: {} ms) ({verdict} the {} ms target)",
        samples.len(),
        median.as_secs_f64() * 1e3,
        all.join(", "),
        TARGET.as_millis()
    );
}

//! What every benchmark binary shares: percentiles, the report line,
//! choosing measures by name, peak memory, a scratch folder.
#![allow(dead_code)] // each bench uses the helpers it needs

use std::time::Duration;

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// One line: n, p50, p99, max, and whether the p99 is within the target.
/// How long `runs` calls of `f` each took.
pub fn timed<T>(
    runs: usize,
    mut f: impl FnMut() -> tend::Result<T>,
) -> tend::Result<Vec<Duration>> {
    (0..runs)
        .map(|_| {
            let start = std::time::Instant::now();
            f().map(|_| start.elapsed())
        })
        .collect()
}

pub fn report(name: &str, mut samples: Vec<Duration>, target: Duration) {
    samples.sort();
    let p50 = percentile(&samples, 0.50);
    let p99 = percentile(&samples, 0.99);
    let verdict = if p99 <= target { "within" } else { "OVER" };
    let target_ms = target.as_secs_f64() * 1e3;
    // A target below a few milliseconds (twice a disk's sync) keeps its
    // fraction.
    let places = if target_ms < 10.0 { 2 } else { 0 };
    println!(
        "{name}: n={} p50={:.2} ms p99={:.2} ms max={:.2} ms ({verdict} the {target_ms:.places$} ms target)",
        samples.len(),
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        samples[samples.len() - 1].as_secs_f64() * 1e3,
    );
}

/// The measure names asked for on the command line, if any.
pub fn wanted(name: &str) -> bool {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()))
}

/// The process's peak resident memory so far, in MB (Linux).
pub fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn scratch(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("tend-bench-{name}-{}", std::process::id()))
}

/// A size from the environment (HUB_PEOPLE…), or `default`.
pub fn size(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Opens a benchmark's data; with `TEND_BENCH_ENCRYPTED` set, encrypted
/// (a new folder is encrypted first, at a cheap key derivation: what is
/// measured is sealing and opening values, not unlocking).
pub fn open(dir: &std::path::Path) -> tend::Result<tend::Tend> {
    use tend::service::{DataDir, EncryptionPlan};
    use tend::store::{KdfCost, Unlock};
    const PASSPHRASE: &str = "a benchmark's passphrase";
    if std::env::var_os("TEND_BENCH_ENCRYPTED").is_none_or(|v| v.is_empty()) {
        return tend::Tend::open(dir);
    }
    if !tend::service::is_encrypted(dir) {
        let plan = EncryptionPlan::new(PASSPHRASE, PASSPHRASE, KdfCost::CHEAP)?;
        tend::Tend::encrypt(dir, plan, tend::clock::now())?;
    }
    let key = tend::service::unlock(dir, &Unlock::Passphrase(PASSPHRASE.to_owned().into()))?;
    tend::Tend::open(DataDir::keyed(dir, Some(&key)))
}

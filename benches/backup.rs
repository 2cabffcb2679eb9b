//! Backups, restores, exports and imports at a large hub's size, measured
//! (not asserted):
//!   cargo bench --bench backup [-- NAME]
//! On a generated hub of 100,000 people, 30,000 referrals (each with a
//! letter), about 10,000 sessions and 2,000,000 marks:
//! - a backup and a JSON export each in under 30 s and 600 MB;
//! - a restore of that backup and an import of that export each in under
//!   60 s and 600 MB;
//! - a durable tick's p99 within 2× a raw write + fdatasync of a small
//!   file on the same disk;
//! - then the hub encrypted (measured, no target), and opening it again
//!   with the passphrase, key derivation included, in under 1.5 s.
//!
//! Each operation runs in a process of its own (this binary again), so the
//! peak memory reported is the operation's, not the generator's.
//! HUB_PEOPLE, HUB_MARKS and HUB_REFERRALS make a smaller or larger hub;
//! HUB_KEEP keeps the hub, backup and export for a closer look;
//! HUB_ENCRYPTED=1 encrypts the hub first, so the backup is age-encrypted
//! and each operation's time includes unlocking.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use tend::Tend;
use tend::domain::Mark;
use tend::service::{DataDir, EncryptionPlan};
use tend::store::{KdfCost, Unlock};

const PASSPHRASE: &str = "a benchmark's passphrase";

#[path = "hub_data.rs"]
mod hub_data;
#[path = "measure.rs"]
mod measure;
use measure::{peak_memory_mb, report, scratch, size, wanted};

/// The hub, unlocked with the benchmark's passphrase when it is encrypted
/// (the key derivation is part of what is timed).
fn open(dir: &Path) -> tend::Result<Tend> {
    if !tend::service::is_encrypted(dir) {
        return Tend::open(dir);
    }
    let key = tend::service::unlock(dir, &Unlock::Passphrase(PASSPHRASE.to_owned().into()))?;
    Tend::open(DataDir::keyed(dir, Some(&key)))
}

/// Run as a child: one operation, then its time and peak memory.
fn child(op: &str, dir: &Path, file: &Path) -> tend::Result<()> {
    let now = tend::clock::now();
    let started = Instant::now();
    let mut quiet = |_: u64, _: u64| {};
    let passphrase = || Ok(Some(Unlock::Passphrase(PASSPHRASE.to_owned().into())));
    let what = match op {
        "backup" => open(dir)?.back_up(file, now)?.counts.words(),
        "verify" => {
            let key = tend::service::unlock_backup(file, None, passphrase)?;
            tend::store::verify_backup(file, key.as_ref())?
                .counts
                .words()
        }
        "export" => open(dir)?.export_to(file, now)?.words(),
        "restore" => {
            let key = tend::service::unlock_backup(file, None, passphrase)?;
            let into = DataDir::keyed(dir, None);
            Tend::restore_backup_with(into, file, key.as_ref(), false, now, &mut quiet)?
                .counts
                .words()
        }
        "import" => Tend::import_export(dir, file, false, now, &mut quiet)?.words(),
        "encrypt" => {
            let plan = EncryptionPlan::new(PASSPHRASE, PASSPHRASE, KdfCost::STANDARD)?;
            Tend::encrypt(dir, plan, now)?;
            "encrypted".into()
        }
        "open encrypted" => {
            let key =
                tend::service::unlock(dir, &Unlock::Passphrase(PASSPHRASE.to_owned().into()))?;
            let unlocked = started.elapsed();
            let tend = Tend::open(DataDir::keyed(dir, Some(&key)))?;
            format!(
                "unlocked in {:.2} s, {} opened",
                unlocked.as_secs_f64(),
                tend.organisation()?.map(|o| o.name).unwrap_or_default()
            )
        }
        other => return Err(tend::Error::NotFound(format!("No such operation: {other}"))),
    };
    println!(
        "{:.2} s, peak {:.0} MB ({what})",
        started.elapsed().as_secs_f64(),
        peak_memory_mb().unwrap_or(0.0)
    );
    Ok(())
}

fn in_child(op: &str, dir: &Path, file: &Path, target_s: u64) -> std::io::Result<()> {
    in_child_s(op, dir, file, target_s as f64)
}

fn in_child_s(op: &str, dir: &Path, file: &Path, target_s: f64) -> std::io::Result<()> {
    let out = Command::new(std::env::current_exe()?)
        .args(["child", op])
        .arg(dir)
        .arg(file)
        .output()?;
    let said = String::from_utf8_lossy(&out.stdout);
    let said = said.trim();
    let seconds: f64 = said
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::MAX);
    let mb: f64 = said
        .split("peak ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::MAX);
    let verdict = if out.status.success() && seconds < target_s && mb < 600.0 {
        "within"
    } else {
        "OVER"
    };
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    println!(
        "{op}: {said}; file {size:.0} MB ({verdict} the {target_s} s and 600 MB targets){}",
        if out.status.success() {
            String::new()
        } else {
            format!(" FAILED: {}", String::from_utf8_lossy(&out.stderr).trim())
        }
    );
    Ok(())
}

fn main() -> tend::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("child") && args.len() >= 5 {
        return child(&args[2], Path::new(&args[3]), Path::new(&args[4]));
    }
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or(NaiveDate::MIN);
    let people = size("HUB_PEOPLE", 100_000);
    let marks = size("HUB_MARKS", 2_000_000);
    let referrals = size("HUB_REFERRALS", 30_000);
    let root = scratch("backup");
    let dir = root.join("hub");
    let started = Instant::now();
    let mut hub = hub_data::hub(people, 192, marks, today);
    hub_data::add_referrals(&mut hub, referrals);
    let made = hub.attendance.len();
    let sessions = hub.sessions.len();
    hub_data::write_hub(&dir, &hub)?;
    drop(hub);
    println!(
        "hub: {people} people, {referrals} referrals, {sessions} sessions, {made} marks, written in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let backup = root.join("hub.tendbackup");
    let export = root.join("hub.json");
    // HUB_ENCRYPTED: every measure below on the hub encrypted first.
    if std::env::var_os("HUB_ENCRYPTED").is_some_and(|v| !v.is_empty()) {
        in_child("encrypt", &dir, &backup, 600)?;
    }
    if wanted("backup") || wanted("restore") || wanted("verify") {
        in_child("backup", &dir, &backup, 30)?;
    }
    if wanted("verify") {
        in_child("verify", &dir, &backup, 30)?;
    }
    if wanted("restore") {
        in_child("restore", &root.join("restored"), &backup, 60)?;
    }
    if wanted("export") || wanted("import") {
        in_child("export", &dir, &export, 30)?;
    }
    if wanted("import") {
        in_child("import", &root.join("imported"), &export, 60)?;
    }
    if wanted("durable tick") {
        durable_ticks(&dir, &root, today)?;
    }
    if wanted("encrypt") && !tend::service::is_encrypted(&dir) {
        in_child("encrypt", &dir, &backup, 600)?;
    }
    if wanted("encrypt") {
        in_child_s("open encrypted", &dir, &backup, 1.5)?;
    }
    if std::env::var_os("HUB_KEEP").is_some() {
        println!("kept in {}", root.display());
    } else {
        let _ = std::fs::remove_dir_all(&root);
    }
    Ok(())
}

/// A tick as the window makes it, against the disk's own cost of making
/// a small write durable.
fn durable_ticks(dir: &Path, root: &Path, today: NaiveDate) -> tend::Result<()> {
    let raw: PathBuf = root.join("raw");
    let mut file = std::fs::File::create(&raw)?;
    let raw_samples = (0..200)
        .map(|i| {
            let start = Instant::now();
            file.write_all(format!("tick {i}\n").as_bytes())?;
            file.sync_data()?;
            Ok(start.elapsed())
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut sorted = raw_samples.clone();
    sorted.sort();
    let raw_p99 = measure::percentile(&sorted, 0.99);
    report(
        "raw write + fdatasync, same disk",
        raw_samples,
        Duration::from_secs(1),
    );

    let tend = open(dir)?;
    let activity = tend.activity_named("Activity 00")?;
    let session = tend.session_on(&activity, today - chrono::Days::new(7))?;
    let people = tend.session_register(session.id)?.rows;
    let samples = people
        .iter()
        .cycle()
        .take(200)
        .enumerate()
        .map(|(i, row)| {
            let mark = if i % 2 == 0 {
                Mark::Present
            } else {
                Mark::Apologies
            };
            let start = Instant::now();
            tend.record_attendance(session.id, row.participant, mark, tend::clock::now(), today)
                .map(|_| start.elapsed())
        })
        .collect::<tend::Result<Vec<_>>>()?;
    report("durable tick, 100,000-person hub", samples, raw_p99 * 2);
    Ok(())
}

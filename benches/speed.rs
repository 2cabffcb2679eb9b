//! Speed targets from the foundation issue, measured (not asserted):
//!   cargo bench --bench speed
//! - a sign-in sheet for 60 participants renders in under 20 ms;
//! - a tick is durable (flushed) in under 5 ms at the 99th percentile.

use std::time::{Duration, Instant};

use tend::Tend;
use tend::domain::Mark;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn report(name: &str, mut samples: Vec<Duration>, target: Duration) {
    samples.sort();
    let p50 = percentile(&samples, 0.50);
    let p99 = percentile(&samples, 0.99);
    let verdict = if p99 <= target { "within" } else { "OVER" };
    println!(
        "{name}: n={} p50={:.2} ms p99={:.2} ms max={:.2} ms ({verdict} the {:.0} ms target)",
        samples.len(),
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        samples[samples.len() - 1].as_secs_f64() * 1e3,
        target.as_secs_f64() * 1e3,
    );
}

fn main() -> tend::Result<()> {
    let dir = std::env::temp_dir().join(format!("tend-bench-{}", std::process::id()));
    let tend = Tend::open(&dir)?;
    let today = Tend::today();
    tend.load_demo(today, true)?;
    let walk = tend.activity_named("Tuesday Health Walk")?;
    let session = tend
        .sessions_of(walk.id)?
        .into_iter()
        .find(|s| s.date >= today)
        .ok_or_else(|| tend::Error::NotFound("no upcoming walk in the demo".into()))?;
    let people = tend.participants()?;
    for person in &people {
        tend.enrol(walk.id, person.id, session.date)?;
    }
    let expected = tend.session_register(session.id)?.rows.len();

    // Warm up the font parsing once, as the app does on its first sheet.
    tend.sign_in_sheet(session.id)?;
    let sheets = (0..50)
        .map(|_| {
            let start = Instant::now();
            tend.sign_in_sheet(session.id).map(|_| start.elapsed())
        })
        .collect::<tend::Result<Vec<_>>>()?;
    report(
        &format!("sign-in sheet, {expected} participants"),
        sheets,
        Duration::from_millis(20),
    );

    let marks = [Mark::Present, Mark::Apologies, Mark::Absent];
    let ticks = people
        .iter()
        .cycle()
        .take(1000)
        .enumerate()
        .map(|(i, person)| {
            let start = Instant::now();
            tend.record_attendance(session.id, person.id, marks[i % 3])
                .map(|_| start.elapsed())
        })
        .collect::<tend::Result<Vec<_>>>()?;
    report(
        "durable tick (record_attendance + flush)",
        ticks,
        Duration::from_millis(5),
    );

    drop(tend);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

//! Letters on a long-running hub, measured (not asserted):
//!   cargo bench --bench letters
//! Ten years of weekly sessions at 20 activities (520 each), 10,000 people
//! and about 2,000,000 marks; 1,000 people referred four months ago, who
//! agreed to share, each acknowledged at the time, so a progress letter is
//! due for each (most with ONS4 measures, half of them reviewed, so the
//! letters carry their change): the queue, every letter composed and one PDF of them all,
//! end to end, in under 0.5 s.
//!
//! HUB_PEOPLE, HUB_MARKS and HUB_LETTERS make a smaller or larger hub.

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use tend::Tend;
use tend::domain::ConsentRecord;

#[path = "hub_data.rs"]
mod hub_data;
#[path = "measure.rs"]
mod measure;
use measure::{report, scratch, size};

fn main() -> tend::Result<()> {
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or(NaiveDate::MIN);
    let people = size("HUB_PEOPLE", 10_000);
    let marks = size("HUB_MARKS", 2_000_000);
    let letters = size("HUB_LETTERS", 1_000);
    let dir = scratch("letters-hub");
    let started = Instant::now();
    let mut hub = hub_data::hub_of_weeks(people, 20, 520, marks, today);
    let referred = today - Days::new(120);
    let agreed = Some(ConsentRecord {
        given: true,
        on: referred,
    });
    for person in hub.participants.iter_mut().take(letters) {
        person.details.consents.share_with_referrer = agreed;
        person.created_on = referred;
    }
    hub_data::add_referrals(&mut hub, letters);
    hub_data::add_outcomes(&mut hub, 30, today);
    let made = hub.attendance.len();
    let measures = hub.outcomes.len();
    hub_data::write_hub(&dir, &hub)?;
    drop(hub);
    println!(
        "hub: {people} people, {made} marks, {measures} outcome measures, 20 activities × 520 sessions, {letters} referred on {referred}, written in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let tend = Tend::open(&dir)?;
    let mut composing = Vec::new();
    let mut end_to_end = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let due = tend.letters_due(today)?;
        assert_eq!(due.len(), letters, "a progress letter each");
        let composed = tend.compose_letters(&due, today)?;
        composing.push(start.elapsed());
        tend.print_letters(&composed, tend::clock::now())?;
        end_to_end.push(start.elapsed());
    }
    report(
        &format!("{letters} letters due and composed, ten-year hub"),
        composing,
        Duration::from_millis(500),
    );
    report(
        &format!("{letters} letters due, composed and printed as one PDF, ten-year hub"),
        end_to_end,
        Duration::from_millis(500),
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

//! What the command line prints: backups made, progress on stderr, long
//! listings and rota proposals.

use tend::Result;
use tend::domain::dates;

/// "Made Tuesday 1 December 2026 at 11:43 by Hill Walkers".
pub(crate) fn made_words(manifest: &tend::store::Manifest) -> String {
    let local = manifest.made_at.with_timezone(&chrono::Local);
    let by = manifest
        .organisation
        .as_deref()
        .map(|name| format!(" by {name}"))
        .unwrap_or_default();
    format!(
        "Made {} at {}{by}",
        dates::long_date(local.date_naive()),
        local.format("%H:%M")
    )
}

/// Progress on stderr, one line rewritten: "Restoring… 45%".
pub(crate) fn show_progress(what: &'static str) -> impl FnMut(u64, u64) {
    let mut shown = None;
    move |done, of| {
        let percent = (done * 100).checked_div(of).unwrap_or(100).min(100);
        if shown != Some(percent) {
            shown = Some(percent);
            eprint!("\r{what}… {percent}%");
        }
    }
}

/// Prints a long listing; a reader that stops early (`| head`) is not an error.
pub(crate) fn print_lines(lines: &[String]) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for line in lines {
        match writeln!(out, "{line}") {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            other => other?,
        }
    }
    Ok(())
}

pub(crate) fn print_proposal(proposal: &tend::service::GapProposal) {
    if proposal.assignments.is_empty() && proposal.unfilled.is_empty() {
        println!(
            "No gaps in the rota from {} to {}.",
            dates::short_date(proposal.from),
            dates::short_date(proposal.to)
        );
        return;
    }
    let line = |date, time: &str, activity: &str, role: &str, who: &str| {
        println!(
            "  {} {time} {activity}: {role} – {who}",
            dates::short_date(date)
        );
    };
    println!("Proposed ({}):", proposal.assignments.len());
    for a in &proposal.assignments {
        line(
            a.date,
            &a.time,
            &a.activity_name,
            &a.role_name,
            &a.volunteer_name,
        );
    }
    if !proposal.unfilled.is_empty() {
        println!("Still gaps ({}):", proposal.unfilled.len());
        for gap in &proposal.unfilled {
            line(
                gap.date,
                &gap.time,
                &gap.activity_name,
                &gap.role_name,
                &gap.reason,
            );
        }
    }
}

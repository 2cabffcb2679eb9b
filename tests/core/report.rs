//! The period report's figures, worked out here again from the stored
//! records (the export), and on the command line exactly as the issue
//! spells it: `measure,breakdown,value`, fewer than five people as `<5`.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Months, NaiveDate};
use tend::Tend;
use tend::domain::Mark;

use crate::support::{checked_pdf_text, cli_demo, tend_cli};

/// What the CSV should say of a count of people.
fn people(n: usize) -> String {
    if n < 5 { "<5".into() } else { n.to_string() }
}

/// `tend --data DATA COMMAND --from FROM --to TO -o PDF --csv CSV` and
/// any `more`, which must succeed and say what it wrote.
fn period_cli(
    data: &std::path::Path,
    command: &str,
    (from, to): (NaiveDate, NaiveDate),
    (pdf, csv): (&std::path::Path, &std::path::Path),
    more: &[&str],
) {
    let (from, to) = (from.to_string(), to.to_string());
    let mut args = vec![
        command,
        "--from",
        &from,
        "--to",
        &to,
        "-o",
        pdf.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
    ];
    args.extend_from_slice(more);
    let (ok, out, err) = tend_cli(data, &args);
    assert!(ok, "{err}");
    assert!(out.contains("Wrote"), "{out}");
}

/// As a sentence says it.
fn in_words(n: usize) -> String {
    if n < 5 {
        "fewer than 5".into()
    } else {
        tend::domain::text::thousands(n as u64)
    }
}

#[test]
fn the_csv_holds_the_figures_the_records_give_and_the_pdf_the_same() {
    let (dir, data) = cli_demo();
    let today = tend::clock::today();
    let from = today.checked_sub_months(Months::new(3)).unwrap();
    let to = today;
    let held = Tend::open(&data)
        .unwrap()
        .export(tend::clock::now())
        .unwrap();

    let within = |d: NaiveDate| d >= from && d <= to;
    let session_day: HashMap<_, _> = held.sessions.iter().map(|s| (s.id, s)).collect();
    let referrals: Vec<_> = held
        .referrals
        .iter()
        .filter(|r| within(r.received_on))
        .collect();
    let mut by_referrer: BTreeMap<String, usize> = BTreeMap::new();
    for r in &referrals {
        let referrer = held.referrers.iter().find(|x| x.id == r.referrer).unwrap();
        let name = if referrer.details.name.is_empty() {
            referrer.details.organisation.clone()
        } else {
            referrer.details.name.clone()
        };
        *by_referrer.entry(name).or_default() += 1;
    }
    let present: Vec<_> = held
        .attendance
        .iter()
        .filter(|m| m.mark == Mark::Present)
        .collect();
    let in_period: Vec<_> = present
        .iter()
        .filter(|m| within(session_day[&m.session].date))
        .collect();
    let attending: HashSet<_> = in_period.iter().map(|m| m.participant).collect();
    let mut first: HashMap<_, NaiveDate> = HashMap::new();
    for m in &present {
        let day = session_day[&m.session].date;
        let seen = first.entry(m.participant).or_insert(day);
        *seen = (*seen).min(day);
    }
    let new_people = first.values().filter(|d| within(**d)).count();
    let sessions_held = held
        .sessions
        .iter()
        .filter(|s| within(s.date) && s.date <= today && !s.is_cancelled())
        .count();
    assert!(
        attending.len() >= 5 && sessions_held > 0,
        "the demo has a busy quarter"
    );

    let csv = dir.path().join("report.csv");
    let pdf = dir.path().join("report.pdf");
    let xlsx = dir.path().join("report.xlsx");
    period_cli(
        &data,
        "report",
        (from, to),
        (&pdf, &csv),
        &["--xlsx", xlsx.to_str().unwrap()],
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("measure,breakdown,value\r\n"), "{text}");
    let rows: HashMap<(String, String), String> = text
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.rsplitn(2, ',').collect();
            let (key, value) = (cells[1], cells[0]);
            let (measure, breakdown) = key.split_once(',').unwrap();
            (
                (measure.to_owned(), breakdown.trim_matches('"').to_owned()),
                value.to_owned(),
            )
        })
        .collect();
    let value = |measure: &str, breakdown: &str| {
        rows.get(&(measure.to_owned(), breakdown.to_owned()))
            .unwrap_or_else(|| panic!("no {measure},{breakdown} in\n{text}"))
            .clone()
    };
    assert_eq!(value("referrals_received", "all"), people(referrals.len()));
    for (name, n) in &by_referrer {
        assert_eq!(
            value("referrals_received", &format!("referrer:{name}")),
            people(*n)
        );
    }
    assert_eq!(value("people_attending", "all"), people(attending.len()));
    assert_eq!(value("attendances", "all"), people(in_period.len()));
    assert_eq!(value("new_people", "all"), people(new_people));
    assert_eq!(value("sessions_held", "all"), sessions_held.to_string());
    let women = held
        .participants
        .iter()
        .filter(|p| attending.contains(&p.id))
        .filter(|p| p.details.gender == Some(tend::domain::Gender::Female))
        .count();
    assert_eq!(value("people_attending", "gender:Female"), people(women));
    // Each person against themselves: a complete baseline, and a later
    // complete follow-up, both by the period's end.
    let complete: Vec<_> = held
        .outcomes
        .iter()
        .filter(|o| o.taken_on <= to && o.answers.ons4.is_complete())
        .collect();
    let baselines: HashMap<_, NaiveDate> = complete
        .iter()
        .filter(|o| o.stage == tend::domain::Stage::Baseline)
        .fold(HashMap::new(), |mut first, o| {
            let day = first.entry(o.participant).or_insert(o.taken_on);
            *day = (*day).min(o.taken_on);
            first
        });
    let paired = baselines
        .iter()
        .filter(|(who, began)| {
            complete.iter().any(|o| {
                o.participant == **who
                    && o.stage != tend::domain::Stage::Baseline
                    && o.taken_on > **began
            })
        })
        .count();
    assert!(
        paired >= 5,
        "the demo pairs enough people to show: {paired}"
    );
    for item in ["life_satisfaction", "worthwhile", "happiness", "anxiety"] {
        assert_eq!(value(&format!("ons4_{item}_paired"), "all"), people(paired));
        assert_eq!(
            value(&format!("ons4_{item}_baseline_only"), "all"),
            people(baselines.len() - paired)
        );
    }

    let words = checked_pdf_text(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains(&format!("People who came {}", people(attending.len()))),
        "{words}"
    );
    assert!(
        words.contains(&format!("Sessions held {sessions_held}")),
        "{words}"
    );
    // The path from referral to a third session, worked out again: a
    // referral is contacted when its status says so or the person came.
    let (mut contacted, mut came_once, mut came_thrice) = (0, 0, 0);
    for r in &referrals {
        let came = present
            .iter()
            .filter(|m| m.participant == r.participant)
            .filter(|m| session_day[&m.session].date >= r.received_on)
            .count();
        if r.status() >= tend::domain::ReferralStatus::Contacted || came > 0 {
            contacted += 1;
        }
        came_once += usize::from(came >= 1);
        came_thrice += usize::from(came >= 3);
    }
    assert!(
        words.contains(&format!(
            "Of {} people referred in this period, {} were contacted, {} came to a first session and {} to a third.",
            in_words(referrals.len()),
            in_words(contacted),
            in_words(came_once),
            in_words(came_thrice)
        )),
        "{words}"
    );
    assert!(
        words.contains(&format!("{} attendances over", people(in_period.len()))),
        "the weekly chart's finding: {words}"
    );
    assert!(
        std::fs::read(&xlsx).unwrap().starts_with(b"PK"),
        "an xlsx is a zip"
    );
}

#[test]
fn a_period_backwards_is_refused_and_an_empty_one_says_so() {
    let (dir, data) = cli_demo();
    let pdf = dir.path().join("r.pdf");
    let pdf = pdf.to_str().unwrap();
    let (ok, _, err) = tend_cli(
        &data,
        &[
            "report",
            "--from",
            "2026-06-30",
            "--to",
            "2026-04-01",
            "-o",
            pdf,
        ],
    );
    assert!(!ok);
    assert!(err.contains("before"), "{err}");
    let (ok, out, err) = tend_cli(
        &data,
        &[
            "report",
            "--from",
            "1990-01-01",
            "--to",
            "1990-03-31",
            "-o",
            pdf,
        ],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("Nothing was recorded in that period."),
        "{out}"
    );
    let words = checked_pdf_text(std::path::Path::new(pdf));
    assert!(
        words.contains("Nothing was recorded in this period"),
        "{words}"
    );
    let (ok, _, err) = tend_cli(
        &data,
        &[
            "report",
            "--from",
            "2026-02-31",
            "--to",
            "2026-03-31",
            "-o",
            pdf,
        ],
    );
    assert!(!ok);
    assert!(err.contains("--from"), "{err}");
}

#[test]
fn wellbeing_is_paired_person_by_person_and_reaches_the_reply_the_merge_and_the_erasure() {
    use tend::domain::{Ons4, Stage};
    use tend::service::NewOutcome;
    let (_dir, tend) = crate::support::open_temp();
    let today = tend::clock::today();
    let all = |n: u8| Ons4 {
        life_satisfaction: Some(n),
        worthwhile: Some(n),
        happiness: Some(n),
        anxiety: Some(n),
    };
    let take = |who, days_ago: u64, stage, ons4| {
        tend.record_outcome(
            NewOutcome {
                participant: who,
                taken_on: today - chrono::Days::new(days_ago),
                stage,
                answers: tend::domain::Answers {
                    ons4,
                    ..Default::default()
                },
            },
            today,
        )
    };
    let mut people = Vec::new();
    for n in 0..8 {
        let p = tend
            .add_participant(crate::support::person(&format!("Walker {n}")), today, true)
            .unwrap();
        take(p.id, 90, Stage::Baseline, all(4)).unwrap();
        if n < 6 {
            take(p.id, 10, Stage::Review, all(7)).unwrap();
        }
        people.push(p.id);
    }
    let eleven = Ons4 {
        anxiety: Some(11),
        ..all(5)
    };
    let refused = take(people[0], 1, Stage::Review, eleven).unwrap_err();
    assert_eq!(refused.field(), Some("ons4.anxiety"));
    // A review dated before their baseline is refused, and nothing kept.
    let early = take(people[7], 95, Stage::Review, all(8)).unwrap_err();
    assert_eq!(early.field(), Some("taken_on"));
    assert!(
        early.to_string().contains("comes after the baseline"),
        "{early}"
    );
    assert_eq!(tend.outcomes_for(people[7]).unwrap().len(), 1);

    let report = tend
        .period_report(today - chrono::Days::new(100), today, today)
        .unwrap();
    let csv = report.to_csv();
    assert!(
        csv.contains("ons4_life_satisfaction_paired,all,6\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("ons4_life_satisfaction_baseline_only,all,<5\r\n"),
        "{csv}"
    );
    // Each person's own change against the threshold (1 point): up 3 on
    // happiness is better; up 3 on anxiety is worse.
    assert!(csv.contains("ons4_happiness_better,all,6\r\n"), "{csv}");
    assert!(csv.contains("ons4_anxiety_worse,all,6\r\n"), "{csv}");
    assert!(csv.contains("ons4_anxiety_better,all,<5\r\n"), "{csv}");
    let happiness = &report.pairings[2];
    assert_eq!((happiness.paired, happiness.median_days), (6, Some(80)));
    assert_eq!(happiness.mean_after, Some(7.0));

    let reply = tend.subject_access(people[0], today).unwrap();
    assert_eq!(reply.outcomes.len(), 2);
    let json: serde_json::Value = serde_json::from_str(&reply.to_json().unwrap()).unwrap();
    assert_eq!(json["outcomes"][1]["ons4"]["life_satisfaction"], 7);

    tend.merge_people(people[0], people[6], None, today)
        .unwrap();
    assert_eq!(tend.outcomes_for(people[0]).unwrap().len(), 3);
    assert!(tend.outcomes_for(people[6]).unwrap().is_empty());
}

#[test]
fn the_health_walk_return_counts_walkers_worked_out_again_from_the_records() {
    use tend::domain::demographics::age_band;
    use tend::domain::{ActivityKind, Gender};
    let (dir, data) = cli_demo();
    let today = tend::clock::today();
    let from = today.checked_sub_months(Months::new(3)).unwrap();
    let to = today;
    let held = Tend::open(&data)
        .unwrap()
        .export(tend::clock::now())
        .unwrap();
    let within = |d: NaiveDate| d >= from && d <= to;
    let walks: HashSet<_> = held
        .activities
        .iter()
        .filter(|a| a.details.kind == ActivityKind::HealthWalk)
        .map(|a| a.id)
        .collect();
    let walk_sessions: HashMap<_, _> = held
        .sessions
        .iter()
        .filter(|s| walks.contains(&s.activity))
        .map(|s| (s.id, s))
        .collect();
    let walked: Vec<_> = held
        .attendance
        .iter()
        .filter(|m| m.mark == Mark::Present && walk_sessions.contains_key(&m.session))
        .collect();
    let walkers: HashSet<_> = walked
        .iter()
        .filter(|m| within(walk_sessions[&m.session].date))
        .map(|m| m.participant)
        .collect();
    let mut first_walk: HashMap<_, NaiveDate> = HashMap::new();
    for m in &walked {
        let day = walk_sessions[&m.session].date;
        let seen = first_walk.entry(m.participant).or_insert(day);
        *seen = (*seen).min(day);
    }
    let new_walkers = first_walk.values().filter(|d| within(**d)).count();
    let referred = held
        .referrals
        .iter()
        .filter(|r| r.received_on <= to && walkers.contains(&r.participant))
        .filter(|r| {
            let kind = held
                .referrers
                .iter()
                .find(|x| x.id == r.referrer)
                .unwrap()
                .details
                .kind;
            kind != tend::domain::ReferrerKind::SelfReferral
                && kind != tend::domain::ReferrerKind::Other
        })
        .map(|r| r.participant)
        .collect::<HashSet<_>>()
        .len();
    let women_75_to_84 = held
        .participants
        .iter()
        .filter(|p| walkers.contains(&p.id))
        .filter(|p| p.details.gender == Some(Gender::Female))
        .filter(|p| {
            p.details
                .date_of_birth
                .is_some_and(|born| age_band(born, to) == "75–84")
        })
        .count();
    assert!(walkers.len() >= 5, "the demo walks");

    let csv = dir.path().join("walks.csv");
    let pdf = dir.path().join("walks.pdf");
    period_cli(&data, "walk-return", (from, to), (&pdf, &csv), &[]);
    let text = std::fs::read_to_string(&csv).unwrap();
    let value = |measure: &str, breakdown: &str| -> String {
        let start = format!("{measure},{breakdown},");
        text.lines()
            .find_map(|l| l.strip_prefix(&start))
            .unwrap_or_else(|| panic!("no {start} in\n{text}"))
            .to_string()
    };
    assert_eq!(value("walkers", "all"), people(walkers.len()));
    assert_eq!(value("new_walkers", "all"), people(new_walkers));
    assert_eq!(
        value("walkers_referred_by_health_professional", "all"),
        people(referred)
    );
    assert_eq!(
        value("walkers", "age_band:75–84;gender:Female"),
        people(women_75_to_84)
    );
    let words = checked_pdf_text(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains(&format!(
            "Walkers (different people) {}",
            people(walkers.len())
        )),
        "{words}"
    );
}

#[test]
fn the_minimum_dataset_lists_only_people_who_agreed_to_share_in_its_four_groups() {
    let (dir, data) = cli_demo();
    let today = tend::clock::today();
    let from = today.checked_sub_months(Months::new(12)).unwrap();
    let held = Tend::open(&data)
        .unwrap()
        .export(tend::clock::now())
        .unwrap();
    let in_period: Vec<_> = held
        .referrals
        .iter()
        .filter(|r| r.received_on >= from && r.received_on <= today)
        .collect();
    let person = |id| held.participants.iter().find(|p| p.id == id);
    let sharing: Vec<_> = in_period
        .iter()
        .filter(|r| {
            person(r.participant).is_some_and(|p| p.details.consents.may_share_with_referrer())
        })
        .collect();
    let withheld: Vec<_> = in_period
        .iter()
        .filter_map(|r| person(r.participant))
        .filter(|p| !p.details.consents.may_share_with_referrer())
        .collect();
    assert!(
        !sharing.is_empty() && !withheld.is_empty(),
        "the demo has both"
    );

    let csv = dir.path().join("dataset.csv");
    let (ok, out, err) = tend_cli(
        &data,
        &[
            "dataset",
            "--from",
            &from.to_string(),
            "--to",
            &today.to_string(),
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("({} referrals)", sharing.len())),
        "{out}"
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    for group in ["demographics.", "needs.", "support.", "outcomes."] {
        assert!(header.contains(group), "{header}");
    }
    assert_eq!(lines.count(), sharing.len());
    for r in &sharing {
        assert!(
            text.contains(&r.id.to_string()),
            "referral {} missing",
            r.id
        );
    }
    for p in withheld {
        assert!(
            !text.contains(&p.details.full_name),
            "{} did not agree to share",
            p.details.full_name
        );
    }
    let (_, log, _) = tend_cli(&data, &["activity-log"]);
    assert!(log.contains("minimum dataset"), "{log}");
}

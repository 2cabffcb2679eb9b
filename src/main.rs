//! `tend`: the headless command line, for scripted use, backups and tests.

use std::process::ExitCode;

use clap::Parser;
use tend::domain::{Document, LoggedRecord, dates};
use tend::service::DataDir;
use tend::{Error, Result, Tend};

mod cli {
    pub mod args;
    pub mod output;
    pub mod unlock;
}
use cli::args::{Cli, Command};
use cli::output::{made_words, print_lines, print_proposal, show_progress};
use cli::unlock::{encrypt, given_unlock, key_for};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tend: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    if let Command::VerifyBackup { file } = &cli.command {
        let key = tend::service::unlock_backup(file, None, given_unlock)?;
        let manifest = tend::store::verify_backup(file, key.as_ref()).map_err(Error::from)?;
        println!("{}", made_words(&manifest));
        println!("{}", manifest.counts.words());
        println!("backup ok");
        return Ok(());
    }
    let dir = cli.data.ok_or_else(|| {
        Error::NotFound(
            "Say which data folder to use: tend --data DIR … (or set TEND_DATA_DIR).".into(),
        )
    })?;
    // Only these may start a new data folder; elsewhere a mistyped path
    // should say so rather than quietly open an empty one.
    let creates = matches!(
        cli.command,
        Command::Demo { .. } | Command::Import { .. } | Command::Restore { .. }
    );
    if !creates && !dir.is_dir() {
        return Err(Error::NotFound(format!(
            "There is no Tend data folder at {}.",
            dir.display()
        )));
    }
    let now = tend::clock::now();
    if let Command::Encrypt { sheet } = &cli.command {
        return encrypt(&dir, sheet, now);
    }
    // Encrypted data opens only with its passphrase or recovery key.
    let key = key_for(&dir)?;
    let dir_key = DataDir::keyed(&dir, key.as_ref());
    // These replace the folder whole, so it must not be open meanwhile.
    match &cli.command {
        Command::Restore { file, replace } => {
            let backup_key = tend::service::unlock_backup(file, key.as_ref(), given_unlock)?;
            let manifest = Tend::restore_backup_with(
                dir_key,
                file,
                backup_key.as_ref(),
                *replace,
                now,
                &mut show_progress("Restoring"),
            )?;
            eprintln!();
            println!(
                "Restored {} from {}",
                manifest.counts.words(),
                file.display()
            );
            return Ok(());
        }
        Command::Compact => {
            Tend::compact(dir_key, now)?;
            println!("Compacted {}", dir.display());
            return Ok(());
        }
        Command::ErasePerson {
            person,
            confirm,
            reason,
            by,
            anonymise,
        } => {
            let request = tend::service::ErasureRequest {
                person: tend::domain::ErasedPerson::Participant(participant_id(person)?),
                confirm: confirm.clone(),
                by: *by,
                reason: reason.clone(),
                anonymise: *anonymise,
            };
            // Brought up to the current schema (and closed) first.
            drop(Tend::open_upgrading(dir_key, now)?);
            let done = Tend::erase_in_folder(
                dir_key,
                &request,
                tend::clock::today(),
                now,
                &mut show_progress("Compacting"),
            )?;
            eprintln!();
            println!(
                "{} {person} on {}. Removed:",
                if *anonymise { "Anonymised" } else { "Erased" },
                dates::long_date(done.erasure.erased_on)
            );
            print_lines(
                &done
                    .removed
                    .iter()
                    .map(|l| format!("- {l}"))
                    .collect::<Vec<_>>(),
            )?;
            return Ok(());
        }
        Command::Import { file, replace } => {
            Tend::import_export(
                dir_key,
                file,
                *replace,
                now,
                &mut show_progress("Importing"),
            )?;
            eprintln!();
            println!("Imported {}", file.display());
            return Ok(());
        }
        _ => {}
    }
    let tend = Tend::open_upgrading(dir_key, now)?;
    let today = tend::clock::today();
    match cli.command {
        Command::Demo { replace } => {
            tend.load_demo(today, replace)?;
            println!("Demo data is ready in {}", dir.display());
        }
        Command::SignInSheet {
            activity,
            date,
            output,
            leader_copy,
        } => {
            let activity = tend.activity_named(&activity)?;
            let session =
                tend.session_on(&activity, dates::parse_date("date", "--date", &date)?)?;
            tend::files::write_atomically(&output, &tend.sign_in_sheet(session.id, now)?)?;
            tend.document_saved(
                Document::SignInSheet,
                Some(LoggedRecord::Session(session.id)),
            )?;
            println!("Wrote {}", output.display());
            if let Some(copy) = leader_copy {
                tend::files::write_atomically(&copy, &tend.leader_copy(session.id, now)?)?;
                tend.document_saved(
                    Document::LeaderCopy,
                    Some(LoggedRecord::Session(session.id)),
                )?;
                println!("Wrote the leader's copy to {}", copy.display());
            }
        }
        Command::Register {
            activity,
            from,
            to,
            output,
            csv,
        } => {
            if output.is_none() && csv.is_none() {
                return Err(Error::NotFound(
                    "Say where to write the register: -o FILE.pdf and/or --csv FILE.csv.".into(),
                ));
            }
            let activity = tend.activity_named(&activity)?;
            let from = dates::parse_date("from", "--from", &from)?;
            let to = dates::parse_date("to", "--to", &to)?;
            let register = tend.register(activity.id, from, to, today)?;
            if let Some(path) = output {
                tend::files::write_atomically(&path, &register.to_pdf(now)?)?;
                tend.document_saved(
                    Document::Register,
                    Some(LoggedRecord::Activity(activity.id)),
                )?;
                println!("Wrote {}", path.display());
            }
            if let Some(path) = csv {
                tend::files::write_atomically(&path, register.to_csv().as_bytes())?;
                tend.document_saved(
                    Document::RegisterSpreadsheet,
                    Some(LoggedRecord::Activity(activity.id)),
                )?;
                println!("Wrote {}", path.display());
            }
        }
        Command::Mark {
            activity,
            date,
            participant,
            mark,
        } => {
            let activity = tend.activity_named(&activity)?;
            let session =
                tend.session_on(&activity, dates::parse_date("date", "--date", &date)?)?;
            let person = tend.participant_named(&participant)?;
            tend.record_attendance(session.id, person.id, mark, now, today)?;
            println!("saved");
        }
        Command::ImportParticipants {
            file,
            activity,
            check,
        } => {
            let table = tend::spreadsheet::read_file(&file)?;
            let columns = tend::service::guess_columns(&table.headers);
            let activity = activity
                .map(|name| tend.activity_named(&name))
                .transpose()?;
            let run = tend::service::ImportRun {
                activity: activity.as_ref().map(|a| a.id),
                dry_run: check,
                today,
                include_look_alikes: Vec::new(),
            };
            let report = tend.import_participants(&table, &columns, &run)?;
            let verb = if check { "Would import" } else { "Imported" };
            println!(
                "{verb} {} of {} rows from {}.",
                report.imported,
                report.rows,
                file.display()
            );
            if report.already_in_tend > 0 {
                println!(
                    "{} already in Tend, left as they were.",
                    report.already_in_tend
                );
            }
            if let Some(activity) = activity {
                println!("{} enrolled in {}.", report.enrolled, activity.details.name);
            }
            if !report.look_alikes.is_empty() {
                println!(
                    "Skipped {} rows that look like someone already in Tend:",
                    report.look_alikes.len()
                );
                for row in &report.look_alikes {
                    println!("  {}", row.reason);
                }
            }
            if !report.rejected.is_empty() {
                println!("Rejected {} rows:", report.rejected.len());
                for rejected in &report.rejected {
                    println!("  {}", rejected.reason);
                }
            }
        }
        Command::Letters {
            due,
            output,
            mark_sent,
        } => {
            if !due {
                return Err(Error::NotFound(
                    "Say which letters to print: --due prints every letter that is due.".into(),
                ));
            }
            let letters = tend.compose_letters(&tend.letters_due(today)?, today)?;
            if letters.is_empty() {
                println!("No letters are due");
                return Ok(());
            }
            let pdf = tend.print_letters(&letters, now)?;
            tend::files::write_atomically(&output, &pdf)?;
            tend.document_saved(Document::Letters, None)?;
            println!("Wrote {} letters to {}", letters.len(), output.display());
            if mark_sent {
                tend.mark_letters_sent(&letters, today)?;
                println!("Marked {} letters as sent", letters.len());
            }
        }
        Command::Rota { month, output } => {
            let (first, last) = dates::parse_month("month", "--month", &month)?;
            let pdf = tend.rota_pdf(first, last, now)?;
            tend::files::write_atomically(&output, &pdf)?;
            tend.document_saved(Document::Rota, None)?;
            println!("Wrote {}", output.display());
        }
        Command::Retention { due } => {
            let review = tend.retention_review(today)?;
            let schedule = review.schedule;
            if !due {
                println!(
                    "People: {} months after their last contact; closed referrals: {} months; volunteers: {} months after they leave; DBS details: {} months after the decision.",
                    schedule.people_months,
                    schedule.closed_referrals_months,
                    schedule.volunteers_months,
                    schedule.dbs_months
                );
            }
            if schedule.confirmed_on.is_none() {
                eprintln!(
                    "This is Tend's suggested schedule: confirm it (or your own) in Settings."
                );
            }
            if due {
                if review.due.is_empty() {
                    println!("{}", review.words);
                }
                let lines: Vec<String> = review
                    .due
                    .iter()
                    .map(|d| {
                        format!(
                            "{} · last contact {} · {}",
                            d.full_name,
                            dates::short_date(d.last_contact),
                            d.participant
                        )
                    })
                    .collect();
                print_lines(&lines)?;
            }
        }
        Command::SubjectAccess {
            person,
            output,
            json,
        } => {
            let id = participant_id(&person)?;
            let reply = tend.subject_access(id, today)?;
            let record = Some(LoggedRecord::Participant(id));
            tend::files::write_atomically(&output, &reply.to_pdf(now)?)?;
            tend.document_saved(Document::SubjectAccessReply, record)?;
            println!("Wrote {}", output.display());
            if let Some(path) = json {
                tend::files::write_atomically(&path, reply.to_json()?.as_bytes())?;
                tend.document_saved(Document::SubjectAccessJson, record)?;
                println!("Wrote {}", path.display());
            }
        }
        Command::Report {
            from,
            to,
            output,
            csv,
            xlsx,
        } => {
            let from = dates::parse_date("from", "--from", &from)?;
            let to = dates::parse_date("to", "--to", &to)?;
            let report = tend.period_report(from, to, today)?;
            tend::files::write_atomically(&output, &report.to_pdf(now)?)?;
            println!("Wrote {}", output.display());
            if let Some(path) = csv {
                tend::files::write_atomically(&path, report.to_csv().as_bytes())?;
                println!("Wrote {}", path.display());
            }
            if let Some(path) = xlsx {
                tend::files::write_atomically(&path, &report.to_xlsx()?)?;
                println!("Wrote {}", path.display());
            }
            if report.empty {
                println!("Nothing was recorded in that period.");
            }
        }
        Command::WalkReturn {
            from,
            to,
            output,
            csv,
        } => {
            let from = dates::parse_date("from", "--from", &from)?;
            let to = dates::parse_date("to", "--to", &to)?;
            let walks = tend.walk_return(from, to, today)?;
            tend::files::write_atomically(&output, &walks.to_pdf(now)?)?;
            println!("Wrote {}", output.display());
            if let Some(path) = csv {
                tend::files::write_atomically(&path, walks.to_csv().as_bytes())?;
                println!("Wrote {}", path.display());
            }
            if walks.empty {
                println!("No health walk was held in that period.");
            }
        }
        Command::Dataset { from, to, output } => {
            let from = dates::parse_date("from", "--from", &from)?;
            let to = dates::parse_date("to", "--to", &to)?;
            let dataset = tend.minimum_dataset(from, to)?;
            tend::files::write_atomically(&output, dataset.csv.as_bytes())?;
            tend.document_saved(tend::domain::Document::MinimumDataset, None)?;
            println!(
                "Wrote {} ({} referrals)",
                output.display(),
                dataset.included
            );
            if dataset.left_out > 0 {
                println!(
                    "Left out {}: no consent to share with the referrer.",
                    tend::domain::text::counted(dataset.left_out as u64, "referral", "referrals")
                );
            }
        }
        Command::PaperForm { output } => {
            tend::files::write_atomically(&output, &tend.paper_form(now)?)?;
            println!("Wrote {}", output.display());
        }
        Command::ActivityLog { from, csv } => {
            let from = from
                .map(|d| dates::parse_date("from", "--from", &d))
                .transpose()?
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc());
            let lines = tend.activity_log(from, usize::MAX)?;
            if let Some(path) = csv {
                tend::files::write_atomically(&path, tend::service::log_csv(&lines).as_bytes())?;
                eprintln!("Wrote {}", path.display());
            }
            if lines.is_empty() {
                println!(
                    "Nothing in the activity log{}.",
                    if from.is_some() { " from that day" } else { "" }
                );
            }
            print_lines(
                &lines
                    .iter()
                    .map(|l| {
                        let record = l
                            .entry
                            .record
                            .map(|r| format!(" · {} {}", r.kind(), r.id()))
                            .unwrap_or_default();
                        format!(
                            "{} · {}{record}",
                            l.entry.at.format("%Y-%m-%d %H:%M"),
                            l.words
                        )
                    })
                    .collect::<Vec<_>>(),
            )?;
        }
        Command::Ics { volunteer, output } => {
            let volunteer = tend.volunteer_named(&volunteer)?;
            let ics = tend.volunteer_calendar(volunteer.id, now)?;
            tend::files::write_atomically(&output, ics.as_bytes())?;
            tend.document_saved(
                Document::RotaCalendar,
                Some(LoggedRecord::Volunteer(volunteer.id)),
            )?;
            println!("Wrote {}", output.display());
        }
        Command::FillGaps { from, to, apply } => {
            let from = dates::parse_date("from", "--from", &from)?;
            let to = dates::parse_date("to", "--to", &to)?;
            let proposal = tend.fill_gaps(from, to)?;
            print_proposal(&proposal);
            if apply {
                let saved = tend.apply_gap_proposal(&proposal.assignments)?;
                println!("Saved {saved} assignments to the rota.");
            } else if !proposal.assignments.is_empty() {
                println!("Nothing saved. Run again with --apply to put these on the rota.");
            }
        }
        Command::People { find, json } => {
            let page = tend.people_page(find.as_deref().unwrap_or(""), 0, usize::MAX)?;
            let lines: Vec<String> = if json {
                vec![
                    serde_json::to_string_pretty(&page.people)
                        .map_err(|e| Error::Document(e.to_string()))?,
                ]
            } else {
                page.people
                    .iter()
                    .map(|person| {
                        let born = person
                            .date_of_birth
                            .map(|d| format!(" · born {}", dates::short_date(d)))
                            .unwrap_or_default();
                        format!("{}{born} · {}", person.full_name, person.id)
                    })
                    .collect()
            };
            print_lines(&lines)?;
        }
        Command::MergePeople { keep, other } => {
            let report =
                tend.merge_people(participant_id(&keep)?, participant_id(&other)?, None, today)?;
            println!("{}", report.words);
            for combined in &report.marks_combined {
                println!("  Combined {combined}");
            }
        }
        Command::Export { output } => {
            tend.export_to(&output, now)?;
            tend.document_saved(Document::JsonExport, None)?;
            println!("Wrote {}", output.display());
        }
        Command::Backup { output } => {
            let manifest = tend.back_up(&output, now)?;
            println!("Backed up to {}", output.display());
            println!("{}", manifest.counts.words());
        }
        Command::Import { .. }
        | Command::Restore { .. }
        | Command::ErasePerson { .. }
        | Command::Compact
        | Command::VerifyBackup { .. }
        | Command::Encrypt { .. } => {}
    }
    Ok(())
}

fn participant_id(text: &str) -> Result<tend::domain::ParticipantId> {
    uuid::Uuid::parse_str(text.trim())
        .map(tend::domain::ParticipantId)
        .map_err(|_| {
            Error::NotFound(format!(
                "\"{}\" is not a person's id (tend people lists them).",
                text.trim()
            ))
        })
}

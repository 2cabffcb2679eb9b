//! `tend`: the headless command line, for scripted use, backups and tests.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tend::domain::{Mark, dates};
use tend::service::DataDir;
use tend::store::{KdfCost, MasterKey, StoreError, Unlock};
use tend::{Error, Result, Tend};
use zeroize::Zeroizing;

#[derive(Parser)]
#[command(
    name = "tend",
    version,
    about = "Tend from the command line: demo data, sign-in sheets, attendance, backups."
)]
struct Cli {
    /// The data folder (the same one the app uses with TEND_DATA_DIR).
    #[arg(long, value_name = "DIR", env = "TEND_DATA_DIR", global = true)]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fill the data folder with a realistic demo organisation.
    Demo {
        /// Replace whatever the folder already holds.
        #[arg(long)]
        replace: bool,
    },
    /// Print a session's sign-in sheet as a PDF.
    SignInSheet {
        #[arg(long, value_name = "NAME")]
        activity: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
    },
    /// Print an activity's attendance register for a period, as PDF and/or CSV.
    Register {
        #[arg(long, value_name = "NAME")]
        activity: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: Option<PathBuf>,
        #[arg(long, value_name = "FILE.csv")]
        csv: Option<PathBuf>,
    },
    /// Record one attendance mark; prints "saved" once it is on disk.
    Mark {
        #[arg(long, value_name = "NAME")]
        activity: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        #[arg(long, value_name = "FULL NAME")]
        participant: String,
        /// present, apologies or absent
        mark: Mark,
    },
    /// Add participants from a spreadsheet (CSV or Excel), matching columns
    /// by their headings; prints how many were imported and each rejected row.
    ImportParticipants {
        #[arg(value_name = "FILE.csv|FILE.xlsx")]
        file: PathBuf,
        /// Also enrol everyone in the file in this activity.
        #[arg(long, value_name = "NAME")]
        activity: Option<String>,
        /// Only report what would happen; save nothing.
        #[arg(long)]
        check: bool,
    },
    /// Print letters to referrers as one PDF, each starting on a new page.
    Letters {
        /// Every letter that is due today (acknowledgements, progress, closing).
        #[arg(long)]
        due: bool,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
        /// Keep the printed letters as sent today, so they are no longer due.
        #[arg(long)]
        mark_sent: bool,
    },
    /// Print the volunteer rota for a month as a PDF.
    Rota {
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
    },
    /// Write a volunteer's rota as a calendar file (.ics) to import into
    /// their own calendar; importing it again updates the same events.
    Ics {
        #[arg(long, value_name = "NAME")]
        volunteer: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.ics")]
        output: PathBuf,
    },
    /// Propose volunteers for every gap in the rota between two dates;
    /// nothing is saved unless --apply is given.
    FillGaps {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        /// Save the proposal to the rota.
        #[arg(long)]
        apply: bool,
    },
    /// List everyone, or those matching --find (case, accents, spacing and
    /// name order ignored), best match first: "Full Name · born DD/MM/YYYY · ID".
    People {
        #[arg(long, value_name = "TEXT")]
        find: Option<String>,
        /// Print a JSON array instead.
        #[arg(long)]
        json: bool,
    },
    /// Merge OTHER_ID into KEEP_ID: KEEP's value is kept wherever both have
    /// one, and every mark, spell, referral and letter moves to KEEP.
    MergePeople {
        #[arg(value_name = "KEEP_ID")]
        keep: String,
        #[arg(value_name = "OTHER_ID")]
        other: String,
    },
    /// Write everything to one readable JSON file.
    Export {
        #[arg(short = 'o', long = "output", value_name = "FILE.json")]
        output: PathBuf,
    },
    /// Load a JSON export into an empty data folder, all or nothing.
    Import {
        file: PathBuf,
        /// Replace whatever the folder already holds.
        #[arg(long)]
        replace: bool,
    },
    /// Write a backup file (compressed, with a manifest that is checked
    /// when it is read back); prints what it holds.
    Backup {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Restore a backup into an empty or new data folder, or over existing
    /// data with --replace; all or nothing.
    Restore {
        file: PathBuf,
        /// Replace whatever the folder already holds (it is kept as an
        /// automatic backup first).
        #[arg(long)]
        replace: bool,
    },
    /// Copy the data into a new folder and remove the old one, so nothing
    /// removed can still be read from the folder (Tend does this monthly).
    Compact,
    /// Read a whole backup and check it against its manifest, without
    /// touching any data; prints its date and counts and "backup ok".
    VerifyBackup { file: PathBuf },
    /// Encrypt the data with a passphrase (from the file TEND_PASSPHRASE_FILE
    /// names, or asked on a terminal) and write the Emergency sheet, which
    /// holds the recovery key, as a PDF.
    Encrypt {
        #[arg(long, value_name = "FILE.pdf")]
        sheet: PathBuf,
    },
}

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
        } => {
            let activity = tend.activity_named(&activity)?;
            let session =
                tend.session_on(&activity, dates::parse_date("date", "--date", &date)?)?;
            tend::files::write_atomically(&output, &tend.sign_in_sheet(session.id, now)?)?;
            println!("Wrote {}", output.display());
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
                println!("Wrote {}", path.display());
            }
            if let Some(path) = csv {
                tend::files::write_atomically(&path, register.to_csv().as_bytes())?;
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
            let letters = tend
                .letters_due(today)?
                .iter()
                .map(|d| tend.compose_letter(d, today))
                .collect::<Result<Vec<_>>>()?;
            if letters.is_empty() {
                println!("No letters are due");
                return Ok(());
            }
            let pdf = tend.print_letters(&letters, now)?;
            tend::files::write_atomically(&output, &pdf)?;
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
            println!("Wrote {}", output.display());
        }
        Command::Ics { volunteer, output } => {
            let volunteer = tend.volunteer_named(&volunteer)?;
            let ics = tend.volunteer_calendar(volunteer.id, now)?;
            tend::files::write_atomically(&output, ics.as_bytes())?;
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
            println!("Wrote {}", output.display());
        }
        Command::Backup { output } => {
            let manifest = tend.back_up(&output, now)?;
            println!("Backed up to {}", output.display());
            println!("{}", manifest.counts.words());
        }
        Command::Import { .. }
        | Command::Restore { .. }
        | Command::Compact
        | Command::VerifyBackup { .. }
        | Command::Encrypt { .. } => {}
    }
    Ok(())
}

/// "Made Tuesday 1 December 2026 at 11:43 by Hill Walkers".
fn made_words(manifest: &tend::store::Manifest) -> String {
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
fn show_progress(what: &'static str) -> impl FnMut(u64, u64) {
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
fn print_lines(lines: &[String]) -> Result<()> {
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

fn print_proposal(proposal: &tend::service::GapProposal) {
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

/// The passphrase or recovery key for encrypted data: read from the file
/// `TEND_PASSPHRASE_FILE` (or `TEND_RECOVERY_KEY_FILE`) names, or asked on
/// a terminal; `None` when there is neither.
fn given_unlock() -> Result<Option<Unlock>> {
    if let Some(path) = env_path("TEND_PASSPHRASE_FILE") {
        return Ok(Some(Unlock::Passphrase(read_secret(&path)?)));
    }
    if let Some(path) = env_path("TEND_RECOVERY_KEY_FILE") {
        return Ok(Some(Unlock::RecoveryKey(read_secret(&path)?)));
    }
    if std::io::stdin().is_terminal() {
        let typed = rpassword::prompt_password("Passphrase: ")?;
        return Ok(Some(Unlock::Passphrase(Zeroizing::new(typed))));
    }
    Ok(None)
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// A secret kept in a file: its first line, without the line ending.
fn read_secret(path: &Path) -> Result<Zeroizing<String>> {
    let text = Zeroizing::new(
        std::fs::read_to_string(path)
            .map_err(|e| Error::NotFound(format!("Could not read {}: {e}", path.display())))?,
    );
    Ok(Zeroizing::new(
        text.lines().next().unwrap_or_default().to_owned(),
    ))
}

/// The key of encrypted data in `dir` (none for plain data); without the
/// right passphrase, "That passphrase does not open this data."
fn key_for(dir: &Path) -> Result<Option<MasterKey>> {
    if !tend::service::is_encrypted(dir) {
        return Ok(None);
    }
    let unlock = given_unlock()?.ok_or(StoreError::WrongPassphrase)?;
    Ok(Some(tend::service::unlock(dir, &unlock)?))
}

/// `tend encrypt`: the passphrase from the file or asked twice; the
/// Emergency sheet written once the data is encrypted.
fn encrypt(dir: &Path, sheet: &Path, now: chrono::DateTime<chrono::Utc>) -> Result<()> {
    tend::service::can_encrypt(dir)?;
    if !sheet
        .parent()
        .is_none_or(|p| p.as_os_str().is_empty() || p.is_dir())
    {
        return Err(Error::NotFound(format!(
            "There is no folder for the Emergency sheet at {}.",
            sheet.display()
        )));
    }
    let (passphrase, again) = match env_path("TEND_PASSPHRASE_FILE") {
        Some(path) => (read_secret(&path)?, read_secret(&path)?),
        None if std::io::stdin().is_terminal() => (
            Zeroizing::new(rpassword::prompt_password("New passphrase: ")?),
            Zeroizing::new(rpassword::prompt_password("The same again: ")?),
        ),
        None => {
            return Err(Error::NotFound(
                "Give the new passphrase in a file named by TEND_PASSPHRASE_FILE, or run this on a terminal.".into(),
            ));
        }
    };
    let plan = tend::service::EncryptionPlan::new(&passphrase, &again, KdfCost::STANDARD)?;
    // The sheet is written first: the recovery key is never lost.
    let pdf = Tend::open(dir)?.emergency_sheet(&plan, tend::clock::today(), now)?;
    tend::files::write_atomically(sheet, &pdf)?;
    Tend::encrypt(dir, plan, now)?;
    println!("Encrypted the data in {}.", dir.display());
    println!(
        "Wrote the Emergency sheet to {}: print it and keep it away from this computer.",
        sheet.display()
    );
    Ok(())
}

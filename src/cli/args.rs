//! The command line's arguments: every command, its options, and the help
//! each shows.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use tend::domain::{Mark, StaffRole};

#[derive(Parser)]
#[command(
    name = "tend",
    version,
    about = "Tend from the command line: demo data, sign-in sheets, attendance, backups."
)]
pub(crate) struct Cli {
    /// The data folder (the same one the app uses with TEND_DATA_DIR).
    #[arg(long, value_name = "DIR", env = "TEND_DATA_DIR", global = true)]
    pub(crate) data: Option<PathBuf>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
        /// Also the leader's copy (confidential: emergency contacts and
        /// what the leader should know).
        #[arg(long = "leader-copy", value_name = "FILE.pdf")]
        leader_copy: Option<PathBuf>,
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
    /// The retention schedule; with --due, everyone past the date it sets,
    /// one a line with their last contact.
    Retention {
        #[arg(long)]
        due: bool,
    },
    /// The figures for a period, for funders and commissioners: a PDF to
    /// send, and the same figures as CSV (`measure,breakdown,value`) or an
    /// Excel workbook.
    Report {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
        #[arg(long, value_name = "FILE.csv")]
        csv: Option<PathBuf>,
        #[arg(long, value_name = "FILE.xlsx")]
        xlsx: Option<PathBuf>,
    },
    /// The quarterly health-walk return: walks held, walkers, new walkers,
    /// those referred by a health professional, walkers by age band and
    /// gender; a PDF, and the same as CSV (`measure,breakdown,value`).
    WalkReturn {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
        #[arg(long, value_name = "FILE.csv")]
        csv: Option<PathBuf>,
    },
    /// The period's referrals as the PRSB minimum dataset (CSV), only for
    /// people who agreed to share with their referrer.
    Dataset {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.csv")]
        output: PathBuf,
    },
    /// The large-print paper form of the outcome measures, for a person to
    /// fill in themselves.
    PaperForm {
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
    },
    /// The activity log: what was done, when and to which record (by id),
    /// never the values; newest first.
    ActivityLog {
        /// Only entries from this day on.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// Also write it as a CSV file.
        #[arg(long, value_name = "FILE.csv")]
        csv: Option<PathBuf>,
    },
    /// Everything held about one person (a subject access reply), as a PDF
    /// to send them and, with --json, as a machine-readable file.
    SubjectAccess {
        /// The person's id (`tend people` lists them).
        #[arg(value_name = "PERSON_ID")]
        person: String,
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
        #[arg(long, value_name = "FILE.json")]
        json: Option<PathBuf>,
    },
    /// Erase a person on request: every personal field everywhere goes,
    /// their attendance stays only as anonymous headcounts, and the data
    /// is compacted so nothing of theirs is left in its files.
    ErasePerson {
        /// The person's id (`tend people` lists them).
        #[arg(value_name = "PERSON_ID")]
        person: String,
        /// Their full name, exactly as Tend holds it.
        #[arg(long, value_name = "FULL NAME")]
        confirm: String,
        /// Why (kept after they are erased, so it must not name them).
        #[arg(long, default_value = "Asked to be erased")]
        reason: String,
        /// Who is doing it: coordinator, staff-member,
        /// volunteer-coordinator or data-protection-lead.
        #[arg(long, default_value = "coordinator")]
        by: StaffRole,
        /// Anonymise instead, for someone past the retention date who is
        /// still counted in reports: their age band, postcode district,
        /// activities and dates attended and referrals' dates and
        /// outcomes stay; nothing that identifies them.
        #[arg(long)]
        anonymise: bool,
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

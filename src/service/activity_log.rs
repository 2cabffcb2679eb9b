//! The activity log as the window, the command line and a CSV file read
//! it: the whole organisation's, or one person's. Entries are written by
//! the store beside each change (`LogEntry`); documents saved and backups
//! made are logged here.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::Tend;
use crate::Result;
use crate::docs::csv::line;
use crate::domain::{Document, LogEntry, LoggedAction, LoggedRecord, ParticipantId};

/// The most entries the window shows at once.
pub const LOG_PAGE: usize = 500;

/// One entry as it is shown: its words and the record's kind and id.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LogLine {
    pub entry: LogEntry,
    /// "Details corrected (Name, Phone)".
    pub words: String,
}

impl Tend {
    /// Entries made at `from` or later, newest first (at most `limit`).
    pub fn activity_log(&self, from: Option<DateTime<Utc>>, limit: usize) -> Result<Vec<LogLine>> {
        Ok(self
            .store
            .log_entries(from, limit)?
            .into_iter()
            .map(|entry| LogLine {
                words: entry.words(),
                entry,
            })
            .collect())
    }

    /// Everything logged about one person, newest first.
    pub fn person_log(&self, person: ParticipantId) -> Result<Vec<LogLine>> {
        let wanted = Some(LoggedRecord::Participant(person));
        Ok(self
            .activity_log(None, usize::MAX)?
            .into_iter()
            .filter(|line| line.entry.record == wanted)
            .collect())
    }

    /// Notes that a document naming people was saved or printed.
    pub fn document_saved(&self, document: Document, record: Option<LoggedRecord>) -> Result<()> {
        let entry =
            LogEntry::new(LoggedAction::DocumentSaved, record).with_fields([document.name()]);
        Ok(self.store.append_log(&entry)?)
    }
}

/// The log as CSV: `when,what,record_kind,record_id,fields,by` — a row an
/// entry, times in UTC (RFC 3339), no personal values anywhere.
pub fn log_csv(lines: &[LogLine]) -> String {
    let mut out = line(["when", "what", "record_kind", "record_id", "fields", "by"]);
    for logged in lines {
        let e = &logged.entry;
        let cells = [
            e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            e.action.words().to_string(),
            e.record.map(|r| r.kind().to_string()).unwrap_or_default(),
            e.record.map(LoggedRecord::id).unwrap_or_default(),
            e.fields.join("; "),
            e.by.map(|r| r.label().to_string()).unwrap_or_default(),
        ];
        out.push_str(&line(cells.iter().map(String::as_str)));
    }
    out
}

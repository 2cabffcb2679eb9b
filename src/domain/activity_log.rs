//! A record of who did what, which never holds the values themselves:
//! when, what kind of thing was done, to which record (by its random id)
//! and which fields — field names and words from Tend's own fixed list,
//! never anything a person typed. Append only; written in the same
//! transaction as the change it records.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::{AccessRequestId, ActivityId, LogEntryId, ParticipantId, SessionId, VolunteerId};
use super::staff_role::StaffRole;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LoggedAction {
    PersonAdded,
    DetailsCorrected,
    ConsentChanged,
    RecordsMerged,
    KeptPastRetention,
    OutcomeRecorded,
    JoinedActivity,
    LeftActivity,
    ReferralStatusChanged,
    ReferralNotesChanged,
    Erased,
    Anonymised,
    AccessRequestRecorded,
    AccessRequestExtended,
    AccessRequestAnswered,
    /// A document naming people saved or printed (`detail` says which).
    DocumentSaved,
    BackedUp,
    Restored,
    VolunteerAdded,
    VolunteerChanged,
    BuddyChosen,
}

impl LoggedAction {
    pub fn words(self) -> &'static str {
        match self {
            LoggedAction::PersonAdded => "Person added",
            LoggedAction::DetailsCorrected => "Details corrected",
            LoggedAction::ConsentChanged => "Consent recorded",
            LoggedAction::RecordsMerged => "Two records merged",
            LoggedAction::KeptPastRetention => "Kept past the retention date",
            LoggedAction::OutcomeRecorded => "Outcome measure recorded",
            LoggedAction::JoinedActivity => "Joined an activity",
            LoggedAction::LeftActivity => "Left an activity",
            LoggedAction::ReferralStatusChanged => "Referral status changed",
            LoggedAction::ReferralNotesChanged => "Referral notes changed",
            LoggedAction::Erased => "Erased",
            LoggedAction::Anonymised => "Anonymised",
            LoggedAction::AccessRequestRecorded => "Subject access request recorded",
            LoggedAction::AccessRequestExtended => "Subject access request extended",
            LoggedAction::AccessRequestAnswered => "Subject access request answered",
            LoggedAction::DocumentSaved => "Document saved",
            LoggedAction::BackedUp => "Backup made",
            LoggedAction::Restored => "Data restored",
            LoggedAction::VolunteerAdded => "Volunteer added",
            LoggedAction::BuddyChosen => "Buddy chosen for a first session",
            LoggedAction::VolunteerChanged => "Volunteer changed",
        }
    }
}

/// The record an entry is about, by id only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[ts(export)]
pub enum LoggedRecord {
    Participant(ParticipantId),
    Volunteer(VolunteerId),
    Activity(ActivityId),
    Session(SessionId),
    AccessRequest(AccessRequestId),
}

impl LoggedRecord {
    pub fn kind(self) -> &'static str {
        match self {
            LoggedRecord::Participant(_) => "participant",
            LoggedRecord::Volunteer(_) => "volunteer",
            LoggedRecord::Activity(_) => "activity",
            LoggedRecord::Session(_) => "session",
            LoggedRecord::AccessRequest(_) => "access_request",
        }
    }

    pub fn id(self) -> String {
        match self {
            LoggedRecord::Participant(id) => id.to_string(),
            LoggedRecord::Volunteer(id) => id.to_string(),
            LoggedRecord::Activity(id) => id.to_string(),
            LoggedRecord::Session(id) => id.to_string(),
            LoggedRecord::AccessRequest(id) => id.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LogEntry {
    pub id: LogEntryId,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub action: LoggedAction,
    #[serde(default)]
    pub record: Option<LoggedRecord>,
    /// Which fields changed ("full_name", "phone"), or which document or
    /// consent: names from Tend's own list, never a value.
    #[serde(default)]
    pub fields: Vec<String>,
    /// The role that did it, where Tend asked (an erasure).
    #[serde(default)]
    pub by: Option<StaffRole>,
}

impl LogEntry {
    /// An entry stamped with the moment its id was made (a UUID v7 holds
    /// its time, as every record's id does).
    pub fn new(action: LoggedAction, record: Option<LoggedRecord>) -> Self {
        let id = LogEntryId::new();
        let at =
            id.0.get_timestamp()
                .and_then(|t| {
                    let (secs, nanos) = t.to_unix();
                    DateTime::from_timestamp(i64::try_from(secs).ok()?, nanos)
                })
                .unwrap_or_default();
        Self {
            id,
            at,
            action,
            record,
            fields: Vec::new(),
            by: None,
        }
    }

    pub fn about_person(action: LoggedAction, person: ParticipantId) -> Self {
        Self::new(action, Some(LoggedRecord::Participant(person)))
    }

    pub fn with_fields<S: Into<String>>(self, fields: impl IntoIterator<Item = S>) -> Self {
        Self {
            fields: fields.into_iter().map(Into::into).collect(),
            ..self
        }
    }

    pub fn by(self, role: StaffRole) -> Self {
        Self {
            by: Some(role),
            ..self
        }
    }

    /// "Details corrected (full_name, phone)".
    pub fn words(&self) -> String {
        let mut words = self.action.words().to_string();
        if !self.fields.is_empty() {
            words.push_str(&format!(" ({})", self.fields.join(", ")));
        }
        if let Some(role) = self.by {
            words.push_str(&format!(", by the {}", role.label().to_lowercase()));
        }
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_says_what_was_done_and_to_which_fields_only() {
        let entry = LogEntry::about_person(LoggedAction::DetailsCorrected, ParticipantId::new())
            .with_fields(["full_name", "phone"]);
        assert_eq!(entry.words(), "Details corrected (full_name, phone)");
        let erased = LogEntry::about_person(LoggedAction::Erased, ParticipantId::new())
            .by(StaffRole::DataProtectionLead);
        assert_eq!(erased.words(), "Erased, by the data protection lead");
        let later = LogEntry::new(LoggedAction::BackedUp, None);
        assert!(
            later.at >= entry.at && later.id > entry.id,
            "entries sort by time"
        );
    }
}

/// A document that names people, as the activity log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    SignInSheet,
    LeaderCopy,
    Register,
    RegisterSpreadsheet,
    Letters,
    Rota,
    RotaCalendar,
    SubjectAccessReply,
    SubjectAccessJson,
    JsonExport,
    MinimumDataset,
}

impl Document {
    pub fn name(self) -> &'static str {
        match self {
            Document::SignInSheet => "sign-in sheet",
            Document::LeaderCopy => "leader's copy (confidential)",
            Document::Register => "register",
            Document::RegisterSpreadsheet => "register for a spreadsheet",
            Document::Letters => "letters",
            Document::Rota => "rota",
            Document::RotaCalendar => "calendar file",
            Document::MinimumDataset => "minimum dataset",
            Document::SubjectAccessReply => "subject access reply (PDF)",
            Document::SubjectAccessJson => "subject access reply (JSON)",
            Document::JsonExport => "JSON export of everything",
        }
    }
}

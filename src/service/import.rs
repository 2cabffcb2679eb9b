//! Participants from a spreadsheet: which column holds what, a dry run that
//! says what would happen row by row, and the import itself — all good rows
//! saved together, bad rows reported with their number and reason, people
//! already in Tend left as they are.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::dates::parse_date;
use crate::domain::names::FoldedName;
use crate::domain::{
    ActivityId, EmergencyContact, Enrolment, NhsNumber, Participant, ParticipantDetails,
    ParticipantId, ValidationError,
};
use crate::domain::{LogEntry, LoggedAction};
use crate::spreadsheet::{Row, Table};
use crate::{Result, Tend};

/// What a spreadsheet column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Name,
    FirstName,
    Surname,
    PreferredName,
    DateOfBirth,
    Phone,
    Email,
    Address,
    Postcode,
    EmergencyContact,
    NhsNumber,
    /// When they joined the activity they are imported into.
    JoinedOn,
}

impl Column {
    /// The column a heading names, the way spreadsheets word it, ignoring
    /// case, spaces and punctuation ("D.O.B.", "Mobile no", "Address line 1").
    pub fn from_heading(heading: &str) -> Option<Column> {
        let key: String = heading
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let key = key.trim_end_matches(|c: char| c.is_ascii_digit());
        Some(match key {
            "name" | "fullname" | "participant" | "participantname" | "clientname" => Column::Name,
            "firstname" | "forename" | "forenames" | "givenname" | "first" => Column::FirstName,
            "surname" | "lastname" | "familyname" | "last" => Column::Surname,
            "preferredname" | "knownas" => Column::PreferredName,
            "dateofbirth" | "dob" | "birthdate" | "birthday" => Column::DateOfBirth,
            "phone" | "mobile" | "telephone" | "tel" | "phonenumber" | "mobilenumber"
            | "mobileno" | "telephonenumber" | "telno" => Column::Phone,
            "email" | "emailaddress" => Column::Email,
            "address" | "addressline" | "street" | "town" => Column::Address,
            "postcode" | "postalcode" => Column::Postcode,
            "emergencycontact" | "ice" | "nextofkin" => Column::EmergencyContact,
            "nhsnumber" | "nhsno" | "nhs" => Column::NhsNumber,
            "joined" | "joinedon" | "datejoined" | "joindate" | "startdate" | "started"
            | "membersince" | "enrolled" | "enrolledon" | "dateenrolled" => Column::JoinedOn,
            _ => return None,
        })
    }
}

/// A column choice for every heading, guessed from the headings.
pub fn guess_columns(headers: &[String]) -> Vec<Option<Column>> {
    headers.iter().map(|h| Column::from_heading(h)).collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RejectedRow {
    pub row: usize,
    pub reason: String,
}

/// What an import did, or — for a dry run — would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    /// Rows of people read (not counting the heading row or blank rows).
    pub rows: usize,
    pub imported: usize,
    /// Rows for people Tend already has (same NHS number, or same name and
    /// date of birth), including repeats within the file.
    pub already_in_tend: usize,
    /// People enrolled in the chosen activity, new or already in Tend: from
    /// the date in the "Joined on" column, or today.
    pub enrolled: usize,
    pub rejected: Vec<RejectedRow>,
    /// Rows that look like someone already in Tend, not imported unless
    /// ticked: "Row 4: Possibly already in Tend as Zoë Ní Bhriain, born 14/06/1951".
    pub look_alikes: Vec<RejectedRow>,
}

/// How to run an import: into which activity, whether only to check, and
/// which look-alike rows the person ticked to import all the same.
#[derive(Debug, Clone)]
pub struct ImportRun {
    pub activity: Option<ActivityId>,
    pub dry_run: bool,
    pub today: NaiveDate,
    pub include_look_alikes: Vec<usize>,
}

/// A row turned into a participant's details, or the reason it cannot be.
/// One good row: the person, and when they joined if the sheet says.
struct RowPerson {
    details: ParticipantDetails,
    joined_on: Option<NaiveDate>,
}

fn person_of(
    row: &Row,
    columns: &[Option<Column>],
    width: usize,
    today: NaiveDate,
) -> std::result::Result<RowPerson, String> {
    if row.cells.len() > width {
        return Err(format!(
            "it has {} values but there are {width} column headings (a comma inside a value needs quotes around the value)",
            row.cells.len()
        ));
    }
    let values = |wanted: Column| {
        columns
            .iter()
            .enumerate()
            .filter(move |(_, c)| **c == Some(wanted))
            .map(|(i, _)| row.cell(i))
            .filter(|v| !v.is_empty())
    };
    let first = |wanted: Column| values(wanted).next().unwrap_or("").to_owned();
    let mut full_name = first(Column::Name);
    if full_name.is_empty() {
        full_name = [first(Column::FirstName), first(Column::Surname)]
            .join(" ")
            .trim()
            .to_owned();
    }
    if full_name.is_empty() {
        return Err("it has no name".into());
    }
    let date_of_birth = match first(Column::DateOfBirth).as_str() {
        "" => None,
        text => Some(parse_date("date_of_birth", "Date of birth", text).map_err(reason)?),
    };
    let nhs_number = match first(Column::NhsNumber).as_str() {
        "" => None,
        text => Some(NhsNumber::parse(text).map_err(reason)?),
    };
    let joined_on = match first(Column::JoinedOn).as_str() {
        "" => None,
        text => match parse_date("joined_on", "Joining date", text).map_err(reason)? {
            date if date > today => return Err("the joining date is in the future".into()),
            date => Some(date),
        },
    };
    let (contact_name, contact_phone) = split_contact(&first(Column::EmergencyContact));
    let details = ParticipantDetails {
        full_name,
        preferred_name: first(Column::PreferredName),
        date_of_birth,
        nhs_number,
        address: values(Column::Address).collect::<Vec<_>>().join("\n"),
        postcode: first(Column::Postcode),
        phone: first(Column::Phone),
        email: first(Column::Email),
        emergency_contact: EmergencyContact {
            name: contact_name,
            relationship: String::new(),
            phone: contact_phone,
        },
        ..ParticipantDetails::default()
    }
    .validated(today)
    .map_err(reason)?;
    Ok(RowPerson { details, joined_on })
}

fn reason(e: ValidationError) -> String {
    let message = e.message.trim_end_matches('.');
    // "Date of birth must…" reads on after "Row 3:" as "date of birth must…";
    // "NHS number…" keeps its capitals.
    let mut chars = message.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => first
            .to_lowercase()
            .chain(message.chars().skip(1))
            .collect(),
        _ => message.to_owned(),
    }
}

/// "Jane Smith 07700 900123" → ("Jane Smith", "07700 900123").
fn split_contact(text: &str) -> (String, String) {
    match text.find(|c: char| c.is_ascii_digit() || c == '+') {
        Some(at)
            if text[at..]
                .chars()
                .all(|c| c.is_ascii_digit() || " +-()".contains(c)) =>
        {
            (
                text[..at]
                    .trim()
                    .trim_end_matches([',', '-'])
                    .trim()
                    .to_owned(),
                text[at..].trim().to_owned(),
            )
        }
        _ => (text.to_owned(), String::new()),
    }
}

/// Who a participant is, for telling whether a row is someone Tend has:
/// the NHS number, or the name by the one name rule with the date of birth
/// (or phone).
fn identity(details: &ParticipantDetails) -> String {
    match &details.nhs_number {
        Some(nhs) => format!("nhs:{}", nhs.spaced()),
        None => format!(
            "{}|{}",
            FoldedName::new(&details.full_name).key(),
            details
                .date_of_birth
                .map(|d| d.to_string())
                .unwrap_or_else(|| details.phone.chars().filter(char::is_ascii_digit).collect())
        ),
    }
}

impl Tend {
    /// Reads the rows against the column choices and, unless `dry_run`,
    /// saves every good new row and enrolment in one transaction.
    pub fn import_participants(
        &self,
        table: &Table,
        columns: &[Option<Column>],
        run: &ImportRun,
    ) -> Result<ImportReport> {
        let ImportRun {
            activity,
            dry_run,
            today,
            ..
        } = *run;
        let named = |c: Column| columns.contains(&Some(c));
        if ![Column::Name, Column::FirstName, Column::Surname]
            .into_iter()
            .any(named)
        {
            return Err(ValidationError::new(
                "columns",
                "Choose the column that holds the name (or the first name and surname columns).",
            )
            .into());
        }
        if let Some(activity) = activity {
            self.activity(activity)?;
        }
        let existing = self.participants()?;
        let mut known: std::collections::HashMap<String, ParticipantId> = existing
            .iter()
            .flat_map(|p| {
                let by_name = ParticipantDetails {
                    nhs_number: None,
                    ..p.details.clone()
                };
                [(identity(&p.details), p.id), (identity(&by_name), p.id)]
            })
            .collect();
        // Who is enrolled now, and when anyone who left did, so a new spell
        // never starts inside an earlier one.
        let mut enrolled: HashSet<ParticipantId> = HashSet::new();
        let mut last_left: HashMap<ParticipantId, NaiveDate> = HashMap::new();
        if let Some(a) = activity {
            for e in self.enrolments_of(a)? {
                match e.left_on {
                    None => {
                        enrolled.insert(e.participant);
                    }
                    Some(left) => {
                        let latest = last_left.entry(e.participant).or_insert(left);
                        *latest = (*latest).max(left);
                    }
                }
            }
        }

        let mut report = ImportReport {
            rows: table.rows.len(),
            imported: 0,
            already_in_tend: 0,
            enrolled: 0,
            rejected: Vec::new(),
            look_alikes: Vec::new(),
        };
        let mut people = Vec::new();
        let mut to_enrol: Vec<(ParticipantId, NaiveDate)> = Vec::new();
        for row in &table.rows {
            let RowPerson { details, joined_on } =
                match person_of(row, columns, table.headers.len(), today) {
                    Ok(person) => person,
                    Err(why) => {
                        report.rejected.push(RejectedRow {
                            row: row.number,
                            reason: format!("Row {}: {why}.", row.number),
                        });
                        continue;
                    }
                };
            let id = match known.get(&identity(&details)) {
                Some(id) => {
                    report.already_in_tend += 1;
                    *id
                }
                None => {
                    let alike = self.look_alikes(&details, None)?;
                    if let Some(first) = alike.first()
                        && !run.include_look_alikes.contains(&row.number)
                    {
                        report.look_alikes.push(RejectedRow {
                            row: row.number,
                            reason: format!("Row {}: {}", row.number, first.words),
                        });
                        continue;
                    }
                    let person = Participant {
                        id: ParticipantId::new(),
                        details,
                        created_on: today,
                        history: Vec::new(),
                    };
                    known.insert(identity(&person.details), person.id);
                    report.imported += 1;
                    let id = person.id;
                    people.push(person);
                    id
                }
            };
            if activity.is_some() && enrolled.insert(id) {
                let joined = joined_on.unwrap_or(today);
                let after_leaving = last_left.get(&id).map_or(joined, |left| joined.max(*left));
                to_enrol.push((id, after_leaving));
            }
        }
        report.enrolled = to_enrol.len();
        if !dry_run {
            let enrolments: Vec<Enrolment> = match activity {
                Some(activity) => to_enrol
                    .into_iter()
                    .map(|(participant, joined_on)| Enrolment {
                        activity,
                        participant,
                        joined_on,
                        left_on: None,
                        buddy: None,
                    })
                    .collect(),
                None => Vec::new(),
            };
            let log: Vec<LogEntry> = people
                .iter()
                .map(|p| {
                    LogEntry::about_person(LoggedAction::PersonAdded, p.id)
                        .with_fields(["from a spreadsheet"])
                })
                .collect();
            self.store.add_people(&people, &enrolments, &[], &log)?;
            self.people_changed(&people, &[]);
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_spreadsheets_use_are_recognised() {
        let guess = |h: &str| Column::from_heading(h);
        assert_eq!(guess("First name"), Some(Column::FirstName));
        assert_eq!(guess("SURNAME"), Some(Column::Surname));
        assert_eq!(guess("D.O.B."), Some(Column::DateOfBirth));
        assert_eq!(guess("Mobile"), Some(Column::Phone));
        assert_eq!(guess("Address line 2"), Some(Column::Address));
        assert_eq!(guess("NHS No."), Some(Column::NhsNumber));
        assert_eq!(guess("Favourite colour"), None);
    }

    #[test]
    fn an_emergency_contact_with_a_number_is_split() {
        assert_eq!(
            split_contact("Jane Smith, 07700 900123"),
            ("Jane Smith".to_owned(), "07700 900123".to_owned())
        );
        assert_eq!(
            split_contact("Jane (daughter)"),
            ("Jane (daughter)".to_owned(), String::new())
        );
    }
}

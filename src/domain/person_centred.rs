//! The organisation's own lists for the person-centred record: the needs
//! people are referred with, the barriers to coming, and the benefits they
//! report. Each starts from the Keynsham evaluation and the usual barriers,
//! is the organisation's to change, and each entry has room for a SNOMED CT
//! code for when a public code set exists.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::names::FoldedName;
use super::text::{self, LINE_MAX};
use super::validation::{Validated, ValidationError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListEntry {
    pub label: String,
    /// A SNOMED CT concept id, when one is chosen; empty until then.
    #[serde(default)]
    pub snomed: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonCentredLists {
    pub needs: Vec<ListEntry>,
    pub barriers: Vec<ListEntry>,
    pub benefits: Vec<ListEntry>,
}

fn entries(labels: &[&str]) -> Vec<ListEntry> {
    labels
        .iter()
        .map(|label| ListEntry {
            label: (*label).into(),
            snomed: String::new(),
        })
        .collect()
}

impl Default for PersonCentredLists {
    fn default() -> Self {
        PersonCentredLists {
            needs: entries(&[
                "Lacking social networks",
                "Isolation",
                "Low mood",
                "Loneliness",
                "Anxiety",
                "Fear of the outside world",
                "Low confidence or self-esteem",
                "Lacking purpose",
                "Few hobbies or interests",
                "Living alone",
            ]),
            barriers: entries(&[
                "Transport",
                "Childcare",
                "Cost",
                "Energy levels that vary",
                "Mobility",
                "Confidence",
                "Language",
                "Caring duties",
            ]),
            benefits: entries(&[
                "New friends",
                "New skills",
                "Confidence",
                "Fitness",
                "Purpose in life",
                "Volunteering",
                "Helping the community",
                "Healthier lifestyle",
                "Better mental health",
                "Less need of the GP",
                "New hobbies",
            ]),
        }
    }
}

/// The most entries a list keeps.
pub const MOST_ENTRIES: usize = 60;

fn checked(field: &str, list: Vec<ListEntry>) -> Validated<Vec<ListEntry>> {
    if list.len() > MOST_ENTRIES {
        return Err(ValidationError::new(
            field,
            format!("A list keeps at most {MOST_ENTRIES} entries."),
        ));
    }
    let mut kept: Vec<ListEntry> = Vec::with_capacity(list.len());
    for (i, entry) in list.into_iter().enumerate() {
        let at = format!("{field}.{i}");
        let label = text::required(&at, "An entry", &entry.label, LINE_MAX)?;
        let snomed = entry.snomed.trim().to_string();
        let is_code =
            (6..=18).contains(&snomed.len()) && snomed.chars().all(|c| c.is_ascii_digit());
        if !snomed.is_empty() && !is_code {
            return Err(ValidationError::new(
                &at,
                "A SNOMED CT code is 6 to 18 digits, or left empty.",
            ));
        }
        let folded = FoldedName::new(&label);
        if kept.iter().any(|k| FoldedName::new(&k.label) == folded) {
            return Err(ValidationError::new(
                &at,
                format!("\u{201c}{label}\u{201d} is in the list twice."),
            ));
        }
        kept.push(ListEntry { label, snomed });
    }
    Ok(kept)
}

impl PersonCentredLists {
    pub fn validated(self) -> Validated<Self> {
        Ok(PersonCentredLists {
            needs: checked("lists.needs", self.needs)?,
            barriers: checked("lists.barriers", self.barriers)?,
            benefits: checked("lists.benefits", self.benefits)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_refuses_an_empty_entry_a_twin_and_a_code_that_is_not_snomed() {
        assert!(PersonCentredLists::default().validated().is_ok());
        let mut lists = PersonCentredLists::default();
        lists.needs.push(ListEntry {
            label: "living ALONE".into(),
            snomed: String::new(),
        });
        assert_eq!(lists.validated().unwrap_err().field, "lists.needs.10");
        let mut lists = PersonCentredLists::default();
        lists.barriers[0].label = "  ".into();
        assert_eq!(lists.validated().unwrap_err().field, "lists.barriers.0");
        let mut lists = PersonCentredLists::default();
        lists.benefits[1].snomed = "12ab".into();
        assert_eq!(lists.validated().unwrap_err().field, "lists.benefits.1");
        let mut lists = PersonCentredLists::default();
        lists.benefits[1].snomed = "1156891000000104".into();
        assert!(lists.validated().is_ok());
    }
}

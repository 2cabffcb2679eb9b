//! A referrer: a person at a GP practice, link-worker service, mental health
//! team… who sends people to the group, and who gets letters back.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::ReferrerId;
use super::text::{self, LINE_MAX, NAME_MAX};
use super::validation::{Validated, ValidationError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Referrer {
    pub id: ReferrerId,
    #[serde(flatten)]
    pub details: ReferrerDetails,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReferrerDetails {
    /// The person ("Dr Siân Evans"); may be empty for a service as a whole.
    pub name: String,
    #[serde(default)]
    pub role: String,
    pub organisation: String,
    pub kind: ReferrerKind,
    /// The NHS ODS code of a GP practice ("W91000").
    #[serde(default)]
    pub ods_code: String,
    /// Postal address without the postcode, one line per line.
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ReferrerKind {
    #[default]
    GpPractice,
    LinkWorker,
    MentalHealthTeam,
    SelfReferral,
    Other,
}

impl ReferrerKind {
    /// A GP practice, a link worker or a mental health team: "referred by
    /// a health professional", as Walking for Health counts it.
    pub fn is_health_professional(self) -> bool {
        matches!(
            self,
            ReferrerKind::GpPractice | ReferrerKind::LinkWorker | ReferrerKind::MentalHealthTeam
        )
    }
}

impl ReferrerDetails {
    pub fn validated(self) -> Validated<Self> {
        let name = text::optional("name", "Name", &self.name, NAME_MAX)?;
        let organisation =
            text::optional("organisation", "Organisation", &self.organisation, LINE_MAX)?;
        if name.is_empty() && organisation.is_empty() {
            return Err(ValidationError::new(
                "name",
                "Give the referrer's name, their organisation, or both.",
            ));
        }
        let ods_code = text::optional("ods_code", "ODS code", &self.ods_code, 10)?.to_uppercase();
        if !ods_code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ValidationError::new(
                "ods_code",
                "An ODS code is letters and digits only, such as W91000.",
            ));
        }
        Ok(Self {
            name,
            role: text::optional("role", "Role", &self.role, LINE_MAX)?,
            organisation,
            kind: self.kind,
            ods_code,
            address: text::note("address", "Address", &self.address, 500)?,
            postcode: text::optional("postcode", "Postcode", &self.postcode, 10)?.to_uppercase(),
            email: text::optional("email", "Email", &self.email, LINE_MAX)?,
            phone: text::optional("phone", "Phone", &self.phone, 40)?,
        })
    }

    /// "Dr Siân Evans, Abermill Surgery" — how lists and letters name them.
    /// How a report names them: their name, or their organisation when
    /// they have none (as for a self-referral).
    pub fn report_name(&self) -> String {
        if self.name.trim().is_empty() {
            self.organisation.clone()
        } else {
            self.name.clone()
        }
    }

    pub fn display_name(&self) -> String {
        match (self.name.is_empty(), self.organisation.is_empty()) {
            (false, false) => format!("{}, {}", self.name, self.organisation),
            (false, true) => self.name.clone(),
            _ => self.organisation.clone(),
        }
    }

    /// The lines of the address block on an envelope.
    pub fn address_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.name.is_empty() {
            lines.push(self.name.clone());
        }
        if !self.role.is_empty() && !self.name.is_empty() {
            lines[0] = format!("{}, {}", self.name, self.role);
        }
        if !self.organisation.is_empty() {
            lines.push(self.organisation.clone());
        }
        lines.extend(
            self.address
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned),
        );
        if !self.postcode.is_empty() {
            lines.push(self.postcode.clone());
        }
        lines
    }
}

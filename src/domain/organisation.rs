//! The organisation whose name heads every sheet and letter.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text::{self, LINE_MAX, NOTE_MAX};
use super::validation::Validated;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Organisation {
    pub name: String,
    /// Postal address, one line per line, without the postcode.
    pub address: String,
    pub postcode: String,
    pub charity_number: String,
    pub phone: String,
    pub email: String,
    pub signatory: Signatory,
    /// The letterhead logo, by the key its image is kept under; kept images
    /// are never changed, so an old letter reprints with its own logo.
    #[serde(default)]
    pub logo: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Signatory {
    pub name: String,
    pub role: String,
}

impl Organisation {
    pub fn validated(self) -> Validated<Self> {
        Ok(Self {
            name: text::required("name", "The organisation's name", &self.name, LINE_MAX)?,
            address: text::note("address", "Address", &self.address, NOTE_MAX)?,
            postcode: text::optional("postcode", "Postcode", &self.postcode, 10)?.to_uppercase(),
            charity_number: text::optional(
                "charity_number",
                "Charity number",
                &self.charity_number,
                20,
            )?,
            phone: text::optional("phone", "Phone", &self.phone, 40)?,
            email: text::optional("email", "Email", &self.email, LINE_MAX)?,
            signatory: Signatory {
                name: text::optional(
                    "signatory.name",
                    "Signatory's name",
                    &self.signatory.name,
                    LINE_MAX,
                )?,
                role: text::optional(
                    "signatory.role",
                    "Signatory's role",
                    &self.signatory.role,
                    LINE_MAX,
                )?,
            },
            logo: self.logo,
        })
    }
}

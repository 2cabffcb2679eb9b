//! The organisation whose name heads every sheet and letter.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text::{self, LINE_MAX, NOTE_MAX};
use super::validation::{Validated, ValidationError};

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
    /// Under the name on a letterhead: the address a line each, the
    /// postcode, then phone and email on one line.
    pub fn letterhead_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .address
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        if !self.postcode.is_empty() {
            lines.push(self.postcode.clone());
        }
        let contact = [self.phone.as_str(), self.email.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        if !contact.is_empty() {
            lines.push(contact);
        }
        lines
    }

    /// Under "Yours sincerely,": who signs, their role, the organisation.
    pub fn signature_lines(&self) -> Vec<String> {
        [&self.signatory.name, &self.signatory.role, &self.name]
            .into_iter()
            .filter(|l| !l.is_empty())
            .cloned()
            .collect()
    }

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
            email: looks_like_email(text::optional("email", "Email", &self.email, LINE_MAX)?)?,
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

/// An email address with something either side of one "@" and no spaces
/// (or none at all): letters go out with it at the foot.
fn looks_like_email(email: String) -> Validated<String> {
    let mut parts = email.split('@');
    let fine = match (parts.next(), parts.next(), parts.next()) {
        _ if email.is_empty() => true,
        (Some(name), Some(domain), None) => {
            !name.is_empty() && !domain.is_empty() && !email.contains(char::is_whitespace)
        }
        _ => false,
    };
    if fine {
        Ok(email)
    } else {
        Err(ValidationError::new(
            "email",
            "That email address does not look right.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_address_must_look_like_one() {
        let with = |email: &str| Organisation {
            name: "Cwm Taf Walkers".into(),
            email: email.into(),
            ..Default::default()
        };
        assert!(with("").validated().is_ok());
        assert!(with("hello@cwmtaf.org.uk").validated().is_ok());
        for bad in [
            "hello",
            "hello@",
            "@cwmtaf.org.uk",
            "a@b@c",
            "hello @cwmtaf.org.uk",
        ] {
            let err = with(bad).validated().unwrap_err();
            assert_eq!(err.field, "email", "{bad}");
        }
    }
}

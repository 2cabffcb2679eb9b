//! The organisation's details and its letterhead logo.

use serde::Serialize;
use ts_rs::TS;

use crate::domain::{Organisation, ValidationError};
use crate::store::Meta;
use crate::{Error, Result, Tend};

/// Which of the first things to do are done, for Today's "what to do
/// next" after setting up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FirstSteps {
    pub activity_added: bool,
    pub people_added: bool,
    pub volunteers_added: bool,
}

impl FirstSteps {
    pub fn all_done(&self) -> bool {
        self.activity_added && self.people_added && self.volunteers_added
    }
}

impl Tend {
    pub fn first_steps(&self) -> Result<FirstSteps> {
        Ok(FirstSteps {
            activity_added: !self.activities()?.is_empty(),
            people_added: self.people_page("", 0, 0)?.total > 0,
            volunteers_added: !self.volunteers()?.is_empty(),
        })
    }

    pub fn organisation(&self) -> Result<Option<Organisation>> {
        Ok(self.store.organisation()?)
    }

    /// Saves the organisation's details; its logo changes only through
    /// `set_logo` and `remove_logo`.
    pub fn save_organisation(&self, organisation: Organisation) -> Result<Organisation> {
        let logo = self.organisation()?.and_then(|o| o.logo);
        self.write_organisation(Organisation {
            logo,
            ..organisation
        })
    }

    pub(super) fn write_organisation(&self, organisation: Organisation) -> Result<Organisation> {
        let organisation = organisation.validated()?;
        self.store.save_organisation(&organisation)?;
        Ok(organisation)
    }

    /// Sets the letterhead logo from an image file's bytes (PNG or JPEG, up
    /// to 2 MB). Anything else is refused and the old logo stays.
    pub fn set_logo(&self, bytes: &[u8]) -> Result<Organisation> {
        if bytes.len() > 2 * 1024 * 1024 {
            return Err(ValidationError::new(
                "logo",
                "That picture is over 2 MB. Save a smaller copy of the logo and choose that.",
            )
            .into());
        }
        if !crate::docs::is_image(bytes) {
            return Err(ValidationError::new(
                "logo",
                "That file is not a picture Tend can print. Choose the logo saved as PNG or JPEG.",
            )
            .into());
        }
        let organisation = self
            .organisation()?
            .ok_or_else(|| Error::NotFound("Save your organisation's details first.".into()))?;
        let key = Meta::new_logo_reference();
        self.store.save_meta_value(Meta::Logo(&key), bytes)?;
        self.write_organisation(Organisation {
            logo: Some(key),
            ..organisation
        })
    }

    /// Letters from now on have no logo; letters already sent keep theirs.
    pub fn remove_logo(&self) -> Result<Organisation> {
        let organisation = self
            .organisation()?
            .ok_or_else(|| Error::NotFound("Save your organisation's details first.".into()))?;
        self.write_organisation(Organisation {
            logo: None,
            ..organisation
        })
    }
}

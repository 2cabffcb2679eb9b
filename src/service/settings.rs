//! Settings: how Tend follows people up and writes to referrers.

use crate::domain::Settings;
use crate::{Result, Tend};

impl Tend {
    pub fn settings(&self) -> Result<Settings> {
        Ok(self.store.settings()?)
    }

    pub fn save_settings(&self, settings: Settings) -> Result<Settings> {
        let settings = settings.validated()?;
        self.store.save_settings(&settings)?;
        Ok(settings)
    }
}

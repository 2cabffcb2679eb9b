//! What `meta` keeps beside the records: the organisation, the settings,
//! letter templates, logos and flags.

use crate::domain::{LetterKind, Organisation, Settings};

use super::codec::{decode, encode};
use super::{LOGO_PREFIX, Result, Store, TEMPLATE_PREFIX};

pub(super) const ORGANISATION_KEY: &[u8] = b"organisation";

pub(super) const SETTINGS_KEY: &[u8] = b"settings";

/// The values kept in `meta` beside the organisation and the settings;
/// only the store lays out their keys.
#[derive(Debug, Clone, Copy)]
pub enum Meta<'a> {
    /// The organisation's own template for a kind of letter.
    Template(LetterKind),
    /// Its earlier wordings (JSON), kept under the template prefix so
    /// backups and exports carry them too.
    TemplateVersions(LetterKind),
    /// A letterhead logo's image, by the reference the organisation (and
    /// each letter's letterhead) holds: "logo/…".
    Logo(&'a str),
    /// The data is the demo organisation's.
    Demo,
    /// When the last backup to another place was made (RFC 3339).
    LastBackupElsewhere,
    /// When the store was last compacted (RFC 3339).
    LastCompacted,
    /// The organisation's own privacy notice.
    PrivacyNotice,
}

fn kind_name(kind: LetterKind) -> &'static [u8] {
    match kind {
        LetterKind::Acknowledgement => b"acknowledgement",
        LetterKind::Progress => b"progress",
        LetterKind::Closing => b"closing",
    }
}

impl Meta<'_> {
    pub(super) fn bytes(&self) -> Vec<u8> {
        match self {
            Meta::Template(kind) => [TEMPLATE_PREFIX, kind_name(*kind)].concat(),
            Meta::TemplateVersions(kind) => {
                [TEMPLATE_PREFIX, b"versions/", kind_name(*kind)].concat()
            }
            Meta::Logo(reference) => reference.as_bytes().to_vec(),
            Meta::Demo => b"demo".to_vec(),
            Meta::LastBackupElsewhere => b"last_backup_elsewhere".to_vec(),
            Meta::LastCompacted => b"last_compacted".to_vec(),
            // Under the template prefix, so backups and exports carry it as
            // they carry the letter templates.
            Meta::PrivacyNotice => [TEMPLATE_PREFIX, b"privacy_notice"].concat(),
        }
    }

    /// A new logo's reference, to keep its image under.
    pub fn new_logo_reference() -> String {
        format!(
            "{}{}",
            String::from_utf8_lossy(LOGO_PREFIX),
            uuid::Uuid::now_v7()
        )
    }
}

impl Store {
    pub fn organisation(&self) -> Result<Option<Organisation>> {
        self.meta
            .get(ORGANISATION_KEY)?
            .map(|bytes| decode(&bytes))
            .transpose()
    }

    pub fn save_organisation(&self, organisation: &Organisation) -> Result<()> {
        self.meta.insert(ORGANISATION_KEY, encode(organisation)?)?;
        self.flush()
    }

    pub fn settings(&self) -> Result<Settings> {
        Ok(self
            .meta
            .get(SETTINGS_KEY)?
            .map(|bytes| decode(&bytes))
            .transpose()?
            .unwrap_or_default())
    }

    pub fn save_settings(&self, settings: &Settings) -> Result<()> {
        self.meta.insert(SETTINGS_KEY, encode(settings)?)?;
        self.flush()
    }

    /// A value kept in meta: a letter template's text, a logo's image, a flag.
    pub fn meta_value(&self, key: Meta<'_>) -> Result<Option<Vec<u8>>> {
        Ok(self.meta.get(key.bytes())?.map(|bytes| bytes.to_vec()))
    }

    pub fn save_meta_value(&self, key: Meta<'_>, value: &[u8]) -> Result<()> {
        self.meta.insert(key.bytes(), value)?;
        self.flush()
    }

    pub fn remove_meta_value(&self, key: Meta<'_>) -> Result<()> {
        self.meta.remove(key.bytes())?;
        self.flush()
    }
}

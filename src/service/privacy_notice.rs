//! The privacy notice to give participants: drafted from the
//! organisation's details, editable as the letter templates are (a broken
//! one is refused with its line), printed on one page.

use chrono::{DateTime, NaiveDate, Utc};

use crate::docs::{Block, Report, Section};
use crate::domain::dates;
use crate::store::Meta;
use crate::templates::{self, NoticeFacts, NoticeOrganisation};
use crate::{Result, Tend};

impl Tend {
    /// The notice's wording: the organisation's own, or Tend's.
    pub fn privacy_notice_template(&self) -> Result<String> {
        Ok(match self.store.meta_value(Meta::PrivacyNotice)? {
            Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            None => templates::PRIVACY_NOTICE.to_owned(),
        })
    }

    /// Saves the wording once it fills in; a broken one changes nothing.
    pub fn save_privacy_notice_template(&self, source: &str, today: NaiveDate) -> Result<()> {
        templates::render_notice(source, &self.notice_facts(today)?)?;
        self.store
            .save_meta_value(Meta::PrivacyNotice, source.as_bytes())?;
        Ok(())
    }

    /// Back to Tend's own wording.
    pub fn reset_privacy_notice_template(&self) -> Result<String> {
        self.store.remove_meta_value(Meta::PrivacyNotice)?;
        Ok(templates::PRIVACY_NOTICE.to_owned())
    }

    /// What `source` says filled in with this organisation's details.
    pub fn preview_privacy_notice(&self, source: &str, today: NaiveDate) -> Result<String> {
        Ok(templates::render_notice(
            source,
            &self.notice_facts(today)?,
        )?)
    }

    /// The notice as a PDF to print and hand out.
    pub fn privacy_notice_pdf(&self, today: NaiveDate, now: DateTime<Utc>) -> Result<Vec<u8>> {
        let facts = self.notice_facts(today)?;
        let text = templates::render_notice(&self.privacy_notice_template()?, &facts)?;
        let title = if facts.organisation.name.is_empty() {
            "How we look after your information".to_owned()
        } else {
            format!(
                "How {} looks after your information",
                facts.organisation.name
            )
        };
        crate::docs::render_report(&notice_report(&title, &text, &facts), now)
    }

    fn notice_facts(&self, today: NaiveDate) -> Result<NoticeFacts> {
        let organisation = self.organisation()?.unwrap_or_default();
        let address = [
            organisation.address.replace('\n', ", "),
            organisation.postcode,
        ]
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
        Ok(NoticeFacts {
            today: dates::long_date(today),
            organisation: NoticeOrganisation {
                name: organisation.name,
                address,
                phone: organisation.phone,
                email: organisation.email,
                charity_number: organisation.charity_number,
            },
            encrypted: self.is_encrypted(),
            retention_months: confirmed_months(&self.settings()?.retention),
        })
    }
}

/// The filled-in notice laid out: each "# " line starts a section.
fn notice_report(title: &str, text: &str, facts: &NoticeFacts) -> Report {
    let mut sections: Vec<Section> = Vec::new();
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("# ") {
            sections.push(Section {
                heading: heading.trim().to_owned(),
                blocks: Vec::new(),
            });
        } else if !line.trim().is_empty() {
            if sections.is_empty() {
                sections.push(Section {
                    heading: String::new(),
                    blocks: Vec::new(),
                });
            }
            if let Some(section) = sections.last_mut() {
                section
                    .blocks
                    .push(Block::Paragraph(line.trim().to_owned()));
            }
        }
    }
    Report {
        title: title.to_owned(),
        subtitle: format!("Our privacy notice, {}", facts.today),
        footer: title.to_owned(),
        sections,
    }
}

/// The months people are kept after their last contact, once the
/// organisation has confirmed the schedule as its own.
pub(super) fn confirmed_months(schedule: &crate::domain::RetentionSchedule) -> Option<u16> {
    schedule.confirmed_on.map(|_| schedule.people_months)
}

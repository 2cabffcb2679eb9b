//! Participants.

use crate::domain::text;
use crate::domain::{Participant, ParticipantDetails, ParticipantId};
use crate::{Error, Result, Tend};

impl Tend {
    /// Everyone, sorted by name the way a person scans a list.
    pub fn participants(&self) -> Result<Vec<Participant>> {
        let mut people: Vec<Participant> = self.store.all()?;
        people.sort_by_cached_key(|p| text::sort_key(&p.details.full_name));
        Ok(people)
    }

    pub fn participant(&self, id: ParticipantId) -> Result<Participant> {
        self.store
            .get(id.as_bytes())?
            .ok_or_else(|| Error::NotFound("That participant is no longer in Tend.".into()))
    }

    pub fn add_participant(&self, details: ParticipantDetails) -> Result<Participant> {
        let today = Tend::today();
        let participant = Participant {
            id: ParticipantId::new(),
            details: details.validated(today)?,
            created_on: today,
        };
        self.store.save_participant(&participant)?;
        Ok(participant)
    }

    pub fn update_participant(
        &self,
        id: ParticipantId,
        details: ParticipantDetails,
    ) -> Result<Participant> {
        let participant = Participant {
            details: details.validated(Tend::today())?,
            ..self.participant(id)?
        };
        self.store.save_participant(&participant)?;
        Ok(participant)
    }

    /// The one participant with exactly this name (ignoring case and
    /// surrounding spaces), as the command line names people.
    pub fn participant_named(&self, name: &str) -> Result<Participant> {
        let wanted = name.trim().to_lowercase();
        let mut matches = self
            .participants()?
            .into_iter()
            .filter(|p| p.details.full_name.to_lowercase() == wanted);
        match (matches.next(), matches.next()) {
            (Some(one), None) => Ok(one),
            (Some(_), Some(_)) => Err(Error::Conflict(format!(
                "More than one participant is called \"{}\".",
                name.trim()
            ))),
            (None, _) => Err(Error::NotFound(format!(
                "No participant is called \"{}\".",
                name.trim()
            ))),
        }
    }
}

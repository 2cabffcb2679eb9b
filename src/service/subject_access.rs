//! Everything we hold about a person, for a subject access request (UK
//! GDPR Article 15): their record as the window shows it, every letter's
//! full text as it was sent, who their information was shared with, and
//! the facts a reply must give. One answer, as a PDF to send and as JSON.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::docs::{Block, Report, Section};
use crate::domain::{
    AccessRequest, AccessRequestId, LetterRecord, OutcomeRecord, ParticipantId, PersonKeys,
    RotaAssignment, Volunteer, dates,
};
use crate::domain::{LogEntry, LoggedAction};
use crate::service::ParticipantRecord;
use crate::{Error, Result, Tend};

/// What a subject access reply holds.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectAccess {
    pub made_on: NaiveDate,
    /// The organisation replying.
    pub organisation: String,
    pub record: ParticipantRecord,
    /// Every letter about them, exactly as kept, oldest first.
    pub letters: Vec<LetterHeld>,
    /// Each referrer their information went to, with the dates.
    pub shared_with: Vec<SharedWith>,
    /// Where their information came from, in words.
    pub came_from: Vec<String>,
    /// The facts every reply must give: why it is held, how long, their
    /// rights, how to complain.
    pub facts: Vec<Fact>,
    /// Their requests to see it, this one included.
    pub requests: Vec<AccessRequest>,
    /// Their answers to outcome measures, oldest first.
    pub outcomes: Vec<OutcomeRecord>,
    /// Their record as a volunteer, when they surely are one too (the
    /// same name and the same phone or email).
    pub volunteer: Option<VolunteerHeld>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VolunteerHeld {
    pub volunteer: Volunteer,
    pub role_names: Vec<String>,
    /// Each rota place: the session's date and the role.
    pub rota: Vec<(NaiveDate, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LetterHeld {
    /// "Progress letter to Dr Siân Evans".
    pub title: String,
    /// The day it was sent (or made, if not yet sent).
    pub dated: NaiveDate,
    pub sent: bool,
    pub letter: LetterRecord,
}

#[derive(Debug, Clone, Serialize)]
pub struct SharedWith {
    pub referrer: String,
    pub sent_on: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub heading: String,
    pub text: String,
}

impl SubjectAccess {
    /// "Everything we hold about Zoë Ní Bhriain".
    pub fn title(&self) -> String {
        format!(
            "Everything we hold about {}",
            self.record.participant.details.full_name
        )
    }

    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self)
            .map_err(|e| crate::Error::Document(format!("the JSON could not be written: {e}")))
    }

    pub fn to_pdf(&self, created: DateTime<Utc>) -> Result<Vec<u8>> {
        crate::docs::render_report(&self.report(), created)
    }

    fn outcome_blocks(&self) -> Vec<Block> {
        if self.outcomes.is_empty() {
            return vec![Block::Paragraph("None recorded.".into())];
        }
        self.outcomes
            .iter()
            .map(|o| Block::Field {
                label: format!(
                    "{} ({})",
                    dates::long_date(o.taken_on),
                    o.stage.words().to_lowercase()
                ),
                value: o
                    .answers
                    .said()
                    .iter()
                    .map(|line| format!("{}: {}", line.label, line.answer))
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
            .collect()
    }

    fn volunteer_blocks(&self) -> Vec<Block> {
        let Some(held) = &self.volunteer else {
            return vec![Block::Paragraph(
                "We hold no record of you as a volunteer.".into(),
            )];
        };
        let field = |label: &str, value: String| Block::Field {
            label: label.into(),
            value,
        };
        let v = &held.volunteer.details;
        let mut blocks = vec![
            field("Name", v.full_name.clone()),
            field("Phone", v.phone.clone()),
            field("Email", v.email.clone()),
            field("Roles", held.role_names.join(", ")),
            field(
                "Usually free on",
                v.usual_days
                    .iter()
                    .map(|d| format!("{d:?}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            field(
                "Qualifications",
                v.qualifications
                    .iter()
                    .map(|q| {
                        format!(
                            "{}, from {}{}",
                            q.name,
                            dates::long_date(q.issued_on),
                            q.expires_on
                                .map(|e| format!(" to {}", dates::long_date(e)))
                                .unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            field(
                "Away",
                v.away
                    .iter()
                    .map(|r| format!("{} to {}", dates::long_date(r.from), dates::long_date(r.to)))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            field("Notes", v.notes.clone()),
        ];
        if let Some(dbs) = &v.dbs {
            blocks.push(field(
                "DBS check",
                format!(
                    "{} certificate {}, seen {} by {}; recheck due {}",
                    dbs.level,
                    dbs.certificate_number,
                    dates::long_date(dbs.seen_on),
                    dbs.seen_by,
                    dates::long_date(dbs.recheck_due)
                ),
            ));
        }
        blocks.push(field(
            "On the rota",
            held.rota
                .iter()
                .map(|(date, role)| format!("{}: {role}", dates::long_date(*date)))
                .collect::<Vec<_>>()
                .join("\n"),
        ));
        blocks
    }

    /// The reply laid out for reading: the facts first, then every field,
    /// consent, referral, activity, attendance mark and letter.
    fn report(&self) -> Report {
        let person = &self.record.participant;
        let d = &person.details;
        let field = |label: &str, value: String| Block::Field {
            label: label.into(),
            value,
        };
        let date_or_blank =
            |date: Option<NaiveDate>| date.map(dates::long_date).unwrap_or_default();
        let contact = &d.emergency_contact;
        let details = vec![
            field("Full name", d.full_name.clone()),
            field("Preferred name", d.preferred_name.clone()),
            field("Date of birth", date_or_blank(d.date_of_birth)),
            field(
                "NHS number",
                d.nhs_number
                    .as_ref()
                    .map(|n| n.spaced())
                    .unwrap_or_default(),
            ),
            field("Address", d.address.clone()),
            field("Postcode", d.postcode.clone()),
            field("Phone", d.phone.clone()),
            field("Email", d.email.clone()),
            field(
                "Emergency contact",
                [&contact.name, &contact.relationship, &contact.phone]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            field("Needs and concerns", d.needs.clone()),
            field("Access needs", d.access_needs.clone()),
            field(
                "Gender",
                d.gender.map(|g| g.words().to_string()).unwrap_or_default(),
            ),
            field(
                "Ethnicity",
                d.ethnicity
                    .map(|e| e.words().to_string())
                    .unwrap_or_default(),
            ),
            field("Status", d.status.words().into()),
            field("First recorded", dates::long_date(person.created_on)),
        ];
        let consents = self
            .record
            .consents
            .iter()
            .map(|c| field(&c.label, c.answers.clone()))
            .collect();
        let history = if self.record.history.is_empty() {
            vec![Block::Paragraph("No changes recorded.".into())]
        } else {
            self.record
                .history
                .iter()
                .map(|h| Block::Paragraph(h.clone()))
                .collect()
        };
        let mut referrals = Vec::new();
        for r in &self.record.referrals {
            let referral = &r.referral;
            referrals.push(Block::Subheading(format!(
                "From {}, received {}",
                r.referrer_name,
                dates::long_date(referral.received_on)
            )));
            referrals.push(field("Status", r.status.words().into()));
            referrals.push(field(
                "Status history",
                referral
                    .history
                    .iter()
                    .map(|c| format!("{}: {}", dates::long_date(c.on), c.status.words()))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ));
            referrals.push(field("Reason", referral.reason.clone()));
            referrals.push(field(
                "Needs and concerns",
                referral.needs_and_concerns.clone(),
            ));
            if let Some(reason) = &referral.closing_reason {
                referrals.push(field("Closed because", reason.words()));
            }
            referrals.push(field("What has changed", referral.changes.clone()));
            referrals.push(field("Outcome", referral.outcome.clone()));
        }
        if referrals.is_empty() {
            referrals.push(Block::Paragraph("No referrals.".into()));
        }
        let activities = if self.record.activities.is_empty() {
            vec![Block::Paragraph("Not enrolled in any activity.".into())]
        } else {
            self.record
                .activities
                .iter()
                .map(|a| {
                    let left = a
                        .left_on
                        .map(|on| format!(", left {}", dates::long_date(on)))
                        .unwrap_or_default();
                    let buddy = a
                        .buddy
                        .as_ref()
                        .map(|b| format!("; a buddy: {b}"))
                        .unwrap_or_default();
                    field(
                        &a.activity_name,
                        format!("since {}{left}{buddy}", dates::long_date(a.joined_on)),
                    )
                })
                .collect()
        };
        let mut attendance: Vec<Block> = vec![Block::Paragraph(format!(
            "{} marks, newest first.",
            self.record.attendance.len()
        ))];
        attendance.extend(self.record.attendance.iter().map(|a| {
            let mut mark = a.mark.label().to_string();
            if a.walk_in {
                mark.push_str(" (walked in)");
            }
            field(
                &dates::short_date(a.date),
                format!("{}: {mark}", a.activity_name),
            )
        }));
        let mut letters = Vec::new();
        for held in &self.letters {
            let l = &held.letter;
            letters.push(Block::Subheading(format!(
                "{}, {} {}",
                held.title,
                if held.sent {
                    "sent"
                } else {
                    "made, not yet sent,"
                },
                dates::long_date(held.dated)
            )));
            letters.push(Block::Quote(
                [
                    l.recipient.join("\n"),
                    String::new(),
                    l.salutation.clone(),
                    l.heading.clone(),
                    l.body.clone(),
                ]
                .join("\n"),
            ));
        }
        if letters.is_empty() {
            letters.push(Block::Paragraph("No letters.".into()));
        }
        let shared = if self.shared_with.is_empty() {
            vec![Block::Paragraph(
                "Nobody: no letter about you has been sent.".into(),
            )]
        } else {
            self.shared_with
                .iter()
                .map(|s| {
                    field(
                        &s.referrer,
                        s.sent_on
                            .iter()
                            .map(|d| dates::long_date(*d))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    )
                })
                .collect()
        };
        let section = |heading: &str, blocks: Vec<Block>| Section {
            heading: heading.into(),
            blocks,
        };
        Report {
            title: self.title(),
            subtitle: if self.organisation.is_empty() {
                format!(
                    "Made {}, in answer to a request to see the information held.",
                    dates::long_date(self.made_on)
                )
            } else {
                format!(
                    "Made {} by {}, in answer to a request to see the information held.",
                    dates::long_date(self.made_on),
                    self.organisation
                )
            },
            footer: [self.organisation.as_str(), &self.title()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(": "),
            sections: vec![
                section(
                    "About this information",
                    self.facts
                        .iter()
                        .flat_map(|f| {
                            [
                                Block::Subheading(f.heading.clone()),
                                Block::Paragraph(f.text.clone()),
                            ]
                        })
                        .collect(),
                ),
                section(
                    "Where it came from",
                    self.came_from
                        .iter()
                        .cloned()
                        .map(Block::Paragraph)
                        .collect(),
                ),
                section("Your details", details),
                section("Your consents", consents),
                section("Changes to your record", history),
                section("Referrals", referrals),
                section("Activities", activities),
                section("Attendance", attendance),
                section("Letters about you, as they were sent", letters),
                section("Who it was shared with", shared),
                section("Your wellbeing answers", self.outcome_blocks()),
                section("As a volunteer", self.volunteer_blocks()),
                section(
                    "Your requests to see this information",
                    if self.requests.is_empty() {
                        vec![Block::Paragraph("None recorded.".into())]
                    } else {
                        self.requests
                            .iter()
                            .map(|r| {
                                field(
                                    &format!("Received {}", dates::long_date(r.received_on)),
                                    r.words(self.made_on),
                                )
                            })
                            .collect()
                    },
                ),
            ],
        }
    }
}

/// A request as lists show it: on Today "Subject access for Rajesh
/// Kumar: due in 12 days", on their record "due in 12 days".
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AccessRequestLine {
    pub request: AccessRequest,
    pub participant_name: String,
    pub due_on: NaiveDate,
    /// "due in 12 days", "3 days overdue", "answered 4 March 2026".
    pub status: String,
    /// "Subject access for Rajesh Kumar: due in 12 days".
    pub words: String,
}

impl Tend {
    /// Records a request received on `received_on`.
    pub fn record_access_request(
        &self,
        participant: ParticipantId,
        received_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<AccessRequest> {
        self.participant(participant)?;
        let request = AccessRequest::new(participant, received_on, today)?;
        self.store.put_logged(
            &request,
            &LogEntry::about_person(LoggedAction::AccessRequestRecorded, participant),
        )?;
        Ok(request)
    }

    fn access_request(&self, id: AccessRequestId) -> Result<AccessRequest> {
        self.store
            .get::<AccessRequest>(&id)?
            .ok_or_else(|| Error::NotFound("That request is no longer in Tend.".into()))
    }

    /// Extends a complex request's due date (up to three months from receipt).
    pub fn extend_access_request(
        &self,
        id: AccessRequestId,
        to: NaiveDate,
    ) -> Result<AccessRequest> {
        let request = self.access_request(id)?.extended(to)?;
        self.store.put_logged(
            &request,
            &LogEntry::about_person(LoggedAction::AccessRequestExtended, request.participant),
        )?;
        Ok(request)
    }

    /// Records the day the reply was sent.
    pub fn answer_access_request(
        &self,
        id: AccessRequestId,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<AccessRequest> {
        let request = self.access_request(id)?.answered(on, today)?;
        self.store.put_logged(
            &request,
            &LogEntry::about_person(LoggedAction::AccessRequestAnswered, request.participant),
        )?;
        Ok(request)
    }

    /// A person's requests, newest first.
    pub fn access_requests_for(&self, participant: ParticipantId) -> Result<Vec<AccessRequest>> {
        let mut requests: Vec<AccessRequest> = self
            .store
            .all::<AccessRequest>()?
            .into_iter()
            .filter(|r| r.participant == participant)
            .collect();
        requests.sort_by_key(|r| std::cmp::Reverse(r.received_on));
        Ok(requests)
    }

    /// A person's requests as their record lists them, newest first.
    pub fn access_request_lines(
        &self,
        participant: ParticipantId,
        today: NaiveDate,
    ) -> Result<Vec<AccessRequestLine>> {
        self.access_requests_for(participant)?
            .into_iter()
            .map(|r| self.access_request_line(r, today))
            .collect()
    }

    /// Every request not yet answered, soonest due first.
    pub fn open_access_requests(&self, today: NaiveDate) -> Result<Vec<AccessRequestLine>> {
        let mut open = self
            .store
            .all::<AccessRequest>()?
            .into_iter()
            .filter(AccessRequest::is_open)
            .map(|r| self.access_request_line(r, today))
            .collect::<Result<Vec<_>>>()?;
        open.sort_by_key(|o| o.due_on);
        Ok(open)
    }

    fn access_request_line(
        &self,
        request: AccessRequest,
        today: NaiveDate,
    ) -> Result<AccessRequestLine> {
        let participant_name = self.participant(request.participant)?.details.full_name;
        let status = request.words(today);
        Ok(AccessRequestLine {
            due_on: request.due_on(),
            words: format!("Subject access for {participant_name}: {status}"),
            status,
            participant_name,
            request,
        })
    }

    pub fn subject_access(&self, id: ParticipantId, today: NaiveDate) -> Result<SubjectAccess> {
        let record = self.participant_record(id)?;
        let organisation = self.organisation()?.map(|o| o.name).unwrap_or_default();
        let referrers: BTreeMap<_, String> = self
            .referrers()?
            .into_iter()
            .map(|r| (r.id, r.details.display_name()))
            .collect();
        let referrer_name = |id| referrers.get(&id).cloned().unwrap_or_default();

        let mut letters: Vec<LetterHeld> = self
            .letter_records_about(id)?
            .into_iter()
            .map(|letter| LetterHeld {
                title: format!(
                    "{} to {}",
                    letter.kind.words(),
                    referrer_name(letter.referrer)
                ),
                dated: letter.sent_on.unwrap_or(letter.produced_on),
                sent: letter.sent_on.is_some(),
                letter,
            })
            .collect();
        letters.sort_by_key(|l| l.dated);

        let mut shared: BTreeMap<String, Vec<NaiveDate>> = BTreeMap::new();
        for held in letters.iter().filter(|l| l.sent) {
            shared
                .entry(referrer_name(held.letter.referrer))
                .or_default()
                .push(held.dated);
        }
        let shared_with = shared
            .into_iter()
            .map(|(referrer, sent_on)| SharedWith { referrer, sent_on })
            .collect();

        let mut came_from: Vec<String> = record
            .referrals
            .iter()
            .map(|r| {
                format!(
                    "A referral from {}, received {}.",
                    r.referrer_name,
                    dates::long_date(r.referral.received_on)
                )
            })
            .collect();
        came_from.push(format!(
            "What you told us, first recorded on {}.",
            dates::long_date(record.participant.created_on)
        ));
        let facts = covering_facts(super::privacy_notice::confirmed_months(
            &self.settings()?.retention,
        ));
        let requests = self.access_requests_for(id)?;
        let volunteer = self.also_a_volunteer(&record.participant.details)?;
        let outcomes = self.outcomes_for(id)?;
        Ok(SubjectAccess {
            outcomes,
            requests,
            volunteer,
            made_on: today,
            organisation,
            record,
            letters,
            shared_with,
            came_from,
            facts,
        })
    }
}

impl Tend {
    /// Their volunteer record, with its roles and rota places, when they
    /// surely volunteer too.
    fn also_a_volunteer(
        &self,
        details: &crate::domain::ParticipantDetails,
    ) -> Result<Option<VolunteerHeld>> {
        let keys = PersonKeys::of(details);
        let Some(volunteer) = self
            .volunteers()?
            .into_iter()
            .find(|v| keys.surely_same(&PersonKeys::of_volunteer(&v.details)))
        else {
            return Ok(None);
        };
        let roles: BTreeMap<_, String> =
            self.roles()?.into_iter().map(|r| (r.id, r.name)).collect();
        let role_name = |id| roles.get(&id).cloned().unwrap_or_default();
        let mut rota: Vec<(NaiveDate, String)> = self
            .store
            .all::<RotaAssignment>()?
            .into_iter()
            .filter(|a| a.volunteer == volunteer.id)
            .filter_map(|a| {
                let date = self.session(a.session).ok()?.date;
                Some((date, role_name(a.role)))
            })
            .collect();
        rota.sort();
        Ok(Some(VolunteerHeld {
            role_names: volunteer
                .details
                .roles
                .iter()
                .map(|r| role_name(*r))
                .collect(),
            rota,
            volunteer,
        }))
    }
}

/// The facts Article 15 asks every reply to give, in plain words.
fn covering_facts(retention_months: Option<u16>) -> Vec<Fact> {
    let fact = |heading: &str, text: &str| Fact {
        heading: heading.into(),
        text: text.into(),
    };
    let kept = match retention_months {
        Some(months) => format!("for {months} months after we were last in touch"),
        None => "for as long as our retention schedule says".into(),
    };
    let how_long = format!(
        "For as long as you take part, and then {kept}, after which it is erased or made anonymous."
    );
    vec![
        fact(
            "Why we hold it",
            "To arrange and run the activities you were referred to or joined, to keep you safe while you take part, and to tell the person who referred you how you are getting on when you have agreed to that.",
        ),
        fact(
            "What kind of information it is",
            "Your contact details, your emergency contact, the needs and concerns you or your referrer told us about (which can be health information), your consents, your referrals, when you came to sessions, and the letters we wrote about you.",
        ),
        fact(
            "Who we share it with",
            "Only the people who referred you, and only as the letters below show. We do not sell it or send it anywhere else. It is kept on our own computer.",
        ),
        fact("How long we keep it", &how_long),
        fact(
            "Your rights",
            "You can ask us to correct anything that is wrong, to erase your information, to limit how we use it, or to stop using it, and you can take back a consent at any time. No decision about you is made by a computer on its own.",
        ),
        fact(
            "How to complain",
            "Please tell us first. You can also complain to the Information Commissioner's Office: ico.org.uk/make-a-complaint, or telephone 0303 123 1113.",
        ),
    ]
}

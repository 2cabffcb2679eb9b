//! Letter templates: the body of a letter (the greeting, the "Re:" line
//! and the signature are the letter's layout) as plain text with named placeholders (`{{ participant.name }}`)
//! and conditions (`{% if changes %}…{% endif %}`), filled in by minijinja —
//! the only module that names it. A template that uses an unknown
//! placeholder or has a syntax error is refused with its line number.

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::domain::text::capitalised;
use crate::domain::{LetterKind, ValidationError};

/// Everything a letter template can name.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LetterFacts {
    pub today: String,
    pub participant: PersonFacts,
    pub referrer: ReferrerFacts,
    pub referral: ReferralFacts,
    pub organisation: OrganisationFacts,
    pub attendance: AttendanceFacts,
    /// What the participant says has changed, in their words.
    pub changes: String,
    pub outcome: String,
    pub closing: ClosingFacts,
    /// Their own change on the measures, and the benefits they report.
    pub wellbeing: WellbeingFacts,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WellbeingFacts {
    /// "life satisfaction from 4 to 7 out of 10; anxiety from 7 to 3 out
    /// of 10 (lower is better)", or empty.
    pub change: String,
    /// "new friends, confidence and fitness", or empty.
    pub benefits: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PersonFacts {
    pub name: String,
    pub preferred_name: String,
    /// "14 July 1948", or empty.
    pub date_of_birth: String,
    /// "943 476 5919", or empty.
    pub nhs_number: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReferrerFacts {
    pub name: String,
    pub organisation: String,
    /// How the letter greets them: their name, or "colleague".
    pub salutation: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReferralFacts {
    pub received_on: String,
    pub reason: String,
    /// The activities suggested, as a list in words ("the Tuesday Health Walk and …").
    pub suggested: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OrganisationFacts {
    pub name: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AttendanceFacts {
    pub attended: usize,
    pub offered: usize,
    /// Dates in words, or empty when they have not come yet.
    pub first: String,
    pub last: String,
    pub activities: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ClosingFacts {
    pub date: String,
    pub reason: String,
}

impl LetterFacts {
    /// Made-up facts for checking a template and for the editor's preview.
    pub fn sample() -> Self {
        LetterFacts {
            today: "Monday 2 March 2026".into(),
            participant: PersonFacts {
                name: "Zoë Ní Bhriain".into(),
                preferred_name: "Zoë".into(),
                date_of_birth: "14 July 1948".into(),
                nhs_number: "943 476 5919".into(),
            },
            referrer: ReferrerFacts {
                name: "Dr Siân Evans".into(),
                organisation: "Abermill Surgery".into(),
                salutation: "Dr Siân Evans".into(),
            },
            referral: ReferralFacts {
                received_on: "Monday 5 January 2026".into(),
                reason: "Low mood and isolated since her husband died".into(),
                suggested: "the Tuesday Health Walk".into(),
            },
            organisation: OrganisationFacts {
                name: "Abermill Wellbeing".into(),
                phone: "01234 567890".into(),
                email: "hello@abermill.org.uk".into(),
            },
            attendance: AttendanceFacts {
                attended: 7,
                offered: 9,
                first: "Tuesday 13 January 2026".into(),
                last: "Tuesday 24 February 2026".into(),
                activities: "the Tuesday Health Walk".into(),
            },
            changes: "I look forward to Tuesdays now, and I have made two friends.".into(),
            outcome: "Walks every week and has joined the garden club.".into(),
            closing: ClosingFacts {
                date: "Monday 2 March 2026".into(),
                reason: "support completed".into(),
            },
            wellbeing: WellbeingFacts {
                change: "life satisfaction from 4 to 7 out of 10; anxiety from 7 to 3 out of 10 (lower is better)".into(),
                benefits: "new friends and confidence".into(),
            },
        }
    }
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env
}

/// Every placeholder a letter template can name ("participant.name"),
/// read off `LetterFacts` itself: the tests hold the editor's described
/// list (`template_words`) to exactly this.
#[cfg(test)]
pub(crate) fn placeholders() -> Vec<String> {
    fn walk(prefix: &str, value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(fields) => {
                for (name, inner) in fields {
                    let path = if prefix.is_empty() {
                        name.clone()
                    } else {
                        format!("{prefix}.{name}")
                    };
                    walk(&path, inner, out);
                }
            }
            _ => out.push(prefix.to_owned()),
        }
    }
    let mut out = Vec::new();
    if let Ok(facts) = serde_json::to_value(LetterFacts::sample()) {
        walk("", &facts, &mut out);
    }
    out
}

/// The template's text filled in with `facts`.
pub fn render(source: &str, facts: &LetterFacts) -> Result<String, ValidationError> {
    fill(source, facts)
}

/// Any template (a letter's, the privacy notice's) filled in with its facts.
fn fill(source: &str, facts: &impl Serialize) -> Result<String, ValidationError> {
    environment()
        .render_str(source, minijinja::value::Serde(facts))
        .map_err(|e| {
            let what = crate::template_words::plain_syntax(
                &e.detail()
                    .map(str::to_owned)
                    .unwrap_or_else(|| e.kind().to_string()),
            );
            let message = match e.line() {
                Some(line) => format!("Line {line}: {what}"),
                None => capitalised(&what),
            };
            ValidationError::new("template", message)
        })
}

/// Refuses a template that would not fill in: a syntax error, or a
/// placeholder that is not one of `LetterFacts`'.
pub fn check(source: &str) -> Result<String, ValidationError> {
    within_limits(source)?;
    if let Some(mistake) = crate::template_words::plain_mistake(source) {
        return Err(mistake);
    }
    render(source, &LetterFacts::sample())
}

fn within_limits(source: &str) -> Result<(), ValidationError> {
    if source.trim().is_empty() {
        return Err(ValidationError::new(
            "template",
            "A template cannot be empty.",
        ));
    }
    if source.chars().count() > 20_000 {
        return Err(ValidationError::new(
            "template",
            "A template can be up to 20,000 characters.",
        ));
    }
    Ok(())
}

/// What the privacy notice's template can name.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NoticeFacts {
    pub today: String,
    pub organisation: NoticeOrganisation,
    /// The data is encrypted on this computer.
    pub encrypted: bool,
    /// How many months after their last contact people are kept, once
    /// the organisation has confirmed its retention schedule.
    pub retention_months: Option<u16>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NoticeOrganisation {
    pub name: String,
    /// The address on one line, the postcode included.
    pub address: String,
    pub phone: String,
    pub email: String,
    pub charity_number: String,
}

impl NoticeFacts {
    pub fn sample() -> Self {
        NoticeFacts {
            today: "Monday 2 March 2026".into(),
            organisation: NoticeOrganisation {
                name: "Abermill Wellbeing".into(),
                address: "The Old Chapel, Heol y Bont, Abermill AB1 3EF".into(),
                phone: "01234 567890".into(),
                email: "hello@abermill.org.uk".into(),
                charity_number: "1234567".into(),
            },
            encrypted: true,
            retention_months: Some(36),
        }
    }
}

/// The privacy notice filled in; refused (with its line) as a letter's is.
pub fn render_notice(source: &str, facts: &NoticeFacts) -> Result<String, ValidationError> {
    within_limits(source)?;
    fill(source, facts)
}

/// Tend's own privacy notice: what is held, why, for how long, who it is
/// shared with, their rights. A line starting "# " is a heading.
pub const PRIVACY_NOTICE: &str = "# Who we are
{{ organisation.name }}{% if organisation.charity_number %}, registered charity {{ organisation.charity_number }}{% endif %}{% if organisation.address %}, {{ organisation.address }}{% endif %}. We run groups and activities that people are referred to by their GP, a link worker or another service, or come to themselves.

# What we hold about you
Your name, date of birth, contact details and emergency contact; the needs and concerns you or the person who referred you told us about, which can include health information; which of our groups you take part in and when you came; the consents you have given; and the letters we write to the person who referred you.

# Why we hold it
To arrange and run the activities you take part in, to keep you safe while you do, and, only if you agree, to tell the person who referred you how you are getting on. We rely on your consent, and on our legitimate interest in running safe groups; health information is held with your explicit consent.

# Who we share it with
Only the person or service who referred you, and only if you agree. We never sell it, and we do not send it anywhere else unless the law requires it. It is kept on our own computer{% if encrypted %}, encrypted{% endif %}, and not in an online service.

# How long we keep it
For as long as you take part, and then {% if retention_months %}for {{ retention_months }} months after we were last in touch{% else %}only as long as our retention schedule says{% endif %}, after which it is erased or made anonymous.

# Your rights
You can ask to see everything we hold about you, and we will answer within one calendar month. You can ask us to correct it, to erase it, to limit how we use it, or to stop using it, and you can take back a consent at any time.{% if organisation.email or organisation.phone %} Contact us{% if organisation.email %} at {{ organisation.email }}{% endif %}{% if organisation.phone %}{% if organisation.email %} or{% endif %} on {{ organisation.phone }}{% endif %}.{% endif %}

# How to complain
Please tell us first. You can also complain to the Information Commissioner's Office: ico.org.uk/make-a-complaint, or telephone 0303 123 1113.";

pub fn default_template(kind: LetterKind) -> &'static str {
    match kind {
        LetterKind::Acknowledgement => ACKNOWLEDGEMENT,
        LetterKind::Progress => PROGRESS,
        LetterKind::Closing => CLOSING,
    }
}

const ACKNOWLEDGEMENT: &str = "Thank you for referring {{ participant.name }} to {{ organisation.name }}. We received your referral on {{ referral.received_on }}.

We will contact {{ participant.preferred_name or participant.name }} within 7 days to welcome them and talk about which of our groups might suit them{% if referral.suggested %}, starting with {{ referral.suggested }}{% endif %}. We will write to you again to let you know how they are getting on.

If you have any questions, please contact us{% if organisation.phone %} on {{ organisation.phone }}{% endif %}{% if organisation.email %} or at {{ organisation.email }}{% endif %}.";

const PROGRESS: &str = "We are writing to let you know how {{ participant.name }} is getting on since you referred them to us on {{ referral.received_on }}.

They have come to {{ attendance.attended }} of the {{ attendance.offered }} sessions offered{% if attendance.activities %} at {{ attendance.activities }}{% endif %}{% if attendance.first %}, first on {{ attendance.first }} and most recently on {{ attendance.last }}{% endif %}.
{% if changes %}
In their own words: “{{ changes }}”
{% endif %}{% if wellbeing.change %}
On the wellbeing questions they answered with us: {{ wellbeing.change }}.
{% endif %}{% if wellbeing.benefits %}
The benefits they report: {{ wellbeing.benefits }}.
{% endif %}
Please contact us if you would like to know more{% if organisation.phone %} on {{ organisation.phone }}{% endif %}.";

const CLOSING: &str = "Thank you for referring {{ participant.name }} to {{ organisation.name }} on {{ referral.received_on }}. Their time with us came to an end on {{ closing.date }}: {{ closing.reason }}.

Support offered: {{ attendance.activities or \"an introduction to our groups\" }}. They came to {{ attendance.attended }} of the {{ attendance.offered }} sessions offered{% if attendance.first %}, from {{ attendance.first }} to {{ attendance.last }}{% endif %}.
{% if outcome %}
Outcome: {{ outcome }}
{% endif %}{% if changes %}
In their own words: “{{ changes }}”
{% endif %}{% if wellbeing.change %}
On the wellbeing questions they answered with us: {{ wellbeing.change }}.
{% endif %}{% if wellbeing.benefits %}
The benefits they report: {{ wellbeing.benefits }}.
{% endif %}
Thank you for thinking of us. We are always glad to hear from you.";

/// The only letter text sent when the participant has not consented to
/// share details: it confirms the bare fact, and says why it says no more.
pub fn minimal(kind: LetterKind, facts: &LetterFacts) -> Result<String, ValidationError> {
    let fact = match kind {
        LetterKind::Closing => {
            "This letter confirms that we received your referral on {{ referral.received_on }} and that it was closed on {{ closing.date }}."
        }
        _ => "This letter confirms that we received your referral on {{ referral.received_on }}.",
    };
    let source = format!(
        "{fact}\n\n{{{{ participant.name }}}} has not given consent for us to share more about their time with us, so we cannot tell you more than this.\n\nPlease contact us if you have any questions{{% if organisation.phone %}} on {{{{ organisation.phone }}}}{{% endif %}}."
    );
    render(&source, facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tends_privacy_notice_fills_in_and_a_broken_one_is_refused() {
        let notice = render_notice(PRIVACY_NOTICE, &NoticeFacts::sample()).unwrap();
        assert!(notice.starts_with("# Who we are\nAbermill Wellbeing, registered charity 1234567"));
        assert!(notice.contains("Contact us at hello@abermill.org.uk or on 01234 567890."));
        let err =
            render_notice("Hello {{ participant.name }}", &NoticeFacts::sample()).unwrap_err();
        assert_eq!(err.field, "template");
        assert!(render_notice("  ", &NoticeFacts::sample()).is_err());
    }

    #[test]
    fn every_placeholder_listed_fills_in() {
        let listed = placeholders();
        assert!(listed.contains(&"participant.name".to_owned()));
        assert!(listed.contains(&"referrer.salutation".to_owned()));
        assert!(listed.contains(&"today".to_owned()));
        for name in &listed {
            check(&format!("{{{{ {name} }}}}")).unwrap();
        }
    }

    #[test]
    fn the_default_templates_fill_in() {
        for kind in [
            LetterKind::Acknowledgement,
            LetterKind::Progress,
            LetterKind::Closing,
        ] {
            let text = check(default_template(kind)).unwrap();
            assert!(text.contains("Zoë Ní Bhriain"), "{text}");
            assert!(!text.contains("{{"), "{text}");
        }
    }

    #[test]
    fn unknown_placeholders_and_syntax_errors_name_their_line() {
        let err =
            check("Thank you, {{ referrer.name }}.\n\n{{ participant.shoe_size }}").unwrap_err();
        assert!(err.message.starts_with("Line 3:"), "{}", err.message);
        let err = check("Hello\n{% if changes %}never closed").unwrap_err();
        assert!(err.message.starts_with("Line 2:"), "{}", err.message);
    }

    #[test]
    fn without_consent_only_the_bare_facts_are_sent() {
        let text = minimal(LetterKind::Acknowledgement, &LetterFacts::sample()).unwrap();
        assert!(text.contains("has not given consent"));
        assert!(!text.contains("look forward to Tuesdays"));
    }
}

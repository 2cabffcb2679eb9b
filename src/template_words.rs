//! A letter template in plain words: each placeholder's name and a line
//! about it, the template cut into text and labelled chips for the simple
//! editor, and its mistakes explained with their line (single braces, a
//! placeholder Tend does not know, one left open) before the template
//! language is asked at all.

use serde::Serialize;
use ts_rs::TS;

use crate::domain::ValidationError;
use crate::domain::names::edits;

/// A placeholder as the letter editor lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Placeholder {
    /// As the template writes it: "participant.name".
    pub key: String,
    /// "Person's name"
    pub name: String,
    /// A line about what it says in a letter.
    pub about: String,
}

/// Every placeholder: its key, its name and a line about it. A test holds
/// this to exactly what `templates::placeholders` reads off the facts.
const DESCRIBED: [(&str, &str, &str); 25] = [
    (
        "today",
        "Today's date",
        "The day the letter is written, such as Monday 2 March 2026.",
    ),
    (
        "participant.name",
        "Person's name",
        "Their full name, as Tend holds it.",
    ),
    (
        "participant.preferred_name",
        "Name they go by",
        "What they like to be called; empty when not given.",
    ),
    (
        "participant.date_of_birth",
        "Person's date of birth",
        "Such as 14 July 1948; empty when not known.",
    ),
    (
        "participant.nhs_number",
        "Person's NHS number",
        "Spaced as 943 476 5919; empty when not known.",
    ),
    (
        "referrer.name",
        "Referrer's name",
        "The GP or link worker who referred them.",
    ),
    (
        "referrer.organisation",
        "Referrer's organisation",
        "Their surgery or service.",
    ),
    (
        "referrer.salutation",
        "How the letter greets the referrer",
        "Their name, or “colleague” when there is none.",
    ),
    (
        "referral.received_on",
        "Date the referral arrived",
        "Such as Monday 5 January 2026.",
    ),
    (
        "referral.reason",
        "Reason for the referral",
        "In the referrer's words.",
    ),
    (
        "referral.suggested",
        "Activities suggested",
        "The groups suggested for them, such as the Tuesday Health Walk.",
    ),
    (
        "organisation.name",
        "Your organisation's name",
        "As Settings has it.",
    ),
    (
        "organisation.phone",
        "Your phone number",
        "As Settings has it; empty when not given.",
    ),
    (
        "organisation.email",
        "Your email address",
        "As Settings has it; empty when not given.",
    ),
    (
        "attendance.attended",
        "Sessions they came to",
        "How many sessions they came to since the referral.",
    ),
    (
        "attendance.offered",
        "Sessions offered",
        "How many sessions they could have come to since the referral.",
    ),
    (
        "attendance.first",
        "Date they first came",
        "Empty when they have not come yet.",
    ),
    (
        "attendance.last",
        "Date they last came",
        "Empty when they have not come yet.",
    ),
    (
        "attendance.activities",
        "Activities they came to",
        "Such as the Tuesday Health Walk and the Garden.",
    ),
    (
        "changes",
        "What they say has changed",
        "In their own words, from their referral.",
    ),
    (
        "outcome",
        "The outcome",
        "For the closing letter, from their referral.",
    ),
    (
        "closing.date",
        "Date support ended",
        "For the closing letter.",
    ),
    (
        "closing.reason",
        "Why support ended",
        "Such as “support completed”.",
    ),
    (
        "wellbeing.change",
        "Their change in wellbeing",
        "From their first baseline to their latest review; empty without both.",
    ),
    (
        "wellbeing.benefits",
        "Benefits they report",
        "Such as new friends and confidence.",
    ),
];

/// Every placeholder with its name and line, in the order a letter reads.
pub fn placeholder_list() -> Vec<Placeholder> {
    DESCRIBED
        .iter()
        .map(|(key, name, about)| Placeholder {
            key: (*key).into(),
            name: (*name).into(),
            about: (*about).into(),
        })
        .collect()
}

fn name_of(key: &str) -> Option<&'static str> {
    DESCRIBED
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, name, _)| *name)
}

/// A piece of a template, as the simple editor shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TemplatePart {
    /// Words as they are.
    Text { text: String },
    /// A placeholder or a condition, shown as a chip: `raw` is what the
    /// template holds, `label` what the chip says.
    Chip {
        raw: String,
        label: String,
        /// A condition (`{% if … %}`) rather than a placeholder.
        condition: bool,
    },
}

/// The template cut into words and chips; put back together, the chips'
/// `raw` and the words give the template again, exactly.
pub fn parts(source: &str) -> Vec<TemplatePart> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = next_tag(rest) {
        let (open, close) = if rest[at..].starts_with("{{") {
            ("{{", "}}")
        } else {
            ("{%", "%}")
        };
        let Some(end) = rest[at + 2..].find(close) else {
            break;
        };
        let end = at + 2 + end + 2;
        if at > 0 {
            out.push(TemplatePart::Text {
                text: rest[..at].into(),
            });
        }
        let raw = &rest[at..end];
        let inner = raw[2..raw.len() - 2].trim().trim_matches('-').trim();
        out.push(TemplatePart::Chip {
            raw: raw.into(),
            label: if open == "{{" {
                expression_words(inner)
            } else {
                condition_words(inner)
            },
            condition: open == "{%",
        });
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push(TemplatePart::Text { text: rest.into() });
    }
    out
}

fn next_tag(text: &str) -> Option<usize> {
    match (text.find("{{"), text.find("{%")) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A token of an expression: a name (`participant.name`), words in
/// quotes, or a keyword or filter's name (which names no fact).
enum Token<'a> {
    Name(&'a str),
    Quoted(&'a str),
    Other,
}

const KEYWORDS: [&str; 12] = [
    "or", "and", "not", "is", "in", "if", "else", "true", "false", "none", "defined", "elif",
];

fn tokens(expression: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut after_bar = false;
    let mut rest = expression;
    while let Some(c) = rest.chars().next() {
        if c == '"' || c == '\'' {
            let (text, end) = match rest[1..].find(c) {
                Some(close) => (&rest[1..1 + close], close + 2),
                None => (&rest[1..], rest.len()),
            };
            out.push(Token::Quoted(text));
            rest = &rest[end..];
        } else if c.is_ascii_alphabetic() || c == '_' {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .unwrap_or(rest.len());
            let word = &rest[..end];
            if after_bar || KEYWORDS.contains(&word.to_lowercase().as_str()) {
                out.push(Token::Other);
            } else {
                out.push(Token::Name(word));
            }
            after_bar = false;
            rest = &rest[end..];
        } else {
            if !c.is_whitespace() {
                after_bar = c == '|';
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// "Name they go by, or Person's name" for
/// `participant.preferred_name or participant.name`.
fn expression_words(expression: &str) -> String {
    let words: Vec<String> = tokens(expression)
        .into_iter()
        .filter_map(|t| match t {
            Token::Name(key) => Some(name_of(key).map_or_else(|| key.to_string(), String::from)),
            Token::Quoted(text) => Some(format!("“{text}”")),
            Token::Other => None,
        })
        .collect();
    if words.is_empty() {
        expression.to_string()
    } else {
        words.join(", or ")
    }
}

/// "Only if: What they say has changed" for `if changes`, "Otherwise",
/// "End of the condition".
fn condition_words(tag: &str) -> String {
    let (word, rest) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
    match word {
        "if" | "elif" => {
            let names: Vec<&str> = tokens(rest)
                .into_iter()
                .filter_map(|t| match t {
                    Token::Name(key) => Some(name_of(key).unwrap_or(key)),
                    _ => None,
                })
                .collect();
            let not = rest.trim_start().starts_with("not ");
            let what = names.join(" and ");
            match (word, not) {
                ("if", false) => format!("Only if there is: {what}"),
                ("if", true) => format!("Only if there is no: {what}"),
                (_, false) => format!("Or else if there is: {what}"),
                (_, true) => format!("Or else if there is no: {what}"),
            }
        }
        "else" => "Otherwise".into(),
        "endif" => "End of the condition".into(),
        _ => tag.to_string(),
    }
}

/// The first mistake a person could make in a letter's wording, in plain
/// words with its line: a placeholder in single braces, one Tend does not
/// know, or one opened and never closed.
pub fn plain_mistake(source: &str) -> Option<ValidationError> {
    let at_line = |offset: usize| source[..offset].matches('\n').count() + 1;
    let wrong = |offset: usize, message: String| {
        Some(ValidationError::new(
            "template",
            format!("Line {}: {message}", at_line(offset)),
        ))
    };
    let mut rest = 0;
    while let Some(found) = source[rest..].find('{') {
        let at = rest + found;
        let after = &source[at + 1..];
        if after.starts_with('{') || after.starts_with('%') {
            let (close, what) = if after.starts_with('{') {
                ("}}", "A placeholder")
            } else {
                ("%}", "A condition")
            };
            let Some(end) = after[1..].find(close) else {
                return wrong(
                    at,
                    format!(
                        "{what} is opened with “{}” but never closed with “{close}”.",
                        &source[at..at + 2]
                    ),
                );
            };
            let inner = after[1..1 + end].trim().trim_matches('-').trim();
            // A condition's own word (`if`, `endif`) names nothing.
            let named = if close == "}}" {
                inner
            } else {
                match inner.split_once(char::is_whitespace) {
                    Some(("if" | "elif", condition)) => condition,
                    _ => "",
                }
            };
            for token in tokens(named) {
                if let Token::Name(key) = token
                    && name_of(key).is_none()
                {
                    let shown = source[at..at + 2 + end + 2].trim();
                    return wrong(
                        at,
                        format!(
                            "“{shown}” names “{key}”, which is not a placeholder Tend knows.{}",
                            suggestion(key)
                        ),
                    );
                }
            }
            rest = at + 2 + end + 2;
            continue;
        }
        // `{participant.name}`: one brace each side.
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == ' '))
            .unwrap_or(after.len());
        let word = after[..end].trim();
        if after[end..].starts_with('}') && !after[end..].starts_with("}}") && !word.is_empty() {
            let shown = &source[at..at + 1 + end + 1];
            let meant = match name_of(word) {
                Some(name) => format!(
                    " Did you mean {name}? Insert it from the list, or write {{{{ {word} }}}}."
                ),
                None => suggestion(word),
            };
            return wrong(at, format!("“{shown}” has single braces.{meant}"));
        }
        rest = at + 1;
    }
    None
}

/// What the template language said was wrong, in plain words.
pub fn plain_syntax(detail: &str) -> String {
    let unknown = |prefix: &str, suffix: &str| {
        detail
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .map(str::to_owned)
    };
    if detail.contains("unexpected end of input") {
        "a condition ({% if … %}) has no {% endif %} to end it.".into()
    } else if detail == "unknown statement endif" {
        "“{% endif %}” ends a condition that was never started with {% if … %}.".into()
    } else if let Some(word) = unknown("unknown statement ", "") {
        format!(
            "“{word}” is not something a condition can say: use {{% if … %}}, {{% else %}} and {{% endif %}}."
        )
    } else if detail.contains("unexpected end of variable block") {
        "a placeholder is empty: put a name between {{ and }}, or insert one from the list.".into()
    } else if detail.contains("expected end of variable block") {
        "a placeholder holds more than one name: write each in its own {{ … }}.".into()
    } else if detail.contains("unexpected end of block") {
        "a condition needs something to check, such as {% if changes %}.".into()
    } else if let Some(word) = unknown("filter ", " is unknown") {
        format!("“{word}” is not something Tend can do to a placeholder.")
    } else {
        format!("Tend cannot read this part of the wording ({detail}).")
    }
}

/// " Did you mean Person's name?" for a key close to a known one.
fn suggestion(key: &str) -> String {
    let last_part = format!(".{key}");
    let closest = DESCRIBED
        .iter()
        .find(|(k, _, _)| k.ends_with(&last_part))
        .map(|(k, name, _)| (*k, *name))
        .or_else(|| {
            DESCRIBED
                .iter()
                .map(|(k, name, _)| (edits(key, k), *k, *name))
                .filter(|(d, _, _)| *d <= 3)
                .min_by_key(|(d, _, _)| *d)
                .map(|(_, k, name)| (k, name))
        });
    match closest {
        Some((k, name)) => format!(" Did you mean {name} ({{{{ {k} }}}})?"),
        None => " Insert a placeholder from the list instead.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_has_a_name_and_a_line_and_no_other() {
        let keys: Vec<String> = placeholder_list().into_iter().map(|p| p.key).collect();
        let mut known = crate::templates::placeholders();
        let mut listed = keys.clone();
        known.sort();
        listed.sort();
        assert_eq!(listed, known);
    }

    #[test]
    fn a_template_is_cut_into_words_and_chips_and_put_back_exactly() {
        let source = crate::templates::default_template(crate::domain::LetterKind::Progress);
        let parts = parts(source);
        let again: String = parts
            .iter()
            .map(|p| match p {
                TemplatePart::Text { text } => text.as_str(),
                TemplatePart::Chip { raw, .. } => raw.as_str(),
            })
            .collect();
        assert_eq!(again, source);
        let labels: Vec<&str> = parts
            .iter()
            .filter_map(|p| match p {
                TemplatePart::Chip { label, .. } => Some(label.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(labels[0], "Person's name");
        assert!(labels.contains(&"Only if there is: What they say has changed"));
        assert!(labels.contains(&"End of the condition"));
        let ack = crate::templates::default_template(crate::domain::LetterKind::Acknowledgement);
        assert!(
            parts_labels(ack).contains(&"Name they go by, or Person's name".to_string()),
            "{:?}",
            parts_labels(ack)
        );
    }

    fn parts_labels(source: &str) -> Vec<String> {
        parts(source)
            .into_iter()
            .filter_map(|p| match p {
                TemplatePart::Chip { label, .. } => Some(label),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn mistakes_are_said_in_plain_words_with_their_line() {
        let said = |s: &str| plain_mistake(s).map(|e| e.message).unwrap_or_default();
        assert_eq!(
            said("Dear all,\nThank you for referring {participant.name}."),
            "Line 2: “{participant.name}” has single braces. Did you mean Person's name? Insert it from the list, or write {{ participant.name }}."
        );
        assert_eq!(
            said("About {{ participant.nam }}."),
            "Line 1: “{{ participant.nam }}” names “participant.nam”, which is not a placeholder Tend knows. Did you mean Person's name ({{ participant.name }})?"
        );
        assert!(said("{{ name }}").contains("Did you mean Person's name"));
        assert!(said("{% if shoe_size %}big{% endif %}").contains("“shoe_size”"));
        assert_eq!(
            said("Hello\n\n{{ participant.name"),
            "Line 3: A placeholder is opened with “{{” but never closed with “}}”."
        );
        assert!(said("{garden}").contains("single braces"));
        // Tend's own wordings, and braces that are only words, are fine.
        for kind in [
            crate::domain::LetterKind::Acknowledgement,
            crate::domain::LetterKind::Progress,
            crate::domain::LetterKind::Closing,
        ] {
            assert_eq!(said(crate::templates::default_template(kind)), "");
        }
        assert_eq!(said("Smile :-} or {{ changes | upper }} or { }"), "");
    }

    #[test]
    fn the_template_languages_own_complaints_are_put_in_plain_words() {
        let said = |s: &str| {
            crate::templates::check(s)
                .err()
                .map(|e| e.message)
                .unwrap_or_default()
        };
        assert_eq!(
            said("Hello\n{% if changes %}hello"),
            "Line 2: a condition ({% if … %}) has no {% endif %} to end it."
        );
        assert!(said("{% endif %}").contains("never started"));
        assert!(said("{{ changes changes }}").contains("more than one name"));
        assert!(said("{{ }}").contains("is empty"));
        assert!(said("{% iff changes %}{% endif %}").contains("“iff”"));
        assert!(said("{{ changes | nofilter }}").contains("“nofilter”"));
    }
}

//! Rules for the text people type: trimmed, bounded, no control characters.

use super::validation::{Validated, ValidationError};

/// Longest name we accept; longer is almost certainly a paste gone wrong.
pub const NAME_MAX: usize = 100;
/// Longest one-line field (a place, a role, a phone number…).
pub const LINE_MAX: usize = 200;
/// Longest free-text note (needs, concerns, access needs).
pub const NOTE_MAX: usize = 4000;
/// Longer notes that go into letters (what has changed, the outcome): a
/// few thousand words, flowing onto further pages.
pub const LETTER_NOTE_MAX: usize = 30_000;

/// A required one-line value: trimmed, not empty, at most `max` characters.
pub fn required(field: &str, label: &str, value: &str, max: usize) -> Validated<String> {
    let value = optional(field, label, value, max)?;
    if value.is_empty() {
        return Err(ValidationError::new(field, format!("{label} is required.")));
    }
    Ok(value)
}

/// An optional one-line value: trimmed, at most `max` characters, no line breaks.
pub fn optional(field: &str, label: &str, value: &str, max: usize) -> Validated<String> {
    let value = value.trim();
    if value.chars().any(char::is_control) {
        return Err(ValidationError::new(
            field,
            format!("{label} must be on one line, without special characters."),
        ));
    }
    within(field, label, value, max)
}

/// Free text that may run over several lines.
pub fn note(field: &str, label: &str, value: &str, max: usize) -> Validated<String> {
    let value = value.trim();
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ValidationError::new(
            field,
            format!("{label} contains characters that cannot be stored."),
        ));
    }
    within(field, label, value, max)
}

fn within(field: &str, label: &str, value: &str, max: usize) -> Validated<String> {
    let count = value.chars().count();
    if count > max {
        return Err(ValidationError::new(
            field,
            format!("{label} is too long: {count} characters, the most is {max}."),
        ));
    }
    Ok(value.to_string())
}

/// A key that sorts names the way a person scans a list: ignoring case and
/// accents, so "Łukasz" sits among the Ls and "Ó Briain" among the Os.
pub fn sort_key(name: &str) -> String {
    if name.is_ascii() {
        return name.to_ascii_lowercase();
    }
    // Letter by letter, so the ASCII letters of a mostly-ASCII name
    // ("Łucja Ní Bhriain") cost no more than in an ASCII one.
    let mut key = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii() {
            key.push(c.to_ascii_lowercase());
            continue;
        }
        unicode_normalization::char::decompose_canonical(c, |part| {
            if ('\u{300}'..='\u{36f}').contains(&part) {
                return;
            }
            key.extend(part.to_lowercase().map(|lower| match lower {
                'ł' => 'l',
                'ø' => 'o',
                'đ' | 'ð' => 'd',
                'ı' => 'i',
                // Greek final sigma, so "ΣΟΦΟΣ" finds "Σοφός".
                'ς' => 'σ',
                other => other,
            }));
        });
    }
    key
}

/// The first letter as a capital: "fewer than 5" → "Fewer than 5".
pub fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A count with its noun: "1 letter", "2,400 attendance marks".
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// A count as people read it: 2000000 → "2,000,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_rejects_blank_and_names_the_field() {
        let err = required("full_name", "Name", "   ", NAME_MAX).unwrap_err();
        assert_eq!(err.field, "full_name");
        assert_eq!(err.message, "Name is required.");
    }

    #[test]
    fn keeps_welsh_and_polish_letters() {
        assert_eq!(
            required("n", "Name", "  Łukasz Wróbel ", NAME_MAX).unwrap(),
            "Łukasz Wróbel"
        );
        assert_eq!(
            required("n", "Name", "Dafydd ŵŷ", NAME_MAX).unwrap(),
            "Dafydd ŵŷ"
        );
    }

    #[test]
    fn names_sort_by_their_letters_not_their_accents() {
        let mut names = vec![
            "Zoë Ní Bhriain",
            "Łukasz Wróbel",
            "Lewis Janet",
            "Ayşe Yılmaz",
            "Mohammed",
        ];
        names.sort_by_cached_key(|n| sort_key(n));
        assert_eq!(
            names,
            vec![
                "Ayşe Yılmaz",
                "Lewis Janet",
                "Łukasz Wróbel",
                "Mohammed",
                "Zoë Ní Bhriain"
            ]
        );
    }

    #[test]
    fn sort_keys_fold_case_and_accents_in_every_script() {
        assert_eq!(sort_key("Łucja Ní Bhriain"), "lucja ni bhriain");
        assert_eq!(sort_key("ŴYN Dafydd"), "wyn dafydd");
        assert_eq!(sort_key("ΣΟΦΟΣ"), sort_key("Σοφός"));
        assert_eq!(sort_key("Ødegård"), "odegard");
        assert_eq!(sort_key("Ольга"), "ольга");
    }

    #[test]
    fn long_note_is_refused_with_its_length() {
        let long = "a".repeat(5000);
        let err = note("needs", "Needs", &long, NOTE_MAX).unwrap_err();
        assert!(err.message.contains("5000 characters"), "{}", err.message);
    }

    #[test]
    fn one_line_fields_refuse_line_breaks() {
        assert!(optional("phone", "Phone", "0123\n456", LINE_MAX).is_err());
        assert_eq!(note("n", "Note", "a\nb", NOTE_MAX).unwrap(), "a\nb");
    }

    #[test]
    fn counts_are_grouped_in_threes() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(2_000_000), "2,000,000");
        assert_eq!(counted(1, "person", "people"), "1 person");
        assert_eq!(
            counted(2400, "attendance mark", "attendance marks"),
            "2,400 attendance marks"
        );
    }
}

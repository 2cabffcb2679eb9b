//! The one rule for "is this the same person's name": names folded for
//! case, accents and diacritics, punctuation and spacing, and the order of
//! given and family names. Every search box and every look-alike check uses
//! this, and nothing else compares names.

use super::text::sort_key;

/// Short words that belong to the name after them, so "O Brien" is
/// "OBrien" and "Ní Bhriain" is "NiBhriain".
const PARTICLES: &[&str] = &[
    "o", "ni", "nic", "ui", "mc", "mac", "ap", "ab", "ferch", "verch", "de", "del", "della", "di",
    "da", "du", "la", "le", "van", "von", "der", "den", "st", "al", "el", "bin", "bint",
];

/// A name as the matching rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoldedName {
    /// The words in the order typed, each folded ("o'brien" → "obrien").
    words: Vec<String>,
    /// The words with particles joined to the word after them, sorted, so
    /// the order of given and family names does not matter.
    canonical: Vec<String>,
    /// The words run together in the order typed: "maryobrien".
    joined: String,
    /// The canonical words run together.
    canonical_joined: String,
}

impl FoldedName {
    pub fn new(name: &str) -> Self {
        let words = fold_words(name);
        let mut canonical = Vec::with_capacity(words.len());
        let mut pending = String::new();
        for (i, word) in words.iter().enumerate() {
            pending.push_str(word);
            let is_last = i + 1 == words.len();
            if is_last || !PARTICLES.contains(&word.as_str()) {
                canonical.push(std::mem::take(&mut pending));
            }
        }
        canonical.sort_unstable();
        FoldedName {
            joined: words.concat(),
            canonical_joined: canonical.concat(),
            words,
            canonical,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The name as one text, the same whatever its order, accents or
    /// spacing ("Ní Bhriain, Zoë" and "Zoe Ni Bhriain" are both
    /// "nibhriain zoe"), for keying records that must match exactly.
    pub fn key(&self) -> String {
        self.canonical.join(" ")
    }

    /// The words run together in the order typed ("maryobrien"): with
    /// `key`, the two texts `same_as` compares.
    pub fn run_together(&self) -> &str {
        &self.joined
    }

    /// The same name, however it was spelt, spaced or ordered:
    /// "Zoë Ní Bhriain" = "zoe ni bhriain" = "Ni Bhriain, Zoe";
    /// "O'Brien" = "OBrien" = "O Brien".
    pub fn same_as(&self, other: &FoldedName) -> bool {
        !self.is_empty() && (self.canonical == other.canonical || self.joined == other.joined)
    }

    /// `same_as` a name kept as its two texts, `key` and `run_together`.
    pub fn same_as_kept(&self, key: &str, run_together: &str) -> bool {
        !self.is_empty()
            && (self.joined == run_together
                || key.split(' ').eq(self.canonical.iter().map(String::as_str)))
    }

    /// Near enough to be the same person when something else matches too
    /// (a date of birth, a phone number): the same name, one or two
    /// letters apart, or a shared word with the same first letter
    /// ("Zoe Brien" and "Zoë O'Brien").
    pub fn close_to(&self, other: &FoldedName) -> bool {
        if self.is_empty() || other.is_empty() {
            return false;
        }
        if self.same_as(other) {
            return true;
        }
        let near =
            |a: &str, b: &str| a.chars().count().min(b.chars().count()) >= 4 && edits(a, b) <= 2;
        if near(&self.joined, &other.joined)
            || near(&self.canonical_joined, &other.canonical_joined)
        {
            return true;
        }
        let initial = |n: &FoldedName| n.words.first().and_then(|w| w.chars().next());
        let shares_word = self
            .words
            .iter()
            .any(|w| w.chars().count() >= 3 && other.words.contains(w));
        shares_word && initial(self) == initial(other)
    }

    /// How well a search matches this name, best first; `None` when it
    /// does not. Every word typed must start a word of the name ("zo bhr"
    /// finds "Zoë Ní Bhriain"), or the letters typed must appear in it run
    /// together ("obri" finds "O'Brien").
    pub fn search_rank(&self, query: &FoldedName) -> Option<SearchRank> {
        if query.is_empty() {
            return Some(SearchRank::Everyone);
        }
        // Whatever the kind of match, the longest word typed appears in the
        // name run together: a quick way past most names in a long list.
        if let Some(longest) = query.words.iter().max_by_key(|w| w.len())
            && !self.joined.contains(longest.as_str())
            && !self.canonical_joined.contains(longest.as_str())
        {
            return None;
        }
        if self.same_as(query) {
            return Some(SearchRank::Exact);
        }
        let starts = |q: &String| self.words.iter().any(|w| w.starts_with(q.as_str()));
        if query.words.iter().all(starts) {
            let in_order = self.words.first().is_some_and(|w| {
                query
                    .words
                    .first()
                    .is_some_and(|q| w.starts_with(q.as_str()))
            });
            return Some(if in_order {
                SearchRank::StartsWith
            } else {
                SearchRank::WordsStart
            });
        }
        let typed = query.joined.as_str();
        (self.joined.contains(typed) || self.canonical_joined.contains(typed))
            .then_some(SearchRank::Contains)
    }
}

impl FoldedName {
    /// A word of this name (three letters or more, not a particle such as
    /// "ap" or "Ní") appears as a word of `text`: free text that would
    /// name the person ("Asked by Zoe herself" names Zoë Ní Bhriain).
    pub fn mentioned_in(&self, text: &str) -> bool {
        let words = fold_words(text);
        self.words.iter().any(|w| {
            w.chars().count() >= 3 && !PARTICLES.contains(&w.as_str()) && words.contains(w)
        })
    }
}

/// How well a search matches a person by their full or preferred name.
pub fn person_rank(
    full: &FoldedName,
    preferred: &FoldedName,
    query: &FoldedName,
) -> Option<SearchRank> {
    let by_preferred = (!preferred.is_empty())
        .then(|| preferred.search_rank(query))
        .flatten();
    full.search_rank(query)
        .into_iter()
        .chain(by_preferred)
        .min()
}

/// Better matches sort first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SearchRank {
    Exact,
    StartsWith,
    WordsStart,
    Contains,
    Everyone,
}

/// Folded words: lower case, accents gone, apostrophes and full stops
/// dropped inside a word, hyphens, commas and spaces between words.
fn fold_words(name: &str) -> Vec<String> {
    sort_key(name)
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '‐' | '–' | ',' | '/' | '(' | ')'))
        .map(|word| {
            word.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// Letters to change, add or remove to turn one word into the other.
pub(crate) fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Only digits, so "07700 900 123" and "07700900123" are one number; a
/// leading +44 is read as 0.
pub fn phone_key(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("44") {
        Some(rest) if phone.trim_start().starts_with('+') => format!("0{rest}"),
        _ => digits,
    }
}

pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// By the rule, compared in memory and as the names index keeps it.
    fn same(a: &str, b: &str) -> bool {
        let (a, b) = (FoldedName::new(a), FoldedName::new(b));
        let same = a.same_as(&b);
        assert_eq!(b.same_as_kept(&a.key(), a.run_together()), same);
        same
    }

    #[test]
    fn names_match_whatever_their_accents_in_every_language() {
        // Irish and Welsh
        assert!(same("Zoë Ní Bhriain", "Zoe Ni Bhriain"));
        assert!(same("Llŷr ap Dafydd", "Llyr ap Dafydd"));
        assert!(same("Siân Ŵyn", "SIAN WYN"));
        // Polish
        assert!(same("Łukasz Wróbel", "Lukasz Wrobel"));
        assert!(same("Zofia Żółkiewska", "zofia zolkiewska"));
        // Turkish: dotless ı and dotted İ
        assert!(same("Ayşe Yılmaz", "Ayse Yilmaz"));
        assert!(same("İbrahim Öztürk", "Ibrahim Ozturk"));
        // German
        assert!(same("Jürgen Müller", "Jurgen Muller"));
        // Greek, with its final sigma
        assert!(same("Νίκος Παπαδόπουλος", "ΝΙΚΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ"));
        // Cyrillic
        assert!(same("Ольга Йовович", "ольга йовович"));
        assert!(!same("Ольга", "Olga"), "no transliteration between scripts");
    }

    #[test]
    fn a_name_is_mentioned_in_text_by_any_of_its_longer_words() {
        let name = FoldedName::new("Zoë Ní Bhriain");
        assert!(name.mentioned_in("Asked by zoe herself"));
        assert!(name.mentioned_in("bhriain family request"));
        assert!(!name.mentioned_in("Asked in writing; no longer attends"));
        assert!(!name.mentioned_in("ni"), "a particle alone names nobody");
    }

    #[test]
    fn punctuation_spacing_and_order_do_not_matter() {
        assert!(same("Mary O'Brien", "Mary OBrien"));
        assert!(same("Mary O'Brien", "Mary O Brien"));
        assert!(same("O'Brien, Mary", "Mary O Brien"));
        assert!(same("Ní Bhriain Zoë", "Zoë Ní Bhriain"));
        assert!(same("Anne-Marie Jones", "Anne Marie Jones"));
        assert!(same("Annemarie Jones", "Anne Marie Jones"));
        assert!(same("  Dafydd   ap  Gwilym ", "Dafydd ap Gwilym"));
        assert!(!same("Mary O'Brien", "Martha O'Brien"));
        assert!(!same("", ""));
    }

    #[test]
    fn close_names_are_a_letter_or_two_apart_or_share_a_word() {
        let close = |a: &str, b: &str| FoldedName::new(a).close_to(&FoldedName::new(b));
        assert!(close("Zoe Ni Bhriain", "Zoë Ní Bhriaín"));
        assert!(close("Bethan Rees", "Bethan Reese"));
        assert!(close("Zoe Brien", "Zoë O'Brien"));
        assert!(!close("Bethan Rees", "Megan Llewelyn"));
        assert!(
            !close("Bethan Rees", "Alun Rees"),
            "a shared family name alone is not close"
        );
    }

    #[test]
    fn search_finds_by_the_start_of_any_word_best_match_first() {
        let rank = |name: &str, q: &str| FoldedName::new(name).search_rank(&FoldedName::new(q));
        assert_eq!(rank("Zoë Ní Bhriain", "zoe"), Some(SearchRank::StartsWith));
        assert_eq!(rank("Zoë Ní Bhriain", "bhri"), Some(SearchRank::WordsStart));
        assert_eq!(
            rank("Zoë Ní Bhriain", "zoe ni bhriain"),
            Some(SearchRank::Exact)
        );
        assert_eq!(rank("Mary O'Brien", "obri"), Some(SearchRank::WordsStart));
        assert_eq!(rank("Mary O'Brien", "o bri"), Some(SearchRank::Contains));
        assert_eq!(rank("Łukasz Wróbel", "robel"), Some(SearchRank::Contains));
        assert_eq!(rank("Łukasz Wróbel", "zoe"), None);
        assert_eq!(rank("Łukasz Wróbel", ""), Some(SearchRank::Everyone));
        assert!(SearchRank::Exact < SearchRank::StartsWith);
    }

    #[test]
    fn the_key_is_one_text_whatever_the_order_and_accents() {
        assert_eq!(FoldedName::new("Ní Bhriain, Zoë").key(), "nibhriain zoe");
        assert_eq!(FoldedName::new("zoe ni bhriain").key(), "nibhriain zoe");
        assert_ne!(FoldedName::new("Ab C").key(), FoldedName::new("A Bc").key());
    }

    #[test]
    fn phone_numbers_compare_by_their_digits() {
        assert_eq!(phone_key("07700 900 123"), phone_key("07700-900123"));
        assert_eq!(phone_key("+44 7700 900123"), "07700900123");
        assert_eq!(email_key(" Zoe@Example.org "), "zoe@example.org");
    }
}

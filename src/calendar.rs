//! Calendar files (iCalendar, RFC 5545) a volunteer imports into their own
//! calendar: one event per rota assignment, times in Europe/London.

use chrono::{DateTime, NaiveDateTime, Utc};

/// One rota assignment as a calendar event.
pub struct CalendarEvent {
    /// Stable for the assignment, so importing again updates the event.
    pub uid: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub cancelled: bool,
    /// Goes up when the event changes (moved, cancelled), so calendars
    /// take the newer copy.
    pub sequence: u32,
}

/// The UK's clock changes: BST from the last Sunday of March at 01:00 UTC
/// to the last Sunday of October at 01:00 UTC.
const EUROPE_LONDON: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19810329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// A whole calendar file named for `name`, with CRLF line ends and long
/// lines folded.
pub fn calendar(name: &str, events: &[CalendarEvent], stamp: DateTime<Utc>) -> String {
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let local = |t: NaiveDateTime| t.format("%Y%m%dT%H%M%S").to_string();
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Tend//Volunteer rota//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape(&format!("Rota – {name}"))),
        "X-WR-TIMEZONE:Europe/London".into(),
    ];
    lines.extend(EUROPE_LONDON.iter().map(|l| l.to_string()));
    for event in events {
        lines.extend([
            "BEGIN:VEVENT".into(),
            format!("UID:{}", escape(&event.uid)),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;TZID=Europe/London:{}", local(event.start)),
            format!("DTEND;TZID=Europe/London:{}", local(event.end)),
            format!("SUMMARY:{}", escape(&event.summary)),
            format!("LOCATION:{}", escape(&event.location)),
            format!("DESCRIPTION:{}", escape(&event.description)),
            format!(
                "STATUS:{}",
                if event.cancelled {
                    "CANCELLED"
                } else {
                    "CONFIRMED"
                }
            ),
            format!("SEQUENCE:{}", event.sequence),
            "END:VEVENT".into(),
        ]);
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect()
}

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded so no physical line is over 75 octets (never
/// inside a UTF-8 character), each ending CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_values() {
        assert_eq!(
            escape("Hall, Room 2; back door\\side\nRing on arrival"),
            "Hall\\, Room 2\\; back door\\\\side\\nRing on arrival"
        );
        assert_eq!(escape("a\r\nb"), "a\\nb");
    }

    #[test]
    fn folds_long_lines_at_75_octets_without_splitting_letters() {
        let line = format!("SUMMARY:{}", "Llanfair Pwllgwyngyll ŵ ŷ ł ".repeat(8));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
        assert_eq!(fold("SHORT:1"), "SHORT:1\r\n");
    }
}

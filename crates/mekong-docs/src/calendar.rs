//! iCalendar (RFC 5545): invitations (`METHOD:REQUEST`), cancellations (`METHOD:CANCEL`), an
//! event with its agenda, and personal feeds. Times are written in UTC, so any calendar shows
//! them in its user's own zone without time zone definitions.

use icalendar::{Calendar, Component, EventLike, EventStatus, Property};
use jiff::Timestamp;

/// What a calendar file asks of the calendar that reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarMethod {
    /// Published for reading (a feed, a download): no method.
    Publish,
    /// An invitation or its update: the reader's calendar adds or updates the entry.
    Request,
    /// The event is cancelled: the reader's calendar removes the entry.
    Cancel,
}

/// Someone in an entry: the organiser, or an attendee with their answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarPerson {
    pub name: String,
    pub email: String,
    /// `NEEDS-ACTION`, `ACCEPTED`, `DECLINED` or `TENTATIVE` (attendees only).
    pub answer: &'static str,
}

/// One calendar entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEntry {
    /// Stable across updates, so a calendar updates its entry instead of adding another.
    pub uid: String,
    /// Raised at each change of time or place.
    pub sequence: u32,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub url: String,
    pub starts: Timestamp,
    pub ends: Timestamp,
    pub cancelled: bool,
    pub organiser: Option<CalendarPerson>,
    pub attendees: Vec<CalendarPerson>,
}

fn utc(instant: Timestamp) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(instant.as_second(), 0).unwrap_or_default()
}

/// A text value as the calendar library may take it: every line break (CR LF, a bare CR, a
/// line or paragraph separator) becomes LF, which the library writes as the escape `\n`, and
/// other control characters (NUL, ESC...) are left out. A bare CR written as is ended the line
/// and let a title add a `VEVENT` of its own to the file.
fn calendar_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' | '\u{2028}' | '\u{2029}' => Some('\n'),
            '\n' | '\t' => Some(c),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11) for a property the library writes as is (it
/// escapes only the properties it knows to be text).
fn escaped_text(text: &str) -> String {
    calendar_text(text).replace('\\', "\\\\").replace(',', "\\,").replace(';', "\\;").replace('\n', "\\n")
}

/// A name as a `CN` parameter value: characters that would end or split it are left out.
fn common_name(name: &str) -> String {
    name.chars().filter(|c| !matches!(c, '"' | ';' | ':' | ',') && !c.is_control()).collect()
}

fn person(key: &str, who: &CalendarPerson, with_answer: bool) -> Property {
    let mut property = Property::new(key, format!("mailto:{}", who.email));
    property.add_parameter("CN", &common_name(&who.name));
    if with_answer {
        property.add_parameter("ROLE", "REQ-PARTICIPANT");
        property.add_parameter("PARTSTAT", who.answer);
    }
    property.done()
}

/// Writes `entries` as one calendar file, stamped `now`.
pub fn write_calendar(method: CalendarMethod, name: &str, entries: &[CalendarEntry], now: Timestamp) -> String {
    let mut calendar = Calendar::new();
    calendar.append_property(Property::new("PRODID", "-//Mekong//Mekong events//EN"));
    // What `Calendar::name` writes, with `NAME` escaped here: the library escapes `X-WR-CALNAME`
    // as text but writes `NAME` (RFC 7986, unknown to it) as is.
    calendar.append_property(Property::new("NAME", escaped_text(name)));
    calendar.append_property(Property::new("X-WR-CALNAME", calendar_text(name)));
    match method {
        CalendarMethod::Publish => calendar.append_property(Property::new("METHOD", "PUBLISH")),
        CalendarMethod::Request => calendar.append_property(Property::new("METHOD", "REQUEST")),
        CalendarMethod::Cancel => calendar.append_property(Property::new("METHOD", "CANCEL")),
    };
    for entry in entries {
        let mut event = icalendar::Event::new();
        event
            .uid(&calendar_text(&entry.uid))
            .sequence(entry.sequence)
            .timestamp(utc(now))
            .summary(&calendar_text(&entry.summary))
            .starts(utc(entry.starts))
            .ends(utc(entry.ends))
            .status(if entry.cancelled || method == CalendarMethod::Cancel {
                EventStatus::Cancelled
            } else {
                EventStatus::Confirmed
            });
        if !entry.description.is_empty() {
            event.description(&calendar_text(&entry.description));
        }
        if !entry.location.is_empty() {
            event.location(&calendar_text(&entry.location));
        }
        if !entry.url.is_empty() {
            event.url(&entry.url.chars().filter(|c| !c.is_control() && !c.is_whitespace()).collect::<String>());
        }
        if let Some(organiser) = &entry.organiser {
            event.append_property(person("ORGANIZER", organiser, false));
        }
        for attendee in &entry.attendees {
            event.append_multi_property(person("ATTENDEE", attendee, true));
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(summary: &str) -> CalendarEntry {
        CalendarEntry {
            uid: "0195@mekong".into(),
            sequence: 0,
            summary: summary.into(),
            description: "Line one\r\nLine two\rBEGIN:VEVENT".into(),
            location: "Hôtel de ville; salle 2".into(),
            url: "https://mekong.example/events/1\r\nX: y".into(),
            starts: Timestamp::from_second(1_800_000_000).unwrap_or_default(),
            ends: Timestamp::from_second(1_800_003_600).unwrap_or_default(),
            cancelled: false,
            organiser: None,
            attendees: vec![CalendarPerson { name: "Ada\r\nX".into(), email: "a@b.c".into(), answer: "ACCEPTED" }],
        }
    }

    /// The report: a title with CR/LF wrote a whole extra `VEVENT`, through the calendar's name too.
    #[test]
    fn line_breaks_in_any_text_write_no_line_of_their_own() {
        let hostile = "Workshop\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected\rX";
        let now = Timestamp::from_second(1_790_000_000).unwrap_or_default();
        let text = write_calendar(CalendarMethod::Request, hostile, &[entry(hostile)], now);
        let lines = |wanted: &str| text.split("\r\n").filter(|l| *l == wanted).count();
        assert_eq!((lines("BEGIN:VEVENT"), lines("END:VEVENT")), (1, 1), "{text}");
        assert!(!text.replace("\r\n", "").contains('\r') && !text.replace("\r\n", "").contains('\n'), "{text}");
        let unfolded = text.replace("\r\n ", "");
        assert!(
            unfolded.contains("NAME:Workshop\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:Injected\\nX\r\n"),
            "{unfolded}"
        );
        assert!(unfolded.contains("X-WR-CALNAME:Workshop\\n"), "{unfolded}");
        assert!(unfolded.contains("LOCATION:Hôtel de ville\\; salle 2\r\n"), "{unfolded}");
        assert!(unfolded.contains("URL:https://mekong.example/events/1X:y\r\n"), "{unfolded}");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let khmer = "សិក្ខាសាលាស្ដីពីការគ្រប់គ្រងទឹកជំនន់ ".repeat(8);
        let now = Timestamp::from_second(1_790_000_000).unwrap_or_default();
        let text = write_calendar(CalendarMethod::Publish, &khmer, &[entry(&khmer)], now);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(text.replace("\r\n ", "").contains(&format!("SUMMARY:{}", khmer.trim_end())));
    }
}

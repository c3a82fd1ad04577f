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
    calendar.name(name);
    match method {
        CalendarMethod::Publish => calendar.append_property(Property::new("METHOD", "PUBLISH")),
        CalendarMethod::Request => calendar.append_property(Property::new("METHOD", "REQUEST")),
        CalendarMethod::Cancel => calendar.append_property(Property::new("METHOD", "CANCEL")),
    };
    for entry in entries {
        let mut event = icalendar::Event::new();
        event
            .uid(&entry.uid)
            .sequence(entry.sequence)
            .timestamp(utc(now))
            .summary(&entry.summary)
            .starts(utc(entry.starts))
            .ends(utc(entry.ends))
            .status(if entry.cancelled || method == CalendarMethod::Cancel {
                EventStatus::Cancelled
            } else {
                EventStatus::Confirmed
            });
        if !entry.description.is_empty() {
            event.description(&entry.description);
        }
        if !entry.location.is_empty() {
            event.location(&entry.location);
        }
        if !entry.url.is_empty() {
            event.url(&entry.url);
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

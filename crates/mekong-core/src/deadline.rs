//! Deadlines: a wall-clock moment in a time zone and the exact instant it is, shown
//! unambiguously. Calls for applications and funders' opportunities both have one.

use jiff::civil::DateTime;
use jiff::tz::{Disambiguation, TimeZone};
use jiff::{Timestamp, ZonedDateTime};
use serde::{Deserialize, Serialize};

/// A deadline: the wall-clock moment a call (for applications, for proposals) states, in its
/// zone, and the exact instant it is. "30 November 2025 at midnight" is ambiguous; a deadline is
/// typed as a date and a time to the second (23:59:59) and shown with its zone and offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub local: DateTime,
    pub time_zone: String,
    pub instant: Timestamp,
}

impl Deadline {
    /// The deadline at `local` in `time_zone`; a time that a clock change skips or repeats is
    /// refused rather than guessed.
    pub fn new(local: DateTime, time_zone: &str) -> Result<Deadline, &'static str> {
        let zone = TimeZone::get(time_zone).map_err(|_| "error-time-zone")?;
        let zoned = zone.to_ambiguous_zoned_datetime(local).disambiguate(Disambiguation::Reject);
        let zoned = zoned.map_err(|_| "error-deadline-ambiguous")?;
        Ok(Deadline { local, time_zone: time_zone.to_owned(), instant: zoned.timestamp() })
    }

    /// Whether an application arriving at `now` is on time: up to and including the instant.
    pub fn accepts(&self, now: Timestamp) -> bool {
        now <= self.instant
    }

    /// The instant as a zoned time in `time_zone` (UTC when unknown).
    pub fn in_zone(&self, time_zone: &str) -> ZonedDateTime {
        self.instant.to_zoned_datetime(TimeZone::get(time_zone).unwrap_or(TimeZone::UTC))
    }
}

/// Time stamps shown unambiguously: `2025-11-30 23:59:59 Asia/Phnom_Penh (UTC+07:00)`.
pub fn unambiguous(zoned: &ZonedDateTime) -> String {
    let name = zoned.time_zone().iana_name().unwrap_or("UTC");
    format!("{} {name} (UTC{})", zoned.strftime("%Y-%m-%d %H:%M:%S"), zoned.strftime("%:z"))
}

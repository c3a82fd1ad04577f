//! The attendance sheet model: what `templates/attendance.typ` prints, one page group per day.

use serde::Serialize;

/// An event's attendance sheets, every label already translated by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendanceSheet {
    /// The event title, in whatever script the event uses.
    pub title: String,
    /// A line under the title, typically the dates and the venue.
    pub subtitle: String,
    /// The organisation hosting the event.
    pub host: String,
    /// The document's heading, e.g. "Attendance sheet / Feuille de présence / បញ្ជីវត្តមាន".
    pub heading: String,
    /// The column headers of the table, repeated on every page.
    pub columns: AttendanceColumns,
    /// One sheet per day; each starts on a new page and numbers its own pages ("2 / 9"), so that a
    /// day's sheets can be filed on their own. No days prints one page with only the footer.
    pub days: Vec<AttendanceDay>,
    /// Printed in the footer of every page, e.g. "This meeting is co-funded by the European Union".
    pub funder_statement: String,
    /// Printed in the footer of every page, e.g. "Generated on 3 March 2026 by Mekong".
    pub generated: String,
}

/// The header labels of the attendance table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendanceColumns {
    pub number: String,
    pub name: String,
    pub organisation: String,
    pub city: String,
    pub signature: String,
}

/// The sheet for one day of the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendanceDay {
    /// The day, already formatted, e.g. "Tuesday 3 March 2026".
    pub label: String,
    pub rows: Vec<AttendanceRow>,
}

/// One participant's line: who they are and an empty box to sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendanceRow {
    pub number: u32,
    /// The romanised name, e.g. "Sok Chantha".
    pub name: String,
    /// The name in its local script, printed under the romanised one, e.g. "សុខ ចាន់ថា".
    pub local_name: Option<String>,
    pub organisation: String,
    pub city: String,
    /// Whether the participant was checked in at the door; marked beside the number.
    pub checked_in: bool,
}

//! Document formats in and out, pure: a model in, bytes out; bytes in, rows out.

mod calendar;
mod charts;
mod map;
mod table;
mod vcard;

pub use calendar::{CalendarEntry, CalendarMethod, CalendarPerson, write_calendar};
pub use charts::{Frame, GanttRow, TimelineWords, bar_chart, gantt, line_chart, sparkline};
pub use map::{MapPoint, points_geojson, render_map};
pub use table::{DocError, Table, read_table, write_csv, write_xlsx};
pub use vcard::{VCard, write_vcards};

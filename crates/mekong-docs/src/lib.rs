//! Document formats in and out, pure: a model in, bytes out; bytes in, rows out.

pub mod archive;
mod calendar;
mod charts;
pub mod emblem;
mod extraction;
mod feed;
pub mod iati;
mod limits;
pub mod mailbox;
mod map;
mod paragraphs;
pub mod reports;
#[cfg(any(test, feature = "samples"))]
pub mod samples;
mod table;
mod vcard;

pub use calendar::{CalendarEntry, CalendarMethod, CalendarPerson, write_calendar};
pub use charts::{Frame, GanttRow, TimelineWords, bar_chart, gantt, line_chart, sparkline};
pub use emblem::{EU_BLUE, EU_GOLD, Emblem};
pub use extraction::{ExtractError, MAX_TEXT_CHARS, extract_text};
pub use feed::{Feed, FeedEntry, write_atom};
pub use limits::{Limit, MAX_COLUMNS, MAX_COMPRESSION_RATIO, MAX_ROWS, MAX_UNPACKED_BYTES};
pub use map::{MapPoint, points_geojson, render_map};
pub use paragraphs::{plain_docx, plain_pdf};
pub use reports::{financial_xlsx, narrative_docx};
pub use table::{DocError, MAX_CELL_UNITS, Table, read_table, write_csv, write_xlsx};
pub use vcard::{VCard, write_vcards};

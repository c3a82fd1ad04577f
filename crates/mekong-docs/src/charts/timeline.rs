//! A year's timeline (an action plan): the months along the top in the reader's language, one
//! row per activity with its name above its bar (so a long name has the whole width), today's
//! line, and late activities marked three ways: the word "late" after the name, a dashed outline
//! on the bar, and a colour.

use super::text::{shorten, width};
use super::{Frame, Key, LABEL, figure, open};
use crate::map::escape;
use jiff::civil::Date;

/// One bar of a timeline.
#[derive(Debug, Clone)]
pub struct GanttRow {
    pub label: String,
    pub starts: Date,
    pub ends: Date,
    /// The class of its status (`planned`, `done`, `delayed`...), styled by the stylesheet.
    pub status: String,
    pub late: bool,
}

/// The words a timeline writes, in the reader's language.
pub struct TimelineWords {
    /// January to December, short.
    pub months: [String; 12],
    pub today: String,
    pub late: String,
    /// The late mark in the legend, where "late" alone would read like the status "delayed".
    pub late_key: String,
    /// Each status shown in the legend: its class and its name.
    pub statuses: Vec<(String, String)>,
}

/// Wider than the other charts: twelve months and whole activity names side by side.
const WIDTH: f64 = 720.0;
const SIDE: f64 = 8.0;
const HEAD: f64 = 24.0;
const ROW: f64 = 40.0;
const FOOT: f64 = 22.0;

/// `year`'s activities drawn against its months, `today` marked when it falls in the year.
pub fn gantt(frame: &Frame<'_>, year: i16, today: Date, rows: &[GanttRow], words: &TimelineWords) -> String {
    let (first, last) = (jiff::civil::date(year, 1, 1), jiff::civil::date(year, 12, 31));
    let span = f64::from(first.until(last).map(|s| s.get_days()).unwrap_or(364)) + 1.0;
    let room = WIDTH - 2.0 * SIDE;
    let x = |date: Date| {
        let clamped = date.clamp(first, last);
        SIDE + room * f64::from(first.until(clamped).map(|s| s.get_days()).unwrap_or(0)) / span
    };
    let height = HEAD + ROW * rows.len().max(1) as f64 + FOOT;
    let mut svg = open(frame, "timeline", WIDTH, height);
    // Month names shrink together until the longest fits its column ("Tháng 10" in Vietnamese).
    let column = room / 12.0;
    let widest = words.months.iter().map(|m| width(m, 1.0)).fold(0.0, f64::max);
    let month_size = ((column - 4.0) / widest).clamp(7.0, 11.0);
    for (month, name) in (1..=12).zip(&words.months) {
        let start = x(jiff::civil::date(year, month, 1));
        let (shown, _) = shorten(name, month_size, column - 2.0);
        svg.push_str(&format!(
            "<line class=\"grid\" x1=\"{start:.1}\" y1=\"{HEAD}\" x2=\"{start:.1}\" y2=\"{:.1}\"/>\
             <text class=\"tick\" x=\"{:.1}\" y=\"16\" font-size=\"{month_size:.1}\" text-anchor=\"middle\">{}</text>",
            height - FOOT,
            start + column / 2.0,
            escape(&shown)
        ));
    }
    svg.push_str(&format!(
        "<line class=\"axis\" x1=\"{SIDE}\" y1=\"{HEAD}\" x2=\"{:.1}\" y2=\"{HEAD}\"/>",
        WIDTH - SIDE
    ));
    // Today's line under the activities, so that it never hides a name.
    if today >= first && today <= last {
        let at = x(today);
        let label = width(&words.today, LABEL);
        let text_x = at.clamp(SIDE + label / 2.0, WIDTH - SIDE - label / 2.0);
        svg.push_str(&format!(
            "<g class=\"today\"><line class=\"today\" x1=\"{at:.1}\" y1=\"{HEAD}\" x2=\"{at:.1}\" y2=\"{:.1}\"/>\
             <text class=\"today-label\" x=\"{text_x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></g>",
            height - FOOT + 4.0,
            height - 6.0,
            escape(&words.today)
        ));
    }
    let late_note = format!(" – {}", words.late);
    for (i, activity) in rows.iter().enumerate() {
        let y = HEAD + ROW * i as f64;
        let note = if activity.late { late_note.as_str() } else { "" };
        let (name, _) = shorten(&activity.label, LABEL, room - width(note, LABEL) - 2.0);
        let label_width = width(&name, LABEL) + width(note, LABEL);
        let (starts, ends) = (x(activity.starts), x(activity.ends.tomorrow().unwrap_or(activity.ends)));
        // The name starts where its bar starts, moved left when it would run off the drawing.
        let label_x = starts.min(WIDTH - SIDE - label_width).max(SIDE);
        let late_class = if activity.late { " late" } else { "" };
        let late_text =
            if activity.late { format!("<tspan class=\"late-note\">{}</tspan>", escape(note)) } else { String::new() };
        svg.push_str(&format!(
            "<g class=\"activity {status}{late_class}\"><title>{full}{note}</title>\
             <text class=\"label\" x=\"{label_x:.1}\" y=\"{ty:.1}\">{name}{late_text}</text>\
             <rect class=\"bar {status}{late_class}\" x=\"{starts:.1}\" y=\"{by:.1}\" width=\"{bw:.1}\" height=\"14\"/></g>",
            status = escape(&activity.status),
            full = escape(&activity.label),
            note = escape(note),
            name = escape(&name),
            ty = y + 17.0,
            by = y + 22.0,
            bw = (ends - starts).max(3.0),
        ));
    }
    svg.push_str("</svg>");
    let mut keys: Vec<(Key, String)> = words
        .statuses
        .iter()
        .filter(|(code, _)| rows.iter().any(|r| &r.status == code))
        .map(|(code, name)| (Key::Box(format!("bar {code}")), name.clone()))
        .collect();
    if rows.iter().any(|r| r.late) {
        keys.push((Key::Box("bar late".to_owned()), words.late_key.clone()));
    }
    if today >= first && today <= last {
        keys.push((Key::Line("today"), words.today.clone()));
    }
    figure(frame, &svg, &keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> TimelineWords {
        TimelineWords {
            months: std::array::from_fn(|i| format!("M{}", i + 1)),
            today: "today".into(),
            late: "late".into(),
            late_key: "past its end".into(),
            statuses: vec![("ongoing".into(), "Ongoing".into()), ("done".into(), "Done".into())],
        }
    }

    #[test]
    fn a_late_activity_is_marked_by_words_and_class_and_today_is_drawn() {
        let rows = [GanttRow {
            label: "Workshop <Huế>".into(),
            starts: jiff::civil::date(2026, 3, 1),
            ends: jiff::civil::date(2026, 3, 31),
            status: "ongoing".into(),
            late: true,
        }];
        let frame = Frame { id: "plan", title: "t", description: "d", number: &|v| v.to_string() };
        let timeline = gantt(&frame, 2026, jiff::civil::date(2026, 6, 1), &rows, &words());
        assert!(timeline.contains("class=\"activity ongoing late\""));
        assert!(timeline.contains("<tspan class=\"late-note\"> – late</tspan>"));
        assert!(timeline.contains("Workshop &lt;Huế&gt;") && timeline.contains("class=\"today\""));
        assert!(timeline.contains(">M12</text>"));
        // The legend names the statuses shown, the late mark and today, not the absent "done".
        assert!(timeline.contains("Ongoing") && !timeline.contains("Done"), "{timeline}");
    }

    #[test]
    fn a_name_at_the_end_of_the_year_is_moved_back_inside() {
        let rows = [GanttRow {
            label: "Regional workshop on urban data standards".into(),
            starts: jiff::civil::date(2026, 12, 21),
            ends: jiff::civil::date(2026, 12, 22),
            status: "planned".into(),
            late: false,
        }];
        let frame = Frame { id: "plan", title: "t", description: "d", number: &|v| v.to_string() };
        let timeline = gantt(&frame, 2026, jiff::civil::date(2025, 6, 1), &rows, &words());
        let x: f64 = timeline
            .split("<text class=\"label\" x=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|x| x.parse().ok())
            .unwrap_or(f64::MAX);
        assert!(x + width("Regional workshop on urban data standards", LABEL) <= WIDTH, "{x}");
        assert!(!timeline.contains("class=\"today\""), "today is not in 2026");
    }
}

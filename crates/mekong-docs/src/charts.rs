//! Charts drawn by the server as SVG: accessible (a title and a description the caller writes;
//! the page shows the same numbers in a table beside each chart), no script, styled by classes.

use crate::map::escape;
use jiff::civil::Date;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 12.0;

fn open(title: &str, description: &str, height: f64) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" \
         aria-labelledby=\"chart-title chart-desc\" class=\"chart\"><title id=\"chart-title\">{}</title>\
         <desc id=\"chart-desc\">{}</desc>",
        escape(title),
        escape(description)
    )
}

/// The top of the value axis: a round number above every value.
fn axis_top(values: impl Iterator<Item = f64>) -> f64 {
    let max = values.fold(0.0_f64, f64::max);
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10_f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|top| *top >= max).unwrap_or(max)
}

fn number(value: f64) -> String {
    if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.1}") }
}

/// Values over periods (a line) against targets (dashed): `(period, value, target)`.
pub fn line_chart(title: &str, description: &str, points: &[(String, Option<f64>, Option<f64>)]) -> String {
    let top = axis_top(points.iter().flat_map(|(_, v, t)| v.iter().chain(t.iter()).copied()));
    let plot_height = HEIGHT - TOP - BOTTOM;
    let step = if points.len() > 1 { (WIDTH - LEFT - 16.0) / (points.len() - 1) as f64 } else { 0.0 };
    let x = |i: usize| LEFT + 8.0 + step * i as f64;
    let y = |v: f64| TOP + plot_height * (1.0 - v / top);
    let mut svg = open(title, description, HEIGHT);
    svg.push_str(&format!(
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{b}\"/><line class=\"axis\" x1=\"{LEFT}\" y1=\"{b}\" x2=\"{WIDTH}\" y2=\"{b}\"/>\
         <text class=\"tick\" x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{}</text><text class=\"tick\" x=\"{lx}\" y=\"{b}\" text-anchor=\"end\">0</text>",
        number(top),
        b = HEIGHT - BOTTOM,
        lx = LEFT - 4.0,
        ty = TOP + 4.0
    ));
    for (class, pick) in [("target", 2), ("value", 1)] {
        let path: Vec<String> = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let v = if pick == 1 { p.1 } else { p.2 }?;
                Some(format!("{:.1},{:.1}", x(i), y(v)))
            })
            .collect();
        if !path.is_empty() {
            svg.push_str(&format!("<polyline class=\"{class}\" fill=\"none\" points=\"{}\"/>", path.join(" ")));
        }
    }
    for (i, (label, value, _)) in points.iter().enumerate() {
        if let Some(v) = value {
            svg.push_str(&format!("<circle class=\"value\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\"/>", x(i), y(*v)));
        }
        svg.push_str(&format!(
            "<text class=\"tick\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x(i),
            HEIGHT - 8.0,
            escape(label)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars: `(label, value)`, one per line (a breakdown, or cities compared).
pub fn bar_chart(title: &str, description: &str, bars: &[(String, f64)]) -> String {
    let row = 22.0;
    let height = TOP + row * bars.len() as f64 + 8.0;
    let label_width = 150.0;
    let top = axis_top(bars.iter().map(|(_, v)| *v));
    let mut svg = open(title, description, height.max(40.0));
    for (i, (label, value)) in bars.iter().enumerate() {
        let y = TOP + row * i as f64;
        let width = (WIDTH - label_width - 60.0) * value / top;
        svg.push_str(&format!(
            "<text class=\"tick\" x=\"{lx}\" y=\"{ty:.1}\" text-anchor=\"end\">{}</text>\
             <rect class=\"bar\" x=\"{label_width}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{h}\"/>\
             <text class=\"tick\" x=\"{vx:.1}\" y=\"{ty:.1}\">{}</text>",
            escape(label),
            number(*value),
            lx = label_width - 6.0,
            ty = y + 14.0,
            h = row - 6.0,
            vx = label_width + width + 4.0
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// One bar of a timeline.
#[derive(Debug, Clone)]
pub struct GanttRow {
    pub label: String,
    pub starts: Date,
    pub ends: Date,
    /// A class for its status (`done`, `delayed`...), and whether it is late.
    pub status: String,
    pub late: bool,
}

/// A year's timeline: one bar per activity, months along the top, today's line, late bars
/// marked (by class and by a `late` note in their title, not by colour alone).
pub fn gantt(title: &str, description: &str, year: i16, today: Date, rows: &[GanttRow], late_note: &str) -> String {
    let (first, last) = (jiff::civil::date(year, 1, 1), jiff::civil::date(year, 12, 31));
    let label_width = 200.0;
    let row = 24.0;
    let head = 22.0;
    let height = head + row * rows.len() as f64 + 8.0;
    let span = f64::from(first.until(last).map(|s| s.get_days()).unwrap_or(364)) + 1.0;
    let x = |date: Date| {
        let clamped = date.clamp(first, last);
        label_width
            + (WIDTH - label_width - 8.0) * f64::from(first.until(clamped).map(|s| s.get_days()).unwrap_or(0)) / span
    };
    let mut svg = open(title, description, height.max(60.0));
    for month in 1..=12 {
        let start = jiff::civil::date(year, month, 1);
        svg.push_str(&format!(
            "<line class=\"grid\" x1=\"{0:.1}\" y1=\"{head}\" x2=\"{0:.1}\" y2=\"{height}\"/><text class=\"tick\" x=\"{1:.1}\" y=\"14\">{month}</text>",
            x(start),
            x(start) + 4.0
        ));
    }
    for (i, activity) in rows.iter().enumerate() {
        let y = head + row * i as f64;
        let late = if activity.late { format!(" ({late_note})") } else { String::new() };
        svg.push_str(&format!(
            "<g class=\"activity {status}{late_class}\"><title>{label}{late}</title>\
             <text class=\"tick\" x=\"{lx}\" y=\"{ty:.1}\" text-anchor=\"end\">{label}</text>\
             <rect class=\"bar\" x=\"{bx:.1}\" y=\"{by:.1}\" width=\"{bw:.1}\" height=\"{bh}\"/></g>",
            status = escape(&activity.status),
            late_class = if activity.late { " late" } else { "" },
            label = escape(&activity.label),
            late = escape(&late),
            lx = label_width - 6.0,
            ty = y + 16.0,
            bx = x(activity.starts),
            by = y + 4.0,
            bw = (x(activity.ends) - x(activity.starts)).max(3.0),
            bh = row - 8.0,
        ));
    }
    if today >= first && today <= last {
        svg.push_str(&format!(
            "<line class=\"today\" x1=\"{0:.1}\" y1=\"{head}\" x2=\"{0:.1}\" y2=\"{height}\"><title>{today}</title></line>",
            x(today)
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_well_formed_and_escape_labels() {
        let line = line_chart(
            "Participants <2026>",
            "d",
            &[("2025".into(), Some(10.0), Some(12.0)), ("2026".into(), None, Some(20.0))],
        );
        assert!(
            line.contains("&lt;2026&gt;") && line.contains("<polyline class=\"value\"") && line.ends_with("</svg>")
        );
        let bars = bar_chart("t", "d", &[("Phnom Penh & co".into(), 3.0)]);
        assert!(bars.contains("Phnom Penh &amp; co"));
        let rows = [GanttRow {
            label: "Workshop".into(),
            starts: jiff::civil::date(2026, 3, 1),
            ends: jiff::civil::date(2026, 3, 31),
            status: "ongoing".into(),
            late: true,
        }];
        let timeline = gantt("t", "d", 2026, jiff::civil::date(2026, 6, 1), &rows, "late");
        assert!(timeline.contains("class=\"activity ongoing late\"") && timeline.contains("class=\"today\""));
        assert_eq!(axis_top([7.0, 42.0].into_iter()), 50.0);
    }
}

//! Values over periods against their targets: the values a solid line with round points, the
//! targets a dashed line with square points, so the two differ by shape as well as colour.

use super::text::{shorten, width};
use super::{Frame, Key, LABEL, axis_top, figure, open};
use crate::map::escape;

/// Narrower than a timeline: drawn beside its table on a wide screen, whole on a phone.
const WIDTH: f64 = 420.0;

const HEIGHT: f64 = 240.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 26.0;

/// `(period, value, target)` per period; `keys` names the value and the target in the legend.
pub fn line_chart(frame: &Frame<'_>, points: &[(String, Option<f64>, Option<f64>)], keys: [&str; 2]) -> String {
    let (top, steps) = axis_top(points.iter().flat_map(|(_, v, t)| v.iter().chain(t.iter()).copied()));
    let ticks: Vec<(f64, String)> = (0..=steps)
        .map(|i| {
            let v = top * f64::from(i) / f64::from(steps);
            (v, (frame.number)(v))
        })
        .collect();
    let left = ticks.iter().map(|(_, t)| width(t, LABEL)).fold(0.0, f64::max) + 10.0;
    // The first and last period labels are centred on their points: keep half a label of room.
    let widest = points.iter().map(|(p, _, _)| width(p, LABEL)).fold(0.0, f64::max);
    let pad = (widest / 2.0 + 4.0).max(12.0);
    let (first, last) = (left + pad, WIDTH - pad);
    let step = if points.len() > 1 { (last - first) / (points.len() - 1) as f64 } else { 0.0 };
    // When the labels would touch, only every n-th period is named (each point keeps its title).
    let every = if step > 0.0 { ((widest + 8.0) / step).ceil().max(1.0) as usize } else { 1 };
    let bottom = HEIGHT - BOTTOM;
    let x = |i: usize| if points.len() > 1 { first + step * i as f64 } else { (first + last) / 2.0 };
    let y = |v: f64| TOP + (bottom - TOP) * (1.0 - v / top);
    let mut svg = open(frame, "series", WIDTH, HEIGHT);
    for (value, label) in &ticks {
        svg.push_str(&format!(
            "<line class=\"grid\" x1=\"{left:.1}\" y1=\"{y:.1}\" x2=\"{WIDTH}\" y2=\"{y:.1}\"/>\
             <text class=\"tick\" x=\"{lx:.1}\" y=\"{ty:.1}\" text-anchor=\"end\">{}</text>",
            escape(label),
            y = y(*value),
            lx = left - 6.0,
            ty = y(*value) + 4.0,
        ));
    }
    svg.push_str(&format!(
        "<line class=\"axis\" x1=\"{left:.1}\" y1=\"{TOP}\" x2=\"{left:.1}\" y2=\"{bottom}\"/>\
         <line class=\"axis\" x1=\"{left:.1}\" y1=\"{bottom}\" x2=\"{WIDTH}\" y2=\"{bottom}\"/>"
    ));
    for (class, pick_value) in [("target", false), ("value", true)] {
        let path: Vec<String> = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let v = if pick_value { p.1 } else { p.2 }?;
                Some(format!("{:.1},{:.1}", x(i), y(v)))
            })
            .collect();
        if path.len() > 1 {
            svg.push_str(&format!("<polyline class=\"{class}\" fill=\"none\" points=\"{}\"/>", path.join(" ")));
        }
    }
    for (i, (period, value, target)) in points.iter().enumerate() {
        if let Some(t) = target {
            svg.push_str(&format!(
                "<rect class=\"target-point\" x=\"{:.1}\" y=\"{:.1}\" width=\"6\" height=\"6\"><title>{}: {}</title></rect>",
                x(i) - 3.0,
                y(*t) - 3.0,
                escape(keys[1]),
                escape(&(frame.number)(*t))
            ));
        }
        if let Some(v) = value {
            svg.push_str(&format!(
                "<circle class=\"value-point\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"><title>{}: {}</title></circle>",
                x(i),
                y(*v),
                escape(period),
                escape(&(frame.number)(*v))
            ));
        }
        if i % every == 0 {
            let (shown, _) = shorten(period, LABEL, (2.0 * pad - 4.0).max(step * every as f64 - 8.0));
            svg.push_str(&format!(
                "<text class=\"tick\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                x(i),
                HEIGHT - 8.0,
                escape(&shown)
            ));
        }
    }
    svg.push_str("</svg>");
    figure(frame, &svg, &[(Key::Line("value"), keys[0].to_owned()), (Key::Line("target"), keys[1].to_owned())])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(v: f64) -> String {
        format!("{v}")
    }

    #[test]
    fn values_and_targets_are_drawn_with_their_legend() {
        let frame = Frame { id: "series", title: "Participants <2026>", description: "d", number: &plain };
        let points = [
            ("2025".to_owned(), Some(10.0), Some(12.0)),
            ("2026".to_owned(), Some(14.0), Some(20.0)),
            ("2027".to_owned(), None, Some(30.0)),
        ];
        let chart = line_chart(&frame, &points, ["Value", "Target"]);
        assert!(chart.contains("&lt;2026&gt;") && chart.contains("<polyline class=\"value\""));
        assert!(chart.contains("<polyline class=\"target\"") && chart.contains("chart-legend"));
        assert!(chart.contains(">2027</text>"), "the last period is named whole");
        assert!(chart.contains("id=\"series-title\"") && chart.ends_with("</figure>"));
    }

    #[test]
    fn many_periods_name_only_some_of_them() {
        let frame = Frame { id: "q", title: "t", description: "d", number: &plain };
        let points: Vec<_> = (0..40).map(|i| (format!("2026-Q{i}"), Some(f64::from(i)), None)).collect();
        let chart = line_chart(&frame, &points, ["Value", "Target"]);
        let named = chart.matches("text-anchor=\"middle\"").count();
        assert!(named < 40 && named > 3, "{named}");
        assert_eq!(chart.matches("<circle").count(), 40);
    }
}

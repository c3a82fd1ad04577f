//! Horizontal bars, one per line (a breakdown, or cities compared): the labels in a column sized
//! to the longest (up to two fifths of the drawing), the figure after each bar.

use super::text::{shorten, width};
use super::{Frame, Key, LABEL, axis_top, figure, open};
use crate::map::escape;

/// Narrower than a timeline: drawn beside its table on a wide screen, whole on a phone.
const WIDTH: f64 = 420.0;

const ROW: f64 = 26.0;
const TOP: f64 = 6.0;

/// `(label, value)` per bar; `key` names what the bars measure in the legend.
pub fn bar_chart(frame: &Frame<'_>, bars: &[(String, f64)], key: &str) -> String {
    let figures: Vec<String> = bars.iter().map(|(_, v)| (frame.number)(*v)).collect();
    let label_room = bars.iter().map(|(l, _)| width(l, LABEL)).fold(0.0, f64::max).min(WIDTH * 0.4);
    let figure_room = figures.iter().map(|f| width(f, LABEL)).fold(0.0, f64::max) + 8.0;
    let start = label_room + 12.0;
    let length = WIDTH - start - figure_room - 4.0;
    let (top, _) = axis_top(bars.iter().map(|(_, v)| *v));
    let height = (TOP * 2.0 + ROW * bars.len() as f64).max(40.0);
    let mut svg = open(frame, "bars", WIDTH, height);
    svg.push_str(&format!(
        "<line class=\"axis\" x1=\"{start:.1}\" y1=\"{TOP}\" x2=\"{start:.1}\" y2=\"{:.1}\"/>",
        height - TOP
    ));
    for (i, ((label, value), shown_value)) in bars.iter().zip(&figures).enumerate() {
        let y = TOP + ROW * i as f64;
        let bar = (length * value.max(0.0) / top).max(0.0);
        let (shown, _) = shorten(label, LABEL, label_room);
        svg.push_str(&format!(
            "<g class=\"bar-row\"><title>{full}: {figure}</title>\
             <text class=\"tick\" x=\"{lx:.1}\" y=\"{ty:.1}\" text-anchor=\"end\">{shown}</text>\
             <rect class=\"bar\" x=\"{start:.1}\" y=\"{by:.1}\" width=\"{bar:.1}\" height=\"16\"/>\
             <text class=\"figure\" x=\"{vx:.1}\" y=\"{ty:.1}\">{figure}</text></g>",
            full = escape(label),
            figure = escape(shown_value),
            shown = escape(&shown),
            lx = start - 6.0,
            ty = y + 17.0,
            by = y + 5.0,
            vx = start + bar + 4.0,
        ));
    }
    svg.push_str("</svg>");
    figure(frame, &svg, &[(Key::Box("bar".to_owned()), key.to_owned())])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(v: f64) -> String {
        format!("{v}")
    }

    #[test]
    fn labels_are_escaped_and_long_ones_shortened_with_their_full_title() {
        let frame = Frame { id: "cities", title: "t", description: "d", number: &plain };
        let long = "Ville de Luang Prabang, patrimoine mondial de l’humanité depuis 1995 & co".to_owned();
        let chart = bar_chart(&frame, &[("Phnom Penh & co".into(), 3.0), (long, 12.0)], "Value");
        assert!(chart.contains("Phnom Penh &amp; co"));
        assert!(chart.contains(
            "<title>Ville de Luang Prabang, patrimoine mondial de l’humanité depuis 1995 &amp; co: 12</title>"
        ));
        assert!(chart.contains("…</text>"));
    }
}

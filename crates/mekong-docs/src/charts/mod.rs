//! Charts drawn by the server as SVG: accessible (a title and a description the caller writes;
//! the page shows the same numbers in a table beside each chart), no script, no inline style
//! (the CSP forbids it: `static/style.css` styles the classes used here). Every label is sized
//! on the server to stay inside the drawing: long ones are shortened, with the full text in a
//! `<title>`. Each chart comes in a `<figure>` with its legend, scrolling sideways on its own on
//! a narrow phone rather than shrinking its text out of reading.

mod bars;
mod line;
mod spark;
mod text;
mod timeline;

pub use bars::bar_chart;
pub use line::line_chart;
pub use spark::sparkline;
pub use timeline::{GanttRow, TimelineWords, gantt};

use crate::map::escape;

/// The size of labels, in user units.
const LABEL: f64 = 12.0;

/// What every chart needs beside its numbers.
pub struct Frame<'a> {
    /// Unique on its page: the chart's title and description are referred to by id.
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// A number as the reader writes it (`1 234,5` in French).
    pub number: &'a dyn Fn(f64) -> String,
}

/// How a legend entry is drawn: a line of the chart's class, or a box.
pub enum Key {
    Line(&'static str),
    Box(String),
}

/// The drawing's opening: `kind` is a class beside `chart` (a timeline is wider than a chart).
fn open(frame: &Frame<'_>, kind: &str, width: f64, height: f64) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" viewBox=\"0 0 {width} {height:.0}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" class=\"chart {kind}\" font-size=\"{LABEL}\"><title id=\"{id}-title\">{}</title>\
         <desc id=\"{id}-desc\">{}</desc>",
        escape(frame.title),
        escape(frame.description),
        id = escape(frame.id),
    )
}

/// The drawing in its figure, with its legend under it.
fn figure(frame: &Frame<'_>, svg: &str, keys: &[(Key, String)]) -> String {
    let mut legend = String::new();
    for (key, label) in keys {
        let mark = match key {
            Key::Line(class) => {
                format!("<line class=\"{class}\" x1=\"1\" y1=\"7\" x2=\"23\" y2=\"7\"/>")
            }
            Key::Box(class) => {
                format!("<rect class=\"{}\" x=\"2\" y=\"2\" width=\"20\" height=\"10\"/>", escape(class))
            }
        };
        legend.push_str(&format!(
            "<li><svg class=\"key\" viewBox=\"0 0 24 14\" width=\"24\" height=\"14\" aria-hidden=\"true\">{mark}</svg> {}</li>",
            escape(label)
        ));
    }
    let legend = if legend.is_empty() {
        legend
    } else {
        format!("<figcaption><ul class=\"chart-legend\">{legend}</ul></figcaption>")
    };
    format!(
        "<figure class=\"chart-figure\"><div class=\"chart-scroll\" tabindex=\"0\" role=\"group\" aria-labelledby=\"{}-title\">{svg}</div>{legend}</figure>",
        escape(frame.id)
    )
}

/// The top of the value axis: a round number above every value, and how many steps divide it
/// into round numbers.
fn axis_top(values: impl Iterator<Item = f64>) -> (f64, u8) {
    let max = values.fold(0.0_f64, f64::max);
    if max <= 0.0 {
        return (1.0, 5);
    }
    let magnitude = 10_f64.powf(max.log10().floor());
    [(1.0, 5), (2.0, 4), (5.0, 5), (10.0, 5)]
        .iter()
        .map(|(m, steps)| (m * magnitude, *steps))
        .find(|(top, _)| *top >= max)
        .unwrap_or((max, 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_ends_on_a_round_number() {
        assert_eq!(axis_top([7.0, 42.0].into_iter()), (50.0, 5));
        assert_eq!(axis_top([150.0].into_iter()), (200.0, 4));
        assert_eq!(axis_top(std::iter::empty()), (1.0, 5));
    }
}

//! A chart the size of a word, for a table's row (the dashboard's indicators): the values as a
//! line with the latest one dotted, the targets as a dashed line, no axis and no text, so it
//! needs no room; its label says the numbers for those who do not see it.

use crate::map::escape;

const WIDTH: f64 = 96.0;
const HEIGHT: f64 = 28.0;
const PAD: f64 = 4.0;

/// `(value, target)` per period, oldest first; `label` is read out instead of the drawing.
pub fn sparkline(label: &str, points: &[(Option<f64>, Option<f64>)]) -> String {
    let all = points.iter().flat_map(|(v, t)| v.iter().chain(t.iter()).copied());
    let (low, high) = all.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (low, high) = if low > high { (0.0, 1.0) } else { (low.min(0.0), high.max(low + 1e-9)) };
    let step = if points.len() > 1 { (WIDTH - 2.0 * PAD) / (points.len() - 1) as f64 } else { 0.0 };
    let x = |i: usize| PAD + step * i as f64;
    let y = |v: f64| PAD + (HEIGHT - 2.0 * PAD) * (1.0 - (v - low) / (high - low));
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spark\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" \
         height=\"{HEIGHT}\" role=\"img\" aria-label=\"{0}\"><title>{0}</title>",
        escape(label)
    );
    for (class, pick_value) in [("target", false), ("value", true)] {
        let path: Vec<String> = points
            .iter()
            .enumerate()
            .filter_map(|(i, (v, t))| Some(format!("{:.1},{:.1}", x(i), y(if pick_value { *v } else { *t }?))))
            .collect();
        if path.len() > 1 {
            svg.push_str(&format!("<polyline class=\"{class}\" fill=\"none\" points=\"{}\"/>", path.join(" ")));
        }
    }
    if let Some((i, v)) = points.iter().enumerate().rev().find_map(|(i, (v, _))| Some((i, (*v)?))) {
        svg.push_str(&format!("<circle class=\"value-point\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\"/>", x(i), y(v)));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_targets_each_draw_a_line_and_the_latest_value_a_dot() {
        let spark = sparkline("2024: 3 & 2025: 5", &[(Some(3.0), None), (Some(5.0), Some(4.0)), (None, Some(9.0))]);
        assert!(spark.contains("aria-label=\"2024: 3 &amp; 2025: 5\""));
        assert_eq!(spark.matches("<polyline").count(), 2);
        assert_eq!(spark.matches("<circle").count(), 1);
        assert!(sparkline("none", &[]).ends_with("</svg>"));
    }
}

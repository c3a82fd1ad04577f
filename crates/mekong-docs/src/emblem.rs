//! The EU emblem, drawn from its official geometry rather than downloaded: a blue rectangle of
//! proportions 3:2 (#003399), and twelve gold (#FFCC00) five-pointed stars, one point up, at the
//! hours of a clock on a circle whose radius is a third of the height, centred on the rectangle;
//! each star's points lie on a circle whose radius is an eighteenth of the height.
//!
//! The same polygons serve every format: SVG text, PNG bytes for the DOCX (rasterised here, four
//! by four samples per pixel, non-zero fill) and points for typst.

use std::f64::consts::PI;

use crate::DocError;

/// The emblem's blue, as `#RRGGBB`.
pub const EU_BLUE: &str = "#003399";
/// The stars' gold, as `#RRGGBB`.
pub const EU_GOLD: &str = "#FFCC00";

const BLUE_RGB: [u8; 3] = [0x00, 0x33, 0x99];
const GOLD_RGB: [u8; 3] = [0xFF, 0xCC, 0x00];

/// The ratio of a regular pentagram's inner vertices' radius to its points' radius:
/// sin 18° ÷ sin 54° (= 1 ÷ φ²).
fn inner_ratio() -> f64 {
    (PI / 10.0).sin() / (3.0 * PI / 10.0).sin()
}

/// One star: its centre and its ten vertices (point, notch, point, …), starting with the point
/// straight up, clockwise on the page (y grows downwards).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Star {
    pub centre: (f64, f64),
    pub vertices: Vec<(f64, f64)>,
}

/// The emblem at a given height, in the caller's unit, origin at the top left, y downwards.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Emblem {
    pub width: f64,
    pub height: f64,
    pub stars: Vec<Star>,
}

impl Emblem {
    /// The emblem `height` units high (and one and a half times as wide).
    pub fn new(height: f64) -> Emblem {
        let width = height * 1.5;
        let (cx, cy) = (width / 2.0, height / 2.0);
        let ring = height / 3.0;
        let outer = height / 18.0;
        let inner = outer * inner_ratio();
        let stars = (0..12)
            .map(|hour| {
                // Twelve o'clock first, then clockwise.
                let angle = f64::from(hour) * PI / 6.0;
                let centre = (cx + ring * angle.sin(), cy - ring * angle.cos());
                let vertices = (0..10)
                    .map(|k| {
                        let radius = if k % 2 == 0 { outer } else { inner };
                        let turn = f64::from(k) * PI / 5.0;
                        (centre.0 + radius * turn.sin(), centre.1 - radius * turn.cos())
                    })
                    .collect();
                Star { centre, vertices }
            })
            .collect();
        Emblem { width, height, stars }
    }

    /// The emblem as a standalone SVG document.
    pub fn svg(&self) -> String {
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
             role=\"img\" aria-label=\"European Union\"><rect width=\"{w}\" height=\"{h}\" fill=\"{EU_BLUE}\"/>",
            w = round(self.width),
            h = round(self.height),
        );
        for star in &self.stars {
            let points: Vec<String> =
                star.vertices.iter().map(|(x, y)| format!("{},{}", round(*x), round(*y))).collect();
            svg.push_str(&format!("<polygon fill=\"{EU_GOLD}\" points=\"{}\"/>", points.join(" ")));
        }
        svg.push_str("</svg>");
        svg
    }

    /// The emblem as an RGB PNG `height_px` pixels high, for documents that take only pictures.
    pub fn png(height_px: u32) -> Result<Vec<u8>, DocError> {
        let height_px = height_px.max(6);
        let width_px = height_px * 3 / 2;
        let emblem = Emblem::new(f64::from(height_px));
        let pixels = emblem.rasterise(width_px, height_px);
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, width_px, height_px);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header().map_err(|error| DocError::Write(error.to_string()))?;
            writer.write_image_data(&pixels).map_err(|error| DocError::Write(error.to_string()))?;
            writer.finish().map_err(|error| DocError::Write(error.to_string()))?;
        }
        Ok(out)
    }

    /// RGB bytes, row by row: each pixel mixes blue and gold by the share of its 16 samples
    /// inside a star.
    fn rasterise(&self, width_px: u32, height_px: u32) -> Vec<u8> {
        const SAMPLES: u32 = 4;
        let mut pixels = Vec::with_capacity((width_px * height_px * 3) as usize);
        let outer = self.height / 18.0;
        for py in 0..height_px {
            for px in 0..width_px {
                let mut inside = 0u32;
                for sy in 0..SAMPLES {
                    for sx in 0..SAMPLES {
                        let x = f64::from(px) + (f64::from(sx) + 0.5) / f64::from(SAMPLES);
                        let y = f64::from(py) + (f64::from(sy) + 0.5) / f64::from(SAMPLES);
                        let hit = self.stars.iter().any(|star| {
                            (x - star.centre.0).abs() <= outer
                                && (y - star.centre.1).abs() <= outer
                                && winding(&star.vertices, (x, y)) != 0
                        });
                        inside += u32::from(hit);
                    }
                }
                let share = f64::from(inside) / f64::from(SAMPLES * SAMPLES);
                for channel in 0..3 {
                    let (blue, gold) = (f64::from(BLUE_RGB[channel]), f64::from(GOLD_RGB[channel]));
                    pixels.push((blue + (gold - blue) * share).round().clamp(0.0, 255.0) as u8);
                }
            }
        }
        pixels
    }
}

fn round(value: f64) -> String {
    let rounded = (value * 1000.0).round() / 1000.0;
    format!("{rounded}")
}

/// The winding number of `polygon` around `point` (non-zero means inside).
fn winding(polygon: &[(f64, f64)], (x, y): (f64, f64)) -> i32 {
    let mut winding = 0;
    for (index, &(x0, y0)) in polygon.iter().enumerate() {
        let (x1, y1) = polygon[(index + 1) % polygon.len()];
        let side = (x1 - x0) * (y - y0) - (x - x0) * (y1 - y0);
        if y0 <= y {
            if y1 > y && side > 0.0 {
                winding += 1;
            }
        } else if y1 <= y && side < 0.0 {
            winding -= 1;
        }
    }
    winding
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: f64 = 180.0;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn twelve_stars_on_a_circle_of_a_third_of_the_height_at_the_hours() {
        let emblem = Emblem::new(H);
        assert!(close(emblem.width, 270.0));
        assert_eq!(emblem.stars.len(), 12);
        for (hour, star) in emblem.stars.iter().enumerate() {
            let (dx, dy) = (star.centre.0 - 135.0, star.centre.1 - 90.0);
            assert!(close(dx.hypot(dy), 60.0), "star {hour} is off the circle");
            let angle = dx.atan2(-dy).rem_euclid(2.0 * PI);
            assert!(close(angle, hour as f64 * PI / 6.0) || close(angle, 2.0 * PI), "star {hour} off its hour");
        }
        assert!(close(emblem.stars[0].centre.0, 135.0) && close(emblem.stars[0].centre.1, 30.0));
    }

    #[test]
    fn each_star_is_upright_with_its_points_on_an_eighteenth_of_the_height() {
        for star in Emblem::new(H).stars {
            assert_eq!(star.vertices.len(), 10);
            let (top_x, top_y) = star.vertices[0];
            assert!(close(top_x, star.centre.0) && close(top_y, star.centre.1 - 10.0), "not upright");
            for (k, (x, y)) in star.vertices.iter().enumerate() {
                let radius = (x - star.centre.0).hypot(y - star.centre.1);
                let expected = if k % 2 == 0 { 10.0 } else { 10.0 * inner_ratio() };
                assert!(close(radius, expected));
                assert!(*x > 0.0 && *x < 270.0 && *y > 0.0 && *y < 180.0, "outside the rectangle");
            }
        }
    }

    #[test]
    fn the_svg_has_the_blue_rectangle_and_twelve_gold_stars() {
        let svg = Emblem::new(H).svg();
        assert!(svg.contains("fill=\"#003399\""));
        assert_eq!(svg.matches("<polygon fill=\"#FFCC00\"").count(), 12);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn the_png_is_blue_with_gold_at_the_stars_and_the_same_each_time() -> Result<(), DocError> {
        let png = Emblem::png(90)?;
        assert_eq!(png, Emblem::png(90)?);
        let emblem = Emblem::new(90.0);
        let pixels = emblem.rasterise(135, 90);
        let at = |x: usize, y: usize| &pixels[(y * 135 + x) * 3..(y * 135 + x) * 3 + 3];
        assert_eq!(at(2, 2), BLUE_RGB);
        assert_eq!(at(67, 45), BLUE_RGB, "the centre is blue");
        // The centre of the twelve o'clock star: (67.5, 15).
        assert_eq!(at(67, 15), GOLD_RGB);
        assert!(png.starts_with(b"\x89PNG"));
        Ok(())
    }
}

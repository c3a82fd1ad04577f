//! The member cities on a map of mainland Southeast Asia, drawn as SVG from boundary data shipped
//! with the product (no tile server, no network), and the same points as GeoJSON.

use serde::Deserialize;
use std::fmt::Write;
use std::sync::OnceLock;

const BOUNDARIES: &str = include_str!("../data/boundaries.geojson");

/// The part of the world the map shows, in degrees.
const WEST: f64 = 99.0;
const EAST: f64 = 110.5;
const SOUTH: f64 = 8.0;
const NORTH: f64 = 23.8;
/// Drawing width in SVG units; the height follows the projection.
const WIDTH: f64 = 600.0;

/// A point to place on the map.
#[derive(Debug, Clone)]
pub struct MapPoint {
    pub label: String,
    pub longitude: f64,
    pub latitude: f64,
    pub href: String,
    /// Drawn as a member (filled) or not (outlined).
    pub member: bool,
}

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    iso2: String,
    member: bool,
}

#[derive(Deserialize)]
struct Geometry {
    coordinates: Vec<Vec<Vec<(f64, f64)>>>,
}

fn boundaries() -> &'static [Feature] {
    static PARSED: OnceLock<Vec<Feature>> = OnceLock::new();
    PARSED.get_or_init(|| serde_json::from_str::<Collection>(BOUNDARIES).map(|c| c.features).unwrap_or_default())
}

/// An equirectangular projection scaled by the cosine of the middle latitude, which keeps
/// shapes right at this size and latitude.
fn project(longitude: f64, latitude: f64) -> (f64, f64) {
    let scale = WIDTH / (EAST - WEST);
    let squash = ((SOUTH + NORTH) / 2.0).to_radians().cos();
    ((longitude - WEST) * scale, (NORTH - latitude) * scale / squash)
}

fn height() -> f64 {
    project(WEST, SOUTH).1
}

pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The map as an SVG document: countries, then each point linked to its page, with a title and
/// description for screen readers. `country_names` labels the member countries.
pub fn render_map(title: &str, description: &str, points: &[MapPoint], country_names: &[(&str, String)]) -> String {
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0} {:.0}" role="group" aria-labelledby="map-title map-desc" class="map"><title id="map-title">{}</title><desc id="map-desc">{}</desc><rect width="100%" height="100%" class="sea"/>"#,
        height(),
        escape(title),
        escape(description)
    );
    for feature in boundaries() {
        let class = if feature.properties.member { "member-country" } else { "other-country" };
        let mut path = String::new();
        for polygon in &feature.geometry.coordinates {
            for ring in polygon {
                for (index, (lon, lat)) in ring.iter().enumerate() {
                    let (x, y) = project(*lon, *lat);
                    let _ = write!(path, "{}{x:.1} {y:.1}", if index == 0 { "M" } else { "L" });
                }
                path.push('Z');
            }
        }
        let _ = write!(svg, r#"<path class="{class}" data-country="{}" d="{path}"/>"#, feature.properties.iso2);
    }
    for (iso2, name) in country_names {
        let anchor = match *iso2 {
            "KH" => Some((104.6, 12.6)),
            "LA" => Some((102.9, 19.4)),
            "VN" => Some((107.4, 14.0)),
            _ => None,
        };
        if let Some((lon, lat)) = anchor {
            let (x, y) = project(lon, lat);
            let _ = write!(svg, r#"<text class="country-label" x="{x:.1}" y="{y:.1}">{}</text>"#, escape(name));
        }
    }
    for point in points {
        let (x, y) = project(point.longitude, point.latitude);
        let class = if point.member { "city member" } else { "city" };
        let _ = write!(
            svg,
            r#"<a href="{}" class="{class}"><title>{}</title><circle cx="{x:.1}" cy="{y:.1}" r="5"/><text x="{:.1}" y="{:.1}">{}</text></a>"#,
            escape(&point.href),
            escape(&point.label),
            x + 7.0,
            y + 4.0,
            escape(&point.label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The points as a GeoJSON feature collection.
pub fn points_geojson(points: &[MapPoint]) -> serde_json::Value {
    let features: Vec<serde_json::Value> = points
        .iter()
        .map(|p| {
            serde_json::json!({
                "type": "Feature",
                "geometry": { "type": "Point", "coordinates": [p.longitude, p.latitude] },
                "properties": { "name": p.label, "href": p.href, "member": p.member },
            })
        })
        .collect();
    serde_json::json!({ "type": "FeatureCollection", "features": features })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boundaries_load_and_points_fall_inside_the_map() {
        assert_eq!(boundaries().iter().filter(|f| f.properties.member).count(), 3);
        let phnom_penh = MapPoint {
            label: "Phnom Penh".into(),
            longitude: 104.92,
            latitude: 11.57,
            href: "/cities/KH-PNH".into(),
            member: true,
        };
        let svg = render_map("Member cities", "Eleven cities", &[phnom_penh], &[("KH", "Cambodia".into())]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"href="/cities/KH-PNH""#));
        let (x, y) = project(104.92, 11.57);
        assert!((0.0..WIDTH).contains(&x) && (0.0..height()).contains(&y));
        assert_eq!(svg.matches("data-country=").count(), boundaries().len());
    }
}

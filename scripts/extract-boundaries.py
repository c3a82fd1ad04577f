#!/usr/bin/env python3
"""Extracts the country outlines the directory map draws from world-atlas's countries-50m.json
(Natural Earth 1:50m, public domain, via the npm package world-atlas@2.0.2) into plain GeoJSON.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/extract-boundaries.py package/countries-50m.json > crates/mekong-web/data/boundaries.geojson
"""
import json
import sys

# ISO 3166 numeric ids: members first, then neighbours drawn for context.
COUNTRIES = {"116": "KH", "418": "LA", "704": "VN", "764": "TH", "104": "MM", "156": "CN"}
# Only what the map shows: mainland Southeast Asia.
LON = (96.0, 112.0)
LAT = (6.0, 25.0)


def decode_arcs(topology):
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((round(x * scale[0] + translate[0], 4), round(y * scale[1] + translate[1], 4)))
        arcs.append(points)
    return arcs


def ring(indexes, arcs):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def visible(polygon):
    return any(LON[0] <= x <= LON[1] and LAT[0] <= y <= LAT[1] for x, y in polygon[0])


def main():
    topology = json.load(open(sys.argv[1]))
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = COUNTRIES.get(geometry.get("id"))
        if not code:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [[ring(r, arcs) for r in polygon] for polygon in polygons]
        rings = [p for p in rings if visible(p)]
        features.append({
            "type": "Feature",
            "properties": {"iso2": code, "member": code in ("KH", "LA", "VN")},
            "geometry": {"type": "MultiPolygon", "coordinates": rings},
        })
    json.dump({"type": "FeatureCollection", "features": features}, sys.stdout, separators=(",", ":"))


main()

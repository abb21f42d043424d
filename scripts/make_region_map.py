"""Make the map asset `plugins/wla_site/figures/assets/uk-regions.json`. Run once, by hand.

This is not part of the site engine and nothing imports it: the build reads the
small asset this script wrote, which is kept in the repository. Run it again only
to change the map's detail or its source. It needs the Python standard library
and the two source files, from the public martinjc/UK-GeoJSON repository
(commit 88339000fc8711feb9c146d5cd7d145bf286350d):

    json/electoral/gb/topo_eer.json        the 9 English regions, Scotland and Wales
                                            (European Electoral Regions 2013, whose
                                            English members are the ONS regions)
    json/administrative/ni/topo_lgd.json   Northern Ireland's 11 councils, merged here

    git clone https://github.com/martinjc/UK-GeoJSON
    python3 scripts/make_region_map.py UK-GeoJSON/json/electoral/gb/topo_eer.json \\
        UK-GeoJSON/json/administrative/ni/topo_lgd.json

What it does, in order:

1. Decodes the TopoJSON arcs (the shared pieces of boundary) to longitude and latitude.
2. Projects them onto the British National Grid (transverse Mercator on the Airy 1830
   ellipsoid, from the Ordnance Survey's guide; the datum shift, about 100 m, is left
   out), then to map units of one kilometre.
3. Simplifies each arc once with Douglas-Peucker. Neighbouring regions share their
   arcs, so their borders stay identical: no gaps, no overlaps.
4. Rebuilds each region's rings from its arcs; Northern Ireland's councils are merged
   by keeping only the arcs that are not shared between two councils.
5. Drops islands and holes smaller than MIN_AREA_KM2, moves Shetland into an inset box
   in the North Sea (as printed maps of the UK do), and rounds to whole units.
6. Writes each region's SVG path and a label point (the point of the largest piece of
   land farthest from its edge) with the source, licence and these settings.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

Point = tuple[float, float]
Ring = list[Point]

OUTPUT = Path(__file__).resolve().parent.parent / "plugins/wla_site/figures/assets/uk-regions.json"

TOLERANCE_KM = 1.0
"""Douglas-Peucker tolerance: no simplified line strays further than this from the source."""

MIN_AREA_KM2 = 40.0
"""Islands and lakes smaller than this are left out (Arran, Islay and Anglesey stay)."""

MARGIN_KM = 6
"""Blank space around the map, so borders are not cut by the edge of the picture."""

SHETLAND_NORTHING_M = 1_100_000
"""Land whose every point is north of this is Shetland, drawn in an inset."""

SHETLAND_SHIFT_KM = (145.0, -165.0)
"""How far Shetland moves (east, north) to its inset box, off the coast of Aberdeenshire."""

INSET_PADDING_KM = 8
"""Space between Shetland and its inset box."""

# EER13CD code in the source -> the slug in vocabulary.yml.
GB_REGIONS = {
    "E15000001": "north-east",
    "E15000002": "north-west",
    "E15000003": "yorkshire-and-the-humber",
    "E15000004": "east-midlands",
    "E15000005": "west-midlands",
    "E15000006": "east-of-england",
    "E15000007": "london",
    "E15000008": "south-east",
    "E15000009": "south-west",
    "S15000001": "scotland",
    "W08000001": "wales",
}
NAMES = {
    "north-east": "North East",
    "north-west": "North West",
    "yorkshire-and-the-humber": "Yorkshire and the Humber",
    "east-midlands": "East Midlands",
    "west-midlands": "West Midlands",
    "east-of-england": "East of England",
    "london": "London",
    "south-east": "South East",
    "south-west": "South West",
    "scotland": "Scotland",
    "wales": "Wales",
    "northern-ireland": "Northern Ireland",
}
CODES = {slug: code for code, slug in GB_REGIONS.items()} | {"northern-ireland": "N92000002"}

SOURCE = {
    "repository": "https://github.com/martinjc/UK-GeoJSON",
    "commit": "88339000fc8711feb9c146d5cd7d145bf286350d",
    "files": {
        "json/electoral/gb/topo_eer.json": "English regions (ONS regions, as European Electoral Regions 2013), Scotland, Wales",
        "json/administrative/ni/topo_lgd.json": "Northern Ireland's local government districts, merged into one shape",
    },
    "original": "Generalised clipped boundaries from the Office for National Statistics, Ordnance Survey and Land and Property Services (Northern Ireland), converted to TopoJSON by Martin Chorley",
}
LICENCE = (
    "Contains OS data © Crown copyright and database right; Contains National Statistics data "
    "© Crown copyright; Open Government Licence v3.0"
)
ATTRIBUTION = [
    "Contains Ordnance Survey, Office of National Statistics, National Records Scotland and LPS "
    "Intellectual Property data © Crown copyright and database right [2016]. Data licensed under "
    "the terms of the Open Government Licence v3.0 "
    "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/). "
    "Ordnance Survey data covered by OS OpenData Licence.",
    "GeoJSON and TopoJSON UK Boundary Data by Martin Chorley (https://github.com/martinjc/UK-GeoJSON), "
    "licensed under Creative Commons Attribution 4.0 International.",
]


# --- 1. TopoJSON -------------------------------------------------------------------------


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Every arc as (longitude, latitude) points, undoing the delta encoding and quantisation."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


# --- 2. Projection ------------------------------------------------------------------------


def british_national_grid(lon: float, lat: float) -> Point:
    """(easting, northing) in metres: the OS guide's transverse Mercator formulae, Annex C."""
    a, b, f0 = 6377563.396, 6356256.909, 0.9996012717
    lat0, lon0, n0, e0 = math.radians(49), math.radians(-2), -100000.0, 400000.0
    e2 = 1 - (b * b) / (a * a)
    n = (a - b) / (a + b)
    phi, lam = math.radians(lat), math.radians(lon)
    sin, cos, tan = math.sin(phi), math.cos(phi), math.tan(phi)
    nu = a * f0 / math.sqrt(1 - e2 * sin * sin)
    rho = a * f0 * (1 - e2) / (1 - e2 * sin * sin) ** 1.5
    eta2 = nu / rho - 1
    dp, sp = phi - lat0, phi + lat0
    m = b * f0 * (
        (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * dp
        - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(dp) * math.cos(sp)
        + (15 / 8 * n**2 + 15 / 8 * n**3) * math.sin(2 * dp) * math.cos(2 * sp)
        - 35 / 24 * n**3 * math.sin(3 * dp) * math.cos(3 * sp)
    )
    i = m + n0
    ii = nu / 2 * sin * cos
    iii = nu / 24 * sin * cos**3 * (5 - tan**2 + 9 * eta2)
    iiia = nu / 720 * sin * cos**5 * (61 - 58 * tan**2 + tan**4)
    iv = nu * cos
    v = nu / 6 * cos**3 * (nu / rho - tan**2)
    vi = nu / 120 * cos**5 * (5 - 18 * tan**2 + tan**4 + 14 * eta2 - 58 * tan**2 * eta2)
    dl = lam - lon0
    northing = i + ii * dl**2 + iii * dl**4 + iiia * dl**6
    easting = e0 + iv * dl + v * dl**3 + vi * dl**5
    return easting, northing


# --- 3. Simplification --------------------------------------------------------------------


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """The points to keep: both ends always, then whatever strays further than `tolerance`."""
    if len(points) < 3:
        return list(points)
    if points[0] == points[-1]:
        # A closed arc (an island on its own): split at its farthest point, so both
        # halves have distinct ends.
        far = max(range(len(points)), key=lambda k: math.dist(points[0], points[k]))
        if far == 0:
            return [points[0]]
        return douglas_peucker(points[: far + 1], tolerance)[:-1] + douglas_peucker(points[far:], tolerance)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for k in range(first + 1, last):
            d = _distance_to_segment(points[k], points[first], points[last])
            if d > best:
                best, index = d, k
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, kept in zip(points, keep, strict=True) if kept]


# --- 4. Rings from arcs -------------------------------------------------------------------


def _cancel_backtracks(refs: list[int]) -> list[int]:
    """Drop an arc followed straight away by the same arc backwards (a zero-width spike)."""
    out: list[int] = []
    for ref in refs:
        if out and out[-1] == ~ref:
            out.pop()
        else:
            out.append(ref)
    while len(out) > 1 and out[0] == ~out[-1]:
        out = out[1:-1]
    return out


def ring_points(refs: Iterable[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    """A ring's points from its arc references (~i is arc i backwards), shared ends once."""
    points: Ring = []
    for ref in refs:
        arc = list(arcs[ref]) if ref >= 0 else list(reversed(arcs[~ref]))
        points.extend(arc if not points else arc[1:])
    return points


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    """A geometry's polygons, each a list of rings, each a list of arc references."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    return list(geometry["arcs"])


def merged_outline(geometries: Sequence[dict]) -> list[list[int]]:
    """Rings (as arc references) of the union of touching shapes: the arcs used only once."""
    used: dict[int, int] = {}
    for geometry in geometries:
        for polygon in polygons_of(geometry):
            for ring in polygon:
                for ref in _cancel_backtracks(ring):
                    arc = ref if ref >= 0 else ~ref
                    used[arc] = used.get(arc, 0) + 1
    outline = [
        ref
        for geometry in geometries
        for polygon in polygons_of(geometry)
        for ring in polygon
        for ref in _cancel_backtracks(ring)
        if used[ref if ref >= 0 else ~ref] == 1
    ]
    return outline


def chain(refs: list[int], arcs: Sequence[Sequence[Point]]) -> list[list[int]]:
    """Join arcs end to start into closed rings."""
    def ends(ref: int) -> tuple[Point, Point]:
        arc = arcs[ref] if ref >= 0 else list(reversed(arcs[~ref]))
        return arc[0], arc[-1]

    by_start: dict[Point, list[int]] = {}
    for ref in refs:
        by_start.setdefault(ends(ref)[0], []).append(ref)
    rings, left = [], list(refs)
    done: set[int] = set()
    for start in left:
        if start in done:
            continue
        ring, ref = [], start
        while ref not in done:
            done.add(ref)
            ring.append(ref)
            following = [r for r in by_start.get(ends(ref)[1], []) if r not in done]
            if not following:
                break
            ref = following[0]
        rings.append(ring)
    return rings


# --- 5. Geometry helpers ------------------------------------------------------------------


def area(ring: Sequence[Point]) -> float:
    """Signed area (shoelace formula)."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], *ring[:1]], strict=True)) / 2


def inside(p: Point, rings: Sequence[Sequence[Point]]) -> bool:
    """Even-odd rule over all of a polygon's rings."""
    x, y = p
    result = False
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], *ring[:1]], strict=True):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                result = not result
    return result


def label_point(rings: Sequence[Sequence[Point]]) -> Point:
    """The point inside the polygon farthest from its edge, by a grid search refined twice."""
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    segments = [(a, b) for ring in rings for a, b in zip(ring, [*ring[1:], *ring[:1]], strict=True)]

    def clearance(p: Point) -> float:
        if not inside(p, rings):
            return -1.0
        return min(_distance_to_segment(p, a, b) for a, b in segments)

    best = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    step = max(max(xs) - min(xs), max(ys) - min(ys)) / 24
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    for _ in range(3):
        candidates = [
            (x0 + i * step, y0 + j * step)
            for i in range(int((x1 - x0) / step) + 1)
            for j in range(int((y1 - y0) / step) + 1)
        ]
        best = max(candidates + [best], key=lambda p: (clearance(p), -p[0], -p[1]))
        x0, y0, x1, y1 = best[0] - step, best[1] - step, best[0] + step, best[1] + step
        step /= 6
    return best


def path_data(polygons: Sequence[Sequence[Sequence[tuple[int, int]]]]) -> str:
    """SVG path data: each ring an absolute M, then relative l steps, then z."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            (x, y), numbers = ring[0], []
            for px, py in ring[1:]:
                numbers += [px - x, py - y]
                x, y = px, py
            # A minus sign separates two numbers by itself; otherwise they need a space.
            body = "".join(f"{n}" if n < 0 or k == 0 else f" {n}" for k, n in enumerate(numbers))
            parts.append(f"M{ring[0][0]} {ring[0][1]}l{body}z")
    return "".join(parts)


# --- 6. The whole map ---------------------------------------------------------------------


def build(gb_path: Path, ni_path: Path) -> dict:
    gb, ni = json.loads(gb_path.read_text()), json.loads(ni_path.read_text())
    def prepared(topology: dict) -> list[list[Point]]:
        kilometres = [
            [(e / 1000, n / 1000) for e, n in (british_national_grid(lon, lat) for lon, lat in arc)]
            for arc in decode_arcs(topology)
        ]
        return [douglas_peucker(arc, TOLERANCE_KM) for arc in kilometres]

    regions: dict[str, list[list[Ring]]] = {}
    gb_arcs = prepared(gb)
    for geometry in gb["objects"]["eer"]["geometries"]:
        slug = GB_REGIONS[geometry["id"]]
        regions[slug] = [
            [ring_points(_cancel_backtracks(ring), gb_arcs) for ring in polygon]
            for polygon in polygons_of(geometry)
        ]
    ni_arcs = prepared(ni)
    rings = [ring_points(refs, ni_arcs) for refs in chain(merged_outline(ni["objects"]["lgd"]["geometries"]), ni_arcs)]
    rings = [r for r in rings if len(r) >= 3]
    # Outer rings all turn the same way as the largest one; holes turn the other way.
    turn = math.copysign(1, area(max(rings, key=lambda r: abs(area(r)))))
    outers = [r for r in rings if math.copysign(1, area(r)) == turn]
    holes = [r for r in rings if r not in outers]
    regions["northern-ireland"] = [
        [outer] + [h for h in holes if inside(h[0], [outer])] for outer in outers
    ]

    # Keep the land big enough to see; holes too (lakes) if big enough.
    kept: dict[str, list[list[Ring]]] = {}
    for slug, polygons in regions.items():
        kept[slug] = []
        for polygon in polygons:
            outer, *inner = polygon
            if abs(area(outer)) < MIN_AREA_KM2:
                continue
            kept[slug].append([outer] + [h for h in inner if abs(area(h)) >= MIN_AREA_KM2])

    # Shetland into its inset.
    inset_points: list[Point] = []
    shifted = []
    for polygon in kept["scotland"]:
        if all(y * 1000 > SHETLAND_NORTHING_M for y in (p[1] for p in polygon[0])):
            dx, dy = SHETLAND_SHIFT_KM
            polygon = [[(x + dx, y + dy) for x, y in ring] for ring in polygon]
            inset_points.extend(polygon[0])
        shifted.append(polygon)
    kept["scotland"] = shifted

    pad = INSET_PADDING_KM
    box_west, box_east = min(x for x, _ in inset_points) - pad, max(x for x, _ in inset_points) + pad
    box_south, box_north = min(y for _, y in inset_points) - pad, max(y for _, y in inset_points) + pad

    # Map units: kilometres east of the westernmost point, and down from the northernmost.
    everything = [p for polygons in kept.values() for polygon in polygons for ring in polygon for p in ring]
    everything += [(box_west, box_north), (box_east, box_south)]
    west = math.floor(min(x for x, _ in everything)) - MARGIN_KM
    north = math.ceil(max(y for _, y in everything)) + MARGIN_KM
    width = math.ceil(max(x for x, _ in everything)) + MARGIN_KM - west
    height = north - (math.floor(min(y for _, y in everything)) - MARGIN_KM)

    def to_map(p: Point) -> tuple[int, int]:
        return round(p[0] - west), round(north - p[1])

    shapes = {}
    for slug in NAMES:
        polygons = []
        for polygon in kept[slug]:
            rounded = []
            for ring in polygon:
                r: list[tuple[int, int]] = []
                for p in map(to_map, ring):
                    if not r or r[-1] != p:
                        r.append(p)
                if len(r) > 1 and r[0] == r[-1]:
                    r.pop()
                if len(r) >= 3:
                    rounded.append(r)
            if rounded:
                polygons.append(rounded)
        largest = max(polygons, key=lambda polygon: abs(area([(float(x), float(y)) for x, y in polygon[0]])))
        lx, ly = label_point([[(float(x), float(y)) for x, y in ring] for ring in largest])
        shapes[slug] = {
            "name": NAMES[slug],
            "code": CODES[slug],
            "d": path_data(polygons),
            "label": [round(lx), round(ly)],
        }

    ix0, iy0 = to_map((box_west, box_north))
    ix1, iy1 = to_map((box_east, box_south))
    return {
        "about": "The UK's nine English regions and three nations, simplified for an inline SVG map.",
        "source": SOURCE | {
            "sha256": {
                "json/electoral/gb/topo_eer.json": hashlib.sha256(gb_path.read_bytes()).hexdigest(),
                "json/administrative/ni/topo_lgd.json": hashlib.sha256(ni_path.read_bytes()).hexdigest(),
            }
        },
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
        "method": {
            "script": "scripts/make_region_map.py",
            "projection": "British National Grid (transverse Mercator, Airy 1830; no datum shift); 1 map unit = 1 km; y grows southwards",
            "simplification": f"Douglas-Peucker on shared TopoJSON arcs, tolerance {TOLERANCE_KM} km",
            "dropped": f"islands and holes under {MIN_AREA_KM2:g} km²",
            "inset": f"Shetland moved {SHETLAND_SHIFT_KM[0]:g} km east and {-SHETLAND_SHIFT_KM[1]:g} km south into a box",
        },
        "viewBox": [0, 0, width, height],
        "insets": [
            {"name": "Shetland", "box": [ix0, iy0, ix1 - ix0, iy1 - iy0]}
        ],
        "regions": shapes,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gb", type=Path, help="json/electoral/gb/topo_eer.json from martinjc/UK-GeoJSON")
    parser.add_argument("ni", type=Path, help="json/administrative/ni/topo_lgd.json from martinjc/UK-GeoJSON")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    data = build(args.gb, args.ni)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), indent=None)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({len(text.encode()) / 1024:.1f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

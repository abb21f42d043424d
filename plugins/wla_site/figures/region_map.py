"""An inline SVG map of the UK's regions and nations, each region a link to its page.

The shapes come from `assets/uk-regions.json`, made once from Ordnance Survey and ONS
boundaries by `scripts/make_region_map.py` (see `assets/README.md` for the source and
licence). The map needs no JavaScript, no tiles and no request to anyone: it is
a few kilobytes of SVG written into the page. It is never the only way to reach a
region: the page lists the regions as text beside it.

Styling hooks (the stylesheet `mkdocs/theme/assets/wla/figures.css` uses them):
`wla-map` on the `<svg>`, `wla-map__region` on each link, `wla-map__shape` on each
shape (`wla-map__shape--plain` for a region with no link), `wla-map__badge` on the short
text drawn on a region, `wla-map__inset` on Shetland's box.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from markupsafe import Markup, escape

ASSET = Path(__file__).resolve().parent / "assets" / "uk-regions.json"

BADGE_SIZE = 22
"""Height of a badge's text, in map units (kilometres; the map is 669 units wide)."""


class RegionLink(NamedTuple):
    """Where a region's shape leads and what it is called to someone who cannot see it."""

    href: str
    label: str
    """The link's accessible name and tooltip, e.g. "North West: 3 case studies, 4 events"."""
    badge: str = ""
    """Short text drawn on the region, e.g. a count; empty for none."""


@dataclass(frozen=True)
class RegionShape:
    slug: str
    name: str
    d: str
    """SVG path data in the map's units."""
    label: tuple[int, int]
    """A point well inside the region's largest piece of land, for a badge."""


@dataclass(frozen=True)
class RegionMap:
    view_box: tuple[int, int, int, int]
    insets: tuple[tuple[int, int, int, int], ...]
    regions: tuple[RegionShape, ...]
    licence: str
    """The short credit a page showing the map must carry (Open Government Licence)."""
    attribution: tuple[str, ...]
    """The source's own credit lines, in full."""


@cache
def load_region_map(path: Path = ASSET) -> RegionMap:
    """The map asset, read once."""
    data = json.loads(path.read_text(encoding="utf-8"))
    x, y, width, height = (int(n) for n in data["viewBox"])
    insets = []
    for inset in data["insets"]:
        ix, iy, iw, ih = (int(n) for n in inset["box"])
        insets.append((ix, iy, iw, ih))
    regions = tuple(
        RegionShape(
            slug=slug,
            name=str(region["name"]),
            d=str(region["d"]),
            label=(int(region["label"][0]), int(region["label"][1])),
        )
        for slug, region in data["regions"].items()
    )
    attribution = tuple(str(line) for line in data["attribution"])
    return RegionMap((x, y, width, height), tuple(insets), regions, str(data["licence"]), attribution)


def mapped_regions() -> tuple[str, ...]:
    """The slugs that have a shape on the map (not "national", which is everywhere)."""
    return tuple(region.slug for region in load_region_map().regions)


def region_map_svg(
    links: Mapping[str, RegionLink | tuple[str, str] | tuple[str, str, str]],
    *,
    title: str = "Map of the UK's regions and nations",
) -> Markup:
    """The map as inline SVG, with a link on each region in `links`.

    `links` maps a region slug to (href, accessible label[, badge]). Slugs with no shape
    (such as "national", or a region added to the vocabulary later) are left to the
    text list beside the map; regions without a link are drawn plain. The output
    depends only on the arguments and the asset: the same bytes every time.
    """
    region_map = load_region_map()
    x, y, width, height = region_map.view_box
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="wla-map" viewBox="{x} {y} {width} {height}"'
        f' width="{width}" height="{height}" role="group" aria-label="{escape(title)}">'
    ]
    for ix, iy, iw, ih in region_map.insets:
        parts.append(
            f'<rect class="wla-map__inset" x="{ix}" y="{iy}" width="{iw}" height="{ih}"'
            ' fill="none" stroke="currentColor" aria-hidden="true"/>'
        )
    for region in region_map.regions:
        link = links.get(region.slug)
        if link is None:
            parts.append(
                f'<path class="wla-map__shape wla-map__shape--plain" d="{region.d}"'
                ' fill="currentColor" fill-opacity="0.3" aria-hidden="true"/>'
            )
            continue
        href, label, badge = RegionLink(*link)
        parts.append(
            f'<a class="wla-map__region" href="{escape(href)}" aria-label="{escape(label)}">'
            f"<title>{escape(label)}</title>"
            f'<path class="wla-map__shape" d="{region.d}" fill="currentColor" fill-opacity="0.6"/>'
        )
        if badge:
            bx, by = region.label
            parts.append(
                f'<text class="wla-map__badge" x="{bx}" y="{by}" font-size="{BADGE_SIZE}"'
                ' text-anchor="middle" dominant-baseline="central" fill="currentColor"'
                f' aria-hidden="true">{escape(badge)}</text>'
            )
        parts.append("</a>")
    parts.append("</svg>")
    return Markup("".join(parts))

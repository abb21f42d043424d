"""Everything the site publishes beside its pages, and the snippets pages link to it with.

`write_outputs` writes the feeds (`feeds`), calendars (`calendar`), e-shot
emails (`eshot`) and the PNG logo they point to into the built site folder;
`head_html`, `event_calendar_links` and `subscribe_html` give the plugin the
HTML that links pages to those files. This is the one interface the MkDocs
plugin calls for these outputs, and like the modules behind it, it does not
know about MkDocs: it takes a `Site`, a folder and the site's address.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from functools import lru_cache
from math import hypot
from pathlib import Path

from markupsafe import Markup, escape

from wla_site.render import calendar
from wla_site.render import eshot
from wla_site.render import feeds
from wla_site.render import metadata
from wla_site.content.models import Event
from wla_site.render.pages import GeneratedPage, PageRenderer, relative_url
from wla_site.content.site import Site

__all__ = ["write_outputs", "head_html", "event_calendar_links", "subscribe_html", "logo_png"]


def write_outputs(site: Site, site_dir: Path, site_url: str, renderer: PageRenderer | None = None) -> list[str]:
    """Write every feed, calendar and e-shot email into `site_dir`; return their paths from the site root.

    `site_url` is the site's full address ending in "/": feeds, calendars and
    emails are read away from the site, so every link in them is absolute.
    (`renderer` is accepted for the plugin's convenience; the outputs have their own templates.)
    """
    if not site_url or "://" not in site_url:
        raise ValueError("site_url must be the site's full address, like https://example.org/")
    if not site_url.endswith("/"):
        site_url += "/"
    site_dir = Path(site_dir)
    files: dict[str, bytes] = {
        feeds.ESHOT_RSS: feeds.eshot_rss(site, site_url),
        feeds.ESHOT_ATOM: feeds.eshot_atom(site, site_url),
        feeds.CASE_STUDY_RSS: feeds.case_study_rss(site, site_url),
        feeds.EVENT_RSS: feeds.event_rss(site, site_url),
        calendar.CALENDAR_PATH: calendar.upcoming_calendar_ics(site, site_url),
    }
    for event in site.events:
        files[calendar.event_ics_path(event)] = calendar.event_ics(site, event, site_url)
    for issue in site.newsletters:
        files[f"newsletters/{issue.slug}/email.html"] = eshot.email_html(site, issue, site_url).encode("utf-8")
        files[f"newsletters/{issue.slug}/email.txt"] = eshot.email_text(site, issue, site_url).encode("utf-8")
    # Drawing the logo takes a moment; a theme that ships the PNG (overrides/) saves it.
    if not (site_dir / eshot.LOGO_PNG).is_file():
        files[eshot.LOGO_PNG] = logo_png()
    for path, content in files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return list(files)


def head_html(site: Site, page: GeneratedPage | None, page_url: str, site_url: str, *, title: str,
              description: str, is_home: bool, site_name: str = eshot.NETWORK_NAME) -> str:
    """Open Graph and Twitter card meta, and the page kind's JSON-LD, for a page's `<head>`."""
    if not site_url.endswith("/"):
        site_url += "/"
    return metadata.head_html(site, page, page_url, site_url, title=title, description=description,
                              is_home=is_home, site_name=site_name)


def event_calendar_links(site: Site, event: Event, page_url: str) -> str:
    """"Add to calendar" links for an event's page: its .ics file, Google Calendar and Outlook.

    Empty for cancelled and postponed events: there is nothing to add.
    """
    if event.status != "scheduled":
        return ""
    links = [
        Markup('<a href="{}" type="text/calendar" download>Add to calendar (.ics)</a>').format(
            relative_url(page_url, calendar.event_ics_path(event))),
        Markup('<a href="{}" rel="noopener noreferrer">Add to Google Calendar</a>').format(
            calendar.google_calendar_url(site, event)),
        Markup('<a href="{}" rel="noopener noreferrer">Add to Outlook</a>').format(
            calendar.outlook_calendar_url(site, event)),
    ]
    return str(Markup(" · ").join(links))


_SUBSCRIBE = {
    "newsletters": [
        (feeds.ESHOT_RSS, "application/rss+xml", "RSS feed"),
        (feeds.ESHOT_ATOM, "application/atom+xml", "Atom feed"),
    ],
    "case-studies": [(feeds.CASE_STUDY_RSS, "application/rss+xml", "RSS feed")],
    "events": [
        (feeds.EVENT_RSS, "application/rss+xml", "RSS feed"),
        (calendar.CALENDAR_PATH, "text/calendar", "Calendar subscription (.ics)"),
    ],
}
_SUBSCRIBE_INTRO = {
    "newsletters": "Get every new issue of the e-shot",
    "case-studies": "Get new case studies",
    "events": "Keep up with upcoming events",
}


def subscribe_html(kind: str, page_url: str) -> str:
    """Visible subscribe links for an archive page: `newsletters`, `case-studies` or `events`."""
    if kind not in _SUBSCRIBE:
        raise ValueError(f'unknown archive "{kind}": use one of {", ".join(_SUBSCRIBE)}')
    links = Markup(" · ").join(
        Markup('<a href="{}" type="{}">{}</a>').format(relative_url(page_url, path), media_type, text)
        for path, media_type, text in _SUBSCRIBE[kind]
    )
    return str(Markup('<p class="wla-subscribe">{}: {}</p>').format(escape(_SUBSCRIBE_INTRO[kind]), links))


# --- the logo as a PNG ------------------------------------------------------------------------
# Feeds may only point to GIF, JPEG or PNG images, and link previews ignore SVG, so the
# logo (overrides/assets/images/logo.svg: white marks on the brand teal) is drawn here
# with the same geometry, anti-aliased, without an imaging library.

_TEAL = (0x00, 0x66, 0x5E)
_WHITE = (0xFF, 0xFF, 0xFF)
_YELLOW = (0xFF, 0xD1, 0x66)
_VIEWBOX = 48
_Shape = tuple[Callable[[float, float], float], float, tuple[int, int, int]]


def _segment_distance(ax: float, ay: float, bx: float, by: float) -> Callable[[float, float], float]:
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy

    def distance(x: float, y: float) -> float:
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length2))
        return hypot(x - ax - t * dx, y - ay - t * dy)

    return distance


def _polyline(points: list[tuple[float, float]]) -> Callable[[float, float], float]:
    segments = [_segment_distance(*a, *b) for a, b in zip(points, points[1:], strict=False)]
    return lambda x, y: min(s(x, y) for s in segments)


def _logo_shapes() -> list[_Shape]:
    """The SVG's strokes: distance to the centre line, half the stroke width, colour."""
    return [
        (lambda x, y: abs(hypot(x - 24, y - 24) - 22), 1.5, _WHITE),
        (_polyline([(11, 31), (19, 23), (25, 28), (37, 15)]), 2.0, _WHITE),
        (_polyline([(30, 15), (37, 15), (37, 22)]), 2.0, _WHITE),
        (_segment_distance(12, 36, 36, 36), 1.5, _YELLOW),
    ]


@lru_cache(maxsize=1)
def logo_png(size: int = metadata.LOGO_SIZE) -> bytes:
    """The network's logo as a square PNG, `size` pixels a side; the same bytes every time."""
    scale = _VIEWBOX / size
    shapes = _logo_shapes()
    rows = []
    for py in range(size):
        row = bytearray(b"\x00")  # filter type: none
        for px in range(size):
            x, y = (px + 0.5) * scale, (py + 0.5) * scale
            red, green, blue = _TEAL
            for distance, half_width, (r, g, b) in shapes:
                # Coverage of this pixel by the stroke, over a one-pixel edge.
                cover = max(0.0, min(1.0, (half_width - distance(x, y)) / scale + 0.5))
                if cover:
                    red += (r - red) * cover
                    green += (g - green) * cover
                    blue += (b - blue) * cover
            row += bytes((round(red), round(green), round(blue)))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))

"""Every web address the content links to, and where each one is written.

`content_links` gathers the `http` and `https` addresses of every published
item of every kind: those in its Markdown (a case study's or e-shot's text, an
event's description, a resource's notes) and those in its fields (an
organisation's or provider's website, an event's online and booking links, a
resource's link). Addresses within the site, `mailto:` links and the like are
left out: only what leaves the site can stop working without the site
knowing. `wla report freshness` checks them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from wla_site.content.kinds import KINDS
from wla_site.content.models import CaseStudy, Event, Item, Provider
from wla_site.content.site import Site

_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')
_WEB = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True)
class LinkPlace:
    """Where a link is written: the content file and the field (or "text" for the Markdown)."""

    path: str
    field: str

    def __str__(self) -> str:
        return f"{self.path} ({self.field})"


def field_links(item: Item) -> list[tuple[str, str]]:
    """(field, address) of the web addresses in an item's fields."""
    found: list[tuple[str, str | None]] = []
    if isinstance(item, CaseStudy):
        found.append(("organisation.website", item.organisation.website))
    elif isinstance(item, Event):
        found += [("online", item.online), ("booking", item.booking)]
    elif isinstance(item, Provider):
        found.append(("website", item.website))
    else:
        found.append(("link", getattr(item, "link", None)))
    return [(name, url) for name, url in found if url and _WEB.match(url)]


def text_links(site: Site, item: Item) -> list[str]:
    """The web addresses linked from an item's Markdown, in the order written."""
    if isinstance(item, Provider):
        return []
    return [url for url in (html.unescape(href).strip() for href in _HREF.findall(site.html(item)))
            if _WEB.match(url)]


def content_links(site: Site) -> dict[str, list[LinkPlace]]:
    """Every web address in the published content, with the places it is written, in the kinds' order."""
    links: dict[str, list[LinkPlace]] = {}
    for kind in KINDS:
        for item in site.items(kind):
            places = [*field_links(item), *(("text", url) for url in text_links(site, item))]
            for field, url in places:
                place = LinkPlace(item.source_path, field)
                if place not in links.setdefault(url, []):
                    links[url].append(place)
    return links

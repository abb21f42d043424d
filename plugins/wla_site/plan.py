"""Every page the site generates: its address, title, kind and template.

`plan_pages` lists the pages a `Site` needs, listings first, then one page per
item of every kind in the registry (`content.kinds`). A `GeneratedPage` is
what the MkDocs adapter hands to MkDocs as an in-memory file, what the page
renderer fills, and what search and structured data describe. Addresses come
from `urls`; nothing here renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wla_site import urls
from wla_site.content.kinds import KINDS, Kind
from wla_site.content.models import Item
from wla_site.content.site import Site

DIRECTORY_PAGE_SIZE = 50
"""Providers on each page of the directory: `/providers/`, then `/providers/page/2/` and on."""

PAGE_KIND = "page"
"""The kind of a hand-written page in search results."""

SEARCH_KINDS = {**{kind.name: kind.label for kind in KINDS}, PAGE_KIND: "Page"}
"""What search results are, by page kind: the `kind` filter of the search index."""


@dataclass
class GeneratedPage:
    """One page to add to the site: where it lives and what to render there."""

    src_uri: str
    title: str
    description: str
    template: str
    kind: str
    """A content kind's name for item pages (`case-study`); a listing's own name otherwise."""
    context: dict[str, Any] = field(default_factory=dict)
    item: Item | None = None

    @property
    def url(self) -> str:
        """The page's address relative to the site root, like `case-studies/x/`."""
        return self.src_uri.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"


def _listing(route: str, title: str, description: str, template: str, kind: str,
             context: dict[str, Any] | None = None) -> GeneratedPage:
    src = urls.source_uri(urls.path(route), listing=True)
    return GeneratedPage(src, title, description, template, kind, context or {})


def plan_pages(site: Site) -> list[GeneratedPage]:
    """Every generated page of the site, listings first."""
    v = site.vocabulary
    pages = [
        _listing("case-studies", "Case studies",
                 "Stories of learning at work from across the WLA network.", "case_studies.html", "case-study-list"),
        _listing("events", "Events",
                 "Upcoming WLA information sessions, training, network meetings and more.", "events.html", "event-list"),
        _listing("newsletters", "The e-shot",
                 "Every issue of the WLA network's newsletter, the e-shot.", "newsletters.html", "newsletter-list"),
        *directory_pages(site),
        _listing("regions", "Regions",
                 "Case studies, events and learning providers by region.", "terms.html", "region-list"),
        _listing("themes", "Themes", "Case studies by theme.", "terms.html", "theme-list"),
        _listing("subscribe", "Subscribe",
                 "Every feed and calendar of the WLA network: follow the whole network, a region or a theme.",
                 "subscribe_page.html", "subscribe"),
        _listing("search", "Search",
                 "Search the case studies, events, e-shot issues and learning providers.", "search.html", "search"),
    ]
    for region, name in v.regions.items():
        pages.append(GeneratedPage(urls.source_uri(urls.path("region", slug=region), listing=False), name,
                                   f"WLA case studies, events and learning providers in {name}.",
                                   "region.html", "region", {"region": region, "name": name}))
    for theme, name in v.themes.items():
        pages.append(GeneratedPage(urls.source_uri(urls.path("theme", slug=theme), listing=False), name,
                                   f"WLA case studies and events about {name}.", "theme.html", "theme",
                                   {"theme": theme, "name": name}))
    for kind in KINDS:
        pages += [item_page(kind, item) for item in site.items(kind)]
    return pages


def item_page(kind: Kind, item: Item) -> GeneratedPage:
    """The page of one content item."""
    src = urls.source_uri(urls.path(kind.route, slug=item.slug), listing=False)
    return GeneratedPage(src, item.title, item.summary, kind.template, kind.name, item=item)


def directory_pages(site: Site) -> list[GeneratedPage]:
    """The providers directory, in pages of `DIRECTORY_PAGE_SIZE`, so no page grows with the directory."""
    count = max(1, -(-len(site.providers) // DIRECTORY_PAGE_SIZE))
    description = "Local and national learning providers that WLAs can point colleagues to."
    pages = []
    for number in range(1, count + 1):
        src = urls.source_uri(urls.directory_page(number), listing=number == 1)
        title = "Learning providers" if number == 1 else f"Learning providers, page {number} of {count}"
        pages.append(GeneratedPage(src, title, description, "providers.html", "provider-list",
                                   {"page_number": number, "page_count": count}))
    return pages

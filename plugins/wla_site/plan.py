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
from wla_site.content.kinds import KINDS, PROVIDER, RESOURCE, Kind
from wla_site.content.models import Item
from wla_site.content.resource import AUDIENCES, FORMAT_GROUPS
from wla_site.content.site import Site

DIRECTORY_PAGE_SIZE = PROVIDER.page_size or 50
"""Providers on each page of the directory: `/providers/`, then `/providers/page/2/` and on."""

RESOURCE_GROUP = "resource-group"
"""The page kind of the resources for one audience, or of one format."""

PAGE_KIND = "page"
"""The kind of a hand-written page in search results."""


def search_kinds() -> dict[str, str]:
    """What search results are, by page kind: the `kind` filter of the search index."""
    return {**{kind.name: kind.label for kind in KINDS}, PAGE_KIND: "Page"}


@dataclass
class GeneratedPage:
    """One page to add to the site: where it lives and what to render there."""

    src_uri: str
    title: str
    description: str
    template: str
    kind: str
    """A content kind's name for item pages (`case-study`), its `listing_kind` for listings, else the page's own name."""
    context: dict[str, Any] = field(default_factory=dict)
    """What the plan knows that the page's template needs: a region page's region, a listing page's number."""
    item: Item | None = None
    content_kind: Kind | None = None
    """The content kind an item page or a listing shows."""

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
    pages: list[GeneratedPage] = []
    for kind in KINDS:
        pages += listing_pages(site, kind)
    pages += resource_group_pages()
    pages += [
        _listing("regions", "Regions",
                 "Case studies, events and learning providers by region.", "regions.html", "region-list"),
        _listing("themes", "Themes", "Case studies by theme.", "terms.html", "theme-list"),
        _listing("activity", "The network's activity",
                 "Events, case studies, learning providers and themes of the WLA network at a glance.",
                 "activity.html", "activity"),
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


def resource_group_pages() -> list[GeneratedPage]:
    """Resources for one audience, and of one format: the filters that work without JavaScript."""
    pages = []
    for route, terms, attribute, title in (("resources-for", AUDIENCES, "audience", "Resources for {}"),
                                           ("resources-format", FORMAT_GROUPS, "format", "{}")):
        for term, name in terms.items():
            heading = title.format(name)
            pages.append(GeneratedPage(urls.source_uri(urls.path(route, slug=term), listing=True), heading,
                                       f"{heading}: resources from the WLA network.", RESOURCE.listing_template,
                                       RESOURCE_GROUP, {"attribute": attribute, "term": term, "name": heading},
                                       content_kind=RESOURCE))
    return pages


def item_page(kind: Kind, item: Item) -> GeneratedPage:
    """The page of one content item."""
    src = urls.source_uri(urls.path(kind.route, slug=item.slug), listing=False)
    return GeneratedPage(src, item.title, item.summary, kind.template, kind.name, item=item, content_kind=kind)


def listing_pages(site: Site, kind: Kind) -> list[GeneratedPage]:
    """A kind's listing: one page, or pages of `kind.page_size` items so no page grows with the content."""
    if kind.page_size is None or kind.page_route is None:
        page = _listing(kind.listing_route, kind.listing_title, kind.listing_description, kind.listing_template,
                        kind.listing_kind)
        page.content_kind = kind
        return [page]
    count = max(1, -(-len(site.items(kind)) // kind.page_size))
    pages = []
    for number in range(1, count + 1):
        src = urls.source_uri(listing_page_path(kind, number), listing=number == 1)
        title = kind.listing_title if number == 1 else f"{kind.listing_title}, page {number} of {count}"
        pages.append(GeneratedPage(src, title, kind.listing_description, kind.listing_template, kind.listing_kind,
                                   {"page_number": number, "page_count": count}, content_kind=kind))
    return pages


def listing_page_path(kind: Kind, number: int) -> str:
    """Page `number` of a kind's listing: the first is the listing itself (`providers/`), then `providers/page/2/`."""
    if number == 1 or kind.page_route is None:
        return urls.path(kind.listing_route)
    return urls.path(kind.page_route, number=number)

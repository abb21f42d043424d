"""Every page the site generates: its address, title, kind and template.

`plan_pages` lists the pages a `Site` needs, listings first, then one page per
item of every kind in the registry (`content.kinds`). A `GeneratedPage` is
what the MkDocs adapter hands to MkDocs as an in-memory file, what the page
renderer fills, and what search and structured data describe. Addresses come
from `urls`; nothing here renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from wla_site import urls
from wla_site.content.kinds import KINDS, PAGE_SIZE, RESOURCE, Kind
from wla_site.content.models import Item
from wla_site.content.resource import AUDIENCES, FORMAT_GROUPS
from wla_site.content.site import Site

T = TypeVar("T")

REGION_PROVIDERS = "region-providers"
"""The page kind of a region's learning providers, when there are more than its page shows."""

RESOURCE_GROUP = "resource-group"
"""The page kind of the resources for one audience, or of one format."""

PAGE_KIND = "page"
"""The kind of a hand-written page in search results."""


def search_kinds() -> dict[str, str]:
    """What search results are, by page kind: the `kind` filter of the search index."""
    return {**{kind.name: kind.label for kind in KINDS}, PAGE_KIND: "Page"}


@dataclass(frozen=True)
class Series:
    """Where one page of a list split into pages sits: page 1 is at `route`, the later ones at `page_route`."""

    route: str
    page_route: str
    params: tuple[tuple[str, str], ...]
    """What both routes need besides the page's number: a region's `slug`."""
    number: int
    count: int
    size: int

    def path(self, number: int) -> str:
        """Page `number`'s address: the list's own for the first (`regions/x/`), then `regions/x/page/2/`."""
        if number == 1:
            return urls.path(self.route, **dict(self.params))
        return urls.path(self.page_route, number=number, **dict(self.params))

    @property
    def start(self) -> int:
        """How many items come before this page's first."""
        return (self.number - 1) * self.size

    def part(self, items: list[T]) -> list[T]:
        """This page's items of the whole list."""
        return items[self.start:self.start + self.size]

    def holding(self, position: int) -> str:
        """The address of the page holding the whole list's item at `position` (from 0)."""
        return self.path(position // self.size + 1)

    @property
    def previous(self) -> str | None:
        return self.path(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.path(self.number + 1) if self.number < self.count else None


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
    series: Series | None = None
    """Where the page sits in a list split into pages (a listing, a region's case studies), if it does."""

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
        page = GeneratedPage(urls.source_uri(urls.path("region", slug=region), listing=False), name,
                             f"WLA case studies, events and learning providers in {name}.",
                             "region.html", "region", {"region": region, "name": name})
        pages += split(page, "region", "region-page", len(site.case_studies_by_region.get(region, [])), slug=region)
        providers = len(site.providers_for_region(region))
        if providers > PAGE_SIZE:  # more than the region's page shows: a list of their own
            heading = f"Learning providers in {name}"
            page = GeneratedPage(urls.source_uri(urls.path("region-providers", slug=region), listing=True),
                                 heading, f"{heading}: where WLAs can point colleagues to.",
                                 "region_providers.html", REGION_PROVIDERS, {"region": region, "name": name})
            pages += split(page, "region-providers", "region-providers-page", providers, slug=region)
    for theme, name in v.themes.items():
        page = GeneratedPage(urls.source_uri(urls.path("theme", slug=theme), listing=False), name,
                             f"WLA case studies and events about {name}.", "theme.html", "theme",
                             {"theme": theme, "name": name})
        pages += split(page, "theme", "theme-page", len(site.case_studies_by_theme.get(theme, [])), slug=theme)
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
    page = _listing(kind.listing_route, kind.listing_title, kind.listing_description, kind.listing_template,
                    kind.listing_kind)
    page.content_kind = kind
    if kind.page_size is None or kind.page_route is None:
        return [page]
    return split(page, kind.listing_route, kind.page_route, len(site.items(kind)), size=kind.page_size)


def split(page: GeneratedPage, route: str, page_route: str, total: int, size: int = PAGE_SIZE,
          **params: str) -> list[GeneratedPage]:
    """`page` as pages of `size` items of a list of `total`: itself, then page 2 on at `page_route`.

    Every page is canonical to itself (as search engines advise for a series),
    and its title says where it is: "North West, page 2 of 9".
    """
    count = max(1, -(-total // size))
    pages = []
    for number in range(1, count + 1):
        series = Series(route, page_route, tuple(params.items()), number, count, size)
        if number == 1:
            pages.append(replace(page, series=series))
        else:
            pages.append(replace(page, src_uri=urls.source_uri(series.path(number), listing=True),
                                 title=f"{page.title}, page {number} of {count}", series=series))
    return pages

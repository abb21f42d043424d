"""The site's generated pages rendered to HTML, and the directory's filter index.

`PageRenderer` turns one planned page (`wla_site.plan`) into HTML with the
package's templates (`wla_site.templating`). What each kind of page's template
gets is a dataclass here (`CaseStudyPage`, `ProviderListing`...), made by the
entry for its page kind in `PAGE_CONTEXTS`. Nothing here knows about MkDocs:
the MkDocs adapter hands each page to MkDocs as a generated file and uses the
HTML as its content. Links are written relative to the page, so the site
works under any base path.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

from wla_site import templating, urls
from wla_site.content.kinds import CASE_STUDY, EVENT, NEWSLETTER, PROVIDER, RESOURCE, Kind
from wla_site.content.models import CaseStudy, Event, Item, NewsletterIssue, Provider
from wla_site.content.resource import AUDIENCES, FORMATS, Resource
from wla_site.content.site import Site
from wla_site.figures.activity import Figure, Headline, activity_figures, headlines
from wla_site.figures.regions import regions_listing
from wla_site.formatting import DELIVERY
from wla_site.plan import (
    DIRECTORY_PAGE_SIZE,
    RESOURCE_GROUP,
    GeneratedPage,
    listing_page_path,
    search_kinds,
)

ItemT = TypeVar("ItemT", bound=Item)

HOME_MARKERS = {
    "latest-eshot": "home_newsletter.html",
    "next-events": "home_events.html",
    "recent-case-studies": "home_case_studies.html",
}
"""Places in `docs/index.md` (`<!-- wla:name -->`) that the plugin fills."""

HOME_COUNT = 3

DIRECTORY_INDEX = urls.path("providers-index")
"""Every provider in a compact form, fetched by the directory's filters on first use."""


def pagination(number: int, count: int, window: int = 2) -> list[int | None]:
    """Page numbers to link to around `number`: the first, the last and a window; None marks a gap."""
    shown = sorted({1, count, *range(max(1, number - window), min(count, number + window) + 1)})
    out: list[int | None] = []
    for previous, current in pairwise([0, *shown]):
        if current - previous > 1:
            out.append(None)
        out.append(current)
    return out


def directory_index(site: Site) -> dict[str, Any]:
    """Every provider, compactly, for the directory's filters: vocabularies once, items as rows of indexes."""
    v = site.vocabulary
    regions, offers, delivery = list(v.regions), list(v.offers), list(DELIVERY)
    return {
        "labels": {"regions": [v.regions[r] for r in regions], "offers": [v.offers[o] for o in offers],
                   "delivery": [DELIVERY[d] for d in delivery]},
        "keys": {"region": regions, "offer": offers, "delivery": delivery},
        "fields": ["slug", "name", "town", "region", "offer", "delivery", "funded", "national"],
        "items": [
            [p.slug, p.name, p.address.town if p.address else "",
             [regions.index(r) for r in p.regions], [offers.index(o) for o in p.offers],
             [delivery.index(d) for d in p.delivery], int(bool(p.funded)), int(p.is_national)]
            for p in site.providers
        ],
    }


def write_directory_index(site: Site, site_dir: Path) -> Path:
    """Write `providers/index.json` into the built site (only a directory of several pages needs it)."""
    path = Path(site_dir) / DIRECTORY_INDEX
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(directory_index(site), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path


# --- what each page's template gets -----------------------------------------------------------


@dataclass(kw_only=True)
class PageContext:
    """What every generated page's template gets; each kind of page adds its own fields.

    Templates also get `link` (a root-relative address written as this page
    links to it; `url_for` uses it) and `label` (a vocabulary value's label).
    """

    page: GeneratedPage
    site: Site
    extra_top: str = ""
    """Markup under the heading: a listing's subscribe links."""
    extra_bottom: str = ""
    """Markup at the end of the page."""
    calendar: str = ""
    """An event's "Add to calendar" links."""

    def variables(self) -> dict[str, Any]:
        """The template's variables: every field by its name, `link` and `label`."""
        names = {f.name: getattr(self, f.name) for f in fields(self)}
        return {"link": urls.linker(self.page.url), "label": self.site.label, **names}


def _body(site: Site, page: GeneratedPage, item: Item) -> str:
    """An item's cleaned Markdown as HTML, its links from the site root made to work from its page."""
    return urls.rebase_root_links(site.html(item), urls.relative_url(page.url, "/"))


def _item(page: GeneratedPage, model: type[ItemT]) -> ItemT:
    if not isinstance(page.item, model):
        raise TypeError(f"{page.src_uri} is not the page of {model.__name__}")
    return page.item


@dataclass(kw_only=True)
class CaseStudyPage(PageContext):
    case: CaseStudy
    body: str
    related: list[CaseStudy]
    """Other stories sharing its themes or region."""
    image_name: str

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> CaseStudyPage:
        case = _item(page, CaseStudy)
        return cls(page=page, site=site, case=case, body=_body(site, page, case),
                   related=site.related_case_studies(case),
                   image_name=Path(case.image.src).name if case.image else "")


@dataclass(kw_only=True)
class EventPage(PageContext):
    event: Event
    body: str
    upcoming: bool
    """The event has not ended yet (booking links and calendar links are shown)."""

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> EventPage:
        event = _item(page, Event)
        return cls(page=page, site=site, event=event, body=_body(site, page, event), upcoming=site.is_upcoming(event))


@dataclass(kw_only=True)
class NewsletterPage(PageContext):
    issue: NewsletterIssue
    body: str
    cases: list[CaseStudy]
    """The case studies the issue features."""
    events: list[Event]
    """The events the issue features."""

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> NewsletterPage:
        issue = _item(page, NewsletterIssue)
        cases, events = site.featured(issue)
        return cls(page=page, site=site, issue=issue, body=_body(site, page, issue), cases=cases, events=events)


@dataclass(kw_only=True)
class ProviderPage(PageContext):
    provider: Provider

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> ProviderPage:
        return cls(page=page, site=site, provider=_item(page, Provider))


@dataclass(kw_only=True)
class ItemPage(PageContext):
    """The page of an item of a kind without a context of its own (a kind added to the registry)."""

    item: Item
    body: str

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> ItemPage:
        item = _item(page, Item)
        return cls(page=page, site=site, item=item, body=_body(site, page, item))


Filter = tuple[str, str, list[tuple[str, str]]]
"""One of a listing's filters: its key, its label and its (value, label) options."""


@dataclass(kw_only=True)
class CaseStudyListing(PageContext):
    items: list[CaseStudy]
    regions: list[str]
    themes: list[str]
    filters: list[Filter]

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> CaseStudyListing:
        v = site.vocabulary
        return cls(page=page, site=site, items=site.case_studies, regions=list(v.regions), themes=list(v.themes),
                   filters=[
                       ("region", "Region", list(v.regions.items())),
                       ("theme", "Theme", list(v.themes.items())),
                       ("sector", "Sector", list(v.sectors.items())),
                   ])


@dataclass(kw_only=True)
class EventListing(PageContext):
    upcoming: list[Event]
    past_years: list[tuple[int, list[Event]]]

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> EventListing:
        return cls(page=page, site=site, upcoming=site.upcoming_events(), past_years=site.past_events_by_year())


@dataclass(kw_only=True)
class NewsletterListing(PageContext):
    items: list[NewsletterIssue]

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> NewsletterListing:
        return cls(page=page, site=site, items=site.newsletters)


@dataclass(kw_only=True)
class ProviderListing(PageContext):
    """One page of the provider directory."""

    items: list[Provider]
    total: int
    first: int
    """The number of this page's first provider in the whole directory."""
    pages: list[tuple[int | None, str | None]]
    """The pager's links: (page number, its address); (None, None) marks a gap."""
    previous_url: str | None
    next_url: str | None
    index_url: str | None
    """The directory's filter index, when the filters need more than this page."""
    regions: list[str]
    filters: list[Filter]

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> ProviderListing:
        v = site.vocabulary
        kind = PROVIDER
        number, count = page.context["page_number"], page.context["page_count"]
        start = (number - 1) * DIRECTORY_PAGE_SIZE
        return cls(
            page=page, site=site,
            items=site.providers[start:start + DIRECTORY_PAGE_SIZE],
            total=len(site.providers),
            first=start + 1,
            pages=[(n, listing_page_path(kind, n) if n else None) for n in pagination(number, count)],
            previous_url=listing_page_path(kind, number - 1) if number > 1 else None,
            next_url=listing_page_path(kind, number + 1) if number < count else None,
            index_url=DIRECTORY_INDEX if count > 1 else None,
            regions=list(v.regions),
            filters=[
                ("region", "Region", list(v.regions.items())),
                ("offer", "Offer", list(v.offers.items())),
                ("delivery", "Delivery", list(DELIVERY.items())),
            ],
        )


@dataclass(kw_only=True)
class Listing(PageContext):
    """The listing of a kind without a context of its own (a kind added to the registry)."""

    kind: Kind
    items: list[Item]
    """The items on this page of the listing, in the kind's order."""

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> Listing:
        kind = page.content_kind
        if kind is None:
            raise TypeError(f"{page.src_uri} is not the listing of a kind of content")
        items = site.items(kind)
        if kind.page_size is not None and "page_number" in page.context:
            start = (page.context["page_number"] - 1) * kind.page_size
            items = items[start:start + kind.page_size]
        return cls(page=page, site=site, kind=kind, items=items)


@dataclass(kw_only=True)
class TermsPage(PageContext):
    """The list of regions or of themes, each with how many case studies it has."""

    heading: str
    lede: str
    route: str
    """The `urls.ROUTES` name of one term's page."""
    count_noun: str
    terms: list[tuple[str, str, int]]
    """(value, label, number of case studies) of each term."""

    @classmethod
    def regions(cls, site: Site, page: GeneratedPage) -> TermsPage:
        by_region = site.case_studies_by_region
        return cls(page=page, site=site, heading="Regions", route="region", count_noun="case studies",
                   lede="Case studies, upcoming events and learning providers in each region.",
                   terms=[(k, n, len(by_region.get(k, []))) for k, n in site.vocabulary.regions.items()])

    @classmethod
    def themes(cls, site: Site, page: GeneratedPage) -> TermsPage:
        by_theme = site.case_studies_by_theme
        return cls(page=page, site=site, heading="Themes", route="theme", count_noun="case studies",
                   lede="Case studies by what they are about.",
                   terms=[(k, n, len(by_theme.get(k, []))) for k, n in site.vocabulary.themes.items()])


@dataclass(kw_only=True)
class RegionPage(PageContext):
    region: str
    name: str
    cases: list[CaseStudy]
    events: list[Event]
    """Upcoming events in the region."""
    providers: list[Provider]
    """Providers serving the region, then the national ones."""
    resources: list[Resource]
    """Resources made for the region."""

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> RegionPage:
        region: str = page.context["region"]
        return cls(page=page, site=site, region=region, name=page.context["name"],
                   cases=site.case_studies_by_region.get(region, []), events=site.upcoming_events(region),
                   providers=site.providers_for_region(region),
                   resources=site.by_term(RESOURCE, "regions").get(region, []))


@dataclass(kw_only=True)
class ThemePage(PageContext):
    theme: str
    name: str
    cases: list[CaseStudy]
    events: list[Event]
    """Upcoming events about the theme."""
    resources: list[Resource]

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> ThemePage:
        theme: str = page.context["theme"]
        return cls(page=page, site=site, theme=theme, name=page.context["name"],
                   cases=site.case_studies_by_theme.get(theme, []), events=site.upcoming_theme_events(theme),
                   resources=site.by_term(RESOURCE, "themes").get(theme, []))


@dataclass(kw_only=True)
class ResourcePage(PageContext):
    resource: Resource
    body: str

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> ResourcePage:
        resource = _item(page, Resource)
        return cls(page=page, site=site, resource=resource, body=_body(site, page, resource))


@dataclass(kw_only=True)
class ResourceListing(PageContext):
    """The resources, or one audience's or format's part of them (the filters that work without JavaScript)."""

    items: list[Resource]
    group: str | None
    """The part's heading, on a page of one audience or format."""
    filters: list[tuple[str, str, list[tuple[str, str]]]]

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> ResourceListing:
        everything: list[Resource] = site.items(RESOURCE)
        resources = everything
        attribute, term = page.context.get("attribute"), page.context.get("term")
        if attribute == "audience":
            resources = [r for r in everything if term in r.audience]
        elif attribute == "format":
            resources = [r for r in everything if r.format == term]
        order = list(site.vocabulary.themes)
        themes = sorted({t for r in everything for t in r.themes}, key=order.index)
        return cls(page=page, site=site, items=resources, group=page.context.get("name"), filters=[
            ("audience", "For", list(AUDIENCES.items())),
            ("theme", "Theme", [(t, site.vocabulary.themes[t]) for t in themes]),
            ("format", "Format", list(FORMATS.items())),
        ])


@dataclass(kw_only=True)
class RegionsListing(PageContext):
    """`/regions/`: the map of the UK and the list of regions, each with its counts."""

    regions: list[Any]
    """Each region's slug, name and counts (`figures.regions.RegionCount`)."""
    region_map: Any
    """The map as inline SVG markup."""
    map_licence: str
    map_licence_url: str
    map_attribution: list[str]

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> RegionsListing:
        return cls(page=page, site=site, **regions_listing(site, page.url))


@dataclass(kw_only=True)
class ActivityPage(PageContext):
    """`/activity/`: the network's activity at a glance, as charts with their tables."""

    figures: list[Figure]
    headlines: list[Headline]

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> ActivityPage:
        return cls(page=page, site=site, figures=activity_figures(site), headlines=headlines(site))


@dataclass(kw_only=True)
class SearchPage(PageContext):
    kind_labels: list[str]
    """What results can be, for the "Show" filter."""
    region_labels: list[str]

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> SearchPage:
        return cls(page=page, site=site, kind_labels=list(search_kinds().values()),
                   region_labels=list(site.vocabulary.regions.values()))


PAGE_CONTEXTS: dict[str, Callable[[Site, GeneratedPage], PageContext]] = {
    CASE_STUDY.name: CaseStudyPage.of,
    EVENT.name: EventPage.of,
    NEWSLETTER.name: NewsletterPage.of,
    PROVIDER.name: ProviderPage.of,
    CASE_STUDY.listing_kind: CaseStudyListing.of,
    EVENT.listing_kind: EventListing.of,
    NEWSLETTER.listing_kind: NewsletterListing.of,
    PROVIDER.listing_kind: ProviderListing.of,
    RESOURCE.name: ResourcePage.of,
    RESOURCE.listing_kind: ResourceListing.of,
    RESOURCE_GROUP: ResourceListing.of,
    "region-list": RegionsListing.of,
    "activity": ActivityPage.of,
    "theme-list": TermsPage.themes,
    "region": RegionPage.of,
    "theme": ThemePage.of,
    "search": SearchPage.of,
    "subscribe": lambda site, page: PageContext(page=page, site=site),
}
"""How each kind of page (`GeneratedPage.kind`) makes its template's context.

A kind of content without an entry here gets `ItemPage` for its items and
`Listing` for its listing."""


@dataclass(kw_only=True)
class HomeBlocks:
    """What the home page's marked places show."""

    link: Callable[[str], str]
    label: Callable[[str, str], str]
    issue: NewsletterIssue | None
    """The latest e-shot issue."""
    events: list[Event]
    """The next few events."""
    cases: list[CaseStudy]
    """The newest few case studies."""

    def variables(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# --- rendering -----------------------------------------------------------------------------------


class PageRenderer:
    """Renders generated pages and home-page blocks from the package's templates."""

    def __init__(self, site: Site, extras: Callable[[GeneratedPage], dict[str, str]] | None = None) -> None:
        self.site = site
        self.extras = extras
        self.env = templating.environment()

    def render(self, page: GeneratedPage, **extra: Any) -> str:
        """The page's HTML content (what goes inside the theme's article)."""
        variables = self.context(page).variables()
        variables.update(extra)
        return self.env.get_template(page.template).render(variables)

    def home_blocks(self, page_url: str = "") -> dict[str, str]:
        """HTML for each marked place on the home page."""
        site = self.site
        # "Coming up" promises events that will happen: cancelled ones take no slot;
        # postponed ones keep theirs, marked, since people may have planned for them.
        coming = [e for e in site.upcoming_events() if e.status != "cancelled"][:HOME_COUNT]
        variables = HomeBlocks(link=urls.linker(page_url), label=site.label, issue=site.latest_newsletter(),
                               events=coming, cases=site.case_studies[:HOME_COUNT]).variables()
        return {name: self.env.get_template(t).render(variables) for name, t in HOME_MARKERS.items()}

    def context(self, page: GeneratedPage) -> PageContext:
        """The typed context of a page's template, with the adapter's extras (calendar and subscribe links)."""
        make = PAGE_CONTEXTS.get(page.kind)
        if make is None:
            make = ItemPage.of if page.item is not None else Listing.of
        context = make(self.site, page)
        if self.extras is not None:
            changes: dict[str, Any] = dict(self.extras(page))  # replace() refuses a name the context lacks
            context = replace(context, **changes)
        return context

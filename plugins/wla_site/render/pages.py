"""The site's generated pages rendered to HTML, and the filter indexes of long listings.

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
from wla_site.content.kinds import (
    CASE_STUDY,
    EVENT,
    NEWSLETTER,
    PAGE_SIZE,
    PROVIDER,
    RESOURCE,
    Kind,
)
from wla_site.content.models import CaseStudy, Event, Item, NewsletterIssue, Provider
from wla_site.content.resource import AUDIENCES, FORMATS, Resource
from wla_site.content.site import Site
from wla_site.figures.activity import Figure, Headline, activity_figures, headlines
from wla_site.figures.regions import regions_listing
from wla_site.formatting import DELIVERY, delivery_list, uk_date
from wla_site.plan import REGION_PROVIDERS, RESOURCE_GROUP, GeneratedPage, search_kinds

ItemT = TypeVar("ItemT", bound=Item)
T = TypeVar("T")
ListingT = TypeVar("ListingT", bound="FilteredListing")

HOME_MARKERS = {
    "latest-eshot": "home_newsletter.html",
    "next-events": "home_events.html",
    "recent-case-studies": "home_case_studies.html",
}
"""Places in `docs/index.md` (`<!-- wla:name -->`) that the plugin fills."""

HOME_COUNT = 3



def pagination(number: int, count: int, window: int = 2) -> list[int | None]:
    """Page numbers to link to around `number`: the first, the last and a window; None marks a gap."""
    shown = sorted({1, count, *range(max(1, number - window), min(count, number + window) + 1)})
    out: list[int | None] = []
    for previous, current in pairwise([0, *shown]):
        if current - previous > 1:
            out.append(None)
        out.append(current)
    return out


@dataclass(frozen=True)
class Pager:
    """Where one page of a list split into pages sits: what its count and its pager show."""

    number: int
    """This page's number, from 1."""
    total: int
    """Items in the whole list."""
    first: int
    """The number of this page's first item in the whole list."""
    links: list[tuple[int | None, str | None]]
    """The pager's links: (page number, its address); (None, None) marks a gap."""
    previous_url: str | None
    next_url: str | None

    @property
    def split(self) -> bool:
        """The list has more than one page."""
        return len(self.links) > 1


def paged(page: GeneratedPage, items: list[T]) -> tuple[list[T], Pager]:
    """This page's part of `items`, and its pager; all of them when the page is not one of a series."""
    series = page.series
    if series is None:
        return items, Pager(number=1, total=len(items), first=1, links=[], previous_url=None, next_url=None)
    return series.part(items), Pager(
        number=series.number, total=len(items), first=series.start + 1,
        links=[(n, series.path(n) if n else None) for n in pagination(series.number, series.count)],
        previous_url=series.previous, next_url=series.next,
    )


# --- filters over every item of a listing split into pages ---------------------------------------


@dataclass(frozen=True)
class FilterField:
    """One of a listing's filters: its key, its label, its (value, label) options and an item's values."""

    key: str
    title: str
    options: list[tuple[str, str]]
    values: Callable[[Any], list[str]]


@dataclass(frozen=True)
class IndexCard:
    """What a card drawn from a filter index shows besides its title and chips."""

    badge: str = ""
    """Beside the title: "National"."""
    meta: str = ""
    """The line of facts under the title."""
    note: str = ""
    """Said in bold after the facts: "Free or funded courses"."""


@dataclass(frozen=True)
class FilterIndex:
    """A listing whose filters cover every item, on every page, from an index fetched on first use."""

    kind: Kind
    route: str
    """The `urls.ROUTES` name of the index."""
    fields: Callable[[Site], list[FilterField]]
    chips: str
    """The key of the filter whose labels each card shows as chips."""
    chips_title: str
    """What the chips are, for screen readers: "Themes"."""
    card: Callable[[Site, Any], IndexCard]


def _case_study_filters(site: Site) -> list[FilterField]:
    v = site.vocabulary
    return [
        FilterField("region", "Region", list(v.regions.items()), lambda case: [case.organisation.region]),
        FilterField("theme", "Theme", list(v.themes.items()), lambda case: case.themes),
        FilterField("sector", "Sector", list(v.sectors.items()), lambda case: [case.organisation.sector]),
    ]


def _provider_filters(site: Site) -> list[FilterField]:
    v = site.vocabulary
    return [
        FilterField("region", "Region", list(v.regions.items()), lambda provider: provider.regions),
        FilterField("offer", "Offer", list(v.offers.items()), lambda provider: provider.offers),
        FilterField("delivery", "Delivery", list(DELIVERY.items()), lambda provider: provider.delivery),
    ]


def _case_study_card(site: Site, case: CaseStudy) -> IndexCard:
    organisation = case.organisation
    return IndexCard(meta=f"{organisation.name} · {site.label('regions', organisation.region)} · {uk_date(case.date)}")


def _provider_card(site: Site, provider: Provider) -> IndexCard:
    town = provider.address.town if provider.address else ""
    return IndexCard(badge="National" if provider.is_national else "",
                     meta=" · ".join(part for part in (town, delivery_list(provider.delivery)) if part),
                     note="Free or funded courses" if provider.funded else "")


FILTER_INDEXES: dict[str, FilterIndex] = {
    CASE_STUDY.name: FilterIndex(CASE_STUDY, "case-studies-index", _case_study_filters, "theme", "Themes",
                                 _case_study_card),
    PROVIDER.name: FilterIndex(PROVIDER, "providers-index", _provider_filters, "offer", "Offers", _provider_card),
}
"""The listings whose filters work over every item when they are split into pages, by kind."""


def filter_index(site: Site, index: FilterIndex) -> dict[str, Any]:
    """Every item of a listing, compactly, for its filters: each filter's values once, items as rows of indexes."""
    fields = index.fields(site)
    keys = {f.key: [value for value, _ in f.options] for f in fields}
    positions = {key: {value: n for n, value in enumerate(values)} for key, values in keys.items()}
    chips = next(f for f in fields if f.key == index.chips)
    rows = []
    for item in site.items(index.kind):
        card = index.card(site, item)
        rows.append([item.slug, item.title, card.badge, card.meta, card.note,
                     *([positions[f.key][value] for value in f.values(item)] for f in fields)])
    return {
        "fields": ["slug", "title", "badge", "meta", "note", *keys],
        "keys": keys,
        "chips": {"field": chips.key, "title": index.chips_title, "labels": [label for _, label in chips.options]},
        "items": rows,
    }


def filter_index_paths() -> list[str]:
    """Where the filter indexes are published, from the site root."""
    return [urls.path(index.route) for index in FILTER_INDEXES.values()]


def write_filter_indexes(site: Site, site_dir: Path) -> list[str]:
    """Write each listing's filter index into the built site (a listing of several pages links to it)."""
    for index in FILTER_INDEXES.values():
        path = Path(site_dir) / urls.path(index.route)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(filter_index(site, index), ensure_ascii=False, separators=(",", ":")),
                        encoding="utf-8")
    return filter_index_paths()


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
class FilteredListing(PageContext):
    """One page of a listing with filters (the case studies, the directory), split into pages."""

    items: list[Any]
    """This page's items."""
    paging: Pager
    filters: list[Filter]
    index_url: str | None
    """The listing's filter index, when the filters need more than this page."""
    item_url: str
    """An item's address with `{slug}` in place of its slug: where the cards drawn from the index link to."""
    regions: list[str]

    @classmethod
    def of(cls: type[ListingT], site: Site, page: GeneratedPage) -> ListingT:
        return cls(**_filtered_listing(site, page))


def _filtered_listing(site: Site, page: GeneratedPage) -> dict[str, Any]:
    kind = page.content_kind
    if kind is None or kind.name not in FILTER_INDEXES:
        raise TypeError(f"{page.src_uri} is not the listing of a kind with filters")
    index = FILTER_INDEXES[kind.name]
    items, paging = paged(page, site.items(kind))
    return {"page": page, "site": site, "items": items, "paging": paging,
            "filters": [(f.key, f.title, f.options) for f in index.fields(site)],
            "index_url": urls.path(index.route) if paging.split else None,
            "item_url": urls.path(kind.route, slug="{slug}"), "regions": list(site.vocabulary.regions)}


@dataclass(kw_only=True)
class CaseStudyListing(FilteredListing):
    """One page of the case studies."""

    items: list[CaseStudy]
    themes: list[str]

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> CaseStudyListing:
        return cls(**_filtered_listing(site, page), themes=list(site.vocabulary.themes))


@dataclass(kw_only=True)
class EventListing(PageContext):
    """One page of the events: the upcoming ones soonest first, then the past ones latest first."""

    upcoming: list[Event]
    """This page's upcoming events."""
    upcoming_total: int
    past_years: list[tuple[int, list[Event]]]
    """This page's past events, by the year they started."""
    years: list[tuple[int, str]]
    """Every year with past events, and where its events start (a page and a place on it)."""
    paging: Pager

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> EventListing:
        upcoming, past = site.upcoming_events(), site.past
        shown, paging = paged(page, [*upcoming, *past])
        ahead = max(0, len(upcoming) - (paging.first - 1))  # how many of this page's events are to come
        years: dict[int, list[Event]] = {}
        for event in shown[ahead:]:  # past events come latest first, so their years do too
            years.setdefault(event.first_day.year, []).append(event)
        starts: dict[int, int] = {}
        for position, event in enumerate(past, start=len(upcoming)):
            starts.setdefault(event.first_day.year, position)
        series = page.series
        return cls(page=page, site=site, upcoming=shown[:ahead], upcoming_total=len(upcoming),
                   past_years=list(years.items()), paging=paging,
                   years=[(year, (series.holding(position) if series else page.url) + f"#past-{year}")
                          for year, position in starts.items()])


@dataclass(kw_only=True)
class NewsletterListing(PageContext):
    items: list[NewsletterIssue]

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> NewsletterListing:
        return cls(page=page, site=site, items=site.newsletters)


@dataclass(kw_only=True)
class ProviderListing(FilteredListing):
    """One page of the provider directory."""

    items: list[Provider]


@dataclass(kw_only=True)
class Listing(PageContext):
    """The listing of a kind without a context of its own (a kind added to the registry)."""

    kind: Kind
    items: list[Item]
    """The items on this page of the listing, in the kind's order."""
    paging: Pager

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> Listing:
        kind = page.content_kind
        if kind is None:
            raise TypeError(f"{page.src_uri} is not the listing of a kind of content")
        items, paging = paged(page, site.items(kind))
        return cls(page=page, site=site, kind=kind, items=items, paging=paging)


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
    """A region's page: its case studies, split into pages; its events, providers and resources on the first."""

    region: str
    name: str
    cases: list[CaseStudy]
    """This page's case studies from the region."""
    paging: Pager
    events: list[Event]
    """Upcoming events in the region."""
    providers: list[Provider]
    """Providers serving the region, then the national ones: as many as a page holds."""
    providers_total: int
    providers_url: str | None
    """The region's own list of providers, when there are more than this page shows."""
    resources: list[Resource]
    """Resources made for the region."""

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> RegionPage:
        region: str = page.context["region"]
        cases, paging = paged(page, site.case_studies_by_region.get(region, []))
        providers = site.providers_for_region(region) if paging.number == 1 else []
        return cls(page=page, site=site, region=region, name=page.context["name"], cases=cases, paging=paging,
                   events=site.upcoming_events(region) if paging.number == 1 else [],
                   providers=providers[:PAGE_SIZE], providers_total=len(providers),
                   providers_url=urls.path("region-providers", slug=region) if len(providers) > PAGE_SIZE else None,
                   resources=site.by_term(RESOURCE, "regions").get(region, []) if paging.number == 1 else [])


@dataclass(kw_only=True)
class RegionProvidersPage(PageContext):
    """A region's learning providers, split into pages: there are more than its own page shows."""

    region: str
    name: str
    providers: list[Provider]
    """This page's providers serving the region, then the national ones."""
    paging: Pager

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> RegionProvidersPage:
        region: str = page.context["region"]
        providers, paging = paged(page, site.providers_for_region(region))
        return cls(page=page, site=site, region=region, name=page.context["name"], providers=providers, paging=paging)


@dataclass(kw_only=True)
class ThemePage(PageContext):
    """A theme's page: its case studies, split into pages; its resources and events on the first."""

    theme: str
    name: str
    cases: list[CaseStudy]
    """This page's case studies about the theme."""
    paging: Pager
    events: list[Event]
    """Upcoming events about the theme."""
    resources: list[Resource]

    @classmethod
    def of(cls, site: Site, page: GeneratedPage) -> ThemePage:
        theme: str = page.context["theme"]
        cases, paging = paged(page, site.case_studies_by_theme.get(theme, []))
        first = paging.number == 1
        return cls(page=page, site=site, theme=theme, name=page.context["name"], cases=cases, paging=paging,
                   events=site.upcoming_theme_events(theme) if first else [],
                   resources=site.by_term(RESOURCE, "themes").get(theme, []) if first else [])


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
    REGION_PROVIDERS: RegionProvidersPage.of,
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

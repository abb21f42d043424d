"""The kinds of content, each declared once: the registry the rest of the engine reads.

A `Kind` says where a kind's files live, which model validates them, what
`wla new` and the JSON Schemas call it, which addresses (`wla_site.urls`
route names) and templates its pages use, how people name it, and whether it
has a feed or a calendar. Loading, pages, feeds, search, the CLI, `wla new`,
the schemas and `mkdocs serve` all look kinds up here instead of naming them;
`ARCHITECTURE.md` shows how to add one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wla_site import urls
from wla_site.content.models import CaseStudy, Event, Item, NewsletterIssue, Provider
from wla_site.content.problems import Problems
from wla_site.content.resource import Resource, check_resource_files

PAGE_SIZE = 50
"""Items on each page of a list split into pages: a listing, a region's or a theme's case studies."""

FileCheck = Callable[[Path, list[Any], Problems, Callable[[Any, tuple[str, ...]], "int | None"]], None]
"""A check over every item of a kind at once, given the content root, the items, the problems and a line finder."""


@dataclass(frozen=True)
class Kind:
    """One kind of content item."""

    name: str
    """What `wla new`, the page plan and search call it: `case-study`."""
    folder: str
    """The content folder its files live in: `case_studies`."""
    suffixes: tuple[str, ...]
    """File endings it reads; the first is the one `wla new` writes."""
    model: type[Item]
    """The pydantic model that validates a file's fields."""
    label: str
    """What search results call one: "Case study"."""
    one: str
    """How people name one: "case study"."""
    many: str
    """How people name several: "case studies"."""
    a: str
    """One, with its article, as messages use it: "a case study"."""
    route: str
    """The `urls.ROUTES` name of one item's page."""
    listing_route: str
    """The `urls.ROUTES` name of the listing of all of them."""
    template: str
    """The template of one item's page."""
    listing_title: str
    """The listing's heading and page title: "Case studies"."""
    listing_description: str
    """The listing's description, for search engines and link previews."""
    listing_template: str
    """The template of the listing."""
    schema_title: str
    """The title of its JSON Schema, with the file it describes."""
    feed_routes: tuple[str, ...] = ()
    """Route names of its feeds (RSS first, then Atom and JSON Feed), if it has any."""
    calendar_route: str | None = None
    """Route name of its subscribable calendar, if it has one."""
    subscribe: str = ""
    """What its feeds offer, as the listing's subscribe links say it: "Get new case studies"."""
    attachments: Callable[[Any], list[str]] | None = None
    """Files kept beside an item (paths relative to the kind's folder), published beside its page."""
    file_route: str | None = None
    """The `urls.ROUTES` name of an attachment's address (with `slug` and `name`)."""
    check_files: FileCheck | None = None
    """A check of the files its items name, run once over all of them."""
    page_size: int | None = None
    """Items on each page of the listing, if it is split into pages."""
    page_route: str | None = None
    """The `urls.ROUTES` name of the listing's later pages (`providers/page/2/`), if it is split."""
    feeds_hold: str = ""
    """What its feeds and calendar hold, in a sentence, for the page "Subscribe"."""

    @property
    def schema_file(self) -> str:
        """Its JSON Schema's file name in `schemas/`."""
        return f"{self.name}.schema.json"

    @property
    def suffix(self) -> str:
        """The file ending `wla new` writes."""
        return self.suffixes[0]

    @property
    def is_markdown(self) -> bool:
        """Markdown with YAML front matter, rather than a YAML file."""
        return self.suffix == ".md"

    @property
    def listing_kind(self) -> str:
        """The page kind of its listing, as page meta and templates see it: `case-study-list`."""
        return f"{self.name}-list"


CASE_STUDY = Kind(
    name="case-study", folder="case_studies", suffixes=(".md",), model=CaseStudy,
    label="Case study", one="case study", many="case studies", a="a case study",
    route="case-study", listing_route="case-studies", template="case_study.html",
    listing_title="Case studies", listing_template="case_studies.html",
    listing_description="Stories of learning at work from across the WLA network.",
    schema_title="WLA case study (front matter of case_studies/<slug>.md)",
    feed_routes=("case-studies-rss", "case-studies-json"), subscribe="Get new case studies",
    feeds_hold="The newest case studies from the whole network, each with its full story.",
    attachments=lambda case: [case.image.src] if case.image else [], file_route="case-study-image",
    page_size=PAGE_SIZE, page_route="case-studies-page",
)
EVENT = Kind(
    name="event", folder="events", suffixes=(".yml", ".yaml"), model=Event,
    label="Event", one="event", many="events", a="an event",
    route="event", listing_route="events", template="event.html",
    listing_title="Events", listing_template="events.html",
    listing_description="Upcoming WLA information sessions, training, network meetings and more.",
    schema_title="WLA event (events/<slug>.yml)",
    feed_routes=("events-rss", "events-json"), calendar_route="calendar", subscribe="Keep up with upcoming events",
    feeds_hold="Every upcoming event of the network, soonest first; the calendar changes as events are "
               "added, moved or cancelled.",
    page_size=PAGE_SIZE, page_route="events-page",
)
NEWSLETTER = Kind(
    name="newsletter", folder="newsletters", suffixes=(".md",), model=NewsletterIssue,
    label="E-shot issue", one="e-shot issue", many="e-shot issues", a="an e-shot issue",
    route="newsletter", listing_route="newsletters", template="newsletter.html",
    listing_title="The e-shot", listing_template="newsletters.html",
    listing_description="Every issue of the WLA network's newsletter, the e-shot.",
    schema_title="WLA e-shot issue (front matter of newsletters/<slug>.md)",
    feed_routes=("newsletters-rss", "newsletters-atom", "newsletters-json"), subscribe="Get every new issue of the e-shot",
    feeds_hold="Every issue of the e-shot, the network's newsletter, with its full text and the case "
               "studies and events it features.",
)
PROVIDER = Kind(
    name="provider", folder="providers", suffixes=(".yml", ".yaml"), model=Provider,
    label="Learning provider", one="provider", many="providers", a="a provider",
    route="provider", listing_route="providers", template="provider.html",
    listing_title="Learning providers", listing_template="providers.html",
    listing_description="Local and national learning providers that WLAs can point colleagues to.",
    schema_title="WLA learning provider (providers/<slug>.yml)", page_size=PAGE_SIZE,
    page_route="providers-page",
)

KINDS: list[Kind] = [CASE_STUDY, EVENT, NEWSLETTER, PROVIDER]
"""Every kind, in the order pages, search results and reports list them. Add one with `register`."""

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
BY_FOLDER: dict[str, Kind] = {kind.folder: kind for kind in KINDS}
BY_MODEL: dict[type[Item], Kind] = {kind.model: kind for kind in KINDS}


def register(kind: Kind) -> Kind:
    """Add a kind to the registry (after the built-in ones) and return it.

    Call it where the kind is declared: at the end of this module for a kind of
    the engine's own, or in an MkDocs hook for one a single site adds. Every
    table above is updated in place, so modules that imported them see it.
    """
    clash = BY_NAME.get(kind.name) or BY_FOLDER.get(kind.folder) or BY_MODEL.get(kind.model)
    if clash is not None:
        raise ValueError(f'the kind "{kind.name}" has the name, folder or model of the kind "{clash.name}"')
    routes = (kind.route, kind.listing_route, *kind.feed_routes, kind.calendar_route, kind.page_route)
    missing = [route for route in routes if route is not None and route not in urls.ROUTES]
    if missing:
        raise ValueError(f'the kind "{kind.name}" uses addresses that wla_site.urls.ROUTES lacks: {", ".join(missing)}')
    KINDS.append(kind)
    BY_NAME[kind.name] = kind
    BY_FOLDER[kind.folder] = kind
    BY_MODEL[kind.model] = kind
    return kind


RESOURCE = register(Kind(
    name="resource", folder="resources", suffixes=(".md",), model=Resource,
    label="Resource", one="resource", many="resources", a="a resource",
    route="resource", listing_route="resources", template="resource.html",
    listing_title="Resources for WLAs", listing_template="resources.html",
    listing_description="Guides, session plans, flyers, templates and talks for WLAs and the people they work with.",
    schema_title="WLA resource (front matter of resources/<slug>.md)",
    attachments=lambda resource: [resource.file] if resource.file else [], file_route="resource-file",
    check_files=check_resource_files,
))


def kind_of(item: Item) -> Kind:
    """The kind an item belongs to."""
    return BY_MODEL[type(item)]

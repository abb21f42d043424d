"""The kinds of content, each declared once: the registry the rest of the engine reads.

A `Kind` says where a kind's files live, which model validates them, what
`wla new` and the JSON Schemas call it, which addresses (`wla_site.urls`
route names) and templates its pages use, how people name it, and whether it
has a feed or a calendar. Loading, pages, feeds, search, the CLI, `wla new`,
the schemas and `mkdocs serve` all look kinds up here instead of naming them;
`ARCHITECTURE.md` shows how to add one.
"""

from __future__ import annotations

from dataclasses import dataclass

from wla_site.content.models import CaseStudy, Event, Item, NewsletterIssue, Provider


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
    schema_title: str
    """The title of its JSON Schema, with the file it describes."""
    feed_routes: tuple[str, ...] = ()
    """Route names of its feeds (RSS first, then Atom and JSON Feed), if it has any."""
    calendar_route: str | None = None
    """Route name of its subscribable calendar, if it has one."""
    subscribe: str = ""
    """What its feeds offer, as the listing's subscribe links say it: "Get new case studies"."""
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



CASE_STUDY = Kind(
    name="case-study", folder="case_studies", suffixes=(".md",), model=CaseStudy,
    label="Case study", one="case study", many="case studies", a="a case study",
    route="case-study", listing_route="case-studies", template="case_study.html",
    schema_title="WLA case study (front matter of case_studies/<slug>.md)",
    feed_routes=("case-studies-rss", "case-studies-json"), subscribe="Get new case studies",
    feeds_hold="The newest case studies from the whole network, each with its full story.",
)
EVENT = Kind(
    name="event", folder="events", suffixes=(".yml", ".yaml"), model=Event,
    label="Event", one="event", many="events", a="an event",
    route="event", listing_route="events", template="event.html",
    schema_title="WLA event (events/<slug>.yml)",
    feed_routes=("events-rss", "events-json"), calendar_route="calendar", subscribe="Keep up with upcoming events",
    feeds_hold="Every upcoming event of the network, soonest first; the calendar changes as events are "
               "added, moved or cancelled.",
)
NEWSLETTER = Kind(
    name="newsletter", folder="newsletters", suffixes=(".md",), model=NewsletterIssue,
    label="E-shot issue", one="e-shot issue", many="e-shot issues", a="an e-shot issue",
    route="newsletter", listing_route="newsletters", template="newsletter.html",
    schema_title="WLA e-shot issue (front matter of newsletters/<slug>.md)",
    feed_routes=("newsletters-rss", "newsletters-atom", "newsletters-json"), subscribe="Get every new issue of the e-shot",
    feeds_hold="Every issue of the e-shot, the network's newsletter, with its full text and the case "
               "studies and events it features.",
)
PROVIDER = Kind(
    name="provider", folder="providers", suffixes=(".yml", ".yaml"), model=Provider,
    label="Learning provider", one="provider", many="providers", a="a provider",
    route="provider", listing_route="providers", template="provider.html",
    schema_title="WLA learning provider (providers/<slug>.yml)",
)

KINDS: tuple[Kind, ...] = (CASE_STUDY, EVENT, NEWSLETTER, PROVIDER)
"""Every kind, in the order pages, search results and reports list them."""

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
BY_FOLDER: dict[str, Kind] = {kind.folder: kind for kind in KINDS}
BY_MODEL: dict[type[Item], Kind] = {kind.model: kind for kind in KINDS}


def kind_of(item: Item) -> Kind:
    """The kind an item belongs to."""
    return BY_MODEL[type(item)]

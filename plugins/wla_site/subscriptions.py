"""Every feed and calendar the site offers, and what each one holds.

A `Subscription` is one source of news a reader can follow: the e-shot, the
case studies, the events, or everything about one region or one theme. It
has feeds (RSS first, then Atom and JSON Feed) and perhaps a calendar. Pages
link to the subscription that matches them, in their `<head>` and visibly (a
region's page to that region's); the page "Subscribe" lists them all. Calendar
apps subscribe through a `webcal://` address or Google Calendar's and
Outlook's "add from the web" forms, whose addresses are made here. Nothing
here renders: templates turn subscriptions into links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from wla_site import urls
from wla_site.content.kinds import KINDS, Kind
from wla_site.content.site import Site

FORMATS: dict[str, tuple[str, str]] = {
    "rss": ("application/rss+xml", "RSS feed"),
    "atom": ("application/atom+xml", "Atom feed"),
    "json": ("application/feed+json", "JSON Feed"),
    "ics": ("text/calendar", "Calendar file (.ics)"),
}
"""Each kind of subscription file: its media type and its link text."""

CALENDAR_NAME = "WLA network events"
"""The network's calendar's name in calendar apps; a region's or theme's adds its name."""

GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/r"
OUTLOOK_SUBSCRIBE = "https://outlook.live.com/calendar/0/addfromweb"


def format_of(route: str) -> str:
    """The kind of file a route gives, from its name: `events-rss`, `region-json`, `calendar`."""
    for suffix in ("rss", "atom", "json"):
        if route.endswith("-" + suffix):
            return suffix
    return "ics"


@dataclass(frozen=True)
class Link:
    """One feed or calendar file."""

    route: str
    params: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def path(self) -> str:
        """Its address, relative to the site root."""
        return urls.path(self.route, **self.params)

    @property
    def format(self) -> str:
        return format_of(self.route)

    @property
    def media_type(self) -> str:
        return FORMATS[self.format][0]

    @property
    def text(self) -> str:
        return FORMATS[self.format][1]


@dataclass(frozen=True)
class CalendarLinks:
    """The ways to subscribe to one calendar."""

    file: str
    """The .ics file, relative to the site root."""
    webcal: str
    """For calendar apps on phones and computers (Apple Calendar, Outlook, Thunderbird)."""
    google: str
    outlook: str


@dataclass(frozen=True)
class Subscription:
    """A source of news to follow: its feeds, its calendar and what they hold."""

    key: str
    """Unique on the page "Subscribe", and an anchor there: `events`, `region-north-west`."""
    title: str
    """What it is about: "Events", "North West"."""
    holds: str
    """A sentence saying what its feeds and calendar hold."""
    page: str
    """The page it belongs to, relative to the site root."""
    feeds: tuple[Link, ...]
    calendar: Link | None = None
    calendar_name: str = ""
    """The calendar's name in people's calendar apps."""

    def calendar_links(self, site_url: str) -> CalendarLinks | None:
        """Subscribe links for its calendar, or None if it has none."""
        if self.calendar is None:
            return None
        full = site_url + self.calendar.path
        webcal = urls.webcal(full)
        return CalendarLinks(
            file=self.calendar.path,
            webcal=webcal,
            # Google reads the calendar from its `cid`; it has to be the webcal:// address.
            google=f"{GOOGLE_SUBSCRIBE}?cid={quote(webcal, safe=':/')}",
            outlook=f"{OUTLOOK_SUBSCRIBE}?{urlencode({'url': full, 'name': self.calendar_name})}",
        )

    @property
    def head_links(self) -> list[tuple[Link, str]]:
        """Each feed and calendar with the title a browser or feed reader shows for it."""
        links = [(link, f"{self.title}: {link.text}") for link in self.feeds]
        if self.calendar is not None:
            links.append((self.calendar, f"{self.title}: calendar"))
        return links


def of_kind(kind: Kind) -> Subscription:
    """The network-wide feeds (and calendar) of one kind of content."""
    calendar = Link(kind.calendar_route) if kind.calendar_route else None
    title = kind.many[:1].upper() + kind.many[1:]
    return Subscription(
        key=kind.listing_route, title=title, holds=kind.feeds_hold, page=urls.path(kind.listing_route),
        feeds=tuple(Link(route) for route in kind.feed_routes), calendar=calendar,
        calendar_name=CALENDAR_NAME if calendar else "",
    )


def network() -> list[Subscription]:
    """The whole network's subscriptions, the e-shot first."""
    kinds = [k for k in KINDS if k.feed_routes or k.calendar_route]
    kinds.sort(key=lambda k: k.listing_route != "newsletters")
    return [of_kind(kind) for kind in kinds]


def region(site: Site, slug: str) -> Subscription:
    """A region's case studies and events, and a calendar of its events with the national ones."""
    name = site.label("regions", slug)
    if slug == "national":
        holds = (f"Case studies marked {name} and upcoming national events, such as webinars. "
                 "The calendar holds the national events; every region's calendar has them too.")
    else:
        holds = (f"Case studies from {name} and its upcoming events. The calendar holds the upcoming "
                 f"events in {name} and the national ones, such as webinars.")
    params = {"slug": slug}
    return Subscription(
        key=f"region-{slug}", title=name, holds=holds, page=urls.path("region", slug=slug),
        feeds=(Link("region-rss", params), Link("region-json", params)),
        calendar=Link("region-calendar", params), calendar_name=f"{CALENDAR_NAME}: {name}",
    )


def theme(site: Site, slug: str) -> Subscription:
    """A theme's case studies and events, and a calendar of its events."""
    name = site.label("themes", slug)
    params = {"slug": slug}
    return Subscription(
        key=f"theme-{slug}", title=name,
        holds=f"Case studies about {name} and upcoming events on it. The calendar holds the events.",
        page=urls.path("theme", slug=slug),
        feeds=(Link("theme-rss", params), Link("theme-json", params)),
        calendar=Link("theme-calendar", params), calendar_name=f"{CALENDAR_NAME}: {name}",
    )


def every(site: Site) -> list[tuple[str, list[Subscription]]]:
    """Every subscription, in groups with a heading: the network, then each region, then each theme."""
    v = site.vocabulary
    return [
        ("The whole network", network()),
        ("By region", [region(site, slug) for slug in v.regions]),
        ("By theme", [theme(site, slug) for slug in v.themes]),
    ]


def for_page(site: Site, kind: str, context: dict[str, str]) -> Subscription | None:
    """The subscription a generated page offers, by the page's kind, if it has one."""
    if kind == "region":
        return region(site, context["region"])
    if kind == "theme":
        return theme(site, context["theme"])
    for listing in KINDS:
        if kind == f"{listing.name}-list" and (listing.feed_routes or listing.calendar_route):
            return of_kind(listing)
    return None

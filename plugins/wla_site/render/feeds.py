"""Feeds of the e-shot, case studies, events, each region and each theme: RSS 2.0, Atom, JSON Feed 1.1.

A feed is first described in plain data (`Feed`, its `Channel` and `Entry`
items, built once per item by `FeedWriter` and shared by every feed it is
in), then written out as RSS 2.0 and Atom with feedgen or as JSON Feed 1.1
with the standard library. This is the only module that imports feedgen: its
untyped, order-surprising API (entries are prepended unless told otherwise;
dates default to "now") is hidden here. Dates come from content (an issue's
date, the newest item's date), ids are the items' permanent addresses, every
`href` and `src` in item content is absolute, and text is stripped of
characters XML cannot carry, so the same content always gives the same,
valid bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html.entities import name2codepoint
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator
from markupsafe import Markup, escape

from wla_site import templating, urls
from wla_site.content.models import CaseStudy, Event, NewsletterIssue
from wla_site.content.site import Site
from wla_site.formatting import NETWORK_NAME, event_when

LANGUAGE = "en-GB"
GENERATOR = "WLA site engine"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
CASE_STUDY_LIMIT = 50
"""The case-study feeds carry the newest stories only; readers keep what they have seen."""

ESHOT_RSS = urls.path("newsletters-rss")
ESHOT_ATOM = urls.path("newsletters-atom")
CASE_STUDY_RSS = urls.path("case-studies-rss")
EVENT_RSS = urls.path("events-rss")

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}

# XML 1.0 allows none of the C0 controls but tab and newlines; C1 controls and
# non-characters are legal but feed validators and readers reject them.
_NOT_XML = re.compile("[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd\U00010000-\U0010fffd]")


def xml_text(value: str) -> str:
    """Text with every character XML (and feed readers) cannot carry removed."""
    return _NOT_XML.sub("", value)


# Feed titles are plain text, but many readers treat them as HTML. An invisible word
# joiner after a `<` that would open a tag, or an `&` that would start a character
# reference ("&amp", "&#38", "&1"), keeps the title reading the same while no reader
# (or validator) can take it for markup. Ordinary text ("Q&A", "Fish & chips") is left alone.
_TAG_START = re.compile(r"<(?=[/!?a-zA-Z])")
_REFERENCE = re.compile(r"&(#?\w+)")
WORD_JOINER = "\u2060"


def _reference(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in name2codepoint or name == "apos" or not name.isalpha():
        return "&" + WORD_JOINER + name
    return match.group(0)


def title_text(value: str) -> str:
    """A title for a feed: XML-safe, and never markup to a reader that treats titles as HTML."""
    value = _TAG_START.sub("<" + WORD_JOINER, xml_text(value))
    return _REFERENCE.sub(_reference, value)


# --- what a feed says, before it is written in any format --------------------------------------


@dataclass(frozen=True)
class Channel:
    """What a feed says about itself."""

    title: str
    link: str
    """The page the feed belongs to, in full."""
    description: str
    updated: datetime
    paths: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    """Where the feed is published in each format (`rss`, `atom`, `json`), relative to the site root."""


@dataclass(frozen=True)
class Category:
    """A region or theme an item is filed under."""

    term: str
    """The vocabulary value: `north-west`."""
    label: str
    """Its label: "North West"."""
    scheme: str
    """The full address of the listing of such values: `https://.../regions/`."""


@dataclass(frozen=True)
class Enclosure:
    """An item's picture: full address, size in bytes, media type and description."""

    url: str
    length: int
    type: str
    alt: str


@dataclass(frozen=True)
class Entry:
    """One item of a feed."""

    url: str
    title: str
    summary: str
    """Plain text."""
    content: str
    """The full item as HTML, every address absolute."""
    published: datetime | None
    categories: tuple[Category, ...] = ()
    image: Enclosure | None = None
    authors: tuple[str, ...] = ()
    """Who wrote it, by name (JSON Feed carries names; RSS would need e-mail addresses)."""


@dataclass(frozen=True)
class Feed:
    channel: Channel
    entries: list[Entry]


def _midnight(day: date, site: Site) -> datetime:
    """A content date as the start of that day in the site's zone (feeds need a time)."""
    return datetime(day.year, day.month, day.day, tzinfo=site.timezone)


_PREFIX = {"cancelled": "Cancelled: ", "postponed": "Postponed: "}


class FeedWriter:
    """Builds every feed of one site, making each item's entry once however many feeds hold it."""

    def __init__(self, site: Site, site_url: str) -> None:
        self.site = site
        self.site_url = site_url
        self._entries: dict[tuple[str, str], Entry] = {}

    # --- items -------------------------------------------------------------------------------

    def _context(self, item: CaseStudy | Event | NewsletterIssue, route: str) -> dict[str, Any]:
        url = urls.absolute(self.site_url, route, slug=item.slug)
        return {"link": urls.absolute_linker(self.site_url), "label": self.site.label,
                "body": Markup(urls.absolute_links(self.site.html(item), url, self.site_url))}

    def _categories(self, region: str, themes: list[str]) -> tuple[Category, ...]:
        site, regions, topics = self.site, urls.absolute(self.site_url, "regions"), urls.absolute(self.site_url, "themes")
        return (Category(region, site.label("regions", region), regions),
                *(Category(t, site.label("themes", t), topics) for t in themes))

    def issue_entry(self, issue: NewsletterIssue) -> Entry:
        key = ("newsletter", issue.slug)
        if key not in self._entries:
            self._entries[key] = Entry(
                url=urls.absolute(self.site_url, "newsletter", slug=issue.slug), title=issue.title,
                summary=issue.summary, content=self.issue_html(issue), published=_midnight(issue.date, self.site))
        return self._entries[key]

    def issue_html(self, issue: NewsletterIssue) -> str:
        cases, events = self.site.featured(issue)
        context = self._context(issue, "newsletter")
        context.update(issue=issue, cases=cases, events=events)
        return templating.render("eshot_feed.html", context).strip()

    def case_entry(self, case: CaseStudy) -> Entry:
        key = ("case-study", case.slug)
        if key not in self._entries:
            self._entries[key] = Entry(
                url=urls.absolute(self.site_url, "case-study", slug=case.slug), title=case.title,
                summary=case.summary, content=self.case_html(case), published=_midnight(case.date, self.site),
                categories=self._categories(case.region, case.themes), image=self._image(case),
                authors=tuple(person.name for person in case.authors))
        return self._entries[key]

    def case_html(self, case: CaseStudy) -> str:
        return templating.render("feed_case_study.html", {**self._context(case, "case-study"), "case": case})

    def _image(self, case: CaseStudy) -> Enclosure | None:
        if case.image is None:
            return None
        source = Path(self.site.root) / "case_studies" / case.image.src
        url = urls.absolute(self.site_url, "case-study-image", slug=case.slug, name=case.image.file_name)
        return Enclosure(url, source.stat().st_size, IMAGE_TYPES[source.suffix.lower()], case.image.alt)

    def event_entry(self, event: Event) -> Entry:
        key = ("event", event.slug)
        if key not in self._entries:
            self._entries[key] = Entry(
                url=urls.absolute(self.site_url, "event", slug=event.slug),
                title=_PREFIX.get(event.status, "") + event.title,
                summary=f"{event_when(event)}. {event.summary}", content=self.event_html(event),
                # Events have no publication date: readers list them in the feed's order.
                published=None, categories=self._categories(event.region, event.themes))
        return self._entries[key]

    def event_html(self, event: Event) -> str:
        return templating.render("feed_event.html", {**self._context(event, "event"), "event": event})

    # --- feeds -------------------------------------------------------------------------------

    def _channel(self, title: str, page: str, description: str, updated: date, **paths: str) -> Channel:
        return Channel(title=f"{NETWORK_NAME}: {title}", link=self.site_url + page, description=description,
                       updated=_midnight(updated, self.site), paths=paths)

    def eshot(self) -> Feed:
        """Every e-shot issue, newest first, with its full content."""
        site = self.site
        newest = site.newsletters[0].date if site.newsletters else site.today
        channel = self._channel(
            "the e-shot", urls.path("newsletters"),
            "Every issue of the WLA network's newsletter, the e-shot: news, case studies and events.", newest,
            rss=ESHOT_RSS, atom=ESHOT_ATOM, json=urls.path("newsletters-json"))
        return Feed(channel, [self.issue_entry(issue) for issue in site.newsletters])

    def case_studies(self) -> Feed:
        """The newest case studies."""
        cases = self.site.case_studies[:CASE_STUDY_LIMIT]
        channel = self._channel(
            "case studies", urls.path("case-studies"), "Stories of learning at work from across the WLA network.",
            cases[0].date if cases else self.site.today, rss=CASE_STUDY_RSS, json=urls.path("case-studies-json"))
        return Feed(channel, [self.case_entry(case) for case in cases])

    def events(self) -> Feed:
        """Upcoming events, soonest first.

        Events have no publication date, so the channel's date is the build's
        "today" (from SOURCE_DATE_EPOCH), the day the list was drawn up.
        """
        channel = self._channel(
            "upcoming events", urls.path("events"),
            "Upcoming WLA information sessions, training, network meetings and more.", self.site.today,
            rss=EVENT_RSS, json=urls.path("events-json"))
        return Feed(channel, [self.event_entry(event) for event in self.site.upcoming_events()])

    def _mixed(self, title: str, page: str, description: str, events: list[Event], cases: list[CaseStudy],
               **paths: str) -> Feed:
        """Upcoming events (soonest first), then the newest case studies."""
        cases = cases[:CASE_STUDY_LIMIT]
        updated = self.site.today if events or not cases else cases[0].date
        channel = self._channel(title, page, description, updated, **paths)
        entries = [self.event_entry(e) for e in events] + [self.case_entry(c) for c in cases]
        return Feed(channel, entries)

    def region(self, slug: str) -> Feed:
        """A region's upcoming events and newest case studies."""
        name = self.site.label("regions", slug)
        where = "across the country" if slug == "national" else f"in {name}"
        return self._mixed(
            name, urls.path("region", slug=slug), f"WLA case studies and upcoming events {where}.",
            self.site.upcoming_events(slug), self.site.case_studies_by_region.get(slug, []),
            rss=urls.path("region-rss", slug=slug), json=urls.path("region-json", slug=slug))

    def theme(self, slug: str) -> Feed:
        """A theme's upcoming events and newest case studies."""
        name = self.site.label("themes", slug)
        return self._mixed(
            name, urls.path("theme", slug=slug), f"WLA case studies and upcoming events about {name}.",
            self.site.upcoming_theme_events(slug), self.site.case_studies_by_theme.get(slug, []),
            rss=urls.path("theme-rss", slug=slug), json=urls.path("theme-json", slug=slug))

    # --- formats -----------------------------------------------------------------------------

    def _generator(self, channel: Channel, self_format: str, media_type: str) -> FeedGenerator:
        site_url = self.site_url
        feed = FeedGenerator()
        feed.id(channel.link)
        feed.title(xml_text(channel.title))
        # feedgen takes the RSS <link> from the last link given: the page, not the feed itself.
        feed.link(href=site_url + channel.paths[self_format], rel="self", type=media_type)
        feed.link(href=channel.link, rel="alternate", type="text/html")
        feed.description(xml_text(channel.description))
        feed.language(LANGUAGE)
        feed.author({"name": NETWORK_NAME, "uri": site_url})
        feed.generator(GENERATOR)
        feed.image(url=urls.absolute(site_url, "logo-png"), title=xml_text(channel.title), link=channel.link,
                   width="144", height="144")
        feed.icon(urls.absolute(site_url, "logo-png"))
        # Both lastBuildDate (RSS) and updated (Atom): from content, never the clock.
        feed.updated(channel.updated)
        return feed

    def _add(self, feed: FeedGenerator, item: Entry, *, rss: bool) -> None:
        entry = feed.add_entry(order="append")
        entry.id(item.url)
        entry.guid(item.url, permalink=True)
        entry.title(title_text(item.title))
        entry.link(href=item.url, rel="alternate", type="text/html")
        # The summary is plain text; RSS descriptions and this Atom summary are HTML, so escape it.
        entry.summary(str(escape(xml_text(item.summary))), type="html")
        entry.content(xml_text(item.content), type="html")
        for category in item.categories:
            entry.category(term=category.term, label=xml_text(category.label), scheme=category.scheme)
        if item.image is not None and rss:
            # feedgen drops an Atom link's rel, which would turn an enclosure into a second
            # alternate link; Atom readers find the picture in the content instead.
            entry.enclosure(item.image.url, str(item.image.length), item.image.type)
        if item.published is not None:
            entry.published(item.published)
            entry.updated(item.published)

    def rss(self, feed: Feed) -> bytes:
        """The feed as RSS 2.0."""
        generator = self._generator(feed.channel, "rss", "application/rss+xml")
        for item in feed.entries:
            self._add(generator, item, rss=True)
        return bytes(generator.rss_str(pretty=True))

    def atom(self, feed: Feed) -> bytes:
        """The feed as Atom."""
        generator = self._generator(feed.channel, "atom", "application/atom+xml")
        for item in feed.entries:
            self._add(generator, item, rss=False)
        return bytes(generator.atom_str(pretty=True))

    def json(self, feed: Feed) -> bytes:
        """The feed as JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
        channel, site_url = feed.channel, self.site_url
        data: dict[str, Any] = {
            "version": JSON_FEED_VERSION,
            "title": channel.title,
            "home_page_url": channel.link,
            "feed_url": site_url + channel.paths["json"],
            "description": channel.description,
            "icon": urls.absolute(site_url, "logo-png"),
            "favicon": urls.absolute(site_url, "logo-png"),
            "authors": [{"name": NETWORK_NAME, "url": site_url}],
            "language": LANGUAGE,
            "items": [_json_item(item) for item in feed.entries],
        }
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _json_item(item: Entry) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.url, "url": item.url, "title": xml_text(item.title),
                            "content_html": xml_text(item.content), "summary": xml_text(item.summary)}
    if item.image is not None:
        data["image"] = item.image.url
    if item.published is not None:
        data["date_published"] = item.published.isoformat()
    if item.authors:
        data["authors"] = [{"name": name} for name in item.authors]
    if item.categories:
        data["tags"] = [c.label for c in item.categories]
    return data


# --- one feed at a time, for callers that want just one ------------------------------------------


def issue_content_html(site: Site, issue: NewsletterIssue, site_url: str) -> str:
    """An e-shot issue's full content for a feed item: its body, then its featured items as linked cards."""
    return FeedWriter(site, site_url).issue_html(issue)


def case_study_html(site: Site, case: CaseStudy, site_url: str) -> str:
    """A case study's full content for a feed: who, where, the story, outcomes and quote."""
    return FeedWriter(site, site_url).case_html(case)


def event_html(site: Site, event: Event, site_url: str) -> str:
    """An event's details for a feed: status, when, where, cost, summary and description."""
    return FeedWriter(site, site_url).event_html(event)


def eshot_rss(site: Site, site_url: str) -> bytes:
    """The e-shot as RSS 2.0, every issue newest first with its full content."""
    writer = FeedWriter(site, site_url)
    return writer.rss(writer.eshot())


def eshot_atom(site: Site, site_url: str) -> bytes:
    """The e-shot as Atom, the same items as the RSS feed."""
    writer = FeedWriter(site, site_url)
    return writer.atom(writer.eshot())


def case_study_rss(site: Site, site_url: str) -> bytes:
    """The newest case studies as RSS 2.0."""
    writer = FeedWriter(site, site_url)
    return writer.rss(writer.case_studies())


def event_rss(site: Site, site_url: str) -> bytes:
    """Upcoming events, soonest first, as RSS 2.0."""
    writer = FeedWriter(site, site_url)
    return writer.rss(writer.events())

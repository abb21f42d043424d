"""RSS 2.0 and Atom feeds of the e-shot, case studies and upcoming events.

The only module that imports feedgen: its untyped, order-surprising API
(entries are prepended unless told otherwise; dates default to "now") is
hidden behind one typed function per feed. Dates come from content (an
issue's date, the newest item's date), guids are the items' permanent
addresses, every `href` and `src` in item content is absolute, and text is
stripped of characters XML cannot carry, so the same content always gives
the same, valid bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from html.entities import name2codepoint

from feedgen.feed import FeedGenerator
from markupsafe import Markup, escape

from wla_site import templating, urls
from wla_site.content.models import CaseStudy, Event, NewsletterIssue
from wla_site.content.site import Site
from wla_site.formatting import NETWORK_NAME, event_when

LANGUAGE = "en-GB"
GENERATOR = "WLA site engine"
CASE_STUDY_LIMIT = 50
"""The case-study feed carries the newest stories only; readers keep what they have seen."""

ESHOT_RSS = urls.path("newsletters-rss")
ESHOT_ATOM = urls.path("newsletters-atom")
CASE_STUDY_RSS = urls.path("case-studies-rss")
EVENT_RSS = urls.path("events-rss")

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


@dataclass(frozen=True)
class Channel:
    """What a feed says about itself."""

    title: str
    link: str
    self_url: str
    description: str
    updated: datetime


def _midnight(day: date, site: Site) -> datetime:
    """A content date as the start of that day in the site's zone (feeds need a time)."""
    return datetime(day.year, day.month, day.day, tzinfo=site.timezone)


def _generator(channel: Channel, site_url: str, self_type: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(channel.link)
    feed.title(xml_text(channel.title))
    # feedgen takes the RSS <link> from the last link given: the page, not the feed itself.
    feed.link(href=channel.self_url, rel="self", type=self_type)
    feed.link(href=channel.link, rel="alternate", type="text/html")
    feed.description(xml_text(channel.description))
    feed.language(LANGUAGE)
    feed.author({"name": NETWORK_NAME, "uri": site_url})
    feed.generator(GENERATOR)
    feed.image(url=urls.absolute(site_url, "logo-png"), title=xml_text(channel.title), link=channel.link, width="144", height="144")
    feed.icon(urls.absolute(site_url, "logo-png"))
    # Both lastBuildDate (RSS) and updated (Atom): from content, never the clock.
    feed.updated(channel.updated)
    return feed


def _add(feed: FeedGenerator, *, url: str, title: str, summary: str, content: str,
         published: datetime | None) -> None:
    entry = feed.add_entry(order="append")
    entry.id(url)
    entry.guid(url, permalink=True)
    entry.title(title_text(title))
    entry.link(href=url, rel="alternate", type="text/html")
    # The summary is plain text; RSS descriptions and this Atom summary are HTML, so escape it.
    entry.summary(str(escape(xml_text(summary))), type="html")
    entry.content(xml_text(content), type="html")
    if published is not None:
        entry.published(published)
        entry.updated(published)


def _rss(feed: FeedGenerator) -> bytes:
    data: bytes = feed.rss_str(pretty=True)
    return data


def _atom(feed: FeedGenerator) -> bytes:
    data: bytes = feed.atom_str(pretty=True)
    return data


# --- the e-shot -----------------------------------------------------------------------------


def _eshot(site: Site, site_url: str, self_path: str, self_type: str) -> FeedGenerator:
    newest = site.newsletters[0].date if site.newsletters else site.today
    channel = Channel(
        title=f"{NETWORK_NAME}: the e-shot",
        link=urls.absolute(site_url, "newsletters"),
        self_url=site_url + self_path,
        description="Every issue of the WLA network's newsletter, the e-shot: news, case studies and events.",
        updated=_midnight(newest, site),
    )
    feed = _generator(channel, site_url, self_type)
    for issue in site.newsletters:  # newest first
        _add(feed, url=urls.absolute(site_url, "newsletter", slug=issue.slug), title=issue.title, summary=issue.summary,
             content=issue_content_html(site, issue, site_url), published=_midnight(issue.date, site))
    return feed


def eshot_rss(site: Site, site_url: str) -> bytes:
    """The e-shot as RSS 2.0, every issue newest first with its full content."""
    return _rss(_eshot(site, site_url, ESHOT_RSS, "application/rss+xml"))


def eshot_atom(site: Site, site_url: str) -> bytes:
    """The e-shot as Atom, the same items as the RSS feed."""
    return _atom(_eshot(site, site_url, ESHOT_ATOM, "application/atom+xml"))


# --- case studies ---------------------------------------------------------------------------


def _item_context(site: Site, item: CaseStudy | Event | NewsletterIssue, route: str, site_url: str) -> dict[str, object]:
    url = urls.absolute(site_url, route, slug=item.slug)
    return {"link": urls.absolute_linker(site_url), "label": site.label,
            "body": Markup(urls.absolute_links(site.html(item), url, site_url))}


def issue_content_html(site: Site, issue: NewsletterIssue, site_url: str) -> str:
    """An e-shot issue's full content for a feed item: its body, then its featured items as linked cards."""
    cases, events = site.featured(issue)
    context = _item_context(site, issue, "newsletter", site_url)
    context.update(issue=issue, cases=cases, events=events)
    return templating.render("eshot_feed.html", context).strip()


def case_study_html(site: Site, case: CaseStudy, site_url: str) -> str:
    """A case study's full content for a feed: who, where, the story, outcomes and quote."""
    return templating.render("feed_case_study.html", {**_item_context(site, case, "case-study", site_url), "case": case})


def case_study_rss(site: Site, site_url: str) -> bytes:
    """The newest case studies as RSS 2.0."""
    cases = site.case_studies[:CASE_STUDY_LIMIT]
    newest = cases[0].date if cases else site.today
    channel = Channel(
        title=f"{NETWORK_NAME}: case studies",
        link=urls.absolute(site_url, "case-studies"),
        self_url=site_url + CASE_STUDY_RSS,
        description="Stories of learning at work from across the WLA network.",
        updated=_midnight(newest, site),
    )
    feed = _generator(channel, site_url, "application/rss+xml")
    for case in cases:
        _add(feed, url=urls.absolute(site_url, "case-study", slug=case.slug), title=case.title, summary=case.summary,
             content=case_study_html(site, case, site_url), published=_midnight(case.date, site))
    return _rss(feed)


# --- upcoming events ------------------------------------------------------------------------


def event_html(site: Site, event: Event, site_url: str) -> str:
    """An event's details for a feed: status, when, where, cost, summary and description."""
    return templating.render("feed_event.html", {**_item_context(site, event, "event", site_url), "event": event})


def event_rss(site: Site, site_url: str) -> bytes:
    """Upcoming events, soonest first, as RSS 2.0.

    Events have no publication date, so items carry none; the channel's date is
    the build's "today" (from SOURCE_DATE_EPOCH), the day the list was drawn up.
    """
    channel = Channel(
        title=f"{NETWORK_NAME}: upcoming events",
        link=urls.absolute(site_url, "events"),
        self_url=site_url + EVENT_RSS,
        description="Upcoming WLA information sessions, training, network meetings and more.",
        updated=_midnight(site.today, site),
    )
    feed = _generator(channel, site_url, "application/rss+xml")
    for event in site.upcoming_events():
        prefix = {"cancelled": "Cancelled: ", "postponed": "Postponed: "}.get(event.status, "")
        summary = f"{event_when(event)}. {event.summary}"
        _add(feed, url=urls.absolute(site_url, "event", slug=event.slug), title=prefix + event.title, summary=summary,
             content=event_html(site, event, site_url), published=None)
    return _rss(feed)

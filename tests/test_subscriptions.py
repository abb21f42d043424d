"""Per-region and per-theme feeds and calendars, their links, and the page "Subscribe".

One real build of a small project with events and case studies spread over
regions and themes (national ones too, past ones too). Every region's and
theme's feed and calendar is read back (feedparser, json, icalendar and the
independent `ical` parser) and must hold exactly that region's or theme's items.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import lxml.html
import pytest
import yaml
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from tests.conftest import REPO, SITE_URL, Project, new_project

HOST = "wla-network.example.org"
VOCABULARY = yaml.safe_load((REPO / "vocabulary.yml").read_text(encoding="utf-8"))

# slug: (region, themes, start); the build's today is 2026-11-24.
EVENTS = {
    "nw-upcoming": ("north-west", ["digital-skills"], "2026-12-01T10:00"),
    "nw-past": ("north-west", ["digital-skills"], "2025-12-01T10:00"),
    "nw-cancelled": ("north-west", [], "2027-01-05T10:00"),
    "em-upcoming": ("east-midlands", ["apprenticeships", "digital-skills"], "2027-02-02T14:00"),
    "national-webinar": ("national", ["leadership"], "2027-01-14T12:30"),
    "london-no-theme": ("london", [], "2027-03-01T18:00"),
}
# slug: (region, themes)
CASES = {
    "nw-story": ("north-west", ["peer-learning", "digital-skills"]),
    "em-story": ("east-midlands", ["apprenticeships"]),
    "national-story": ("national", ["leadership"]),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = new_project(tmp_path_factory.mktemp("subs") / "project")
    for slug, (region, themes, start) in EVENTS.items():
        online = {"online": "https://meet.example.org/x", "location": None} if region == "national" else {}
        fields = {"title": f"Event {slug}", "region": region, "themes": themes, "start": start,
                  "end": start[:11] + "23:00", **online}
        if slug == "nw-cancelled":
            fields["status"] = "cancelled"
        project.event(slug, **fields)
    for slug, (region, themes) in CASES.items():
        project.case_study(slug, title=f"Story {slug}", themes=themes,
                           organisation={"name": "Org", "sector": "retail", "region": region})
    project.build()
    return project


def upcoming(slug: str) -> bool:
    return EVENTS[slug][2] >= "2026-11-24"


def expected_region(region: str) -> tuple[set[str], set[str], set[str]]:
    """(events in its feed, case studies in its feed, events in its calendar)."""
    own = {s for s, (r, _, _) in EVENTS.items() if r == region and upcoming(s)}
    national = {s for s, (r, _, _) in EVENTS.items() if r == "national" and upcoming(s)}
    cases = {s for s, (r, _) in CASES.items() if r == region}
    return own, cases, own | national


def expected_theme(theme: str) -> tuple[set[str], set[str]]:
    events = {s for s, (_, themes, _) in EVENTS.items() if theme in themes and upcoming(s)}
    cases = {s for s, (_, themes) in CASES.items() if theme in themes}
    return events, cases


def feed_slugs(data: bytes) -> tuple[set[str], set[str]]:
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    links = [e.link for e in parsed.entries]
    return _split(links)


def json_slugs(data: bytes) -> tuple[set[str], set[str]]:
    feed = json.loads(data)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    return _split([item["url"] for item in feed["items"]])


def _split(links: list[str]) -> tuple[set[str], set[str]]:
    assert len(links) == len(set(links))
    assert all(link.startswith(SITE_URL) for link in links)
    events = {link.rstrip("/").rsplit("/", 1)[-1] for link in links if "/events/" in link}
    cases = {link.rstrip("/").rsplit("/", 1)[-1] for link in links if "/case-studies/" in link}
    assert len(events) + len(cases) == len(links)
    return events, cases


def calendar_slugs(data: bytes) -> set[str]:
    uids = [str(e["uid"]) for e in Calendar.from_ical(data).walk("VEVENT")]
    # A second, independent and stricter reader agrees.
    strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    assert sorted(e.uid for e in strict.events) == sorted(uids)
    assert all(uid.endswith("@" + HOST) for uid in uids)
    return {uid.split("@")[0] for uid in uids}


@pytest.mark.parametrize("region", list(VOCABULARY["regions"]))
def test_each_region_feed_and_calendar_hold_exactly_its_items(built: Project, region: str) -> None:
    folder = built.site_dir / "regions" / region
    events, cases, calendar = expected_region(region)
    assert feed_slugs((folder / "feed.xml").read_bytes()) == (events, cases)
    assert json_slugs((folder / "feed.json").read_bytes()) == (events, cases)
    assert calendar_slugs((folder / "calendar.ics").read_bytes()) == calendar


@pytest.mark.parametrize("theme", list(VOCABULARY["themes"]))
def test_each_theme_feed_and_calendar_hold_exactly_its_items(built: Project, theme: str) -> None:
    folder = built.site_dir / "themes" / theme
    events, cases = expected_theme(theme)
    assert feed_slugs((folder / "feed.xml").read_bytes()) == (events, cases)
    assert json_slugs((folder / "feed.json").read_bytes()) == (events, cases)
    assert calendar_slugs((folder / "calendar.ics").read_bytes()) == events


def test_regional_calendar_names_and_cancellations(built: Project) -> None:
    parsed = Calendar.from_ical((built.site_dir / "regions/north-west/calendar.ics").read_bytes())
    assert str(parsed["x-wr-calname"]) == "WLA network events: North West"
    statuses = {str(e["uid"]).split("@")[0]: str(e["status"]) for e in parsed.walk("VEVENT")}
    assert statuses["nw-cancelled"] == "CANCELLED"
    # An empty calendar still holds a component (its time zone), as RFC 5545 requires.
    empty = Calendar.from_ical((built.site_dir / "themes/wellbeing/calendar.ics").read_bytes())
    assert not empty.walk("VEVENT") and len(empty.walk("VTIMEZONE")) == 1


def head_links(page: str) -> dict[str, tuple[str, str]]:
    doc = lxml.html.fromstring(page)
    return {link.get("href"): (link.get("type"), link.get("title"))
            for link in doc.xpath("//head/link[contains(concat(' ', @rel, ' '), ' alternate ')]")}


def test_region_page_links_its_feeds_in_head_and_offers_one_click_subscriptions(built: Project) -> None:
    page = built.page("regions/east-midlands/")
    links = head_links(page)
    assert links["feed.xml"] == ("application/rss+xml", "East Midlands: RSS feed")
    assert links["feed.json"] == ("application/feed+json", "East Midlands: JSON Feed")
    assert links["calendar.ics"] == ("text/calendar", "East Midlands: calendar")
    doc = lxml.html.fromstring(page)
    hrefs = [a.get("href") for a in doc.cssselect(".wla-subscribe a")]
    webcal = f"webcal://{HOST}/regions/east-midlands/calendar.ics"
    assert webcal in hrefs
    google = next(h for h in hrefs if h.startswith("https://calendar.google.com/"))
    assert google == f"https://calendar.google.com/calendar/r?cid={webcal}"
    outlook = next(h for h in hrefs if h.startswith("https://outlook.live.com/"))
    query = parse_qs(urlsplit(outlook).query)
    assert urlsplit(outlook).path == "/calendar/0/addfromweb"
    assert query == {"url": [f"{SITE_URL}regions/east-midlands/calendar.ics"], "name": ["WLA network events: East Midlands"]}
    # The visible links lead to files that exist.
    for href in hrefs:
        if "://" not in href:
            assert (built.site_dir / "regions/east-midlands" / href).resolve().exists(), href


def test_theme_page_lists_its_events_and_links_its_feeds(built: Project) -> None:
    page = built.page("themes/digital-skills/")
    assert set(head_links(page)) >= {"feed.xml", "feed.json", "calendar.ics"}
    doc = lxml.html.fromstring(page)
    titles = [a.text_content() for a in doc.xpath('//h2[@id="events"]/following-sibling::ul[1]//h3/a')]
    assert titles == ["Event nw-upcoming", "Event em-upcoming"]


def test_subscribe_page_lists_every_feed_and_calendar(built: Project) -> None:
    page = built.page("subscribe/")
    doc = lxml.html.fromstring(page)
    items = doc.cssselect("ul.wla-subscriptions > li")
    keys = [li.get("id") for li in items]
    assert keys[:3] == ["newsletters", "case-studies", "events"]
    assert keys[3:] == [f"region-{r}" for r in VOCABULARY["regions"]] + [f"theme-{t}" for t in VOCABULARY["themes"]]
    files: set[str] = set()
    for li in items:
        sentence = li.cssselect("h3 + p")[0].text_content()
        assert len(sentence) > 30 and sentence.endswith("."), sentence
        for a in li.cssselect("a"):
            href = a.get("href")
            if "://" not in href and not href.endswith("/"):
                files.add(str((built.site_dir / "subscribe" / href).resolve().relative_to(built.site_dir.resolve())))
    published = {str(p.relative_to(built.site_dir)) for p in built.site_dir.rglob("*")
                 if p.suffix in (".xml", ".json", ".ics") and p.parent.name not in ("search-index",)
                 and p.name not in ("sitemap.xml", "event.ics", "index.json", "providers.json", "datapackage.json")}
    assert files == published
    # The page is in the navigation, and the listings link to it.
    assert doc.xpath('//nav//a[normalize-space()="Subscribe"]')
    assert "../subscribe/" in [a.get("href") for a in lxml.html.fromstring(built.page("events/")).cssselect(".wla-subscribe a")]


def test_listing_head_links_its_kinds_feeds(built: Project) -> None:
    links = head_links(built.page("newsletters/"))
    assert {"feed.xml", "atom.xml", "feed.json"} <= set(links)
    assert head_links(built.page("events/"))["calendar.ics"][0] == "text/calendar"


def test_subscribe_links_survive_hostile_site_urls(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_url: https://wla-network.example.org/",
                                                 "site_url: https://example.org/a&b/"))
    project.event("one", region="london")
    project.build()
    doc = lxml.html.fromstring(project.page("regions/london/"))
    assert "webcal://example.org/a&b/regions/london/calendar.ics" in [a.get("href") for a in doc.cssselect(".wla-subscribe a")]

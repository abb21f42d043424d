"""Event calendars: icalendar round trips, local times across BST and GMT, and web calendar links."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from icalendar import Calendar
from wla_site import publish as outputs
from wla_site.content.site import Site, load_site
from wla_site.render import calendar

from tests.conftest import REPO, SITE_URL

TODAY = date(2026, 6, 1)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def site() -> Site:
    return load_site(REPO, today=TODAY)


def only_event(data: bytes):
    parsed = Calendar.from_ical(data)
    events = parsed.walk("VEVENT")
    assert len(events) == 1
    return parsed, events[0]


def test_winter_event_in_gmt(site: Site) -> None:
    event = site.event_by_slug["wla-information-session-wigan"]
    parsed, vevent = only_event(calendar.event_ics(site, event, SITE_URL))
    start, end = vevent.decoded("dtstart"), vevent.decoded("dtend")
    assert start == datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)
    assert (start.hour, start.minute, end.hour, end.minute) == (10, 0, 12, 30)
    assert start.utcoffset() == timedelta(0)
    assert vevent["dtstart"].params["TZID"] == "Europe/London"
    assert [tz["tzid"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/London"]
    assert str(vevent["uid"]) == "wla-information-session-wigan@wla-network.example.org"
    assert str(vevent["status"]) == "CONFIRMED"
    assert str(vevent["url"]) == SITE_URL + "events/wla-information-session-wigan/"
    assert "Wigan WN1 1AA" in str(vevent["location"])
    description = str(vevent["description"])
    assert "<" not in description and "Refreshments provided" in description
    # DTSTAMP is the build's time (here the start of its "today", 1 June 2026 in London), not the event's start.
    assert vevent.decoded("dtstamp") == datetime(2026, 5, 31, 23, 0, tzinfo=timezone.utc)


def test_summer_event_in_bst(site: Site) -> None:
    event = site.event_by_slug["webinar-small-grants-for-learning-2026"]
    _, vevent = only_event(calendar.event_ics(site, event, SITE_URL))
    start = vevent.decoded("dtstart")
    assert (start.hour, start.minute) == (12, 30)
    assert start.utcoffset() == timedelta(hours=1)
    assert start.astimezone(timezone.utc).hour == 11
    assert str(vevent["location"]).startswith("Online")


def test_all_day_event_uses_dates_with_exclusive_end(site: Site) -> None:
    event = site.event_by_slug["learning-at-work-week-open-day-wakefield-2027"]
    data = calendar.event_ics(site, event, SITE_URL)
    assert b"DTSTART;VALUE=DATE:20270518" in data
    assert b"DTEND;VALUE=DATE:20270519" in data
    _, vevent = only_event(data)
    assert vevent.decoded("dtstart") == date(2027, 5, 18)
    assert vevent.decoded("dtend") == date(2027, 5, 19)


def test_cancelled_and_postponed(site: Site) -> None:
    _, cancelled = only_event(calendar.event_ics(site, site.event_by_slug["wla-training-millom-march-2027"], SITE_URL))
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["summary"]).startswith("Cancelled: ")
    _, postponed = only_event(calendar.event_ics(site, site.event_by_slug["east-midlands-network-meeting-lincoln"], SITE_URL))
    assert str(postponed["status"]) == "TENTATIVE"


def test_subscription_calendar_has_every_upcoming_event(site: Site) -> None:
    data = calendar.upcoming_calendar_ics(site, SITE_URL)
    assert b"\r\n" in data
    parsed = Calendar.from_ical(data)
    # One VEVENT per event; a repeating event's moved dates follow it under the same UID.
    uids = [str(e["uid"]) for e in parsed.walk("VEVENT") if "recurrence-id" not in e]
    assert uids == [f"{e.slug}@wla-network.example.org" for e in site.upcoming_events()]
    assert len(uids) == len(set(uids)) > 5
    assert str(parsed["x-wr-timezone"]) == "Europe/London"
    assert len(parsed.walk("VTIMEZONE")) == 1
    assert "CANCELLED" in [str(e["status"]) for e in parsed.walk("VEVENT")]
    # Past events are not in the subscription.
    assert "learning-at-work-week-taster-fair-liverpool-2024@wla-network.example.org" not in uids


def test_calendars_are_byte_identical_across_builds(site: Site) -> None:
    again = load_site(REPO, today=TODAY)
    assert calendar.upcoming_calendar_ics(site, SITE_URL) == calendar.upcoming_calendar_ics(again, SITE_URL)
    for event, other in zip(site.events, again.events, strict=True):
        assert calendar.event_ics(site, event, SITE_URL) == calendar.event_ics(again, other, SITE_URL)


def test_google_and_outlook_links_use_utc_times(site: Site) -> None:
    winter = site.event_by_slug["wla-information-session-wigan"]
    summer = site.event_by_slug["webinar-small-grants-for-learning-2026"]
    all_day = site.event_by_slug["learning-at-work-week-open-day-wakefield-2027"]

    def google(event) -> dict[str, list[str]]:
        url = calendar.google_calendar_url(site, event)
        assert url.startswith("https://calendar.google.com/calendar/render?")
        return parse_qs(urlsplit(url).query)

    assert google(winter)["dates"] == ["20261201T100000Z/20261201T123000Z"]
    assert google(summer)["dates"] == ["20260610T113000Z/20260610T123000Z"]
    assert google(all_day)["dates"] == ["20270518/20270519"]
    assert google(winter)["text"] == [winter.title]

    outlook = parse_qs(urlsplit(calendar.outlook_calendar_url(site, summer)).query)
    assert outlook["startdt"] == ["2026-06-10T11:30:00Z"] and outlook["enddt"] == ["2026-06-10T12:30:00Z"]
    assert outlook["subject"] == [summer.title]
    outlook = parse_qs(urlsplit(calendar.outlook_calendar_url(site, all_day)).query)
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == (["2027-05-18"], ["2027-05-19"], ["true"])


def test_event_page_links(site: Site) -> None:
    event = site.event_by_slug["wla-information-session-wigan"]
    html = outputs.event_calendar_links(site, event, "events/wla-information-session-wigan/")
    assert "&amp;" in html  # query strings are escaped in the attribute
    links = lxml.html.fragment_fromstring(html, create_parent="p").xpath("//a")
    assert [a.text_content() for a in links] == ["Add to calendar (.ics)", "Add to Google Calendar", "Add to Outlook"]
    assert links[0].get("href") == "event.ics"
    assert parse_qs(urlsplit(links[1].get("href")).query)["dates"] == ["20261201T100000Z/20261201T123000Z"]
    # Nothing to add for a cancelled event.
    assert outputs.event_calendar_links(site, site.event_by_slug["wla-training-millom-march-2027"], "events/x/") == ""


def test_every_dtstamp_is_the_builds_time_from_source_date_epoch(project) -> None:
    """Calendar apps read DTSTAMP as when the information was current: the build, never the event."""
    project.event("soon", start="2026-12-01T10:00", end="2026-12-01T12:00")
    project.event("all-day", start="2027-03-02", end="2027-03-03")
    project.build(epoch="1795521600")  # 2026-11-24 12:00 UTC
    built = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
    files = sorted(project.site_dir.glob("events/**/*.ics"))
    assert len(files) == 3  # two events and the subscription
    for path in files:
        stamps = [e.decoded("dtstamp") for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")]
        assert stamps and all(stamp == built for stamp in stamps), path
    assert b"DTSTAMP:20261124T120000Z" in (project.site_dir / "events/soon/event.ics").read_bytes()

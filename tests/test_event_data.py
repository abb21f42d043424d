"""Every event page's JSON-LD against what Google lists as required or recommended for events.

https://developers.google.com/search/docs/appearance/structured-data/event: required
`name`, `startDate`, `location` (a Place with a PostalAddress, or a VirtualLocation with
a url); recommended `description`, `endDate`, `eventAttendanceMode`, `eventStatus`
(with `previousStartDate` for a rescheduled event), `image`, `offers` (`price`,
`priceCurrency`, `availability`, `url`), `organizer` (`name`, `url`).
"""

from __future__ import annotations

import json
from datetime import date, datetime

import lxml.html
import pytest

from tests.conftest import SITE_URL, Project, dump, event_fields, new_project

STATUSES = {f"https://schema.org/{s}" for s in
            ("EventScheduled", "EventCancelled", "EventPostponed", "EventRescheduled", "EventMovedOnline")}
MODES = {f"https://schema.org/{m}EventAttendanceMode" for m in ("Offline", "Online", "Mixed")}
AVAILABILITY = {f"https://schema.org/{a}" for a in ("InStock", "OutOfStock", "Discontinued", "SoldOut")}


def event_scripts(page: str) -> list[dict]:
    doc = lxml.html.fromstring(page)
    return [json.loads(s.text) for s in doc.xpath('//head/script[@type="application/ld+json"]')]


def iso(value: str) -> date | datetime:
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def check_complete(data: dict) -> None:
    """Everything Google requires or recommends for an event is there, and well formed."""
    assert data["@context"] == "https://schema.org/" and data["@type"] == "Event"
    assert data["name"] and data["description"]
    start, end = iso(data["startDate"]), iso(data["endDate"])
    assert type(start) is type(end) and end >= start
    if isinstance(start, datetime):
        assert start.tzinfo is not None  # a local time with its offset
    assert data["eventStatus"] in STATUSES
    if data["eventStatus"].endswith("EventRescheduled"):
        assert iso(data["previousStartDate"]) != start
    else:
        assert "previousStartDate" not in data
    assert data["eventAttendanceMode"] in MODES
    places = data["location"] if isinstance(data["location"], list) else [data["location"]]
    kinds = sorted(p["@type"] for p in places)
    expected_mode = {("Place",): "Offline", ("VirtualLocation",): "Online", ("Place", "VirtualLocation"): "Mixed"}
    assert data["eventAttendanceMode"] == f"https://schema.org/{expected_mode[tuple(kinds)]}EventAttendanceMode"
    for place in places:
        if place["@type"] == "Place":
            assert place["name"]
            address = place["address"]
            assert address["@type"] == "PostalAddress"
            assert address["addressLocality"] and address["addressCountry"] == "GB"
        else:
            assert place["url"].startswith("https://")
    assert data["organizer"]["name"] and data["organizer"]["url"].startswith("https://")
    offer = data["offers"]
    assert offer["@type"] == "Offer"
    assert float(offer["price"]) >= 0 and offer["priceCurrency"] == "GBP"
    assert offer["availability"] in AVAILABILITY
    assert offer["url"].startswith("https://")
    assert data["image"] and all(url.startswith("https://") for url in data["image"])
    assert data["url"].startswith(SITE_URL + "events/")


def test_every_sample_event_page_has_complete_event_data(sample_site: Project) -> None:
    pages = sorted((sample_site.site_dir / "events").glob("*/index.html"))
    assert len(pages) >= 15
    statuses = set()
    for path in pages:
        scripts = event_scripts(path.read_text(encoding="utf-8"))
        assert scripts, path
        for data in scripts:
            check_complete(data)
            statuses.add(data["eventStatus"].rsplit("/", 1)[-1])
    assert {"EventScheduled", "EventCancelled", "EventPostponed", "EventRescheduled"} <= statuses


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = new_project(tmp_path_factory.mktemp("event-data") / "project")
    project.event("hybrid", online="https://meet.example.org/h", cost="£12.50 a head", booking="https://book.example.org/h")
    project.event("online", location=None, online="https://meet.example.org/o", region="national", cost="No charge")
    fields = event_fields(start="2027-05-18", cost="Free")
    del fields["end"]
    project.write("events/all-day.yml", dump(fields))
    project.event("moved", start="2027-01-20T10:00", end="2027-01-20T12:00", moved_from="2027-01-13T10:00",
                  cost="Free", updated="2026-11-20")
    project.event("postponed", status="postponed", cost="Free")
    project.event("cancelled", status="cancelled", cost="Free")
    project.event("past", start="2025-01-20T10:00", end="2025-01-20T12:00", cost="£5")
    project.event("mailto", booking="mailto:book@example.org", cost="Free")
    project.build()  # today is 2026-11-24
    return project


def data_of(project: Project, slug: str) -> dict:
    scripts = event_scripts(project.page(f"events/{slug}/"))
    assert len(scripts) == 1
    check_complete(scripts[0])
    return scripts[0]


def test_hybrid_event_has_both_places_and_its_price(built: Project) -> None:
    data = data_of(built, "hybrid")
    assert [p["@type"] for p in data["location"]] == ["Place", "VirtualLocation"]
    assert data["location"][1]["url"] == "https://meet.example.org/h"
    assert data["offers"] == {"@type": "Offer", "url": "https://book.example.org/h", "price": "12.50",
                              "priceCurrency": "GBP", "availability": "https://schema.org/InStock"}


def test_online_event_free_by_any_name(built: Project) -> None:
    data = data_of(built, "online")
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/o"}
    assert data["offers"]["price"] == "0" and data["isAccessibleForFree"] is True


def test_all_day_event_without_an_end_ends_that_day(built: Project) -> None:
    data = data_of(built, "all-day")
    assert (data["startDate"], data["endDate"]) == ("2027-05-18", "2027-05-18")


def test_moved_event_is_rescheduled_with_its_previous_start(built: Project) -> None:
    data = data_of(built, "moved")
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["startDate"] == "2027-01-20T10:00:00+00:00"
    assert data["previousStartDate"] == "2027-01-13T10:00:00+00:00"
    page = " ".join(lxml.html.fromstring(built.page("events/moved/")).text_content().split())
    assert "This event has a new date. It was planned for Wednesday 13 January 2027." in page


def test_postponed_cancelled_and_past_events(built: Project) -> None:
    postponed, cancelled, past = data_of(built, "postponed"), data_of(built, "cancelled"), data_of(built, "past")
    assert postponed["eventStatus"] == "https://schema.org/EventPostponed"
    assert postponed["offers"]["availability"] == "https://schema.org/OutOfStock"
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    assert cancelled["offers"]["availability"] == "https://schema.org/Discontinued"
    assert past["offers"]["availability"] == "https://schema.org/OutOfStock"
    assert past["offers"]["price"] == "5"


def test_mailto_booking_offers_the_event_page(built: Project) -> None:
    assert data_of(built, "mailto")["offers"]["url"] == SITE_URL + "events/mailto/"


def test_moved_from_is_for_one_off_events(tmp_path) -> None:
    project = new_project(tmp_path / "p")
    project.event("series", repeat={"frequency": "weekly", "count": 3}, moved_from="2026-11-24T10:00")
    project.event("same", moved_from="2026-12-01T10:00")
    result = project.build(check=False)
    assert result.returncode == 1
    assert "moved_from: `moved_from` is for a one-off event. To move one meeting of a repeating event, use `moved`" in result.stderr
    assert "moved_from: `moved_from` is the same as `start`." in result.stderr
    assert "Traceback" not in result.stderr

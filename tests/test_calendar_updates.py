"""Calendars that update in people's phones: stable UIDs, SEQUENCE and LAST-MODIFIED from the
content, a VTIMEZONE for every year the calendar holds, cancellations kept while they matter."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from icalendar import Calendar
from wla_site.content.problems import ContentError
from wla_site.content.site import Site, load_site
from wla_site.render import calendar

from tests.conftest import SITE_URL, Project, copy_content, new_project

TODAY = date(2026, 11, 24)


def site_with(tmp_path: Path, **events: dict) -> Site:
    project = Project(tmp_path / "content")
    (project.root / "vocabulary.yml").parent.mkdir(parents=True, exist_ok=True)
    copy_content(project.root)
    for slug, fields in events.items():
        project.event(slug, **fields)
    return load_site(project.root, today=TODAY)


def vevents(site: Site, slug: str) -> list:
    return Calendar.from_ical(calendar.event_ics(site, site.event_by_slug[slug], SITE_URL)).walk("VEVENT")


def test_uid_stays_while_the_event_changes(tmp_path: Path) -> None:
    first = site_with(tmp_path / "a", meeting={"start": "2026-12-01T10:00", "end": "2026-12-01T11:00"})
    moved = site_with(tmp_path / "b", meeting={"title": "Renamed", "start": "2027-01-05T14:00",
                                               "end": "2027-01-05T15:00", "updated": "2026-11-20"})
    assert str(vevents(first, "meeting")[0]["uid"]) == str(vevents(moved, "meeting")[0]["uid"]) \
        == "meeting@wla-network.example.org"


def test_sequence_and_last_modified_come_from_updated_and_status(tmp_path: Path) -> None:
    site = site_with(
        tmp_path,
        **{"plain": {}, "changed": {"updated": "2026-11-20"}, "changed-later": {"updated": "2026-11-20T15:45"},
           "cancelled": {"status": "cancelled"},
           "cancelled-changed": {"status": "cancelled", "updated": "2026-11-20T15:45"}},
    )
    found = {slug: vevents(site, slug)[0] for slug in ("plain", "changed", "changed-later", "cancelled", "cancelled-changed")}
    sequence = {slug: int(v["sequence"]) for slug, v in found.items()}
    assert sequence["plain"] == 0 and sequence["cancelled"] == 1
    assert 0 < sequence["changed"] < sequence["changed-later"] < sequence["cancelled-changed"]
    assert "last-modified" not in found["plain"]
    # A date alone is the start of that day in London (GMT in November).
    assert found["changed"].decoded("last-modified") == datetime(2026, 11, 20, 0, 0, tzinfo=timezone.utc)
    assert found["changed-later"].decoded("last-modified") == datetime(2026, 11, 20, 15, 45, tzinfo=timezone.utc)
    assert b"LAST-MODIFIED:20261120T154500Z" in calendar.event_ics(site, site.event_by_slug["changed-later"], SITE_URL)


def test_moved_dates_share_the_series_uid_and_sequence(tmp_path: Path) -> None:
    site = site_with(tmp_path, series={
        "start": "2026-12-01T10:00", "end": "2026-12-01T11:00", "updated": "2026-11-21",
        "repeat": {"frequency": "weekly", "count": 4}, "moved": [{"from": "2026-12-08", "to": "2026-12-09"}]})
    master, moved = vevents(site, "series")
    assert str(master["uid"]) == str(moved["uid"])
    assert int(master["sequence"]) == int(moved["sequence"]) > 0
    assert moved.decoded("recurrence-id") == datetime(2026, 12, 8, 10, 0, tzinfo=master.decoded("dtstart").tzinfo)


def test_an_update_before_the_site_existed_is_a_typing_mistake(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        site_with(tmp_path, meeting={"updated": "2002-11-20"})
    assert "updated: 2002-11-20 is too early for a change to this site." in caught.value.problems.report()


def transition_years(data: bytes) -> dict[str, set[int]]:
    """The years each kind of VTIMEZONE rule (STANDARD, DAYLIGHT) starts in."""
    years: dict[str, set[int]] = {"STANDARD": set(), "DAYLIGHT": set()}
    for zone in Calendar.from_ical(data).walk("VTIMEZONE"):
        for rule in zone.subcomponents:
            starts = [rule.decoded("dtstart")]
            rdates = rule.get("rdate", [])
            for rdate in rdates if isinstance(rdates, list) else [rdates]:
                starts += [d.dt for d in rdate.dts]
            years[rule.name] |= {s.year for s in starts if not (s.month == 1 and s.day == 1)}
    return years


def test_vtimezone_covers_every_year_the_calendar_holds(tmp_path: Path) -> None:
    site = site_with(tmp_path, yearly={
        "start": "2026-12-01T10:00", "end": "2026-12-01T11:00",
        "repeat": {"frequency": "yearly", "until": "2031-12-31"}})
    for data in (calendar.event_ics(site, site.event_by_slug["yearly"], SITE_URL),
                 calendar.upcoming_calendar_ics(site, SITE_URL)):
        years = transition_years(data)
        # Summer time starts and ends in every year from the first event to the last.
        assert set(range(2026, 2032)) <= years["DAYLIGHT"], years
        assert set(range(2026, 2032)) <= years["STANDARD"], years


def test_cancelled_event_stays_in_subscriptions_while_it_would_have_been_upcoming(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p")
    project.event("called-off", start="2027-03-02T10:00", end="2027-03-02T11:00", status="cancelled",
                  updated="2026-11-20", region="london")
    project.event("series-off", start="2026-12-01T10:00", end="2026-12-01T11:00", status="cancelled",
                  repeat={"frequency": "monthly", "until": "2027-05-31"}, region="london")

    def statuses(epoch: str) -> dict[str, str]:
        project.build(epoch=epoch)
        found = {}
        for path in ("events/calendar.ics", "regions/london/calendar.ics"):
            parsed = Calendar.from_ical((project.site_dir / path).read_bytes())
            found |= {f'{path}:{str(v["uid"]).split("@")[0]}': str(v["status"]) for v in parsed.walk("VEVENT")}
        return found

    assert statuses("1795521600") == {  # 2026-11-24
        "events/calendar.ics:called-off": "CANCELLED", "events/calendar.ics:series-off": "CANCELLED",
        "regions/london/calendar.ics:called-off": "CANCELLED", "regions/london/calendar.ics:series-off": "CANCELLED",
    }
    # On 2027-04-01 the one-off event is past; the series still has a date to come (1 May).
    assert statuses("1806537600") == {
        "events/calendar.ics:series-off": "CANCELLED", "regions/london/calendar.ics:series-off": "CANCELLED",
    }

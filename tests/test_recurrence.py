"""Repeating events: the file format, its plain-English errors, and dates that agree everywhere.

The dates the site shows (event page, listing cards, JSON-LD) are checked
against what two calendar libraries that do not share our code work out from
the published `.ics` files: recurring-ical-events (which expands RRULE,
EXDATE and RECURRENCE-ID itself) and `ical` (an independent parser with its
own recurrence engine).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import pytest
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar
from wla_site.cli.main import main
from wla_site.content.problems import ContentError
from wla_site.content.site import load_site

from tests.conftest import REPO, Project, copy_content, new_project

LONDON = ZoneInfo("Europe/London")
FAR_PAST, FAR_FUTURE = datetime(2000, 1, 1, tzinfo=LONDON), datetime(2040, 1, 1, tzinfo=LONDON)

MONTHLY = {
    "title": "East Midlands network meeting",
    "kind": "network-meeting",
    "start": "2026-10-13T18:00",
    "end": "2026-10-13T19:30",
    "repeat": {"frequency": "monthly", "weekday": "tuesday", "week": 2, "until": "2027-07-31"},
    "skip": ["2026-12-08"],
    "moved": [{"from": "2027-04-13", "to": "2027-04-20"}, {"from": "2027-06-08", "to": "2027-06-09T17:00"}],
    "region": "east-midlands",
}
QUARTERLY = {
    "title": "Quarterly meeting",
    "kind": "network-meeting",
    "start": "2026-09-30T13:30",
    "end": "2026-09-30T16:00",
    "repeat": {"frequency": "quarterly", "weekday": "wednesday", "week": "last", "count": 6},
    "region": "north-west",
}
WEEKLY_ALL_DAY = {
    "title": "Learning at Work Week stand",
    "kind": "learning-at-work-week",
    "start": "2026-11-30",
    "end": "2026-11-30",
    "repeat": {"frequency": "fortnightly", "until": "2027-02-28"},
    "skip": ["2026-12-28"],
    "moved": [{"from": "2027-01-11", "to": "2027-01-12"}],
    "region": "london",
}
# The second Tuesday of each month from October 2026 to July 2027, without 8 December,
# with 13 April moved to the 20th and 8 June to 9 June at 5pm (same length: 90 minutes).
MONTHLY_STARTS = [
    datetime(2026, 10, 13, 18, 0, tzinfo=LONDON), datetime(2026, 11, 10, 18, 0, tzinfo=LONDON),
    datetime(2027, 1, 12, 18, 0, tzinfo=LONDON), datetime(2027, 2, 9, 18, 0, tzinfo=LONDON),
    datetime(2027, 3, 9, 18, 0, tzinfo=LONDON), datetime(2027, 4, 20, 18, 0, tzinfo=LONDON),
    datetime(2027, 5, 11, 18, 0, tzinfo=LONDON), datetime(2027, 6, 9, 17, 0, tzinfo=LONDON),
    datetime(2027, 7, 13, 18, 0, tzinfo=LONDON),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = new_project(tmp_path_factory.mktemp("repeat") / "project")
    project.event("monthly", **MONTHLY)
    project.event("quarterly", **QUARTERLY)
    project.event("fortnightly", **WEEKLY_ALL_DAY)
    project.build()  # today is 2026-11-24
    return project


def library_starts(ics: bytes) -> list[datetime | date]:
    """Every start recurring-ical-events finds in a calendar file, in order."""
    found = recurring_ical_events.of(Calendar.from_ical(ics)).between(FAR_PAST, FAR_FUTURE)
    return sorted((e.decoded("dtstart") for e in found), key=_key)


def ical_starts(ics: bytes) -> list[datetime | date]:
    """The same from `ical`, a separate parser and recurrence engine."""
    calendar = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    return sorted((e.dtstart for e in calendar.timeline_tz(LONDON)), key=_key)


def _key(value: datetime | date) -> tuple[date, str]:
    return (value.date(), value.isoformat()) if isinstance(value, datetime) else (value, "")


def page_dates(project: Project, slug: str) -> list[str]:
    doc = lxml.html.fromstring(project.page(f"events/{slug}/"))
    return [t.get("datetime") for t in doc.xpath('//dt[.="Next dates"]/following-sibling::dd[1]//li/time')]


def json_ld(project: Project, slug: str) -> list[dict]:
    doc = lxml.html.fromstring(project.page(f"events/{slug}/"))
    return [json.loads(s.text) for s in doc.xpath('//script[@type="application/ld+json"]')]


def test_monthly_dates_agree_with_two_independent_calendar_libraries(built: Project) -> None:
    ics = (built.site_dir / "events/monthly/event.ics").read_bytes()
    assert library_starts(ics) == MONTHLY_STARTS
    assert ical_starts(ics) == MONTHLY_STARTS
    # Times stay 6pm on the wall clock in winter (GMT) and summer (BST).
    assert [s.utcoffset() // timedelta(hours=1) for s in MONTHLY_STARTS] == [1, 0, 0, 0, 0, 1, 1, 1, 1]
    assert [s.hour for s in MONTHLY_STARTS] == [18] * 7 + [17, 18]
    # The page lists the dates still to come on the build's today (24 November 2026).
    upcoming = [s for s in MONTHLY_STARTS if s.date() >= date(2026, 11, 24)]
    assert page_dates(built, "monthly") == [s.isoformat() for s in upcoming]
    # And each moved date keeps its length.
    ends = {e.decoded("dtstart"): e.decoded("dtend") for e in
            recurring_ical_events.of(Calendar.from_ical(ics)).between(FAR_PAST, FAR_FUTURE)}
    assert all(end - start == timedelta(minutes=90) for start, end in ends.items())


def test_the_subscription_calendar_expands_to_the_same_dates(built: Project) -> None:
    ics = (built.site_dir / "regions/east-midlands/calendar.ics").read_bytes()
    assert library_starts(ics) == MONTHLY_STARTS
    everything = library_starts((built.site_dir / "events/calendar.ics").read_bytes())
    assert set(MONTHLY_STARTS) <= set(everything)


def test_quarterly_on_the_last_wednesday_with_a_count(built: Project) -> None:
    ics = (built.site_dir / "events/quarterly/event.ics").read_bytes()
    expected = [datetime(2026, 9, 30, 13, 30, tzinfo=LONDON), datetime(2026, 12, 30, 13, 30, tzinfo=LONDON),
                datetime(2027, 3, 31, 13, 30, tzinfo=LONDON), datetime(2027, 6, 30, 13, 30, tzinfo=LONDON),
                datetime(2027, 9, 29, 13, 30, tzinfo=LONDON), datetime(2027, 12, 29, 13, 30, tzinfo=LONDON)]
    assert library_starts(ics) == ical_starts(ics) == expected
    assert page_dates(built, "quarterly") == [s.isoformat() for s in expected[1:]]


def test_all_day_fortnightly_with_skip_and_move(built: Project) -> None:
    ics = (built.site_dir / "events/fortnightly/event.ics").read_bytes()
    expected = [date(2026, 11, 30), date(2026, 12, 14), date(2027, 1, 12), date(2027, 1, 25),
                date(2027, 2, 8), date(2027, 2, 22)]
    assert library_starts(ics) == ical_starts(ics) == expected
    assert page_dates(built, "fortnightly") == [d.isoformat() for d in expected]


def test_json_ld_gives_each_listed_date(built: Project) -> None:
    data = json_ld(built, "monthly")
    upcoming = [s for s in MONTHLY_STARTS if s.date() >= date(2026, 11, 24)]
    assert [d["startDate"] for d in data] == [s.isoformat() for s in upcoming]
    assert len({d["@id"] for d in data}) == len(data)
    moved = [d for d in data if d["eventStatus"].endswith("EventRescheduled")]
    assert [(d["startDate"], d["previousStartDate"]) for d in moved] == [
        ("2027-04-20T18:00:00+01:00", "2027-04-13T18:00:00+01:00"),
        ("2027-06-09T17:00:00+01:00", "2027-06-08T18:00:00+01:00"),
    ]
    assert all(d["endDate"] > d["startDate"] for d in data)


def test_listing_cards_show_the_next_dates_and_sort_by_them(built: Project) -> None:
    doc = lxml.html.fromstring(built.page("events/"))
    cards = doc.xpath('//h2[@id="upcoming"]/following-sibling::ul[1]/li')
    titles = [" ".join(c.cssselect("h3")[0].text_content().split()) for c in cards]
    # By next date: fortnightly (30 Nov), quarterly (30 Dec), monthly (12 Jan).
    assert titles == ["Learning at Work Week stand", "Quarterly meeting", "East Midlands network meeting"]
    monthly = " ".join(cards[2].text_content().split())
    assert "The second Tuesday of every month, 6pm to 7:30pm, until 13 July 2027" in monthly
    assert "Next: Tuesday 12 January 2027; Tuesday 9 February 2027; Tuesday 9 March 2027" in monthly
    doc = lxml.html.fromstring(built.page("events/monthly/"))
    dates = [" ".join(li.text_content().split()) for li in doc.xpath('//dt[.="Next dates"]/following-sibling::dd[1]//li')]
    assert "Tuesday 20 April 2027, 6pm to 7:30pm (moved from Tuesday 13 April 2027)" in dates
    assert doc.xpath('//dt[.="No meeting on"]/following-sibling::dd[1]')[0].text_content() == "Tuesday 8 December 2026"


def test_sample_recurring_events_agree_with_the_library() -> None:
    site = load_site(REPO, today=date(2026, 11, 24))
    from wla_site.render import calendar

    repeating = [e for e in site.events if e.repeat is not None]
    assert len(repeating) >= 2
    for event in repeating:
        ics = calendar.event_ics(site, event, "https://wla-network.example.org/")
        assert library_starts(ics) == [o.start for o in event.occurrences], event.slug


def errors(tmp_path: Path, **fields) -> str:
    root = copy_content(tmp_path)
    project = Project(root)
    project.event("repeating", **{**MONTHLY, **fields})
    with pytest.raises(ContentError) as caught:
        load_site(root, today=date(2026, 11, 24))
    return caught.value.problems.report()


@pytest.mark.parametrize(("fields", "expected"), [
    ({"start": "2026-10-14T18:00", "end": "2026-10-14T19:30"},
     "repeat: `start` is Wednesday 14 October 2026, which is not the second "
     "Tuesday of every month. Make `start` the date of the first meeting. The first after it is Tuesday "
     "10 November 2026."),
    ({"repeat": {"frequency": "montly", "weekday": "tuesday", "week": 2, "until": "2027-07-31"}},
     'repeat.frequency: "montly" is not a frequency. Did you mean "monthly"?'),
    ({"repeat": {"frequency": "monthly", "weekday": "tuesday", "week": 2}},
     "repeat: Say when the meetings stop: add `until:` (the last date, like 2027-07-31) or `count:` "
     "(how many meetings, like 6)."),
    ({"repeat": {"frequency": "monthly", "weekday": "tuesday", "until": "2027-07-31"}},
     "repeat: Say which Tuesday of the month with `week`: 1, 2, 3, 4 or last."),
    ({"repeat": {"frequency": "monthly", "weekday": "tuesday", "week": 6, "until": "2027-07-31"}},
     'repeat.week: "6" is not a week of the month. Write 1, 2, 3 or 4 (2 means the second), or last.'),
    ({"repeat": {"frequency": "weekly", "week": 2, "until": "2027-07-31"}},
     "repeat: `week` is only for monthly or quarterly meetings"),
    ({"repeat": {"frequency": "weekly", "until": "2035-07-31"}},
     "repeat: This gives more than 200 meetings, the most one file may have."),
    ({"skip": ["2026-12-09"]},
     "skip: Wednesday 9 December 2026 is not a date of this meeting, which is the second Tuesday of every "
     "month. Did you mean Tuesday 8 December 2026 (2026-12-08)?"),
    ({"moved": [{"from": "2026-12-08", "to": "2026-12-15"}]},
     "moved: Tuesday 8 December 2026 is in `skip` and in `moved`. A meeting is skipped or moved, not both."),
    ({"moved": [{"from": "2027-01-12", "to": "next week"}]},
     'moved[1].to: "next week" is not a date and time.'),
    ({"repeat": None},
     "skip: `skip` is only for an event that repeats. Add `repeat:` (how often it happens), or remove `skip`."),
])
def test_plain_english_errors(tmp_path: Path, fields: dict, expected: str) -> None:
    report = errors(tmp_path, **fields)
    assert expected in report, report
    for jargon in ("mapping", "scalar", "Traceback", "rrule", "literal_error", "input_value"):
        assert jargon not in report


def test_every_problem_in_one_run_on_its_line(tmp_path: Path) -> None:
    report = errors(tmp_path, repeat={"frequency": "montly", "until": "2027-07-31"},
                    moved=[{"from": "2027-01-12"}], kind="not-a-kind")
    lines = [line.strip() for line in report.splitlines()]
    assert any(line.startswith("events/repeating.yml, line ") and "repeat.frequency:" in line for line in lines)
    assert any(line.startswith("events/repeating.yml, line ") and "moved[1].to: this field is required" in line for line in lines)
    assert "kind:" in report


def test_schema_describes_repeat(tmp_path: Path) -> None:
    schema = json.loads((REPO / "schemas/event.schema.json").read_text(encoding="utf-8"))
    repeat = schema["definitions"]["Repeat"]["properties"]
    assert repeat["frequency"]["enum"] == ["weekly", "fortnightly", "monthly", "quarterly", "yearly"]
    assert "from" in schema["definitions"]["Move"]["properties"]
    assert main(["--root", str(REPO), "schema", "--check"]) == 0


def test_contributing_quotes_the_messages_the_check_prints(tmp_path: Path) -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## Events, field by field", 1)[1].split("\n## ", 1)[0]
    fragments = [line.split("`")[1] for line in section.splitlines() if line.startswith("| `") and "How to fix" not in line
                 and "→" not in line and line.count("|") == 3]
    assert len(fragments) == 4
    root = copy_content(tmp_path)
    project = Project(root)
    project.event("wrong-start", **{**MONTHLY, "start": "2026-10-14T18:00", "end": "2026-10-14T19:00"})
    project.event("no-end", **{**MONTHLY, "repeat": {"frequency": "monthly", "weekday": "tuesday", "week": 2}})
    project.event("bad-skip", **{**MONTHLY, "skip": ["2026-12-09"]})
    project.event("no-week", **{**MONTHLY, "repeat": {"frequency": "monthly", "weekday": "tuesday", "until": "2027-07-31"}})
    with pytest.raises(ContentError) as caught:
        load_site(root, today=date(2026, 11, 24))
    report = caught.value.problems.report()
    for fragment in fragments:
        assert fragment in report, fragment


def test_add_to_calendar_links_repeat_too(tmp_path: Path) -> None:
    from urllib.parse import parse_qs, urlsplit

    from wla_site import publish

    root = copy_content(tmp_path)
    Project(root).event("repeating", **MONTHLY)
    site = load_site(root, today=date(2026, 11, 24))
    event = site.event_by_slug["repeating"]
    html = publish.event_calendar_links(site, event, "events/repeating/", "https://wla-network.example.org/")
    links = {a.text_content(): a.get("href") for a in lxml.html.fragment_fromstring(html, create_parent="p").xpath("//a")}
    google = parse_qs(urlsplit(links["Add to Google Calendar"]).query)
    assert google["recur"] == ["RRULE:FREQ=MONTHLY;UNTIL=20270731T225959Z;BYDAY=2TU"]
    assert google["dates"] == ["20261013T170000Z/20261013T183000Z"]
    # Outlook's form cannot repeat an event: it adds the event's calendar file, every date in it.
    outlook = urlsplit(links["Add to Outlook"])
    assert (outlook.netloc, outlook.path) == ("outlook.live.com", "/calendar/0/addfromweb")
    assert parse_qs(outlook.query)["url"] == ["https://wla-network.example.org/events/repeating/event.ics"]

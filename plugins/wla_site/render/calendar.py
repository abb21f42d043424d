"""Events as iCalendar: one `.ics` file per event and a subscribable calendar.

Each event becomes a VEVENT with a stable UID (`<slug>@<site host>`), times in
the site's zone (`Europe/London` unless mkdocs.yml says otherwise) with the VTIMEZONE that defines it, all-day
events as dates with the exclusive end day the standard asks for, and a
DTSTAMP that is the build's time (`SOURCE_DATE_EPOCH`), as the standard asks,
so two builds of the same commit write the same bytes. The same times feed the "Add to
Google Calendar" and "Add to Outlook" links, which need UTC.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from urllib.parse import urlencode, urlsplit

from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from wla_site import subscriptions, urls
from wla_site.content.models import Event
from wla_site.content.recurrence import day_of, rrule_text
from wla_site.content.site import Site
from wla_site.formatting import event_when, html_text, local_start_end, uk_date

PRODID = "-//Workplace Learning Advocates//WLA site engine//EN"
CALENDAR_PATH = urls.path("calendar")
CALENDAR_NAME = subscriptions.CALENDAR_NAME
CALENDAR_DESCRIPTION = "Upcoming events of the Workplace Learning Advocates network."
REFRESH = timedelta(hours=12)
"""How often subscribers' calendar apps are asked to fetch the calendar again."""

DEFAULT_LENGTH = timedelta(hours=1)
"""How long a timed event without an end is shown in Google and Outlook links."""

_STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}
_PREFIX = {"scheduled": "", "cancelled": "Cancelled: ", "postponed": "Postponed: "}


def event_ics_path(event: Event) -> str:
    """Where an event's own calendar file lives, relative to the site root."""
    return urls.path("event-ics", slug=event.slug)


def event_page_path(event: Event) -> str:
    return urls.path("event", slug=event.slug)


def event_uid(event: Event, site_url: str) -> str:
    """A UID that stays the same for as long as the event's file name does."""
    host = urlsplit(site_url).hostname or "wla-network"
    return f"{event.slug}@{host}"


def exclusive_end_day(event: Event) -> date:
    """The day after an all-day event's last day (its first date's, if it repeats): calendars count all-day ends exclusively."""
    return day_of(event.end if event.end is not None else event.start) + timedelta(days=1)


def event_location(event: Event) -> str:
    """The venue and address on one line, or where to join online."""
    if event.location is not None:
        where = event.location
        parts = [where.venue, where.address, where.town + (f" {where.postcode}" if where.postcode else "")]
        text = ", ".join(p for p in parts if p)
        return f"{text} (and online)" if event.online else text
    if event.online and event.status == "scheduled":
        return f"Online: {event.online}"
    return "Online"


def event_description(site: Site, event: Event, page_url: str | None = None) -> str:
    """The event in plain text: summary, description, cost, booking and page links."""
    parts = [event.summary]
    details = html_text(site.html(event))
    if details:
        parts.append(details)
    facts = [f"Organiser: {event.organiser}"]
    if event.schedule is not None:
        facts.insert(0, f"When: {event_when(event)}")
    if event.cost:
        facts.append(f"Cost: {event.cost}")
    if event.status == "scheduled":
        if event.booking:
            facts.append(f"Book: {event.booking.removeprefix('mailto:')}")
        if event.online:
            facts.append(f"Join online: {event.online}")
        if event.moved_from is not None:
            facts.insert(0, f"This event has a new date. It was planned for {uk_date(event.moved_from, True)}.")
    elif event.status == "cancelled":
        facts.insert(0, "This event has been cancelled.")
    else:
        facts.insert(0, "This event has been postponed. A new date will be announced.")
    parts.append("\n".join(facts))
    if page_url:
        parts.append(f"More information: {page_url}")
    return "\n\n".join(parts)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def _stamp(site: Site) -> datetime:
    """DTSTAMP: when this calendar was made, that is the build's time (SOURCE_DATE_EPOCH), in UTC.

    Not the event's start: calendar apps read DTSTAMP as the moment the information was
    current, and an event's start lies in the future.
    """
    return _utc(site.built_at or datetime.now(tz=timezone.utc)).replace(microsecond=0)


def _times(component: VEvent, start: date | datetime, end: date | datetime | None) -> None:
    """DTSTART and DTEND: local times with their zone, or days with the exclusive end day."""
    component.add("dtstart", start)
    if isinstance(start, datetime):
        if end is not None:
            component.add("dtend", end)
    else:
        last = end if end is not None else start
        component.add("dtend", day_of(last) + timedelta(days=1))
        component.add("transp", "TRANSPARENT")


def vevent(site: Site, event: Event, site_url: str) -> VEvent:
    """One event as an iCalendar VEVENT (a repeating event's first date, with its RRULE and EXDATEs)."""
    page_url = site_url + event_page_path(event)
    start, end = local_start_end(site.timezone, event)
    component = VEvent()
    component.add("uid", event_uid(event, site_url))
    component.add("dtstamp", _stamp(site))
    _times(component, start, end)
    schedule = event.schedule
    if schedule is not None:
        component.add("rrule", schedule.ical())
        for skipped in event.skipped_starts:
            component.add("exdate", _local(site, skipped))
    _describe(site, event, component, page_url)
    return component


def vevents(site: Site, event: Event, site_url: str) -> list[VEvent]:
    """An event as VEVENTs: the event itself, then one for each date of it that was moved.

    A moved date keeps the event's UID and names the date it replaces in
    RECURRENCE-ID, so calendar apps move that one meeting and no other.
    """
    components = [vevent(site, event, site_url)]
    page_url = site_url + event_page_path(event)
    for occurrence in event.occurrences:
        if not occurrence.moved:
            continue
        moved = VEvent()
        moved.add("uid", event_uid(event, site_url))
        moved.add("dtstamp", _stamp(site))
        moved.add("recurrence-id", _local(site, occurrence.original))
        _times(moved, _local(site, occurrence.start), _local(site, occurrence.end) if occurrence.end else None)
        _describe(site, event, moved, page_url)
        components.append(moved)
    return components


def _local(site: Site, value: date | datetime) -> date | datetime:
    return value.astimezone(site.timezone) if isinstance(value, datetime) else value


def _describe(site: Site, event: Event, component: VEvent, page_url: str) -> None:
    component.add("summary", _PREFIX[event.status] + event.title)
    component.add("description", event_description(site, event, page_url))
    component.add("location", event_location(event))
    component.add("url", page_url)
    component.add("status", _STATUS[event.status])
    component.add("sequence", sequence(event))
    if isinstance(event.updated, datetime):  # the model makes every `updated` a moment
        component.add("last-modified", _utc(event.updated))
    component.add("categories", [site.label("event_kinds", event.kind)])


SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)


def sequence(event: Event) -> int:
    """The event's revision number, which calendar apps use to tell a change from an old copy.

    It comes from the content alone, so every build agrees: the minutes from
    2020 to the event's `updated` moment (0 without one), plus one when the
    event is cancelled or postponed. Each later `updated` gives a larger number.
    """
    updated = event.updated
    revision = int((updated - SEQUENCE_EPOCH).total_seconds() // 60) if isinstance(updated, datetime) else 0
    return revision + (0 if event.status == "scheduled" else 1)


def calendar_ics(site: Site, events: list[Event], site_url: str, *, name: str = CALENDAR_NAME,
                 description: str = CALENDAR_DESCRIPTION, cache: dict[str, bytes] | None = None) -> bytes:
    """A VCALENDAR of `events`, with the VTIMEZONE its times refer to.

    Each event's VEVENTs are written out once and kept in `cache` for the next
    calendar that holds them (its own file, the network's, its region's, the
    national ones in every region's): the calendar is its properties, the
    zone and those bytes.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", site.timezone.key)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")  # the same REFRESH, for older clients
    head = calendar.to_ical()
    parts = [head[: -len(_END)]]
    if events:
        # Every time is written in the site's zone (see `vevent`), so that is the one VTIMEZONE,
        # with the zone's rules only for the years the events span: small, and fixed by the content.
        if not all(e.all_day for e in events):
            first = min(e.first_day for e in events)
            last = max(e.last_day for e in events)
            parts.append(_vtimezone(site.timezone.key, date(first.year - 1, 1, 1), date(last.year + 2, 1, 1)))
        for event in events:
            written = cache.get(event.slug) if cache is not None else None
            if written is None:
                written = b"".join(component.to_ical() for component in vevents(site, event, site_url))
                if cache is not None:
                    cache[event.slug] = written
            parts.append(written)
    else:
        # A calendar must hold at least one component (RFC 5545): with no events yet, the
        # zone new events will use, so subscribers' apps keep the calendar until they come.
        year = site.today.year
        parts.append(_vtimezone(site.timezone.key, date(year - 1, 1, 1), date(year + 2, 1, 1)))
    parts.append(_END)
    return b"".join(parts)


_END = b"END:VCALENDAR\r\n"


@lru_cache(maxsize=64)
def _vtimezone(tzid: str, first: date, last: date) -> bytes:
    """The VTIMEZONE of a zone over a span of years; worked out and written once, shared by every file."""
    return bytes(Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical())


def event_ics(site: Site, event: Event, site_url: str, cache: dict[str, bytes] | None = None) -> bytes:
    """The calendar file of one event, for "Add to calendar"."""
    return calendar_ics(site, [event], site_url, name=event.title, description=event.summary, cache=cache)


def upcoming_calendar_ics(site: Site, site_url: str, cache: dict[str, bytes] | None = None) -> bytes:
    """Every upcoming event (cancelled ones too, so subscribers see the change)."""
    return calendar_ics(site, site.upcoming_events(), site_url, cache=cache)


def region_calendar_ics(site: Site, region: str, site_url: str, cache: dict[str, bytes] | None = None) -> bytes:
    """A region's upcoming events and the national ones (every region's subscribers want those)."""
    name = site.label("regions", region)
    where = "national events of the network" if region == "national" else f"events in {name}, and national events"
    return calendar_ics(site, site.region_calendar_events(region), site_url, name=f"{CALENDAR_NAME}: {name}",
                        description=f"Upcoming WLA {where}.", cache=cache)


def theme_calendar_ics(site: Site, theme: str, site_url: str, cache: dict[str, bytes] | None = None) -> bytes:
    """Upcoming events about one theme."""
    name = site.label("themes", theme)
    return calendar_ics(site, site.upcoming_theme_events(theme), site_url, name=f"{CALENDAR_NAME}: {name}",
                        description=f"Upcoming WLA events about {name}.", cache=cache)


# --- links to web calendars ------------------------------------------------------------------


def _web_times(site: Site, event: Event) -> tuple[date | datetime, date | datetime]:
    """Start and end for web calendars: UTC times, or days with an exclusive end."""
    start, end = event.start, event.end
    if not isinstance(start, datetime):
        return start, exclusive_end_day(event)
    finish = end if isinstance(end, datetime) else start + DEFAULT_LENGTH
    return _utc(start), _utc(finish)


def _details(event: Event) -> str:
    lines = [event.summary]
    if event.booking:
        lines.append(f"Book: {event.booking.removeprefix('mailto:')}")
    if event.online:
        lines.append(f"Join online: {event.online}")
    return "\n\n".join(lines)


def google_calendar_url(site: Site, event: Event) -> str:
    """Google Calendar's "add event" form, filled in (times in UTC, all-day as dates)."""
    start, end = _web_times(site, event)
    if isinstance(start, datetime) and isinstance(end, datetime):
        dates = f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"
    else:
        dates = f"{start:%Y%m%d}/{end:%Y%m%d}"
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "details": _details(event),
        "location": event_location(event),
        "ctz": site.timezone.key,
    }
    schedule = event.schedule
    if schedule is not None:
        # Google repeats the event by the same rule; skipped and moved dates need the .ics file.
        query["recur"] = "RRULE:" + rrule_text(schedule.ical())
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_calendar_url(site: Site, event: Event, site_url: str = "") -> str:
    """Outlook on the web's "new event" form, filled in (times in UTC).

    Outlook's form cannot repeat an event, so a repeating one (given the
    site's address) is added from its calendar file instead, every date in it.
    """
    if event.schedule is not None and site_url:
        full = site_url + event_ics_path(event)
        return "https://outlook.live.com/calendar/0/addfromweb?" + urlencode({"url": full, "name": event.title})
    start, end = _web_times(site, event)
    all_day = not isinstance(start, datetime)
    if isinstance(start, datetime) and isinstance(end, datetime):
        startdt, enddt = f"{start:%Y-%m-%dT%H:%M:%SZ}", f"{end:%Y-%m-%dT%H:%M:%SZ}"
    else:
        startdt, enddt = start.isoformat(), end.isoformat()
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": startdt,
        "enddt": enddt,
        "allday": "true" if all_day else "false",
        "body": _details(event),
        "location": event_location(event),
    }
    return "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(query)

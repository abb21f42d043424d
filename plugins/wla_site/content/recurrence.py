"""Repeating events: the dates a `repeat:` rule gives, and how to say it in words and in iCalendar.

A Lead WLA describes a meeting that repeats in the terms people use ("the
second Tuesday of every month until July"); `Schedule` holds that rule and
expands it with python-dateutil's `rrule`, which follows the iCalendar
RRULE rules the calendar file carries, so the dates the site shows and the
dates calendar apps work out are the same. Times stay wall-clock times in the
site's zone: a 6pm meeting is at 6pm in winter and in summer. This module
knows nothing of the content models, so the models can use it to check a
file and the renderers to show one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from itertools import islice
from typing import Any

from dateutil import rrule

When = date | datetime

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
FREQUENCIES: dict[str, tuple[int, int, str]] = {
    "weekly": (rrule.WEEKLY, 1, "WEEKLY"),
    "fortnightly": (rrule.WEEKLY, 2, "WEEKLY"),
    "monthly": (rrule.MONTHLY, 1, "MONTHLY"),
    "quarterly": (rrule.MONTHLY, 3, "MONTHLY"),
    "yearly": (rrule.YEARLY, 1, "YEARLY"),
}
"""Each frequency a file may give: dateutil's frequency, its interval, and iCalendar's FREQ."""

MONTHLY_KINDS = ("monthly", "quarterly")
"""Frequencies that may name a weekday of a week of the month ("the second Tuesday")."""

WEEKS = (1, 2, 3, 4, -1)
"""Weeks of the month a meeting may be in: the first to the fourth, or the last (-1)."""

MAX_OCCURRENCES = 200
"""The most dates one repeating event may have: enough for four years of weekly meetings."""

LISTED_OCCURRENCES = 12
"""How many of its next dates a repeating event's page lists, and gives search engines."""

_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
_RRULE_DAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Occurrence:
    """One date of an event: when it starts and ends, and the date the rule gave it (before a move)."""

    start: When
    end: When | None
    original: When
    """The start the rule gives; differs from `start` when the date was moved."""

    @property
    def moved(self) -> bool:
        return self.start != self.original

    @property
    def first_day(self) -> date:
        return day_of(self.start)

    @property
    def last_day(self) -> date:
        return day_of(self.end if self.end is not None else self.start)


def day_of(value: When) -> date:
    return value.date() if isinstance(value, datetime) else value


def ordinal_day(day: int) -> str:
    """1st, 2nd, 3rd, 11th, 22nd."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


@dataclass(frozen=True)
class Schedule:
    """A repeat rule as a file gives it, anchored at the first meeting's start."""

    start: When
    frequency: str
    weekday: str | None = None
    week: int | None = None
    until: date | None = None
    count: int | None = None

    def _rule(self) -> rrule.rrule:
        freq, interval, _ = FREQUENCIES[self.frequency]
        start = self.start if isinstance(self.start, datetime) else datetime.combine(self.start, time(0))
        options: dict[str, Any] = {"dtstart": start, "interval": interval}
        if self.weekday is not None and self.frequency in MONTHLY_KINDS:
            options["byweekday"] = _RRULE_DAYS[WEEKDAYS.index(self.weekday)](self.week or 1)
        if self.count is not None:
            options["count"] = self.count
        elif self.until is not None:
            # The last day a meeting may fall on, to the end of that day (in the start's zone).
            options["until"] = datetime.combine(self.until, time(23, 59, 59), tzinfo=start.tzinfo)
        return rrule.rrule(freq, **options)  # type: ignore[arg-type]  # freq is one of rrule's own constants

    def starts(self, limit: int | None = None) -> list[When]:
        """Every start the rule gives, in order (at most `limit`); dates stay dates for all-day events."""
        found: list[datetime] = list(islice(self._rule(), limit))
        if not isinstance(self.start, datetime):
            return [moment.date() for moment in found]
        return list[When](found)

    def count_at_most(self, limit: int) -> int:
        """How many dates the rule gives, counting no further than `limit`."""
        return len(self.starts(limit))

    # --- in words ---------------------------------------------------------------------------

    def describe(self) -> str:
        """The rule as people say it: "The second Tuesday of every month"."""
        first = self.start
        weekday = f"{first:%A}"
        if self.frequency == "weekly":
            return f"Every {weekday}"
        if self.frequency == "fortnightly":
            return f"Every other {weekday}"
        if self.frequency == "yearly":
            return f"Every year on {first.day} {first:%B}"
        if self.weekday is not None:
            which = f"The {_ORDINALS[self.week or 1]} {self.weekday.capitalize()}"
        else:
            which = f"The {ordinal_day(first.day)}"
        return f"{which} of every month" if self.frequency == "monthly" else f"{which} of the month, every three months"

    # --- in iCalendar ------------------------------------------------------------------------

    def ical(self) -> dict[str, Any]:
        """The rule as an iCalendar RRULE (for icalendar's `vRecur`)."""
        _, interval, freq = FREQUENCIES[self.frequency]
        recur: dict[str, Any] = {"freq": freq}
        if interval != 1:
            recur["interval"] = interval
        if self.weekday is not None and self.frequency in MONTHLY_KINDS:
            recur["byday"] = f"{self.week or 1}{_ICAL_DAYS[WEEKDAYS.index(self.weekday)]}"
        if self.count is not None:
            recur["count"] = self.count
        elif self.until is not None:
            if isinstance(self.start, datetime):
                # RFC 5545: with a zoned DTSTART, UNTIL is a UTC time.
                last = datetime.combine(self.until, time(23, 59, 59), tzinfo=self.start.tzinfo)
                recur["until"] = last.astimezone(timezone.utc)
            else:
                recur["until"] = self.until
        return recur


def rrule_text(recur: dict[str, Any]) -> str:
    """An RRULE value (`FREQ=MONTHLY;UNTIL=20270731T225959Z;BYDAY=2TU`) from `Schedule.ical()`, as links need it."""
    parts = []
    for key in ("freq", "until", "count", "interval", "byday"):
        if key not in recur:
            continue
        value = recur[key]
        if isinstance(value, datetime):
            value = f"{value:%Y%m%dT%H%M%SZ}"
        elif isinstance(value, date):
            value = f"{value:%Y%m%d}"
        parts.append(f"{key.upper()}={value}")
    return ";".join(parts)


def occurrences(start: When, end: When | None, schedule: Schedule | None, skip: list[date],
                moved: list[tuple[date, When]]) -> list[Occurrence]:
    """Every date of an event, in order: the rule's dates, without the skipped ones, moves applied.

    A move's new date may be a date alone (the meeting keeps its usual time) or a date and time.
    """
    length = (end - start) if end is not None else None
    if schedule is None:
        return [Occurrence(start, end, start)]
    skipped = set(skip)
    moves = dict(moved)
    out: list[Occurrence] = []
    for original in schedule.starts(MAX_OCCURRENCES):
        day = day_of(original)
        if day in skipped:
            continue
        new = moves.get(day, original)
        if isinstance(original, datetime) and not isinstance(new, datetime):
            new = datetime.combine(new, original.timetz())
        finish = new + length if length is not None else None
        out.append(Occurrence(new, finish, original))
    out.sort(key=lambda o: (o.first_day, o.start.timetz().replace(tzinfo=None) if isinstance(o.start, datetime) else time(0)))
    return out

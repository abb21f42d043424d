"""Words, dates and times as the site writes them: the UK way, shared by every renderer.

Pages, feeds, calendars, search and the e-shot all show dates, times, event
times in the site's zone, addresses and labels the same way; they take them
from here rather than from each other. `html_text` turns cleaned HTML into the
plain text that calendars and the e-mail's text part carry.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from wla_site.content.markup import plain_text
from wla_site.content.models import Event
from wla_site.content.recurrence import Occurrence

NETWORK_NAME = "Workplace Learning Advocates"
"""The network's name where the site's own name is not to hand (feeds, e-mail, structured data)."""

PUBLISHER = f"{NETWORK_NAME} network"

OPEN_DATA_LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "short": "CC BY 4.0",
    "publisher": PUBLISHER,
}
"""The directory's licence: anyone may reuse it, saying it comes from the network.
The Data Package takes `name`, `title` and `path`; the directory page the short name."""

LOGO_SIZE = 144
"""The PNG logo is square, this many pixels a side (the largest an RSS image may be)."""

SIZES = {"micro": "Micro (fewer than 10 staff)", "small": "Small (10 to 49 staff)",
         "medium": "Medium (50 to 249 staff)", "large": "Large (250 staff or more)"}
DELIVERY = {"online": "Online", "in-person": "In person", "in-the-workplace": "In the workplace"}


def uk_date(value: date | datetime, weekday: bool = False) -> str:
    """1 December 2026 (or Tuesday 1 December 2026)."""
    text = f"{value.day} {value:%B %Y}"
    return f"{value:%A} {text}" if weekday else text


def month_year(value: date) -> str:
    """March 2026."""
    return f"{value:%B %Y}"


def uk_time(value: datetime) -> str:
    """10am, 2:30pm, 12 noon: the GOV.UK style."""
    if value.hour == 12 and value.minute == 0:
        return "12 noon"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def event_when(event: Event | Occurrence) -> str:
    """When an event (or one date of it) happens, in words: `Tuesday 1 December 2026, 10am to 12:30pm`.

    A repeating event is described by its rule: `The second Tuesday of every
    month, 6pm to 7pm, until 13 July 2027`; its dates are `Occurrence`s.
    """
    if isinstance(event, Event) and event.schedule is not None:
        return repeat_when(event)
    start, end = event.start, event.end
    if not isinstance(start, datetime):
        if end is None or end == start:
            return f"{uk_date(start, True)} (all day)"
        return f"{uk_date(start, True)} to {uk_date(end, True)} (all day)"
    if end is None:
        return f"{uk_date(start, True)}, {uk_time(start)}"
    assert isinstance(end, datetime)
    if end.date() == start.date():
        return f"{uk_date(start, True)}, {uk_time(start)} to {uk_time(end)}"
    return f"{uk_date(start, True)}, {uk_time(start)} to {uk_date(end, True)}, {uk_time(end)}"


def repeat_when(event: Event) -> str:
    """A repeating event's rule, times and last date in words."""
    schedule = event.schedule
    assert schedule is not None
    start, end = event.start, event.end
    if isinstance(start, datetime):
        times = uk_time(start)
        if isinstance(end, datetime):
            times += f" to {uk_time(end)}" if end.date() == start.date() else f" to {uk_time(end)} the next day"
    else:
        times = "all day"
    return f"{schedule.describe()}, {times}, until {uk_date(event.occurrences[-1].start)}"


def local_start_end(zone: ZoneInfo, event: Event) -> tuple[date | datetime, date | datetime | None]:
    """Start and end in the site's zone (dates stay dates); the end as the event file gives it."""
    start, end = event.start, event.end
    if isinstance(start, datetime):
        start = start.astimezone(zone)
    if isinstance(end, datetime):
        end = end.astimezone(zone)
    return start, end


def display_url(url: str) -> str:
    """An address as people read it: no scheme, no trailing slash."""
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def mid_sentence(label: str) -> str:
    """A label as it reads inside a sentence: "Employers" becomes "employers"; "WLAs" stays."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def size_label(value: str) -> str:
    return SIZES.get(value, value)


def delivery_label(value: str) -> str:
    return DELIVERY.get(value, value)


def delivery_list(values: Sequence[str]) -> str:
    """Ways of teaching as one phrase: "In person, in the workplace, online" (a capital only first)."""
    labels = [delivery_label(v) for v in values]
    return ", ".join([labels[0], *(label[0].lower() + label[1:] for label in labels[1:])]) if labels else ""


def tel(phone: str) -> str:
    """A phone number as a `tel:` address wants it: digits and a leading plus."""
    return re.sub(r"[^\d+]", "", phone)


_PRE = re.compile(r"<pre[^>]*>.*?</pre>", re.DOTALL)
_LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)


def html_text(html: str) -> str:
    """Cleaned HTML as readable plain text: links as `text (address)`, list items with dashes."""

    def link(match: re.Match[str]) -> str:
        href = html_lib.unescape(match.group(1))
        label = match.group(2)
        shown = plain_text(label)
        if not href or href.removeprefix("mailto:") == shown or href == shown:
            return label
        return f"{label} ({html_lib.escape(href.removeprefix('mailto:'))})"

    html = _LINK.sub(link, html)
    # Reflow: the source's line breaks mean nothing; blocks end in blank lines, items in one.
    html = _PRE.sub(lambda m: m.group(0).replace("\n", "<br>"), html)
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"<li[^>]*>\s*", "- ", html)
    html = re.sub(r"\s*</li>\s*", "\n", html)
    html = re.sub(r"\s*<br\s*/?>\s*", "\n", html)
    html = re.sub(r"\s*</(p|h[2-6]|ul|ol|blockquote|table|pre|dl)>\s*", "\n\n", html)
    html = re.sub(r"\s*</(tr|dd|dt)>\s*", "\n", html)
    html = re.sub(r"<(p|h[2-6]|ul|ol|blockquote|table|pre|dl)(\s[^>]*)?>\s*", "", html)
    text = plain_text(html)
    return "\n".join(line.strip() for line in text.splitlines()).strip()

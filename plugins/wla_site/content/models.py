"""Typed models of the content contract (`../shared/design/content-model.md`).

Each kind of content is a pydantic model whose field names are the contract.
Validation turns what a contributor wrote into clean values once, at the
boundary: text stripped, postcodes in capitals, every time made time-zone
aware, web addresses checked. Controlled values (regions, themes...) are
checked against the `Vocabulary` passed in the validation context, and every
message is written for a person, not a programmer.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from wla_site.content.problems import did_you_mean
from wla_site.content.recurrence import (
    FREQUENCIES,
    LISTED_OCCURRENCES,
    MAX_OCCURRENCES,
    MONTHLY_KINDS,
    WEEKDAYS,
    Occurrence,
    Schedule,
    day_of,
    occurrences,
)
from wla_site.settings import DEFAULT_TIMEZONE

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_PHONE_CHARS = re.compile(r"[\s()-]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\r\n\u2028\u2029\x85]+")
_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Bidi controls: marks, embeddings, overrides and isolates. Pasted, they can make a name or
title display backwards or out of order, so text shows something other than what it holds."""
_HOST = re.compile(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)+\.?$")

MULTILINE_FIELDS = {"description"}
"""Fields written in Markdown, whose line breaks matter."""

VOCABULARY_KINDS = ("regions", "sectors", "themes", "offers", "event_kinds")
DELIVERY = ("online", "in-person", "in-the-workplace")
SIZES = ("micro", "small", "medium", "large")
STATUSES = ("scheduled", "cancelled", "postponed")

Day = date  # a field called `date` hides the type inside a class body

WEB = ("http", "https")
WEB_OR_MAIL = ("http", "https", "mailto")


def is_slug(value: str) -> bool:
    return bool(_SLUG.match(value))


def check_url(value: str, schemes: tuple[str, ...] = WEB) -> str:
    """A web (or mailto) address, or a ValueError saying what is wrong.

    The address comes back with its scheme in lowercase and its site's name as
    the browser will look it up: a name with letters from outside English
    (`gоv.uk` with a Cyrillic о) is written in its ASCII form (`xn--gv-...`), so
    what a visitor reads is where the link goes. A name and @ in front of the
    site (`https://example.org@evil.example/`) is refused: it exists to hide
    the real site.
    """
    shown = value if len(value) <= 80 else value[:77] + "..."
    expected = "starting with https://" if "mailto" not in schemes else "starting with https:// (or mailto: for an email address)"
    if not value or any(c.isspace() for c in value) or _CONTROL.search(value):
        raise ValueError(f'"{shown}" is not a web address: it contains spaces. Use a full address {expected}')
    incomplete = f'"{shown}" is not a complete web address. Write it like https://www.example.org/'
    try:
        parts = urlsplit(value)
    except ValueError:  # brackets that do not pair, or look-alikes of / ? # @ : in the site's name
        raise ValueError(incomplete) from None
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        raise ValueError(f'"{shown}" is not an address we accept. Use a full address {expected}')
    rest = value[len(parts.scheme):]
    if scheme == "mailto":
        if not _EMAIL.match(parts.path):
            raise ValueError(f'"{shown}" is not an email link. Write it like mailto:events@example.org')
        return scheme + rest
    netloc = parts.netloc
    if "\\" in netloc:  # browsers read \ as /, so the site would not be what it seems
        raise ValueError(incomplete)
    if "@" in netloc:
        site = _ascii_host(netloc.rpartition("@")[2]) or netloc.rpartition("@")[2]
        raise ValueError(
            f'"{shown}" goes to {site}: the part before the @ only hides that. '
            f"Write the address without it, like https://{site}/"
        )
    host, colon, port = netloc.rpartition(":") if ":" in netloc else (netloc, "", "")
    ascii_host = _ascii_host(host)
    if not ascii_host or not _HOST.match(ascii_host) or (colon and not (port.isascii() and port.isdigit())):
        raise ValueError(incomplete)
    return f"{scheme}://{ascii_host}{colon}{port}" + rest.removeprefix("://").removeprefix(netloc)


def _ascii_host(host: str) -> str | None:
    """A site's name in the ASCII form browsers look up (IDNA: `gоv.uk` -> `xn--gv-...uk`), or None."""
    if host.isascii():
        return host.lower()
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None


class ContentModel(BaseModel):
    """Shared settings: unknown fields are errors; text is trimmed and loses control characters."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_default=False)

    @field_validator("*", mode="before")
    @classmethod
    def _clean_text(cls, value: Any, info: ValidationInfo) -> Any:
        # Control characters break XML feeds and calendars, and no one means to type them;
        # only Markdown fields keep their line breaks (a title never needs one).
        clean = _plain if info.field_name in MULTILINE_FIELDS else _one_line
        if isinstance(value, str):
            return clean(value)
        if isinstance(value, list):
            return [clean(v) if isinstance(v, str) else v for v in value]
        return value


Text = Annotated[str, Field(min_length=1)]
Summary = Annotated[str, Field(min_length=1, max_length=300)]
Title = Annotated[str, Field(min_length=1, max_length=120)]


def _vocabulary(info: ValidationInfo) -> Vocabulary | None:
    return (info.context or {}).get("vocabulary")


def _site_zone(info: ValidationInfo) -> ZoneInfo:
    return (info.context or {}).get("timezone") or ZoneInfo(DEFAULT_TIMEZONE)


def _check_term(value: str, kind: str, info: ValidationInfo) -> str:
    vocabulary = _vocabulary(info)
    if vocabulary is None:
        return value
    return vocabulary.check(kind, value)


def _term(kind: str) -> AfterValidator:
    def check(value: str, info: ValidationInfo) -> str:
        return _check_term(value, kind, info)

    return AfterValidator(check)


RegionTerm = Annotated[str, _term("regions")]
ThemeTerm = Annotated[str, _term("themes")]
OfferTerm = Annotated[str, _term("offers")]


def _check_choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value in allowed:
        return value
    hint = did_you_mean(value, allowed)
    mean = f' Did you mean "{hint}"?' if hint else ""
    raise ValueError(f'"{value}" is not a {what}.{mean} Choose one of: {", ".join(allowed)}')


def _plain(value: str) -> str:
    """Text without control characters (they break feeds and calendars)."""
    return _CONTROL.sub("", value)


def _one_line(value: str) -> str:
    """A single-line field: control and bidi characters gone, line breaks and runs of spaces made one space."""
    return _SPACES.sub(" ", _CONTROL.sub("", strip_bidi(value)))


def strip_bidi(value: str) -> str:
    """Text without bidi controls, which could make it display as something else."""
    return _BIDI.sub("", value)


class Vocabulary(ContentModel):
    """Controlled values and their labels, from `vocabulary.yml`."""

    regions: dict[str, str]
    sectors: dict[str, str]
    themes: dict[str, str]
    offers: dict[str, str]
    event_kinds: dict[str, str]

    @field_validator("*")
    @classmethod
    def _slugs_and_labels(cls, terms: dict[str, str]) -> dict[str, str]:
        for key, label in terms.items():
            if not isinstance(key, str) or not is_slug(key):
                raise ValueError(f'"{key}" must be lowercase letters, digits and hyphens, like north-west')
            if not isinstance(label, str) or not label.strip():
                raise ValueError(f'"{key}" needs a label, like `{key}: {key.replace("-", " ").title()}`')
        return terms

    def check(self, kind: str, value: str) -> str:
        terms: dict[str, str] = getattr(self, kind)
        if value in terms:
            return value
        what = {"regions": "region", "sectors": "sector", "themes": "theme", "offers": "offer",
                "event_kinds": "kind of event"}[kind]
        hint = did_you_mean(value, terms)
        mean = f' Did you mean "{hint}"?' if hint else ""
        raise ValueError(
            f'"{value}" is not a known {what}.{mean} Choose one of: {", ".join(terms)} '
            "(listed in vocabulary.yml)"
        )

    def label(self, kind: str, value: str) -> str:
        terms: dict[str, str] = getattr(self, kind)
        return terms.get(value, value)


class Item(ContentModel):
    """What every content item has beyond its fields: a slug and its source file."""

    # No defaults: pydantic then skips copying them into every new model (it adds up at 10,000 items).
    _slug: str
    _path: str
    _body: str
    _body_line: int

    if TYPE_CHECKING:
        # Every kind has these, as fields (or, for a provider, its name as `title`).
        @property
        def title(self) -> str: ...

        @property
        def summary(self) -> str: ...

    @property
    def slug(self) -> str:
        return getattr(self, "_slug", "")

    @property
    def source_path(self) -> str:
        return getattr(self, "_path", "")

    @property
    def body(self) -> str:
        """The Markdown after the front matter (empty for YAML kinds)."""
        return getattr(self, "_body", "")

    @property
    def body_line(self) -> int:
        """The line of the file the body starts on (1 for YAML kinds)."""
        return getattr(self, "_body_line", 1)

    def bind(self, slug: str, path: str, body: str = "", body_line: int = 1) -> None:
        self._slug, self._path, self._body, self._body_line = slug, path, body, body_line


# --- case studies ---------------------------------------------------------------------------


class Organisation(ContentModel):
    name: Text = Field(description="The organisation's name, as it wants to be known.")
    sector: str = Field(description="What the organisation does; a value from vocabulary.yml `sectors`.")
    size: Literal["micro", "small", "medium", "large"] | None = Field(
        None, description="micro (under 10 staff), small (under 50), medium (under 250) or large."
    )
    region: str = Field(description="Where it is; a value from vocabulary.yml `regions`.")
    town: Text | None = Field(None, description="The town or city.")
    website: str | None = Field(None, description="Its website, starting with https://")

    @field_validator("sector")
    @classmethod
    def _sector(cls, value: str, info: ValidationInfo) -> str:
        return _check_term(value, "sectors", info)

    @field_validator("region")
    @classmethod
    def _region(cls, value: str, info: ValidationInfo) -> str:
        return _check_term(value, "regions", info)

    @field_validator("size", mode="before")
    @classmethod
    def _size(cls, value: Any) -> Any:
        return _check_choice(value, SIZES, "size") if isinstance(value, str) else value

    @field_validator("website")
    @classmethod
    def _website(cls, value: str | None) -> str | None:
        return None if value is None else check_url(value)


class Person(ContentModel):
    name: Text = Field(description="The author's name.")
    role: Text | None = Field(None, description="Their role, for example Lead WLA.")


class Quote(ContentModel):
    text: Text = Field(description="What was said, without quotation marks.")
    by: Text = Field(description="Who said it: a name or a role.")


class Image(ContentModel):
    src: Text = Field(description="The image file, relative to case_studies/, e.g. images/team.jpg (PNG, JPEG or WebP).")
    alt: Text = Field(description="What the image shows, for people who cannot see it.")

    @property
    def file_name(self) -> str:
        """The image's own file name, which it keeps on the site."""
        return self.src.rsplit("/", 1)[-1]


class CaseStudy(Item):
    """A story of learning at work: `case_studies/<slug>.md`."""

    title: Title = Field(description="The headline, up to 120 characters.")
    date: Day = Field(description="Date of publication, like 2026-06-03.")
    summary: Summary = Field(description="One or two plain sentences, up to 300 characters, shown on cards and in feeds.")
    organisation: Organisation = Field(description="The workplace the story is about.")
    authors: list[Person] = Field(min_length=1, description="Who wrote it: at least one name.")
    themes: list[ThemeTerm] = Field(min_length=1, description="What it is about; values from vocabulary.yml `themes`.")
    outcomes: list[Text] = Field(default_factory=list, description="Short, measurable results.")
    quote: Quote | None = Field(None, description="A quote from someone involved.")
    image: Image | None = Field(None, description="A photo, with a description for people who cannot see it.")
    consent: Literal[True] = Field(description="Must be true: everyone named has agreed to publication.")
    draft: bool = Field(False, description="true keeps it off the published site (it shows in a preview).")

    @field_validator("themes")
    @classmethod
    def _themes(cls, values: list[str]) -> list[str]:
        return _unique(values, "theme")

    @property
    def region(self) -> str:
        return self.organisation.region


# --- events ---------------------------------------------------------------------------------


class Location(ContentModel):
    venue: Text = Field(description="The building or room.")
    address: Text | None = Field(None, description="Street address.")
    town: Text = Field(description="The town or city.")
    postcode: str | None = Field(None, description="UK postcode, like WN1 1AA.")

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str | None) -> str | None:
        return None if value is None else check_postcode(value)


def check_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value.upper())
    match = _POSTCODE.match(compact)
    if not match and compact != "GIR0AA":
        raise ValueError(f'"{value}" is not a UK postcode. Write it like WN1 1AA')
    return f"{compact[:-3]} {compact[-3:]}"


When = date | datetime

EARLIEST_UPDATE = date(2020, 1, 1)
"""No event was changed before the site existed; an earlier `updated` is a typing mistake."""


class Repeat(ContentModel):
    """How a meeting repeats, in the words people use: the second Tuesday of every month until July."""

    frequency: Literal["weekly", "fortnightly", "monthly", "quarterly", "yearly"] = Field(
        description="How often: weekly, fortnightly, monthly, quarterly (every three months) or yearly."
    )
    weekday: Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] | None = Field(
        None, description="For monthly or quarterly meetings on a weekday: monday to sunday, with `week`."
    )
    week: Literal[1, 2, 3, 4, "last"] | None = Field(
        None, description="Which week of the month, with `weekday`: 1, 2, 3, 4 or last (2 and tuesday: the second Tuesday)."
    )
    until: Day | None = Field(None, description="The last date it can happen, like 2027-07-31. Give this or `count`.")
    count: int | None = Field(None, ge=1, description="Or how many meetings there are in all, like 6.")

    @field_validator("frequency", mode="before")
    @classmethod
    def _frequency(cls, value: Any) -> Any:
        return _check_choice(value.strip().lower(), tuple(FREQUENCIES), "frequency") if isinstance(value, str) else value

    @field_validator("weekday", mode="before")
    @classmethod
    def _weekday(cls, value: Any) -> Any:
        return _check_choice(value.strip().lower(), WEEKDAYS, "day of the week") if isinstance(value, str) else value

    @field_validator("week", mode="before")
    @classmethod
    def _week(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() == "last":
            return "last"
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
            return value
        raise ValueError(f'"{value}" is not a week of the month. Write 1, 2, 3 or 4 (2 means the second), or last')

    @field_validator("count", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f'"{value}" is not a whole number. Write how many meetings there are, like 6')
        return value

    @model_validator(mode="after")
    def _complete(self) -> Repeat:
        if (self.until is None) == (self.count is None):
            if self.until is None:
                raise ValueError("say when the meetings stop: add `until:` (the last date, like 2027-07-31) "
                                 "or `count:` (how many meetings, like 6)")
            raise ValueError("give `until` or `count`, not both")
        if self.frequency in MONTHLY_KINDS:
            if self.week is not None and self.weekday is None:
                raise ValueError(f"`week: {self.week}` needs a `weekday` too, like `weekday: tuesday` "
                                 "for the second Tuesday of the month")
            if self.weekday is not None and self.week is None:
                raise ValueError(f"say which {self.weekday.capitalize()} of the month with `week`: 1, 2, 3, 4 or last")
        elif self.week is not None:
            raise ValueError(f"`week` is only for monthly or quarterly meetings; a {self.frequency} meeting "
                             "repeats on the weekday of its `start`. Remove `week`")
        elif self.weekday is not None and self.frequency == "yearly":
            raise ValueError("a yearly meeting repeats on the date of its `start`. Remove `weekday`")
        return self

    def schedule(self, start: When) -> Schedule:
        """The rule, anchored at the first meeting."""
        week = -1 if self.week == "last" else self.week
        return Schedule(start, self.frequency, self.weekday, week, self.until, self.count)


class Move(ContentModel):
    """One meeting of a repeating event held on another date."""

    model_config = ConfigDict(populate_by_name=True)

    from_: Day = Field(alias="from", description="The date the meeting would have been, like 2027-05-11.")
    to: When = Field(description="Its new date, like 2027-05-18, or a date and time, like 2027-05-18T17:00.")

    @field_validator("to", mode="before")
    @classmethod
    def _when(cls, value: Any, info: ValidationInfo) -> Any:
        return parse_when(value, _site_zone(info))


class Event(Item):
    """A meeting, session or week of activity: `events/<slug>.yml`."""

    title: Title = Field(description="The event's name, up to 120 characters.")
    kind: str = Field(description="What sort of event; a value from vocabulary.yml `event_kinds`.")
    summary: Summary = Field(description="One or two plain sentences, up to 300 characters.")
    start: When = Field(description="When it starts: 2026-12-01T10:00, or a date alone for an all-day event.")
    end: When | None = Field(None, description="When it ends, after the start; a date alone for all-day events.")
    repeat: Repeat | None = Field(
        None, description="For a meeting that repeats: how often and until when. `start` and `end` are the first meeting."
    )
    skip: list[Day] = Field(default_factory=list, description="Dates of a repeating meeting when it does not happen.")
    moved: list[Move] = Field(
        default_factory=list, description="Meetings of a repeating event held on another date: `from` and `to`."
    )
    moved_from: When | None = Field(
        None, description="If a one-off event has moved to a new date (now its `start`): when it was first planned for."
    )
    region: str = Field(description="Where it is; a value from vocabulary.yml `regions` (national for online-only).")
    themes: list[ThemeTerm] = Field(
        default_factory=list,
        description="What it is about (optional); values from vocabulary.yml `themes`. It then shows in those themes' feeds and calendars.",
    )
    organiser: Text = Field(description="Who runs it.")
    location: Location | None = Field(None, description="Where it happens; needed unless `online` is given.")
    online: str | None = Field(None, description="The link to join online, starting with https://")
    booking: str | None = Field(None, description="Where to book: a web address or a mailto: link.")
    cost: Text | None = Field(None, description="What it costs, e.g. Free.")
    status: Literal["scheduled", "cancelled", "postponed"] = Field(
        "scheduled", description="scheduled, cancelled or postponed."
    )
    description: str | None = Field(None, description="More about the event, in Markdown.")
    updated: When | None = Field(
        None, description="When you last changed the date, time, place or status, like 2026-11-20: "
        "calendars that subscribe to the site then show the change."
    )

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str, info: ValidationInfo) -> str:
        return _check_term(value, "event_kinds", info)

    @field_validator("region")
    @classmethod
    def _region(cls, value: str, info: ValidationInfo) -> str:
        return _check_term(value, "regions", info)

    @field_validator("themes")
    @classmethod
    def _themes(cls, values: list[str]) -> list[str]:
        return _unique(values, "theme")

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        return _check_choice(value, STATUSES, "status") if isinstance(value, str) else value

    @field_validator("online")
    @classmethod
    def _online(cls, value: str | None) -> str | None:
        return None if value is None else check_url(value)

    @field_validator("booking")
    @classmethod
    def _booking(cls, value: str | None) -> str | None:
        return None if value is None else check_url(value, WEB_OR_MAIL)

    @field_validator("start", "end", "updated", "moved_from", mode="before")
    @classmethod
    def _when(cls, value: Any, info: ValidationInfo) -> Any:
        return parse_when(value, _site_zone(info))

    @field_validator("updated")
    @classmethod
    def _a_moment(cls, value: When | None, info: ValidationInfo) -> datetime | None:
        # A date alone means the start of that day in the site's zone: calendars need a moment.
        if value is None:
            return None
        if day_of(value) < EARLIEST_UPDATE:
            raise ValueError(f"{day_of(value).isoformat()} is too early for a change to this site. "
                             "Give the date you changed the event, like 2026-11-20")
        if isinstance(value, datetime):
            return value
        return datetime(value.year, value.month, value.day, tzinfo=_site_zone(info))

    @field_validator("repeat")
    @classmethod
    def _on_the_rule(cls, value: Repeat | None, info: ValidationInfo) -> Repeat | None:
        start = info.data.get("start")
        if value is None or start is None:
            return value
        schedule = value.schedule(start)
        first = schedule.starts(1)
        if value.weekday is not None and value.frequency not in MONTHLY_KINDS and value.weekday != f"{start:%A}".lower():
            raise ValueError(f"`start` is a {start:%A}, but `weekday` says {value.weekday}. "
                             "Make `start` the first meeting, or remove `weekday`")
        if not first or day_of(first[0]) != day_of(start):
            rule = _rule_words(schedule)
            hint = f" The first after it is {_day_words(day_of(first[0]))}." if first else ""
            raise ValueError(f"`start` is {_day_words(day_of(start))}, which is not {rule}. "
                             f"Make `start` the date of the first meeting.{hint}")
        if value.until is not None and value.until < day_of(start):
            raise ValueError(f"`until` ({_day_words(value.until)}) is before `start`. Give the last date it can happen")
        if schedule.count_at_most(MAX_OCCURRENCES + 1) > MAX_OCCURRENCES:
            raise ValueError(f"this gives more than {MAX_OCCURRENCES} meetings, the most one file may have. "
                             "Set an earlier `until` (or a smaller `count`), and start a new file after it")
        return value

    @field_validator("skip")
    @classmethod
    def _skip(cls, values: list[date], info: ValidationInfo) -> list[date]:
        if not values:
            return values
        dates = _rule_days(info, "skip")
        seen: set[date] = set()
        for day in values:
            if day in seen:
                raise ValueError(f"{day.isoformat()} is listed twice")
            seen.add(day)
            if dates is not None and day not in dates:
                raise ValueError(_not_a_meeting(day, dates, info))
        return values

    @field_validator("moved")
    @classmethod
    def _moved(cls, values: list[Move], info: ValidationInfo) -> list[Move]:
        if not values:
            return values
        dates = _rule_days(info, "moved")
        skipped = set(info.data.get("skip") or [])
        start = info.data.get("start")
        seen: set[date] = set()
        for move in values:
            day = move.from_
            if day in seen:
                raise ValueError(f"the meeting of {_day_words(day)} is moved twice. Keep one move")
            seen.add(day)
            if dates is not None and day not in dates:
                raise ValueError(_not_a_meeting(day, dates, info))
            if day in skipped:
                raise ValueError(f"{_day_words(day)} is in `skip` and in `moved`. A meeting is skipped or moved, not both")
            if start is not None and not isinstance(start, datetime) and isinstance(move.to, datetime):
                raise ValueError(f"the event lasts all day, so the new date of {_day_words(day)} is a date alone, "
                                 f"like {day_of(move.to).isoformat()}")
        return values

    @field_validator("moved_from")
    @classmethod
    def _moved_from(cls, value: When | None, info: ValidationInfo) -> When | None:
        if value is None:
            return None
        if info.data.get("repeat") is not None:
            raise ValueError("`moved_from` is for a one-off event. To move one meeting of a repeating event, "
                             "use `moved` with `from` and `to`")
        start = info.data.get("start")
        if start is not None:
            if isinstance(start, datetime) != isinstance(value, datetime):
                raise ValueError("give `moved_from` like `start`: both dates with times, or both dates alone")
            if value == start:
                raise ValueError("`moved_from` is the same as `start`. Give the date the event was first planned for, "
                                 "and make `start` the new date")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Event:
        if self.location is None and self.online is None:
            raise ValueError("give a `location` (venue and town) or an `online` link to join")
        if self.end is not None:
            if isinstance(self.start, datetime) != isinstance(self.end, datetime):
                raise ValueError(
                    "`start` and `end` must both be dates (an all-day event) or both dates with times"
                )
            if self.end < self.start:
                raise ValueError("`end` must be after `start`")
        if self.repeat is not None and not self.occurrences:
            raise ValueError("every date of this event is in `skip`: there is no meeting left to show")
        return self

    # --- dates ----------------------------------------------------------------------------

    _upcoming: list[Occurrence]
    _today: date

    @property
    def schedule(self) -> Schedule | None:
        """The repeat rule, anchored at `start`, if the event repeats."""
        return self.repeat.schedule(self.start) if self.repeat is not None else None

    @cached_property
    def occurrences(self) -> list[Occurrence]:
        """Every date the event happens, in order: one for a one-off event, the rule's for a repeating one."""
        moves = [(m.from_, m.to) for m in self.moved]
        return occurrences(self.start, self.end, self.schedule, self.skip, moves)

    @property
    def skipped_starts(self) -> list[When]:
        """The starts the rule gives on the skipped dates (the calendar's EXDATE)."""
        schedule = self.schedule
        if schedule is None or not self.skip:
            return []
        skipped = set(self.skip)
        return [s for s in schedule.starts(MAX_OCCURRENCES) if day_of(s) in skipped]

    def bind_today(self, today: date) -> None:
        """Remember which dates are still to come on the build's "today" (the `Site` calls this)."""
        self._today = today
        self._upcoming = [o for o in self.occurrences if o.last_day >= today]

    @property
    def upcoming_occurrences(self) -> list[Occurrence]:
        """The dates still to come on the build's "today", soonest first (all of them before the Site binds it)."""
        return getattr(self, "_upcoming", self.occurrences)

    @property
    def listed_occurrences(self) -> list[Occurrence]:
        """The dates its page lists and gives search engines: the next few, or the last if all have passed."""
        return self.upcoming_occurrences[:LISTED_OCCURRENCES] or self.occurrences[-1:]

    @property
    def upcoming_skips(self) -> list[date]:
        """Skipped dates still to come on the build's "today" (every one before the Site binds it)."""
        today = getattr(self, "_today", None)
        return sorted(d for d in self.skip if today is None or d >= today)

    @property
    def next_occurrence(self) -> Occurrence:
        """The next date to come, or the last one when all have passed."""
        upcoming = self.upcoming_occurrences
        return upcoming[0] if upcoming else self.occurrences[-1]

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def first_day(self) -> date:
        return self.occurrences[0].first_day

    @property
    def last_day(self) -> date:
        """The day the event (its last date, if it repeats) ends, which decides whether it is still upcoming."""
        return max(o.last_day for o in self.occurrences)

    @property
    def sort_key(self) -> tuple[date, time, str]:
        return _occurrence_key(self.occurrences[0], self.slug)

    @property
    def upcoming_sort_key(self) -> tuple[date, time, str]:
        """Where the event goes in a list of what is to come: at its next date."""
        return _occurrence_key(self.next_occurrence, self.slug)

    @property
    def is_online_only(self) -> bool:
        return self.location is None


def _occurrence_key(occurrence: Occurrence, slug: str) -> tuple[date, time, str]:
    start = occurrence.start
    start_time = start.timetz().replace(tzinfo=None) if isinstance(start, datetime) else time(0)
    return (occurrence.first_day, start_time, slug)


def _rule_words(schedule: Schedule) -> str:
    """The rule in words, inside a sentence: "the second Tuesday of every month"."""
    words = schedule.describe()
    return words[:1].lower() + words[1:]


def _day_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _rule_days(info: ValidationInfo, field: str) -> set[date] | None:
    """The dates a repeating event's rule gives, for checking `skip` and `moved` (None if unknown)."""
    if "repeat" not in info.data or "start" not in info.data:
        return None  # already reported
    repeat: Repeat | None = info.data["repeat"]
    if repeat is None:
        raise ValueError(f"`{field}` is only for an event that repeats. Add `repeat:` (how often it happens), "
                         f"or remove `{field}`")
    return {day_of(s) for s in repeat.schedule(info.data["start"]).starts(MAX_OCCURRENCES)}


def _not_a_meeting(day: date, dates: set[date], info: ValidationInfo) -> str:
    repeat: Repeat = info.data["repeat"]
    rule = _rule_words(repeat.schedule(info.data["start"]))
    nearest = min(dates, key=lambda d: (abs((d - day).days), d))
    return (f"{_day_words(day)} is not a date of this meeting, which is {rule}. "
            f"Did you mean {_day_words(nearest)} ({nearest.isoformat()})?")


def parse_when(value: Any, zone: ZoneInfo) -> Any:
    """A date stays a date (all day); a date and time becomes aware, in the site's zone if naive."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text) if ("T" in text or " " in text) else date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f'"{text}" is not a date and time. Write it like 2026-12-01T10:00 (or 2026-12-01 for all day)'
            ) from None
    if isinstance(value, datetime):
        return value.replace(tzinfo=zone) if value.tzinfo is None else value
    if isinstance(value, date):
        return value
    raise ValueError(
        f'"{value}" is not a date and time. Write it like 2026-12-01T10:00 (or 2026-12-01 for all day)'
    )


# --- newsletters ----------------------------------------------------------------------------


class Features(ContentModel):
    case_studies: list[str] = Field(default_factory=list, description="Slugs of case studies to feature.")
    events: list[str] = Field(default_factory=list, description="Slugs of events to feature.")


class NewsletterIssue(Item):
    """One issue of the e-shot: `newsletters/<slug>.md`."""

    title: Title = Field(description="The issue's title, like WLA e-shot, December 2026.")
    issue: int = Field(gt=0, description="The issue number: a whole number, one more than the last issue.")
    date: Day = Field(description="Date of the issue, like 2026-12-01.")
    summary: Summary = Field(description="One or two plain sentences, up to 300 characters.")
    features: Features = Field(default_factory=Features, description="Case studies and events to show in this issue.")
    draft: bool = Field(False, description="true keeps it off the published site and feed.")

    @field_validator("issue", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f'"{value}" is not a whole number. Write the issue number, like 14')
        return value


# --- providers ------------------------------------------------------------------------------


class Address(ContentModel):
    street: Text | None = Field(None, description="Street address.")
    town: Text = Field(description="The town or city.")
    postcode: str | None = Field(None, description="UK postcode, like WN1 1AA.")

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str | None) -> str | None:
        return None if value is None else check_postcode(value)


DeliveryMode = Annotated[
    Literal["online", "in-person", "in-the-workplace"],
    BeforeValidator(lambda v: _check_choice(v, DELIVERY, "way of delivering courses") if isinstance(v, str) else v),
]


class Provider(Item):
    """A learning provider in the directory: `providers/<slug>.yml`."""

    name: Text = Field(description="The provider's name.")
    summary: Summary = Field(description="What it offers, in one or two plain sentences (up to 300 characters).")
    website: str = Field(description="Its website, starting with https://")
    email: str | None = Field(None, description="An email address for enquiries.")
    phone: str | None = Field(None, description="A UK phone number, like 01234 567890.")
    address: Address | None = Field(None, description="Where it is.")
    regions: list[RegionTerm] = Field(min_length=1, description="Regions it serves; values from vocabulary.yml `regions`.")
    delivery: list[DeliveryMode] = Field(
        min_length=1, description="How it teaches: online, in-person, in-the-workplace."
    )
    offers: list[OfferTerm] = Field(min_length=1, description="What it offers; values from vocabulary.yml `offers`.")
    funded: bool = Field(False, description="true if it offers free or funded courses.")
    verified: Day | None = Field(
        None, description="The date someone last checked these details with the provider, like 2026-03-02."
    )

    @field_validator("website")
    @classmethod
    def _website(cls, value: str) -> str:
        return check_url(value)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise ValueError(f'"{value}" is not an email address. Write it like courses@example.org')
        return value

    @field_validator("phone", mode="before")
    @classmethod
    def _phone(cls, value: Any) -> Any:
        if isinstance(value, int):
            raise ValueError("put the phone number in quotes, like \"01234 567890\", so the leading 0 is kept")
        if isinstance(value, str):
            value = strip_bidi(value)  # numbers copied from a contact card often come wrapped in them
            digits = _PHONE_CHARS.sub("", value)
            if digits.startswith("+44"):
                digits = "0" + digits[3:]
            if not re.fullmatch(r"0[0-9]{9,10}", digits):  # [0-9]: \d would let in other scripts' digits
                raise ValueError(f'"{value}" is not a UK phone number. Write it like 01234 567890')
            return value.strip()
        return value

    @field_validator("regions")
    @classmethod
    def _regions(cls, values: list[str]) -> list[str]:
        return _unique(values, "region")

    @field_validator("offers")
    @classmethod
    def _offers(cls, values: list[str]) -> list[str]:
        return _unique(values, "offer")

    @field_validator("delivery")
    @classmethod
    def _delivery(cls, values: list[str]) -> list[str]:
        return _unique(values, "way of delivering courses")

    @property
    def title(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return "national" in self.regions


def _unique(values: list[str], what: str) -> list[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f'the {what} "{value}" is listed twice')
        seen.add(value)
    return values




__all__ = [
    "CaseStudy", "Event", "NewsletterIssue", "Provider", "Vocabulary",
    "check_url", "is_slug",
]

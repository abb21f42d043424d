"""The network's activity at a glance: the figures of `/activity/`, counted from the `Site`.

Four charts, each drawn at build time as inline SVG by `figures.charts`, with a
title, a one-sentence summary and a table of the same figures for screen
readers: events per month over the past two years and what is booked ahead,
case studies per region, providers per region and the themes case studies are
about. Counts depend only on the content and the build's today, so the page
is reproducible. The counting rules are stated on the page itself:

- an event counts in the month it starts; cancelled and postponed events are
  left out; an event is "held" once it has ended and "booked" until then;
- the months run from 23 months before the build's month to the month of the
  last booked event, at most `MONTHS_AHEAD` months ahead (events booked later
  are named in the summary);
- a provider counts once in every region it serves ("National" for the
  national ones); a case study counts in its organisation's region and once
  for each of its themes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from wla_site.content.kinds import RESOURCE
from wla_site.content.models import Event
from wla_site.content.site import Site
from wla_site.figures.charts import Bar, Unit, bar_chart_svg, chart_table_html, column_chart_svg

MONTHS_BACK = 23
"""Months before the build's month that the events chart starts: two years, the current month included."""

MONTHS_AHEAD = 24
"""The furthest the events chart looks ahead for booked events."""

HELD, BOOKED = "", "booked"
"""The groups of the events chart: held events are solid bars, booked ones outlined."""

LEGEND = {HELD: "Held", BOOKED: "Booked"}

EVENTS = Unit("event", "events")
CASE_STUDIES = Unit("case study", "case studies")
PROVIDERS = Unit("provider", "providers")


@dataclass(frozen=True)
class Figure:
    """One chart on the page, with what a reader needs beside it."""

    id: str
    """The figure's heading's anchor."""
    heading: str
    summary: str
    """One sentence saying what the chart shows."""
    note: str
    """How the figures were counted."""
    chart: Markup
    table: Markup


@dataclass(frozen=True)
class Headline:
    """A total shown above the charts."""

    value: int
    one: str
    many: str

    @property
    def words(self) -> str:
        return self.one if self.value == 1 else self.many


def _month(day: date) -> tuple[int, int]:
    return day.year, day.month


def _add_months(month: tuple[int, int], n: int) -> tuple[int, int]:
    index = month[0] * 12 + month[1] - 1 + n
    return index // 12, index % 12 + 1


def _month_name(month: tuple[int, int], style: str = "%B %Y") -> str:
    return date(month[0], month[1], 1).strftime(style)


def counted_events(site: Site) -> list[Event]:
    """The events the activity page counts: all but the cancelled and postponed."""
    return [e for e in site.events if e.status == "scheduled"]


def events_per_month(site: Site) -> tuple[list[Bar], int]:
    """A bar per month (two for a month with held and booked events); and how many are booked later."""
    this_month = _month(site.today)
    first = _add_months(this_month, -MONTHS_BACK)
    last_allowed = _add_months(this_month, MONTHS_AHEAD)
    held: Counter[tuple[int, int]] = Counter()
    booked: Counter[tuple[int, int]] = Counter()
    for event in counted_events(site):
        month = _month(event.first_day)
        (booked if site.is_upcoming(event) else held)[month] += 1
    later = sum(n for month, n in booked.items() if month > last_allowed)
    last = max([this_month, *(m for m in booked if m <= last_allowed)])
    bars: list[Bar] = []
    month = first
    while month <= last:
        label = _month_name(month)
        tick = _month_name(month, "%b %y") if month[1] in (1, 7) else ""
        past, ahead = held[month], booked[month]
        if month < this_month or (month == this_month and (past or not ahead)):
            bars.append(Bar(label, past, tick=tick, group=HELD))
            tick = ""
        if month > this_month or ahead:
            bars.append(Bar(label, ahead, tick=tick, group=BOOKED))
        month = _add_months(month, 1)
    return bars, later


def _by_count(counts: Counter[str], labels: dict[str, str]) -> list[Bar]:
    """A bar for every term, the largest first (ties in the vocabulary's order)."""
    order = list(labels)
    terms = sorted(labels, key=lambda term: (-counts[term], order.index(term)))
    return [Bar(labels[term], counts[term]) for term in terms]


def _leaders(bars: list[Bar]) -> tuple[str, int, int]:
    """The labels of the largest bars, joined in words; their count; how many there are (0 if all are 0)."""
    if not bars or not bars[0].value:
        return "", 0, 0
    names = [bar.label for bar in bars if bar.value == bars[0].value]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return joined, bars[0].value, len(names)


def _most(bars: list[Bar], unit: Unit) -> str:
    """ "North West has the most, with 4 case studies" (or "... and Wales have ... 4 case studies each")."""
    names, value, n = _leaders(bars)
    if n == 1:
        return f"{names} has the most, with {unit.count(value)}"
    return f"{names} have the most, with {unit.count(value)} each"


def _figure(id: str, heading: str, summary: str, note: str, bars: list[Bar], *, unit: Unit, label_heading: str,
            value_heading: str, columns: bool = False) -> Figure:
    if columns:
        chart = column_chart_svg(bars, title=heading, unit=unit, legend=LEGEND)
    else:
        chart = bar_chart_svg(bars, title=heading, unit=unit)
    table = chart_table_html(bars, caption=heading, label_heading=label_heading, value_heading=value_heading,
                             legend=LEGEND if columns else None)
    return Figure(id, heading, summary, note, chart, table)


def activity_figures(site: Site) -> list[Figure]:
    """The page's charts, in the order it shows them."""
    v = site.vocabulary
    months, later = events_per_month(site)
    held = sum(bar.value for bar in months if bar.group == HELD)
    booked = sum(bar.value for bar in months if bar.group == BOOKED)
    span = f"{months[0].label} to {months[-1].label}"
    summary = (f"From {span}, the network held {EVENTS.count(held)} and has {booked} more booked"
               + (f", with {later} booked after {months[-1].label}." if later else "."))
    events = _figure(
        "events-per-month", "Events per month", summary,
        "Each event counts in the month it starts. Cancelled and postponed events are left out.",
        months, unit=EVENTS, label_heading="Month", value_heading="Events", columns=True)

    cases = _by_count(Counter(c.organisation.region for c in site.case_studies), v.regions)
    case_regions = _figure(
        "case-studies-per-region", "Case studies per region",
        f"Of {CASE_STUDIES.count(len(site.case_studies))}, {_most(cases, CASE_STUDIES)}."
        if site.case_studies else "There are no case studies yet.",
        "Each case study counts in its organisation's region.",
        cases, unit=CASE_STUDIES, label_heading="Region", value_heading="Case studies")

    providers = _by_count(Counter(r for p in site.providers for r in p.regions), v.regions)
    provider_regions = _figure(
        "providers-per-region", "Learning providers per region",
        f"Of the {PROVIDERS.count(len(site.providers))} in the directory, {_most(providers, PROVIDERS)}."
        if site.providers else "There are no providers in the directory yet.",
        "A provider counts once in each region it serves, so the figures add up to more than the number of "
        "providers. National providers count under National.",
        providers, unit=PROVIDERS, label_heading="Region", value_heading="Providers")

    themes = _by_count(Counter(t for c in site.case_studies for t in c.themes), v.themes)
    names, value, n = _leaders(themes)
    theme_figure = _figure(
        "themes", "Themes most written about",
        f"{names} {'is the theme' if n == 1 else 'are the themes'} most written about, in "
        f"{CASE_STUDIES.count(value)}{' each' if n > 1 else ''}." if n else "There are no case studies yet.",
        "A case study counts once for each of its themes.",
        themes, unit=CASE_STUDIES, label_heading="Theme", value_heading="Case studies")
    return [events, case_regions, provider_regions, theme_figure]


def headlines(site: Site) -> list[Headline]:
    """The totals above the charts."""
    return [
        Headline(len(site.case_studies), "case study", "case studies"),
        Headline(len([e for e in counted_events(site) if site.is_upcoming(e)]), "upcoming event", "upcoming events"),
        Headline(len(site.providers), "learning provider", "learning providers"),
        Headline(len(site.items(RESOURCE)), "resource", "resources"),
        Headline(len(site.newsletters), "e-shot issue", "e-shot issues"),
    ]

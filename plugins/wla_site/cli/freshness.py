"""`wla report freshness`: providers whose details may be out of date, and links that no longer work.

A provider is due a check when its `verified:` date is 12 months or more
before the build's today (`SOURCE_DATE_EPOCH` when set, as for the site), or
when it has no `verified:` date at all; a date after today is named too, as a
likely typing mistake. Links are every web address in the published content
(`content.links`), checked by `cli.linkcheck`. The report is plain English for
a person, or Markdown (`--format markdown`) for the issue the weekly workflow
keeps up to date. The exit code says what was found: 0 nothing to do, 1
something to look at, 2 the content could not be read.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from wla_site.cli import linkcheck
from wla_site.cli.linkcheck import LinkResult
from wla_site.content.links import LinkPlace, content_links
from wla_site.content.models import Provider
from wla_site.content.problems import ContentError
from wla_site.content.site import Site, load_site
from wla_site.formatting import month_year, uk_date
from wla_site.settings import read_settings

NOTHING, FOUND, FAILED = 0, 1, 2
"""Exit codes: nothing to do, something to look at, the report could not be made."""

MAX_ROWS = 200
"""Rows of each list in the Markdown report: an issue's text has a size limit."""

MARKER = "<!-- wla:freshness -->"
"""The first line of the Markdown report, by which the issue is recognised."""


@dataclass(frozen=True)
class StaleProvider:
    provider: Provider
    why: str
    """"last checked September 2025", "never checked", ..."""


@dataclass(frozen=True)
class BrokenLink:
    url: str
    reason: str
    places: list[LinkPlace]


@dataclass(frozen=True)
class FreshnessReport:
    today: date
    providers: list[StaleProvider]
    provider_count: int
    links: list[BrokenLink] | None
    """None when links were not checked (`--no-links`)."""
    link_count: int

    @property
    def found(self) -> bool:
        return bool(self.providers or self.links)


def year_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def stale_providers(site: Site) -> list[StaleProvider]:
    """Providers not checked for 12 months or more, never checked, or 'checked' after today: oldest first."""
    cutoff = year_before(site.today)
    stale = []
    for provider in site.providers:
        verified = provider.verified
        if verified is None:
            stale.append(StaleProvider(provider, "never checked (the file has no verified: date)"))
        elif verified <= cutoff:
            stale.append(StaleProvider(provider, f"last checked {month_year(verified)}"))
        elif verified > site.today:
            stale.append(StaleProvider(provider, f"the verified: date, {uk_date(verified)}, is after today"))
    return sorted(stale, key=lambda s: (s.provider.verified or date.min, s.provider.name.casefold()))


Checker = Callable[[list[str]], dict[str, LinkResult]]


def freshness_report(site: Site, check: Checker | None) -> FreshnessReport:
    """What needs looking at; links are checked with `check` (None to leave them out)."""
    links = content_links(site)
    broken: list[BrokenLink] | None = None
    if check is not None:
        results = check(list(links))
        broken = [BrokenLink(url, results[url].reason, places) for url, places in links.items()
                  if not results[url].ok]
    return FreshnessReport(site.today, stale_providers(site), len(site.providers), broken, len(links))


# --- the report as text --------------------------------------------------------------------------


def _all_providers(n: int) -> str:
    if n == 0:
        return "There are no providers in the directory."
    if n == 1:
        return "The provider was checked in the last 12 months."
    return f"All {n} providers were checked in the last 12 months."


def _all_links(n: int) -> str:
    return {0: "There are no links to check.", 1: "The link works.", 2: "Both links work."}.get(n, f"All {n} links work.")


def _places(places: list[LinkPlace]) -> str:
    return ", ".join(str(place) for place in places)


def plain_text(report: FreshnessReport) -> str:
    """The report for a person at a terminal."""
    lines = [f"Freshness of the content on {uk_date(report.today)}", ""]
    if report.providers:
        lines.append(f"Providers whose details were not checked in the last 12 months: {len(report.providers)} "
                     f"of {report.provider_count}")
        for stale in report.providers:
            lines.append(f"  - {stale.provider.name} ({stale.provider.source_path}): {stale.why}.")
        lines += ["  Check each provider's details with them, then set verified: to the date you checked.", ""]
    else:
        lines += [_all_providers(report.provider_count), ""]
    if report.links is None:
        lines.append("Links were not checked.")
    elif report.links:
        lines.append(f"Links that no longer work: {len(report.links)} of {report.link_count}")
        for link in report.links:
            lines.append(f"  - {link.url}: {link.reason}.")
            lines.append(f"    In {_places(link.places)}.")
        lines.append("  Change each one to an address that works, or remove it.")
    else:
        lines.append(_all_links(report.link_count))
    return "\n".join(lines) + "\n"


_MARKDOWN_PUNCTUATION = set("\\`*_{}[]()<>#+-.!|~@:&=\"'$%^;,/?")


def md_text(text: str) -> str:
    """Text that GitHub's Markdown shows as written: no links, mentions, HTML or table breaks."""
    return "".join("\\" + c if c in _MARKDOWN_PUNCTUATION else c for c in " ".join(text.split()))


def md_code(text: str) -> str:
    """Text as inline code in a table cell: shown as written, never a link or a mention."""
    text = " ".join(text.split())
    fence = "`"
    while fence in text:
        fence += "`"
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    cell = text.replace("|", "\\|")  # GitHub splits table cells at | even inside code
    return f"{fence}{padding}{cell}{padding}{fence}"


def _more(shown: int, total: int) -> list[str]:
    if total <= shown:
        return []
    return ["", f"And {total - shown} more: run `wla report freshness` to see them all."]


def markdown(report: FreshnessReport) -> str:
    """The report for the issue the weekly workflow keeps up to date."""
    lines = [MARKER,
             f"The weekly freshness check of {md_text(uk_date(report.today))} found what is listed below. "
             "This issue is updated each week, and closed when there is nothing left to do.", ""]
    if report.providers:
        lines += [f"### Providers not checked in the last 12 months ({len(report.providers)} of "
                  f"{report.provider_count})", "",
                  "Check each provider's details with them, then set `verified:` in its file to the date you "
                  "checked.", "", "| Provider | File | Why |", "| --- | --- | --- |"]
        for stale in report.providers[:MAX_ROWS]:
            lines.append(f"| {md_code(stale.provider.name)} | {md_code(stale.provider.source_path)} | "
                         f"{md_text(stale.why)} |")
        lines += _more(MAX_ROWS, len(report.providers))
        lines.append("")
    else:
        lines += [_all_providers(report.provider_count), ""]
    if report.links is None:
        lines.append("Links were not checked.")
    elif report.links:
        lines += [f"### Links that no longer work ({len(report.links)} of {report.link_count})", "",
                  "Change each one to an address that works, or remove it.", "",
                  "| Link | What happened | Where |", "| --- | --- | --- |"]
        for link in report.links[:MAX_ROWS]:
            where = "<br>".join(f"{md_code(place.path)} ({md_text(place.field)})" for place in link.places)
            lines.append(f"| {md_code(link.url)} | {md_text(link.reason)} | {where} |")
        lines += _more(MAX_ROWS, len(report.links))
    else:
        lines.append(_all_links(report.link_count))
    return "\n".join(lines) + "\n"


# --- the command ---------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("plain", "markdown"), default="plain",
                        help="plain English (default) or Markdown, for a GitHub issue")
    parser.add_argument("--no-links", action="store_true", help="check the providers' dates only, not the links")
    parser.add_argument("--timeout", type=float, default=linkcheck.TIMEOUT, metavar="SECONDS",
                        help=f"how long to wait for each site (default: {linkcheck.TIMEOUT:g})")
    parser.add_argument("--refresh", action="store_true",
                        help="ask for every link again, even if it was checked in the last day")


def run(args: argparse.Namespace) -> int:
    """`wla report freshness`."""
    settings = read_settings(Path(args.root).resolve())
    try:
        site = load_site(settings.content_dir, timezone_name=settings.timezone)
    except ContentError as error:
        print(error.problems.report(), file=sys.stderr)
        return FAILED
    if args.timeout <= 0:
        print("--timeout must be a number of seconds above 0, like 10.", file=sys.stderr)
        return FAILED
    cache = settings.root / linkcheck.CACHE_FILE
    if args.refresh:
        cache.unlink(missing_ok=True)

    def check(urls: list[str]) -> dict[str, LinkResult]:
        return linkcheck.check_links(urls, now=time.time(), cache=cache, timeout=args.timeout)

    report = freshness_report(site, None if args.no_links else check)
    print(markdown(report) if args.format == "markdown" else plain_text(report), end="")
    return FOUND if report.found else NOTHING

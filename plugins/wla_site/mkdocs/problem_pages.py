"""What `mkdocs serve` and `wla preview` show while the content has problems: the problems.

When a rebuild fails, MkDocs' development server holds every request until a
build succeeds, so the browser spins with no word of what is wrong. Instead,
while serving, a build with problems succeeds with a small site whose every
page (the home page, the listings, the page of every content file on disk,
the hand-written pages and every page of the last good build) lists the
problems: file, line and message. The server's live reload is in each page,
so saving a fix brings the real page back by itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from wla_site import templating, urls
from wla_site.content.kinds import KINDS
from wla_site.content.problems import Problems
from wla_site.content.reading import content_files

TITLE = "Problems to fix"

LISTING_ROUTES = ("case-studies", "events", "newsletters", "providers", "regions", "themes", "search")
"""Listing pages a visitor of the preview may be on when the content breaks."""


def problem_page_uris(content_root: Path, last_good: Iterable[str] = ()) -> list[str]:
    """Source URIs of the generated pages that show the problems (hand-written pages show them too)."""
    found = {urls.source_uri(urls.path(route), listing=True) for route in LISTING_ROUTES}
    for kind in KINDS:
        for path in content_files(content_root / kind.folder, kind.suffixes):
            found.add(urls.source_uri(urls.path(kind.route, slug=path.stem), listing=False))
    found.update(last_good)
    return sorted(found)


def problems_html(problems: Problems) -> str:
    """The report as a page's content: how many problems, then each with its file, line and field."""
    items = list(problems)
    files = len({p.path for p in items})
    heading = (f"{len(items)} {'problem' if len(items) == 1 else 'problems'} to fix "
               f"in {files} {'file' if files == 1 else 'files'}")
    return templating.render("problems.html", {"heading": heading, "problems": items})

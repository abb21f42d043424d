"""The site's generated pages: one for every item and every listing.

`plan_pages` lists every page the `Site` needs (its address, title and what
to render); `PageRenderer` turns one into HTML with the package's Jinja
templates. Nothing here knows about MkDocs: the plugin hands each page to
MkDocs as a generated file and uses the HTML as its content. Links are
written relative to the page, so the site works under any base path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from wla_site.content.models import CaseStudy, Event, NewsletterIssue, Provider
from wla_site.content.site import Site

HOME_MARKERS = {
    "latest-eshot": "home_newsletter.html",
    "next-events": "home_events.html",
    "recent-case-studies": "home_case_studies.html",
}
"""Places in `docs/index.md` (`<!-- wla:name -->`) that the plugin fills."""

HOME_COUNT = 3

DIRECTORY_PAGE_SIZE = 50
"""Providers on each page of the directory: `/providers/`, then `/providers/page/2/` and on."""

DIRECTORY_INDEX = "providers/index.json"
"""Every provider in a compact form, fetched by the directory's filters on first use."""


@dataclass
class GeneratedPage:
    """One page to add to the site: where it lives and what to render there."""

    src_uri: str
    title: str
    description: str
    template: str
    kind: str
    context: dict[str, Any] = field(default_factory=dict)
    item: CaseStudy | Event | NewsletterIssue | Provider | None = None

    @property
    def url(self) -> str:
        """The page's address relative to the site root, like `case-studies/x/`."""
        return self.src_uri.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"


def plan_pages(site: Site) -> list[GeneratedPage]:
    """Every generated page of the site, listings first."""
    v = site.vocabulary
    pages = [
        GeneratedPage("case-studies/index.md", "Case studies",
                      "Stories of learning at work from across the WLA network.", "case_studies.html", "case-study-list"),
        GeneratedPage("events/index.md", "Events",
                      "Upcoming WLA information sessions, training, network meetings and more.", "events.html", "event-list"),
        GeneratedPage("newsletters/index.md", "The e-shot",
                      "Every issue of the WLA network's newsletter, the e-shot.", "newsletters.html", "newsletter-list"),
        *directory_pages(site),
        GeneratedPage("regions/index.md", "Regions",
                      "Case studies, events and learning providers by region.", "terms.html", "region-list"),
        GeneratedPage("themes/index.md", "Themes",
                      "Case studies by theme.", "terms.html", "theme-list"),
        GeneratedPage("search/index.md", "Search",
                      "Search the case studies, events, e-shot issues and learning providers.", "search.html", "search"),
    ]
    for region, name in v.regions.items():
        pages.append(GeneratedPage(f"regions/{region}.md", name,
                                   f"WLA case studies, events and learning providers in {name}.",
                                   "region.html", "region", {"region": region, "name": name}))
    for theme, name in v.themes.items():
        pages.append(GeneratedPage(f"themes/{theme}.md", name, f"WLA case studies about {name}.",
                                   "theme.html", "theme", {"theme": theme, "name": name}))
    pages += [GeneratedPage(f"case-studies/{c.slug}.md", c.title, c.summary, "case_study.html", "case-study", item=c)
              for c in site.case_studies]
    pages += [GeneratedPage(f"events/{e.slug}.md", e.title, e.summary, "event.html", "event", item=e)
              for e in site.events]
    pages += [GeneratedPage(f"newsletters/{n.slug}.md", n.title, n.summary, "newsletter.html", "newsletter", item=n)
              for n in site.newsletters]
    pages += [GeneratedPage(f"providers/{p.slug}.md", p.name, p.summary, "provider.html", "provider", item=p)
              for p in site.providers]
    return pages


def directory_pages(site: Site) -> list[GeneratedPage]:
    """The providers directory, in pages of `DIRECTORY_PAGE_SIZE`, so no page grows with the directory."""
    count = max(1, -(-len(site.providers) // DIRECTORY_PAGE_SIZE))
    description = "Local and national learning providers that WLAs can point colleagues to."
    pages = []
    for number in range(1, count + 1):
        src = "providers/index.md" if number == 1 else f"providers/page/{number}.md"
        title = "Learning providers" if number == 1 else f"Learning providers, page {number} of {count}"
        pages.append(GeneratedPage(src, title, description, "providers.html", "provider-list",
                                   {"page_number": number, "page_count": count}))
    return pages


def directory_page_url(number: int) -> str:
    return "providers/" if number == 1 else f"providers/page/{number}/"


def pagination(number: int, count: int, window: int = 2) -> list[int | None]:
    """Page numbers to link to around `number`: the first, the last and a window; None marks a gap."""
    shown = sorted({1, count, *range(max(1, number - window), min(count, number + window) + 1)})
    out: list[int | None] = []
    for previous, current in pairwise([0, *shown]):
        if current - previous > 1:
            out.append(None)
        out.append(current)
    return out


def directory_index(site: Site) -> dict[str, Any]:
    """Every provider, compactly, for the directory's filters: vocabularies once, items as rows of indexes."""
    v = site.vocabulary
    regions, offers, delivery = list(v.regions), list(v.offers), list(_DELIVERY)
    return {
        "labels": {"regions": [v.regions[r] for r in regions], "offers": [v.offers[o] for o in offers],
                   "delivery": [_DELIVERY[d] for d in delivery]},
        "keys": {"region": regions, "offer": offers, "delivery": delivery},
        "fields": ["slug", "name", "town", "region", "offer", "delivery", "funded", "national"],
        "items": [
            [p.slug, p.name, p.address.town if p.address else "",
             [regions.index(r) for r in p.regions], [offers.index(o) for o in p.offers],
             [delivery.index(d) for d in p.delivery], int(bool(p.funded)), int(p.is_national)]
            for p in site.providers
        ],
    }


def write_directory_index(site: Site, site_dir: Path) -> Path:
    """Write `providers/index.json` into the built site (only a directory of several pages needs it)."""
    path = Path(site_dir) / DIRECTORY_INDEX
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(directory_index(site), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path


# Material's base template writes markup the Nu HTML Checker rejects, outside any block a theme can
# override: `autocomplete="off"` on its drawer and search checkboxes (a Firefox workaround; the
# attribute is not allowed on checkboxes) and `tabindex=""` on navigation section labels.
# Plain replacements of those exact strings: a regular expression over every page cost a tenth
# of the build.
_THEME_REPAIRS = (
    ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
    ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
    (' tabindex=""', ""),
)


def repair_theme_markup(html: str) -> str:
    """A finished page with the theme's invalid attributes removed, so it passes the Nu HTML Checker."""
    for old, new in _THEME_REPAIRS:
        html = html.replace(old, new)
    return html


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")


def relative_url(from_url: str, to_url: str) -> str:
    """`to_url` (relative to the site root) as seen from the page at `from_url`.

    Every generated page is a folder (`case-studies/x/`), so going up to the root is one
    `../` for each folder: no path arithmetic, which thousands of links a build make costly.
    """
    if _SCHEME.match(to_url) or to_url.startswith("#"):
        return to_url
    folder = from_url if from_url.endswith("/") else from_url.rpartition("/")[0] + "/"
    target = to_url.lstrip("/")
    if folder != "/" and target.startswith(folder):
        return target[len(folder):] or "./"  # a file beside the page, or the page itself
    up = "../" * folder.strip("/").count("/") + ("../" if folder.strip("/") else "")
    return (up + target) or "./"


_ROOT_LINK = re.compile(r'(<a\s[^>]*?href=")/(?!/)')


def rebase_root_links(html: str, prefix: str) -> str:
    """Links a contributor wrote from the site root (`/case-studies/x/`) made to work from here."""
    return _ROOT_LINK.sub(lambda m: m.group(1) + prefix, html)


# --- formatting, the UK way ------------------------------------------------------------------


def uk_date(value: date | datetime, weekday: bool = False) -> str:
    """1 December 2026 (or Tuesday 1 December 2026)."""
    text = f"{value.day} {value:%B %Y}"
    return f"{value:%A} {text}" if weekday else text


def uk_time(value: datetime) -> str:
    """10am, 2:30pm, 12 noon: the GOV.UK style."""
    if value.hour == 12 and value.minute == 0:
        return "12 noon"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def event_when(event: Event) -> str:
    """When an event happens, in words: `Tuesday 1 December 2026, 10am to 12:30pm`."""
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


def display_url(url: str) -> str:
    """An address as people read it: no scheme, no trailing slash."""
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


_SIZES = {"micro": "Micro (fewer than 10 staff)", "small": "Small (10 to 49 staff)",
          "medium": "Medium (50 to 249 staff)", "large": "Large (250 staff or more)"}
_DELIVERY = {"online": "Online", "in-person": "In person", "in-the-workplace": "In the workplace"}


SEARCH_KINDS = {"case-study": "Case study", "event": "Event", "newsletter": "E-shot issue",
                "provider": "Learning provider", "page": "Page"}
"""What search results are, by page kind: the `kind` filter of the search index."""


def delivery_label(value: str) -> str:
    return _DELIVERY.get(value, value)


class PageRenderer:
    """Renders generated pages and home-page blocks from the package's templates."""

    def __init__(self, site: Site, extras: Callable[[GeneratedPage], dict[str, str]] | None = None) -> None:
        self.site = site
        self.extras = extras
        self.env = Environment(
            loader=PackageLoader("wla_site", "render/templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            ukdate=uk_date,
            event_when=event_when,
            display_url=display_url,
            size_label=lambda s: _SIZES.get(s, s),
            delivery_label=delivery_label,
            tel=lambda p: re.sub(r"[^\d+]", "", p),
        )
        self.env.globals["label"] = site.label

    def render(self, page: GeneratedPage, **extra: Any) -> str:
        """The page's HTML content (what goes inside the theme's article)."""
        context = self._context(page)
        context.update(extra)
        return self.env.get_template(page.template).render(context)

    def home_blocks(self, page_url: str = "") -> dict[str, str]:
        """HTML for each marked place on the home page."""
        site = self.site
        u = _linker(page_url)
        context = {
            "u": u,
            "n": site.latest_newsletter(),
            "events": site.upcoming_events()[:HOME_COUNT],
            "cases": site.case_studies[:HOME_COUNT],
        }
        return {name: self.env.get_template(t).render(context) for name, t in HOME_MARKERS.items()}

    def _context(self, page: GeneratedPage) -> dict[str, Any]:
        site = self.site
        v = site.vocabulary
        ctx: dict[str, Any] = {"u": _linker(page.url), "page": page, "site": site,
                               "extra_top": "", "extra_bottom": "", "calendar": ""}
        ctx.update(page.context)
        prefix = relative_url(page.url, "/")
        item = page.item
        if isinstance(item, CaseStudy):
            ctx.update(c=item, body=rebase_root_links(site.html(item), prefix),
                       related=site.related_case_studies(item),
                       image_name=Path(item.image.src).name if item.image else "")
        elif isinstance(item, Event):
            ctx.update(e=item, body=rebase_root_links(site.html(item), prefix), upcoming=site.is_upcoming(item))
        elif isinstance(item, NewsletterIssue):
            cases, events = site.featured(item)
            ctx.update(n=item, body=rebase_root_links(site.html(item), prefix), cases=cases, events=events)
        elif isinstance(item, Provider):
            ctx.update(p=item)
        elif page.kind == "case-study-list":
            ctx.update(items=site.case_studies, **_case_filters(site))
        elif page.kind == "event-list":
            ctx.update(upcoming=site.upcoming_events(), past_years=site.past_events_by_year())
        elif page.kind == "newsletter-list":
            ctx.update(items=site.newsletters)
        elif page.kind == "provider-list":
            number, count = page.context["page_number"], page.context["page_count"]
            start = (number - 1) * DIRECTORY_PAGE_SIZE
            ctx.update(
                items=site.providers[start:start + DIRECTORY_PAGE_SIZE],
                total=len(site.providers),
                first=start + 1,
                pages=[(n, directory_page_url(n) if n else None) for n in pagination(number, count)],
                previous_url=directory_page_url(number - 1) if number > 1 else None,
                next_url=directory_page_url(number + 1) if number < count else None,
                index_url=DIRECTORY_INDEX if count > 1 else None,
                regions=list(v.regions),
                filters=[
                    ("region", "Region", list(v.regions.items())),
                    ("offer", "Offer", list(v.offers.items())),
                    ("delivery", "Delivery", list(_DELIVERY.items())),
                ],
            )
        elif page.kind == "region":
            region = page.context["region"]
            ctx.update(cases=site.case_studies_by_region.get(region, []),
                       events=site.upcoming_events(region), providers=site.providers_for_region(region))
        elif page.kind == "theme":
            ctx.update(cases=site.case_studies_by_theme.get(page.context["theme"], []))
        elif page.kind == "region-list":
            ctx.update(heading="Regions", lede="Case studies, upcoming events and learning providers in each region.",
                       base="regions/", count_noun="case studies",
                       terms=[(k, n, len(site.case_studies_by_region.get(k, []))) for k, n in v.regions.items()])
        elif page.kind == "search":
            ctx.update(kinds=list(SEARCH_KINDS.values()), region_labels=list(v.regions.values()))
        elif page.kind == "theme-list":
            ctx.update(heading="Themes", lede="Case studies by what they are about.", base="themes/",
                       count_noun="case studies",
                       terms=[(k, n, len(site.case_studies_by_theme.get(k, []))) for k, n in v.themes.items()])
        if self.extras is not None:
            ctx.update(self.extras(page))
        return ctx


def _case_filters(site: Site) -> dict[str, Any]:
    v = site.vocabulary
    return {
        "regions": list(v.regions),
        "themes": list(v.themes),
        "filters": [
            ("region", "Region", list(v.regions.items())),
            ("theme", "Theme", list(v.themes.items())),
            ("sector", "Sector", list(v.sectors.items())),
        ],
    }


def _linker(page_url: str) -> Callable[[str], str]:
    return lambda target: relative_url(page_url, target)

"""The site's generated pages rendered to HTML, and the directory's filter index.

`PageRenderer` turns one planned page (`wla_site.plan`) into HTML with the
package's templates (`wla_site.templating`). Nothing here knows about MkDocs:
the MkDocs adapter hands each page to MkDocs as a generated file and uses the
HTML as its content. Links are written relative to the page, so the site
works under any base path.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

from wla_site import templating, urls
from wla_site.content.models import CaseStudy, Event, NewsletterIssue, Provider
from wla_site.content.site import Site
from wla_site.formatting import DELIVERY
from wla_site.plan import DIRECTORY_PAGE_SIZE, SEARCH_KINDS, GeneratedPage

HOME_MARKERS = {
    "latest-eshot": "home_newsletter.html",
    "next-events": "home_events.html",
    "recent-case-studies": "home_case_studies.html",
}
"""Places in `docs/index.md` (`<!-- wla:name -->`) that the plugin fills."""

HOME_COUNT = 3

DIRECTORY_INDEX = urls.path("providers-index")
"""Every provider in a compact form, fetched by the directory's filters on first use."""


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
    regions, offers, delivery = list(v.regions), list(v.offers), list(DELIVERY)
    return {
        "labels": {"regions": [v.regions[r] for r in regions], "offers": [v.offers[o] for o in offers],
                   "delivery": [DELIVERY[d] for d in delivery]},
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


class PageRenderer:
    """Renders generated pages and home-page blocks from the package's templates."""

    def __init__(self, site: Site, extras: Callable[[GeneratedPage], dict[str, str]] | None = None) -> None:
        self.site = site
        self.extras = extras
        self.env = templating.environment()

    def render(self, page: GeneratedPage, **extra: Any) -> str:
        """The page's HTML content (what goes inside the theme's article)."""
        context = self._context(page)
        context.update(extra)
        return self.env.get_template(page.template).render(context)

    def home_blocks(self, page_url: str = "") -> dict[str, str]:
        """HTML for each marked place on the home page."""
        site = self.site
        context = {
            "u": urls.linker(page_url),
            "label": site.label,
            "n": site.latest_newsletter(),
            "events": site.upcoming_events()[:HOME_COUNT],
            "cases": site.case_studies[:HOME_COUNT],
        }
        return {name: self.env.get_template(t).render(context) for name, t in HOME_MARKERS.items()}

    def _context(self, page: GeneratedPage) -> dict[str, Any]:
        site = self.site
        v = site.vocabulary
        ctx: dict[str, Any] = {"u": urls.linker(page.url), "label": site.label, "page": page, "site": site,
                               "extra_top": "", "extra_bottom": "", "calendar": ""}
        ctx.update(page.context)
        prefix = urls.relative_url(page.url, "/")
        item = page.item
        if isinstance(item, CaseStudy):
            ctx.update(c=item, body=urls.rebase_root_links(site.html(item), prefix),
                       related=site.related_case_studies(item),
                       image_name=Path(item.image.src).name if item.image else "")
        elif isinstance(item, Event):
            ctx.update(e=item, body=urls.rebase_root_links(site.html(item), prefix), upcoming=site.is_upcoming(item))
        elif isinstance(item, NewsletterIssue):
            cases, events = site.featured(item)
            ctx.update(n=item, body=urls.rebase_root_links(site.html(item), prefix), cases=cases, events=events)
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
                pages=[(n, urls.directory_page(n) if n else None) for n in pagination(number, count)],
                previous_url=urls.directory_page(number - 1) if number > 1 else None,
                next_url=urls.directory_page(number + 1) if number < count else None,
                index_url=DIRECTORY_INDEX if count > 1 else None,
                regions=list(v.regions),
                filters=[
                    ("region", "Region", list(v.regions.items())),
                    ("offer", "Offer", list(v.offers.items())),
                    ("delivery", "Delivery", list(DELIVERY.items())),
                ],
            )
        elif page.kind == "region":
            region = page.context["region"]
            ctx.update(cases=site.case_studies_by_region.get(region, []),
                       events=site.upcoming_events(region), providers=site.providers_for_region(region))
        elif page.kind == "theme":
            ctx.update(cases=site.case_studies_by_theme.get(page.context["theme"], []),
                       events=site.upcoming_theme_events(page.context["theme"]))
        elif page.kind == "region-list":
            ctx.update(heading="Regions", lede="Case studies, upcoming events and learning providers in each region.",
                       route="region", count_noun="case studies",
                       terms=[(k, n, len(site.case_studies_by_region.get(k, []))) for k, n in v.regions.items()])
        elif page.kind == "search":
            ctx.update(kinds=list(SEARCH_KINDS.values()), region_labels=list(v.regions.values()))
        elif page.kind == "theme-list":
            ctx.update(heading="Themes", lede="Case studies by what they are about.", route="theme",
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

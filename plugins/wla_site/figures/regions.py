"""The regions listing: what each region holds, as a map and as a list.

`/regions/` shows the map of the UK (`figures.region_map`), each region a link
to its page whose accessible name gives its counts, and beside it the same
regions and counts as a plain list, the map's equal alternative ("national",
which has no shape, is only in the list). A region's counts are what its page
lists: its case studies, its upcoming events, the providers serving it
(national ones included) and the resources made for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wla_site import urls
from wla_site.content.kinds import RESOURCE
from wla_site.content.site import Site
from wla_site.figures.region_map import RegionLink, load_region_map, region_map_svg

OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
"""The Open Government Licence the map's boundaries are published under."""


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class RegionCounts:
    """How much a region's page lists."""

    slug: str
    name: str
    case_studies: int
    events: int
    """Upcoming events: the region's page lists no past ones."""
    providers: int
    resources: int

    @property
    def summary(self) -> str:
        """The counts in words: "3 case studies, 1 upcoming event, 5 providers, 0 resources"."""
        return ", ".join((
            _count(self.case_studies, "case study", "case studies"),
            _count(self.events, "upcoming event", "upcoming events"),
            _count(self.providers, "provider", "providers"),
            _count(self.resources, "resource", "resources"),
        ))

    @property
    def label(self) -> str:
        """The region's link on the map, as a screen reader says it and its tooltip shows it."""
        return f"{self.name}: {self.summary}"


def region_counts(site: Site) -> list[RegionCounts]:
    """Every region of the vocabulary, in its order, with what its page lists."""
    resources = site.by_term(RESOURCE, "regions")
    return [
        RegionCounts(
            slug=slug,
            name=name,
            case_studies=len(site.case_studies_by_region.get(slug, [])),
            events=len(site.upcoming_events(slug)),
            providers=len(site.providers_for_region(slug)),
            resources=len(resources.get(slug, [])),
        )
        for slug, name in site.vocabulary.regions.items()
    ]


def regions_listing(site: Site, page_url: str) -> dict[str, Any]:
    """The regions page's context: the counts, the map linking each region, and the map's credit."""
    counts = region_counts(site)
    link = urls.linker(page_url)
    region_map = load_region_map()
    return {
        "regions": counts,
        "region_map": region_map_svg(
            {r.slug: RegionLink(link(urls.path("region", slug=r.slug)), r.label) for r in counts}),
        "map_licence": region_map.licence,
        "map_licence_url": OGL,
        "map_attribution": region_map.attribution[1:],
    }

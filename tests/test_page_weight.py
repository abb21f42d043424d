"""Pages stay light as content grows: at 5,000 items no page transfers 150 KB or more
(every response gzip-compressed, images left out).

Two sites are measured: one of 5,000 providers, and one of 5,000 case studies
with 1,000 events and twenty years of the e-shot. Every kind of listing is
opened in a real browser, in the site where it is longest (the first and
second pages of those split into pages), with the home page and a case study. Figures go to
test-artifacts/measurements.json, with the listings' filter indexes, which
the browser fetches only when someone first uses a filter.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import (
    SITE_5K,
    SITE_5K_STORIES,
    Traffic,
    built_once,
    gzipped,
    launch,
    playwright_or_skip,
    record_measurement,
    serve,
)

pytestmark = pytest.mark.browser

LIMIT = 150_000


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    name, fill = SITE_5K
    return built_once(tmp_path_factory, name, fill)


@pytest.fixture(scope="module")
def stories(tmp_path_factory):
    name, fill = SITE_5K_STORIES
    return built_once(tmp_path_factory, name, fill)


def busiest(counts: dict[str, list[Any]]) -> str:
    """The term with the most items: the longest region's or theme's page."""
    return max(counts, key=lambda term: len(counts[term]))


def listings(project: Any, *, stories: bool) -> dict[str, str]:
    """The home page, a case study and every kind of listing that grows with the site's kind of content.

    Listings split into pages are weighed on their first and second pages. The directory and a
    region's providers are weighed in the site of providers; the rest in the site of stories.
    """
    from wla_site.content.site import load_site

    site = load_site(project.root)
    region = busiest(site.case_studies_by_region)
    pages = {"home": "", "case study": f"case-studies/{site.case_studies[0].slug}/", "region": f"regions/{region}/"}
    if stories:
        theme = busiest(site.case_studies_by_theme)
        pages |= {
            "case studies": "case-studies/", "case studies, page 2": "case-studies/page/2/",
            "events": "events/", "events, page 2": "events/page/2/", "e-shot": "newsletters/",
            "region, page 2": f"regions/{region}/page/2/", "regions": "regions/",
            "theme": f"themes/{theme}/", "theme, page 2": f"themes/{theme}/page/2/", "themes": "themes/",
            "activity": "activity/",
        }
    else:
        pages |= {
            "directory": "providers/", "directory, page 2": "providers/page/2/",
            "region's providers": f"regions/{region}/providers/",
            "region's providers, page 2": f"regions/{region}/providers/page/2/",
        }
    return pages


def weigh(project: Any, pages: dict[str, str]) -> tuple[dict[str, int], dict[str, str]]:
    """What each page transfers, gzip-compressed and without images, for a first-time visitor; and a breakdown."""
    weights, reports = {}, {}
    sync_playwright = playwright_or_skip()
    with serve(project.site_dir) as origin, sync_playwright() as playwright:
        browser = launch(playwright)
        for name, url in pages.items():
            context = browser.new_context()
            page = context.new_page()
            traffic = Traffic().watch(page)
            page.goto(origin + url, wait_until="networkidle")
            assert traffic.foreign(origin) == []
            weights[name], reports[name] = traffic.compressed_bytes(), traffic.report()
            context.close()
        browser.close()
    return weights, reports


@pytest.mark.parametrize(("site", "what"), [("big", "5,000 providers"), ("stories", "5,000 case studies")],
                         ids=["5000-providers", "5000-case-studies"])
def test_every_listing_stays_under_150_kb(request, site, what):
    from wla_site.content.site import load_site

    project = request.getfixturevalue(site)
    loaded = load_site(project.root)
    assert len(loaded.case_studies if site == "stories" else loaded.providers) >= 5000
    pages = listings(project, stories=site == "stories")
    missing = [url for url in pages.values() if not (project.site_dir / url / "index.html").is_file()]
    assert not missing, f"these pages should exist with {what}: {missing}"
    weights, reports = weigh(project, pages)
    for name, weight in weights.items():
        record_measurement(f"page weight with {what}: {name} (bytes, gzip, no images)", weight)
    index = "case-studies/index.json" if site == "stories" else "providers/index.json"
    record_measurement(f"filter index {index} with {what}, fetched on first filter use (bytes, gzip)",
                       gzipped((project.site_dir / index).read_bytes()))
    heavy = {n: w for n, w in weights.items() if w >= LIMIT}
    assert not heavy, "\n\n".join(f"{n}: {w:,} bytes\n{reports[n]}" for n, w in heavy.items())


@pytest.mark.parametrize(("site", "listing", "title"), [
    ("big", "providers", "Learning providers"),
    ("stories", "case-studies", "Case studies"),
], ids=["directory", "case-studies"])
def test_listing_pages_hold_fifty_items_each(request, site, listing, title):
    from lxml import html

    site_dir = request.getfixturevalue(site).site_dir
    first = html.fromstring((site_dir / listing / "index.html").read_bytes())
    assert len(first.cssselect("[data-wla-list] > li")) == 50
    pages = sorted(int(p.name) for p in (site_dir / listing / "page").iterdir())
    assert pages == list(range(2, 101))
    last = html.fromstring((site_dir / listing / "page/100/index.html").read_bytes())
    assert len(last.cssselect("[data-wla-list] > li")) == 50
    assert last.findtext(".//title").startswith(f"{title}, page 100 of 100")
    assert not last.cssselect("a[rel=next]") and last.cssselect("a[rel=prev]")

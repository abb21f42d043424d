"""Pages stay light as content grows: with 5,000 providers, the home page, a case study and the
directory each transfer under 150 KB (every response gzip-compressed, images left out).

Figures go to test-artifacts/measurements.json, with the directory's filter
index, which the browser fetches only when someone first uses a filter.
"""

from __future__ import annotations

import pytest

from tests.browser import (
    SITE_5K,
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


def test_home_case_study_and_directory_stay_under_150_kb(big):
    from wla_site.content.site import load_site

    site = load_site(big.root)
    assert len(site.providers) >= 5000
    pages = {"home": "", "case study": f"case-studies/{site.case_studies[0].slug}/",
             "directory": "providers/", "directory, page 2": "providers/page/2/"}
    weights, reports = {}, {}
    sync_playwright = playwright_or_skip()
    with serve(big.site_dir) as origin, sync_playwright() as playwright:
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
    for name, weight in weights.items():
        record_measurement(f"page weight with 5,000 providers: {name} (bytes, gzip, no images)", weight)
    index = big.site_dir / "providers/index.json"
    if index.exists():
        record_measurement("directory filter index, fetched on first filter use (bytes, gzip)", gzipped(index.read_bytes()))
    heavy = {n: w for n, w in weights.items() if w >= LIMIT}
    assert not heavy, "\n\n".join(f"{n}: {w:,} bytes\n{reports[n]}" for n, w in heavy.items())


def test_directory_pages_hold_fifty_providers_each(big):
    from lxml import html

    first = html.fromstring((big.site_dir / "providers/index.html").read_bytes())
    assert len(first.cssselect("[data-wla-list] > li")) == 50
    pages = sorted(int(p.name) for p in (big.site_dir / "providers/page").iterdir())
    assert pages == list(range(2, 101))
    last = html.fromstring((big.site_dir / "providers/page/100/index.html").read_bytes())
    assert len(last.cssselect("[data-wla-list] > li")) == 50
    assert not last.cssselect("a[rel=next]") and last.cssselect("a[rel=prev]")

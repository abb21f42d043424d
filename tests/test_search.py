"""Site search stays light: what a visitor downloads for a first search, at 1,000 and 5,000+ items.

The search page is opened in a fresh browser (nothing cached), a town name is
typed, and every response until the results are shown is summed, each body
gzip-compressed as a server compressing text would send it. The search page
itself is counted too. Figures go to test-artifacts/measurements.json.
"""

from __future__ import annotations

import pytest

from tests.browser import (
    SITE_1K,
    SITE_5K,
    Traffic,
    built_once,
    launch,
    playwright_or_skip,
    record_measurement,
    serve,
)

pytestmark = pytest.mark.browser

LIMIT = 300_000


def first_search(project, query: str) -> tuple[int, int, str]:
    """(bytes for the search page and the search, number of results, a breakdown) for one fresh visitor."""
    sync_playwright = playwright_or_skip()
    with serve(project.site_dir) as origin, sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context()
        page = context.new_page()
        traffic = Traffic().watch(page)
        page.goto(origin + "search/", wait_until="networkidle")
        page.fill("#wla-search-q", query)
        page.press("#wla-search-q", "Enter")
        page.wait_for_selector(".wla-result")
        page.wait_for_load_state("networkidle")
        found = page.locator(".wla-result").count()
        assert traffic.foreign(origin) == []
        assert context.cookies() == []
        browser.close()
    return traffic.compressed_bytes(), found, traffic.report()


@pytest.mark.parametrize("size", [SITE_1K, SITE_5K], ids=["1k-items", "5k-items"])
def test_first_search_downloads_under_300_kb(tmp_path_factory, size):
    name, fill = size
    project = built_once(tmp_path_factory, name, fill)
    assert (project.site_dir / "pagefind/pagefind.js").is_file(), (
        "no search index: the wla plugin's on_post_build must call wla_site.search.build_search_index")
    total, found, report = first_search(project, "Wigan")
    record_measurement(f"first search for a town, {name} (bytes, gzip)", total)
    assert found > 0
    assert total < LIMIT, f"a first search downloads {total:,} bytes (gzip):\n{report}"

"""Site search: the index written from the `Site`, read back as the search page reads it, and its weight.

The unit tests build the index of a small project and search it with
`search` below, a Python copy of what `wla.js` does (fold the query, fetch one
shard per word, prefix-match, AND the words, apply the filters, read the
documents from their chunks). The browser tests open the search page of a
site of 1,000 and of 6,000 items (5,000 of them providers) in a fresh browser,
search for a town, and sum every response gzip-compressed, the page itself
included. Figures go to test-artifacts/measurements.json.
"""

from __future__ import annotations

import json
import time
from datetime import date
from itertools import accumulate
from pathlib import Path
from typing import Any

import pytest
from wla_site.content.site import load_site
from wla_site.plan import plan_pages
from wla_site.render.search import CHUNK, FOLDER, build_search_index, shard_key, tokens

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

LIMIT = 300_000
TODAY = date(2026, 11, 24)
NAV = [{"Home": "index.md"}, {"Case studies": "case-studies/index.md"},
       {"About": [{"For employers": "for-employers.md"}]}]


def search(folder: Path, query: str, kind: str = "", region: str = "") -> list[dict[str, Any]]:
    """The results for `query`, in order, read from the index files as the search page reads them."""
    def load(name: str) -> Any:
        return json.loads((folder / name).read_text(encoding="utf-8"))

    meta = load("meta.json")
    matches: list[set[int]] = []
    for word in tokens(query):
        found: set[int] = set()
        if shard_key(word) in meta["shards"]:
            for token, gaps in load(f"t-{shard_key(word)}.json").items():
                if token.startswith(word):
                    found |= set(accumulate(gaps))
        matches.append(found)
    if kind:
        matches.append({i for label, start, end in meta["kinds"] if label == kind for i in range(start, end)})
    if region:
        matches.append(set(accumulate(load("f-region.json").get(region, []))))
    ids = sorted(set(range(meta["count"])).intersection(*matches))
    results = []
    for i in ids:
        title, url, kind_number, regions, detail = load(f"d-{i // meta['chunk']}.json")[i % meta["chunk"]]
        results.append({"title": title, "url": url, "kind": meta["kinds"][kind_number][0],
                        "regions": [meta["regions"][r] for r in regions], "detail": detail})
    return results


def titles(results: list[dict[str, Any]]) -> list[str]:
    return [r["title"] for r in results]


@pytest.fixture
def small(project, tmp_path) -> Path:
    """A small project's index: a few of each kind, with the places and labels search must find."""
    project.provider("wigan-esol", name="Wigan Community ESOL", address={"town": "Wigan"},
                     offers=["esol", "digital-skills"], delivery=["in-person", "online"])
    project.provider("everywhere-online", name="Learn Anywhere", summary="Courses online.",
                     regions=["national"], delivery=["online"], offers=["english-and-maths"])
    project.provider("leeds-college", name="Leeds Adult College", address={"town": "Leeds"},
                     regions=["yorkshire-and-the-humber"], offers=["apprenticeships"])
    project.case_study("digital-at-the-bakery", title="Tablets in the bakehouse", themes=["digital-skills"],
                       organisation={"name": "Crusty Café", "sector": "retail", "region": "north-west",
                                     "town": "Wigan"})
    project.case_study("peer-learning-in-hull", title="Peer learning on the docks", date="2026-05-01",
                       organisation={"name": "Humber Haulage", "sector": "logistics-and-transport",
                                     "region": "yorkshire-and-the-humber", "town": "Hull"})
    project.event("taster-in-wigan", title="Taster morning", kind="taster")
    project.event("old-meeting-in-leeds", title="Network meeting", kind="network-meeting",
                  start="2025-01-10T10:00", end="2025-01-10T12:00", region="yorkshire-and-the-humber",
                  location={"venue": "Central library", "town": "Leeds"})
    project.newsletter("march", title="WLA e-shot, March 2026", summary="Mentoring on Tyneside.")
    site = load_site(project.root, today=TODAY)
    return build_search_index(site, tmp_path / "site", plan_pages(site), nav=NAV)


# --- words -------------------------------------------------------------------------------------


def test_words_are_folded_lowercased_and_split_and_short_or_common_ones_dropped():
    assert tokens("Ysgol Gymraeg Llandŵ: Women's ESOL at the Café, 2026!") == [
        "ysgol", "gymraeg", "llandw", "women", "esol", "cafe", "2026"]
    assert tokens("ﬁne A-level") == ["fine", "level"]
    assert shard_key("wigan") == "wi" and shard_key("2026") == "20" and shard_key("ærø") == "_r"


# --- finding things ------------------------------------------------------------------------------


def test_a_provider_is_found_by_name_town_offer_and_delivery(small):
    assert titles(search(small, "Wigan Community ESOL"))[0] == "Wigan Community ESOL"
    assert "Wigan Community ESOL" in titles(search(small, "wigan"))
    assert titles(search(small, "speakers of other languages")) == ["Wigan Community ESOL"]
    assert titles(search(small, "esol in person")) == ["Wigan Community ESOL"]
    assert titles(search(small, "apprenticeships")) == ["Leeds Adult College"]


def test_a_query_word_matches_every_word_it_starts(small):
    found = search(small, "wig")
    assert {r["title"] for r in found} == {"Wigan Community ESOL", "Tablets in the bakehouse", "Taster morning"}
    assert search(small, "wig") == search(small, "WIGAN")
    assert search(small, "xylophone") == [] and search(small, "wigan xylophone") == []


def test_a_case_study_is_found_by_theme_sector_organisation_and_town(small):
    assert titles(search(small, "digital skills", kind="Case study")) == ["Tablets in the bakehouse"]
    assert titles(search(small, "crusty cafe")) == ["Tablets in the bakehouse"]
    assert titles(search(small, "logistics")) == ["Peer learning on the docks"]
    assert titles(search(small, "hull")) == ["Peer learning on the docks"]


def test_events_issues_and_hand_written_pages_are_found(small):
    taster = search(small, "taster session")
    assert titles(taster) == ["Taster morning"]
    assert taster[0]["url"] == "events/taster-in-wigan/" and "Wigan" in taster[0]["detail"]
    assert titles(search(small, "library leeds")) == ["Network meeting"]
    assert titles(search(small, "tyneside")) == ["WLA e-shot, March 2026"]
    assert search(small, "employers") == [
        {"title": "For employers", "url": "for-employers/", "kind": "Page", "regions": [], "detail": ""}]


def test_results_come_in_a_fixed_order_newest_and_upcoming_first(small):
    assert titles(search(small, "learn")) == [
        "Peer learning on the docks", "Tablets in the bakehouse",  # case studies, newest first
        "Learn Anywhere",  # then events, providers, e-shot issues, pages
    ]
    assert titles(search(small, "wigan")) == ["Tablets in the bakehouse", "Taster morning", "Wigan Community ESOL"]
    assert titles(search(small, "", kind="Event")) == ["Taster morning", "Network meeting"]  # upcoming, then past


def test_filters_by_kind_and_by_region_with_national_providers_in_every_region(small):
    assert titles(search(small, "wigan", kind="Learning provider")) == ["Wigan Community ESOL"]
    assert set(titles(search(small, "", region="North West"))) == {
        "Tablets in the bakehouse", "Taster morning", "Wigan Community ESOL", "Learn Anywhere"}
    assert titles(search(small, "", region="Yorkshire and the Humber", kind="Learning provider")) == [
        "Learn Anywhere", "Leeds Adult College"]
    assert search(small, "online", region="National")[0]["regions"] == ["National"]


def test_the_index_is_the_same_bytes_every_time(project, tmp_path):
    project.provider("one", name="One")
    project.case_study("two")
    site, again = load_site(project.root, today=TODAY), load_site(project.root, today=TODAY)
    first = build_search_index(site, tmp_path / "a", plan_pages(site), nav=NAV)
    second = build_search_index(again, tmp_path / "b", plan_pages(again), nav=NAV)
    files = sorted(p.name for p in first.iterdir())
    assert files == sorted(p.name for p in second.iterdir())
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in files)
    assert first.name == FOLDER and "meta.json" in files and "d-0.json" in files


def test_an_empty_site_has_an_index_too(project, tmp_path):
    site = load_site(project.root, today=TODAY)
    folder = build_search_index(site, tmp_path / "site", plan_pages(site))
    assert json.loads((folder / "meta.json").read_text())["count"] == 0
    assert search(folder, "anything") == []


# --- at scale ------------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_index_of_6000_items_takes_well_under_a_second_and_stays_small(tmp_path_factory, tmp_path):
    name, fill = SITE_5K
    project = built_once(tmp_path_factory, name, fill)
    site = load_site(project.root)
    pages = plan_pages(site)
    started = time.process_time()
    folder = build_search_index(site, tmp_path / "site", pages)
    seconds = time.process_time() - started
    record_measurement("search index of 6,000 items: CPU seconds to write", round(seconds, 3))
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["count"] == 6000 and meta["chunk"] == CHUNK
    assert seconds < 2.0, f"writing the search index took {seconds:.2f} s of CPU"
    assert max(p.stat().st_size for p in folder.iterdir()) < 200_000
    found = search(folder, "wigan")
    assert found and all("Wigan" in r["title"] + r["detail"] for r in found)


def first_search(project, query: str) -> tuple[int, int, str, list[str]]:
    """(bytes for the search page and the search, results shown, a breakdown, index files) for one fresh visitor."""
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
    fetched = [u.split("?")[0].rsplit("/", 1)[-1] for u in traffic.requests if f"/{FOLDER}/" in u]
    return traffic.compressed_bytes(), found, traffic.report(), fetched


@pytest.mark.browser
@pytest.mark.parametrize("size", [SITE_1K, SITE_5K], ids=["1k-items", "5k-items"])
def test_first_search_downloads_under_300_kb(tmp_path_factory, size):
    name, fill = size
    project = built_once(tmp_path_factory, name, fill)
    assert (project.site_dir / FOLDER / "meta.json").is_file(), (
        "no search index: the wla plugin's on_post_build must call wla_site.render.search.build_search_index")
    total, found, report, fetched = first_search(project, "Wigan")
    record_measurement(f"first search for a town, {name} (bytes, gzip)", total)
    assert 0 < found <= 20, "the first 20 results at most are shown"
    assert fetched[:2] == ["meta.json", "t-wi.json"] and "f-region.json" not in fetched
    assert all(f.startswith("d-") for f in fetched[2:])
    assert total < LIMIT, f"a first search downloads {total:,} bytes (gzip):\n{report}"

"""Long lists come in pages of 50 (issue 15, "Light at any size").

The case studies, the events, the directory, each region's and theme's case
studies and a region's providers are split into pages: the first at the
list's own address, then `page/2/` on, each canonical to itself, with a pager
that works without JavaScript. These tests plan and render small projects
without MkDocs; `test_page_weight.py` builds sites of 5,000 items and
measures them, and the tests at the end here look at those sites.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from lxml import html
from wla_site.content.kinds import CASE_STUDY
from wla_site.content.site import Site, load_site
from wla_site.plan import GeneratedPage, plan_pages
from wla_site.render.pages import FILTER_INDEXES, PageRenderer, filter_index

from tests.browser import SITE_5K, SITE_5K_STORIES, built_once
from tests.conftest import REPO

TODAY = date(2026, 11, 24)


def planned(site: Site) -> dict[str, GeneratedPage]:
    return {page.url: page for page in plan_pages(site)}


def rendered(site: Site, page: GeneratedPage) -> Any:
    return html.fromstring(f"<main>{PageRenderer(site).render(page)}</main>")


def titles(tree: Any, selector: str = "li.wla-card") -> list[str]:
    return [" ".join(a.text_content().split()) for a in tree.cssselect(f"{selector} .wla-card__title a")]


def resolve(page: GeneratedPage, href: str) -> str:
    """A link written on `page`, as an address from the site root."""
    parts = page.url.strip("/").split("/") if page.url.strip("/") else []
    for part in href.split("#")[0].split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts) + "/" if parts else ""


def stories(project: Any, count: int, **fields: Any) -> None:
    for n in range(count):
        project.case_study(f"story-{n:03d}", title=f"Story {n:03d}", date=f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                           **fields)


# --- the plan -----------------------------------------------------------------------------------


def test_the_sample_site_is_not_split():
    pages = plan_pages(load_site(REPO, today=TODAY))
    assert [p.url for p in pages if p.series is not None and p.series.count > 1] == []
    assert not [p.url for p in pages if "/page/" in p.url]


def test_a_listing_of_more_than_fifty_is_split_into_pages_of_fifty(project):
    stories(project, 120)
    site = load_site(project.root, today=TODAY)
    pages = planned(site)
    listing = [pages[url] for url in ("case-studies/", "case-studies/page/2/", "case-studies/page/3/")]
    assert "case-studies/page/4/" not in pages and "case-studies/page/1/" not in pages
    assert [p.title for p in listing] == ["Case studies", "Case studies, page 2 of 3", "Case studies, page 3 of 3"]
    assert [p.src_uri for p in listing] == ["case-studies/index.md", "case-studies/page/2/index.md",
                                            "case-studies/page/3/index.md"]

    shown = [titles(rendered(site, page), "[data-wla-list] > li") for page in listing]
    assert [len(s) for s in shown] == [50, 50, 20]
    assert sum(shown, []) == [case.title for case in site.case_studies], "every story once, newest first"

    last = rendered(site, listing[2])
    assert last.cssselect("h2#all .wla-count")[0].text_content() == "(120; 101 to 120 on this page)"
    assert not last.cssselect("a[rel=next]")
    assert resolve(listing[2], last.cssselect("a[rel=prev]")[0].get("href")) == "case-studies/page/2/"
    assert [a.text_content().strip() for a in last.cssselect("a[aria-current=page]")] == ["Page 3"]
    for link in last.cssselect("[data-wla-pager] a"):
        assert resolve(listing[2], link.get("href")) in pages

    first = rendered(site, listing[0])
    assert not first.cssselect("a[rel=prev]")
    assert resolve(listing[0], first.cssselect("a[rel=next]")[0].get("href")) == "case-studies/page/2/"
    form = first.cssselect("form.wla-filter")[0]
    assert form.get("data-index") == "index.json" and form.get("data-total") == "120"
    assert form.get("data-item") == "{slug}/"
    assert rendered(site, listing[1]).cssselect("form.wla-filter")[0].get("data-item") == "../../../case-studies/{slug}/"


def test_a_listing_of_fifty_or_fewer_is_one_page_without_a_pager_or_an_index(project):
    stories(project, 50)
    site = load_site(project.root, today=TODAY)
    pages = planned(site)
    assert "case-studies/page/2/" not in pages
    tree = rendered(site, pages["case-studies/"])
    assert not tree.cssselect("[data-wla-pager]")
    assert tree.cssselect("form.wla-filter")[0].get("data-index") is None
    assert tree.cssselect("h2#all .wla-count")[0].text_content() == "(50)"


def test_a_region_keeps_its_events_and_providers_on_its_first_page(project):
    stories(project, 60, organisation={"name": "Example Bakery", "sector": "agriculture-and-food",
                                       "region": "north-west"}, themes=["peer-learning"])
    for n in range(55):
        project.provider(f"provider-{n:02d}", name=f"Provider {n:02d}")
    project.event("meeting", start="2026-12-01T10:00", end="2026-12-01T12:00")
    site = load_site(project.root, today=TODAY)
    pages = planned(site)
    first, second = pages["regions/north-west/"], pages["regions/north-west/page/2/"]
    assert "regions/north-west/page/3/" not in pages and "regions/wales/page/2/" not in pages
    assert (first.title, second.title) == ("North West", "North West, page 2 of 2")

    tree = rendered(site, first)
    assert len(tree.cssselect("h2#case-studies + ul > li")) == 50
    assert tree.cssselect("h2#case-studies .wla-count")[0].text_content() == "(60; 1 to 50 on this page)"
    assert titles(tree, "h2#events + ul > li") == ["WLA information session"]
    assert len(tree.cssselect("h2#providers + ul > li")) == 50
    assert tree.cssselect("h2#providers .wla-count")[0].text_content() == "(55)"
    more = tree.xpath("//a[starts-with(., 'All 55 learning providers in North West')]")
    assert [resolve(first, a.get("href")) for a in more] == ["regions/north-west/providers/"]
    assert resolve(first, tree.cssselect("a[rel=next]")[0].get("href")) == "regions/north-west/page/2/"

    tree = rendered(site, second)
    assert len(tree.cssselect("h2#case-studies + ul > li")) == 10
    assert not tree.cssselect("h2#events, h2#providers")
    back = tree.xpath("//a[. = 'its first page']")
    assert [resolve(second, a.get("href")) for a in back] == ["regions/north-west/"]

    providers = [pages["regions/north-west/providers/"], pages["regions/north-west/providers/page/2/"]]
    assert [p.title for p in providers] == ["Learning providers in North West",
                                            "Learning providers in North West, page 2 of 2"]
    shown = [titles(rendered(site, page)) for page in providers]
    assert [len(s) for s in shown] == [50, 5]
    assert sum(shown, []) == [p.name for p in site.providers_for_region("north-west")]
    assert "regions/wales/providers/" not in pages, "a region whose page lists all its providers has no list of them"


def test_a_theme_keeps_its_events_and_resources_on_its_first_page(project):
    stories(project, 51, themes=["peer-learning"])
    site = load_site(project.root, today=TODAY)
    pages = planned(site)
    first, second = pages["themes/peer-learning/"], pages["themes/peer-learning/page/2/"]
    assert second.title == "Peer learning, page 2 of 2"
    assert rendered(site, first).cssselect("h2#events")
    tree = rendered(site, second)
    assert len(tree.cssselect("h2#case-studies + ul > li")) == 1 and not tree.cssselect("h2#events")
    assert tree.cssselect("h2#case-studies .wla-count")[0].text_content() == "(51; 51 to 51 on this page)"


def test_events_come_upcoming_first_then_past_by_year_across_pages(project):
    for n in range(30):
        project.event(f"coming-{n:02d}", title=f"Coming {n:02d}", start=f"2027-01-{n + 1:02d}T10:00",
                      end=f"2027-01-{n + 1:02d}T12:00")
    for n in range(45):
        year = 2025 if n < 25 else 2024
        project.event(f"past-{n:02d}", title=f"Past {n:02d}", start=f"{year}-03-{n % 28 + 1:02d}T10:00",
                      end=f"{year}-03-{n % 28 + 1:02d}T12:00")
    site = load_site(project.root, today=TODAY)
    pages = planned(site)
    first, second = pages["events/"], pages["events/page/2/"]
    assert "events/page/3/" not in pages

    tree = rendered(site, first)
    assert len(tree.cssselect("h2#upcoming + ul > li")) == 30
    assert tree.cssselect("h2#upcoming .wla-count")[0].text_content() == "(30)"
    assert [h.text_content() for h in tree.cssselect("h3[id^=past-]")] == ["2025"]
    years = {a.text_content(): a.get("href") for a in tree.cssselect("nav[aria-label='Past events by year'] a")}
    assert years == {"2025": "#past-2025", "2024": "page/2/#past-2024"}

    later = rendered(site, second)
    assert not later.cssselect("h2#upcoming")
    assert [h.text_content() for h in later.cssselect("h3[id^=past-]")] == ["2025", "2024"]
    assert {a.text_content(): a.get("href") for a in later.cssselect("nav[aria-label='Past events by year'] a")} == {
        "2025": "../../../events/#past-2025", "2024": "#past-2024"}
    shown = titles(tree) + titles(later)
    assert shown == [e.title for e in site.upcoming_events()] + [e.title for e in site.past]


def test_events_with_nothing_past_say_so_on_their_only_page(project):
    project.event("meeting", start="2026-12-01T10:00", end="2026-12-01T12:00")
    site = load_site(project.root, today=TODAY)
    tree = rendered(site, planned(site)["events/"])
    assert tree.xpath("//h2[@id='past']/following-sibling::p[1]")[0].text_content() == "No past events yet."
    assert not tree.cssselect("[data-wla-pager]")


def test_the_case_studies_filter_index_holds_every_story_compactly(project):
    stories(project, 3, themes=["peer-learning", "digital-skills"])
    site = load_site(project.root, today=TODAY)
    index = filter_index(site, FILTER_INDEXES[CASE_STUDY.name])
    assert index["fields"] == ["slug", "title", "badge", "meta", "note", "region", "theme", "sector"]
    assert index["chips"]["field"] == "theme" and index["chips"]["title"] == "Themes"
    assert [row[0] for row in index["items"]] == [c.slug for c in site.case_studies]
    row, case = index["items"][0], site.case_studies[0]
    assert row[1:5] == [case.title, "", f"Example Bakery · North West · {case.date.day} {case.date:%B %Y}", ""]
    keys = index["keys"]
    assert [keys["region"][i] for i in row[5]] == ["north-west"]
    assert [index["chips"]["labels"][i] for i in row[6]] == [site.label("themes", t) for t in case.themes]
    assert [keys["sector"][i] for i in row[7]] == ["agriculture-and-food"]


# --- sites of 5,000 items ------------------------------------------------------------------------


def page_file(site_dir: Path, url: str) -> Path:
    return site_dir / url / "index.html"


def parse(site_dir: Path, url: str) -> Any:
    return html.fromstring(page_file(site_dir, url).read_bytes())


def linked(url: str, href: str) -> str:
    return resolve(GeneratedPage(url + "index.md", "", "", "", ""), href)


def walk(site_dir: Path, start: str, limit: int = 200) -> list[str]:
    """Every page of a series, by following rel=next from its first page without JavaScript."""
    seen = [start]
    for _ in range(limit):
        following = parse(site_dir, seen[-1]).cssselect("a[rel=next]")
        if not following:
            return seen
        seen.append(linked(seen[-1], following[0].get("href")))
    raise AssertionError(f"{start} has more than {limit} pages")


@pytest.fixture(scope="module")
def stories_5k(tmp_path_factory: pytest.TempPathFactory) -> Any:
    name, fill = SITE_5K_STORIES
    return built_once(tmp_path_factory, name, fill)


@pytest.fixture(scope="module")
def providers_5k(tmp_path_factory: pytest.TempPathFactory) -> Any:
    name, fill = SITE_5K
    return built_once(tmp_path_factory, name, fill)


@pytest.mark.browser
@pytest.mark.parametrize(("big", "series"), [
    ("stories_5k", "case-studies/"),
    ("stories_5k", "events/"),
    ("stories_5k", "regions/north-west/"),
    ("stories_5k", "themes/peer-learning/"),
    ("providers_5k", "providers/"),
    ("providers_5k", "regions/north-west/providers/"),
])
def test_every_series_at_5000_items_is_whole_and_canonical_page_by_page(request, big, series):
    check_series(request.getfixturevalue(big).site_dir, series)


def check_series(site_dir: Path, series: str) -> None:
    pages = walk(site_dir, series)
    assert len(pages) > 2, f"{series} should have several pages at 5,000 items"
    first_title = parse(site_dir, series).findtext(".//title")
    for number, url in enumerate(pages, start=1):
        tree = parse(site_dir, url)
        assert url == (series if number == 1 else f"{series}page/{number}/")
        canonical = tree.cssselect("link[rel=canonical]")[0].get("href")
        assert canonical.endswith("/" + url), f"{url} is canonical to {canonical}"
        pager = {link.get("rel"): linked(url, link.get("href")) for link in tree.cssselect("a[rel=prev], a[rel=next]")}
        neighbours = {"prev": pages[number - 2] if number > 1 else None,
                      "next": pages[number] if number < len(pages) else None}
        assert pager == {rel: address for rel, address in neighbours.items() if address is not None}
        for link in tree.cssselect("[data-wla-pager] a"):
            assert page_file(site_dir, linked(url, link.get("href"))).is_file(), link.get("href")
        title = tree.findtext(".//title")
        if number > 1:
            assert title.startswith(f"{first_title.split(' - ')[0]}, page {number} of {len(pages)}"), title
        cards = tree.cssselect("main li.wla-card")
        assert cards, f"{url} lists nothing"


@pytest.mark.browser
def test_the_pages_of_each_series_are_valid_html(stories_5k, providers_5k):
    from tests.test_html_valid import vnu_command, vnu_errors

    command = vnu_command()
    pages = [stories_5k.site_dir / url / "index.html" for url in (
        "case-studies/", "case-studies/page/2/", "case-studies/page/100/", "events/", "events/page/2/",
        "events/page/20/", "regions/north-west/", "regions/north-west/page/2/", "themes/peer-learning/page/2/")]
    pages += [providers_5k.site_dir / url / "index.html" for url in (
        "providers/page/2/", "regions/north-west/", "regions/north-west/providers/",
        "regions/north-west/providers/page/2/")]
    errors = vnu_errors(command, pages)
    assert not errors, "\n".join(errors[:40])


@pytest.mark.browser
def test_search_and_the_sitemap_hold_each_item_once(stories_5k):
    site_dir = stories_5k.site_dir
    meta = json.loads((site_dir / "search-index/meta.json").read_text())
    docs = [doc for path in sorted((site_dir / "search-index").glob("d-*.json"))
            for doc in json.loads(path.read_text())]
    assert len(docs) == meta["count"]
    addresses = [doc[1] for doc in docs]
    assert len(addresses) == len(set(addresses)), "an item is in search twice"
    assert not [a for a in addresses if "/page/" in a], "a later page of a list is in search"
    sitemap = re.findall(r"<loc>([^<]+)</loc>", (site_dir / "sitemap.xml").read_text())
    assert len(sitemap) == len(set(sitemap))
    assert any(loc.endswith("/case-studies/page/2/") for loc in sitemap)


@pytest.mark.browser
def test_the_case_study_filters_find_stories_beyond_the_first_page(stories_5k, browser):
    from wla_site.content.site import load_site

    from tests.browser import Traffic, serve

    site = load_site(stories_5k.root)
    on_first_page = {case.slug for case in site.case_studies[:50]}
    expected = [case for case in site.case_studies if case.organisation.region == "wales"
                and "digital-skills" in case.themes]
    assert any(case.slug not in on_first_page for case in expected[:50])
    with serve(stories_5k.site_dir) as origin:
        context = browser.new_context()
        page = context.new_page()
        traffic = Traffic().watch(page)
        page.goto(origin + "case-studies/", wait_until="load")
        page.select_option("#wla-filter-region", "wales")
        page.select_option("#wla-filter-theme", "digital-skills")
        page.wait_for_function("document.querySelector('[data-wla-status]').textContent.includes('that match')")
        status = page.locator("[data-wla-status]").text_content()
        assert status == (f"Showing 50 of {len(expected)} case studies that match." if len(expected) > 50
                          else f"Showing {len(expected)} case studies that match.")
        shown = page.locator("[data-wla-list] > li")
        names = [" ".join(t.split()) for t in shown.locator("h3 a").all_text_contents()]
        assert names == [case.title for case in expected[:50]]
        beyond = next(n for n, case in enumerate(expected[:50]) if case.slug not in on_first_page)
        assert shown.nth(beyond).locator("a").evaluate("a => a.href") == (
            f"{origin}case-studies/{expected[beyond].slug}/")
        assert shown.nth(beyond).locator(".wla-chip").all_text_contents() == [
            site.label("themes", theme) for theme in expected[beyond].themes]
        assert page.locator("[data-wla-pager]").is_hidden()
        assert any(u.endswith("case-studies/index.json") for u in traffic.requests)
        assert "region=wales" in page.url and "theme=digital-skills" in page.url
        page.select_option("#wla-filter-theme", "")
        wales = [case for case in site.case_studies if case.organisation.region == "wales"]
        page.wait_for_function(f"document.querySelector('[data-wla-status]').textContent.includes('of {len(wales)}')")
        page.locator("button", has_text="Show more case studies").click()
        assert shown.count() == 100
        assert shown.nth(99).locator("h3 a").text_content().strip() == wales[99].title
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize(("big", "url"), [
    ("stories_5k", "events/"),
    ("stories_5k", "regions/north-west/page/2/"),
    ("providers_5k", "regions/north-west/providers/page/2/"),
])
def test_axe_finds_nothing_on_the_parts_only_long_lists_have(request, browser, big, url):
    """The events' first page with only the years of the past ones, a region's later page, a region's providers."""
    from tests.browser import serve
    from tests.test_browser import axe_violations

    with serve(request.getfixturevalue(big).site_dir) as origin:
        context = browser.new_context(reduced_motion="reduce")
        page = context.new_page()
        page.goto(origin + url, wait_until="load")
        problems = axe_violations(page)
        context.close()
    assert not problems, "\n".join(problems)
